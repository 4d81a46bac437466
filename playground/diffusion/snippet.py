""""Show code" of the diffusion pages: standalone scripts that redo the current view.

They use public libraries only (NumPy, PyTorch, scikit-learn, SciPy, plotly; safetensors for a
bundled model, read by its absolute path), so they run from any directory. :data:`CORE` is the
whole method in about a hundred lines: the noise schedule, the denoiser and the reverse process,
written to give the same numbers as :mod:`playground.diffusion` (a test checks it), which splits
the same steps into modules with docstrings and checks.
"""

from __future__ import annotations

from playground.diffusion.data import PointsParams, points_code
from playground.diffusion.model import BUNDLED_DIR, bundled_file
from playground.diffusion.schedule import ScheduleParams
from playground.diffusion.training import TrainParams

def header(*imports: str) -> str:
    """The script's imports (``imports`` go between NumPy and PyTorch) and its thread setting."""
    return "\n".join(["import json", "import math", "", "import numpy as np", *imports,
                      "import torch", "from torch import nn", "",
                      "torch.set_num_threads(1)  # tiny networks: one thread beats two that "
                      "must keep in step", ""])


CORE = '''
# --- 1. The noise schedule: how much of the data is left after each of T steps ---------------
class Schedule:
    def __init__(self, kind, T):
        s = np.arange(T + 1) / T  # continuous time, so that every T samples the same curve
        if kind == "linear":  # continuous-time limit of DDPM's β = 1e-4 .. 0.02, not its list
            bar = np.exp(-(0.1 * s + 0.5 * (20.0 - 0.1) * s**2))
        else:  # cosine (Nichol & Dhariwal 2021)
            f = np.cos((s + 0.008) / 1.008 * np.pi / 2) ** 2
            bar = f / f[0]
        betas = np.clip(1.0 - bar[1:] / bar[:-1], 1e-8, 0.999)
        bar = np.cumprod(1.0 - betas)  # ᾱ_t for t = 0 .. T-1: the signal's share of the variance
        f32 = lambda values: torch.as_tensor(values, dtype=torch.float32)  # noqa: E731
        self.T, self.bar = T, f32(bar)
        self.sqrt_bar, self.sigma = f32(np.sqrt(bar)), f32(np.sqrt(1.0 - bar))  # σ_t: noise level
        self.recip, self.recipm1 = f32(np.sqrt(1.0 / bar)), f32(np.sqrt(1.0 / bar - 1.0))

    def timesteps(self, n):  # the steps a sampler visits, from T-1 down to 0
        return sorted({int(v) for v in np.linspace(self.T - 1, 0, min(n, self.T)).round()},
                      reverse=True)

    def step(self, eps, t, x, prev_t, method, generator, clip):
        """One reverse update from step t to prev_t (-1: the clean data)."""
        bar_t = self.bar[t]
        bar_prev = self.bar[prev_t] if prev_t >= 0 else torch.tensor(1.0)
        x0 = self.recip[t] * x - self.recipm1[t] * eps  # the clean sample this noise implies
        if clip is not None:  # keep x̂_0 within the data's range, and ε consistent with it
            x0 = x0.clamp(-clip, clip)
            eps = (x - bar_t.sqrt() * x0) / (1 - bar_t).sqrt()
        if method == "ddim":  # DDIM (η = 0): rescale x̂_0 to the previous level, same noise back
            return bar_prev.sqrt() * x0 + (1 - bar_prev).sqrt() * eps
        beta = 1 - bar_t / bar_prev  # DDPM: the posterior q(x_prev | x_t, x̂_0) ...
        mean = ((bar_prev.sqrt() * beta / (1 - bar_t)) * x0
                + ((1 - beta).sqrt() * (1 - bar_prev) / (1 - bar_t)) * x)
        if prev_t < 0:
            return mean
        variance = (1 - bar_prev) / (1 - bar_t) * beta  # ... and a little fresh noise
        return mean + variance.sqrt() * torch.randn(x.shape, generator=generator)


# --- 2. The denoiser: guesses the noise in x from x and its noise level σ_t ------------------
def embed(level, size):  # sines and cosines of the noise level (as DDPM embeds step numbers)
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(size // 2) / (size // 2))
    angles = 1000.0 * level[:, None] * frequencies[None, :]
    return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class Block(nn.Module):
    def __init__(self, hidden, time_dim):
        super().__init__()
        self.norm, self.linear = nn.LayerNorm(hidden), nn.Linear(hidden, hidden)
        self.time, self.act = nn.Linear(time_dim, hidden), nn.SiLU()

    def forward(self, h, temb):
        return h + self.linear(self.act(self.norm(h) + self.time(temb)))


class Denoiser(nn.Module):
    def __init__(self, dim, hidden, depth, time_dim, generator=None):
        super().__init__()
        self.dim, self.time_dim = dim, time_dim
        self.time_mlp = nn.Sequential(nn.Linear(time_dim, time_dim), nn.SiLU())
        self.input = nn.Linear(dim + time_dim, hidden)
        self.blocks = nn.ModuleList(Block(hidden, time_dim) for _ in range(depth))
        self.output = nn.Sequential(nn.LayerNorm(hidden), nn.SiLU(), nn.Linear(hidden, dim))
        generator = generator or torch.Generator().manual_seed(0)
        for module in self.modules():  # PyTorch's default initialisation, from a seed
            if isinstance(module, nn.Linear):
                nn.init.kaiming_uniform_(module.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(module.in_features)
                nn.init.uniform_(module.bias, -bound, bound, generator=generator)

    def forward(self, x, level):
        temb = self.time_mlp(embed(level, self.time_dim))
        h = self.input(torch.cat([x, temb], dim=1))
        for block in self.blocks:
            h = block(h, temb)
        return self.output(h)


# --- 3. The reverse process: start from pure noise, remove a little of it at each step -------
@torch.inference_mode()
def sample(model, schedule, n, method, n_steps, seed, clip):
    """n samples in model space and the path of every one, (steps + 1, n, dim)."""
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn((n, model.dim), generator=generator)
    steps = schedule.timesteps(n_steps)
    path = [x.numpy().copy()]
    for i, t in enumerate(steps):
        eps = model(x, schedule.sigma[t].expand(n))  # guess the noise in x_t ...
        prev_t = steps[i + 1] if i + 1 < len(steps) else -1
        x = schedule.step(eps, t, x, prev_t, method, generator, clip)  # ... and remove part of it
        path.append(x.numpy().copy())
    return x.numpy(), np.stack(path)
'''

LOAD = '''
def load(path):
    """A model bundled with the playground: weights, and its data scaling in the metadata."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(path, framework="pt") as handle:
        meta = handle.metadata()
    model = Denoiser(**json.loads(meta["config"]))
    model.load_state_dict(load_file(path))
    mean = np.asarray(json.loads(meta["mean"]), np.float32)
    return model.eval(), mean, float(meta["scale"]), json.loads(meta["clip"])
'''

TRAIN = '''
def train(X, schedule, n_iterations, batch_size, learning_rate, seed):
    """Fit a denoiser with DDPM's simple loss (Ho et al. 2020, Algorithm 1)."""
    mean = X.mean(axis=0).astype(np.float32)
    scale = float(np.sqrt(((X - X.mean(axis=0)) ** 2).mean()))  # one scale keeps shapes round
    data = torch.as_tensor((np.asarray(X, np.float32) - mean) / scale)
    clip = round(1.1 * float(data.abs().max()), 4)  # the sampler keeps x̂_0 within the data
    generator = torch.Generator().manual_seed(seed)
    model = Denoiser(2, 64, 3, 32, generator)
    optimiser = torch.optim.Adam(model.parameters(), lr=learning_rate)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, n_iterations)
    for _ in range(n_iterations):
        # a batch of points, a random step for each, fresh noise; regress the guess onto it
        x0 = data[torch.randint(len(data), (batch_size,), generator=generator)]
        t = torch.randint(schedule.T, (batch_size,), generator=generator)
        noise = torch.randn(x0.shape, generator=generator)
        x_t = schedule.sqrt_bar[t][:, None] * x0 + schedule.sigma[t][:, None] * noise
        loss = torch.mean((model(x_t, schedule.sigma[t]) - noise) ** 2)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        decay.step()
    return model.eval(), mean, scale, clip
'''


def bundled_path(name: str) -> str:
    """Absolute path of a bundled model ("digits" or a 2-D shape's name)."""
    return str(BUNDLED_DIR / bundled_file(name))


def code_snippet(data: PointsParams | None, schedule: ScheduleParams, method: str, n_steps: int,
                 seed: int, trained: TrainParams | None) -> str:
    """The 2-D page's reverse process as a script that prints its energy distance and draws
    the generated points and a few paths.

    ``data`` None means uploaded points (read from ``points.csv``); ``trained`` None means the
    bundled model of the shape, otherwise the training run to repeat.
    """
    if data is None:
        load_data = ('import pandas as pd\n\nX = pd.read_csv("points.csv")[["x", "y"]]'
                     ".to_numpy(float)  # your upload")
    else:
        load_data = points_code(data)
    if trained is None:
        functions = LOAD
        model = (f"model, mean, scale, clip = load({bundled_path(data.name)!r})"
                 "  # scripts/train_diffusion.py")
    else:
        functions = TRAIN
        model = (f"model, mean, scale, clip = train(X, schedule, {trained.n_iterations}, "
                 f"{trained.batch_size}, {trained.learning_rate}, {trained.seed})")
    imports = header("import plotly.graph_objects as go",
                     "from scipy.spatial.distance import cdist")
    return f'''{imports}
{CORE}
{functions}

# --- The current view -------------------------------------------------------------------------
{load_data}
schedule = Schedule("{schedule.kind}", {schedule.n_steps})
{model}
samples, path = sample(model, schedule, 800, "{method}", {n_steps}, {seed}, clip)
samples, path = samples * scale + mean, path * scale + mean  # back to the data's units


def energy_distance(a, b):  # 0 when two point sets are spread alike (on the data's scale)
    a, b = a / scale, b / scale
    return 2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean()


print("energy distance to the data:", round(energy_distance(samples, X), 4))
fig = go.Figure()
fig.add_scatter(x=X[:, 0], y=X[:, 1], mode="markers", name="data", marker_color="lightgrey")
fig.add_scatter(x=samples[:, 0], y=samples[:, 1], mode="markers", name="generated")
for j in range(5):  # the paths of five points, from noise to data
    fig.add_scatter(x=path[:, j, 0], y=path[:, j, 1], mode="lines", name=f"path {{j + 1}}")
fig.update_yaxes(scaleanchor="x")
fig.show()
'''
