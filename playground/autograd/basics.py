"""Tensor basics the autograd example rests on (chapter §1.1.3): shapes, broadcasting, and
moving between NumPy arrays and torch tensors.

Broadcasting is written out by hand (:func:`broadcast`), one dimension at a time, so the page
can say why two shapes do or do not fit; the tests and the page check it against
``numpy.broadcast_shapes`` and ``torch.broadcast_shapes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from playground.errors import InputError

MAX_DIMS = 6
MAX_SIZE = 10_000  # per dimension; broadcasting is decided on shapes, no array is built


def parse_shape(text: str, which: str) -> tuple[int, ...]:
    """``"3, 1"`` or ``"(3, 1)"`` -> ``(3, 1)``; ``""`` or ``"()"`` is a scalar's shape ``()``.

    ``which`` names the shape ("A" or "B") in the error message.
    """
    text = "" if text is None else str(text)
    if len(text) > 200:
        raise InputError("autograd.err_shape_long", which=which)
    parts = [p for p in re.split(r"[,\s×x*]+", text.strip().strip("()[]").strip()) if p]
    dims = []
    for part in parts:
        if not re.fullmatch(r"\d+", part):
            raise InputError("autograd.err_shape_entry", which=which, entry=part[:16])
        dims.append(int(part))
    if len(dims) > MAX_DIMS:
        raise InputError("autograd.err_shape_dims", which=which, limit=MAX_DIMS)
    if any(d > MAX_SIZE for d in dims):
        raise InputError("autograd.err_shape_size", which=which, limit=MAX_SIZE)
    return tuple(dims)


@dataclass(frozen=True)
class DimRow:
    """One aligned dimension (counted from the right): sizes of A and B (None where the shape
    has fewer dimensions), the result size, and why (``same``, ``a_one``, ``b_one``, ``a_missing``,
    ``b_missing`` or ``clash``)."""

    a: int | None
    b: int | None
    out: int | None
    rule: str


@dataclass(frozen=True)
class Broadcast:
    a: tuple[int, ...]
    b: tuple[int, ...]
    rows: tuple[DimRow, ...]  # left to right, as the result's dimensions
    shape: tuple[int, ...] | None  # None when the shapes do not broadcast
    numpy_shape: tuple[int, ...] | None
    torch_shape: tuple[int, ...] | None

    @property
    def ok(self) -> bool:
        return self.shape is not None

    @property
    def agrees(self) -> bool:
        return self.shape == self.numpy_shape == self.torch_shape


def broadcast_rule(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[DimRow, ...], tuple | None]:
    """Align the shapes on the right; each pair must be equal or contain a 1 (a missing
    dimension counts as 1). Returns the rows and the result shape, or None on a clash."""
    n = max(len(a), len(b))
    pa = (None,) * (n - len(a)) + tuple(a)
    pb = (None,) * (n - len(b)) + tuple(b)
    rows = []
    for da, db in zip(pa, pb):
        if da is None:
            rows.append(DimRow(da, db, db, "a_missing"))
        elif db is None:
            rows.append(DimRow(da, db, da, "b_missing"))
        elif da == db:
            rows.append(DimRow(da, db, da, "same"))
        elif da == 1:
            rows.append(DimRow(da, db, db, "a_one"))
        elif db == 1:
            rows.append(DimRow(da, db, da, "b_one"))
        else:
            rows.append(DimRow(da, db, None, "clash"))
    shape = None if any(r.out is None for r in rows) else tuple(r.out for r in rows)
    return tuple(rows), shape


def broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> Broadcast:
    """The hand-written rule next to what NumPy and torch answer for the same shapes."""
    import torch

    rows, shape = broadcast_rule(a, b)
    try:
        numpy_shape = tuple(np.broadcast_shapes(a, b))
    except ValueError:
        numpy_shape = None
    try:
        torch_shape = tuple(torch.broadcast_shapes(a, b))
    except RuntimeError:
        torch_shape = None
    return Broadcast(tuple(a), tuple(b), rows, shape, numpy_shape, torch_shape)


@dataclass(frozen=True)
class Sharing:
    """``a = np.arange(3.0)``; ``shared = torch.from_numpy(a)``; ``copied = torch.tensor(a)``;
    then ``a[0] = value``. ``back`` is ``shared.numpy()``, the way back to NumPy."""

    value: float
    a: np.ndarray
    shared: np.ndarray
    copied: np.ndarray
    shared_same_memory: bool  # np.shares_memory(a, shared.numpy())
    copied_same_memory: bool
    back_same_memory: bool


def sharing(value: float) -> Sharing:
    import torch

    a = np.arange(3.0)
    shared = torch.from_numpy(a)
    copied = torch.tensor(a)
    a[0] = value
    back = shared.numpy()
    return Sharing(float(value), a.copy(), shared.numpy().copy(), copied.numpy().copy(),
                   bool(np.shares_memory(a, shared.numpy())),
                   bool(np.shares_memory(a, copied.numpy())),
                   bool(np.shares_memory(a, back)))
