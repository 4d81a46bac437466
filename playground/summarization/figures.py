"""Figures of the summarization page: the score of every sentence and which ones were kept."""

from __future__ import annotations

import html
import textwrap
from typing import Callable

import numpy as np
import plotly.graph_objects as go

from playground.style import BOUNDARY_COLOUR, base_layout, class_colour
from playground.summarization.text import compression

KEPT_COLOUR = class_colour(1)
DROPPED_COLOUR = "#BBBBBB"
HOVER_CHARS = 160  # sentence text shown when hovering a bar


def _hover(sentence: str) -> str:
    """Sentence preview for plotly's hover box: escaped (plotly reads some HTML tags), wrapped."""
    short = sentence if len(sentence) <= HOVER_CHARS else sentence[:HOVER_CHARS] + "…"
    width = 30 if any("\u4e00" <= ch <= "\u9fff" for ch in short) else 60
    return "<br>".join(html.escape(line) for line in textwrap.wrap(short, width))


def ratios_markdown(source: str, summary: str, tr: Callable) -> str:
    """One markdown line: the summary's length relative to the source, and its new words."""
    c = compression(source, summary)
    return tr("summarization.ratios", chars_out=f"{c.chars_out:,}", chars_in=f"{c.chars_in:,}",
              char_ratio=f"{c.char_ratio:.0%}", words_out=f"{c.words_out:,}",
              words_in=f"{c.words_in:,}",
              word_ratio=f"{c.word_ratio:.0%}", new_share=f"{c.new_word_share:.0%}")


def language_warning(model_languages, text_language: str, tr: Callable) -> str | None:
    """The caption warning that the model was not trained on the text's language, or None when
    it was (or when the registry does not list the model's languages)."""
    if not model_languages or text_language in model_languages:
        return None
    names = "/".join(tr(f"summarization.language_name_{code}") for code in model_languages)
    return tr("summarization.language_warning", languages=names)


def generation_notes(result, tr: Callable) -> list[str]:
    """Captions under a generated summary: tokens read and written, and whether the input was cut.

    Parameters
    ----------
    result : playground.summarization.abstractive.Abstract
    """
    notes = [tr("summarization.tokens_used", input=result.input_tokens,
                output=result.output_tokens)]
    if result.input_truncated:
        notes.append(tr("summarization.input_truncated", tokens=result.input_tokens))
    return notes


def kept_caption(result, tr: Callable) -> str:
    """The line under the extract: how many sentences were kept, and why fewer than asked for
    when the text has no more than that (a summary keeps fewer sentences than the text has).

    Parameters
    ----------
    result : playground.summarization.model.Extract
    """
    n, k = len(result.scores), len(result.chosen)
    line = tr("summarization.kept", k=k, n=n,
              method=tr(f"summarization.method.{result.params.method}"))
    wanted = result.params.n_chosen(10**6)  # what the settings ask for, without the text's cap
    if result.params.size_by == "sentences" and wanted > k:
        line += " " + tr("summarization.kept_capped", wanted=wanted, n=n, k=k)
    return line


def summaries_text(result, abstract, tr: Callable) -> str:
    """The text file of both summaries, each under a line saying how it was made.

    Parameters
    ----------
    result : playground.summarization.model.Extract
    abstract : (model id, generated summary), or None when nothing was generated
    """
    header = tr("summarization.file_extractive",
                method=tr(f"summarization.method.{result.params.method}"),
                k=len(result.chosen), n=len(result.scores))
    text = f"{header}\n{result.summary}\n"
    if abstract:
        text += f"\n{tr('summarization.file_abstractive', model=abstract[0])}\n{abstract[1]}\n"
    return text


def score_figure(result, tr: Callable, height: int = 360) -> go.Figure:
    """Bars of sentence scores in text order, kept sentences coloured, with the cut-off score.

    Parameters
    ----------
    result : playground.summarization.model.Extract
    """
    n = len(result.scores)
    kept = np.isin(np.arange(n), result.chosen)
    names = {True: tr("summarization.fig.kept"), False: tr("summarization.fig.dropped")}
    fig = go.Figure()
    for flag in (True, False):
        idx = np.flatnonzero(kept == flag)
        fig.add_bar(x=idx + 1, y=result.scores[idx], name=names[flag], width=0.8,
                    marker_color=KEPT_COLOUR if flag else DROPPED_COLOUR,
                    customdata=[_hover(result.document.sentences[i].text) for i in idx],
                    hovertemplate=(tr("summarization.fig.hover")
                                   + "<br>%{customdata}<extra></extra>"))
    cutoff = float(result.scores[result.chosen].min())
    fig.add_hline(y=cutoff, line=dict(color=BOUNDARY_COLOUR, dash="dash", width=1),
                  annotation_text=tr("summarization.fig.cutoff"), annotation_position="top right",
                  annotation_bgcolor="rgba(255,255,255,0.8)")
    fig.update_xaxes(title=tr("summarization.fig.sentence"),
                     tickmode="auto" if n > 30 else "linear",
                     range=[0.4, n + 0.6])
    fig.update_yaxes(title=tr(f"summarization.fig.score.{result.params.method}"),
                     rangemode="tozero")
    fig.update_layout(barmode="overlay")
    return base_layout(fig, height=height, square=False)
