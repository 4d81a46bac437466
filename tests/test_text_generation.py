"""Text generation backend: parity with transformers, step reports, hub-cache loading, sharing."""

import contextlib
import csv
import io
import re
import threading
from pathlib import Path

import pytest
import torch

from playground.errors import InputError
from playground.i18n import Translator
from playground.text_generation import figures, prompts, snippet, tokens
from playground.text_generation import model as textgen
from playground.models import HubModel, TaskModels, choose_model
from tiny_models import save_to_hub_cache, tiny_gpt2

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "assets" / "models" / "tiny-gpt2"
WORD = re.compile(r"[A-Za-z]+")
PROMPTS = ("The built-in function", "A class definition", "When the loop ends, the")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    empty_cache = tmp_path_factory.mktemp("empty-cache")
    choice = choose_model(tokens.TASK, cache_dir=empty_cache, online=False)
    assert choice.source == "bundled" and choice.model_id == "assets/models/tiny-gpt2"
    return tokens.load_model(choice)


@pytest.fixture(scope="module")
def hub_cache(tmp_path_factory):
    """A tiny GPT-2 saved as hub model ``tiny-org/tiny-gpt2`` in a temporary HF cache."""
    cache = tmp_path_factory.mktemp("hf-cache")
    model, tokenizer = tiny_gpt2(seed=3)
    save_to_hub_cache(cache, "tiny-org/tiny-gpt2", model, tokenizer)
    registry = {tokens.TASK: TaskModels(tokens.TASK, (HubModel("tiny-org/tiny-gpt2", ("en",)),),
                                         "assets/models/tiny-gpt2")}
    return cache, registry, model


@pytest.fixture(scope="module")
def tiny(hub_cache):
    cache, registry, _ = hub_cache
    choice = choose_model(tokens.TASK, cache_dir=cache, online=False, registry=registry)
    return tokens.load_model(choice, languages=("en",))


def ours(loaded, prompt, **params):
    ids = tokens.encode_prompt(loaded, prompt)
    return [s.token_id for s in textgen.generate(loaded, ids, textgen.GenerationParams(**params))]


def reference(loaded, prompt, n, **kwargs):
    ids = torch.tensor([tokens.encode_prompt(loaded, prompt)])
    out = loaded.model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=n,
                                do_sample=False, pad_token_id=loaded.tokenizer.eos_token_id,
                                **kwargs)
    return out[0, ids.shape[1]:].tolist()


# ---------------------------------------------------------------- the bundled model

def test_bundled_model_is_small_and_documented():
    files = list(BUNDLED.iterdir())
    assert sum(f.stat().st_size for f in files) <= 20 * 2**20
    names = {f.name for f in files}
    assert {"model.safetensors", "config.json", "tokenizer.json", "README.md",
            "corpus_words.txt"} <= names


@pytest.mark.parametrize("prompt", PROMPTS)
def test_greedy_matches_model_generate(bundled, prompt):
    assert ours(bundled, prompt, max_new_tokens=25, greedy=True) == reference(bundled, prompt, 25)


def test_greedy_with_repetition_penalty_matches_model_generate(bundled):
    prompt = PROMPTS[0]
    assert (ours(bundled, prompt, max_new_tokens=25, greedy=True, repetition_penalty=1.3)
            == reference(bundled, prompt, 25, repetition_penalty=1.3))


def test_generated_words_are_mostly_real_words(bundled):
    """At temperature 0.8 most alphabetic words the model writes occur in its training text."""
    vocabulary = set((BUNDLED / "corpus_words.txt").read_text(encoding="utf-8").split())
    words = []
    for seed, prompt in enumerate(PROMPTS):
        result = textgen.run(bundled, prompt, textgen.GenerationParams(
            max_new_tokens=60, temperature=0.8, top_k=0, top_p=1.0, seed=seed))
        found = WORD.findall(result.text)
        if result.text and result.text[-1].isalpha():
            found = found[:-1]  # the last word may be cut off by the token limit
        words += [w.lower() for w in found]
    share = sum(w in vocabulary for w in words) / len(words)
    assert len(words) >= 40
    assert share >= 0.7, f"only {share:.0%} of {len(words)} words are real"


def test_same_seed_same_text_and_seed_matters(bundled):
    params = textgen.GenerationParams(max_new_tokens=30, temperature=1.0, seed=5)
    first = textgen.run(bundled, PROMPTS[1], params).text
    assert textgen.run(bundled, PROMPTS[1], params).text == first
    others = {textgen.run(bundled, PROMPTS[1], textgen.GenerationParams(
        max_new_tokens=30, temperature=1.0, seed=s)).text for s in (6, 7, 8)}
    assert others != {first}


def test_steps_report_candidates_before_and_after(bundled):
    params = textgen.GenerationParams(max_new_tokens=15, temperature=0.7, top_k=5, top_p=0.9,
                                      seed=1, n_candidates=8)
    steps = list(textgen.generate(bundled, tokens.encode_prompt(bundled, PROMPTS[2]), params))
    assert len(steps) == 15 or steps[-1].token_id == bundled.tokenizer.eos_token_id
    for step in steps:
        cands = step.distribution.candidates
        assert 1 <= step.distribution.n_kept <= 5
        assert step.token_id in [c.token_id for c in cands]
        befores = [c.p_before for c in cands[:8]]
        assert befores == sorted(befores, reverse=True)
        assert sum(c.p_after for c in cands) <= 1 + 1e-5
        assert sum(c.p_after > 0 for c in cands) <= 5
        assert 0 < step.prob <= 1 and 0 < step.prob_before <= 1
    text = "".join(s.delta for s in steps)
    ids = [s.token_id for s in steps]
    assert text == bundled.tokenizer.decode(ids, skip_special_tokens=True)


def test_step_through_picks_and_matches_the_cached_loop(bundled):
    params = textgen.GenerationParams(max_new_tokens=6, greedy=True)
    prompt_ids = tokens.encode_prompt(bundled, PROMPTS[0])
    seen = []

    def second_best(distribution):
        seen.append(distribution)
        return distribution.candidates[1].token_id

    steps = list(textgen.generate(bundled, prompt_ids, params, pick=second_best))
    assert [s.token_id for s in steps] == [d.candidates[1].token_id for d in seen]
    # the stateless path (no cache) proposes the same candidates as the cached loop
    walked = []
    for index, distribution in enumerate(seen):
        proposal = textgen.next_distribution(bundled, prompt_ids + walked, params)
        assert [c.token_id for c in proposal.distribution.candidates] == \
            [c.token_id for c in distribution.candidates]
        assert proposal.distribution.candidates[0].p_before == pytest.approx(
            distribution.candidates[0].p_before, abs=1e-4)
        step = textgen.append_choice(bundled, steps[:index], proposal, steps[index].token_id)
        assert step.delta == steps[index].delta
        walked.append(step.token_id)


def test_stop_and_inference_mode_is_not_left_on(bundled):
    calls = []
    steps = list(textgen.generate(bundled, [5, 6, 7], textgen.GenerationParams(max_new_tokens=20),
                                  stop=lambda: calls.append(1) or len(calls) > 3))
    assert len(steps) == 3
    abandoned = textgen.generate(bundled, [5, 6, 7], textgen.GenerationParams())
    next(abandoned)
    assert not torch.is_inference_mode_enabled()
    del abandoned


def test_chinese_becomes_byte_pieces(bundled):
    pieces = tokens.tokenize(bundled, "文本生成")
    assert any(p.startswith("<") and p.endswith(">") for _, p in pieces)
    ids = [i for i, _ in pieces]
    assert bundled.tokenizer.decode(ids) == "文本生成"
    assert prompts.has_cjk("文本") and not prompts.has_cjk("text")


def test_presets_follow_the_model_languages(bundled):
    for task in prompts.TASKS:
        if prompts.preset_language(task, "zh") == "en":  # the English model runs these
            assert not prompts.has_cjk(prompts.preset_prompt(task, "zh", bundled))
    assert prompts.preset_language("review", "en") == "zh"  # the Chinese model's own task
    assert prompts.preset_prompt("review", "en", bundled, "negative") == "差评："
    assert prompts.PRESETS["hub"]["story"]["zh"]
    assert tokens.encode_prompt(bundled, "") == [bundled.start_id]


def test_input_limits():
    with pytest.raises(ValueError):
        textgen.GenerationParams(max_new_tokens=prompts.MAX_NEW_TOKENS + 1)
    with pytest.raises(ValueError):
        textgen.GenerationParams(top_p=0)


def test_too_long_prompt_is_an_input_error(bundled):
    with pytest.raises(InputError) as caught:
        tokens.encode_prompt(bundled, "x" * (prompts.MAX_PROMPT_CHARS + 1))
    assert caught.value.key == "text_generation.err_prompt_too_long"


@pytest.mark.parametrize("settings", [
    dict(temperature=0.9, top_k=20, seed=4),
    dict(temperature=1.3, top_k=0, top_p=0.8, repetition_penalty=1.4, seed=7),
    dict(temperature=0.5, top_k=100, top_p=1.0, seed=1),
    dict(greedy=True, repetition_penalty=1.5),
    dict(greedy=True, max_run=1),  # greedy loops: the rule has work to do
    dict(temperature=0.8, max_run=3, seed=5),
])
def test_code_snippet_reproduces_the_text(bundled, settings, monkeypatch, tmp_path):
    """The script needs no playground import and no particular directory."""
    params = textgen.GenerationParams(max_new_tokens=12, **settings)
    monkeypatch.chdir(tmp_path)
    code = snippet.code_snippet(bundled.choice, PROMPTS[0], params)
    assert "from playground" not in code and "import playground" not in code
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(code, {})
    assert printed.getvalue().rstrip("\n") == textgen.run(bundled, PROMPTS[0], params).text


def test_csv_has_one_row_per_candidate(bundled):
    result = textgen.run(bundled, PROMPTS[0], textgen.GenerationParams(max_new_tokens=4,
                                                                       n_candidates=3))
    rows = list(csv.reader(io.StringIO(textgen.steps_to_csv(result.steps).decode())))
    assert rows[0][:2] == ["step", "drawn_token_id"]
    assert len(rows) - 1 == sum(len(s.distribution.candidates) for s in result.steps)


def test_figures_escape_model_text(bundled):
    tr = Translator("zh")
    result = textgen.run(bundled, "<script>alert(1)</script>", textgen.GenerationParams(
        max_new_tokens=5, seed=2))
    page = figures.tokens_html(result.prompt, result.steps, tr)
    assert "<script>" not in page and "&lt;script&gt;" in page
    fig = figures.distribution_figure(result.steps[0].distribution, tr,
                                      drawn=result.steps[0].token_id, title="<b>x</b>")
    assert "&lt;b&gt;" in fig.layout.title.text and "<b>x" not in fig.layout.title.text
    assert figures.visible(" a\n") == "␣a↵"
    figures.probability_trace_figure(result.steps, tr, selected=0)


def _step(index, piece, delta, candidates=()):
    return textgen.Step(index, 100 + index, piece, delta, 0.5, 0.4,
                        textgen.Distribution(tuple(candidates), 3, 50))


def test_language_notice_only_for_models_without_chinese():
    assert prompts.language_notice(("en",), "你好", "en") == "text_generation.english_only"
    assert prompts.language_notice(("en",), "你好", "zh") == "text_generation.english_only"
    assert prompts.language_notice(("en",), "Hello", "zh") == "text_generation.english_presets"
    assert prompts.language_notice(("en",), "Hello", "en") is None
    assert prompts.language_notice(("en", "zh"), "你好", "zh") is None


def test_context_before_a_step_ends_with_the_text_read_so_far():
    steps = [_step(0, " cat", " cat"), _step(1, " sat", " sat"), _step(2, ".", ".")]
    assert textgen.context_before("The", steps, 0) == "The"
    assert textgen.context_before("The", steps, 2) == "The cat sat"
    assert textgen.context_before("A long prompt that runs on", steps, 1, chars=8) == "s on cat"


def test_comparison_pair_changes_the_temperature_and_always_samples():
    params = textgen.GenerationParams(temperature=0.7, greedy=True, seed=4)
    first, second = textgen.comparison_pair(params, 1.5)
    assert first == params
    assert second == textgen.GenerationParams(temperature=1.5, greedy=False, seed=4)


def test_labels_and_tables_escape_and_show_token_text():
    assert figures.markdown_escape("**[x](y)** $a$") == r"\*\*\[x\]\(y\)\*\* \$a\$"
    assert figures.markdown_escape("plain words") == "plain words"
    candidate = textgen.Candidate(7, " _a_", 0.5, 0.25)
    assert figures.candidate_label(candidate) == r"␣\_a\_ · 25%"
    tr = Translator("en")
    table = figures.tokenization_table([(11, " a"), (12, "\n")], tr)
    assert table == {tr("text_generation.col_piece"): ["␣a", "↵"], tr("text_generation.col_id"): [11, 12]}


def test_step_figure_is_titled_with_its_step_and_context():
    tr = Translator("en")
    candidates = [textgen.Candidate(101, " sat", 0.6, 0.7), textgen.Candidate(5, " ran", 0.3, 0.3)]
    steps = [_step(0, " cat", " cat"), _step(1, " sat", " sat", candidates)]
    fig = figures.step_figure("<b>The", steps, 1, tr)
    expected = tr("text_generation.step_title", step=2, context="&lt;b&gt;The cat")
    assert fig.layout.title.text.startswith(expected)  # a subtitle follows: tokens still drawable


# ---------------------------------------------------------------- a "hub" model from the cache

def test_hub_model_loads_from_the_local_cache(hub_cache, tiny):
    _, _, in_memory = hub_cache
    assert tiny.choice.source == "cache" and tiny.choice.reason_key == "models.reason.cached"
    assert tiny.window == 64 and tiny.byte_level
    ids = torch.tensor([tokens.encode_prompt(tiny, "The quick")])
    expected = in_memory.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=10,
                                  do_sample=False)[0, ids.shape[1]:].tolist()
    assert ours(tiny, "The quick", max_new_tokens=10, greedy=True) == expected


def test_hub_presets_use_a_language_the_model_reads(tiny):
    from dataclasses import replace

    chinese_only = replace(tiny, languages=("zh",))
    assert prompts.has_cjk(prompts.preset_prompt("story", "en", chinese_only))
    assert not prompts.has_cjk(prompts.preset_prompt("story", "en", tiny))
    both = replace(tiny, languages=("en", "zh"))
    assert prompts.has_cjk(prompts.preset_prompt("news", "zh", both))


def test_sampling_parity_and_context_cropping(tiny):
    assert ours(tiny, "A small", max_new_tokens=20, greedy=True) == reference(tiny, "A small", 20)
    long_prompt = "The quick brown fox " * 8  # about 40 tokens in a 64-position window
    steps = ours(tiny, long_prompt, max_new_tokens=80, temperature=1.0)
    assert 1 <= len(steps) <= 80


# ---------------------------------------------------------------- sharing two cores

def test_concurrent_generations_on_a_shared_model_match_sequential(bundled):
    params = [textgen.GenerationParams(max_new_tokens=20, seed=s) for s in range(4)]
    expected = [textgen.run(bundled, PROMPTS[0], p).text for p in params]
    got = [None] * 4

    def work(i):
        got[i] = textgen.run(bundled, PROMPTS[0], params[i]).text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == expected


def test_gate_bounds_concurrency_and_reports_waiting():
    gate = textgen.GenerationGate(slots=1)
    held, release = threading.Event(), threading.Event()

    def holder():
        with gate.slot():
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    waits = []
    with pytest.raises(textgen.Busy):
        with gate.slot(on_wait=waits.append, stop=lambda: len(waits) >= 2, poll_s=0.01):
            pass
    assert waits and waits[0] == 1 and gate.waiting == 0
    release.set()
    thread.join()
    with gate.slot():  # free again
        assert gate.waiting == 0


def test_gradio_view_streams_and_reports_the_model():
    pytest.importorskip("gradio")
    from ui import gradio_text_generation as gradio_textgen

    outputs = list(gradio_textgen.textgen_view("zh", "你好", 6, "greedy", 0.8, 50, 0.95, 1.0, 3, 0))
    assert len(outputs) >= 2  # streamed: one update per token (and a final one)
    html_text, figure, status = outputs[-1]
    assert "<span" in html_text and figure is not None
    # A Chinese prompt runs the model bundled for Chinese, and the status says which and why.
    assert "当前模型" in status and "review-gpt2-zh" in status
    (_, _, error), = gradio_textgen.textgen_view("en", "x" * 5000, 6, "greedy", 0.8, 50, 0.95,
                                                 1.0, 3, 0)
    assert error.startswith("⚠️")


def test_compare_mode_reports_a_full_gate_instead_of_a_traceback(monkeypatch):
    from apptest_helpers import open_page, problems

    @contextlib.contextmanager
    def full(**_):
        raise textgen.Busy()
        yield

    monkeypatch.setattr(textgen.GATE, "slot", full)
    at = open_page("pages/text_generation.py", "en", text_generation_mode="compare")
    at.button(key="text_generation_compare").click().run()
    assert problems(at) == []
    assert any(w.value == Translator("en")("text_generation.err_busy") for w in at.warning)


def test_step_through_page_picks_and_undoes():
    """The page's step-through mode: each click appends the chosen candidate, undo removes it."""
    from apptest_helpers import open_page

    at = open_page("pages/text_generation.py", "en", text_generation_mode="step")
    assert not at.exception
    at.button(key="text_generation_pick_0").click().run()
    at.button(key="text_generation_pick_1").click().run()
    walk = at.session_state["text_generation_walk"][1]
    assert len(walk) == 2 and not at.exception
    at.button(key="text_generation_undo").click().run()
    assert len(at.session_state["text_generation_walk"][1]) == 1


def test_tab_renders_the_spec_and_builds_the_pages_parameters():
    """The tab's controls (seed included) come from the spec: their defaults build the page's
    default parameters, and Gradio's floats for integer sliders are accepted."""
    gr = pytest.importorskip("gradio")
    from playground.text_generation.spec import DECODING, SPEC
    from ui import gradio_text_generation as tab
    from ui.gradio_common import spec_values

    with gr.Blocks():
        view, inputs, _ = tab.build(gr.Radio(["en", "zh"], value="en"))
    controls = inputs[2:]
    assert view is tab.textgen_view and len(controls) == len(DECODING)
    defaults = [component.value for component in controls]
    assert SPEC.params(spec_values(SPEC, DECODING, *defaults)) == SPEC.params()
    seed = controls[DECODING.index("seed")]
    assert isinstance(seed, gr.Number) and seed.maximum == SPEC["seed"].high
    as_floats = [float(v) if isinstance(v, int) else v for v in defaults]
    assert SPEC.params(spec_values(SPEC, DECODING, *as_floats)) == SPEC.params()
