"""Figures of the first-model topic: the line moving over the points, the loss curve, W and b
over the epochs, and where the prediction at x = 10 ends for every starting W. Every visible
text goes through ``tr``; the PyTorch twin, when given, is drawn dashed over the Keras run."""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go

from playground.first_model.model import BOOK_PREDICTION, QUERY_X, History
from playground.style import BOUNDARY_COLOUR, CLASS_COLOURS, base_layout, legend_below

KERAS = CLASS_COLOURS[0]  # blue
TORCH = CLASS_COLOURS[1]  # vermilion
REFERENCE = "#777777"
POINTS = BOUNDARY_COLOUR
DIVERGED = "#C00000"
LOSS_FLOOR = 1e-14  # a loss of exactly 0 cannot sit on a log axis
PLAY_FRAMES = 50  # frames of the fit figure's animation, from the start to the last epoch
PLAY_MS = 90  # per frame: about 4.5 s for the whole run


def line_text(w: float, b: float, digits: int = 4) -> str:
    """``1.9968x - 0.99`` rather than ``1.9968x + -0.99``."""
    sign = "-" if b < 0 else "+"
    return f"{w:.{digits}g}x {sign} {abs(b):.{digits}g}"


def _legend_below(fig: go.Figure) -> go.Figure:
    # Below the plot, at the figure's bottom edge: above it the legend would run into the
    # title, and placed a fraction of the plot's height below it, it covered the axis title.
    fig.update_layout(margin=dict(t=50))
    return legend_below(fig, margin=105)


def _epoch(history: History, epoch: int | None) -> int:
    return history.epochs_done if epoch is None else max(0, min(int(epoch), history.epochs_done))


def x_span(x) -> tuple[float, float]:
    """The x range shown: the points and the chapter's query x = 10, with a margin."""
    low, high = min(float(np.min(x)), 0.0), max(float(np.max(x)), QUERY_X)
    pad = 0.08 * (high - low)
    return low - pad, high + pad


def play_frames(last: int, count: int = PLAY_FRAMES) -> list[int]:
    """Epochs an animation shows: dense at the start, where the line moves most."""
    frames = np.unique(np.round(np.geomspace(1, max(last, 1), count)).astype(int))
    return [0, *[int(f) for f in frames if 0 < f <= last]]


def _moving_traces(history: History, twin: History | None, e: int, ends) -> list[dict]:
    """The traces that change with the epoch: the Keras line, the PyTorch line, the star."""
    w, b = float(history.w[e]), float(history.b[e])
    traces = [dict(type="scatter", x=ends, y=w * ends + b)]
    if twin is not None:
        te = min(e, twin.epochs_done)
        traces.append(dict(type="scatter", x=ends, y=twin.w[te] * ends + twin.b[te]))
    prediction = history.predict(QUERY_X, e)
    traces.append(dict(type="scatter", x=[QUERY_X], y=[prediction], text=[f"{prediction:.4f}"]))
    return traces


def fit_figure(x, y, history: History, epoch: int | None, optimum: tuple[float, float] | None,
               tr: Callable, twin: History | None = None, animate: bool = False) -> go.Figure:
    """The training points and the line W x + b after ``epoch`` epochs (the last by default),
    with the least-squares line and the prediction at x = 10. The axes stay fixed over the
    epochs so the line is seen moving.

    ``animate``: add plotly frames over the whole run with Play / Stop buttons and an epoch
    slider, played by the browser itself (no round trip to the server per frame)."""
    e = _epoch(history, epoch)
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    lo, hi = x_span(x)
    ends = np.array([lo, hi])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=y, mode="markers", name=tr("first_model.fig.points"),
                             marker=dict(size=11, color=POINTS, line=dict(width=1, color="white")),
                             hovertemplate="(%{x:.3g}, %{y:.3g})<extra></extra>"))
    if optimum is not None:
        w_opt, b_opt = optimum
        fig.add_trace(go.Scatter(x=ends, y=w_opt * ends + b_opt, mode="lines",
                                 name=tr("first_model.fig.least_squares",
                                         line=line_text(w_opt, b_opt)),
                                 line=dict(color=REFERENCE, width=2, dash="dot"),
                                 hoverinfo="skip"))
    moving = _moving_traces(history, twin, e, ends)
    first_moving = len(fig.data)
    fig.add_trace(go.Scatter(**moving[0], mode="lines", name=tr("first_model.fig.keras_line"),
                             line=dict(color=KERAS, width=3), hoverinfo="skip"))
    if twin is not None:
        fig.add_trace(go.Scatter(**moving[1], mode="lines", name=tr("first_model.fig.torch_line"),
                                 line=dict(color=TORCH, width=2, dash="dash"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        **moving[-1], mode="markers+text", name=tr("first_model.fig.prediction"),
        marker=dict(symbol="star", size=16, color=KERAS), textposition="middle left",
        hovertemplate="x = 10: %{y:.6f}<extra></extra>"))
    # Fixed axes: the points, the optimum and the last line decide them, not the current epoch.
    last = history.w[-1] * ends + history.b[-1]
    prediction = history.predict(QUERY_X, e)
    ys = [*y, *last, prediction if abs(prediction) < 1e4 else 0.0]
    if optimum is not None:
        ys += list(optimum[0] * ends + optimum[1])
    y_lo, y_hi = min(ys), max(ys)
    pad = 0.1 * max(y_hi - y_lo, 1.0)
    base_layout(fig, height=520 if animate else 440, square=False)

    def title(at: int) -> str:
        return tr("first_model.fig.fit_title", epoch=at,
                  line=line_text(float(history.w[at]), float(history.b[at]), 5))

    fig.update_layout(title=title(e), margin=dict(t=50, b=10 if not animate else 110),
                      legend=dict(orientation="v", yanchor="top", y=0.99, xanchor="left", x=0.01,
                                  bgcolor="rgba(255,255,255,0.85)"))
    # With the animation's controls below the plot the x title would sit among them.
    fig.update_xaxes(title_text=None if animate else "x", range=[lo, hi])
    fig.update_yaxes(title_text="y", range=[y_lo - pad, y_hi + pad])
    if animate and history.epochs_done >= 2:
        _add_animation(fig, history, twin, e, ends, first_moving, title, tr)
    return fig


def _add_animation(fig, history, twin, e, ends, first_moving, title, tr) -> None:
    epochs = play_frames(history.epochs_done)
    indices = list(range(first_moving, len(fig.data)))
    fig.frames = [go.Frame(name=str(at), data=_moving_traces(history, twin, at, ends),
                           traces=indices, layout=dict(title_text=title(at)))
                  for at in epochs]
    step = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
            "transition": {"duration": 0}}
    fig.update_layout(
        updatemenus=[dict(type="buttons", direction="left", x=0, xanchor="left", y=-0.2,
                          yanchor="top", pad=dict(t=0, r=10), showactive=False, buttons=[
                              dict(label="▶ " + tr("first_model.fig.play"), method="animate",
                                   args=[None, {"frame": {"duration": PLAY_MS, "redraw": True},
                                                "fromcurrent": False, "mode": "immediate",
                                                "transition": {"duration": 0}}]),
                              dict(label="■ " + tr("first_model.fig.stop"), method="animate",
                                   args=[[None], step])])],
        sliders=[dict(active=int(np.argmin([abs(at - e) for at in epochs])), x=0.3, len=0.7,
                      y=-0.15, yanchor="top", pad=dict(t=0, b=0),
                      currentvalue=dict(prefix=tr("first_model.fig.epoch_prefix"),
                                        font=dict(size=13)),
                      steps=[dict(method="animate", label=str(at),
                                  args=[[str(at)], step]) for at in epochs])],
    )


def loss_figure(history: History, epoch: int | None, tr: Callable,
                twin: History | None = None) -> go.Figure:
    """Mean squared error over the epochs on a log scale, with the shown epoch marked."""
    e = _epoch(history, epoch)
    fig = go.Figure()
    epochs = np.arange(history.epochs_done + 1)
    fig.add_trace(go.Scatter(x=epochs, y=np.maximum(history.loss, LOSS_FLOOR), mode="lines",
                             name="Keras", line=dict(color=KERAS, width=3),
                             hovertemplate="%{x}: %{y:.4g}<extra>Keras</extra>"))
    if twin is not None:
        fig.add_trace(go.Scatter(x=np.arange(twin.epochs_done + 1),
                                 y=np.maximum(twin.loss, LOSS_FLOOR), mode="lines",
                                 name="PyTorch", line=dict(color=TORCH, width=2, dash="dash"),
                                 hovertemplate="%{x}: %{y:.4g}<extra>PyTorch</extra>"))
    fig.add_trace(go.Scatter(x=[e], y=[max(float(history.loss[e]), LOSS_FLOOR)], mode="markers",
                             marker=dict(size=11, color=KERAS), showlegend=False,
                             hoverinfo="skip"))
    base_layout(fig, height=380, square=False)
    title = tr("first_model.fig.loss_title")
    if history.diverged:
        title = tr("first_model.fig.loss_diverged", epoch=history.diverged_at)
        fig.add_vline(x=history.epochs_done, line=dict(color=DIVERGED, width=2, dash="dash"))
    fig.update_layout(title=dict(text=title, font=dict(color=DIVERGED) if history.diverged
                                 else None))
    _legend_below(fig)
    fig.update_xaxes(title_text=tr("first_model.fig.epoch"), range=[0, max(history.epochs, 1)])
    fig.update_yaxes(title_text=tr("first_model.fig.loss"), type="log", exponentformat="power")
    return fig


def weights_figure(history: History, epoch: int | None, optimum: tuple[float, float] | None,
                   tr: Callable, twin: History | None = None) -> go.Figure:
    """W and b over the epochs, the least-squares values as dotted targets."""
    e = _epoch(history, epoch)
    fig = go.Figure()
    epochs = np.arange(history.epochs_done + 1)
    for name, values, colour in (("W", history.w, KERAS), ("b", history.b, CLASS_COLOURS[2])):
        fig.add_trace(go.Scatter(x=epochs, y=values, mode="lines", name=f"{name} (Keras)",
                                 line=dict(color=colour, width=3),
                                 hovertemplate=f"{name}" + " %{x}: %{y:.6f}<extra></extra>"))
    if twin is not None:
        t_epochs = np.arange(twin.epochs_done + 1)
        for name, values in (("W", twin.w), ("b", twin.b)):
            fig.add_trace(go.Scatter(x=t_epochs, y=values, mode="lines",
                                     name=f"{name} (PyTorch)",
                                     line=dict(color=TORCH, width=2, dash="dash"),
                                     hovertemplate=f"{name}" + " %{x}: %{y:.6f}<extra></extra>"))
    if optimum is not None:
        for name, value in zip(("W*", "b*"), optimum):
            fig.add_hline(y=value, line=dict(color=REFERENCE, width=1.5, dash="dot"),
                          annotation_text=f"{name} = {value:.4g}", annotation_position="right")
    fig.add_trace(go.Scatter(x=[e, e], y=[history.w[e], history.b[e]], mode="markers",
                             marker=dict(size=10, color=[KERAS, CLASS_COLOURS[2]]),
                             showlegend=False, hoverinfo="skip"))
    base_layout(fig, height=380, square=False)
    fig.update_layout(title=tr("first_model.fig.weights_title"))
    _legend_below(fig)
    fig.update_xaxes(title_text=tr("first_model.fig.epoch"), range=[0, max(history.epochs, 1)])
    fig.update_yaxes(title_text=tr("first_model.fig.value"))
    return fig


def start_figure(grid, predictions, current: tuple[float, float] | None, target: float | None,
                 tr: Callable, show_book: bool = True) -> go.Figure:
    """Where the prediction at x = 10 ends, for every initial W Keras could draw (b = 0).

    ``current``: (initial W, prediction) of the run shown; ``target``: W* x 10 + b*, where
    endless training would end."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=grid, y=predictions, mode="lines", name=tr("first_model.fig.ends"),
                             line=dict(color=KERAS, width=3),
                             hovertemplate="W0 = %{x:.3f}: %{y:.6f}<extra></extra>"))
    if show_book:
        fig.add_hline(y=BOOK_PREDICTION, line=dict(color=TORCH, width=1.5, dash="dash"),
                      annotation_text=tr("first_model.fig.book", value=f"{BOOK_PREDICTION}"),
                      annotation_position="top left")
    if target is not None and np.isfinite(target):
        fig.add_hline(y=target, line=dict(color=REFERENCE, width=1.5, dash="dot"),
                      annotation_text=tr("first_model.fig.optimum", value=f"{target:.4f}"),
                      annotation_position="bottom left")
    if current is not None and np.isfinite(current[1]):
        fig.add_trace(go.Scatter(x=[current[0]], y=[current[1]], mode="markers",
                                 name=tr("first_model.fig.this_seed"),
                                 marker=dict(symbol="diamond", size=13, color=TORCH)))
    base_layout(fig, height=380, square=False)
    fig.update_layout(title=tr("first_model.fig.start_title"))
    _legend_below(fig)
    fig.update_xaxes(title_text=tr("first_model.fig.initial_w"))
    fig.update_yaxes(title_text=tr("first_model.fig.prediction_axis"), exponentformat="none",
                     tickformat=".4f")
    return fig
