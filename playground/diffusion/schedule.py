"""The noise schedule of a diffusion model: the forward process and the reverse update rule.

Chapter §1.2.2 describes a diffusion model as one that starts from random noise and removes it
step by step until a sample looks like the training data. Three separate pieces make that work,
as in tanelp/tiny-diffusion and diffusers' ``DDPMScheduler``: this schedule, the denoiser
(:mod:`playground.diffusion.model`) and the sampling loop (:mod:`playground.diffusion.samplers`).

:class:`NoiseSchedule` fixes how much noise is mixed into the data at each of ``T`` steps,
x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε (Ho et al. 2020, "DDPM", eq. 4), and owns the reverse
update :meth:`NoiseSchedule.step` (DDPM eq. 6-7 and 15; Song et al. 2021, "DDIM", eq. 12 and
16). The cosine schedule is Nichol & Dhariwal 2021, eq. 17. The linear schedule is *not*
DDPM's discrete list of betas (β_1 = 1e-4 ... β_T = 0.02, evenly spaced, for T = 1000 only) but
its continuous-time limit (Song et al. 2021, "score SDE", VP-SDE), so that every T samples the
same curve: β(s) = 0.1 + 19.9 s for s in [0, 1], discretised through ᾱ. At T = 1000 that gives
β_1 = 1.0994e-4 and β_T = 0.019792 (DDPM: 1e-4 and 0.02), and ᾱ_T = 4.32e-5 (DDPM: 4.04e-5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

SCHEDULES = ("linear", "cosine")
SAMPLERS = ("ddpm", "ddim")  # the two reverse updates :meth:`NoiseSchedule.step` knows
MIN_STEPS, MAX_STEPS = 10, 1000
MAX_BETA = 0.999  # Nichol & Dhariwal clip β so that ᾱ_T stays above zero


@dataclass(frozen=True)
class ScheduleParams:
    """Which schedule and how many steps; also the cache key and URL state of the pages."""

    kind: str = "cosine"  # "linear" (DDPM's, continuous-time) or "cosine" (improved DDPM)
    n_steps: int = 100  # T: more steps, smaller changes per step

    def __post_init__(self):
        if self.kind not in SCHEDULES:
            raise ValueError(f"kind must be one of {SCHEDULES}, got {self.kind!r}")
        if not MIN_STEPS <= self.n_steps <= MAX_STEPS:
            raise ValueError(f"n_steps must be within {MIN_STEPS}..{MAX_STEPS}, got {self.n_steps}")


def _alpha_bar(kind: str, s: np.ndarray) -> np.ndarray:
    """ᾱ as a function of continuous time s in [0, 1], so that every T samples the same curve.

    linear: the rate β(s) = 0.1 + 19.9 s grows linearly, so ᾱ(s) = exp(-(0.1 s + 9.95 s²)): the
    continuous limit of DDPM's β_1 = 1e-4 ... β_T = 0.02 at T = 1000 (Song et al. 2021,
    "score SDE", VP-SDE). Its discrete β_t = 1 - ᾱ(t/T) / ᾱ((t-1)/T) are close to DDPM's but not
    equal (β_1 = 1.0994e-4 instead of 1e-4 at T = 1000).
    cosine: ᾱ(s) = f(s) / f(0) with f(s) = cos²((s + 0.008) / 1.008 · π/2) (Nichol & Dhariwal).
    """
    if kind == "linear":
        beta_min, beta_max = 0.1, 20.0
        return np.exp(-(beta_min * s + 0.5 * (beta_max - beta_min) * s**2))
    offset = 0.008
    f = np.cos((s + offset) / (1 + offset) * np.pi / 2) ** 2
    return f / np.cos(offset / (1 + offset) * np.pi / 2) ** 2


class NoiseSchedule:
    """Coefficients of a discrete forward process with ``T`` steps t = 0 .. T-1.

    Step t = 0 adds a little noise to the data, step T-1 leaves (almost) pure noise. Every
    coefficient is computed once here, in float64, and kept as a float32 tensor of shape (T,).
    """

    def __init__(self, params: ScheduleParams = ScheduleParams()):
        self.params = params
        T = params.n_steps
        bar = _alpha_bar(params.kind, np.arange(T + 1) / T)  # ᾱ at s = 0, 1/T, ..., 1
        betas = np.clip(1.0 - bar[1:] / bar[:-1], 1e-8, MAX_BETA)
        alphas_cumprod = np.cumprod(1.0 - betas)

        def tensor(values):
            return torch.as_tensor(values, dtype=torch.float32)

        self.betas = tensor(betas)  # β_t: variance added at step t (linear / cosine curves)
        self.alphas = tensor(1.0 - betas)  # α_t = 1 - β_t
        self.alphas_cumprod = tensor(alphas_cumprod)  # ᾱ_t = Π α_s: the signal left after t steps
        # add_noise (DDPM eq. 4): x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε
        self.sqrt_alphas_cumprod = tensor(np.sqrt(alphas_cumprod))
        self.sqrt_one_minus_alphas_cumprod = tensor(np.sqrt(1.0 - alphas_cumprod))
        # predict_x0 (DDPM eq. 15 solved for x_0): x_0 = x_t / sqrt(ᾱ_t) - sqrt(1/ᾱ_t - 1) ε
        self.sqrt_recip_alphas_cumprod = tensor(np.sqrt(1.0 / alphas_cumprod))
        self.sqrt_recipm1_alphas_cumprod = tensor(np.sqrt(1.0 / alphas_cumprod - 1.0))
        # the denoiser's input: the noise level σ_t = sqrt(1 - ᾱ_t), never the step number
        self.noise_levels = self.sqrt_one_minus_alphas_cumprod
        # the page's curve: signal-to-noise ratio ᾱ_t / (1 - ᾱ_t) (Kingma et al. 2021)
        self.snr = tensor(alphas_cumprod / (1.0 - alphas_cumprod))

    def __len__(self) -> int:
        return self.params.n_steps

    def _cumprod_at(self, t: int) -> torch.Tensor:
        """ᾱ_t, with ᾱ_{-1} = 1: "before the first step" is the clean data."""
        return self.alphas_cumprod[t] if t >= 0 else torch.tensor(1.0)

    def add_noise(self, x0: torch.Tensor, noise: torch.Tensor, t) -> torch.Tensor:
        """Sample q(x_t | x_0) in closed form (DDPM eq. 4).

        Parameters
        ----------
        x0, noise : tensors of shape (n, d)
        t : int or long tensor of shape (n,), steps in 0 .. T-1
        """
        t = torch.as_tensor(t, dtype=torch.long)
        signal = self.sqrt_alphas_cumprod[t].reshape(-1, *[1] * (x0.dim() - 1))
        spread = self.sqrt_one_minus_alphas_cumprod[t].reshape(-1, *[1] * (x0.dim() - 1))
        return signal * x0 + spread * noise

    def predict_x0(self, x_t: torch.Tensor, eps: torch.Tensor, t: int) -> torch.Tensor:
        """The clean sample implied by a noise guess (DDPM eq. 15, DDIM eq. 9)."""
        return self.sqrt_recip_alphas_cumprod[t] * x_t - self.sqrt_recipm1_alphas_cumprod[t] * eps

    def timesteps(self, n_sampling_steps: int | None = None) -> list[int]:
        """The steps a sampler visits, from T-1 down to 0, evenly spaced when fewer than T."""
        T = len(self)
        n = T if n_sampling_steps is None else max(1, min(int(n_sampling_steps), T))
        return sorted({int(v) for v in np.linspace(T - 1, 0, n).round()}, reverse=True)

    def step(self, eps: torch.Tensor, t: int, x_t: torch.Tensor, *, prev_t: int | None = None,
             method: str = "ddpm", generator: torch.Generator | None = None,
             clip: float | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """One reverse update from step ``t`` to ``prev_t`` (default t - 1; -1 means "clean").

        Parameters
        ----------
        eps : the denoiser's noise guess ε̂(x_t), same shape as ``x_t`` (n, d)
        method : "ddpm" (ancestral, stochastic) or "ddim" (deterministic, η = 0)
        generator : source of DDPM's fresh noise (without one, torch's global state is used)
        clip : clamp the predicted clean sample to [-clip, clip] (images live in [-1, 1])

        Returns
        -------
        x_prev : the sample at ``prev_t``, shape (n, d)
        x0_pred : the clean sample predicted at this step, shape (n, d)
        """
        if method not in SAMPLERS:
            raise ValueError(f"method must be one of {SAMPLERS}, got {method!r}")
        prev_t = t - 1 if prev_t is None else prev_t
        bar_t, bar_prev = self._cumprod_at(t), self._cumprod_at(prev_t)
        # 1. Predict the clean sample from the noise guess (DDPM eq. 15, DDIM eq. 9).
        x0_pred = self.predict_x0(x_t, eps, t)
        if clip is not None:
            x0_pred = x0_pred.clamp(-clip, clip)
            eps = (x_t - bar_t.sqrt() * x0_pred) / (1 - bar_t).sqrt()  # keep ε consistent
        if method == "ddim":
            # 2. DDIM eq. 12 with η = 0 (eq. 16): rescale the clean guess to the previous noise
            #    level and add back the *same* noise direction; nothing random is drawn.
            return bar_prev.sqrt() * x0_pred + (1 - bar_prev).sqrt() * eps, x0_pred
        # 2. DDPM eq. 7: mean of the posterior q(x_prev | x_t, x_0), a blend of the clean guess
        #    and x_t. With skipped steps β is the total variance added between prev_t and t.
        beta = 1 - bar_t / bar_prev
        mean = ((bar_prev.sqrt() * beta / (1 - bar_t)) * x0_pred
                + ((1 - beta).sqrt() * (1 - bar_prev) / (1 - bar_t)) * x_t)
        if prev_t < 0:
            return mean, x0_pred  # the last step adds no noise (DDPM Algorithm 2, z = 0 at t = 1)
        # 3. Add fresh noise with the posterior variance β̃ = (1 - ᾱ_prev) / (1 - ᾱ_t) β (eq. 7).
        variance = (1 - bar_prev) / (1 - bar_t) * beta
        noise = torch.randn(x_t.shape, generator=generator, dtype=x_t.dtype)
        return mean + variance.sqrt() * noise, x0_pred
