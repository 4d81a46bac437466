"""Level lines of a function sampled on a grid, computed on the server and drawn as plain lines.

A plotly ``Contour`` trace ships the whole grid to the browser and traces the line there: on a
150 x 150 grid that is 22,500 numbers (about 120 kB as base64 float32) for a line of a few hundred
points. A page that redraws on every slider change pays that for each level line. contourpy
(the marching-squares engine behind matplotlib's ``contour``) finds the same lines here, so only
their points travel.
"""

from __future__ import annotations

import contourpy
import numpy as np


def level_lines(x: np.ndarray, y: np.ndarray, z: np.ndarray,
                level: float) -> tuple[np.ndarray, np.ndarray]:
    """Where ``z`` crosses ``level``, as polylines for one ``go.Scatter(mode="lines")``.

    Parameters
    ----------
    x : ndarray (nx,) and y : ndarray (ny,), increasing grid coordinates.
    z : ndarray (ny, nx), the function's values (row i at height ``y[i]``, as plotly's
        ``Heatmap`` and ``Contour`` read ``z``). Non-finite values leave a gap.

    Returns
    -------
    xs, ys : ndarray (m,) float64, the lines' points with a NaN between two lines (plotly
        breaks a line at a gap); empty when ``z`` never crosses ``level``.
    """
    z = np.asarray(z, dtype=np.float64)
    generator = contourpy.contour_generator(
        x=np.asarray(x, dtype=np.float64), y=np.asarray(y, dtype=np.float64),
        z=np.ma.masked_invalid(z), line_type=contourpy.LineType.Separate)
    pieces = generator.lines(float(level))
    if not pieces:
        return np.empty(0), np.empty(0)
    gap = np.full((1, 2), np.nan)
    joined = np.concatenate([part for piece in pieces for part in (piece, gap)][:-1])
    return joined[:, 0], joined[:, 1]
