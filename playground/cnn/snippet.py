"""The "show code" of the CNN view: a script that trains the chapter's Net on the digits with the
current settings and prints the test accuracy, using only torch and scikit-learn."""

from __future__ import annotations

from playground.cnn.data import MEAN, STD
from playground.cnn.model import SGD_MOMENTUM, TrainParams

TEMPLATE = '''\
# The chapter's Net (section 1.1.3) trained on scikit-learn's 8x8 digits, enlarged to 32x32.
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)  # small network: one thread is as fast and leaves the other core free


class Net(nn.Module):  # the chapter's listing
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        self.fc1 = nn.Linear(16 * 6 * 6, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def upscale(images):  # (n, 8, 8) with intensities 0-16 -> (n, 1, 32, 32), standardised
    x = torch.as_tensor(images / 16.0, dtype=torch.float32)[:, None]
    x = F.interpolate(x, size=32, mode="bilinear", align_corners=False)
    return (x - {mean}) / {std}


digits = load_digits()
train, test = train_test_split(range(len(digits.target)), test_size={test_fraction},
                               random_state={seed}, stratify=digits.target)
X_train, y_train = upscale(digits.images[train]), torch.as_tensor(digits.target[train])
X_test, y_test = upscale(digits.images[test]), torch.as_tensor(digits.target[test])

generator = torch.Generator().manual_seed({seed})  # initial weights and batch order
net = Net()
with torch.no_grad():  # PyTorch's default initialisation, drawn from our generator
    for layer in (net.conv1, net.conv2, net.fc1, net.fc2, net.fc3):
        nn.init.kaiming_uniform_(layer.weight, a=5 ** 0.5, generator=generator)
        bound = 1 / nn.init._calculate_fan_in_and_fan_out(layer.weight)[0] ** 0.5
        nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
optimiser = {optimiser}

for epoch in range({epochs}):
    net.train()
    order = torch.randperm(len(y_train), generator=generator)
    for start in range(0, len(order), {batch_size}):
        batch = order[start:start + {batch_size}]
        loss = F.cross_entropy(net(X_train[batch]), y_train[batch])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    net.eval()
    with torch.no_grad():
        accuracy = (net(X_test).argmax(1) == y_test).float().mean().item()
    print(f"epoch {{epoch + 1}}: test accuracy {{accuracy:.1%}}")
'''


def code_snippet(params: TrainParams) -> str:
    """Runnable Python that trains the same network as the view (same seed, same numbers)."""
    if params.optimiser == "adam":
        optimiser = f"torch.optim.Adam(net.parameters(), lr={params.lr:g})"
    else:
        optimiser = (f"torch.optim.SGD(net.parameters(), lr={params.lr:g}, "
                     f"momentum={SGD_MOMENTUM})")
    return TEMPLATE.format(mean=MEAN, std=STD, test_fraction=params.test_fraction,
                           seed=params.seed, optimiser=optimiser, epochs=params.epochs,
                           batch_size=params.batch_size)
