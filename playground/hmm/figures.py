"""Figures of the HMM page: state diagram, sampled sequence, decoding and posteriors, learning."""

from __future__ import annotations

from typing import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.errors import InputError
from playground.style import BOUNDARY_COLOUR, base_layout, class_colour
from playground.hmm import PRESETS, Analysis, ModelSpec

NODE_RADIUS = 0.45  # in the diagram's data units; the nodes sit on a ring of radius 1 to 1.3
LOOP_RADIUS = 0.25  # a state's arrow to itself
LABEL_FONT = 14  # px: state names and probabilities on the diagram
DIAGRAM_WIDTH = 460  # px: about the width of the diagram's column on a laptop screen
# In presenter mode (1920 px wide, names at 1.6 times the size) the column is about 700 px wide:
# drawn for 620 px, the circles grow with the names and a four-state ring still ends above the
# fold.
PRESENTER_DIAGRAM_WIDTH = 620
DIAGRAM_MARGIN = dict(l=10, r=10, t=60, b=10)
HEATMAP_FONT = 14  # px: the numbers in the learned-parameter heatmaps
HEATMAP_ROW = 44  # px per state row of those heatmaps
PATH_STEPS = 120  # the 2-D path joins at most this many consecutive points (then a hairball)
GAUSS_HEADERS = ["μ₁", "μ₂", "σ₁", "σ₂", "ρ"]  # both UIs' headers of hmm.GAUSS_COLUMNS


def state_names(preset: str, tr: Callable) -> list[str]:
    return [tr(f"hmm.state.{key}") for key in PRESETS[preset].states]


def symbol_names(preset: str, tr: Callable) -> list[str]:
    return [tr(f"hmm.symbol.{key}") for key in PRESETS[preset].symbols]


def localise(error: InputError, tr: Callable, names: list[str]) -> InputError:
    """The same error with the table and row named in the reader's language."""
    params = dict(error.params)
    if "table" in params:
        params["table"] = tr(f"hmm.table.{params['table']}")
    if "row" in params:
        params["row"] = names[params["row"]] if params["row"] < len(names) else params["row"] + 1
    return InputError(error.key, **params)


def _titled(fig: go.Figure, title: str) -> go.Figure:
    """A title above the legend (base_layout puts the legend just over the plot), on the left,
    clear of the toolbar that appears on the right. Its top sits 8 px below the figure's edge
    whatever the height (at y=0.98 of a 170 px diagram, the Chinese title's full-width
    brackets reached past the edge and were cut)."""
    fig.update_layout(title=dict(text=title, y=1.0, yanchor="top", pad=dict(t=8), x=0.01,
                                 xanchor="left", font=dict(size=15)),
                      margin=dict(t=85))
    return fig


def _discrete_scale(k: int) -> list:
    """A colour scale giving integer state s exactly its state colour (zmin -0.5, zmax k-0.5)."""
    scale = []
    for state in range(k):
        scale += [[state / k, class_colour(state)], [(state + 1) / k, class_colour(state)]]
    return scale


def _bezier(start, end, bend: float, n: int = 30) -> np.ndarray:
    """Points of a quadratic curve from start to end, bulging ``bend`` to the left."""
    start, end = np.asarray(start), np.asarray(end)
    normal = np.array([-(end - start)[1], (end - start)[0]])
    control = (start + end) / 2 + bend * normal
    s = np.linspace(0, 1, n)[:, None]
    return (1 - s) ** 2 * start + 2 * (1 - s) * s * control + s**2 * end


def node_label(name: str) -> str:
    """A state name broken into lines that fit its circle: words on lines of their own (a
    Chinese name, written without spaces, stays on one line)."""
    return "<br>".join(name.split())


def _label_width(line: str, size: float) -> float:
    """Rough width in px of one line of text: CJK characters are square, Latin about 0.6 em."""
    return sum(size if "\u2e80" <= ch <= "\u9fff" else 0.6 * size for ch in line)


def diagram_layout(k: int) -> tuple[np.ndarray, float]:
    """Centres of ``k`` states on a ring (the first on the left) and the ring's radius."""
    ring = 1.0 if k <= 2 else 1.3  # more states: a wider ring, so arrows between them stay long
    angles = np.pi + 2 * np.pi * np.arange(k) / k
    centres = ring * np.column_stack([np.cos(angles), np.sin(angles)])
    return (centres if k > 1 else np.zeros((1, 2))), ring


def state_diagram(spec: ModelSpec, names: list[str], tr: Callable,
                  width: int = DIAGRAM_WIDTH) -> go.Figure:
    """States on a ring; an arrow i -> j (or a loop) whose width follows A[i, j].

    The axes hug the drawing and the figure's height follows its shape (for a plot about
    ``width`` px wide), so that two states side by side do not sit in an empty square.
    """
    k = spec.n_states
    centres, _ = diagram_layout(k)
    trans = np.asarray(spec.transmat)
    fig = go.Figure()
    extent = [centres - NODE_RADIUS, centres + NODE_RADIUS]  # what the axes must show
    for i in range(k):
        for j in range(k):
            p = trans[i, j]
            if p <= 0:
                continue  # a forbidden move has no edge
            width_px = 1 + 12 * p
            hover = tr("hmm.fig.edge_hover", source=names[i], target=names[j], p=f"{p:.3f}")
            if i == j:
                outward = centres[i] / (np.linalg.norm(centres[i]) or 1.0)
                if k == 1:
                    outward = np.array([0.0, 1.0])
                middle = centres[i] + outward * (NODE_RADIUS + LOOP_RADIUS - 0.1)
                turn = np.linspace(0, 2 * np.pi, 40)
                curve = middle + LOOP_RADIUS * np.column_stack([np.cos(turn), np.sin(turn)])
                label_at = middle + outward * (LOOP_RADIUS + 0.22)
            else:
                curve = _bezier(centres[i], centres[j], 0.18)
                gap = np.linalg.norm(curve - centres[j], axis=1) > NODE_RADIUS + 0.02
                gap &= np.linalg.norm(curve - centres[i], axis=1) > NODE_RADIUS
                curve = curve[gap]
                label_at = curve[len(curve) // 2]
                fig.add_annotation(  # the arrow head, at the target's rim
                    x=curve[-1, 0], y=curve[-1, 1], ax=curve[-4, 0], ay=curve[-4, 1],
                    xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
                    arrowhead=2, arrowsize=max(0.5, 1.6 / np.sqrt(width_px)),
                    arrowwidth=width_px, arrowcolor=class_colour(i), opacity=0.75)
            fig.add_trace(go.Scatter(
                x=curve[:, 0], y=curve[:, 1], mode="lines", opacity=0.75, showlegend=False,
                line=dict(width=width_px, color=class_colour(i)), hoverinfo="text", text=hover))
            fig.add_annotation(x=label_at[0], y=label_at[1], text=f"{p:.2f}", showarrow=False,
                               font=dict(size=LABEL_FONT, color=BOUNDARY_COLOUR),
                               bgcolor="rgba(255,255,255,0.8)")
            extent += [curve, label_at[None, :] + [[-0.25, -0.12], [0.25, 0.12]]]
    for state, (x, y) in enumerate(centres):  # circles in data units: they scale with the plot
        fig.add_shape(type="circle", x0=x - NODE_RADIUS, x1=x + NODE_RADIUS, y0=y - NODE_RADIUS,
                      y1=y + NODE_RADIUS, fillcolor=class_colour(state),
                      line=dict(width=2, color="white"), layer="below")
    start = np.asarray(spec.startprob)
    fig.add_trace(go.Scatter(
        x=centres[:, 0], y=centres[:, 1], mode="text", text=[node_label(n) for n in names],
        showlegend=False, textfont=dict(color="white", size=LABEL_FONT),
        hovertext=[tr("hmm.fig.node_hover", state=name, p=f"{p:.3f}")
                   for name, p in zip(names, start)], hoverinfo="text"))
    points = np.vstack(extent)
    low, high = points.min(axis=0) - 0.08, points.max(axis=0) + 0.08
    fig.update_xaxes(visible=False, range=[low[0], high[0]])
    fig.update_yaxes(visible=False, range=[low[1], high[1]])
    span = high - low
    margins = DIAGRAM_MARGIN["t"] + DIAGRAM_MARGIN["b"]
    height = int(margins + (width - DIAGRAM_MARGIN["l"] - DIAGRAM_MARGIN["r"]) * span[1] / span[0])
    fig = _titled(base_layout(fig, height=height), tr("hmm.fig.diagram_title"))
    fig.update_layout(margin=DIAGRAM_MARGIN)
    return fig


def label_fits(names: list[str], spec: ModelSpec, width: int = DIAGRAM_WIDTH,
               font: float = LABEL_FONT) -> bool:
    """Whether every state name fits inside its circle on a diagram ``width`` px wide."""
    fig = state_diagram(spec, names, lambda key, **values: key, width)
    x_range = fig.layout.xaxis.range
    px_per_unit = (width - DIAGRAM_MARGIN["l"] - DIAGRAM_MARGIN["r"]) / (x_range[1] - x_range[0])
    diameter = 2 * NODE_RADIUS * px_per_unit
    for name in names:
        lines = node_label(name).split("<br>")
        widest = max(_label_width(line, font) for line in lines)
        # the text block's diagonal must stay inside the circle
        if np.hypot(widest, 1.25 * font * len(lines)) > 0.95 * diameter:
            return False
    return True


def _state_strip(fig, rows: list[np.ndarray], labels: list[str], names: list[str],
                 row: int) -> None:
    k = len(names)
    z = np.vstack(rows)
    fig.add_trace(go.Heatmap(
        z=z, y=labels, x=np.arange(z.shape[1]), zmin=-0.5, zmax=k - 0.5,
        colorscale=_discrete_scale(k), showscale=False, customdata=np.asarray(names)[z],
        hovertemplate="t = %{x}<br>%{y}: %{customdata}<extra></extra>"), row=row, col=1)


def sequence_figure(analysis: Analysis, names: list[str], symbols: list[str], tr: Callable,
                    height: int = 430) -> go.Figure:
    """What the model generated: the hidden path in colour above the observations, or for
    2-D emissions the points (coloured by their hidden state) and the path joining them."""
    X, Z = analysis.X, analysis.Z
    if X.shape[1] == 1:
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.25, 0.75],
                            vertical_spacing=0.04)
        _state_strip(fig, [Z], [tr("hmm.fig.hidden")], names, row=1)
        for state, name in enumerate(names):
            steps = np.flatnonzero(Z == state)
            fig.add_trace(go.Scatter(
                x=steps, y=X[steps, 0], mode="markers", name=name,
                marker=dict(size=5 if len(Z) > 500 else 8, color=class_colour(state)),
                hovertemplate="t = %{x}<extra>" + name + "</extra>"), row=2, col=1)
        fig.update_yaxes(tickvals=list(range(len(symbols))), ticktext=symbols,
                         range=[-0.5, len(symbols) - 0.5], title=tr("hmm.fig.observation"),
                         row=2, col=1)
        fig.update_xaxes(title=tr("hmm.fig.time"), row=2, col=1)
        return _titled(base_layout(fig, height=height, square=False), tr("hmm.fig.sequence_title"))
    fig = go.Figure()
    shown = min(len(Z), PATH_STEPS)
    fig.add_trace(go.Scatter(x=X[:shown, 0], y=X[:shown, 1], mode="lines", hoverinfo="skip",
                             line=dict(width=1, color="rgba(80,80,80,0.45)"),
                             name=tr("hmm.fig.path", n=shown)))
    for state, name in enumerate(names):
        steps = np.flatnonzero(Z == state)
        fig.add_trace(go.Scatter(
            x=X[steps, 0], y=X[steps, 1], mode="markers", name=name, customdata=steps,
            marker=dict(size=5 if len(Z) > 500 else 7, color=class_colour(state), opacity=0.8),
            hovertemplate="t = %{customdata}<br>(%{x:.2f}, %{y:.2f})<extra>" + name + "</extra>"))
    fig.update_xaxes(title="x₁")
    fig.update_yaxes(title="x₂")
    return _titled(base_layout(fig, height=height + 60), tr("hmm.fig.points_title"))


def decoding_figure(analysis: Analysis, names: list[str], tr: Callable,
                    height: int = 460) -> go.Figure:
    """True states against the Viterbi path (misses marked), and the forward-backward
    posteriors p(z_t = k | X) as a stacked area below."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.3, 0.7],
                        vertical_spacing=0.05)
    labels = [tr("hmm.fig.true"), tr("hmm.fig.viterbi")]
    _state_strip(fig, [analysis.Z, analysis.viterbi], labels, names, row=1)
    missed = np.flatnonzero(analysis.Z != analysis.viterbi)
    fig.add_trace(go.Scatter(
        x=missed, y=[labels[1]] * len(missed), mode="markers", name=tr("hmm.fig.missed"),
        marker=dict(symbol="line-ns", size=14, line=dict(width=1.5, color=BOUNDARY_COLOUR)),
        hovertemplate="t = %{x}<extra>%{fullData.name}</extra>"), row=1, col=1)
    t = np.arange(len(analysis.Z))
    for state, name in enumerate(names):
        fig.add_trace(go.Scatter(
            x=t, y=analysis.posterior[:, state], stackgroup="posterior", mode="none",
            fillcolor=class_colour(state), name=tr("hmm.fig.posterior_of", state=name),
            hovertemplate="t = %{x}: %{y:.3f}<extra>%{fullData.name}</extra>"), row=2, col=1)
    fig.update_yaxes(range=[0, 1], title=tr("hmm.fig.posterior"), row=2, col=1)
    fig.update_xaxes(title=tr("hmm.fig.time"), row=2, col=1)
    return _titled(base_layout(fig, height=height, square=False), tr("hmm.fig.decoding_title"))


def learned_figure(true_model, learned, names: list[str], symbols: list[str], tr: Callable,
                   height: int | None = None) -> go.Figure:
    """Heatmaps of the true (left) and the learned (right) parameters: transitions in the top
    row, emissions below, every number printed at HEATMAP_FONT px."""
    if hasattr(true_model, "emissionprob_"):
        emission = (true_model.emissionprob_, learned.emissionprob_)
        columns, emission_title = symbols, tr("hmm.fig.emission")
    else:
        emission = (true_model.means_, learned.means_)
        columns, emission_title = ["μ₁", "μ₂"], tr("hmm.fig.means")
    panels = [(true_model.transmat_, names, tr("hmm.fig.trans_true")),
              (learned.transmat_, names, tr("hmm.fig.trans_learned")),
              (emission[0], columns, emission_title + " · " + tr("hmm.fig.true")),
              (emission[1], columns, emission_title + " · " + tr("hmm.fig.learned"))]
    if height is None:  # rows of cells tall enough for their numbers, titles and tick labels
        height = 2 * (len(names) * HEATMAP_ROW + 90) + 40
    fig = make_subplots(rows=2, cols=2, subplot_titles=[title for *_, title in panels],
                        horizontal_spacing=0.08, vertical_spacing=0.2)
    for index, (values, x_labels, _) in enumerate(panels):
        row, column = index // 2 + 1, index % 2 + 1
        probability = row == 1 or hasattr(true_model, "emissionprob_")
        fig.add_trace(go.Heatmap(
            z=values, x=x_labels, y=names, texttemplate="%{z:.2f}", showscale=False,
            textfont=dict(size=HEATMAP_FONT),
            colorscale="Blues" if probability else "RdBu_r", zmin=0 if probability else None,
            zmax=1 if probability else None, zmid=None if probability else 0,
            hovertemplate="%{y} → %{x}: %{z:.3f}<extra></extra>"), row=row, col=column)
        fig.update_yaxes(autorange="reversed", showticklabels=column == 1, row=row, col=column)
    return base_layout(fig, height=height, square=False)


def likelihood_figure(history: list[float], true_log_likelihood: float, tr: Callable,
                      height: int = 300) -> go.Figure:
    """log p(X) after each Baum-Welch step, against the value under the true model."""
    fig = go.Figure(go.Scatter(x=np.arange(1, len(history) + 1), y=history, mode="lines+markers",
                               name=tr("hmm.fig.learned"), line=dict(color=class_colour(0))))
    fig.add_hline(y=true_log_likelihood, line=dict(dash="dash", color=BOUNDARY_COLOUR),
                  annotation_text=tr("hmm.fig.true_model"))
    fig.update_xaxes(title=tr("hmm.fig.iteration"))
    fig.update_yaxes(title="log p(X)")
    return base_layout(fig, height=height, square=False)
