"""Summarization backend: sentence splitting, cleaning user text, scoring (with a PageRank parity
test against networkx), safe highlighting, the code snippet, and the abstractive path with a tiny
BART built in-process and found in a temporary Hugging Face cache (never the network)."""

from __future__ import annotations

import csv
import html
import io
import contextlib
import re
import threading
import time

import numpy as np
import pytest

from playground.compute import GenerationGate
from playground.summarization import abstractive, snippet
from playground.summarization import model as summ
from playground.summarization import text as stext
from playground.errors import InputError
from playground.i18n import load_catalogue

PARIS = stext.load_preset("paris")


def texts(text):
    return [s.text for s in stext.split_sentences(text)]


# --- sentences and terms ---------------------------------------------------------------------
def test_english_sentences_keep_abbreviations_initials_and_numbers():
    text = ("Dr. Smith met J. R. R. Tolkien, e.g. in Oxford. The population was 2,175,601 in 2018. "
            "Really? Yes!\n\nA new paragraph without a full stop\n\nAnd the last one.")
    assert texts(text) == ["Dr. Smith met J. R. R. Tolkien, e.g. in Oxford.",
                           "The population was 2,175,601 in 2018.", "Really?", "Yes!",
                           "A new paragraph without a full stop", "And the last one."]


def test_chinese_sentences_split_without_spaces_and_keep_closing_quotes():
    assert texts("茶起源于中国。你喝过吗？“真好喝！”他说。") == [
        "茶起源于中国。", "你喝过吗？", "“真好喝！”", "他说。"]


def test_sentence_spans_point_into_the_text_and_pieces_without_letters_join_the_next():
    text = "1. First item here. 2. Second item? ... Third."
    sentences = stext.split_sentences(text)
    assert [s.text for s in sentences] == ["1. First item here.", "2. Second item?", "... Third."]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.index for s in sentences] == [0, 1, 2]


def test_paris_is_two_sentences():
    assert len(stext.split_sentences(PARIS)) == 2


def test_terms_drop_english_stop_words_and_pair_chinese_characters():
    assert stext.terms("The City of Paris is the centre") == ["city", "paris", "centre"]
    assert stext.terms("饮茶历史") == ["饮茶", "茶历", "历史"]
    assert stext.terms("茶") == ["茶"]


def test_word_counts_count_chinese_characters():
    assert stext.count_words("Paris is big, isn't it?") == 5
    assert stext.count_words("喝茶 tea") == 3
    assert stext.is_chinese(stext.load_preset("tea_zh")) and not stext.is_chinese(PARIS)


# --- cleaning user text ----------------------------------------------------------------------
@pytest.mark.parametrize("raw, key", [
    ("", "summarization.err_empty"),
    ("   \n\t ", "summarization.err_empty"),
    (None, "summarization.err_empty"),
    ("<div><br/></div>", "summarization.err_only_markup"),
    ("1234 5678 #### !!!! ???? 3.14159", "summarization.err_not_text"),
    ("\x00\x01\x02 ☺☺☺☺ ++++", "summarization.err_not_text"),
    ("Only one sentence here", "summarization.err_one_sentence"),
    ("Only one sentence here.", "summarization.err_one_sentence"),
    ("只有一句话。", "summarization.err_one_sentence"),
])
def test_bad_input_raises_a_translatable_error(raw, key):
    with pytest.raises(InputError) as caught:
        stext.clean_text(raw)
    assert caught.value.key == key
    catalogue = load_catalogue()
    assert key in catalogue
    for lang in ("en", "zh"):
        catalogue[key][lang].format(**caught.value.params)  # every placeholder is supplied


def test_markup_is_removed_with_a_notice_and_scripts_disappear():
    document = stext.clean_text("<p>Hello <b>world</b> &amp; friends.</p><script>alert(1)</script>"
                               "<p>Second sentence here.</p>")
    assert "<" not in document.text and "alert" not in document.text
    assert "Hello world & friends." in document.text
    assert [n.key for n in document.notices] == ["summarization.note_markup"]
    assert stext.clean_text("If a < b and c > d, then stop. Fine.").notices == ()


@pytest.mark.timeout(10)
@pytest.mark.parametrize("raw", ["<script " * 25_000, "<style>" * 25_000, "<a " * 70_000,
                                 "<script>x</script>" * 10_000 + "Done here. Fine."])
def test_pathological_markup_is_handled_in_linear_time(raw):
    started = time.perf_counter()
    with contextlib.suppress(InputError):
        stext.clean_text(raw)
    assert time.perf_counter() - started < 1.0


def test_script_and_style_blocks_disappear_with_their_content():
    assert stext.drop_hidden("a<script>x</script>b<STYLE type=1>y</style >c<script>open") == \
        "a b c "


def test_long_text_is_cut_at_a_sentence_end_with_a_notice():
    raw = (stext.load_preset("bees") + "\n\n") * 30
    document = stext.clean_text(raw)
    assert len(document.text) <= stext.MAX_CHARS
    assert document.text.endswith(".")
    notice, = document.notices
    assert notice.key == "summarization.note_truncated"
    assert notice.values() == {"limit": "20,000", "length": f"{len(raw.strip()):,}"}


def test_control_characters_and_windows_line_ends_are_tidied():
    document = stext.clean_text("First\x07 line.\r\n\r\nSecond line.")
    assert document.text == "First line.\n\nSecond line."
    assert len(document.sentences) == 2


# --- extractive summary ----------------------------------------------------------------------
def test_params_are_validated_and_summary_size_stays_between_one_and_all_but_one():
    with pytest.raises(ValueError, match="method"):
        summ.ExtractParams(method="magic")
    with pytest.raises(ValueError, match="ratio"):
        summ.ExtractParams(ratio=0)
    assert summ.ExtractParams(n_sentences=10).n_chosen(2) == 1
    assert summ.ExtractParams(size_by="ratio", ratio=0.05).n_chosen(10) == 1
    assert summ.ExtractParams(size_by="ratio", ratio=0.3).n_chosen(10) == 3
    assert summ.ExtractParams(size_by="ratio", ratio=1.0).n_chosen(10) == 9


@pytest.mark.parametrize("seed", [0, 1])
def test_pagerank_matches_networkx(seed):
    nx = pytest.importorskip("networkx")
    rng = np.random.default_rng(seed)
    weights = rng.random((8, 8)) * (rng.random((8, 8)) < 0.5)
    weights = np.triu(weights, 1)
    weights = weights + weights.T
    weights[3, :] = weights[:, 3] = 0  # an isolated sentence
    graph = nx.from_numpy_array(weights)
    expected = nx.pagerank(graph, alpha=summ.DAMPING, weight="weight", tol=1e-12, max_iter=1000)
    np.testing.assert_allclose(summ.pagerank(weights), [expected[i] for i in range(8)], atol=1e-8)


def test_paris_two_sentences_tie_and_the_first_is_kept():
    result = summ.extract(stext.clean_text(PARIS), summ.ExtractParams("textrank", n_sentences=3))
    np.testing.assert_allclose(result.scores, [0.5, 0.5])
    assert result.chosen.tolist() == [0]
    assert result.summary == stext.split_sentences(PARIS)[0].text


@pytest.mark.parametrize("method, expected", [("textrank", [0, 3]), ("centroid", [0, 3]),
                                              ("lead", [0, 1])])
def test_golden_choices_on_the_bees_text(method, expected):
    document = stext.clean_text(stext.load_preset("bees"))
    result = summ.extract(document, summ.ExtractParams(method, n_sentences=2))
    assert result.chosen.tolist() == expected
    assert len(result.scores) == 10


def test_centroid_scores_are_cosine_similarities_to_the_mean_vector():
    sentences = texts(stext.load_preset("bees"))
    vectors = summ.tfidf_matrix(sentences).toarray()
    centroid = vectors.mean(axis=0)
    expected = vectors @ centroid / np.linalg.norm(centroid)
    np.testing.assert_allclose(summ.score_sentences(sentences, "centroid"), expected)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0)


def test_chinese_summary_is_joined_without_spaces_and_in_text_order():
    document = stext.clean_text(stext.load_preset("tea_zh"))
    result = summ.extract(document, summ.ExtractParams("textrank", n_sentences=3))
    assert np.all(np.diff(result.chosen) > 0)
    assert result.summary == "".join(document.sentences[i].text for i in result.chosen)
    assert " " not in result.summary


def test_sentences_of_stop_words_only_do_not_crash():
    result = summ.extract(stext.clean_text("It is. It was. It is."), summ.ExtractParams())
    assert len(result.chosen) == 2


def test_an_extract_invents_no_words_and_compresses():
    document = stext.clean_text(stext.load_preset("bees"))
    result = summ.extract(document, summ.ExtractParams(n_sentences=3))
    stats = stext.compression(document.text, result.summary)
    assert stats.new_words == 0 and stats.new_word_share == 0
    assert 0 < stats.char_ratio < 1 and 0 < stats.word_ratio < 1
    assert stext.compression("Paris is big.", "Paris is huge.").new_words == 1


def test_highlighted_html_escapes_every_piece_of_text():
    text = 'Tom & <Jerry> say "hi". <img src=x onerror=alert(1)> is text here. Bye.'
    sentences = tuple(stext.split_sentences(text))
    document = stext.Document(text, sentences)
    result = summ.Extract(document, summ.ExtractParams(), np.array([1.0, 0.5, 0.2]),
                          np.array([0, 2]), "")
    out = summ.highlighted_html(result)
    assert "<img" not in out and "<Jerry>" not in out and "&lt;img src=x" in out
    assert out.count("<mark") == 2
    untagged = re.sub(r"<sub[^>]*>\d+</sub>", "", re.sub(r"</?(div|mark)[^>]*>", "", out))
    visible = html.unescape(untagged)
    assert visible == text


def test_scores_csv_has_one_row_per_sentence():
    result = summ.extract(stext.clean_text(stext.load_preset("tea_zh")), summ.ExtractParams())
    rows = list(csv.DictReader(io.StringIO(summ.scores_csv(result).decode("utf-8-sig"))))
    assert len(rows) == len(result.scores)
    assert sum(int(r["chosen"]) for r in rows) == len(result.chosen)
    assert sorted(int(r["rank"]) for r in rows) == list(range(1, len(rows) + 1))
    assert rows[0]["text"] == result.document.sentences[0].text


@pytest.mark.parametrize("preset, params", [
    ("paris", summ.ExtractParams()),
    ("bees", summ.ExtractParams("textrank", n_sentences=3)),
    ("bees", summ.ExtractParams("centroid", size_by="ratio", ratio=0.4)),
    ("tea_zh", summ.ExtractParams("textrank", n_sentences=2)),
    ("tea_zh", summ.ExtractParams("lead", n_sentences=4)),
])
def test_code_snippet_reproduces_the_summary(preset, params, capsys, monkeypatch, tmp_path):
    """The script needs no playground import and no particular directory."""
    document = stext.clean_text(stext.load_preset(preset))
    expected = summ.extract(document, params)
    code = snippet.code_snippet(document, params)
    assert "from playground" not in code and "import playground" not in code
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(code, namespace)  # noqa: S102
    assert namespace["chosen"].tolist() == expected.chosen.tolist()
    np.testing.assert_allclose(namespace["scores"], expected.scores, atol=1e-9)
    assert namespace["summary"] == expected.summary
    assert expected.summary in capsys.readouterr().out


def test_code_snippet_quotes_user_text_safely():
    document = stext.clean_text('He said """stop""". Then \'quit\'\\n now! 结束。')
    namespace = {}
    exec(snippet.code_snippet(document, summ.ExtractParams()), namespace)  # noqa: S102
    assert namespace["sentences"] == [s.text for s in document.sentences]


def test_every_generated_catalogue_key_exists():
    catalogue = load_catalogue()
    keys = [f"summarization.preset.{p}" for p in (*stext.PRESETS, "own")]
    keys += [f"summarization.method.{m}" for m in summ.METHODS]
    keys += [f"summarization.fig.score.{m}" for m in summ.METHODS]
    keys += [f"summarization.size_by_name.{s}" for s in summ.SIZE_BY]
    keys += ["summarization.language_name_en", "summarization.language_name_zh", "summarization.note_truncated",
             "summarization.note_markup", "summarization.err_busy"]
    assert [k for k in keys if k not in catalogue] == []


def test_score_figure_marks_the_kept_sentences():
    from playground.summarization.figures import score_figure
    from playground.i18n import Translator

    result = summ.extract(stext.clean_text(stext.load_preset("bees")), summ.ExtractParams())
    fig = score_figure(result, Translator("zh"))
    kept, dropped = fig.data
    assert list(kept.x) == (result.chosen + 1).tolist()
    assert len(kept.x) + len(dropped.x) == len(result.scores)
    assert "<" not in "".join(dropped.customdata).replace("<br>", "")


def test_extract_text_cleans_raw_text_first():
    raw = "<p>" + PARIS + "</p>"
    params = summ.ExtractParams(n_sentences=1)
    result = summ.extract_text(raw, params)
    expected = summ.extract(stext.clean_text(raw), params)
    assert result.summary == expected.summary and "<p>" not in result.document.text
    with pytest.raises(InputError):
        summ.extract_text("   ", params)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_language_warning_names_the_models_languages(lang):
    from playground.summarization.figures import language_warning
    from playground.i18n import Translator

    tr = Translator(lang)
    assert language_warning(("en",), "en", tr) is None
    assert language_warning((), "zh", tr) is None  # the registry says nothing: no warning
    names = f"{tr('summarization.language_name_en')}/{tr('summarization.language_name_zh')}"
    assert language_warning(("en", "zh"), "fr", tr) == tr("summarization.language_warning",
                                                          languages=names)


def test_generation_notes_mention_truncation_only_when_it_happened():
    from playground.summarization.figures import generation_notes
    from playground.i18n import Translator

    tr = Translator("en")
    short = abstractive.Abstract("A summary.", input_tokens=40, input_truncated=False, output_tokens=9)
    assert generation_notes(short, tr) == [tr("summarization.tokens_used", input=40, output=9)]
    cut = abstractive.Abstract("A summary.", input_tokens=1024, input_truncated=True, output_tokens=9)
    assert generation_notes(cut, tr)[1] == tr("summarization.input_truncated", tokens=1024)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summaries_text_holds_both_summaries_under_their_headers(lang):
    from playground.summarization.figures import summaries_text
    from playground.i18n import Translator

    tr = Translator(lang)
    result = summ.extract(stext.clean_text(stext.load_preset("bees")),
                          summ.ExtractParams(method="centroid", n_sentences=2))
    header = tr("summarization.file_extractive", method=tr("summarization.method.centroid"), k=2,
                n=len(result.scores))
    assert summaries_text(result, None, tr) == f"{header}\n{result.summary}\n"
    both = summaries_text(result, ("org/model", "Generated."), tr)
    assert both.endswith(f"\n\n{tr('summarization.file_abstractive', model='org/model')}\nGenerated.\n")
    assert both.startswith(f"{header}\n{result.summary}\n")


# --- abstractive summary, with a tiny BART in a temporary cache ------------------------------
TINY_ID = "tiny-org/tiny-bart-summarizer"


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory):
    """A randomly initialised two-layer BART with an in-process tokenizer, saved as a hub model
    in a temporary Hugging Face cache."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from tiny_models import save_to_hub_cache, tiny_tokenizer

    tokenizer = tiny_tokenizer([stext.load_preset(p) for p in stext.PRESETS] * 5)
    tokenizer.pad_token = tokenizer.eos_token
    tokenizer.model_max_length = 64
    eos = tokenizer.eos_token_id
    config = BartConfig(vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                        decoder_ffn_dim=32, max_position_embeddings=64, bos_token_id=eos,
                        eos_token_id=eos, pad_token_id=eos, decoder_start_token_id=eos,
                        forced_eos_token_id=eos)
    model = BartForConditionalGeneration(config).eval()
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for param in model.parameters():
            param.copy_(torch.randn(param.shape, generator=generator) * 0.3)
    cache = tmp_path_factory.mktemp("hf-cache")
    save_to_hub_cache(cache, TINY_ID, model, tokenizer)
    return cache


@pytest.fixture(scope="module")
def registry():
    from playground.models import HubModel, TaskModels

    return {"summarization": TaskModels("summarization", (HubModel(TINY_ID, ("en",)),), None)}


@pytest.fixture(scope="module")
def tiny_summarizer(tiny_cache, registry):
    from playground.models import choose_model

    choice = choose_model("summarization", cache_dir=tiny_cache, online=False, registry=registry)
    assert (choice.model_id, choice.source) == (TINY_ID, "cache")
    return abstractive.load_summarizer(choice)


def test_nothing_cached_and_offline_means_lookup_error(tmp_path, registry):
    from playground.models import choose_model

    with pytest.raises(LookupError):
        choose_model("summarization", cache_dir=tmp_path, online=False, registry=registry)
    assert abstractive.hub_model_ids(registry) == [TINY_ID]
    assert "pipeline('summarization', model='x/y')" in abstractive.prepare_command("x/y")


def test_available_model_is_none_when_nothing_is_cached_and_offline(tmp_path, registry,
                                                                    monkeypatch):
    import playground.models as models

    real = models.choose_model
    monkeypatch.setattr(models, "choose_model", lambda task, **kw: real(
        task, cache_dir=tmp_path, online=False, registry=registry))
    assert abstractive.available_model() is None


def test_available_model_finds_the_cached_tiny_model(tiny_cache, registry, monkeypatch):
    import playground.models as models

    real = models.choose_model
    monkeypatch.setattr(models, "choose_model", lambda task, **kw: real(
        task, cache_dir=tiny_cache, online=False, registry=registry))
    assert abstractive.available_model().model_id == TINY_ID


def test_the_real_registry_offers_distilbart_for_english():
    assert abstractive.hub_model_ids()[0] == "sshleifer/distilbart-cnn-12-6"
    assert abstractive.model_languages("sshleifer/distilbart-cnn-12-6") == ("en",)
    assert abstractive.model_languages("not/listed") == ()


def test_tiny_model_generates_a_capped_summary_with_progress(tiny_summarizer):
    assert tiny_summarizer.max_input_tokens == 64
    steps = []
    params = abstractive.AbstractParams(max_new_tokens=12, num_beams=2)
    with abstractive.generation_slot():
        result = abstractive.generate_summary(tiny_summarizer, stext.load_preset("bees"), params,
                                       progress=lambda done, total: steps.append((done, total)))
    assert isinstance(result.summary, str) and result.summary
    assert 1 <= result.output_tokens <= 12
    assert result.input_tokens == 64 and result.input_truncated  # the bees text is longer
    assert steps and all(total == 12 for _, total in steps) and steps[-1][0] <= 12
    again = abstractive.generate_summary(tiny_summarizer, stext.load_preset("bees"), params)
    assert again.summary == result.summary  # beam search is deterministic


def test_short_text_is_not_truncated(tiny_summarizer):
    result = abstractive.generate_summary(tiny_summarizer, "Bees make honey. Honey is sweet.",
                                   abstractive.AbstractParams(max_new_tokens=8, num_beams=1))
    assert not result.input_truncated and result.input_tokens < 64


def test_tokenizer_calls_hold_the_summarizer_lock(tiny_summarizer):
    """Two generations may run at once; a tokenizer call rewrites the shared truncation setting,
    so each call must hold the lock (unlocked, one thread's text can reach the model uncut)."""
    from dataclasses import replace

    calls = []

    class Checked:
        def __call__(self, *args, **kwargs):
            calls.append(summarizer.lock.locked())
            return tiny_summarizer.tokenizer(*args, **kwargs)

        def __getattr__(self, name):
            return getattr(tiny_summarizer.tokenizer, name)

    summarizer = replace(tiny_summarizer, tokenizer=Checked())
    abstractive.generate_summary(summarizer, PARIS, abstractive.AbstractParams(max_new_tokens=8, num_beams=1))
    assert calls and all(calls)


def test_stop_event_ends_generation_early(tiny_summarizer):
    stop = threading.Event()
    steps = []

    def progress(done, total):
        steps.append(done)
        if done >= 3:
            stop.set()

    params = abstractive.AbstractParams(max_new_tokens=40, num_beams=1, no_repeat_ngram_size=0)
    result = abstractive.generate_summary(tiny_summarizer, PARIS, params, progress=progress, stop=stop)
    assert result.stopped and max(steps) <= 4 and result.output_tokens <= 4


def test_abstract_params_are_capped():
    with pytest.raises(ValueError, match="max_new_tokens"):
        abstractive.AbstractParams(max_new_tokens=abstractive.MAX_NEW_TOKENS + 1)
    with pytest.raises(ValueError, match="num_beams"):
        abstractive.AbstractParams(num_beams=8)


def test_busy_generation_slots_give_a_translatable_error():
    gate = GenerationGate(slots=1)
    with abstractive.generation_slot(gate=gate):
        with pytest.raises(InputError) as caught:
            with abstractive.generation_slot(timeout=0.01, gate=gate):
                pass
    assert caught.value.key == "summarization.err_busy"
    with abstractive.generation_slot(timeout=0.01, gate=gate):  # released again
        pass


def test_summaries_and_text_generation_share_one_gate():
    from playground.text_generation import model as textgen

    assert textgen.GATE is abstractive.MODEL_GATE


def offline_models_from(cache_dir, registry, monkeypatch) -> None:
    """Make the page choose models offline, from ``cache_dir`` and the test registry only."""
    import playground.models as models

    real = models.choose_model
    monkeypatch.setattr(models, "choose_model", lambda task, **kw: real(
        task, cache_dir=cache_dir, online=False, registry=registry))


def test_page_generates_with_the_tiny_model_after_the_button(tiny_cache, registry, monkeypatch):
    """The page's button path end to end, with the registry pointed at the tiny cached model."""
    from apptest_helpers import open_page, problems

    offline_models_from(tiny_cache, registry, monkeypatch)
    at = open_page("pages/summarization.py", "en")
    assert problems(at) == []
    assert any("not_generated" in c.value or "press the button" in c.value for c in at.caption)
    at.button(key="summarization_generate").click().run()
    assert problems(at) == []
    assert len(at.text) == 2  # the extract and the generated summary, side by side
    assert any(TINY_ID in c.value for c in at.caption)
    at.run()  # a rerun keeps the generated summary
    assert len(at.text) == 2


def _queue_behind(gate: GenerationGate, release: threading.Event, queued: threading.Event):
    """Threads that hold the gate's only slot and wait behind it, so that a new request is
    third: its place goes 2, then 1, then it runs. Returns the threads (started)."""
    held = threading.Event()

    def holder():
        with gate.slot():
            held.set()
            release.wait(10)
            time.sleep(0.3)

    def second():
        held.wait(10)
        with gate.slot(on_wait=lambda place: queued.set(), timeout_s=30):
            time.sleep(0.3)

    threads = [threading.Thread(target=holder), threading.Thread(target=second)]
    threads[0].start()
    held.wait(10)
    threads[1].start()
    queued.wait(10)
    return threads


def test_generation_slot_tells_its_place_in_the_queue():
    gate = GenerationGate(slots=1)
    release, queued, places = threading.Event(), threading.Event(), []
    threads = _queue_behind(gate, release, queued)

    def waiting(place):
        places.append(place)
        if place == 2 and not release.is_set():
            release.set()

    with abstractive.generation_slot(gate=gate, waiting=waiting, timeout=20):
        assert gate.waiting == 0
    for thread in threads:
        thread.join(10)
    assert places[0] == 2 and places[-1] == 1 and places == sorted(places, reverse=True)


def test_page_shows_its_place_in_the_generation_queue(tiny_cache, registry, monkeypatch):
    """Two requests ahead hold and wait for the gate's only slot: the page says "number 2 in
    the queue", then "number 1", like the text generation page, then generates; nothing about
    the queue is left on the page afterwards."""
    from streamlit.delta_generator import DeltaGenerator

    from apptest_helpers import open_page, problems
    from playground.i18n import Translator

    offline_models_from(tiny_cache, registry, monkeypatch)
    gate = GenerationGate(slots=1)
    monkeypatch.setattr(abstractive, "MODEL_GATE", gate)
    shown, real_info = [], DeltaGenerator.info

    def info(self, body, *args, **kwargs):
        shown.append(str(body))
        if "2" in str(body) and not release.is_set():
            release.set()  # the requests ahead go once the page has said where it stands
        return real_info(self, body, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "info", info)
    for lang in ("en", "zh"):
        release, queued = threading.Event(), threading.Event()
        at = open_page("pages/summarization.py", lang)
        shown.clear()
        threads = _queue_behind(gate, release, queued)
        at.button(key="summarization_generate").click().run(timeout=60)
        for thread in threads:
            thread.join(10)
        tr = Translator(lang)
        places = [n for n in (1, 2, 3) if tr("summarization.waiting", n=n) in shown]
        assert places == [1, 2], shown
        assert problems(at) == []
        assert len(at.text) == 2  # the summary was generated once its turn came
        assert not any(tr("summarization.waiting", n=n) in i.value for i in at.info
                       for n in (1, 2))


def test_gradio_generate_tells_its_place_in_the_queue(tiny_cache, registry, monkeypatch):
    pytest.importorskip("gradio")
    from playground.i18n import Translator
    from ui import gradio_summarization as gradio_summary

    offline_models_from(tiny_cache, registry, monkeypatch)
    gate = GenerationGate(slots=1)
    monkeypatch.setattr(abstractive, "MODEL_GATE", gate)
    release, queued, descs = threading.Event(), threading.Event(), []
    threads = _queue_behind(gate, release, queued)

    def progress(fraction, desc=""):
        descs.append(desc)
        if "2" in desc:
            release.set()

    summary, notes = gradio_summary.summary_generate("zh", PARIS, 16, 1, progress=progress)
    for thread in threads:
        thread.join(10)
    tr = Translator("zh")
    assert summary and tr("summarization.waiting", n=2) in descs
    assert tr("summarization.waiting", n=1) in descs


def test_page_without_any_model_explains_how_to_prepare_one(tmp_path, registry, monkeypatch):
    from apptest_helpers import open_page, problems

    offline_models_from(tmp_path, registry, monkeypatch)
    at = open_page("pages/summarization.py", "zh")
    assert problems(at) == []
    assert any("生成式总结需要" in i.value for i in at.info)
    assert any("pipeline('summarization'" in c.value for c in at.code)


def test_gradio_view_answers_and_reports_bad_input():
    pytest.importorskip("gradio")
    from ui.gradio_summarization import summary_view

    highlighted, summary, stats, fig = summary_view("zh", stext.load_preset("tea_zh"), "textrank",
                                                    "sentences", 2, 0.3)
    assert "<mark" in highlighted and summary and "新词" in stats and fig is not None
    assert summary_view("en", "  ", "lead", "ratio", 2, 0.5)[2].startswith("⚠️")


def test_gradio_generate_reports_the_model_or_how_to_prepare_one(tiny_cache, tmp_path, registry,
                                                                   monkeypatch):
    pytest.importorskip("gradio")
    import playground.models as models
    from ui import gradio_summarization as gradio_summary

    real = models.choose_model
    for cache in (tiny_cache, tmp_path):
        monkeypatch.setattr(models, "choose_model", lambda task, cache=cache, **kw: real(
            task, cache_dir=cache, online=False, registry=registry))
        summary, notes = gradio_summary.summary_generate("en", PARIS, 16, 1,
                                                         progress=lambda *a, **k: None)
        if cache is tiny_cache:
            assert summary and TINY_ID in notes and "tokens" in notes
        else:
            assert summary == "" and "pipeline('summarization'" in notes


def test_tab_renders_the_spec_and_builds_the_pages_parameters():
    """The tab's extract controls come from the spec and build the page's default parameters."""
    gr = pytest.importorskip("gradio")
    from playground.summarization.spec import SPEC
    from ui import gradio_summarization as tab
    from ui.gradio_common import spec_values

    with gr.Blocks():
        view, inputs, _ = tab.build(gr.Radio(["en", "zh"], value="en"))
    defaults = [component.value for component in inputs[2:]]
    assert view is tab.summary_view
    assert SPEC.params(spec_values(SPEC, tab.EXTRACT_KEYS, *defaults)) == SPEC.params()
    assert tab.summary_preset("own") == gr.update()
    assert tab.summary_preset("bees") == stext.load_preset("bees")
