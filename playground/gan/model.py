"""A generative adversarial network on 2-D points, trained one visible move at a time.

Chapter §1.2.2 presents a GAN (生成对抗网络) as two networks in a game: a *generator* G maps
random noise z to a point, a *discriminator* D looks at a point and says how likely it is to be
real. D learns to tell real from fake, G learns to fool D (Goodfellow et al. 2014, "Generative
Adversarial Nets"). In two dimensions every part of that game can be drawn, as Polo Club's GAN
Lab does: D's opinion over the whole plane, G's noise space bent into the plane, and the
gradient that pushes each fake point.

This module reads top to bottom:

1. :class:`GanParams` (validated settings) and the two networks (small MLPs).
2. The losses. D always minimises the cross-entropy of "real or fake" (paper eq. 1). G has a
   choice: the original *minimax* loss log(1 - D(G(z))) (eq. 1), whose gradient vanishes
   exactly when G is bad and D is sure; the *non-saturating* loss -log D(G(z)) (paper §3), with
   the same fixed point and a strong gradient when D is sure; and the non-saturating loss with
   Mescheder et al.'s R1 penalty (2018, "Which training methods for GANs do actually
   converge?", eq. 9), which makes D smooth around the real data so that the game settles
   instead of circling.
3. :func:`push_arrows`: where G's loss pushes each fake point, -∂ℓ_G/∂x.
4. :class:`GanTrainer`: weights, optimisers, step count and histories. :meth:`~GanTrainer.step_d`
   and :meth:`~GanTrainer.step_g` are the two moves of one training step; :meth:`~GanTrainer.train`
   runs many, in chunks a UI can interrupt. A NaN loss or exploding weights stop training with a
   named state (:attr:`GanTrainer.status`) instead of an exception.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from playground.compute import one_thread

LOSSES = ("minimax", "nonsaturating", "r1")
OPTIMISERS = ("adam", "rmsprop", "sgd")
MAX_WEIGHT = 1e4  # a weight beyond this means training has blown up
CHECK_EVERY = 10  # steps between checks of the weights
STATUSES = ("ok", "nan_loss", "exploding_weights")


# ---------------------------------------------------------------------------------------------
# 1. Settings and networks
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GanParams:
    """Everything that defines a training run (the data aside); defaults cover the ring of 8."""

    loss: str = "nonsaturating"  # G's loss: "minimax", "nonsaturating" or "r1" (+ R1 on D)
    r1_gamma: float = 0.1  # weight γ of the R1 penalty (γ/2) E|∇_x D(x_real)|²
    lr_d: float = 0.002  # discriminator's learning rate
    lr_g: float = 0.002  # generator's learning rate
    optimiser: str = "adam"  # Adam with DCGAN's β1 = 0.5, RMSprop or plain SGD
    d_steps: int = 1  # discriminator updates per generator update
    noise_dim: int = 2  # size of z: 1 or 2, so that G's whole noise space can be drawn
    hidden: int = 64  # units in each of the hidden layers of both networks
    batch_size: int = 256  # real and fake points per update
    n_steps: int = 2000  # generator updates that Play runs to
    seed: int = 0  # weights, batches and noise all come from this seed

    def __post_init__(self):
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}, got {self.loss!r}")
        if self.optimiser not in OPTIMISERS:
            raise ValueError(f"optimiser must be one of {OPTIMISERS}, got {self.optimiser!r}")
        if self.noise_dim not in (1, 2):
            raise ValueError(f"noise_dim must be 1 or 2, got {self.noise_dim}")
        if not (0 < self.lr_d <= 1 and 0 < self.lr_g <= 1):
            raise ValueError("learning rates must be within (0, 1]")
        if not 1 <= self.d_steps <= 20 or not 4 <= self.hidden <= 1024:
            raise ValueError("d_steps must be within 1..20 and hidden within 4..1024")
        if not 1 <= self.batch_size <= 4096 or not 1 <= self.n_steps <= 100_000:
            raise ValueError("batch_size must be within 1..4096 and n_steps within 1..100000")
        if not 0 <= self.r1_gamma <= 1000:
            raise ValueError("r1_gamma must be within 0..1000")


def _mlp(n_in: int, hidden: int, n_out: int, depth: int = 3) -> nn.Sequential:
    layers, width = [], n_in
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.LeakyReLU(0.2)]
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, n_out))


def _init(module: nn.Module, generator: torch.Generator) -> None:
    """PyTorch's default initialisation, drawn from a private generator (no global seed)."""
    for layer in module.modules():
        if isinstance(layer, nn.Linear):
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            bound = 1 / math.sqrt(layer.in_features)
            nn.init.uniform_(layer.bias, -bound, bound, generator=generator)


class Generator(nn.Module):
    """z (n, noise_dim) -> point (n, 2): an MLP, then a fixed shift and scale to the data's
    centre and spread, so that the network itself works on numbers of order one."""

    def __init__(self, noise_dim: int, hidden: int, centre, scale: float):
        super().__init__()
        self.net = _mlp(noise_dim, hidden, 2)
        self.register_buffer("centre", torch.as_tensor(np.asarray(centre), dtype=torch.float32))
        self.scale = float(scale)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.centre + self.scale * self.net(z)


class Discriminator(nn.Module):
    """point (n, 2) -> logit (n,); D(x) = sigmoid(logit) is the probability that x is real."""

    def __init__(self, hidden: int, centre, scale: float):
        super().__init__()
        self.net = _mlp(2, hidden, 1)
        self.register_buffer("centre", torch.as_tensor(np.asarray(centre), dtype=torch.float32))
        self.scale = float(scale)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net((x - self.centre) / self.scale).squeeze(-1)


# ---------------------------------------------------------------------------------------------
# 2. Losses (written with logits l: log D = -softplus(-l), log(1 - D) = -softplus(l))
# ---------------------------------------------------------------------------------------------

def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """-E[log D(x)] - E[log(1 - D(G(z)))]: cross-entropy of "real" vs "fake" (paper eq. 1)."""
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def generator_point_losses(fake_logits: torch.Tensor, loss: str) -> torch.Tensor:
    """G's loss for each fake point, shape (n,); G minimises their mean.

    minimax : log(1 - D(G(z))); flat where D(G(z)) ≈ 0, i.e. when D easily spots the fakes.
    nonsaturating, r1 : -log D(G(z)); steep where D(G(z)) ≈ 0, the same optimum.
    """
    if loss == "minimax":
        return -F.softplus(fake_logits)
    return F.softplus(-fake_logits)


def r1_penalty(discriminator: nn.Module, real: torch.Tensor) -> torch.Tensor:
    """E|∇_x l(x)|² over real points (Mescheder et al. 2018, eq. 9, on D's logit)."""
    real = real.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(discriminator(real).sum(), real, create_graph=True)
    return grad.pow(2).sum(dim=1).mean()


# ---------------------------------------------------------------------------------------------
# 3. The arrows: where G's loss pushes each fake point
# ---------------------------------------------------------------------------------------------

def push_arrows(discriminator: nn.Module, points, loss: str) -> np.ndarray:
    """-∂ℓ_G(x_i)/∂x_i for each fake point x_i: the direction and strength with which G's
    loss moves that point (G's update moves its weights so the points follow these arrows).

    Parameters
    ----------
    points : (n, 2) fake points

    Returns
    -------
    arrows : (n, 2); equal to minus autograd's gradient of sum_i ℓ_G(x_i) w.r.t. the points
    """
    x = torch.as_tensor(np.asarray(points), dtype=torch.float32).clone().requires_grad_(True)
    total = generator_point_losses(discriminator(x), loss).sum()
    (grad,) = torch.autograd.grad(total, x)
    return -grad.numpy()


# ---------------------------------------------------------------------------------------------
# 4. The trainer
# ---------------------------------------------------------------------------------------------

def _optimiser(name: str, parameters, lr: float) -> torch.optim.Optimizer:
    if name == "adam":  # DCGAN's β1; the fused kernel saves a quarter of a step's time here
        return torch.optim.Adam(parameters, lr=lr, betas=(0.5, 0.999), fused=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=lr)
    return torch.optim.SGD(parameters, lr=lr)


@dataclass
class History:
    """One entry per generator update (step), plus the last discriminator update's numbers."""

    step: list[int] = field(default_factory=list)
    d_loss: list[float] = field(default_factory=list)
    g_loss: list[float] = field(default_factory=list)
    d_real: list[float] = field(default_factory=list)  # mean D(x) on the real batch
    d_fake: list[float] = field(default_factory=list)  # mean D(G(z)) on the fake batch
    seconds: float = 0.0  # training time so far (updates only, not drawing)


class GanTrainer:
    """The state of one training run: networks, optimisers, noise, step count and histories.

    Parameters
    ----------
    X : (n, 2) training points (data units)
    params : :class:`GanParams`

    A step is two moves: :meth:`step_d` (``d_steps`` discriminator updates) then
    :meth:`step_g` (one generator update). :attr:`phase` says which move comes next.
    """

    def __init__(self, X: np.ndarray, params: GanParams = GanParams()):
        self.params = params
        self.X = torch.as_tensor(np.asarray(X, np.float64), dtype=torch.float32)
        centre = self.X.mean(dim=0).numpy()
        scale = float(torch.sqrt(((self.X - self.X.mean(dim=0)) ** 2).mean())) or 1.0
        self.centre, self.scale = centre, scale
        self.rng = torch.Generator().manual_seed(params.seed)
        self.G = Generator(params.noise_dim, params.hidden, centre, scale)
        self.D = Discriminator(params.hidden, centre, scale)
        _init(self.G, self.rng)
        _init(self.D, self.rng)
        self.opt_g = _optimiser(params.optimiser, self.G.parameters(), params.lr_g)
        self.opt_d = _optimiser(params.optimiser, self.D.parameters(), params.lr_d)
        self.step = 0  # generator updates done
        self.phase = "d"  # the next move: "d" (update D) or "g" (update G)
        self.history = History()
        self.status = "ok"  # or "nan_loss" / "exploding_weights": training has stopped
        self._last_d = (math.nan, math.nan, math.nan)

    # -- the two moves -------------------------------------------------------------------------

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn((n, self.params.noise_dim), generator=self.rng)

    def _real_batch(self) -> torch.Tensor:
        return self.X[torch.randint(len(self.X), (self.params.batch_size,), generator=self.rng)]

    @property
    def diverged(self) -> bool:
        return self.status != "ok"

    def step_d(self) -> None:
        """Move 1: ``d_steps`` discriminator updates on fresh real and fake batches."""
        with one_thread():
            self._step_d()

    def step_g(self) -> None:
        """Move 2: one generator update that pushes a fresh fake batch along the arrows."""
        with one_thread():
            self._step_g()

    def _step_d(self) -> None:
        if self.diverged:
            return
        p = self.params
        for _ in range(p.d_steps):
            real = self._real_batch()
            with torch.no_grad():
                fake = self.G(self.noise(p.batch_size))
            real_logits, fake_logits = self.D(real), self.D(fake)
            loss = discriminator_loss(real_logits, fake_logits)
            total = loss + 0.5 * p.r1_gamma * r1_penalty(self.D, real) if p.loss == "r1" \
                else loss
            self.opt_d.zero_grad(set_to_none=True)
            total.backward()
            self.opt_d.step()
            self._last_d = (loss.item(), torch.sigmoid(real_logits).mean().item(),
                            torch.sigmoid(fake_logits).mean().item())
            if not self._check(self._last_d[0], self.D, self._weights_due()):
                return
        self.phase = "g"

    def _step_g(self) -> None:
        if self.diverged:
            return
        fake_logits = self.D(self.G(self.noise(self.params.batch_size)))
        loss = generator_point_losses(fake_logits, self.params.loss).mean()
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        value = loss.item()
        if not self._check(value, self.G, self._weights_due()):
            return
        self.step += 1
        self.phase = "d"
        h = self.history
        h.step.append(self.step)
        h.g_loss.append(value)
        h.d_loss.append(self._last_d[0])
        h.d_real.append(self._last_d[1])
        h.d_fake.append(self._last_d[2])

    def _check(self, loss: float, net: nn.Module, weights: bool = True) -> bool:
        """Stop with a named state when a loss is not a number or a weight has exploded."""
        if not math.isfinite(loss):
            self.status = "nan_loss"
        elif weights and any(not torch.isfinite(w).all() or w.abs().max() > MAX_WEIGHT
                             for w in net.parameters()):
            self.status = "exploding_weights"
        return not self.diverged

    def _weights_due(self) -> bool:
        # Every loss is checked; the weights every CHECK_EVERY steps (a tenth of a step's time).
        return self.step % CHECK_EVERY == 0

    def move(self) -> str:
        """One move of the step-through: update D or update G, alternately. Returns the move."""
        done = self.phase
        self.step_d() if done == "d" else self.step_g()
        return done

    def train(self, n_steps: int, callback: Callable[["GanTrainer"], None] | None = None,
              should_stop: Callable[[], bool] | None = None, callback_every: int = 50,
              time_limit: float | None = None) -> int:
        """Run up to ``n_steps`` full steps (finishing a half-done one first).

        ``callback(self)`` runs every ``callback_every`` steps; ``should_stop()`` is asked
        before every step and ends the run at once when true; ``time_limit`` (seconds) ends it
        too. Returns the number of steps done.
        """
        started = time.perf_counter()
        with one_thread():
            if self.phase == "g":
                self._step_g()
            done = self._run(n_steps, callback, should_stop, callback_every, time_limit, started)
        self.history.seconds += time.perf_counter() - self._chunk_started
        return done

    def _run(self, n_steps, callback, should_stop, callback_every, time_limit, started) -> int:
        done, self._chunk_started = 0, started
        while done < n_steps and not self.diverged:
            if should_stop is not None and should_stop():
                break
            if time_limit is not None and time.perf_counter() - started > time_limit:
                break
            self._step_d()
            self._step_g()
            if self.diverged:
                break
            done += 1
            if callback is not None and done % callback_every == 0:
                self.history.seconds += time.perf_counter() - self._chunk_started
                callback(self)
                self._chunk_started = time.perf_counter()
        return done

    # -- what the views need -------------------------------------------------------------------

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` generated points from noise drawn with ``seed`` (not the training noise)."""
        z = torch.randn((n, self.params.noise_dim), generator=torch.Generator().manual_seed(seed))
        return self.generate(z)

    def generate(self, z) -> np.ndarray:
        with torch.no_grad(), one_thread():
            return self.G(torch.as_tensor(z, dtype=torch.float32)).numpy().astype(np.float64)

    def d_probability(self, points) -> np.ndarray:
        """D(x) for points (n, 2) -> (n,)."""
        with torch.no_grad(), one_thread():
            logits = self.D(torch.as_tensor(np.asarray(points), dtype=torch.float32))
        return torch.sigmoid(logits).numpy().astype(np.float64)

    def arrows(self, points) -> np.ndarray:
        with one_thread():
            return push_arrows(self.D, points, self.params.loss)
