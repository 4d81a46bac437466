"""The playground's one colour scheme and base layout."""

from __future__ import annotations

import plotly.graph_objects as go

# Colour-blind-safe pair for two classes (blue for class 0, vermilion for class 1), extended with
# the Okabe-Ito palette for more classes or mixture components.
CLASS_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                 "#F0E442", "#000000", "#999999", "#882255")
# Diverging scale for signed scores, running from class 0's blue through white to class 1's colour.
DIVERGING = [[0.0, "#0072B2"], [0.5, "#F7F7F7"], [1.0, "#D55E00"]]
BOUNDARY_COLOUR = "#222222"
GRID_COLOUR = "#EBF0F8"
FONT_FAMILY = "Inter, 'Noto Sans SC', 'Microsoft YaHei', sans-serif"


def class_colour(label: int) -> str:
    return CLASS_COLOURS[int(label) % len(CLASS_COLOURS)]


def base_layout(fig: go.Figure, *, height: int = 520, square: bool = True) -> go.Figure:
    """Common margins, fonts and legend placement; equal axis scales for 2-D point plots."""
    # The look of plotly's "plotly_white" template, set directly: applying a named template
    # costs 10-30 ms per figure (measured), a large share of a rerun's budget.
    fig.update_layout(
        height=height, margin=dict(l=10, r=10, t=40, b=10), template="none",
        paper_bgcolor="white", plot_bgcolor="white", colorway=CLASS_COLOURS,
        font=dict(family=FONT_FAMILY, size=14, color="#2a3f5f"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    fig.update_xaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, linecolor=GRID_COLOUR)
    fig.update_yaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, linecolor=GRID_COLOUR,
                     **({"scaleanchor": "x", "scaleratio": 1} if square else {}))
    return fig
