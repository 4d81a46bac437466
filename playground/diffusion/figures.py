"""Figures of the 2-D diffusion page: the forward process, the reverse process, the learned
denoising directions and the training loss."""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.style import BOUNDARY_COLOUR, CLASS_COLOURS, base_layout

DATA_COLOUR = "#BBBBBB"  # the training data, always in the background
SAMPLE_COLOUR = CLASS_COLOURS[0]  # noisy / generated points
PATH_COLOUR = CLASS_COLOURS[1]  # trajectories and arrows
MAX_FRAMES = 40  # animation frames: smooth enough, and the figure stays a few hundred kB
LEGEND_GAP = 95  # px from the forward plot's bottom to its legend: below the x titles
CONTROLS_GAP = 95  # px from the reverse plot's bottom to its play controls: below the x title
REVERSE_MARGIN = dict(t=90, b=CONTROLS_GAP + 65)  # room for the slider and its step labels
MAX_ANIMATED = 400  # points drawn in the animation


def view_box(X: np.ndarray, spread: float) -> tuple[list[float], list[float]]:
    """Axis ranges that hold the data and noise of standard deviation ``spread`` around it."""
    centre = X.mean(axis=0)
    half = max(float(np.abs(X - centre).max()), 3.0 * spread) * 1.05
    return [centre[0] - half, centre[0] + half], [centre[1] - half, centre[1] + half]


def _points(X, colour, name, size=4, opacity=0.7, **kwargs) -> go.Scatter:
    return go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name=name, hoverinfo="skip",
                      marker=dict(color=colour, size=size, opacity=opacity), **kwargs)


def forward_figure(X0: np.ndarray, Xt: np.ndarray, t: int, snr: dict[str, np.ndarray], kind: str,
                   box, tr: Callable, height: int = 430) -> go.Figure:
    """Left: the data and the same points after ``t`` noising steps. Right: the signal-to-noise
    ratio of each schedule per step (log scale), the chosen one bold, step ``t`` marked.

    Parameters
    ----------
    X0, Xt : (n, 2) clean and noisy points, data units
    snr : schedule kind -> (T,) ᾱ_t / (1 - ᾱ_t)
    """
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.14,
                        subplot_titles=(tr("diffusion.fig.forward_title", t=t),
                                        tr("diffusion.fig.snr_title")))
    fig.add_trace(_points(X0, DATA_COLOUR, tr("diffusion.fig.data"), opacity=0.5), 1, 1)
    fig.add_trace(_points(Xt, SAMPLE_COLOUR, tr("diffusion.fig.noisy", t=t)), 1, 1)
    for name, curve in snr.items():
        chosen = name == kind
        fig.add_trace(go.Scatter(
            x=np.arange(len(curve)), y=curve, mode="lines", name=tr(f"diffusion.schedule.{name}"),
            line=dict(color=PATH_COLOUR if chosen else DATA_COLOUR, width=3 if chosen else 2,
                      dash="solid" if chosen else "dash"),
            hovertemplate="t = %{x}<br>SNR = %{y:.3g}<extra></extra>"), 1, 2)
    fig.add_trace(go.Scatter(x=[t], y=[snr[kind][t]], mode="markers", showlegend=False,
                             marker=dict(size=12, color=BOUNDARY_COLOUR), hoverinfo="skip"), 1, 2)
    fig.update_xaxes(range=box[0], title=tr("diffusion.fig.x1"), row=1, col=1)
    fig.update_yaxes(range=box[1], title=tr("diffusion.fig.x2"), scaleanchor="x", row=1, col=1)
    fig.update_xaxes(title=tr("diffusion.fig.step"), row=1, col=2)
    fig.update_yaxes(type="log", title=tr("diffusion.fig.snr"), exponentformat="power", row=1, col=2)
    fig = base_layout(fig, height=height, square=False)
    # The legend goes below the x axes' titles (a paper y is a share of the plot area's height).
    margin = dict(b=LEGEND_GAP + 45, t=50)
    fig.update_layout(legend=dict(y=-LEGEND_GAP / (height - margin["b"] - margin["t"]),
                                  yanchor="top"), margin=margin)
    return fig


def _frame_indices(n_frames: int, current: int) -> list[int]:
    return sorted({*np.linspace(0, n_frames - 1, min(n_frames, MAX_FRAMES)).round().astype(int),
                   current})


def reverse_figure(trajectory: np.ndarray, timesteps: np.ndarray, data: np.ndarray, k: int, box,
                   tr: Callable, n_paths: int = 5, height: int = 560) -> go.Figure:
    """Samples on their way from noise to data, frame ``k`` shown (k steps done), with a play
    button and slider running through the frames, and the full paths of ``n_paths`` points.

    Parameters
    ----------
    trajectory : (K + 1, n, 2), data units: pure noise first, then after each of K steps
    timesteps : (K,) the step t removed at each sampling step
    data : (m, 2) the training points, drawn in grey
    """
    path = trajectory[:, :MAX_ANIMATED]
    followed = path[:, :n_paths]

    def label(i):
        if i < len(timesteps):
            return tr("diffusion.fig.frame", k=i, t=int(timesteps[i]))
        return tr("diffusion.fig.frame_done", k=i)

    def moving(i):
        return [_points(path[i], SAMPLE_COLOUR, tr("diffusion.fig.samples")),
                _points(followed[i], PATH_COLOUR, tr("diffusion.fig.followed"), size=11, opacity=1,
                        showlegend=False)]

    fig = go.Figure([_points(data, DATA_COLOUR, tr("diffusion.fig.data"), opacity=0.5), *moving(k)])
    for j in range(followed.shape[1]):
        fig.add_trace(go.Scatter(x=followed[:, j, 0], y=followed[:, j, 1], mode="lines",
                                 line=dict(color=PATH_COLOUR, width=1), opacity=0.55,
                                 name=tr("diffusion.fig.paths"), legendgroup="paths",
                                 showlegend=j == 0, hoverinfo="skip"))
    indices = _frame_indices(len(path), k)
    fig.frames = [go.Frame(data=moving(i), traces=[1, 2], name=str(i),
                           layout=dict(title=dict(text=label(i)))) for i in indices]
    # The play buttons and the frame slider sit CONTROLS_GAP px below the plot area, under the
    # x axis's tick labels and title (a paper y is a share of the plot area's height).
    below = -CONTROLS_GAP / (height - REVERSE_MARGIN["t"] - REVERSE_MARGIN["b"])
    play = dict(frame=dict(duration=120, redraw=False), transition=dict(duration=0),
                fromcurrent=True, mode="immediate")
    fig.update_layout(
        title=label(k),
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=below, xanchor="left",
                          yanchor="top", direction="left", buttons=[
                              dict(label="▶", method="animate", args=[None, play]),
                              dict(label="❚❚", method="animate",
                                   args=[[None], dict(mode="immediate",
                                                      frame=dict(duration=0))])])],
        sliders=[dict(active=indices.index(k), x=0.14, len=0.86, y=below, yanchor="top",
                      pad=dict(t=0, b=0),
                      currentvalue=dict(visible=False), steps=[
                          dict(method="animate", label=str(i),
                               args=[[str(i)], dict(mode="immediate", frame=dict(duration=0),
                                                    transition=dict(duration=0))])
                          for i in indices])])
    fig.update_xaxes(range=box[0], title=tr("diffusion.fig.x1"))
    fig.update_yaxes(range=box[1], title=tr("diffusion.fig.x2"))
    fig = base_layout(fig, height=height)
    fig.update_layout(margin=REVERSE_MARGIN)
    return fig


def direction_figure(grid: np.ndarray, directions: np.ndarray, points: np.ndarray,
                     data: np.ndarray, t: int, box, tr: Callable,
                     height: int = 520) -> go.Figure:
    """Arrows on a grid: where the denoiser pushes a point at step ``t`` (towards its guess of
    the clean point). The longest arrow spans about one grid cell; lengths grow with the square
    root of the push, so that short arrows near the data stay visible.

    Parameters
    ----------
    grid, directions : (g, 2) arrow tails and vectors, data units
    points : (n, 2) the samples at that step, for context
    """
    cell = (box[0][1] - box[0][0]) / (np.sqrt(len(grid)) - 1)
    length = np.linalg.norm(directions, axis=1)
    longest = max(float(length.max()), 1e-12)
    shown = 0.9 * cell * np.sqrt(length / longest)
    tips = grid + directions * (shown / np.maximum(length, 1e-12))[:, None]
    xs = np.column_stack([grid[:, 0], tips[:, 0], np.full(len(grid), np.nan)]).ravel()
    ys = np.column_stack([grid[:, 1], tips[:, 1], np.full(len(grid), np.nan)]).ravel()
    sizes = np.tile([0, 9, 0], len(grid))
    fig = go.Figure([
        _points(data, DATA_COLOUR, tr("diffusion.fig.data"), opacity=0.5),
        _points(points, SAMPLE_COLOUR, tr("diffusion.fig.samples_at", t=t), size=3, opacity=0.5),
        go.Scatter(x=xs, y=ys, mode="lines+markers", name=tr("diffusion.fig.arrows"),
                   line=dict(color=PATH_COLOUR, width=1.5), hoverinfo="skip",
                   marker=dict(symbol="arrow", angleref="previous", size=sizes,
                               color=PATH_COLOUR)),
    ])
    fig.update_layout(title=tr("diffusion.fig.arrows_title", t=t))
    fig.update_xaxes(range=box[0], title=tr("diffusion.fig.x1"))
    fig.update_yaxes(range=box[1], title=tr("diffusion.fig.x2"))
    fig = base_layout(fig, height=height)
    fig.update_layout(margin=dict(t=70))
    return fig


def loss_figure(losses: list[float], tr: Callable, height: int = 260) -> go.Figure:
    """Loss per training step (faint) and its running mean over 50 steps."""
    losses = np.asarray(losses, float)
    window = min(50, max(1, len(losses)))
    smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
    fig = go.Figure([
        go.Scatter(y=losses, mode="lines", line=dict(color=DATA_COLOUR, width=1),
                   name=tr("diffusion.fig.loss_raw")),
        go.Scatter(x=np.arange(window - 1, len(losses)), y=smooth, mode="lines",
                   line=dict(color=SAMPLE_COLOUR, width=2.5), name=tr("diffusion.fig.loss_mean")),
    ])
    fig.update_xaxes(title=tr("diffusion.fig.iteration"))
    fig.update_yaxes(title=tr("diffusion.fig.loss"), rangemode="tozero")
    return base_layout(fig, height=height, square=False)
