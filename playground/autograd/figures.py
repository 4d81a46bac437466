"""Figures and tables of the autograd topic: the recorded computation graph with forward values
and backward gradients on its edges, the gradient comparison (torch, TensorFlow, formula), the
broadcasting table and the memory-sharing table. Every visible text goes through ``tr``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from playground.autograd.basics import Broadcast, Sharing
from playground.autograd.model import GraphResult, formula_gradient
from playground.style import BOUNDARY_COLOUR, base_layout

FORWARD = "#0072B2"  # blue: values flowing forward
BACKWARD = "#D55E00"  # vermilion: gradients flowing backward
CONSTANT = "#777777"
BOX_FILL = "#F3F6FA"
LEAF_FILL = "#E3F2EC"
DX, BW, BH = 2.6, 1.05, 0.36  # column spacing, box half-width and half-height (data units)
LABEL_FONT = 15


def number(value: float) -> str:
    """A number as the graph labels show it: up to 4 significant digits, no trailing zeros."""
    value = float(value)
    if value == 0:
        return "0"
    return f"{value:.4g}"


def tensor_text(values, tr, *, html: bool = True) -> str:
    """A tensor in a few characters: a scalar, ``all v`` when every entry is equal, the rows for
    a matrix of up to 3 x 3 entries, else its mean and shape."""
    arr = np.asarray(values, dtype=float)
    if arr.size == 1:
        return number(arr.ravel()[0])
    if np.all(arr == arr.ravel()[0]):
        return tr("autograd.fig.all", value=number(arr.ravel()[0]))
    matrix = np.atleast_2d(arr)
    if matrix.shape[0] <= 3 and matrix.shape[1] <= 3:
        rows = [", ".join(number(v) for v in row) for row in matrix]
        return "[" + (";<br>" if html else "; ").join(rows) + "]"
    shape = "×".join(str(d) for d in arr.shape)
    return tr("autograd.fig.mean", value=number(arr.mean())) + ("<br>" if html else " ") + \
        f"({shape})"


def expression(tensor: str, params, tr) -> str:
    """The operation that made ``tensor``, with the user's numbers (``y = x + 2``)."""
    a, c = number(params.add), number(params.mul)
    f = {"square": "y · y", "cube": "y³", "sin": "sin(y)", "exp": "exp(y)",
         "tanh": "tanh(y)"}[params.op]
    return {"x": tr("autograd.fig.leaf"), "y": f"y = x + {a}" if params.add >= 0
            else f"y = x − {number(-params.add)}", "s": f"s = {f}", "z": f"z = s · {c}",
            "out": f"out = {params.reduce}(z)"}[tensor]


def graph_figure(result: GraphResult, tr, *, scale: float = 1.0) -> go.Figure:
    """The backward graph torch recorded, left to right from the leaf x to out.

    Boxes are the nodes (their ``grad_fn`` names as torch reports them); above each edge the
    value that flowed forward (blue, →), below it the gradient ``backward()`` sent back along
    it (vermilion, ←). Parallel edges (y · y uses y twice) are drawn once with both gradients.
    ``scale`` enlarges the type and the height (presenter mode uses about 1.25).
    """
    font = round(LABEL_FONT * scale)
    fig = go.Figure()
    columns: dict[int, list[int]] = {}
    for i, node in enumerate(result.nodes):
        columns.setdefault(node.column, []).append(i)
    pos = {}
    for col, members in columns.items():
        for k, i in enumerate(members):
            pos[i] = (col * DX, (k - (len(members) - 1) / 2) * 2.6)
    annotations, shapes = [], []

    def label(x, y, text, colour, anchor):
        annotations.append(dict(x=x, y=y, text=text, showarrow=False, yanchor=anchor,
                                font=dict(size=font, color=colour), align="center"))

    def arrow(x0, y0, x1, y1, colour):
        annotations.append(dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x",
                                ayref="y", text="", showarrow=True, arrowhead=2,
                                arrowsize=1.2, arrowwidth=2.2, arrowcolor=colour))

    for i, node in enumerate(result.nodes):
        x, y = pos[i]
        leaf = node.tensor == "x"
        shapes.append(dict(type="rect", x0=x - BW, x1=x + BW, y0=y - BH, y1=y + BH,
                           line=dict(color=BOUNDARY_COLOUR, width=1.5),
                           fillcolor=LEAF_FILL if leaf else BOX_FILL))
        annotations.append(dict(x=x, y=y, showarrow=False, font=dict(size=font - 1),
                                text=f"<b>{node.grad_fn}</b><br>"
                                     f"{expression(node.tensor, result.params, tr)}"))
        if node.constant is not None:  # the Python number the operation also took
            arrow(x, y + 1.05, x, y + BH, CONSTANT)
            label(x, y + 1.05, tr("autograd.fig.constant", value=number(node.constant)),
                  CONSTANT, "bottom")
    merged: dict[tuple[int, int], list] = {}
    for edge in result.edges:
        merged.setdefault((edge.source, edge.target), []).append(edge)
    for (source, target), edges in merged.items():
        (x0, y0), (x1, y1) = pos[source], pos[target]
        node = result.nodes[source]
        arrow(x0 + BW, y0 + 0.12, x1 - BW, y1 + 0.12, FORWARD)
        arrow(x1 - BW, y1 - 0.12, x0 + BW, y0 - 0.12, BACKWARD)
        mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
        label(mid_x, mid_y + 0.45, f"{node.tensor} = {tensor_text(node.value, tr)}", FORWARD,
              "bottom")
        texts = [tensor_text(e.grad, tr) for e in edges]
        grads = (f"{len(texts)} × {texts[0]}" if len(texts) > 1 and len(set(texts)) == 1
                 else "<br>+ ".join(texts))
        label(mid_x, mid_y - 0.45, f"∂out/∂{node.tensor} =<br>{grads}", BACKWARD, "top")
    # out: its value leaves to the right, and backward() starts there with d out / d out = 1.
    last = len(result.nodes) - 1
    x_out, y_out = pos[last]
    x_end = x_out + BW + 0.9
    arrow(x_out + BW, y_out + 0.12, x_end, y_out + 0.12, FORWARD)
    arrow(x_end, y_out - 0.12, x_out + BW, y_out - 0.12, BACKWARD)
    label(x_end - 0.45, y_out + 0.45, f"out = {number(result.out)}", FORWARD, "bottom")
    label(x_end - 0.45, y_out - 0.45, "∂out/∂out =<br>1", BACKWARD, "top")
    x_leaf, y_leaf = pos[0]
    annotations.append(dict(x=x_leaf - BW, y=y_leaf - 1.45, xanchor="left", yanchor="top",
                            showarrow=False, font=dict(size=font + 1, color=BACKWARD),
                            text=f"<b>x.grad = {tensor_text(result.x_grad, tr)}</b>"))
    for name, colour in ((tr("autograd.fig.forward"), FORWARD),
                         (tr("autograd.fig.backward"), BACKWARD)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=name,
                                 line=dict(color=colour, width=3)))
    ys = [p[1] for p in pos.values()]
    base_layout(fig, height=round(450 * scale), square=False)
    fig.update_layout(font=dict(size=round(14 * scale)))
    fig.update_layout(annotations=annotations, shapes=shapes, title=tr("autograd.fig.graph_title"),
                      margin=dict(l=10, r=10, t=50, b=10), hovermode=False,
                      legend=dict(orientation="h", x=1, xanchor="right", y=0, yanchor="bottom"))
    fig.update_xaxes(visible=False, range=[-BW - 0.4, x_end + 0.5], fixedrange=True)
    fig.update_yaxes(visible=False, range=[min(ys) - 2.3, max(ys) + 1.6], fixedrange=True)
    return fig


def gradient_table(result: GraphResult, tf_grads: dict | None, tr) -> pd.DataFrame:
    """One row per entry of x: its value, x.grad from torch, from TensorFlow's GradientTape
    (empty without TensorFlow) and from the chain-rule formula."""
    x = np.asarray(result.params.x, dtype=float)
    formula = formula_gradient(result.params)
    rows = []
    for (i, j), value in np.ndenumerate(x):
        rows.append({tr("autograd.col.entry"): f"x[{i}, {j}]",
                     tr("autograd.col.value"): value,
                     tr("autograd.col.torch"): float(result.x_grad[i, j]),
                     tr("autograd.col.tf"): (float(tf_grads["x"][i, j]) if tf_grads is not None
                                             else None),
                     tr("autograd.col.formula"): float(formula[i, j])})
    return pd.DataFrame(rows)


def tensor_table(result: GraphResult, tf_grads: dict | None, tr) -> pd.DataFrame:
    """Every tensor of the chain with its value and d out / d tensor in both frameworks."""
    rows = []
    for node in result.nodes:
        if node.tensor == "out":
            continue
        tf_text = (tensor_text(tf_grads[node.tensor], tr, html=False) if tf_grads is not None
                   else "—")
        rows.append({tr("autograd.col.tensor"): node.tensor,
                     tr("autograd.col.grad_fn"): node.grad_fn,
                     tr("autograd.col.value"): tensor_text(node.value, tr, html=False),
                     tr("autograd.col.torch"): tensor_text(node.grad, tr, html=False),
                     tr("autograd.col.tf"): tf_text})
    return pd.DataFrame(rows)


def max_difference(result: GraphResult, tf_grads: dict | None) -> float | None:
    """Largest |torch - TensorFlow| over every tensor's gradient (None without TensorFlow)."""
    if tf_grads is None:
        return None
    return max(float(np.max(np.abs(node.grad - tf_grads[node.tensor])))
               for node in result.nodes if node.tensor in tf_grads)


def parity_note(result: GraphResult, tf_grads: dict, tr) -> str:
    """TensorFlow's gradients against PyTorch's in words: they agree (within float32 rounding,
    relative to the output's size) or the largest difference."""
    diff = max_difference(result, tf_grads)
    agree = diff <= 1e-4 * (1 + abs(result.out))
    return tr("autograd.tf.agree" if agree else "autograd.tf.disagree", diff=f"{diff:.2g}")


def gradients_csv(result: GraphResult, tf_grads: dict | None, tr) -> bytes:
    return gradient_table(result, tf_grads, tr).to_csv(index=False).encode("utf-8")


def broadcast_table(result: Broadcast, tr) -> pd.DataFrame:
    """The shapes aligned on the right, one row per result dimension, with the rule that
    decided it."""
    n = len(result.rows)

    def size(v):
        return "—" if v is None else str(v)

    return pd.DataFrame([{tr("autograd.col.dim"): f"{k - n}",
                          "A": size(row.a), "B": size(row.b),
                          tr("autograd.col.result"): size(row.out),
                          tr("autograd.col.rule"): tr(f"autograd.rule.{row.rule}")}
                         for k, row in enumerate(result.rows)])


def shape_text(shape) -> str:
    return "—" if shape is None else "(" + ", ".join(str(d) for d in shape) + \
        ("," if len(shape) == 1 else "") + ")"


def sharing_table(result: Sharing, tr) -> pd.DataFrame:
    def values(arr):
        return "[" + ", ".join(number(v) for v in arr) + "]"

    yes, no = tr("autograd.yes"), tr("autograd.no")
    return pd.DataFrame([
        {tr("autograd.col.object"): "a  (numpy)", tr("autograd.col.values"): values(result.a),
         tr("autograd.col.shares"): "—"},
        {tr("autograd.col.object"): "torch.from_numpy(a)",
         tr("autograd.col.values"): values(result.shared),
         tr("autograd.col.shares"): yes if result.shared_same_memory else no},
        {tr("autograd.col.object"): "torch.tensor(a)",
         tr("autograd.col.values"): values(result.copied),
         tr("autograd.col.shares"): yes if result.copied_same_memory else no},
    ])


def listing_table(run, tr) -> pd.DataFrame:
    """The chapter listing's printed lines, book and machine side by side, with a verdict."""
    return pd.DataFrame([{tr("autograd.listing.book"): c.book,
                          tr("autograd.listing.machine_short"): c.machine,
                          tr("autograd.listing.verdict"): tr(f"autograd.listing.{c.verdict}")}
                         for c in run.lines])
