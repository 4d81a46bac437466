"""Figures of the digits page: a grid of generated digits, one digit's denoising step by step,
and rows of digits from the same starting noise with each sampler and number of steps."""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.style import base_layout

FOLLOW_COLOUR = "#D55E00"  # the followed image's frame: orange, visible on white and black ink


def mosaic(images: np.ndarray, n_cols: int) -> np.ndarray:
    """Tile (n, 8, 8) images into one array, one blank (NaN) pixel between tiles."""
    n = len(images)
    n_rows = -(-n // n_cols)
    size = images.shape[1]
    out = np.full((n_rows * (size + 1) - 1, n_cols * (size + 1) - 1), np.nan)
    for i, image in enumerate(images):
        r, c = divmod(i, n_cols)
        out[r * (size + 1):r * (size + 1) + size, c * (size + 1):c * (size + 1) + size] = image
    return out


def _image_trace(array: np.ndarray) -> go.Heatmap:
    return go.Heatmap(z=array[::-1], zmin=0, zmax=16, colorscale="Greys", showscale=False,
                      hoverinfo="skip")


def _bare_axes(fig: go.Figure) -> None:
    fig.update_xaxes(visible=False, constrain="domain")
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.for_each_yaxis(lambda axis: axis.update(
        scaleanchor=axis.anchor or "x", scaleratio=1, visible=False))


def tile_box(index: int, n_images: int, n_cols: int, size: int = 8) -> tuple[float, ...]:
    """(x0, y0, x1, y1) in heatmap coordinates of tile ``index`` (0-based, row by row from the
    top left) of :func:`mosaic`, which is drawn upside down (row 0 at the top)."""
    n_rows = -(-n_images // n_cols)
    height = n_rows * (size + 1) - 1
    r, c = divmod(index, n_cols)
    top = height - 1 - r * (size + 1)  # y of the tile's first pixel row
    return (c * (size + 1) - 0.5, top - (size - 1) - 0.5, c * (size + 1) + size - 0.5, top + 0.5)


def digit_grid(images: np.ndarray, tr: Callable, n_cols: int = 8,
               height: int = 420, follow: int | None = None) -> go.Figure:
    """Generated digits (n, 8, 8) with ink values 0..16, in a grid; ``follow`` (1-based, row
    by row from the top left) frames the image the denoising strip follows."""
    fig = go.Figure(_image_trace(mosaic(images, n_cols)))
    _bare_axes(fig)
    if follow is not None:
        x0, y0, x1, y1 = tile_box(follow - 1, len(images), n_cols, images.shape[1])
        fig.add_shape(type="rect", x0=x0, y0=y0, x1=x1, y1=y1, name="follow",
                      line=dict(color=FOLLOW_COLOUR, width=4))
    fig = base_layout(fig, height=height, square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10))
    return fig


STRIP_ROW_GAP = 3  # blank pixel rows between the strip's two rows


def denoising_strip(noisy: np.ndarray, guesses: np.ndarray, timesteps: list[int],
                    tr: Callable, height: int = 300) -> go.Figure:
    """One image at a few steps: top row x_t, bottom row the clean image guessed at that step.

    One heatmap of both rows with "t = ..." above each column (16 small subplots took about
    ten times as long to build, on every rerun of the page).

    Parameters
    ----------
    noisy, guesses : (m, 8, 8) ink values; timesteps : the m step numbers, last one "0"
    """
    m, size = len(noisy), noisy.shape[1]
    top, bottom = mosaic(noisy, m), mosaic(guesses, m)
    gap = np.full((STRIP_ROW_GAP, top.shape[1]), np.nan)
    fig = go.Figure(_image_trace(np.vstack([top, gap, bottom])))
    total = 2 * size + STRIP_ROW_GAP
    for j, step in enumerate(timesteps):
        fig.add_annotation(x=j * (size + 1) + (size - 1) / 2, y=total - 0.5, text=f"t = {step}",
                           showarrow=False, yanchor="bottom")
    _bare_axes(fig)
    fig.update_yaxes(range=[-0.5, total + 2.5])  # room for the step labels above the top row
    fig = base_layout(fig, height=height, square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), title=dict(
        text=tr("diffusion_digits.fig.rows"), font=dict(size=13)))
    return fig


def comparison_grid(rows: dict[tuple[str, int], np.ndarray], tr: Callable,
                    height_per_row: int = 110) -> go.Figure:
    """Rows of digits from the same starting noise: one row per (sampler, number of steps).

    Parameters
    ----------
    rows : (sampler, steps) -> (m, 8, 8) ink values, in display order
    """
    keys = list(rows)
    titles = [tr("diffusion_digits.fig.row_title", sampler=tr(f"diffusion.sampler.{s}"), steps=n)
              for s, n in keys]
    fig = make_subplots(rows=len(keys), cols=1, subplot_titles=titles, vertical_spacing=0.35 /
                        len(keys))
    for i, key in enumerate(keys, start=1):
        fig.add_trace(_image_trace(mosaic(rows[key], len(rows[key]))), i, 1)
    _bare_axes(fig)
    fig = base_layout(fig, height=height_per_row * len(keys) + 40, square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=40, b=10))
    return fig
