"""The chain-rule derivation of d out / d x as LaTeX, with the user's numbers (chapter §1.1.3).

For the chapter's settings it reads ``d out/d x_ij = 1/4 · 3 · 2 y_ij · 1 = 6(x_ij + 2)/4 = 4.5``.
Each function returns (kind, text) pairs: ``"md"`` for a translated sentence, ``"latex"`` for a
formula without prose (KaTeX has no metrics for Chinese text inside ``\\text{}``).
"""

from __future__ import annotations

import numpy as np

from playground.autograd.figures import number
from playground.autograd.model import GraphParams, GraphResult

MAX_SHOWN = 4  # distinct entries of x worked out with numbers; the table has all of them

# f(y) and f'(y) in LaTeX, for each element-wise function.
F = {"square": r"y \cdot y", "cube": "y^3", "sin": r"\sin y", "exp": "e^{y}", "tanh": r"\tanh y"}
F_PRIME = {"square": "2y", "cube": "3y^2", "sin": r"\cos y", "exp": "e^{y}",
           "tanh": r"\left(1 - \tanh^2 y\right)"}


def _num(value: float) -> str:
    text = number(value)
    return f"({text})" if text.startswith("-") else text


def _plus(a: float) -> str:
    return f"- {number(-a)}" if a < 0 else f"+ {number(a)}"


def _closed(params: GraphParams, x: str) -> str:
    """w · c · f'(x + a) simplified, with ``x`` standing for the entry (a symbol or a number)."""
    y = f"{x} {_plus(params.add)}"
    c = params.mul
    body = {"square": rf"{_num(2 * c)}\,({y})", "cube": rf"{_num(3 * c)}\,({y})^2",
            "sin": rf"{_num(c)}\,\cos({y})", "exp": rf"{_num(c)}\,e^{{{y}}}",
            "tanh": rf"{_num(c)}\,\left(1 - \tanh^2({y})\right)"}[params.op]
    if params.reduce == "mean":
        return rf"\frac{{{body}}}{{{params.shape[0] * params.shape[1]}}}"
    return body


def derivation(result: GraphResult, tr) -> list[tuple[str, str]]:
    p = result.params
    n = p.shape[0] * p.shape[1]
    reduce = (rf"\frac{{1}}{{{n}}}\sum_{{i,j}} z_{{ij}}" if p.reduce == "mean"
              else r"\sum_{i,j} z_{ij}")
    weight = rf"\frac{{1}}{{{n}}}" if p.reduce == "mean" else "1"
    steps: list[tuple[str, str]] = [
        ("md", tr("autograd.derivation.intro" if p.reduce == "mean"
                  else "autograd.derivation.intro_sum", n=n)),
        ("latex", (rf"y = x {_plus(p.add)}, \quad s = {F[p.op]}, \quad z = {_num(p.mul)}\,s,"
                   rf" \quad \mathrm{{out}} = {reduce}")),
        ("md", tr("autograd.derivation.chain")),
        ("latex", (r"\frac{\partial\,\mathrm{out}}{\partial x_{ij}}"
                   r" = \frac{\partial\,\mathrm{out}}{\partial z_{ij}}"
                   r"\cdot\frac{\partial z_{ij}}{\partial s_{ij}}"
                   r"\cdot\frac{\partial s_{ij}}{\partial y_{ij}}"
                   r"\cdot\frac{\partial y_{ij}}{\partial x_{ij}}"
                   rf" = {weight}\cdot {_num(p.mul)}\cdot {F_PRIME[p.op].replace('y', 'y_{ij}')}"
                   r"\cdot 1")),
        ("md", tr("autograd.derivation.closed")),
        ("latex", r"\frac{\partial\,\mathrm{out}}{\partial x_{ij}} = " + _closed(p, "x_{ij}")),
        ("md", tr("autograd.derivation.numbers")),
    ]
    x = np.asarray(p.x, dtype=float)
    distinct = list(dict.fromkeys(x.ravel().tolist()))
    grads = {v: float(result.x_grad[np.unravel_index(int(np.argmax(x == v)), x.shape)])
             for v in distinct}
    for value in distinct[:MAX_SHOWN]:
        steps.append(("latex", (rf"x_{{ij}} = {number(value)}:\quad "
                                rf"{_closed(p, _num(value))} = {number(grads[value])}")))
    if len(distinct) > MAX_SHOWN:
        steps.append(("md", tr("autograd.derivation.more", n=len(distinct) - MAX_SHOWN)))
    if p == GraphParams():
        steps.append(("md", tr("autograd.derivation.chapter")))
    return steps
