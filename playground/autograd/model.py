"""Autograd on the chapter's example, with the graph PyTorch really records (chapter §1.1.3).

The chapter builds ``x = torch.ones(2, 2, requires_grad=True)``, then ``y = x + 2``,
``z = y * y * 3``, ``out = z.mean()`` and calls ``out.backward()``, which leaves
``x.grad == 4.5`` everywhere. Here the same chain is parameterised::

    y   = x + a            (AddBackward0)
    s   = f(y)             (f = square, computed as y * y like the chapter, or cube, sin, ...)
    z   = c * s            (MulBackward0; for the square, s and z are the chapter's y * y * 3)
    out = mean(z) or sum(z)

and ``d out / d x_ij = w * c * f'(x_ij + a)`` with ``w = 1/n`` for the mean and 1 for the sum;
for the chapter's settings ``(1/4) * 3 * 2 * (1 + 2) = 4.5``.

Nothing about the graph is written down here: :func:`run` walks ``out.grad_fn.next_functions``
as torch recorded it, names each node by ``type(node).__name__`` and records, with a hook on
every node, the gradient torch sends along each edge during ``backward()``. ``retain_grad()`` on
the intermediate tensors gives each tensor's total gradient, which the tests compare with the
sum over its outgoing edges.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from playground.errors import InputError

# Element-wise functions f the user can pick, each with the torch code that computes it; the
# square is ``y * y`` as in the chapter (so torch records MulBackward0, not PowBackward0).
OPS = ("square", "cube", "sin", "exp", "tanh")
REDUCTIONS = ("mean", "sum")
MAX_SIDE = 4  # rows and columns of x: the graph labels stay readable up to 4 x 4
MAX_ABS = 1e6  # entries beyond this are refused before any arithmetic
MAX_TEXT = 400  # characters of the matrix text box (4 x 4 numbers need far fewer)
CHAPTER_X = ((1.0, 1.0), (1.0, 1.0))


@dataclass(frozen=True)
class GraphParams:
    """The chain ``out = reduce(c * f(x + a))`` (defaults: the chapter's example)."""

    x: tuple[tuple[float, ...], ...] = CHAPTER_X  # rows of x, a small non-empty matrix
    add: float = 2.0  # a in y = x + a (the chapter's 2)
    mul: float = 3.0  # c in z = c * f(y) (the chapter's 3)
    op: str = "square"  # f, one of OPS (the chapter's y * y)
    reduce: str = "mean"  # mean or sum, one of REDUCTIONS (the chapter's z.mean())

    def __post_init__(self):
        if self.op not in OPS:
            raise ValueError(f"op must be one of {OPS}, not {self.op!r}")
        if self.reduce not in REDUCTIONS:
            raise ValueError(f"reduce must be one of {REDUCTIONS}, not {self.reduce!r}")
        if not self.x or not self.x[0] or len({len(row) for row in self.x}) != 1:
            raise ValueError("x must be a non-empty rectangular matrix")
        if not all(math.isfinite(v) and abs(v) <= MAX_ABS for row in self.x for v in row):
            raise ValueError(f"entries of x must be finite and at most {MAX_ABS:g} in size")
        if not (math.isfinite(self.add) and math.isfinite(self.mul)):
            raise ValueError("add and mul must be finite")

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.x), len(self.x[0])

    @property
    def weight(self) -> float:
        """d out / d z_ij: 1/n for the mean, 1 for the sum."""
        return 1.0 / (self.shape[0] * self.shape[1]) if self.reduce == "mean" else 1.0


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def parse_matrix(text: str) -> tuple[tuple[float, ...], ...]:
    """Read a small matrix typed as rows separated by ``;`` or new lines, entries by commas or
    spaces (``"1, 1; 1, 1"`` is the chapter's ``torch.ones(2, 2)``).

    Raises
    ------
    InputError
        Empty text, too long, an entry that is not a number, inf / nan, an entry beyond
        ``MAX_ABS``, rows of different lengths, or more than ``MAX_SIDE`` rows or columns.
    """
    text = "" if text is None else str(text)
    if len(text) > MAX_TEXT:
        raise InputError("autograd.err_too_long", limit=MAX_TEXT)
    rows = [row for row in re.split(r"[;\n]", text.replace("[", " ").replace("]", " "))
            if row.strip()]
    if not rows:
        raise InputError("autograd.err_empty")
    matrix = []
    for row in rows:
        entries = [e for e in re.split(r"[,\s]+", row.strip()) if e]
        values = []
        for entry in entries:
            try:
                value = float(entry)
            except ValueError:
                raise InputError("autograd.err_not_number", entry=_short(entry)) from None
            if not math.isfinite(value):
                raise InputError("autograd.err_not_finite", entry=_short(entry))
            if abs(value) > MAX_ABS:
                raise InputError("autograd.err_too_large", entry=_short(entry), limit=f"{MAX_ABS:,.0f}")
            values.append(value)
        matrix.append(tuple(values))
    if len(matrix) > MAX_SIDE or max(len(r) for r in matrix) > MAX_SIDE:
        raise InputError("autograd.err_too_big", side=MAX_SIDE)
    if len({len(r) for r in matrix}) != 1:
        raise InputError("autograd.err_ragged", lengths=", ".join(str(len(r)) for r in matrix))
    return tuple(matrix)


def format_matrix(x) -> str:
    """The text box form of a matrix (inverse of :func:`parse_matrix`)."""
    return "; ".join(", ".join(f"{v:g}" for v in row) for row in np.atleast_2d(x))


@dataclass(frozen=True)
class Node:
    """One node of the backward graph, as torch recorded it.

    grad_fn : ``type(node).__name__`` (AccumulateGrad for the leaf x).
    tensor : name of the tensor this node produced ("x", "y", "s", "z", "out").
    column : distance from the leaf, for a left-to-right drawing.
    value : that tensor's value; grad : d out / d tensor (``tensor.grad`` via retain_grad).
    constant : the Python number this node's operation also took (a or c), if any.
    """

    grad_fn: str
    tensor: str
    column: int
    value: np.ndarray
    grad: np.ndarray
    constant: float | None = None


@dataclass(frozen=True)
class Edge:
    """Data flows from node ``source`` to node ``target`` (indices into the node list); in
    ``backward()`` torch sends ``grad`` the other way along it (one entry of the target's
    ``next_functions``; y * y has two edges from y)."""

    source: int
    target: int
    slot: int  # position in the target's next_functions
    grad: np.ndarray


@dataclass(frozen=True)
class GraphResult:
    params: GraphParams
    nodes: tuple[Node, ...]  # in drawing order, leaf first
    edges: tuple[Edge, ...]
    x_grad: np.ndarray  # x.grad after out.backward(), shape of x
    out: float


def _forward(params: GraphParams, torch):
    """The chain, step by step, keeping every intermediate tensor: [(name, tensor, constant)]."""
    x = torch.tensor(params.x, dtype=torch.float32, requires_grad=True)
    y = x + params.add
    f = {"square": lambda t: t * t, "cube": lambda t: t ** 3, "sin": torch.sin,
         "exp": torch.exp, "tanh": torch.tanh}[params.op]
    s = f(y)
    z = s * params.mul
    out = z.mean() if params.reduce == "mean" else z.sum()
    return [("x", x, None), ("y", y, params.add), ("s", s, None), ("z", z, params.mul),
            ("out", out, None)]


def _walk(root) -> list:
    """Every node reachable from ``root`` through ``next_functions``, each once, root first."""
    order, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        stack.extend(fn for fn, _ in reversed(node.next_functions))
    return order


def _columns(nodes) -> dict[int, int]:
    """Longest distance of each node from a leaf (a node with no next_functions)."""
    memo: dict[int, int] = {}

    def depth(node) -> int:
        if id(node) not in memo:
            inputs = [fn for fn, _ in node.next_functions if fn is not None]
            memo[id(node)] = 1 + max(map(depth, inputs)) if inputs else 0
        return memo[id(node)]

    return {id(node): depth(node) for node in nodes}


def run(params: GraphParams) -> GraphResult:
    """Forward, walk the recorded graph, hook every node, ``out.backward()``.

    Raises
    ------
    InputError
        A value or gradient overflowed float32 (``exp`` of a large entry, huge products).
    """
    import torch

    steps = _forward(params, torch)
    for _, tensor, _ in steps[1:]:
        tensor.retain_grad()
    out = steps[-1][1]
    graph = _walk(out.grad_fn)
    sent: dict[int, tuple] = {}  # id(node) -> gradients it sends along its next_functions
    for fn in graph:
        fn.register_hook(_recorder(sent, id(fn)))
    out.backward()

    x = steps[0][1]
    by_fn = {id(_leaf(graph, x)): steps[0]}
    by_fn.update({id(t.grad_fn): (n, t, c) for n, t, c in steps[1:]})
    columns = _columns(graph)
    ordered = sorted(graph, key=lambda fn: (columns[id(fn)], graph.index(fn)))
    index = {id(fn): i for i, fn in enumerate(ordered)}
    nodes, edges = [], []
    for fn in ordered:
        name, tensor, constant = by_fn[id(fn)]
        grad = (tensor.grad if tensor.grad is not None else torch.ones_like(tensor))
        nodes.append(Node(type(fn).__name__, name, columns[id(fn)],
                          tensor.detach().numpy().copy(), grad.detach().numpy().copy(), constant))
        for slot, (source, _) in enumerate(fn.next_functions):
            if source is not None:
                edges.append(Edge(index[id(source)], index[id(fn)], slot,
                                  sent[id(fn)][slot].detach().numpy().copy()))
    result = GraphResult(params, tuple(nodes), tuple(edges), x.grad.numpy().copy(),
                         float(out.detach()))
    _check_finite(result)
    return result


def _recorder(sent: dict, key: int):
    """A node hook keeping the gradients the node sends to its inputs (one per edge)."""
    def hook(grad_inputs, grad_outputs):
        sent[key] = grad_inputs
    return hook


def _leaf(graph, x):
    """The AccumulateGrad node of the leaf ``x`` (a leaf has no grad_fn of its own)."""
    for fn in graph:
        if getattr(fn, "variable", None) is x:
            return fn
    raise RuntimeError("x is not in the graph")


def _check_finite(result: GraphResult) -> None:
    arrays = [n.value for n in result.nodes] + [n.grad for n in result.nodes]
    arrays += [e.grad for e in result.edges]
    if not all(np.isfinite(a).all() for a in arrays):
        raise InputError("autograd.err_overflow", op=result.params.op)


def derivative(op: str, y: np.ndarray) -> np.ndarray:
    """f'(y) of each element-wise function, written out by hand (the tests check it against
    torch)."""
    y = np.asarray(y, dtype=float)
    return {"square": lambda: 2 * y, "cube": lambda: 3 * y ** 2, "sin": lambda: np.cos(y),
            "exp": lambda: np.exp(y), "tanh": lambda: 1 - np.tanh(y) ** 2}[op]()


def formula_gradient(params: GraphParams) -> np.ndarray:
    """d out / d x by the chain rule: w * c * f'(x + a) * 1."""
    y = np.asarray(params.x, dtype=float) + params.add
    return params.weight * params.mul * derivative(params.op, y)


def node(result: GraphResult, tensor: str) -> Node:
    for item in result.nodes:
        if item.tensor == tensor:
            return item
    raise KeyError(tensor)


def grads_by_tensor(result: GraphResult) -> dict[str, np.ndarray]:
    """d out / d t for t in x, y, s, z (torch's values)."""
    return {n.tensor: n.grad for n in result.nodes if n.tensor != "out"}
