"""Sentiment page backend: VADER word by word equals vaderSentiment, bad input, batch, snippet."""

from __future__ import annotations

import contextlib
import io
import re

import numpy as np
import pytest
from vaderSentiment import vaderSentiment as vs
from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentimentIntensityAnalyzer

from playground import sentiment as sa
from playground.errors import InputError
from playground.uploads import MAX_UPLOAD_BYTES
from playground.sentiment import figures
from playground.i18n import Translator, load_catalogue

REFERENCE = SentimentIntensityAnalyzer()

HAND_PICKED = [
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "no no good", "NO GOOD stuff here", "great but good but bad", "good nice but great fine",
    "😁😁abc😁", "Is it good??", "Is it bad????", "It was not so very bad at all",
    "<script>alert('great')</script> terrible", "我很喜欢 this phone", "   spaced\tout\nlines  ",
]
PIECES = (["good", "bad", "great", "terrible", "love", "hate", "nice", "awful", "no", "not",
           "never", "without", "doubt", "least", "at", "very", "kind", "of", "sort", "so", "this",
           "but", "BUT", "GOOD", "BAD", "the", "movie", "isn't", "hardly", "kinda", "yeah",
           "right", "bus", "stop", "bomb", ":)", ":(", "!", "?", "😁", "😡", "lol", "nor", "or"]
          + list(BOOSTER_DICT)[:20])


def random_sentences(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        words = rng.choice(PIECES, size=rng.integers(1, 14))
        text = " ".join(words)
        out.append(text + rng.choice(["", ".", "!", "!!", "??", "!!!!!", "?!?"]))
    return out


@pytest.mark.parametrize("text", HAND_PICKED + random_sentences(400))
def test_explained_scores_equal_vader(text):
    analysis = sa.explain_vader(text)
    assert analysis.scores == REFERENCE.polarity_scores(text)
    assert analysis.score == analysis.scores["compound"]
    assert len(analysis.units) == len(analysis.contributions) == len(analysis.words)


@pytest.mark.parametrize("text", HAND_PICKED[:20] + random_sentences(100, seed=1))
def test_contributions_add_up_to_the_compound(text):
    analysis = sa.explain_vader(text)
    total = sum(analysis.contributions) + analysis.punctuation
    assert round(vs.normalize(total), 4) == REFERENCE.polarity_scores(text)["compound"]


def test_rules_are_named():
    words = {w.token: w for w in sa.explain_vader("The food is not good").words}
    assert [s.rule for s in words["good"].steps] == ["negation"]
    assert words["good"].lexicon == REFERENCE.lexicon["good"] and words["good"].valence < 0
    words = {w.token: w for w in sa.explain_vader("The food is very GOOD, but service was bad").words}
    assert {"booster", "caps", "but"} <= {s.rule for s in words["GOOD"].steps}
    assert words["very"].role == "modifier" and words["very"].valence == 0
    assert [s.rule for s in words["bad"].steps] == ["but"]
    assert sa.explain_vader("Great!!!").punctuation == pytest.approx(3 * 0.292)
    assert sa.explain_vader("The book was only kind of good.").words[-1].steps[-1].rule == "phrase"


def test_emoji_pieces_remember_their_emoji():
    analysis = sa.explain_vader("Lunch 😁")
    assert analysis.words[0].emoji == ""
    assert all(w.emoji == "😁" for w in analysis.words[1:]) and len(analysis.words) > 2


def test_words_only_model_ignores_rules():
    full, plain = sa.explain_vader("not good"), sa.vader_words_only("not good")
    assert full.polarity < 0 < plain.polarity
    assert len(plain.units) == len(plain.contributions) == 2


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_empty_text_is_refused(text):
    with pytest.raises(InputError) as info:
        sa.check_text(text)
    assert info.value.key == "sentiment.err_empty"


def test_long_text_is_cut_with_a_notice():
    checked = sa.check_text("good " * 3000)
    assert len(checked.text) <= sa.MAX_CHARS
    assert ("sentiment.note_cut_chars", {"limit": sa.MAX_CHARS}) in checked.notices


def test_notices_for_html_emoji_and_mixed_scripts():
    keys = lambda text: [key for key, _ in sa.check_text(text).notices]  # noqa: E731
    assert "sentiment.note_html" in keys("<b>great</b> <script>alert(1)</script>")
    assert "sentiment.note_emoji" in keys("so happy 😁")
    assert "sentiment.note_mixed" in keys("这个 phone 很好")
    assert keys("plain good text") == []


def test_languages():
    assert sa.detect_language("I love it") == "en"
    assert sa.detect_language("我很喜欢") == "zh"
    assert sa.detect_language("😁 123") == "none"
    assert sa.main_language("这部电影 is great") == "zh"
    assert sa.main_language("This phone is great 好") == "en"


def test_vader_refuses_chinese():
    with pytest.raises(InputError) as info:
        sa.require_english(sa.check_text("这部电影太好看了"))
    assert info.value.key == "sentiment.err_vader_chinese"
    sa.require_english(sa.check_text("great movie 好"))


def test_read_lines_and_limits():
    assert sa.read_lines("good\n\n  bad  \n") == ["good", "bad"]
    with pytest.raises(InputError, match="sentiment.err_no_lines"):
        sa.read_lines(" \n ")
    with pytest.raises(InputError, match="errors.csv_too_many"):
        sa.read_lines("x\n" * (sa.MAX_ROWS + 1))


def test_read_csv_texts():
    assert sa.read_csv_texts("id,Text\n1,good\n2,\"bad, really\"\n".encode()) == ["good", "bad, really"]
    assert sa.read_csv_texts("评论\n很好\n".encode("utf-8-sig")) == ["很好"]
    cases = {b"a,b\n1,2\n": "sentiment.err_csv_no_text",
             "text\nbon march\xe9\n".encode("latin-1"): "errors.csv_not_utf8",
             b"": "errors.csv_empty", b"text\n": "errors.csv_empty",
             b"text\n" + b"x\n" * (sa.MAX_ROWS + 1): "errors.csv_too_many",
             b"text\n" + b"x" * MAX_UPLOAD_BYTES: "errors.csv_too_big",
             b'text\n"unclosed\n': "errors.csv_unreadable"}
    for data, key in cases.items():
        with pytest.raises(InputError) as info:
            sa.read_csv_texts(data)
        assert info.value.key == key, data[:30]


def test_batch_with_vader_only():
    texts = ["I love it!", "This is terrible.", "这部电影很好看", "", "The train leaves at noon"]
    progress = []
    table = sa.analyse_batch(texts, progress=lambda done, total: progress.append((done, total)),
                             naive_bayes=False)
    assert list(table["label"]) == ["positive", "negative", "unsupported", "empty", "neutral"]
    assert table.loc[0, "score"] == REFERENCE.polarity_scores("I love it!")["compound"]
    assert progress[-1] == (3, 3)
    csv = sa.batch_csv(table).decode("utf-8-sig")
    assert csv.splitlines()[0] == "text,language,model,label,score,polarity"
    tr = Translator("zh")
    assert figures.batch_figure(table, tr).data


def test_snippet_runs_and_prints_the_same_scores():
    text = "I really love how simple this library is, but the docs are NOT great!"
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(sa.code_snippet(text), {})
    first = output.getvalue().splitlines()[0]
    assert first == str(REFERENCE.polarity_scores(text))
    assert output.getvalue().splitlines()[1] == sa.explain_vader(text).label
    compile(sa.code_snippet(text, "distilbert/x"), "<snippet>", "exec")


@pytest.mark.parametrize("naive_bayes", [True, False])
def test_batch_snippet_reproduces_the_page(tmp_path, monkeypatch, capsys, naive_bayes):
    """The snippet, run on the page's download, gives every line the page's language, model,
    label and polarity: Chinese lines by naive Bayes, or unsupported when VADER was asked for."""
    lines = ["I love it!", "Awful, just awful.", "The bus leaves at noon", "这家店的服务很好，下次还来。",
             "质量太差了，退货", "", "OK 好"]
    table = sa.analyse_batch(lines, naive_bayes=naive_bayes)
    (tmp_path / "sentiment.csv").write_bytes(sa.batch_csv(table))
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(sa.batch_snippet(naive_bayes), namespace)
    rerun = namespace["table"]
    for column in ("language", "model", "label"):
        assert list(rerun[column]) == list(table[column]), column
    assert np.allclose(rerun["polarity"].astype(float), table["polarity"], equal_nan=True)
    assert (table["label"] == "unsupported").sum() == (0 if naive_bayes else 3)
    out = capsys.readouterr().out
    assert re.search(r"^positive\s+\d+$", out, re.MULTILINE), out


def test_batch_snippet_names_the_neural_models_it_reproduces():
    code = sa.batch_snippet(True, {"zh": "some/chinese-model"}, offline=True)
    compile(code, "<snippet>", "exec")
    assert 'model=\'some/chinese-model\'' in code and 'HF_HUB_OFFLINE' in code
    assert "SnowNLP" not in code  # Chinese lines go to the neural model, not naive Bayes


def test_rules_table_lists_words_that_count():
    analysis = sa.explain_vader("The food was very good, but not GREAT!!")
    table = figures.rules_table(analysis, Translator("en"))
    assert list(table["Word"]) == ["very", "good,", "GREAT!!"]  # "not" acts through GREAT's rules
    assert list(table["#"]) == [4, 5, 8]
    assert "negation" in table["Rules applied"][2] and table["Final value"][2].startswith("-")


def test_highlight_escapes_every_token():
    nasty = '<script>alert("x")</script> <img src=x onerror=alert(1)> great & "good"'
    analysis = sa.explain_vader(nasty)
    html = figures.highlight_html(analysis, Translator("en"))
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    fig = figures.contributions_figure(analysis, Translator("en"))
    assert all("<script" not in str(label) for label in fig.data[0].y)


def test_every_catalogue_key_used_exists():
    catalogue = load_catalogue()
    keys = [f"sentiment.rule.{rule}" for rule in sa.RULES] + [
        f"sentiment.label.{label}" for label in ("positive", "negative", "neutral", "unsupported", "empty")]
    assert [key for key in keys if key not in catalogue] == []


def test_route_never_scores_chinese_with_an_english_model():
    from playground.models import ModelChoice

    vader = ModelChoice("sentiment-analysis", sa.VADER, "bundled", "models.reason.bundled")
    english = ModelChoice("sentiment-analysis", sa.model_ids("en")[0], "cache",
                          "models.reason.cached")
    chinese = ModelChoice("sentiment-analysis", sa.model_ids("zh")[0], "cache",
                          "models.reason.cached")
    offline = {"en": vader, "zh": vader}
    assert sa.route("great", "auto", offline) == (sa.VADER, None, "models.reason.bundled")
    assert sa.route("great", sa.VADER_WORDS, offline)[0] == sa.VADER_WORDS
    snownlp = ModelChoice("sentiment-analysis", sa.SNOWNLP, "bundled", "models.reason.bundled")
    assert sa.route("很好", "auto", {"en": english, "zh": snownlp}) == \
        (sa.SNOWNLP, None, "models.reason.bundled")
    with pytest.raises(InputError, match="err_vader_chinese"):
        sa.route("很好", "vader", {"en": english, "zh": snownlp})
    with pytest.raises(InputError, match="err_naive_bayes_english"):
        sa.route("great", sa.SNOWNLP, offline)
    with pytest.raises(InputError, match="err_vader_chinese"):
        sa.route("很好", "vader", {"en": english, "zh": chinese})
    assert sa.route("很好", "neural", {"en": english, "zh": chinese})[0] == chinese.model_id
    assert sa.route("great", "vader", {"en": english, "zh": chinese})[2] == \
        "sentiment.reason.vader_chosen"
    with pytest.raises(ValueError):
        sa.route("great", "bert", offline)


def _choices(en: str, zh: str) -> dict:
    from playground.models import ModelChoice

    return {lang: ModelChoice("sentiment-analysis", model_id, "bundled"
                              if model_id in sa.NEURAL_FREE else "cache", "models.reason.cached")
            for lang, model_id in (("en", en), ("zh", zh))}


def test_which_models_the_compare_and_batch_modes_use():
    offline = _choices(sa.VADER, sa.SNOWNLP)
    english = _choices(sa.model_ids("en")[0], sa.SNOWNLP)
    chinese = _choices(sa.VADER, sa.model_ids("zh")[0])
    assert not sa.has_neural(offline) and sa.has_neural(english)
    assert sa.has_neural(english, "en") and not sa.has_neural(english, "zh")
    assert sa.compare_kinds("en", english) == ("vader_compare", "neural")
    assert sa.compare_kinds("en", offline) == ("auto", sa.VADER_WORDS)
    assert sa.compare_kinds("zh", offline) == (sa.SNOWNLP, sa.SNOWNLP_JIEBA)
    assert sa.compare_kinds("zh", chinese) == ("neural", sa.SNOWNLP)
    kinds = [k for c in (english, offline, chinese) for lang in ("en", "zh")
             for k in sa.compare_kinds(lang, c)]
    assert all(kind in sa.KINDS for kind in kinds)
    assert sa.batch_neural_choices("neural", offline) == {}
    assert sa.batch_neural_choices("vader", english) == {}
    assert sa.batch_neural_choices("neural", english) == {"en": english["en"]}
    both = _choices(sa.model_ids("en")[0], sa.model_ids("zh")[0])
    signature = sa.batch_signature(["good", "bad"], both)
    assert signature == (("good", "bad"), tuple(sorted(c.model_id for c in both.values())))
    assert sa.batch_signature(["good"], both) != signature
    assert sa.batch_signature(["good", "bad"], english) != signature
    assert sa.is_vader(sa.VADER) and sa.is_vader(sa.VADER_WORDS)
    assert not sa.is_vader(sa.model_ids("en")[0])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_verdict_score_and_note_of_each_model(lang):
    from dataclasses import replace

    tr = Translator(lang)
    vader = sa.explain_vader("The food was GOOD!!")
    assert figures.label_name(vader, tr) == tr("sentiment.label.positive")
    assert figures.score_metric(vader, tr) == (tr("sentiment.metric_compound"),
                                               f"{vader.score:+.4f}")
    total = sum(vader.contributions) + vader.punctuation
    assert vader.punctuation > 0 and f"{total:+.3f}" in figures.score_note(vader, tr)
    assert figures.score_note(sa.vader_words_only("good"), tr) is None
    neural = replace(vader, model="org/model", label="LABEL_1", score=0.873, polarity=-0.25)
    assert figures.label_name(neural, tr) == "LABEL_1"  # the model's own name, untranslated
    assert figures.score_metric(neural, tr) == (tr("sentiment.metric_probability"), "87.3%")
    assert figures.score_note(neural, tr) == (tr("sentiment.metric_polarity") + ": -0.250. "
                                              + tr("sentiment.occlusion_note"))


def test_batch_counts_are_ticked_in_whole_lines():
    table = sa.analyse_batch(["I love it", "Awful.", "Great!", "这家店很好", "Bad."])
    fig = figures.batch_figure(table, Translator("zh"))
    for axis in (fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.tick0 == 0 and axis.dtick == 1  # never 1.5 lines
    assert figures.whole_number_ticks(600)["dtick"] == 100
