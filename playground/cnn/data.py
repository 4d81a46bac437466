"""The digits the network sees: scikit-learn's bundled 8 × 8 handwritten digits, scaled up.

The chapter's ``Net`` expects a 32 × 32 picture (its first fully connected layer is sized for
what is left of 32 × 32 after two 3 × 3 convolutions and two 2 × 2 poolings). scikit-learn ships
1,797 digits of 8 × 8 pixels with intensities 0-16 (the UCI "optical recognition of handwritten
digits" set), so every picture is smoothly enlarged four times (bilinear interpolation) and
standardised with two fixed numbers, the way MNIST code uses (0.1307, 0.3081).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F

from playground.errors import InputError

SMALL, SIZE = 8, 32  # pixels per side: as shipped, and as the chapter's Net expects
MAX_INTENSITY = 16.0  # the digits' brightest pixel
# Mean and standard deviation of every scaled pixel of the 1,797 digits (computed once, rounded):
# fixed numbers, so a drawn digit is scaled exactly like the training digits.
MEAN, STD = 0.3053, 0.3236


def upscale(images: np.ndarray) -> torch.Tensor:
    """8 × 8 digits (intensities 0-16) as the network's input.

    Parameters
    ----------
    images : array, shape (n, 8, 8)

    Returns
    -------
    tensor, shape (n, 1, 32, 32), float32, standardised
    """
    x = torch.as_tensor(np.asarray(images, dtype=np.float32) / MAX_INTENSITY)[:, None]
    x = F.interpolate(x, size=SIZE, mode="bilinear", align_corners=False)
    return (x - MEAN) / STD


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images, target = bunch.images.astype(np.float32), bunch.target.astype(np.int64)
    images.setflags(write=False)
    target.setflags(write=False)
    return images, target


@dataclass(frozen=True, eq=False)
class DigitSplit:
    """Training and test digits. ``*_images`` are the original 8 × 8 pictures (for drawing),
    ``X_*`` the scaled network input, ``test_index`` each test digit's row in ``load_digits()``."""

    X_train: torch.Tensor  # (n_train, 1, 32, 32)
    y_train: torch.Tensor  # (n_train,) int64
    X_test: torch.Tensor  # (n_test, 1, 32, 32)
    y_test: torch.Tensor  # (n_test,)
    test_images: np.ndarray  # (n_test, 8, 8), intensities 0-16
    test_index: np.ndarray  # (n_test,)


@lru_cache(maxsize=8)
def load_split(test_fraction: float = 0.25, seed: int = 0) -> DigitSplit:
    """A stratified split of the 1,797 digits (same seed, same split); cached, read-only."""
    from sklearn.model_selection import train_test_split

    images, target = _digits()
    train, test = train_test_split(np.arange(len(target)), test_size=test_fraction,
                                   random_state=seed, stratify=target)
    return DigitSplit(X_train=upscale(images[train]), y_train=torch.as_tensor(target[train]),
                      X_test=upscale(images[test]), y_test=torch.as_tensor(target[test]),
                      test_images=images[test], test_index=test)


def check_drawing(grid) -> np.ndarray:
    """A drawn or edited digit as an 8 × 8 float array with intensities 0-16.

    Raises
    ------
    InputError
        ``cnn.err_drawing_shape`` when it is not 8 × 8 numbers, ``cnn.err_drawing_empty``
        when no pixel is lit (the network would still answer, but about nothing).
    """
    try:
        array = np.asarray(grid, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError("cnn.err_drawing_shape", size=SMALL) from None
    if array.shape != (SMALL, SMALL) or not np.isfinite(array).all():
        raise InputError("cnn.err_drawing_shape", size=SMALL)
    array = np.clip(array, 0.0, MAX_INTENSITY)
    if not array.any():
        raise InputError("cnn.err_drawing_empty")
    return array


def toggle_pixel(grid: np.ndarray, row: int, col: int) -> np.ndarray:
    """A copy of ``grid`` with one pixel switched: a lit pixel (above half intensity) goes dark,
    a dark one becomes fully lit. Clicks outside the grid change nothing."""
    out = np.array(grid, dtype=np.float64, copy=True)
    if 0 <= row < SMALL and 0 <= col < SMALL:
        out[row, col] = 0.0 if out[row, col] > MAX_INTENSITY / 2 else MAX_INTENSITY
    return out
