"""The GAN lab's "show code": a standalone script (numpy, torch, scipy, scikit-learn, plotly)
that regenerates the page's data, repeats its training run draw for draw and plots the result.

The script makes the same random draws in the same order as
:class:`~playground.gan.model.GanTrainer` (one ``torch.Generator`` for initial weights, batches
and noise), so after the same number of steps it holds the same networks as the page; a test
checks this.
"""

from __future__ import annotations

from playground.gan.data import RING_RADIUS, RING_STD, DataParams
from playground.gan.model import GanParams

_INNER_SEEDS = ("inner = np.random.default_rng(int(rng.integers(2**31 - 1)))"
                "  # the page's seed chain")

_DATA = {
    "ring8": '''angles = 2 * np.pi * rng.integers(8, size=N) / 8  # a ring of 8 Gaussians
X = {radius!r} * np.column_stack([np.cos(angles), np.sin(angles)])
X = X + rng.normal(scale={std!r}, size=(N, 2))''',
    "line": '''t = rng.uniform(-1.0, 1.0, size=N)
X = np.column_stack([1.4 * t, 0.7 * t]) + rng.normal(scale=0.02, size=(N, 2))''',
    "gaussian": "X = rng.normal(size=(N, 2)) @ np.array([[0.5, 0.2], [0.0, 0.3]]) + [0.5, -0.3]",
    "moons": f'''from sklearn.datasets import make_moons

{_INNER_SEEDS}
X = make_moons(N, noise=0.0, random_state=int(inner.integers(2**31 - 1)))[0] - [0.5, 0.25]
X = X + rng.normal(scale=0.05, size=X.shape)''',
    "circles": f'''from sklearn.datasets import make_circles

{_INNER_SEEDS}
X = make_circles(N, noise=0.0, factor=0.5, random_state=int(inner.integers(2**31 - 1)))[0]
X = X + rng.normal(scale=0.05, size=X.shape)''',
    "spiral": f'''{_INNER_SEEDS}
turn = np.sqrt(inner.uniform(0.0, 1.0, size=N)) * 3 * np.pi  # two arms, half a turn apart
angle = turn + np.pi * (np.arange(N) % 2)
X = np.column_stack([np.cos(angle), np.sin(angle)]) * (turn / (3 * np.pi))[:, None]
X = X + inner.normal(scale=0.0, size=X.shape) + rng.normal(scale=0.05, size=X.shape)''',
    "swissroll": '''from sklearn.datasets import make_swiss_roll

X = make_swiss_roll(N, noise=0.0, random_state=int(rng.integers(2**31 - 1)))[0][:, [0, 2]] / 7.0
X = X + rng.normal(scale=0.05, size=X.shape)''',
    "draw": '''import pandas as pd

table = pd.read_csv("gan-points.csv")  # the page's download
X = table.loc[table["label"] == "real", ["x", "y"]].to_numpy(float)''',
}

_G_LOSS = {
    "minimax": "-F.softplus(D(fake)).mean()  # minimax: mean log(1 - D(G(z)))",
    "nonsaturating": "F.softplus(-D(fake)).mean()  # non-saturating: mean -log D(G(z))",
    "r1": "F.softplus(-D(fake)).mean()  # non-saturating: mean -log D(G(z))",
}

_OPTIMISER = {"adam": "torch.optim.Adam(net.parameters(), lr=lr, betas=(0.5, 0.999), fused=True)",
              "rmsprop": "torch.optim.RMSprop(net.parameters(), lr=lr)",
              "sgd": "torch.optim.SGD(net.parameters(), lr=lr)"}


def code_snippet(data: DataParams, gan: GanParams, n_steps: int | None = None) -> str:
    """Python that trains a GAN with ``gan`` on ``data`` for ``n_steps`` steps (default: the
    budget of Play), prints its quality and plots D's opinion, the real and the fake points."""
    p = gan
    steps = p.n_steps if n_steps is None else n_steps
    make = _DATA[data.name].format(radius=RING_RADIUS, std=RING_STD)
    r1 = ("\n        real.requires_grad_(True)\n"
          "        (grad,) = torch.autograd.grad(D(real).sum(), real, create_graph=True)\n"
          f"        d_total = d_loss + {p.r1_gamma / 2!r} * grad.pow(2).sum(1).mean()  # R1"
          ) if p.loss == "r1" else "\n        d_total = d_loss"
    return f'''import math

import numpy as np
import plotly.graph_objects as go
import torch
from scipy.spatial.distance import cdist
from torch import nn
from torch.nn import functional as F

SEED, N = {data.seed}, {data.n_samples}
rng = np.random.default_rng(SEED)
{make}
X_t = torch.as_tensor(X, dtype=torch.float32)
centre = X_t.mean(dim=0)
scale = float(torch.sqrt(((X_t - centre) ** 2).mean()))  # the data's spread
gen = torch.Generator().manual_seed(SEED)  # every draw below comes from here


def mlp(n_in, n_out, hidden={p.hidden}):
    net = nn.Sequential(nn.Linear(n_in, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, hidden),
                        nn.LeakyReLU(0.2), nn.Linear(hidden, hidden), nn.LeakyReLU(0.2),
                        nn.Linear(hidden, n_out))
    for layer in net:  # PyTorch's default initialisation, drawn from our generator
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=gen)
            bound = 1 / math.sqrt(layer.in_features)
            nn.init.uniform_(layer.bias, -bound, bound, generator=gen)
    return net


G_net, D_net = mlp({p.noise_dim}, 2), mlp(2, 1)
G = lambda z: centre + scale * G_net(z)  # noise -> point
D = lambda x: D_net((x - centre) / scale).squeeze(-1)  # point -> logit; D(x) = sigmoid(logit)
opt_g = (lambda net, lr: {_OPTIMISER[p.optimiser]})(G_net, {p.lr_g!r})
opt_d = (lambda net, lr: {_OPTIMISER[p.optimiser]})(D_net, {p.lr_d!r})

for step in range({steps}):
    for _ in range({p.d_steps}):  # move 1, update D: real -> 1, fake -> 0
        real = X_t[torch.randint(len(X_t), ({p.batch_size},), generator=gen)]
        with torch.no_grad():
            fake = G(torch.randn(({p.batch_size}, {p.noise_dim}), generator=gen))
        d_loss = F.softplus(-D(real)).mean() + F.softplus(D(fake)).mean(){r1}
        opt_d.zero_grad(); d_total.backward(); opt_d.step()
    fake = G(torch.randn(({p.batch_size}, {p.noise_dim}), generator=gen))  # move 2, update G
    g_loss = {_G_LOSS[p.loss]}
    opt_g.zero_grad(); g_loss.backward(); opt_g.step()

with torch.no_grad():
    z = torch.randn((1000, {p.noise_dim}), generator=torch.Generator().manual_seed(12345))
    samples = G(z).numpy().astype(float)
energy = 2 * cdist(samples, X).mean() - cdist(samples, samples).mean() - cdist(X, X).mean()
energy = energy / scale  # in units of the data's spread
print(f"energy distance to the data: {{energy:.4f}} (in units of the data's spread)")

xs = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 60)
ys = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 60)
grid = torch.as_tensor(np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2), dtype=torch.float32)
with torch.no_grad():
    heat = torch.sigmoid(D(grid)).numpy().reshape(60, 60)  # D's opinion over the plane
fig = go.Figure([go.Heatmap(x=xs, y=ys, z=heat, zmin=0, zmax=1, colorscale="PRGn"),
                 go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name="real"),
                 go.Scatter(x=samples[:, 0], y=samples[:, 1], mode="markers", name="fake")])
fig.update_yaxes(scaleanchor="x")
fig.show()
'''
