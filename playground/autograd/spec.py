"""Controls of the autograd topic, declared once for the page and the Gradio tab.

``SPEC`` defines the computation graph (x, a, c, f, the reduction, the TensorFlow comparison);
``BASICS_SPEC`` the tensor-basics part (two shapes to broadcast, a value written into a NumPy
array shared with a tensor). Both use the topic's prefix, so widget keys are ``autograd_<key>``.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.autograd import model
from playground.autograd.basics import parse_shape
from playground.autograd.figures import number, tensor_text
from playground.spec import Choice, Slider, Spec, Text, Toggle


@dataclass(frozen=True)
class View:
    """The graph's parameters and whether TensorFlow's gradients are shown beside torch's."""

    graph: model.GraphParams
    tensorflow: bool


def build(values) -> View:
    """Raises InputError for x text that is not a small finite matrix."""
    params = model.GraphParams(x=model.parse_matrix(values["x"]), add=float(values["add"]),
                               mul=float(values["mul"]), op=values["op"],
                               reduce=values["reduce"])
    return View(params, bool(values["tf"]))


def metrics(result: model.GraphResult, tr) -> list[tuple[str, str]]:
    return [(tr("autograd.metric.out"), number(result.out)),
            (tr("autograd.metric.x_grad"), tensor_text(result.x_grad, tr, html=False)),
            (tr("autograd.metric.nodes"), str(len(result.nodes)))]


SPEC = Spec(
    prefix="autograd",
    controls=(
        Text("x", "autograd.control.x", default="1, 1; 1, 1", help="autograd.control.x_help",
             max_chars=model.MAX_TEXT, lines=1),
        Slider("add", "autograd.control.add", default=2.0, low=-10.0, high=10.0, step=0.5),
        Slider("mul", "autograd.control.mul", default=3.0, low=-10.0, high=10.0, step=0.5),
        Choice("op", "autograd.control.op", default="square", options=model.OPS,
               option_label="autograd.op_name.{}", widget="segmented"),
        Choice("reduce", "autograd.control.reduce", default="mean", options=model.REDUCTIONS,
               option_label="autograd.reduce_name.{}", widget="segmented"),
        Toggle("tf", "autograd.control.tf", default=True, help="autograd.control.tf_help",
               secondary=True),
    ),
    build=build,
    metrics=metrics,
)


@dataclass(frozen=True)
class BasicsView:
    shape_a: tuple[int, ...]
    shape_b: tuple[int, ...]
    poke: float


def build_basics(values) -> BasicsView:
    """Raises InputError for a shape that is not a list of sizes."""
    return BasicsView(parse_shape(values["shape_a"], "A"), parse_shape(values["shape_b"], "B"),
                      float(values["poke"]))


BASICS_SPEC = Spec(
    prefix="autograd",
    controls=(
        Text("shape_a", "autograd.control.shape_a", default="3, 1",
             help="autograd.control.shape_help", max_chars=200, lines=1),
        Text("shape_b", "autograd.control.shape_b", default="4",
             help="autograd.control.shape_help", max_chars=200, lines=1),
        Slider("poke", "autograd.control.poke", default=99, low=-100, high=100, step=1),
    ),
    build=build_basics,
)
