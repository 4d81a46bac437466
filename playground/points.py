"""Reading, writing and editing user point sets (CSV upload, clicks on a plot).

Every problem with the user's data raises :class:`~playground.errors.InputError` with a catalogue
key, so the page can say what is wrong in the user's language and keep what they entered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from playground.csv_out import table_to_csv
from playground.datasets2d import MAX_ABS_COORD, MAX_POINTS
from playground.errors import InputError
from playground.uploads import read_csv_upload

CSV_COLUMNS = ("x", "y", "label")


def parse_points_csv(raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Parse a CSV of labelled 2-D points with columns ``x, y, label``.

    Labels may be any strings or numbers; they are mapped to 0 .. k-1 in sorted order.

    Returns
    -------
    X : ndarray of shape (n, 2), float64
    y : ndarray of shape (n,), int64
    """
    table = read_csv_upload(raw, skipinitialspace=True)
    table.columns = [str(name).strip().lower() for name in table.columns]
    if not set(CSV_COLUMNS) <= set(table.columns):
        raise InputError("errors.csv_columns", found=", ".join(map(str, table.columns)) or "-")
    if len(table) == 0:
        raise InputError("errors.csv_empty")
    if len(table) > MAX_POINTS:
        raise InputError("errors.csv_too_many", rows=len(table), limit=MAX_POINTS)
    coords = table[["x", "y"]].apply(pd.to_numeric, errors="coerce")
    bad_rows = coords.index[coords.isna().any(axis=1) | ~np.isfinite(coords).all(axis=1)]
    if len(bad_rows):
        raise InputError("errors.csv_not_numbers", row=int(bad_rows[0]) + 2)  # +2: header, 1-based
    huge = coords.index[(coords.abs() > MAX_ABS_COORD).any(axis=1)]
    if len(huge):
        raise InputError("errors.csv_out_of_range", row=int(huge[0]) + 2,
                         limit=f"{MAX_ABS_COORD:g}")
    labels = table["label"]
    if labels.isna().any():
        raise InputError("errors.csv_missing_label", row=int(labels.index[labels.isna()][0]) + 2)
    _, codes = np.unique(labels.astype(str).to_numpy(), return_inverse=True)
    return coords.to_numpy(dtype=np.float64), codes.astype(np.int64)


def points_to_csv(X: np.ndarray, y: np.ndarray, role: np.ndarray | None = None) -> bytes:
    """Write points as CSV (``x, y, label`` and optionally a ``split`` column of train/test)."""
    table = pd.DataFrame({"x": X[:, 0], "y": X[:, 1], "label": y})
    if role is not None:
        table["split"] = role
    return table_to_csv(table)


def add_point(X: np.ndarray, y: np.ndarray, xy: tuple[float, float], label: int):
    """Return copies of ``(X, y)`` with one point appended (refused beyond ±MAX_ABS_COORD)."""
    if not all(np.isfinite(v) and abs(v) <= MAX_ABS_COORD for v in xy):
        raise InputError("errors.point_out_of_range", limit=f"{MAX_ABS_COORD:g}")
    return np.vstack([X, np.asarray(xy, dtype=np.float64)[None, :]]), np.append(y, label)


def remove_point(X: np.ndarray, y: np.ndarray, index: int):
    """Return copies of ``(X, y)`` without the point at ``index`` (ignored if out of range)."""
    if not 0 <= index < len(X):
        return X, y
    return np.delete(X, index, axis=0), np.delete(y, index)


def nearest_point(X: np.ndarray, xy: tuple[float, float]) -> int | None:
    """Index of the point of ``X`` nearest to ``xy``, or None for an empty set."""
    if len(X) == 0:
        return None
    return int(np.argmin(((X - np.asarray(xy)) ** 2).sum(axis=1)))
