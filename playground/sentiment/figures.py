"""Figures of the sentiment page: words coloured by contribution, per-word bars, batch summary.

User text reaches the browser only through ``html.escape`` (coloured text) or as plotly labels
escaped the same way (plotly reads a few HTML tags in labels), never as markup.
"""

from __future__ import annotations

import html
import math
from typing import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from playground.sentiment.lexicon import Analysis, WordScore
from playground.sentiment.routing import is_vader
from playground.sentiment.naive_bayes import STOP
from playground.sentiment.text import SNOWNLP, SNOWNLP_JIEBA, VADER, VADER_WORDS
from playground.style import FONT_FAMILY, base_layout

POSITIVE = (0, 114, 178)  # blue: pushes towards positive
NEGATIVE = (213, 94, 0)  # vermilion: pushes towards negative
LABEL_COLOURS = {"positive": "#0072B2", "negative": "#D55E00", "neutral": "#999999",
                 "unsupported": "#DDDDDD", "empty": "#EEEEEE"}
NAIVE_BAYES = (SNOWNLP, SNOWNLP_JIEBA)
VADER_SCALE = 4.0  # lexicon valences run from -4 to +4: full colour at |valence| 4
NB_SCALE = 2.0  # naive Bayes: full colour at a log-likelihood ratio of 2 (7 times likelier)
MAX_BARS = 60  # per-word bar chart: beyond this the chart is unreadable


def _label(text: str, limit: int = 24) -> str:
    """A unit as a plotly label: shortened and escaped (plotly renders <b>, <a>... in labels)."""
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return html.escape(text, quote=False)


def model_name(model_id: str, tr: Callable) -> str:
    if model_id in (VADER, VADER_WORDS, *NAIVE_BAYES):
        return tr(f"sentiment.model_name.{model_id.replace('-', '_')}")
    return model_id


def label_name(analysis: Analysis, tr: Callable) -> str:
    """The verdict in the page's language; a neural model's own label name stays as it is."""
    if analysis.label in LABEL_COLOURS:
        return tr(f"sentiment.label.{analysis.label}")
    return analysis.label


def score_metric(analysis: Analysis, tr: Callable) -> tuple[str, str]:
    """(title, value) of the score: VADER's signed compound, or a neural label's probability."""
    if is_vader(analysis.model):
        return tr("sentiment.metric_compound"), f"{analysis.score:+.4f}"
    return tr("sentiment.metric_probability"), f"{analysis.score:.1%}"


def score_note(analysis: Analysis, tr: Callable) -> str | None:
    """How the score comes about: VADER's sum and its compound, or how to read a neural model's
    leave-one-out values. None for VADER's words alone (its bars say it all)."""
    if analysis.model == VADER:
        words = sum(analysis.contributions)
        total = words + analysis.punctuation
        return tr("sentiment.vader_sum", words=f"{words:+.3f}",
                  punctuation=f"{analysis.punctuation:+.3f}", total=f"{total:+.3f}",
                  compound=f"{analysis.score:+.4f}")
    if analysis.model == VADER_WORDS:
        return None
    if analysis.model in NAIVE_BAYES:
        words = sum(analysis.contributions)
        return tr("sentiment.nb_sum", prior=f"{analysis.scores['prior']:+.3f}",
                  words=f"{words:+.3f}", total=f"{analysis.scores['log_odds']:+.3f}",
                  probability=f"{analysis.scores['positive']:.1%}")
    return (tr("sentiment.metric_polarity") + f": {analysis.polarity:+.3f}. "
            + tr("sentiment.occlusion_note"))


def _scale(analysis: Analysis) -> float:
    if analysis.model in (VADER, VADER_WORDS):
        return VADER_SCALE
    if analysis.model in NAIVE_BAYES:
        return NB_SCALE
    return max(0.05, max((abs(v) for v in analysis.contributions), default=0.0))


def _word_tooltip(word: WordScore, words: tuple[WordScore, ...], tr: Callable) -> str:
    parts = []
    if word.counts:  # naive Bayes: the word's evidence from the training reviews
        if word.role == STOP:
            return tr("sentiment.tip.stop_word")
        return tr("sentiment.tip.evidence", value=f"{word.valence:+.2f}", positive=word.counts[0],
                  negative=word.counts[1])
    if word.emoji:
        parts.append(tr("sentiment.tip.emoji", emoji=word.emoji))
    if word.role == "modifier":
        parts.append(tr("sentiment.tip.modifier"))
    elif word.lexicon is None:
        parts.append(tr("sentiment.tip.not_in_lexicon"))
    else:
        parts.append(tr("sentiment.tip.lexicon", value=f"{word.lexicon:+.2f}"))
    for step in word.steps:
        trigger = words[step.trigger].token if 0 <= step.trigger < len(words) else ""
        parts.append(tr("sentiment.tip.step", rule=tr(f"sentiment.rule.{step.rule}"),
                        word=trigger, value=f"{step.after:+.2f}"))
    return " → ".join(parts)


def highlight_html(analysis: Analysis, tr: Callable) -> str:
    """The text with each unit's background coloured by its contribution (hover: the why).

    Every piece of user text is escaped; the only markup is ours.
    """
    scale = _scale(analysis)
    chips = []
    for k, (unit, value) in enumerate(zip(analysis.units, analysis.contributions)):
        colour = POSITIVE if value > 0 else NEGATIVE
        alpha = 0.85 * min(1.0, abs(value) / scale)
        if analysis.words:
            word = analysis.words[k]
            tip = _word_tooltip(word, analysis.words, tr)
            prefix = html.escape(word.emoji) + " " if word.emoji_start else ""
        else:
            tip, prefix = tr("sentiment.tip.occlusion", value=f"{value:+.3f}"), ""
        style = (f"background: rgba({colour[0]}, {colour[1]}, {colour[2]}, {alpha:.2f});"
                 " padding: 0.1em 0.15em; border-radius: 0.25em; line-height: 2;")
        if analysis.model in NAIVE_BAYES:  # show the segmentation: one outlined box per word
            style += " border: 1px solid #9aa5b1; margin: 0 0.08em;"
        if value and abs(value) >= scale * 0.05:
            style += " font-weight: 600;"
        italic = " font-style: italic;" if analysis.words and analysis.words[k].emoji else ""
        chips.append(f'{prefix}<span style="{style}{italic}" title="{html.escape(tip)}">'
                     f"{html.escape(unit)}</span>")
        chips.append(html.escape(analysis.joiners[k]) if k < len(analysis.joiners) else " ")
    return (f'<div style="font-family: {html.escape(FONT_FAMILY)}; font-size: 1.1rem; '
            f'white-space: pre-wrap; word-break: break-word;">{"".join(chips)}</div>')


def evidence_table(analysis: Analysis, tr: Callable) -> pd.DataFrame:
    """Naive Bayes's working, one row per segmented word: how often the training reviews used
    it in each class, and its log-likelihood ratio (stop words are left out of the sum)."""
    words = analysis.words
    return pd.DataFrame({
        "#": list(range(1, len(words) + 1)),
        tr("sentiment.col.word"): [w.piece for w in words],
        tr("sentiment.col.in_positive"): [w.counts[0] for w in words],
        tr("sentiment.col.in_negative"): [w.counts[1] for w in words],
        tr("sentiment.col.llr"): [tr("sentiment.col.stop_word") if w.role == STOP
                                  else f"{w.valence:+.3f}" for w in words]})


def rules_table(analysis: Analysis, tr: Callable) -> pd.DataFrame:
    """VADER's working, one row per word that counts (in the lexicon, a modifier, or changed):
    its position, lexicon value, the rules in order and the final value.

    Cells hold plain strings (the table widget shows them as text, never markup).
    """
    words = analysis.words
    rows = [k for k, w in enumerate(words)
            if w.lexicon is not None or w.valence or w.role == "modifier"]
    rules = []
    for k in rows:
        word = words[k]
        steps = [tr("sentiment.tip.step", rule=tr(f"sentiment.rule.{s.rule}"),
                    word=words[s.trigger].token if 0 <= s.trigger < len(words) else "",
                    value=f"{s.after:+.3f}") for s in word.steps]
        if word.role == "modifier":
            steps.insert(0, tr("sentiment.tip.modifier"))
        rules.append(" → ".join(steps))
    return pd.DataFrame({
        "#": [k + 1 for k in rows],
        tr("sentiment.col.word"): [words[k].piece for k in rows],
        tr("sentiment.col.lexicon"): ["" if words[k].lexicon is None else f"{words[k].lexicon:+.2f}"
                                      for k in rows],
        tr("sentiment.col.rules"): rules,
        tr("sentiment.col.valence"): [f"{words[k].valence:+.3f}" for k in rows]})


def contributions_figure(analysis: Analysis, tr: Callable, height: int | None = None) -> go.Figure:
    """One bar per unit (VADER: per word with a valence, plus "!"/"?" emphasis).

    For VADER a hollow diamond marks each word's lexicon value before the rules.
    """
    indices = list(range(len(analysis.units)))
    if analysis.words:
        indices = [k for k in indices
                   if analysis.contributions[k] or analysis.words[k].lexicon is not None]
    indices = indices[:MAX_BARS]
    labels = [f"{k + 1}. {_label(analysis.units[k])}" for k in indices]
    values = [analysis.contributions[k] for k in indices]
    if analysis.punctuation:
        labels.append(tr("sentiment.fig.punctuation"))
        values.append(analysis.punctuation)
    if analysis.model in NAIVE_BAYES:  # where every text starts: the classes' prior log-odds
        labels.append(tr("sentiment.fig.prior"))
        values.append(analysis.scores["prior"])
    colours = [LABEL_COLOURS["positive"] if v > 0 else LABEL_COLOURS["negative"] for v in values]
    fig = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", marker_color=colours,
        name=tr("sentiment.fig.evidence" if analysis.model in NAIVE_BAYES else
                "sentiment.fig.final" if analysis.words else "sentiment.fig.occlusion"),
        hovertemplate="%{y}: %{x:+.3f}<extra></extra>"))
    if analysis.words and analysis.model == VADER:
        lexicon = [analysis.words[k].lexicon for k in indices]
        fig.add_scatter(x=[np.nan if v is None else v for v in lexicon], y=labels[:len(indices)],
                        mode="markers", name=tr("sentiment.fig.lexicon"),
                        marker=dict(symbol="diamond-open", size=11, color="#222222",
                                    line=dict(width=2)),
                        hovertemplate="%{y}: %{x:+.2f}<extra>%{fullData.name}</extra>")
    base_layout(fig, height=height or max(220, 60 + 26 * len(labels)), square=False)
    fig.update_yaxes(autorange="reversed", type="category")
    axis = ("sentiment.fig.valence" if analysis.model in (VADER, VADER_WORDS) else
            "sentiment.fig.llr" if analysis.model in NAIVE_BAYES else "sentiment.fig.polarity_drop")
    fig.update_xaxes(title=tr(axis), zeroline=True, zerolinecolor="#444444")
    fig.update_layout(showlegend=True)
    if not labels:
        fig.add_annotation(text=tr("sentiment.fig.no_words"), showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return fig


def compare_figure(analyses: list[Analysis], tr: Callable) -> go.Figure:
    """The models' polarity side by side on one -1..1 axis."""
    names = [model_name(a.model, tr) for a in analyses]
    fig = go.Figure(go.Bar(
        x=[a.polarity for a in analyses], y=names, orientation="h",
        marker_color=[LABEL_COLOURS.get(a.label, "#999999") for a in analyses],
        text=[label_name(a, tr) for a in analyses],
        textposition="auto", hovertemplate="%{y}: %{x:+.3f}<extra></extra>"))
    base_layout(fig, height=120 + 50 * len(analyses), square=False)
    fig.update_xaxes(range=[-1, 1], title=tr("sentiment.fig.polarity"), zeroline=True)
    return fig


# The polarity histogram's bins: [-1, -0.9), ..., [0.9, 1), and [1, 1.1) for polarity 1 (plotly
# adds bins of this size from the start until one passes the end).
POLARITY_BINS = dict(start=-1.0, end=1.0001, size=0.1)


def batch_figure(table: pd.DataFrame, tr: Callable) -> go.Figure:
    """Counts per label (left) and the distribution of polarity (right), one colour per label."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.12,
                        subplot_titles=(tr("sentiment.fig.label_counts"),
                                        tr("sentiment.fig.polarity_hist")))
    counts = table["label"].value_counts()
    order = [label for label in LABEL_COLOURS if label in counts.index]
    order += [label for label in counts.index if label not in order]
    names = [tr(f"sentiment.label.{label}") if label in LABEL_COLOURS else _label(str(label))
             for label in order]
    fig.add_bar(x=names, y=[int(counts[label]) for label in order], row=1, col=1,
                marker_color=[LABEL_COLOURS.get(label, "#999999") for label in order],
                showlegend=False, hovertemplate="%{x}: %{y}<extra></extra>")
    for label, name in zip(order, names):
        values = table.loc[table["label"] == label, "polarity"].dropna()
        if len(values):
            fig.add_histogram(x=values, name=name, xbins=POLARITY_BINS,
                              marker_color=LABEL_COLOURS.get(label, "#999999"), row=1, col=2,
                              showlegend=False)  # the bars on the left name the colours
    base_layout(fig, height=380, square=False)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=tr("sentiment.fig.polarity"), range=[-1.05, 1.05], row=1, col=2)
    fig.update_yaxes(title=tr("sentiment.fig.count"), row=1, col=1)
    # Both axes count lines: whole numbers only (plotly's own ticks put 1.5 and 2.5 lines on a
    # small batch). The histogram's tallest stack, counted in the same bins.
    polarity = table["polarity"].dropna().to_numpy(dtype=float)
    edges = np.arange(POLARITY_BINS["start"], POLARITY_BINS["end"], POLARITY_BINS["size"])
    edges = np.append(edges, POLARITY_BINS["end"])
    tallest = int(np.histogram(polarity, bins=edges)[0].max()) if len(polarity) else 1
    fig.update_yaxes(whole_number_ticks(int(counts.max()) if len(counts) else 1), row=1, col=1)
    fig.update_yaxes(whole_number_ticks(tallest), row=1, col=2)
    return fig


def whole_number_ticks(largest: int, about: int = 6) -> dict:
    """Axis settings for a count: ticks at whole numbers, about ``about`` of them, from 0."""
    return dict(rangemode="tozero", tick0=0, dtick=max(1, math.ceil(largest / about)))


LANGUAGE_NAMES = {"en": "sentiment.language_english", "zh": "sentiment.language_chinese",
                  "mixed": "sentiment.language_mixed"}


def batch_table(table: pd.DataFrame, tr: Callable) -> pd.DataFrame:
    """The batch result as the page shows it: column names, languages, labels and model names in
    the page's language, scores rounded, nothing left as None. (The CSV keeps plain English
    column names and values, for code that reads it.)"""
    shown = pd.DataFrame({
        tr("sentiment.col.text"): table["text"],
        tr("sentiment.col.language"): [tr(LANGUAGE_NAMES[code]) if code in LANGUAGE_NAMES else ""
                                       for code in table["language"]],
        tr("sentiment.col.model"): [model_name(m, tr) if m else "" for m in table["model"]],
        tr("sentiment.col.label"): [tr(f"sentiment.label.{label}") if label in LABEL_COLOURS
                                    else str(label) for label in table["label"]],
        tr("sentiment.col.score"): ["" if pd.isna(v) else f"{v:.3f}" for v in table["score"]],
        tr("sentiment.col.polarity"): ["" if pd.isna(v) else f"{v:+.3f}"
                                       for v in table["polarity"]]})
    return shown
