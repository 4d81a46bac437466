"""The chapter's ``Net`` listing (§1.1.3, "3. 构建神经网络"), exactly as printed, and a way
to run it here and show what it prints next to what the book prints.

The book prints no output for this listing (its last line is ``print(net)`` with no result
underneath), so the page says so rather than inventing one. The listing is run with its own
``print`` so that concurrent sessions of a server never share ``sys.stdout``.
"""

from __future__ import annotations

from functools import lru_cache

from playground.chapter import run_printed

# Copied character for character from the chapter; tests/test_cnn.py checks it against the
# chapter file when that is present.
LISTING = '''\
import torch
import torch.nn as nn
import torch.nn.functional as F

class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        # 包含1个输入图像通道、6个输出通道的3×3的卷积核
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        # 仿射变换: y=Wx+b
        self.fc1 = nn.Linear(16 * 6 * 6, 120)  # 6*6来自图像维度
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        # 最大池化窗口（2，2）
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # 除了批量维度以外展平所有维度
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
print(net)
'''

# What the chapter shows under the listing: nothing.
BOOK_OUTPUT: str | None = None


@lru_cache(maxsize=1)
def run_listing() -> str:
    """Run :data:`LISTING` in a fresh namespace and return what it printed (an exception is
    raised again: this listing runs on every install of the app)."""
    printed, error = run_printed(LISTING, "<chapter 1.1.3>")
    if error is not None:
        raise RuntimeError(f"the chapter's Net listing failed: {error}")
    return printed
