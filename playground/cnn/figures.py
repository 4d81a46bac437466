"""Figures of the CNN topic: the feature maps of one digit, the fully connected layers, the
training curves, the confusion matrix, the digits the network gets wrong and the clickable pixel
grid. Every visible text comes through ``tr``; nothing here imports torch."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.style import CLASS_COLOURS, base_layout

GREYS = [[0.0, "#FFFFFF"], [1.0, "#111111"]]  # ink on paper, as the digits are drawn
MAPS = [[0.0, "#FFFFFF"], [0.5, "#E69F00"], [1.0, "#7A2E00"]]  # activations: white = silent
MAP_STAGES = ("input", "conv1", "pool1", "conv2", "pool2")  # stages drawn as pictures
DENSE_STAGES = ("fc1", "fc2")
GAP = 1  # blank pixels between two maps of a mosaic


def _mosaic(maps: np.ndarray, per_row: int) -> np.ndarray:
    """Maps of shape (c, h, w), each scaled to its own maximum, tiled ``per_row`` to a row with
    NaN gaps (drawn blank), as one array: one heatmap draws far faster than c subplots."""
    c, h, w = maps.shape
    rows = -(-c // per_row)
    out = np.full((rows * (h + GAP) - GAP, per_row * (w + GAP) - GAP), np.nan)
    for i, m in enumerate(maps):
        peak = float(np.abs(m).max())
        r, k = divmod(i, per_row)
        out[r * (h + GAP):r * (h + GAP) + h, k * (w + GAP):k * (w + GAP) + w] = (
            m / peak if peak > 0 else m)
    return out


def feature_maps_figure(stage_arrays: dict, tr, *, height: int = 760) -> go.Figure:
    """The digit and what each convolution and pooling makes of it, one row per stage.

    ``stage_arrays``: ``{stage id: array}`` for one digit, maps of shape (c, h, w), as from
    :func:`playground.cnn.model.stages` (batch dimension removed).
    """
    rows = [s for s in MAP_STAGES if s in stage_arrays]
    titles = [tr(f"cnn.stage.{s}") + " · " + " × ".join(map(str, stage_arrays[s].shape))
              for s in rows]
    fig = make_subplots(rows=len(rows), cols=1, subplot_titles=titles, vertical_spacing=0.06)
    for i, stage in enumerate(rows, start=1):
        maps = np.asarray(stage_arrays[stage], dtype=float)
        if stage == "input":
            image, scale, colours = maps[0], None, GREYS
        else:
            image, scale, colours = _mosaic(maps, per_row=8), (0.0, 1.0), MAPS
        fig.add_trace(go.Heatmap(
            z=image, colorscale=colours, showscale=False, hoverongaps=False,
            zmin=None if scale is None else scale[0], zmax=None if scale is None else scale[1],
            hovertemplate=tr("cnn.map_hover") + "<extra></extra>"), row=i, col=1)
        fig.update_yaxes(autorange="reversed", scaleanchor=f"x{i if i > 1 else ''}",
                         visible=False, row=i, col=1)
        fig.update_xaxes(visible=False, row=i, col=1)
    base_layout(fig, height=height, square=False)
    fig.update_layout(margin=dict(l=10, r=10, t=40, b=10))
    return fig


def dense_figure(stage_arrays: dict, probabilities: np.ndarray, tr, *,
                 height: int = 420) -> go.Figure:
    """The fully connected part: the activations of fc1 and fc2 (after ReLU) and the ten
    output probabilities (softmax of fc3's scores)."""
    fig = make_subplots(rows=3, cols=1, vertical_spacing=0.14, subplot_titles=[
        tr("cnn.stage.fc1") + f" · {len(stage_arrays['fc1'])}",
        tr("cnn.stage.fc2") + f" · {len(stage_arrays['fc2'])}",
        tr("cnn.probabilities")])
    for row, stage in enumerate(DENSE_STAGES, start=1):
        values = np.asarray(stage_arrays[stage], dtype=float)
        fig.add_trace(go.Bar(x=np.arange(len(values)), y=values, marker_color=CLASS_COLOURS[4],
                             hovertemplate=tr("cnn.unit_hover") + "<extra></extra>",
                             showlegend=False), row=row, col=1)
    best = int(np.argmax(probabilities))
    fig.add_trace(go.Bar(x=[str(d) for d in range(10)], y=probabilities, showlegend=False,
                         marker_color=[CLASS_COLOURS[0] if d == best else "#B8C4D6"
                                       for d in range(10)],
                         text=[f"{p:.0%}" if p >= 0.01 else "" for p in probabilities],
                         textposition="outside", cliponaxis=False,
                         hovertemplate=tr("cnn.prob_hover") + "<extra></extra>"), row=3, col=1)
    fig.update_yaxes(range=[0, 1.15], tickformat=".0%", row=3, col=1)
    fig.update_xaxes(type="category", row=3, col=1)
    base_layout(fig, height=height, square=False)
    fig.update_layout(margin=dict(l=50, r=10, t=40, b=30))
    return fig


def curves_figure(history, tr, *, height: int = 360) -> go.Figure:
    """Training and test accuracy after every epoch, with the training loss on a second axis.

    ``history``: the :class:`~playground.cnn.model.EpochReport` list of a trainer.
    """
    epochs = [h.epoch for h in history]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=epochs, y=[h.train_accuracy for h in history], mode="lines+markers",
                             name=tr("cnn.train_accuracy"), line_color=CLASS_COLOURS[0]))
    fig.add_trace(go.Scatter(x=epochs, y=[h.test_accuracy for h in history], mode="lines+markers",
                             name=tr("cnn.test_accuracy"), line_color=CLASS_COLOURS[1]))
    fig.add_trace(go.Scatter(x=epochs, y=[h.loss for h in history], mode="lines",
                             name=tr("cnn.loss"), line=dict(color="#999999", dash="dot")),
                  secondary_y=True)
    base_layout(fig, height=height, square=False)
    # Whole epochs only: "0.5" between two epochs read as a half-trained network.
    fig.update_xaxes(title_text=tr("cnn.epoch"), rangemode="tozero",
                     dtick=1 if len(epochs) <= 20 else None)
    fig.update_yaxes(title_text=tr("cnn.accuracy"), tickformat=".0%", range=[0, 1.02],
                     secondary_y=False)
    fig.update_yaxes(title_text=tr("cnn.loss"), rangemode="tozero", showgrid=False,
                     secondary_y=True)
    fig.update_layout(margin=dict(l=70, r=70, t=40, b=50))
    return fig


def confusion_figure(confusion: np.ndarray, tr, *, height: int = 430) -> go.Figure:
    """Counts of (true digit, predicted digit) on the test digits; the diagonal is right."""
    digits = [str(d) for d in range(10)]
    fig = go.Figure(go.Heatmap(
        z=confusion, x=digits, y=digits, colorscale="Blues", showscale=False,
        text=confusion, texttemplate="%{text}",
        hovertemplate=tr("cnn.confusion_hover") + "<extra></extra>"))
    base_layout(fig, height=height)
    fig.update_xaxes(title_text=tr("cnn.predicted"), type="category", side="top")
    fig.update_yaxes(title_text=tr("cnn.true_digit"), type="category", autorange="reversed")
    fig.update_layout(margin=dict(l=60, r=10, t=70, b=10))
    return fig


def digit_gallery(images: np.ndarray, captions: list[str], tr, *, per_row: int = 8,
                  height: int | None = None) -> go.Figure:
    """Small 8 × 8 digits side by side, each with a caption above (e.g. "7 → 1" for a mistake).

    One heatmap of all digits with blank gaps (a subplot per digit is many times slower to build
    and to draw), the captions as annotations.
    """
    n = len(images)
    if n == 0:
        fig = go.Figure()
        fig.add_annotation(text=tr("cnn.no_mistakes"), showarrow=False, font_size=18)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return base_layout(fig, height=120, square=False)
    rows, side, caption_rows = -(-n // per_row), 8, 4  # caption space: 4 pixel heights
    cell_w, cell_h = side + 2, side + caption_rows
    mosaic = np.full((rows * cell_h, per_row * cell_w - 2), np.nan)
    notes = []
    for i, (image, caption) in enumerate(zip(images, captions)):
        r, c = divmod(i, per_row)
        top, left = r * cell_h + caption_rows, c * cell_w
        mosaic[top:top + side, left:left + side] = image
        notes.append(dict(x=left + side / 2 - 0.5, y=top - 1.2, text=caption, showarrow=False,
                          font_size=13))
    fig = go.Figure(go.Heatmap(z=mosaic, colorscale=GREYS, zmin=0, zmax=16, showscale=False,
                               hoverinfo="skip"))
    base_layout(fig, height=height or 30 + 110 * rows)
    fig.update_xaxes(visible=False, range=[-0.5, per_row * cell_w - 2.5])
    fig.update_yaxes(visible=False, autorange="reversed")
    fig.update_layout(annotations=notes, margin=dict(l=5, r=5, t=5, b=5))
    return fig


def pixel_grid_figure(grid: np.ndarray, tr, *, height: int = 360) -> go.Figure:
    """The 8 × 8 digit as 64 clickable squares (a scatter, so a click selects one point).

    Point ``i`` is pixel (row, col) = divmod(i, 8); the page toggles the pixel a click selects.
    """
    rows, cols = np.divmod(np.arange(64), 8)
    values = np.asarray(grid, dtype=float).reshape(-1)
    fig = go.Figure(go.Scatter(
        x=cols, y=rows, mode="markers",
        marker=dict(symbol="square", size=34, color=values, cmin=0, cmax=16, colorscale=GREYS,
                    line=dict(color="#B8C4D6", width=1)),
        hovertemplate=tr("cnn.pixel_hover") + "<extra></extra>", customdata=values))
    base_layout(fig, height=height)
    fig.update_xaxes(range=[-0.6, 7.6], showticklabels=False, showgrid=False, zeroline=False,
                     fixedrange=True)
    fig.update_yaxes(range=[7.6, -0.6], showticklabels=False, showgrid=False, zeroline=False,
                     fixedrange=True)
    fig.update_layout(clickmode="event+select", dragmode=False, margin=dict(l=5, r=5, t=5, b=5))
    return fig


def pixel_raster(grid: np.ndarray, cell: int = 40) -> np.ndarray:
    """The 8 × 8 digit as an RGB picture of ``8 * cell`` pixels a side, with grid lines, for a
    clickable ``gr.Image`` (pixel (x, y) of a click is digit pixel (y // cell, x // cell))."""
    ink = 255 - np.clip(np.asarray(grid, dtype=float), 0, 16) / 16 * 240
    image = np.repeat(np.repeat(ink, cell, axis=0), cell, axis=1)
    image[::cell, :] = image[:, ::cell] = 200
    return np.stack([image.astype(np.uint8)] * 3, axis=-1)


def history_csv(history) -> bytes:
    """The training curves as CSV: one row per epoch."""
    lines = ["epoch,loss,train_accuracy,test_accuracy,seconds"]
    lines += [f"{h.epoch},{h.loss:.6g},{h.train_accuracy:.6g},{h.test_accuracy:.6g},"
              f"{h.seconds:.3f}" for h in history]
    return ("\n".join(lines) + "\n").encode()


def layer_rows(table: list[dict], tr) -> list[dict]:
    """The layer table with translated column names, for a data frame in either app."""
    return [{tr("cnn.col_stage"): tr(f"cnn.stage.{row['stage']}"),
             tr("cnn.col_shape"): " × ".join(map(str, row["shape"])),
             tr("cnn.col_params"): f"{row['params']:,}"} for row in table]
