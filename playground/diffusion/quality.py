"""How close generated points are to the data: the energy distance (Székely & Rizzo).

No torch here: the GAN page scores its samples with the same number.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from playground.diffusion.data import standardise


def energy_distance(a: np.ndarray, b: np.ndarray, scale: float = 1.0) -> float:
    """Energy distance 2 E|A - B| - E|A - A'| - E|B - B'| between two point sets (Székely).

    Zero when the two distributions agree and larger the more they differ. This is the plain
    (V-statistic) estimate, so it is never negative; two samples of one distribution give a
    small positive number that shrinks like 1/n. Distances are divided by ``scale`` first, so
    the number means the same for data in any units.

    Parameters
    ----------
    a : (n, d); b : (m, d)
    """
    a = np.asarray(a, np.float64) / scale
    b = np.asarray(b, np.float64) / scale
    return float(2 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean())


def quality(samples: np.ndarray, X: np.ndarray, scale: float, seed: int = 0) -> dict[str, float]:
    """Energy distance of the samples to the data, and of pure noise (the starting point) for
    comparison, both on the data's standardised scale."""
    mean, _ = standardise(X)
    noise = mean + scale * np.random.default_rng(seed).normal(size=samples.shape)
    return {"samples": energy_distance(samples, X, scale),
            "noise": energy_distance(noise, X, scale)}
