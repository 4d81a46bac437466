"""The summarization lesson's claims, checked against the backend and the page's defaults:
ties are broken the way the notice says, the default text teaches (its scores differ), the
caption never contradicts the "sentences to keep" slider, and the text box's limit is the one
its label states."""

from __future__ import annotations

import numpy as np
import pytest

from playground.i18n import Translator
from playground.summarization import figures, snippet
from playground.summarization import model as summ
from playground.summarization import text as stext
from playground.summarization.spec import SPEC, TEXT_LIMIT

PARIS = stext.clean_text(stext.load_preset("paris"))


@pytest.mark.parametrize("method", ["textrank", "centroid"])
def test_two_sentences_tie_in_every_method_and_the_first_wins(method):
    """Both methods tie on any two sentences (in exact arithmetic); the earlier one is kept."""
    result = summ.extract(PARIS, summ.ExtractParams(method, n_sentences=1))
    a, b = result.scores
    assert f"{a:.{summ.TIE_DIGITS}g}" == f"{b:.{summ.TIE_DIGITS}g}"
    assert result.chosen.tolist() == [0]


def test_ranking_rounds_away_float_noise_but_keeps_real_differences():
    assert summ.ranking(np.array([0.7732797092147969, 0.773279709214797])).tolist() == [0, 1]
    assert summ.ranking(np.array([1.0, 1.0 + 1e-15, 0.5])).tolist() == [0, 1, 2]
    assert summ.ranking(np.array([1.0, 1.0 + 1e-9, 0.5])).tolist() == [1, 0, 2]
    assert summ.ranking(np.array([0.2, 0.9, 0.9])).tolist() == [1, 2, 0]


def test_snippet_breaks_ties_like_the_page(capsys):
    code = snippet.code_snippet(PARIS, summ.ExtractParams("centroid", n_sentences=1))
    exec(compile(code, "snippet", "exec"), {})
    assert capsys.readouterr().out.strip().endswith(PARIS.sentences[0].text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notice_explains_the_tie_as_the_backend_breaks_it(lang):
    tr = Translator(lang)
    for key in ("summarization.notice", "summarization.tab_notice"):
        notice = tr(key)
        assert "0.5" in notice and str(summ.TIE_DIGITS) in notice
    assert "earlier sentence" in Translator("en")("summarization.notice")
    assert "靠前的句子" in Translator("zh")("summarization.notice")


def test_default_text_has_textrank_scores_that_differ():
    params = SPEC.params()
    result = summ.extract_text(stext.load_preset(SPEC["source"].default), params)
    assert len(result.scores) > params.n_sentences + 2
    rounded = {round(float(s), 6) for s in result.scores}
    assert len(rounded) == len(result.scores)  # no two sentences share a score
    assert len(result.chosen) == params.n_sentences  # "keep 2" keeps 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kept_caption_agrees_with_the_slider(lang):
    tr = Translator(lang)
    default = summ.extract_text(stext.load_preset(SPEC["source"].default), SPEC.params())
    caption = figures.kept_caption(default, tr)
    assert caption == tr("summarization.kept", k=2, n=10,
                         method=tr("summarization.method.textrank"))
    capped = summ.extract(PARIS, summ.ExtractParams(n_sentences=2))
    caption = figures.kept_caption(capped, tr)
    assert tr("summarization.kept_capped", wanted=2, n=2, k=1) in caption


def test_text_box_limit_is_the_limit_that_is_summarized():
    assert TEXT_LIMIT == stext.MAX_CHARS
    text = "A short sentence here. " * (TEXT_LIMIT // 23)
    document = stext.clean_text(text[:TEXT_LIMIT])
    assert document.notices == ()  # nothing within the box's limit is cut


def test_page_defaults_teach(monkeypatch):
    """On the page as it opens: ten sentences, two kept, the label's limit equals the box's."""
    from apptest_helpers import open_page, problems

    at = open_page("pages/summarization.py", "en")
    assert problems(at) == []
    assert any("2 of 10 sentences kept" in c.value for c in at.caption)
    assert at.slider(key="summarization_n").value == 2
    at = open_page("pages/summarization.py", "zh", summarization_source="own")
    box = at.text_area(key="summarization_text")
    assert box.max_chars == TEXT_LIMIT and f"{TEXT_LIMIT:,}" in box.label
