"""Figures of the GAN digits page: a numbered grid of digits, the walk in noise space, the GAN
and diffusion grids side by side, their class histograms, and the comparison table."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.diffusion_digits.figures import mosaic as pixel_mosaic
from playground.gan_digits.model import to_pixels
from playground.gan_digits.views import Samples
from playground.style import CLASS_COLOURS, base_layout

MODEL_COLOURS = {"gan": CLASS_COLOURS[1], "diffusion": CLASS_COLOURS[0], "real": "#999999"}


def mosaic(images: np.ndarray, n_cols: int) -> np.ndarray:
    """Tile (n, 64) images in [-1, 1] into one array of ink values with a blank (NaN) pixel
    between tiles (the diffusion digits' mosaic, of these images' ink values)."""
    return pixel_mosaic(to_pixels(images), n_cols)


def _tiles(images: np.ndarray, n_cols: int, hover: list[str]) -> list[go.BaseTraceType]:
    """The mosaic (top row first) as a heatmap, and an invisible marker on every tile carrying
    its hover text.

    Hover text on the heatmap itself would repeat each tile's text for each of its 64 pixels
    (about 200 kB for 64 digits, sent on every rerun); one marker per tile sends it once.
    """
    array = mosaic(images, n_cols)
    n = len(images)
    n_rows = -(-n // n_cols)
    rows, cols = np.divmod(np.arange(n), n_cols)
    return [go.Heatmap(z=array[::-1], zmin=0, zmax=16, colorscale="Greys", showscale=False,
                       hoverinfo="skip"),
            go.Scatter(x=cols * 9 + 3.5, y=(n_rows * 9 - 2) - (rows * 9 + 3.5), mode="markers",
                       text=hover, hovertemplate="%{text}<extra></extra>", showlegend=False,
                       marker=dict(symbol="square", size=26, opacity=0, color=CLASS_COLOURS[1]))]


def _bare(fig: go.Figure) -> None:
    fig.update_xaxes(visible=False, constrain="domain")
    fig.for_each_yaxis(lambda axis: axis.update(scaleanchor=axis.anchor or "x", scaleratio=1,
                                                visible=False))


def _readings(samples: Samples, tr: Callable, first: int = 1) -> list[str]:
    q = samples.quality
    return [tr("gan_digits.fig.hover", index=first + i, digit=int(d), confidence=float(p))
            for i, (d, p) in enumerate(zip(q.predicted, q.confidence))]


def digit_grid(samples: Samples, tr: Callable, n_cols: int = 16, height: int = 300,
               pickable: bool = False) -> go.Figure:
    """The generated digits, numbered row by row from 1 (hover: number and classifier reading).

    ``pickable``: an invisible marker on every digit carries its number (``customdata``), so a
    page can let a click pick a digit (heatmap cells cannot be selected in Streamlit).
    """
    n = len(samples.images)
    n_cols = min(n_cols, n)
    n_rows = -(-n // n_cols)
    readings = _readings(samples, tr)
    heatmap, markers = _tiles(samples.images, n_cols, readings)
    if pickable:  # the markers also carry the digit's number, and show it when selected
        markers.update(customdata=np.arange(1, n + 1), selected=dict(marker=dict(opacity=0.35)),
                       unselected=dict(marker=dict(opacity=0)))
    fig = go.Figure([heatmap, markers])
    _bare(fig)
    fig = base_layout(fig, height=max(120, min(height, 40 + 46 * n_rows)), square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10))
    return fig


def walk_strip(images: np.ndarray, quality, start: int, end: int, tr: Callable,
               height: int = 170) -> go.Figure:
    """The walk from digit ``start`` to digit ``end``, one row, each frame labelled with the
    classifier's reading underneath."""
    hover = [tr("gan_digits.fig.walk_hover", step=i + 1, digit=int(d), confidence=float(p))
             for i, (d, p) in enumerate(zip(quality.predicted, quality.confidence))]
    fig = go.Figure(_tiles(images, len(images), hover))
    for i, (d, p) in enumerate(zip(quality.predicted, quality.confidence)):
        fig.add_annotation(x=i * 9 + 3.5, y=-1.2, text=f"{int(d)} · {p:.0%}", showarrow=False,
                           yanchor="top", font=dict(size=12))
    fig.add_annotation(x=3.5, y=8.2, text=f"#{start}", showarrow=False, yanchor="bottom")
    fig.add_annotation(x=(len(images) - 1) * 9 + 3.5, y=8.2, text=f"#{end}", showarrow=False,
                       yanchor="bottom")
    _bare(fig)
    fig.update_yaxes(range=[-3.2, 9.5])
    fig = base_layout(fig, height=height, square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10))
    return fig


def side_by_side(sets: list[Samples], tr: Callable, n_cols: int = 8,
                 height: int = 420) -> go.Figure:
    """The GAN's and the diffusion model's digits (the first two sets), side by side."""
    shown = sets[:2]
    titles = [tr(f"gan_digits.fig.title_{s.model}", seconds=s.seconds, calls=s.network_calls)
              for s in shown]
    fig = make_subplots(rows=1, cols=len(shown), subplot_titles=titles, horizontal_spacing=0.04)
    for j, samples in enumerate(shown, start=1):
        for trace in _tiles(samples.images, n_cols, _readings(samples, tr)):
            fig.add_trace(trace, 1, j)
    _bare(fig)
    n_rows = -(-len(shown[0].images) // n_cols)
    fig = base_layout(fig, height=max(200, min(height, 60 + 40 * n_rows)), square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=40, b=10))
    return fig


def class_histogram(sets: list[Samples], tr: Callable, height: int = 320) -> go.Figure:
    """Share of each set's images the classifier reads as 0, 1, ..., 9: a missing bar is a digit
    the model does not draw (mode collapse); real digits show the balance to aim for."""
    fig = go.Figure()
    for samples in sets:
        q = samples.quality
        fig.add_bar(x=list(range(10)), y=q.histogram / max(q.n, 1), name=tr(
            f"gan_digits.model.{samples.model}"), marker_color=MODEL_COLOURS[samples.model],
            customdata=q.histogram,
            hovertemplate="%{x}: %{customdata} (%{y:.0%})<extra>%{fullData.name}</extra>")
    fig = base_layout(fig, height=height, square=False)
    fig.update_layout(barmode="group", margin=dict(l=70, r=10, t=40, b=60))
    fig.update_xaxes(title=tr("gan_digits.fig.read_as"), dtick=1)
    fig.update_yaxes(title=tr("gan_digits.fig.share"), tickformat=".0%")
    return fig


def comparison_table(sets: list[Samples], tr: Callable):
    """One row per model: network calls, time, confidence, clear share, classes, distance."""
    import pandas as pd

    rows = []
    for s in sets:
        q = s.quality
        rows.append({
            tr("gan_digits.col.model"): tr(f"gan_digits.model.{s.model}"),
            tr("gan_digits.col.calls"): str(s.network_calls) if s.model != "real" else "–",
            tr("gan_digits.col.time"): f"{s.seconds * 1000:.1f}" if s.model != "real" else "–",
            tr("gan_digits.col.confidence"): f"{q.mean_confidence:.1%}",
            tr("gan_digits.col.confident"): f"{q.share_confident:.0%}",
            tr("gan_digits.col.classes"): f"{q.classes_covered} / 10",
            tr("gan_digits.col.distance"): f"{q.mean_distance:.2f}",
        })
    return pd.DataFrame(rows)
