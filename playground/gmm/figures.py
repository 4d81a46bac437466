"""Figures of the Gaussian-mixture page: EM steps, BIC / AIC, samples and density, soft vs hard."""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.gmm.model import COVARIANCE_TYPES, Criteria, EMTrace
from playground.style import (BOUNDARY_COLOUR, GRID_COLOUR, base_layout, class_colour,
                              legend_below)

DATA_GREY = "#9A9A9A"
DASHES = {"full": "solid", "tied": "dash", "diag": "dot", "spherical": "dashdot"}


@lru_cache(maxsize=16)
def _base_layout(height: int, square: bool) -> dict:
    """``style.base_layout`` as a plain dict, computed once: its update calls still cost several
    ms a figure (measured), too much for a page redrawn at every slider step."""
    return base_layout(go.Figure(), height=height, square=square).layout.to_plotly_json()


def _figure(traces: list, height: int, square: bool = True) -> go.Figure:
    return go.Figure(traces, layout=_base_layout(height, square))


def _rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)], float)


def soft_colours(resp: np.ndarray) -> list[str]:
    """One colour per point: the components' colours mixed in proportion to the
    responsibilities, so a point shared by two components gets an in-between shade."""
    palette = np.stack([_rgb(class_colour(k)) for k in range(resp.shape[1])])  # (k, 3)
    mixed = np.clip(resp @ palette, 0, 255).round().astype(int)
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in mixed]  # hex validates 2x faster than rgb()


def ellipse(mean: np.ndarray, cov: np.ndarray, n_sigma: float, n_points: int = 73) -> np.ndarray:
    """Points (n_points, 2) of the ellipse at Mahalanobis distance ``n_sigma`` around ``mean``."""
    values, vectors = np.linalg.eigh(cov)
    angle = np.linspace(0, 2 * np.pi, n_points)
    circle = np.column_stack([np.cos(angle), np.sin(angle)]) * n_sigma
    return mean + circle * np.sqrt(np.maximum(values, 0)) @ vectors.T


def component_traces(means: np.ndarray, full_covs: np.ndarray, tr: Callable,
                     show_legend: bool = True) -> list[go.Scatter]:
    """Each component's 1σ (solid) and 2σ (dotted) ellipse and its mean (a cross)."""
    traces = []
    for k, (mean, cov) in enumerate(zip(means, full_covs)):
        colour = class_colour(k)
        for n_sigma, dash in ((1, "solid"), (2, "dot")):
            ring = ellipse(mean, cov, n_sigma)
            traces.append(go.Scatter(
                x=ring[:, 0], y=ring[:, 1], mode="lines", hoverinfo="skip",
                line=dict(color=colour, width=2.5 if n_sigma == 1 else 1.5, dash=dash),
                name=tr("gmm.fig.ellipse", sigma=n_sigma), legendgroup=f"sigma{n_sigma}",
                showlegend=show_legend and k == 0,
            ))
    traces.append(go.Scatter(
        x=means[:, 0], y=means[:, 1], mode="markers", name=tr("gmm.fig.means"),
        showlegend=show_legend, hovertemplate="(%{x:.2f}, %{y:.2f})<extra>%{text}</extra>",
        text=[tr("gmm.fig.component", k=k) for k in range(len(means))],
        marker=dict(symbol="x-thin", size=16, line=dict(width=4, color=BOUNDARY_COLOUR)),
    ))
    return traces


def _soft_points(X: np.ndarray, resp: np.ndarray, tr: Callable, show_legend: bool) -> go.Scatter:
    top = resp.max(axis=1)
    return go.Scatter(
        x=X[:, 0], y=X[:, 1], mode="markers", name=tr("gmm.fig.points_soft"),
        showlegend=show_legend, customdata=np.column_stack([resp.argmax(axis=1), top]),
        hovertemplate=("(%{x:.2f}, %{y:.2f}) → " + tr("gmm.fig.component", k="%{customdata[0]}")
                       + " %{customdata[1]:.0%}<extra></extra>"),
        marker=dict(size=7, color=soft_colours(resp), line=dict(width=0.5, color="white")),
    )


def _axes(fig: go.Figure, X: np.ndarray, tr: Callable, **where) -> None:
    low, high = X.min(axis=0), X.max(axis=0)
    pad = np.maximum((high - low) * 0.15, 0.5)
    # The light grid of base_layout on every panel (a second subplot's axes are added after it,
    # and plotly's default black zero lines crossed the k-means panel).
    grid = dict(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, linecolor=GRID_COLOUR)
    fig.update_xaxes(title=tr("gmm.fig.x1"), range=[low[0] - pad[0], high[0] + pad[0]], **grid,
                     **where)
    fig.update_yaxes(title=tr("gmm.fig.x2"), range=[low[1] - pad[1], high[1] + pad[1]], **grid,
                     **where)


def em_figure(X: np.ndarray, trace: EMTrace, step: int, resp: np.ndarray, tr: Callable,
              height: int = 540) -> go.Figure:
    """The mixture after ``step`` EM iterations: points in soft colours, means, ellipses.

    Parameters
    ----------
    X : (n, 2) points; resp : (n, k) responsibilities of the step's parameters
    """
    fig = _figure([_soft_points(X, resp, tr, True),
                   *component_traces(trace.means[step], trace.full_covariances(step), tr)], height)
    _axes(fig, X, tr)
    fig.update_layout(
        title=dict(text=tr("gmm.fig.em_title", step=step, n=trace.n_iter,
                           ll=f"{trace.log_likelihoods[step]:.4f}"), x=0.01, font=dict(size=15)),
        margin=dict(t=50))
    return legend_below(fig)


def loglik_figure(trace: EMTrace, step: int, tr: Callable, height: int = 240) -> go.Figure:
    """Mean log-likelihood after every iteration, the shown iteration marked."""
    steps = np.arange(trace.n_iter + 1)
    fig = _figure([
        go.Scatter(x=steps, y=trace.log_likelihoods, mode="lines+markers",
                   line=dict(color=DATA_GREY), marker=dict(size=5), name=tr("gmm.fig.loglik"),
                   hovertemplate="%{x}: %{y:.4f}<extra></extra>"),
        go.Scatter(x=[step], y=[trace.log_likelihoods[step]], mode="markers",
                   marker=dict(size=13, color=class_colour(1)), name=tr("gmm.fig.shown_step"),
                   hoverinfo="skip"),
    ], height, square=False)
    fig.update_xaxes(title=tr("gmm.fig.iteration"), range=[-0.5, max(trace.n_iter, 1) + 0.5],
                     dtick=1 if trace.n_iter <= 20 else None)  # iterations are whole numbers
    fig.update_yaxes(title=tr("gmm.fig.loglik_axis"))
    fig.update_layout(showlegend=False, margin=dict(t=10))
    return fig


def criteria_figure(criteria: Criteria, n_components: int, covariance_type: str,
                    tr: Callable, height: int = 420) -> go.Figure:
    """BIC and AIC against the number of components, one line per covariance type; the
    page's setting is a star, each curve's minimum a ring."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=[tr("gmm.fig.bic"), tr("gmm.fig.aic")],
                        horizontal_spacing=0.08, figure=_figure([], height, square=False))
    for column, scores in enumerate((criteria.bic, criteria.aic), start=1):
        for i, ctype in enumerate(COVARIANCE_TYPES):
            values = scores[ctype]
            colour = class_colour(i)
            fig.add_trace(go.Scatter(
                x=criteria.ks, y=values, mode="lines+markers", legendgroup=ctype,
                name=tr(f"gmm.cov_name.{ctype}"), showlegend=column == 1,
                line=dict(color=colour, dash=DASHES[ctype]), marker=dict(size=6),
                hovertemplate="k=%{x}: %{y:.1f}<extra>%{fullData.name}</extra>",
            ), row=1, col=column)
            if np.isfinite(values).any():
                best = int(np.nanargmin(values))
                fig.add_trace(go.Scatter(
                    x=[criteria.ks[best]], y=[values[best]], mode="markers", hoverinfo="skip",
                    showlegend=column == 1 and i == 0, name=tr("gmm.fig.minimum"),
                    legendgroup="minimum",
                    marker=dict(symbol="circle-open", size=16, color=colour, line=dict(width=2)),
                ), row=1, col=column)
        chosen = scores[covariance_type][n_components - 1]
        if np.isfinite(chosen):
            fig.add_trace(go.Scatter(
                x=[n_components], y=[chosen], mode="markers", name=tr("gmm.fig.chosen"),
                showlegend=column == 1, legendgroup="chosen", hoverinfo="skip",
                marker=dict(symbol="star", size=18, color=BOUNDARY_COLOUR),
            ), row=1, col=column)
        fig.update_xaxes(title=tr("gmm.fig.n_components"), dtick=1, row=1, col=column)
    fig.update_yaxes(title=tr("gmm.fig.score_lower_better"), row=1, col=1)
    return legend_below(fig)  # the subplot titles are on top


def sample_figure(X: np.ndarray, samples: np.ndarray, Z: np.ndarray, means: np.ndarray,
                  full_covs: np.ndarray, density: tuple, tr: Callable,
                  height: int = 560) -> go.Figure:
    """Data in grey, generated points coloured by their component, the density as contours.

    Parameters
    ----------
    density : (grid_x (r,), grid_y (r,), log_p (r, r)) from ``gmm.log_density_grid``
    """
    grid_x, grid_y, log_p = density
    floor = log_p.max() - 8.0  # eight nats below the peak: the rest is empty plane
    fig = _figure([go.Contour(
        x=grid_x, y=grid_y, z=np.maximum(log_p, floor), ncontours=14, showscale=True,
        colorscale="Blues", opacity=0.55, hovertemplate="log p = %{z:.2f}<extra></extra>",
        contours=dict(coloring="fill", showlines=True), line=dict(width=0.5),
        colorbar=dict(title=dict(text=tr("gmm.fig.log_density"), side="right"), thickness=12),
    )], height)
    fig.add_trace(go.Scatter(x=X[:, 0], y=X[:, 1], mode="markers", name=tr("gmm.fig.data"),
                             marker=dict(size=6, color=DATA_GREY), hoverinfo="skip"))
    for k in np.unique(Z):
        chosen = samples[Z == k]
        fig.add_trace(go.Scatter(
            x=chosen[:, 0], y=chosen[:, 1], mode="markers", legendgroup="samples",
            name=tr("gmm.fig.samples_of", k=int(k)), hoverinfo="skip",
            marker=dict(symbol="diamond", size=6, color=class_colour(k),
                        line=dict(width=0.5, color="white")),
        ))
    fig.add_traces(component_traces(means, full_covs, tr))
    _axes(fig, np.vstack([X, samples]) if len(samples) else X, tr)
    return fig


def compare_figure(X: np.ndarray, resp: np.ndarray, means: np.ndarray, full_covs: np.ndarray,
                   labels: np.ndarray, centres: np.ndarray, tr: Callable,
                   height: int = 500) -> go.Figure:
    """The mixture's soft assignment beside k-means' hard one, on the same points."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.05,
                        subplot_titles=[tr("gmm.fig.soft_title"), tr("gmm.fig.hard_title")],
                        figure=_figure([], height, square=False))
    fig.add_trace(_soft_points(X, resp, tr, True), row=1, col=1)
    for trace in component_traces(means, full_covs, tr):
        fig.add_trace(trace, row=1, col=1)
    for k in np.unique(labels):  # one trace a cluster: one colour each, cheap to validate
        fig.add_trace(go.Scatter(
            x=X[labels == k, 0], y=X[labels == k, 1], mode="markers", legendgroup="hard",
            name=tr("gmm.fig.points_hard"), showlegend=bool(k == labels.min()),
            marker=dict(size=7, color=class_colour(k), line=dict(width=0.5, color="white")),
            hovertemplate="(%{x:.2f}, %{y:.2f})<extra></extra>",
        ), row=1, col=2)
    fig.add_trace(go.Scatter(
        x=centres[:, 0], y=centres[:, 1], mode="markers", name=tr("gmm.fig.centres"),
        marker=dict(symbol="x-thin", size=16, line=dict(width=4, color=BOUNDARY_COLOUR)),
        hoverinfo="skip",
    ), row=1, col=2)
    for column in (1, 2):
        _axes(fig, X, tr, row=1, col=column)
        fig.update_yaxes(scaleanchor=f"x{column if column > 1 else ''}", scaleratio=1,
                         row=1, col=column)
    return legend_below(fig)  # the subplot titles are on top


# ---------------------------------------------------------------------------------------------
# The numbers shown above the figures, as (label, value) pairs in display order.

def em_metrics(trace: EMTrace, step: int, tr: Callable) -> list[tuple[str, object]]:
    """The iteration shown (``step`` of the fit's iterations, as the EM figure's title says),
    mean log-likelihood at ``step``, whether EM converged."""
    return [(tr("gmm.metric_iterations"), tr("gmm.step_of", step=step, n=trace.n_iter)),
            (tr("gmm.metric_loglik"), f"{trace.log_likelihoods[step]:.4f}"),
            (tr("gmm.metric_converged"), tr("gmm.yes") if trace.converged else tr("gmm.no"))]


def best_model_metrics(criteria: Criteria, tr: Callable) -> list[tuple[str, str]]:
    """The (k, covariance type) each criterion prefers, BIC first."""
    metrics = []
    for name in ("bic", "aic"):
        k, covariance_type = criteria.best(name)
        metrics.append((tr(f"gmm.best_{name}"),
                        tr("gmm.best_value", k=k, cov=tr(f"gmm.cov_name.{covariance_type}"))))
    return metrics


def agreement_metrics(agreement: dict, tr: Callable) -> list[tuple[str, str]]:
    """``gmm.label_agreement``'s adjusted Rand indices, the mixture first."""
    return [(tr(f"gmm.ari_{name}"), f"{agreement[name]:.2f}") for name in ("gmm", "kmeans")]
