"""The playground's one colour scheme, base layout and presenter scaling.

Every figure goes through :func:`base_layout` (fonts, margins that grow to fit their labels) and,
on a projector, through :func:`for_presenter` (larger type, markers and lines), applied by the
Streamlit page helper ``ui.common.plotly_chart`` so that figure builders never need to know.
"""

from __future__ import annotations

import base64

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
FONT_SIZE = 14
# Base margins: enough for a title above and tick labels around; ``automargin`` on every axis
# grows them further to fit long tick labels and axis titles, so nothing is clipped (a fixed
# margin of 10 px cut "2.5" down to "5" and a token to its last character).
MARGIN = {"l": 20, "r": 20, "t": 50, "b": 20}
# Presenter mode: what a room reads from the back. Text grows by FONT_SCALE but never below
# MIN_PRESENTER_FONT px; markers and lines grow too, so points stay visible beside big type.
FONT_SCALE = 1.6
MIN_PRESENTER_FONT = 18
MARKER_SCALE = 1.4
LINE_SCALE = 1.6


def class_colour(label: int) -> str:
    return CLASS_COLOURS[int(label) % len(CLASS_COLOURS)]


def base_layout(fig: go.Figure, *, height: int = 520, square: bool = True) -> go.Figure:
    """Common margins, fonts and legend placement; equal axis scales for 2-D point plots."""
    # The look of plotly's "plotly_white" template, set directly: applying a named template
    # costs 10-30 ms per figure (measured), a large share of a rerun's budget.
    fig.update_layout(
        height=height, margin=MARGIN, template="none",
        paper_bgcolor="white", plot_bgcolor="white", colorway=CLASS_COLOURS,
        font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": "#2a3f5f"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    )
    for trace in fig.data:
        # A colour bar's title beside the bar, not on top of it: on top it sits on the highest
        # tick label (the GAN lab's "D(x)" over its "1").
        colorbar = getattr(trace, "colorbar", None)
        if colorbar is not None and colorbar.title.text and colorbar.title.side is None:
            colorbar.title.side = "right"
    fig.update_xaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, linecolor=GRID_COLOUR,
                     automargin=True)
    fig.update_yaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, linecolor=GRID_COLOUR,
                     automargin=True, **({"scaleanchor": "x", "scaleratio": 1} if square else {}))
    return fig


# Under the x axis title, room for a legend of two rows: ticks, title and legend at the base size.
LEGEND_BELOW_MARGIN = 125


def legend_below(fig: go.Figure, margin: int = LEGEND_BELOW_MARGIN) -> go.Figure:
    """A horizontal legend at the figure's bottom edge, under the x axis title (for figures whose
    top holds subplot titles).

    Anchored to the figure's edge rather than placed at a fraction of the plot's height below
    it: a fraction is a different number of pixels at every size, so the legend met the axis
    title once presenter mode enlarged the tick labels. :func:`for_presenter` enlarges the
    bottom margin with the type.
    """
    fig.update_layout(legend=dict(orientation="h", yref="container", y=0, yanchor="bottom",
                                  x=0, xanchor="left"),
                      margin=dict(b=margin))
    return fig


def fit_labels(fig: go.Figure) -> go.Figure:
    """Turn ``automargin`` on for every axis, also those added after :func:`base_layout`."""
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


_FONT_KEYS = ("font", "tickfont", "textfont", "titlefont", "insidetextfont", "outsidetextfont",
              "hoverlabel", "grouptitlefont")


def _scaled(value, factor, minimum=0.0):
    """A number or an array of numbers scaled (arrays element-wise; None and text kept)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return max(value * factor, minimum)
    import numpy as np

    try:
        if isinstance(value, dict) and "bdata" in value:  # plotly 7's base64 arrays
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = [int(n) for n in str(value.get("shape", "-1")).split(",")]
            array = array.astype(float).reshape(shape)
        else:
            array = np.asarray(value, dtype=float)
        return np.maximum(array * factor, minimum)
    except (TypeError, ValueError):
        return value


def _walk(node, in_font: bool = False):
    """Scale every font size, marker size and line width found in a figure's JSON tree."""
    if isinstance(node, list):
        for item in node:
            _walk(item, in_font)
        return
    if not isinstance(node, dict):
        return
    for key, value in list(node.items()):
        if key == "size" and in_font:
            node[key] = _scaled(value, FONT_SCALE, MIN_PRESENTER_FONT)
        elif isinstance(value, (dict, list)):
            _walk(value, in_font=key in _FONT_KEYS)
    marker = node.get("marker")
    if isinstance(marker, dict) and "size" in marker:
        marker["size"] = _scaled(marker["size"], MARKER_SCALE)
    line = node.get("line")
    if isinstance(line, dict) and "width" in line:
        line["width"] = _scaled(line["width"], LINE_SCALE)


def text_width(text: str, size: float) -> float:
    """Rough width in px of one line of text at font ``size``: CJK characters are square, Latin
    ones about 0.6 em (plotly's sans-serif fonts average less; this errs on the wide side)."""
    return sum(size if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 0.6 * size
               for ch in text)


def _title_text(title) -> str:
    if isinstance(title, dict):
        return str(title.get("text") or "")
    return str(title or "")


def _fit_vertical_titles(layout: dict) -> None:
    """Make a figure tall enough for its vertical axis titles at presenter size.

    A y-axis title is drawn along its axis and clipped where the figure ends: "mean
    log-likelihood" at 22 px is about 250 px long, more than the plot of a 240 px tall figure.
    The figure grows to the title's length (over the axis's share of the height, with 10 % to
    spare) plus what sits above and below the plot (margins, x tick labels and x title).
    """
    height = layout.get("height")
    if not isinstance(height, (int, float)):
        return
    base = layout.get("font", {}).get("size", FONT_SIZE)
    margin = layout.get("margin", {})
    has_x_title = any(_title_text(axis.get("title")) for name, axis in layout.items()
                      if name.startswith("xaxis") and isinstance(axis, dict))
    around = (margin.get("t", MARGIN["t"]) + margin.get("b", MARGIN["b"])
              + 1.6 * base * (2 if has_x_title else 1) + 10)
    needed = height
    for name, axis in layout.items():
        if not name.startswith("yaxis") or not isinstance(axis, dict):
            continue
        title = axis.get("title")
        text = _title_text(title)
        if not text:
            continue
        size = (title.get("font") or {}).get("size", base) if isinstance(title, dict) else base
        length = max(text_width(line, size) for line in text.split("<br>"))
        low, high = axis.get("domain", (0.0, 1.0))
        # 10 % to spare: a title that touches both ends of its axis reads as cut off.
        needed = max(needed, 1.1 * length / max(high - low, 0.05) + around)
    layout["height"] = round(needed)


def _fit_colorbar(colorbar: dict, size: float) -> None:
    """A colour bar's title and tick labels at the presenter's base size, both stated.

    Left to plotly, a colour bar's title is drawn larger than the base font while its place
    beside the tick labels is worked out for smaller text: at presenter sizes "log p(x)" ran
    into the labels "-3" and "-4" of the GMM density (seen in Chromium, Streamlit's plotly.js).
    Stated sizes give the title its own room.
    """
    title = colorbar.get("title")
    if isinstance(title, str):
        title = colorbar["title"] = {"text": title}
    if isinstance(title, dict) and title.get("text"):
        title.setdefault("font", {}).setdefault("size", size)
    colorbar.setdefault("tickfont", {}).setdefault("size", size)


def _fit_listed_ticks(layout: dict, size: float) -> None:
    """A y axis that lists its labels (``tickvals``, one per row: candidates, words, states)
    gets 1.4 lines of the presenter's type per label: the figure grows by what is missing, else
    the larger labels overprint each other (seen on the text-generation candidates chart)."""
    for key, axis in list(layout.items()):
        if not (key.startswith("yaxis") and isinstance(axis, dict)):
            continue
        listed = axis.get("tickvals")
        if axis.get("tickmode") != "array" or listed is None or len(listed) < 2:
            continue
        domain = axis.get("domain", [0, 1])
        margin = layout.get("margin", {})
        plot = (layout["height"] - margin.get("t", MARGIN["t"]) - margin.get("b", MARGIN["b"]))
        needed = len(listed) * size * 1.4 / max(domain[1] - domain[0], 0.05)
        if needed > plot:
            layout["height"] += needed - plot


def for_presenter(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` for a projector: every text at least MIN_PRESENTER_FONT px (ticks,
    legends, titles, annotations, text on traces), markers and lines larger, margins fitted.

    Figures are built without knowing presenter mode; the page helper applies this in one place.
    """
    data = fig.to_dict()
    layout = data.setdefault("layout", {})
    font = layout.setdefault("font", {})
    font.setdefault("size", FONT_SIZE)
    _walk(data)
    # Traces without an explicit marker size or line width get plotly's defaults (6 px, 2 px)
    # scaled, so points and curves keep their weight beside the larger type.
    for trace in data.get("data", []):
        kind = trace.get("type", "scatter")
        if kind in ("scatter", "scattergl"):
            mode = trace.get("mode", "lines+markers")
            if "markers" in mode:
                trace.setdefault("marker", {}).setdefault("size", 6 * MARKER_SCALE)
            if "lines" in mode:
                trace.setdefault("line", {}).setdefault("width", 2 * LINE_SCALE)
    # Axis titles as large as the tick labels, stated: plotly's default draws them larger than
    # the base font while placing a right-hand axis's title for smaller text, so "训练损失" on
    # the CNN loss axis ran into its tick labels (seen in Chromium).
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            if isinstance(axis.get("title"), str):
                axis["title"] = {"text": axis["title"]}
            if _title_text(axis.get("title")):
                axis["title"].setdefault("font", {}).setdefault("size", font["size"])
    legend = layout.get("legend") or {}
    if legend.get("yref") == "container" and legend.get("y", 1) <= 0.05:  # see legend_below
        margin = layout.setdefault("margin", {})
        margin["b"] = margin.get("b", MARGIN["b"]) * FONT_SCALE
    coloraxes = [value for key, value in layout.items()
                 if key.startswith("coloraxis") and isinstance(value, dict)]
    for holder in (*data.get("data", []), *coloraxes):
        if isinstance(holder.get("colorbar"), dict):
            _fit_colorbar(holder["colorbar"], font["size"])
    title = layout.get("title")
    if isinstance(title, dict) and title.get("text"):
        # A title as large as the ticks (plotly's default would be 1.4 times the base font,
        # too wide for a figure in a column), and room made for it above the plot.
        title_font = title.setdefault("font", {})
        title_font.setdefault("size", font["size"])
        title["automargin"] = True
        title.setdefault("pad", {}).setdefault("t", 6)
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = layout["height"] * 1.1
        _fit_listed_ticks(layout, font["size"])
    _fit_vertical_titles(layout)
    # An animation's play buttons and slider sit under the x axis: move them down by what the
    # larger tick labels and axis title take, so they do not cover the axis title.
    for control in (*layout.get("sliders", ()), *layout.get("updatemenus", ())):
        pad = control.setdefault("pad", {})
        pad["t"] = pad.get("t", 0) + 30
    scaled = go.Figure(data)
    return fit_labels(scaled)
