"""Figures of the discriminative-models page: decision maps, margins, side-by-side families."""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.contours import level_lines
from playground.discriminative.generative import GenerativeResult
from playground.discriminative.model import FAMILIES, FitResult
from playground.style import BOUNDARY_COLOUR, DIVERGING, base_layout, class_colour

SCORE_CLIP = 3.0  # colour saturates beyond |score| = 3: the interesting part is near 0
SCORE_CODES = 254  # the heatmap's byte codes run 0..254, so that score 0 is exactly 127
CLICK_GRID = 45  # invisible points per axis that turn a click anywhere into coordinates


def score_codes(grid_values: np.ndarray) -> np.ndarray:
    """Scores as one byte per cell for the heatmap: 0 at -SCORE_CLIP, 254 at +SCORE_CLIP.

    The heatmap only colours (it has no hover), and 255 steps over ±3 are 0.024 apart, finer
    than a colour scale shows; a byte is a quarter of float32 in the payload sent on every
    slider change.
    """
    clipped = np.clip(np.nan_to_num(grid_values, nan=0.0), -SCORE_CLIP, SCORE_CLIP)
    return np.round((clipped + SCORE_CLIP) / (2 * SCORE_CLIP) * SCORE_CODES).astype(np.uint8)


def _score_traces(grid_x: np.ndarray, grid_y: np.ndarray, grid_values: np.ndarray, tr: Callable,
                  show_scale: bool, margins: bool = False) -> list[go.BaseTraceType]:
    """A score map as a heatmap with its zero level (and, with ``margins``, levels ±1).

    The level lines are found here (``playground.contours``) and sent as lines: a contour
    trace would send the whole grid once per line.
    """
    ticks = np.arange(-SCORE_CLIP, SCORE_CLIP + 1)
    traces: list[go.BaseTraceType] = [go.Heatmap(
        x=grid_x, y=grid_y, z=score_codes(grid_values), zmin=0, zmax=SCORE_CODES,
        colorscale=DIVERGING, opacity=0.8, showscale=show_scale, hoverinfo="skip",
        colorbar=dict(title=dict(text=tr("discriminative.fig.score"), side="right"), thickness=12,
                      tickvals=score_codes(ticks).tolist(),
                      ticktext=[f"{v:+.0f}" if v else "0" for v in ticks]),
    )]
    levels = [(0.0, "solid", tr("discriminative.fig.boundary"))]
    if margins:
        levels += [(-1.0, "dash", tr("discriminative.fig.margin")), (1.0, "dash", None)]
    for level, dash, name in levels:
        xs, ys = level_lines(grid_x, grid_y, grid_values, level)
        traces.append(go.Scatter(
            x=xs, y=ys, mode="lines", hoverinfo="skip",
            line=dict(color=BOUNDARY_COLOUR, width=3 if level == 0 else 1.5, dash=dash),
            name=name or "", showlegend=name is not None, legendgroup=dash,
        ))
    return traces


def _map_traces(result: FitResult, tr: Callable, show_scale: bool) -> list[go.BaseTraceType]:
    return _score_traces(result.grid_x, result.grid_y, result.grid_values, tr, show_scale,
                         margins=result.params.family == "svm")


def _point_traces(X: np.ndarray, y: np.ndarray, result: FitResult, tr: Callable,
                  show_legend: bool) -> list[go.Scatter]:
    traces = []
    for role, indices, symbol in (("train", result.train_idx, "circle"),
                                  ("test", result.test_idx, "x")):
        for label in np.unique(y):
            chosen = indices[y[indices] == label]
            traces.append(go.Scatter(
                x=X[chosen, 0], y=X[chosen, 1], mode="markers", customdata=chosen,
                name=tr(f"discriminative.fig.{role}_class", label=int(label)), showlegend=show_legend,
                legendgroup=f"{role}{label}",
                marker=dict(symbol=symbol, size=8 if role == "train" else 9,
                            color=class_colour(label), line=dict(width=1, color="white")),
                hovertemplate="(%{x:.2f}, %{y:.2f})<extra>%{fullData.name}</extra>",
            ))
    if len(result.support_idx):
        sv = result.support_idx
        traces.append(go.Scatter(
            x=X[sv, 0], y=X[sv, 1], mode="markers", customdata=sv, showlegend=show_legend,
            name=tr("discriminative.fig.support_vectors"), legendgroup="sv", hoverinfo="skip",
            marker=dict(symbol="circle-open", size=15, color=BOUNDARY_COLOUR, line=dict(width=2)),
        ))
    return traces


def click_grid_trace(result: FitResult) -> go.Scatter:
    """Invisible points everywhere on the map, so that a click on empty space is an event
    carrying coordinates (plotly reports clicks on points only)."""
    xs = np.linspace(result.grid_x[0], result.grid_x[-1], CLICK_GRID)
    ys = np.linspace(result.grid_y[0], result.grid_y[-1], CLICK_GRID)
    mesh_x, mesh_y = np.meshgrid(xs, ys)
    return go.Scatter(x=mesh_x.ravel(), y=mesh_y.ravel(), mode="markers", name="click-grid",
                      marker=dict(size=12, opacity=0), hoverinfo="none", showlegend=False)


def decision_figure(X: np.ndarray, y: np.ndarray, result: FitResult, tr: Callable, *,
                    clickable: bool = False, height: int = 560) -> go.Figure:
    """Decision function as a heatmap with its boundary (and, for SVM, margins and support
    vectors); training points as dots, test points as crosses.

    Parameters
    ----------
    X : ndarray (n, 2); y : ndarray (n,) -- the points the model was fitted on.
    clickable : add the invisible click grid used for adding points.
    """
    fig = go.Figure(_map_traces(result, tr, show_scale=True))
    if clickable:
        fig.add_trace(click_grid_trace(result))
    fig.add_traces(_point_traces(X, y, result, tr, show_legend=True))
    fig.update_xaxes(title=tr("discriminative.fig.x1"), range=[result.grid_x[0], result.grid_x[-1]])
    fig.update_yaxes(title=tr("discriminative.fig.x2"), range=[result.grid_y[0], result.grid_y[-1]])
    return base_layout(fig, height=height)


def compare_figure(X: np.ndarray, y: np.ndarray, results: dict[str, FitResult],
                   tr: Callable, panel_height: int = 400) -> go.Figure:
    """The three families on the same points and split, one panel below the other, each
    ``panel_height`` px tall with its family and accuracy in its title; one legend, below.
    (Three in a row, equal axis scales, were 130 px tall in the page's column.)"""
    titles = [tr("discriminative.fig.compare_title", model=tr(f"discriminative.family.{family}"),
                 train=_short(results[family].train_accuracy),
                 test=_short(results[family].test_accuracy)) for family in FAMILIES]
    gap = 100  # px between panels: tick labels of one panel and the title of the next
    top, bottom = 80, 70  # the first title; the last axis title
    legend_room = 100  # two rows of legend entries under the last panel
    height = 3 * panel_height + 2 * gap + top + bottom
    fig = make_subplots(rows=3, cols=1, subplot_titles=titles,
                        vertical_spacing=gap / (height - top - bottom))
    for row, family in enumerate(FAMILIES, start=1):
        traces = _map_traces(results[family], tr, show_scale=False)
        for trace in traces:  # one legend entry for the boundary, not one per panel
            if row > 1 and trace.name == tr("discriminative.fig.boundary"):
                trace.showlegend = False
        traces += _point_traces(X, y, results[family], tr, show_legend=row == 1)
        for trace in traces:
            fig.add_trace(trace, row=row, col=1)
        fig.update_xaxes(title=tr("discriminative.fig.x1") if row == 3 else None,
                         range=[results[family].grid_x[0], results[family].grid_x[-1]],
                         row=row, col=1)
        fig.update_yaxes(title=tr("discriminative.fig.x2"), scaleanchor=f"x{row if row > 1 else ''}",
                         scaleratio=1, range=[results[family].grid_y[0], results[family].grid_y[-1]],
                         row=row, col=1)
    base_layout(fig, height=height + legend_room, square=False)
    # The legend below the last panel: on the right it took the width the panels need (equal
    # axis scales: a panel's height follows its width), above it ran into the first title.
    return fig.update_layout(margin=dict(t=top, b=bottom + legend_room),
                             legend=dict(orientation="h", xanchor="left", x=0, yanchor="top",
                                         y=-(bottom + 20) / (height - top - bottom)))


def generative_figure(X: np.ndarray, y: np.ndarray, result: GenerativeResult, tr: Callable,
                      height: int = 500) -> go.Figure:
    """Logistic regression's map (left) beside the generative classifier's log-odds map
    (right) on the same points and split; on the right, logistic regression's boundary dashed
    for comparison and the new points drawn from the generative model as diamonds."""
    logreg = result.logreg
    titles = [tr("discriminative.fig.logreg_title", train=_short(logreg.train_accuracy),
                 test=_short(logreg.test_accuracy)),
              tr("discriminative.fig.generative_title", train=_short(result.train_accuracy),
                 test=_short(result.test_accuracy))]
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.06)
    left = _map_traces(logreg, tr, show_scale=False) + _point_traces(X, y, logreg, tr, True)
    for trace in left:
        fig.add_trace(trace, row=1, col=1)
    right = _score_traces(logreg.grid_x, logreg.grid_y, result.grid_values, tr, False)
    for trace in right[1:]:  # its boundary is the same legend entry as the left one's
        trace.showlegend = False
    xs, ys = level_lines(logreg.grid_x, logreg.grid_y, logreg.grid_values, 0.0)
    right.append(go.Scatter(
        x=xs, y=ys, mode="lines", hoverinfo="skip",
        line=dict(color=BOUNDARY_COLOUR, width=1.5, dash="dot"),
        name=tr("discriminative.fig.logreg_boundary"), showlegend=True))
    right += _point_traces(X, y, logreg, tr, show_legend=False)
    for trace in right[-len(np.unique(y)) * 2:]:  # the data recede behind the new points
        trace.marker.opacity = 0.35
    for label in np.unique(result.sample_labels):
        chosen = result.samples[result.sample_labels == label]
        right.append(go.Scatter(
            x=chosen[:, 0], y=chosen[:, 1], mode="markers",
            name=tr("discriminative.fig.sampled_class", label=int(label)),
            marker=dict(symbol="diamond", size=8, color=class_colour(label),
                        line=dict(width=1, color="black")),
            hovertemplate="(%{x:.2f}, %{y:.2f})<extra>%{fullData.name}</extra>"))
    for trace in right:
        fig.add_trace(trace, row=1, col=2)
    for column in (1, 2):
        fig.update_xaxes(title=tr("discriminative.fig.x1"), range=[logreg.grid_x[0],
                         logreg.grid_x[-1]], row=1, col=column)
        fig.update_yaxes(range=[logreg.grid_y[0], logreg.grid_y[-1]],
                         scaleanchor=f"x{column if column > 1 else ''}", scaleratio=1,
                         row=1, col=column)
    fig.update_yaxes(title=tr("discriminative.fig.x2"), row=1, col=1)
    base_layout(fig, height=height, square=False)
    # Below the panels: above them it would run into the two titles.
    return fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, x=0))


def _short(accuracy: float | None) -> str:
    return "–" if accuracy is None else f"{accuracy:.0%}"


# The click canvas's frame around its square map (px): tick numbers left and below, the axis
# titles beyond them.
CANVAS_LEFT, CANVAS_BOTTOM, CANVAS_PAD = 58, 46, 12


def decision_raster(X: np.ndarray, y: np.ndarray, result: FitResult,
                    size: int = 420) -> np.ndarray:
    """The decision map as an RGB image for click-to-edit canvases (Gradio's image events),
    framed by its axes: tick marks, tick numbers and the titles x1, x2.

    Returns
    -------
    ndarray of shape (size + CANVAS_PAD + CANVAS_BOTTOM, CANVAS_LEFT + size + CANVAS_PAD, 3),
    uint8. The map is the ``size`` x ``size`` square at rows ``CANVAS_PAD ...``, columns
    ``CANVAS_LEFT ...``; :func:`canvas_to_data` turns a click's pixel into data coordinates.
    """
    rows = np.linspace(len(result.grid_y) - 1, 0, size).round().astype(int)
    cols = np.linspace(0, len(result.grid_x) - 1, size).round().astype(int)
    sampled = result.grid_values[np.ix_(rows, cols)]
    score = np.clip(sampled / SCORE_CLIP, -1, 1)[..., None]
    blue, white, red = (np.array(_hex_rgb(c), float) for c in ("#0072B2", "#F7F7F7", "#D55E00"))
    image = np.where(score < 0, white + (blue - white) * -score, white + (red - white) * score)
    sign = np.sign(sampled)
    # Boundary pixels in dark grey: where the sign changes along a row or down a column (rows
    # alone leave gaps where the boundary runs nearly horizontally).
    edge = np.zeros(sign.shape, bool)
    edge[:, 1:] |= sign[:, 1:] != sign[:, :-1]
    edge[1:, :] |= sign[1:, :] != sign[:-1, :]
    image[edge] = 40
    rr, cc = np.ogrid[-4:5, -4:5]
    offsets = np.argwhere(rr**2 + cc**2 <= 16) - 4  # (k, 2) row/col offsets of a dot
    centres = data_to_raster(result, X, size).round().astype(int)  # (n, 2) col, row
    dot_rows = centres[:, 1, None] + offsets[None, :, 0]
    dot_cols = centres[:, 0, None] + offsets[None, :, 1]
    inside = (dot_rows >= 0) & (dot_rows < size) & (dot_cols >= 0) & (dot_cols < size)
    colours = np.array([_hex_rgb(class_colour(label)) for label in y], float).reshape(-1, 3)
    image[dot_rows[inside], dot_cols[inside]] = np.broadcast_to(
        colours[:, None, :], dot_rows.shape + (3,))[inside]
    return _framed(image.astype(np.uint8), result)


def nice_ticks(low: float, high: float, target: int = 6) -> np.ndarray:
    """About ``target`` round values (1, 2 or 5 times a power of ten apart) in [low, high]."""
    raw = (high - low) / max(target, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = np.ceil(low / step - 1e-9) * step
    return np.round(np.arange(first, high + step * 1e-9, step), 10)


def _framed(square: np.ndarray, result: FitResult) -> np.ndarray:
    """``square`` (size, size, 3) on a white canvas with axes drawn around it."""
    from PIL import Image, ImageDraw, ImageFont

    size = square.shape[0]
    canvas = Image.new("RGB", (CANVAS_LEFT + size + CANVAS_PAD, CANVAS_PAD + size + CANVAS_BOTTOM),
                       "white")
    canvas.paste(Image.fromarray(square), (CANVAS_LEFT, CANVAS_PAD))
    draw = ImageDraw.Draw(canvas)
    font, small = ImageFont.load_default(size=15), ImageFont.load_default(size=11)
    ink = (68, 68, 68)
    left, top, bottom = CANVAS_LEFT, CANVAS_PAD, CANVAS_PAD + size
    draw.rectangle((left - 1, top - 1, left + size, bottom), outline=ink)
    x_ticks = nice_ticks(result.grid_x[0], result.grid_x[-1])
    y_ticks = nice_ticks(result.grid_y[0], result.grid_y[-1])
    for value, (col, _) in zip(x_ticks, data_to_raster(
            result, np.column_stack([x_ticks, np.full(len(x_ticks), result.grid_y[0])]), size)):
        draw.line((left + col, bottom, left + col, bottom + 5), fill=ink)
        draw.text((left + col, bottom + 7), f"{value:g}", fill=ink, font=font, anchor="mt")
    for value, (_, row) in zip(y_ticks, data_to_raster(
            result, np.column_stack([np.full(len(y_ticks), result.grid_x[0]), y_ticks]), size)):
        draw.line((left - 6, top + row, left - 1, top + row), fill=ink)
        draw.text((left - 8, top + row), f"{value:g}", fill=ink, font=font, anchor="rm")
    # Titles x1 and x2 with the index as a subscript (the built-in font has no "₁" glyph,
    # nor "−": tick numbers keep the ASCII minus).
    for text, index, (x, y) in (("x", "1", (left + size / 2, bottom + 40)),
                                ("x", "2", (8, top + size / 2))):
        draw.text((x, y), text, fill=ink, font=font, anchor="rb")
        draw.text((x + 1, y + 3), index, fill=ink, font=small, anchor="lb")
    return np.asarray(canvas)


def canvas_to_data(result: FitResult, col: float, row: float,
                   size: int) -> tuple[float, float] | None:
    """Data coordinates of a click at pixel (col, row) of :func:`decision_raster`'s image, or
    None for a click on the frame outside the map."""
    col, row = col - CANVAS_LEFT, row - CANVAS_PAD
    if not (0 <= col <= size - 1 and 0 <= row <= size - 1):
        return None
    return raster_to_data(result, col, row, size)


def _hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def data_to_raster(result: FitResult, X: np.ndarray, size: int) -> np.ndarray:
    """Pixel (col, row) of each point of ``X`` (n, 2) on the map square of ``size`` pixels."""
    fx = (X[:, 0] - result.grid_x[0]) / (result.grid_x[-1] - result.grid_x[0])
    fy = (result.grid_y[-1] - X[:, 1]) / (result.grid_y[-1] - result.grid_y[0])
    return np.column_stack([fx, fy]) * (size - 1)


def raster_to_data(result: FitResult, col: float, row: float, size: int) -> tuple[float, float]:
    """Data coordinates of pixel (col, row) on the map square of ``size`` pixels."""
    x = result.grid_x[0] + col / (size - 1) * (result.grid_x[-1] - result.grid_x[0])
    y = result.grid_y[-1] - row / (size - 1) * (result.grid_y[-1] - result.grid_y[0])
    return float(x), float(y)


def training_figure(X: np.ndarray, y: np.ndarray, movie, tr: Callable,
                    height: int = 600) -> go.Figure:
    """The network's boundary epoch by epoch (``training.TrainingMovie``) as a plotly animation:
    one map (heatmap colours with the zero level drawn) per frame, the points fixed, the epoch
    and accuracies in the title; it opens on the last frame, Play runs from the first."""

    def title(i: int) -> str:
        return tr("discriminative.fig.epoch_title", epoch=movie.epochs[i],
                  train=_short(movie.train_accuracy[i]), test=_short(movie.test_accuracy[i]),
                  loss=f"{movie.loss[i]:.3f}")

    def score_map(i: int) -> list[go.BaseTraceType]:
        """The frame's map and boundary, drawn as the still view draws them."""
        return _score_traces(movie.grid_x, movie.grid_y, movie.frames[i], tr, show_scale=False)

    last = len(movie.frames) - 1
    fig = go.Figure(score_map(last))
    fig.add_traces(_point_traces(X, y, movie, tr, show_legend=True))
    fig.frames = [go.Frame(data=score_map(i), traces=[0, 1], name=str(movie.epochs[i]),
                           layout=dict(title=dict(text=title(i))))
                  for i in range(len(movie.frames))]
    fig.update_xaxes(title=tr("discriminative.fig.x1"), range=[movie.grid_x[0], movie.grid_x[-1]])
    fig.update_yaxes(title=tr("discriminative.fig.x2"), range=[movie.grid_y[0], movie.grid_y[-1]])
    base_layout(fig, height=height)
    step_args = dict(mode="immediate", frame=dict(duration=0, redraw=True),
                     transition=dict(duration=0))
    fig.update_layout(
        title=dict(text=title(last), x=0.01),
        legend=dict(orientation="v", xanchor="left", x=1.02, yanchor="top", y=1),
        margin=dict(t=60, b=200),
        updatemenus=[dict(type="buttons", direction="left", x=0, xanchor="left", y=0,
                          yanchor="top", pad=dict(t=85), showactive=False, buttons=[
            dict(label="▶ " + tr("discriminative.play"), method="animate",
                 args=[None, dict(mode="immediate", fromcurrent=False,
                                  frame=dict(duration=120, redraw=True),
                                  transition=dict(duration=0))]),
            dict(label="■ " + tr("discriminative.pause"), method="animate",
                 args=[[None], step_args])])],
        # The epoch is in the title; the slider's own read-out would sit on the buttons.
        # The slider under the buttons: beside them it ran into them in a narrow column.
        sliders=[dict(active=last, x=0, len=1, y=0, yanchor="top", pad=dict(t=125),
                      currentvalue=dict(visible=False),
                      steps=[dict(label=str(epoch), method="animate",
                                  args=[[str(epoch)], step_args]) for epoch in movie.epochs])])
    return fig
