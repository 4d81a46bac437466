"""The GAN digits page's "show code": standalone Python reproducing the current view.

The GAN half uses public libraries only (torch, safetensors, NumPy, scikit-learn, plotly) and
reads the bundled weights by their absolute path, so it runs from any directory. The diffusion
half samples the bundled diffusion model through this repository's diffusion backend (a
sampler is the lesson of that page, not of this one), added to ``sys.path`` by absolute path.
"""

from __future__ import annotations

from pathlib import Path

from playground.gan_digits.model import BUNDLED_FILE, GanConfig
from playground.gan_digits.views import ViewParams

REPO_ROOT = Path(__file__).resolve().parents[2]


def code_snippet(params: ViewParams, config: GanConfig = GanConfig(),
                 weights: Path = BUNDLED_FILE) -> str:
    """Python that draws the grid, walks from digit ``start`` to ``end``, scores both with the
    reference classifier and compares with the diffusion model, as the page does."""
    p = params
    layers = []
    width = config.noise_dim
    for _ in range(config.depth):
        layers.append(f"nn.Linear({width}, {config.hidden}), nn.LeakyReLU(0.2)")
        width = config.hidden
    layers.append(f"nn.Linear({width}, {config.image_dim}), nn.Tanh()")
    network = ",\n    ".join(layers)
    return f'''import sys
import time

import numpy as np
import plotly.express as px
import torch
from safetensors.torch import load_file
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from torch import nn

# 1. The bundled generator: noise z ({config.noise_dim} numbers) -> 64 pixels in [-1, 1].
generator = nn.Sequential(
    {network},
)
state = load_file({str(weights)!r})  # scripts/train_gan_digits.py
generator.load_state_dict({{k.removeprefix("net."): v for k, v in state.items()}})
generator.eval()


def draw(z):
    with torch.inference_mode():  # one forward pass, whatever the number of digits
        return generator(torch.as_tensor(z, dtype=torch.float32)).numpy()


def show(images, **kwargs):
    ink = np.clip((images + 1) * 8, 0, 16).reshape(-1, 8, 8)  # [-1, 1] -> ink 0..16
    px.imshow(ink, facet_col=0, color_continuous_scale="gray_r", **kwargs).show()


# 2. A grid of {p.count} digits from seed {p.seed} (row i of the noise depends only on seed and i).
z = np.random.default_rng({p.seed}).standard_normal(({max(p.count, p.start, p.end)}, {config.noise_dim}))
started = time.perf_counter()
grid = draw(z[:{p.count}])
print(f"GAN: {p.count} digits in {{(time.perf_counter() - started) * 1000:.1f}} ms")
show(grid, facet_col_wrap=16)

# 3. A walk from digit {p.start} to digit {p.end} ({p.path}, {p.frames} frames).
a, b = z[{p.start - 1}], z[{p.end - 1}]
s = np.linspace(0, 1, {p.frames})[:, None]
''' + ('''omega = np.arccos(np.clip(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)), -1, 1))
path = (np.sin((1 - s) * omega) * a + np.sin(s * omega) * b) / np.sin(omega)  # slerp
''' if p.path == "slerp" and p.start != p.end else '''path = (1 - s) * a + s * b  # straight line
''') + f'''show(draw(path), facet_col_wrap={p.frames})

# 4. The reference classifier: logistic regression on two thirds of the real digits.
digits = load_digits()
X = (digits.data / 8 - 1).astype(np.float32)
X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=1 / 3,
                                                    stratify=digits.target, random_state=0)
classifier = LogisticRegression(max_iter=3000).fit(X_train, y_train)


def report(name, images):
    proba = classifier.predict_proba(images)
    counts = np.bincount(proba.argmax(1), minlength=10)
    print(f"{{name}}: confidence {{proba.max(1).mean():.1%}}, digits {{counts.tolist()}}")


report("GAN", grid)

# 5. The same number of digits from the bundled diffusion model ({p.sampler.upper()}, {p.diffusion_steps} steps).
sys.path.insert(0, {str(REPO_ROOT)!r})
from playground.diffusion_digits import model as diff  # noqa: E402

diffusion = diff.load_bundled("digits")
started = time.perf_counter()
result = diff.generate(diffusion, {p.count}, method="{p.sampler}", n_steps={p.diffusion_steps}, seed={p.seed})
print(f"diffusion: {p.count} digits in {{(time.perf_counter() - started) * 1000:.1f}} ms")
report("diffusion", np.clip(result.samples, -1, 1))
report("real (held out)", X_test[np.random.default_rng({p.seed}).choice(len(X_test), {p.count}, replace=False)])
'''
