"""Figures of the text-generation page: tokens coloured by probability, candidates per step.

Token text comes from a model (and, through the prompt, from the user), so it is escaped before
it goes into HTML or into plotly labels (plotly reads a small subset of HTML in its strings).
"""

from __future__ import annotations

import html
from typing import Callable, Sequence

import plotly.graph_objects as go

from playground.style import CLASS_COLOURS, FONT_FAMILY, base_layout, legend_below
from playground.text_generation.model import Candidate, Distribution, Step, context_before

BEFORE_COLOUR = "#999999"  # the model's own distribution
AFTER_COLOUR = CLASS_COLOURS[0]  # after temperature / top-k / top-p
DRAWN_COLOUR = CLASS_COLOURS[1]  # the token that was drawn
# A token's background runs from vermilion (improbable, surprising) to blue (confident).
LOW_RGB, MID_RGB, HIGH_RGB = (213, 94, 0), (247, 247, 247), (0, 114, 178)


def visible(piece: str, spaces: bool = True) -> str:
    """A token's text with spaces (unless ``spaces=False``), newlines, tabs and control
    characters made visible."""
    out = []
    for char in piece:
        if char == " " and spaces:
            out.append("␣")
        elif char == "\n":
            out.append("↵")
        elif char == "\t":
            out.append("⇥")
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out) or "∅"


def markdown_escape(text: str) -> str:
    """Model text for a label read as markdown (a Streamlit button): every markdown character
    backslash-escaped, so a token never turns into formatting, a link or a formula."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$:" else c for c in text)


def candidate_label(candidate: Candidate) -> str:
    """A step-through button: the candidate's visible text and its probability after the rules."""
    return f"{markdown_escape(visible(candidate.piece))} · {candidate.p_after:.0%}"


def tokenization_table(pieces: Sequence[tuple[int, str]], tr: Callable) -> dict[str, list]:
    """Columns of the tokenization table: each piece made visible, and its token id."""
    return {tr("text_generation.col_piece"): [visible(piece) for _, piece in pieces],
            tr("text_generation.col_id"): [token_id for token_id, _ in pieces]}


def _plotly_text(text: str) -> str:
    """Plotly reads <, > and & as markup; it has no entity for quotes, so those stay as they are."""
    return html.escape(text, quote=False)


def probability_colour(p: float, alpha: float = 0.6) -> str:
    """Background colour of a token drawn with probability ``p`` (0..1)."""
    p = min(max(float(p), 0.0), 1.0)
    low, high, t = (LOW_RGB, MID_RGB, p * 2) if p < 0.5 else (MID_RGB, HIGH_RGB, p * 2 - 1)
    rgb = (round(a + (b - a) * t) for a, b in zip(low, high))
    return f"rgba({','.join(map(str, rgb))},{alpha})"


def _span(text: str, style: str, title: str = "") -> str:
    safe = html.escape(text).replace("\n", "<br>")
    title_attr = f' title="{html.escape(title)}"' if title else ""
    return f'<span style="{style}"{title_attr}>{safe}</span>'


def tokens_html(prompt: str, steps: Sequence[Step], tr: Callable, *,
                cursor: bool = False) -> str:
    """The prompt in grey, then each generated token on a background coloured by the probability
    it was drawn with (hover shows it)."""
    parts = [_span(prompt, "color:#777777")]
    for step in steps:
        style = f"background:{probability_colour(step.prob)};border-radius:3px;"
        title = tr("text_generation.fig.token_hover", step=step.index + 1,
                   piece=visible(step.piece), p=f"{step.prob:.1%}")
        parts.append(_span(step.delta, style, title))
    if cursor:
        parts.append('<span style="opacity:0.5">▌</span>')
    return (f'<div style="white-space:pre-wrap;font-family:{html.escape(FONT_FAMILY)};'
            f'line-height:1.9;font-size:1.05rem">{"".join(parts)}</div>')


def colour_legend_html(tr: Callable) -> str:
    """A small legend of the probability colours (catalogue text only, escaped all the same)."""
    cells = "".join(_span(f" {p:.0%} ", f"background:{probability_colour(p)};padding:0 4px")
                    for p in (0.05, 0.25, 0.5, 0.75, 0.95))
    legend = html.escape(tr("text_generation.fig.legend"))
    return f'<div style="font-size:0.85rem">{legend} {cells}</div>'


def distribution_figure(distribution: Distribution, tr: Callable, *, drawn: int | None = None,
                        title: str = "", height: int = 420) -> go.Figure:
    """Top candidates' probabilities before (grey) and after (blue) the decoding rules.

    Candidates cut off by top-k / top-p have no blue bar and a "cut" mark; the drawn token's
    label and bar are outlined in vermilion. The subtitle says how many tokens of the
    vocabulary survive.
    """
    cands = distribution.candidates
    labels = [_plotly_text(visible(c.piece)) for c in cands]
    ticks = [f"<span style='color:{DRAWN_COLOUR}'><b>▶ {label}</b></span>"
             if c.token_id == drawn else label for c, label in zip(cands, labels)]
    y = list(range(len(cands)))
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=y, x=[c.p_before for c in cands], orientation="h", name=tr("text_generation.fig.before"),
        marker_color=BEFORE_COLOUR, customdata=[[c.token_id] for c in cands],
        hovertemplate="%{x:.2%} · id %{customdata[0]}<extra></extra>"))
    fig.add_trace(go.Bar(
        y=y, x=[c.p_after for c in cands], orientation="h", name=tr("text_generation.fig.after"),
        marker=dict(color=AFTER_COLOUR,
                    line=dict(color=[DRAWN_COLOUR if c.token_id == drawn else AFTER_COLOUR
                                     for c in cands],
                              width=[3 if c.token_id == drawn else 0 for c in cands])),
        text=[f"{c.p_after:.1%}" if c.p_after > 0 else tr("text_generation.fig.cut")
              for c in cands],
        # Outside text is shrunk to the bar's thickness unless told not to: at ten candidates
        # in 360 px the percentages were about 5 px tall.
        textposition="outside", cliponaxis=False, constraintext="none", textfont=dict(size=12),
        hovertemplate="%{x:.2%}<extra></extra>"))
    kept_ranks = [i for i, c in enumerate(cands) if c.p_after > 0]
    if kept_ranks and len(kept_ranks) < len(cands) and kept_ranks == list(range(len(kept_ranks))):
        fig.add_hline(y=len(kept_ranks) - 0.5, line=dict(color="#222222", dash="dash", width=1.5),
                      annotation_text=tr("text_generation.fig.cutoff"),
                      annotation_position="bottom right")
    top = max([c.p_before for c in cands] + [c.p_after for c in cands] + [0.01])
    subtitle = tr("text_generation.fig.kept", kept=distribution.n_kept,
                  vocab=distribution.vocab_size)
    heading = (_plotly_text(title) + "<br><sup>" if title else "<sup>") + _plotly_text(subtitle)
    base_layout(fig, height=height, square=False)
    fig.update_layout(
        barmode="group", bargap=0.25,
        # Pixels below the top edge, not a share of the height: Gradio draws the figure at its
        # own height, where 5% left the first line cut (and a CJK first line sits higher than
        # plotly reckons: 30 px, not 14).
        title=dict(text=heading + "</sup>", yref="container", y=1, yanchor="top",
                   pad=dict(t=30)),
        xaxis=dict(title=tr("text_generation.fig.probability"), tickformat=".0%",
                   range=[0, min(1.0, top * 1.25)]),
        yaxis=dict(tickmode="array", tickvals=y, ticktext=ticks, autorange="reversed",
                   tickfont=dict(family="monospace")),
        margin=dict(l=10, r=30, t=90 if title else 50))
    # At the figure's bottom edge, under the axis title (a fraction below the plot covered it).
    return legend_below(fig, margin=105)


def probability_trace_figure(steps: Sequence[Step], tr: Callable, *, selected: int | None = None,
                             height: int = 300) -> go.Figure:
    """Probability of each drawn token across the steps (low points are surprising choices)."""
    x = [s.index + 1 for s in steps]
    fig = go.Figure(go.Scatter(
        x=x, y=[s.prob for s in steps], mode="lines+markers", name=tr("text_generation.fig.after"),
        text=[_plotly_text(visible(s.piece)) for s in steps], line=dict(color=AFTER_COLOUR),
        marker=dict(color=[probability_colour(s.prob, 1.0) for s in steps], size=9,
                    line=dict(color="#444444", width=0.5)),
        hovertemplate="%{x}: %{text} · %{y:.1%}<extra></extra>"))
    fig.add_trace(go.Scatter(x=x, y=[s.prob_before for s in steps], mode="lines",
                             name=tr("text_generation.fig.before"),
                             line=dict(color=BEFORE_COLOUR, dash="dot")))
    if selected is not None:
        fig.add_vline(x=selected + 1, line=dict(color=DRAWN_COLOUR, width=2))
    base_layout(fig, height=height, square=False)
    fig.update_layout(title=dict(text=_plotly_text(tr("text_generation.trace_title"))),
                      xaxis=dict(title=tr("text_generation.fig.step"), dtick=max(1, len(x) // 15)),
                      yaxis=dict(title=tr("text_generation.fig.probability"), tickformat=".0%",
                                 range=[0, 1.05]),
                      margin=dict(l=10, r=10, t=40))
    return legend_below(fig, margin=105)


def step_figure(prompt: str, steps: Sequence[Step], index: int, tr: Callable) -> go.Figure:
    """The candidates of step ``index`` with the drawn one marked, titled with the end of the
    text the model had read at that point."""
    step = steps[index]
    context = visible(context_before(prompt, steps, step.index), spaces=False)
    title = tr("text_generation.step_title", step=step.index + 1, context=context)
    return distribution_figure(step.distribution, tr, drawn=step.token_id, title=title)
