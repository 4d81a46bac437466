"""What the GAN lab shows, computed from a :class:`~playground.gan.model.GanTrainer`.

:func:`snapshot` gathers one frame: real and fake points, D's opinion over the plane, G's
manifold (its whole noise space mapped into the plane), the arrows on the fake points, the
histories, the quality numbers and the named failure states (:func:`diagnose`). Both UIs call
it after every chunk of training; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground.diffusion.quality import energy_distance
from playground.gan.data import Coverage, mode_coverage
from playground.gan.model import GanTrainer

HEATMAP_SIZE = 60  # cells per axis of D's heatmap
N_SHOWN = 400  # fake points drawn (fixed noise, so each point can be followed across frames)
N_EVAL = 1000  # samples scored against the data
EVAL_SEED = 12345  # the scoring noise: never the training noise
MANIFOLD_LINES = 11  # grid lines per noise axis (noise_dim 2)
MANIFOLD_POINTS = 81  # points per line
Z_RANGE = 2.5  # noise values drawn: ±2.5 standard deviations cover 98.8 % of z
TARGET_ENERGY = 0.05  # the quality the default settings must reach on the ring of 8
# Failure detection
COLLAPSE_SPREAD = 0.35  # fakes spread less than this share of the data's spread: collapse
SATURATED = 0.05  # mean D(fake) below this (and D(real) above 1 - 2×this): D has won
OSCILLATION_WINDOW = 400  # steps looked at
OSCILLATION_AMPLITUDE = 0.3  # swing of the smoothed G loss, nats
MIN_STEPS_FOR_DIAGNOSIS = 200


@dataclass
class Snapshot:
    step: int
    phase: str  # the next move: "d" or "g"
    status: str  # "ok", "nan_loss" or "exploding_weights"
    real: np.ndarray  # (n, 2) training points
    fake: np.ndarray  # (N_SHOWN, 2) G of a fixed noise sample
    arrows: np.ndarray  # (N_SHOWN, 2) -∂ℓ_G/∂x at each fake point
    grid_x: np.ndarray  # (HEATMAP_SIZE,)
    grid_y: np.ndarray  # (HEATMAP_SIZE,)
    heat: np.ndarray  # (HEATMAP_SIZE, HEATMAP_SIZE) float32, D(x) on the grid (rows: y)
    manifold: list[np.ndarray]  # polylines (k, 2): G of lines in noise space
    energy: float  # energy distance of N_EVAL samples to the data, in data-scale units
    coverage: Coverage | None  # ring of 8 only
    history: dict  # step, d_loss, g_loss, d_real, d_fake lists
    seconds: float  # training time so far
    scale: float  # the data's spread (RMS distance to its mean): sizes arrows and distances
    diagnoses: tuple[str, ...]  # named states: see diagnose()


def view_box(X: np.ndarray, margin: float = 0.35) -> tuple[list[float], list[float]]:
    """A square-ish window around the data with a margin, fixed for a data set."""
    X = np.asarray(X, np.float64).reshape(-1, 2)
    if len(X) == 0:
        return [-2.0, 2.0], [-2.0, 2.0]
    low, high = X.min(axis=0), X.max(axis=0)
    half = max(float((high - low).max()) / 2 * (1 + margin), 0.5)
    mid = (low + high) / 2
    return [mid[0] - half, mid[0] + half], [mid[1] - half, mid[1] + half]


def heatmap(trainer: GanTrainer, box, size: int = HEATMAP_SIZE):
    """D(x) on a size × size grid over ``box``: (xs, ys, values (size, size) float32)."""
    xs, ys = np.linspace(*box[0], size), np.linspace(*box[1], size)
    mesh_x, mesh_y = np.meshgrid(xs, ys)
    grid = np.column_stack([mesh_x.ravel(), mesh_y.ravel()])
    return xs, ys, trainer.d_probability(grid).reshape(size, size).astype(np.float32)


def manifold_noise(noise_dim: int) -> list[np.ndarray]:
    """Lines in noise space whose images draw G's manifold: one line for 1-D noise, a grid of
    lines for 2-D noise. Each is (MANIFOLD_POINTS, noise_dim)."""
    t = np.linspace(-Z_RANGE, Z_RANGE, MANIFOLD_POINTS)
    if noise_dim == 1:
        return [t[:, None]]
    lines = []
    for value in np.linspace(-Z_RANGE, Z_RANGE, MANIFOLD_LINES):
        lines.append(np.column_stack([t, np.full_like(t, value)]))
        lines.append(np.column_stack([np.full_like(t, value), t]))
    return lines


def manifold(trainer: GanTrainer) -> list[np.ndarray]:
    lines = manifold_noise(trainer.params.noise_dim)
    mapped = trainer.generate(np.concatenate(lines))
    return np.split(mapped, np.cumsum([len(line) for line in lines])[:-1])


def shown_noise(trainer: GanTrainer, n: int = N_SHOWN) -> np.ndarray:
    """The fixed noise whose images are drawn as the fake points (seeded by the run's seed)."""
    rng = np.random.default_rng(trainer.params.seed + 1)
    return rng.standard_normal((n, trainer.params.noise_dim))


def quality(trainer: GanTrainer, X: np.ndarray, ring: bool) -> tuple[float, Coverage | None]:
    """Energy distance of N_EVAL samples to the data (data-scale units), and the ring's
    mode coverage when the data is the ring of 8."""
    samples = trainer.sample(N_EVAL, seed=EVAL_SEED)
    if not np.isfinite(samples).all():
        return float("nan"), None
    energy = energy_distance(samples, X, data_scale(X))
    return energy, mode_coverage(samples) if ring else None


def data_scale(X: np.ndarray) -> float:
    """The data's spread, the root mean square of its centred coordinates: the unit of the
    energy distance, as on the diffusion page (its ``standardise``)."""
    X = np.asarray(X, np.float64)
    return float(np.sqrt(((X - X.mean(axis=0)) ** 2).mean())) or 1.0


def _smoothed(values, window: int) -> np.ndarray:
    values = np.asarray(values, np.float64)
    if len(values) < window:
        return values
    return np.convolve(values, np.ones(window) / window, mode="valid")


def diagnose(trainer: GanTrainer, fake: np.ndarray, X: np.ndarray,
             coverage: Coverage | None) -> tuple[str, ...]:
    """Named states of the run, most serious first.

    nan_loss / exploding_weights : training stopped (the trainer's status)
    mode_collapse : G covers few of the ring's modes, or its points spread far less than the data
    d_wins : D's output saturated (D(fake) ≈ 0, D(real) ≈ 1): with the minimax loss G's
        gradient vanishes
    oscillation : G's (smoothed) loss swings up and down over the last steps
    """
    found = [] if trainer.status == "ok" else [trainer.status]
    h = trainer.history
    if trainer.step < MIN_STEPS_FOR_DIAGNOSIS or found:
        return tuple(found)
    spread = np.sqrt(((fake - fake.mean(axis=0)) ** 2).sum(axis=1).mean())
    data_spread = np.sqrt(((X - X.mean(axis=0)) ** 2).sum(axis=1).mean())
    if (coverage is not None and coverage.modes_covered <= coverage.n_modes // 2) or \
            spread < COLLAPSE_SPREAD * data_spread:
        found.append("mode_collapse")
    recent = slice(-50, None)
    if np.mean(h.d_fake[recent]) < SATURATED and np.mean(h.d_real[recent]) > 1 - 2 * SATURATED:
        found.append("d_wins")
    smooth = _smoothed(h.g_loss[-OSCILLATION_WINDOW:], 25)
    if len(smooth) > 100:
        centred = smooth - smooth.mean()
        crossings = int((np.diff(np.sign(centred)) != 0).sum())
        if np.ptp(smooth) > OSCILLATION_AMPLITUDE and crossings >= 4:
            found.append("oscillation")
    return tuple(found)


def history_dict(trainer: GanTrainer | None) -> dict:
    if trainer is None:
        return {key: [] for key in ("step", "d_loss", "g_loss", "d_real", "d_fake")}
    h = trainer.history
    return {"step": list(h.step), "d_loss": list(h.d_loss), "g_loss": list(h.g_loss),
            "d_real": list(h.d_real), "d_fake": list(h.d_fake)}


def snapshot(trainer: GanTrainer, X: np.ndarray, box, *, ring: bool = False) -> Snapshot:
    """Everything the views draw for the trainer's current state."""
    X = np.asarray(X, np.float64)
    fake = trainer.generate(shown_noise(trainer))
    finite = np.isfinite(fake).all()
    arrows = trainer.arrows(fake) if finite else np.zeros_like(fake)
    xs, ys, heat = heatmap(trainer, box)
    energy, coverage = quality(trainer, X, ring)
    return Snapshot(
        step=trainer.step, phase=trainer.phase, status=trainer.status, real=X,
        fake=fake, arrows=np.nan_to_num(arrows), grid_x=xs, grid_y=ys,
        heat=np.nan_to_num(heat, nan=0.5), manifold=manifold(trainer) if finite else [],
        energy=energy, coverage=coverage, history=history_dict(trainer),
        seconds=trainer.history.seconds, scale=trainer.scale,
        diagnoses=(diagnose(trainer, fake, X, coverage) if finite
                   else (trainer.status if trainer.diverged else "exploding_weights",)))


def blank_snapshot(X: np.ndarray, box) -> Snapshot:
    """A frame with the real points only (no trainer yet: too few points drawn so far)."""
    X = np.asarray(X, np.float64).reshape(-1, 2)
    empty = np.zeros((0, 2))
    xs, ys = np.linspace(*box[0], 2), np.linspace(*box[1], 2)
    return Snapshot(step=0, phase="d", status="ok", real=X, fake=empty, arrows=empty,
                    grid_x=xs, grid_y=ys, heat=np.full((2, 2), 0.5, np.float32), manifold=[],
                    energy=float("nan"), coverage=None, history=history_dict(None),
                    seconds=0.0, scale=data_scale(X) if len(X) else 1.0, diagnoses=())


def reached_target(snap: Snapshot) -> bool:
    """The issue's bar on the ring of 8: every mode covered, few samples off the modes and an
    energy distance of at most TARGET_ENERGY."""
    return (snap.coverage is not None and snap.coverage.ok and np.isfinite(snap.energy)
            and snap.energy <= TARGET_ENERGY)
