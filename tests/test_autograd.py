"""Backend tests of the autograd topic (chapter §1.1.3): the chapter's 4.5, the graph read from
torch, the hand-written chain rule and broadcasting rule against the libraries, bad input."""

from __future__ import annotations

import ast
import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.autograd import basics, chapter, derivation, figures, model, snippet
from playground.autograd.spec import BASICS_SPEC, SPEC
from playground.errors import InputError
from playground.i18n import Translator, load_catalogue

CHAPTER = Path("/work/shared/seed/000_9a133b739f742d6c.txt")
EN = Translator("en")
MIXED = model.GraphParams(x=((1.0, -2.0, 0.5), (3.0, 0.0, -0.25)), add=-1.5, mul=2.0)
ALL = [model.GraphParams(x=MIXED.x, add=0.5, mul=-1.5, op=op, reduce=reduce)
       for op in model.OPS for reduce in model.REDUCTIONS]


def test_chapter_settings_give_4_5_everywhere():
    result = model.run(model.GraphParams())
    assert result.x_grad.shape == (2, 2)
    assert np.all(result.x_grad == 4.5)
    assert result.out == 27.0
    assert SPEC.params().graph == model.GraphParams()  # the page opens on the chapter's example


def _torch_names(params):
    """Node names of the same chain built here, walked independently of the backend."""
    x = torch.tensor(params.x, requires_grad=True)
    f = {"square": lambda t: t * t, "cube": lambda t: t ** 3, "sin": torch.sin,
         "exp": torch.exp, "tanh": torch.tanh}[params.op]
    z = f(x + params.add) * params.mul
    out = z.mean() if params.reduce == "mean" else z.sum()
    names, stack, seen = [], [out.grad_fn], set()
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen.add(id(fn))
        names.append(type(fn).__name__)
        stack.extend(child for child, _ in fn.next_functions)
    return sorted(names)


@pytest.mark.parametrize("params", ALL, ids=lambda p: f"{p.op}-{p.reduce}")
def test_graph_names_are_torchs(params):
    result = model.run(params)
    assert sorted(n.grad_fn for n in result.nodes) == _torch_names(params)
    assert result.nodes[0].grad_fn == "AccumulateGrad" and result.nodes[0].tensor == "x"
    assert [n.column for n in result.nodes] == list(range(len(result.nodes)))


def test_chapter_graph_matches_the_book():
    names = [n.grad_fn for n in model.run(model.GraphParams()).nodes]
    assert names == ["AccumulateGrad", "AddBackward0", "MulBackward0", "MulBackward0",
                     "MeanBackward0"]


def test_model_writes_no_node_name_itself():
    """Node names appear in the backend's docstrings only, never as string constants in code."""
    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                 and isinstance(n.value, str) and id(n) not in docstrings]
    assert not [c for c in constants if "Backward" in c or "AccumulateGrad" in c]


@pytest.mark.parametrize("params", ALL, ids=lambda p: f"{p.op}-{p.reduce}")
def test_chain_rule_by_hand_equals_torch(params):
    result = model.run(params)
    np.testing.assert_allclose(result.x_grad, model.formula_gradient(params), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("params", ALL, ids=lambda p: f"{p.op}-{p.reduce}")
def test_edges_carry_the_gradients_that_add_up(params):
    """A tensor's retain_grad() gradient is the sum of what backward() sent along its edges."""
    result = model.run(params)
    for i, node in enumerate(result.nodes[:-1]):
        sent = sum(e.grad for e in result.edges if e.source == i)
        np.testing.assert_allclose(sent, node.grad, rtol=1e-6)
    assert result.nodes[-1].grad == 1.0


def test_y_times_y_has_two_edges_of_half_the_gradient():
    result = model.run(model.GraphParams())
    into_s = [e for e in result.edges if result.nodes[e.target].tensor == "s"]
    assert len(into_s) == 2 and {e.slot for e in into_s} == {0, 1}
    assert all(np.all(e.grad == 2.25) for e in into_s)


def test_page_gradients_equal_tensorflow():
    from playground.autograd import tf_parity

    pytest.importorskip("tensorflow")
    for params in ALL + [model.GraphParams()]:
        result = model.run(params)
        tf_grads = tf_parity.gradients(params)
        for node in result.nodes[:-1]:
            np.testing.assert_allclose(tf_grads[node.tensor], node.grad, rtol=1e-5, atol=1e-6)
    assert np.all(tf_parity.gradients(model.GraphParams())["x"] == 4.5)


@pytest.mark.parametrize("params", [model.GraphParams(), *ALL[::3]], ids=str)
def test_snippet_runs_and_agrees(params):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(snippet.code_snippet(params, (2, 1, 3), (4, 1)), {"__name__": "__main__"})  # noqa: S102
    text = out.getvalue()
    assert "matches the chain rule: True" in text
    assert "broadcast shape: torch.Size([2, 4, 3]) (2, 4, 3)" in text
    if params == model.GraphParams():
        assert "MeanBackward0" in text and "4.5000" in text


@pytest.mark.parametrize("text, key", [
    ("", "autograd.err_empty"), ("  ;\n ", "autograd.err_empty"),
    ("1, a", "autograd.err_not_number"), ("1, 2; 3, 四", "autograd.err_not_number"),
    ("inf, 1", "autograd.err_not_finite"), ("nan", "autograd.err_not_finite"),
    ("1e400", "autograd.err_not_finite"), ("1e7", "autograd.err_too_large"),
    ("1, 2; 3", "autograd.err_ragged"), ("1 2 3 4 5", "autograd.err_too_big"),
    ("1;2;3;4;5", "autograd.err_too_big"), ("1, " * 50_000, "autograd.err_too_long"),
])
def test_bad_matrix_text_gets_a_message(text, key):
    with pytest.raises(InputError) as caught:
        model.parse_matrix(text)
    assert caught.value.key == key
    message = EN(caught.value.key, **caught.value.params)
    assert "⟦" not in message and len(message) < 200


def test_matrix_text_forms():
    assert model.parse_matrix("1, 1; 1, 1") == model.CHAPTER_X
    assert model.parse_matrix("[[1 2]\n [3 4]]") == ((1.0, 2.0), (3.0, 4.0))
    assert model.parse_matrix("-1e6") == ((-1e6,),)
    assert model.parse_matrix(model.format_matrix([[1.5, -2]])) == ((1.5, -2.0),)


def test_overflow_is_a_message_not_nan():
    with pytest.raises(InputError) as caught:
        model.run(model.GraphParams(x=((1000.0,),), op="exp"))
    assert caught.value.key == "autograd.err_overflow"
    with pytest.raises(InputError):
        model.run(model.GraphParams(x=((100.0, 0.0),), op="exp", reduce="sum"))


def test_every_error_key_is_in_the_catalogue():
    catalogue = load_catalogue()
    sources = [Path(m.__file__).read_text(encoding="utf-8") for m in (model, basics)]
    import re

    keys = {k for s in sources for k in re.findall(r'"(autograd\.err_\w+)"', s)}
    assert keys and keys <= set(catalogue)


def _random_shape(rng):
    return tuple(int(rng.choice([1, 2, 3])) for _ in range(int(rng.integers(0, 4))))


def test_broadcast_rule_agrees_with_numpy_and_torch():
    rng = np.random.default_rng(0)
    for _ in range(400):
        result = basics.broadcast(_random_shape(rng), _random_shape(rng))
        assert result.agrees, (result.a, result.b)
    assert basics.broadcast((3, 1), (4,)).shape == (3, 4)
    assert basics.broadcast((2, 3), (4,)).shape is None
    assert basics.broadcast((), (0, 5)).shape == (0, 5)


@pytest.mark.parametrize("text, which, key", [
    ("3, a", "A", "autograd.err_shape_entry"), ("-1", "B", "autograd.err_shape_entry"),
    ("1,1,1,1,1,1,1", "A", "autograd.err_shape_dims"), ("10001", "A", "autograd.err_shape_size"),
    ("1" * 300, "B", "autograd.err_shape_long"),
])
def test_bad_shapes_get_a_message(text, which, key):
    with pytest.raises(InputError) as caught:
        basics.parse_shape(text, which)
    assert caught.value.key == key and caught.value.params["which"] == which


def test_shape_text_forms():
    assert basics.parse_shape("(3, 1)", "A") == (3, 1)
    assert basics.parse_shape("", "A") == ()
    assert basics.parse_shape("2 x 3", "A") == (2, 3)


def test_from_numpy_shares_and_tensor_copies():
    result = basics.sharing(99.0)
    assert result.a[0] == 99.0 and result.shared[0] == 99.0 and result.copied[0] == 0.0
    assert result.shared_same_memory and not result.copied_same_memory and result.back_same_memory


def test_chapter_listing_runs_as_printed():
    run = chapter.run_listing()
    assert run.error is None and run.all_match
    verdicts = [c.verdict for c in run.lines]
    assert verdicts.count("address") == 1 and set(verdicts) == {"same", "address"}
    assert run.lines[-2].book.strip() == "tensor([[4.5000, 4.5000],"


@pytest.mark.skipif(not CHAPTER.exists(), reason="the chapter text is not on this machine")
def test_stored_listing_is_the_chapters():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "extract", Path(__file__).resolve().parent.parent / "scripts" / "extract_autograd_listing.py")
    extract = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extract)
    assert extract.autograd_listing(CHAPTER.read_text(encoding="utf-8")) == chapter.listing()


def test_book_output_reads_the_comments_after_prints():
    code = "print(1)\n# 1\n# 2\n\n# a remark\nx = 1\n# not output\nprint(x)\n# 1\n"
    assert chapter.book_output(code) == ["1", "2", "1"]
    assert not chapter.run_listing("print(2)\n# 1\n").all_match
    assert chapter.run_listing("raise ValueError('no')").error == "ValueError: no"


def test_derivation_shows_the_chapters_formula():
    steps = derivation.derivation(model.run(model.GraphParams()), EN)
    latex = [text for kind, text in steps if kind == "latex"]
    assert r"\frac{6\,(x_{ij} + 2)}{4}" in latex[2]
    assert latex[-1].endswith("= 4.5")
    steps = derivation.derivation(model.run(MIXED), EN)
    assert sum(kind == "latex" for kind, _ in steps) == 3 + derivation.MAX_SHOWN
    assert any("more" in text for kind, text in steps if kind == "md")


def test_graph_figure_is_deterministic_and_labelled_by_torch():
    result = model.run(model.GraphParams())
    one = figures.graph_figure(result, EN).to_json()
    two = figures.graph_figure(model.run(model.GraphParams()), EN).to_json()
    assert one == two
    texts = [a["text"] for a in json.loads(one)["layout"]["annotations"]]
    for name in ("AccumulateGrad", "AddBackward0", "MulBackward0", "MeanBackward0"):
        assert any(name in t for t in texts)
    assert "x.grad = all 4.5" in " ".join(texts)


def test_spec_values_build_or_explain():
    rng = np.random.default_rng(1)
    for _ in range(30):
        view = SPEC.params(SPEC.sample(rng))
        model.run(view.graph)
    assert BASICS_SPEC.params().shape_a == (3, 1)
    with pytest.raises(InputError):
        SPEC.params({"x": "1, x"})


def test_tables_and_csv():
    result = model.run(MIXED)
    table = figures.gradient_table(result, None, EN)
    assert len(table) == 6
    assert figures.gradients_csv(result, None, EN).startswith(b"entry,value")
    assert len(figures.broadcast_table(basics.broadcast((3, 1), (4,)), EN)) == 2
