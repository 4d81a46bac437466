"""Figures of the GAN lab: the game on the plane, the loss curves and GAN vs diffusion.

Colours follow Polo Club's GAN Lab: real data green, generated points purple; D's opinion is a
heatmap from purple ("fake", D = 0) through white to green ("real", D = 1) with its 0.5 contour.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.style import BOUNDARY_COLOUR, CLASS_COLOURS, base_layout

REAL_COLOUR = CLASS_COLOURS[2]  # green
FAKE_COLOUR = "#7B3294"  # purple
ARROW_COLOUR = "#D55E00"
MANIFOLD_COLOUR = "rgba(123, 50, 148, 0.45)"
HEAT_SCALE = [[0.0, "#E7D4EE"], [0.5, "#FFFFFF"], [1.0, "#CFEBDD"]]
D_COLOUR, G_COLOUR = CLASS_COLOURS[0], CLASS_COLOURS[4]  # blue, orange
LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0)
ARROW_GAIN = 0.15  # drawn length = ARROW_GAIN × scale² × |gradient| (a gradient is 1/length)
ARROW_CAP = 0.35  # longest arrow drawn, in data-scale units
MAX_CURVE_POINTS = 600  # points per loss curve drawn (longer histories are thinned)
CLICK_GRID = 41  # invisible points per axis that turn a click anywhere into coordinates


def arrow_vectors(arrows: np.ndarray, scale: float) -> np.ndarray:
    """Arrows (n, 2) as drawn: proportional to the gradient, so a vanishing gradient shows as
    vanishing arrows, and capped so that a steep one does not cross the plot."""
    drawn = np.asarray(arrows, np.float64) * ARROW_GAIN * scale**2
    length = np.linalg.norm(drawn, axis=1, keepdims=True)
    cap = ARROW_CAP * scale
    return np.where(length > cap, drawn * cap / np.maximum(length, 1e-12), drawn)


def _segments(starts: np.ndarray, ends: np.ndarray):
    n = len(starts)
    x, y = np.full(3 * n, np.nan), np.full(3 * n, np.nan)
    x[0::3], x[1::3], y[0::3], y[1::3] = starts[:, 0], ends[:, 0], starts[:, 1], ends[:, 1]
    return x, y


def _polylines(lines: list[np.ndarray]):
    """Several polylines as one trace (NaN between them)."""
    if not lines:
        return [], []
    joined = np.concatenate([np.vstack([line, [[np.nan, np.nan]]]) for line in lines])
    return joined[:, 0], joined[:, 1]


def game_figure(snap, box, scale: float, tr: Callable, *, show=("heat", "manifold", "arrows"),
                clickable: bool = False, height: int = 600) -> go.Figure:
    """The whole game on the plane: D's heatmap and 0.5 contour, real points, G's manifold,
    the fake points and the arrows along which G's loss pushes them.

    Parameters
    ----------
    snap : :class:`playground.gan.views.Snapshot`
    scale : the data's spread (arrow lengths)
    show : which layers to draw besides the points
    clickable : add an invisible grid so that a click anywhere reports its coordinates
    """
    fig = go.Figure()
    if "heat" in show:
        fig.add_trace(go.Heatmap(
            x=snap.grid_x, y=snap.grid_y, z=snap.heat, zmin=0, zmax=1, colorscale=HEAT_SCALE,
            name=tr("gan.fig.d_output"), colorbar=dict(title=tr("gan.fig.d_short"), len=0.6,
                                                       thickness=12),
            hovertemplate="x = %{x:.2f}, y = %{y:.2f}<br>D(x) = %{z:.2f}<extra></extra>"))
        fig.add_trace(go.Contour(
            x=snap.grid_x, y=snap.grid_y, z=snap.heat, showscale=False, hoverinfo="skip",
            contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
            line=dict(color=BOUNDARY_COLOUR, width=1.5, dash="dot"), name=tr("gan.fig.contour"),
            showlegend=True))
    if clickable:
        xs, ys = np.linspace(*box[0], CLICK_GRID), np.linspace(*box[1], CLICK_GRID)
        mesh_x, mesh_y = np.meshgrid(xs, ys)
        fig.add_trace(go.Scatter(x=mesh_x.ravel(), y=mesh_y.ravel(), mode="markers",
                                 marker=dict(size=10, opacity=0), hoverinfo="none",
                                 showlegend=False, name="click-grid"))
    real = snap.real
    fig.add_trace(go.Scatter(x=real[:, 0], y=real[:, 1], mode="markers", name=tr("gan.fig.real"),
                             marker=dict(color=REAL_COLOUR, size=4, opacity=0.55),
                             hoverinfo="skip"))
    if "manifold" in show and snap.manifold:
        mx, my = _polylines(snap.manifold)
        fig.add_trace(go.Scatter(x=mx, y=my, mode="lines", name=tr("gan.fig.manifold"),
                                 line=dict(color=MANIFOLD_COLOUR, width=1), hoverinfo="skip"))
    fake = snap.fake
    fig.add_trace(go.Scatter(x=fake[:, 0], y=fake[:, 1], mode="markers", name=tr("gan.fig.fake"),
                             marker=dict(color=FAKE_COLOUR, size=5, opacity=0.85),
                             hoverinfo="skip"))
    if "arrows" in show and len(fake):
        ends = fake + arrow_vectors(snap.arrows, scale)
        ax, ay = _segments(fake, ends)
        sizes = np.tile([0, 7, 0], len(fake))
        fig.add_trace(go.Scatter(
            x=ax, y=ay, mode="lines+markers", name=tr("gan.fig.arrows"), hoverinfo="skip",
            line=dict(color=ARROW_COLOUR, width=1),
            marker=dict(symbol="arrow", angleref="previous", size=sizes, color=ARROW_COLOUR)))
    fig.update_xaxes(range=box[0], title="x₁", constrain="domain")
    fig.update_yaxes(range=box[1], title="x₂", constrain="domain")
    base_layout(fig, height=height)
    fig.update_layout(title=dict(text=tr("gan.fig.game_title", step=snap.step), x=0.01, y=0.98),
                      legend=LEGEND_BELOW, margin=dict(t=45, b=10), uirevision="gan-game")
    return fig


def _thin(steps, values, window: int):
    """Running mean over ``window`` steps, thinned to at most MAX_CURVE_POINTS points."""
    values = np.asarray(values, np.float64)
    steps = np.asarray(steps)
    if len(values) >= window > 1:
        values = np.convolve(values, np.ones(window) / window, mode="valid")
        steps = steps[window - 1:]
    every = max(1, len(values) // MAX_CURVE_POINTS)
    return steps[::every], values[::every]


def loss_figure(history: dict, loss: str, tr: Callable, height: int = 360) -> go.Figure:
    """Left: D's and G's losses per step (running mean over 20 steps) with the values they take
    at the game's equilibrium. Right: D's mean output on real and on fake points."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.12,
                        subplot_titles=(tr("gan.fig.losses"), tr("gan.fig.d_means")))
    steps = history["step"]
    for key, colour, name in (("d_loss", D_COLOUR, "gan.fig.d_loss"),
                              ("g_loss", G_COLOUR, "gan.fig.g_loss")):
        x, y = _thin(steps, history[key], 20)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=colour, width=2),
                                 name=tr(name)), 1, 1)
    # At equilibrium D(x) = 1/2 everywhere: D's loss is log 4, G's is ∓log 2.
    g_equilibrium = -np.log(2) if loss == "minimax" else np.log(2)
    for value, colour in ((np.log(4), D_COLOUR), (g_equilibrium, G_COLOUR)):
        fig.add_hline(y=value, line=dict(color=colour, dash="dot", width=1), row=1, col=1)
    for key, colour, name in (("d_real", REAL_COLOUR, "gan.fig.d_real"),
                              ("d_fake", FAKE_COLOUR, "gan.fig.d_fake")):
        x, y = _thin(steps, history[key], 20)
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line=dict(color=colour, width=2),
                                 name=tr(name)), 1, 2)
    fig.add_hline(y=0.5, line=dict(color=BOUNDARY_COLOUR, dash="dot", width=1), row=1, col=2)
    fig.update_xaxes(title=tr("gan.fig.step"))
    fig.update_yaxes(range=[-0.02, 1.02], row=1, col=2)
    base_layout(fig, height=height, square=False)
    fig.update_layout(legend=dict(LEGEND_BELOW, y=-0.3), margin=dict(t=40, b=10))
    return fig


def compare_figure(X: np.ndarray, results: dict, box, tr: Callable,
                   height: int = 430) -> go.Figure:
    """GAN and diffusion samples side by side over the data, their quality in the titles.

    results : {"gan" | "diffusion": {"samples": (n, 2), "energy": float, ...}}
    """
    names = [name for name in ("gan", "diffusion") if name in results]
    titles = [tr(f"gan.compare.{name}_title", energy=results[name]["energy"]) for name in names]
    fig = make_subplots(rows=1, cols=len(names), subplot_titles=titles, horizontal_spacing=0.06)
    for col, name in enumerate(names, start=1):
        samples = results[name]["samples"]
        fig.add_trace(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name=tr("gan.fig.real"),
                                 marker=dict(color=REAL_COLOUR, size=3, opacity=0.35),
                                 showlegend=col == 1, hoverinfo="skip"), 1, col)
        fig.add_trace(go.Scatter(x=samples[:, 0], y=samples[:, 1], mode="markers",
                                 name=tr(f"gan.compare.{name}"), hoverinfo="skip",
                                 marker=dict(color=FAKE_COLOUR if name == "gan" else D_COLOUR,
                                             size=3, opacity=0.7)), 1, col)
        fig.update_xaxes(range=box[0], row=1, col=col)
        fig.update_yaxes(range=box[1], scaleanchor=f"x{col if col > 1 else ''}", row=1, col=col)
    base_layout(fig, height=height, square=False)
    return fig


def compare_rows(results: dict, tr: Callable) -> list[dict]:
    """One table row per model: training steps and time, sampling time, quality."""
    rows = []
    for name in ("gan", "diffusion"):
        if name not in results:
            continue
        r = results[name]
        row = {tr("gan.compare.model"): tr(f"gan.compare.{name}"),
               tr("gan.compare.steps"): int(r["steps"]),
               tr("gan.compare.train_seconds"): round(float(r["train_seconds"]), 1),
               tr("gan.compare.sample_seconds"): round(float(r["sample_seconds"]), 3),
               tr("gan.metric.energy"): round(float(r["energy"]), 4)}
        if r.get("modes") is not None:
            row[tr("gan.metric.modes")] = int(r["modes"])
            row[tr("gan.metric.off_mode")] = f"{r['off_mode']:.0%}"
        rows.append(row)
    return rows
