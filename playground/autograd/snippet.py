"""Runnable code for the current view ("show code"): torch only, runs from any directory."""

from __future__ import annotations

from playground.autograd.model import GraphParams

_F = {"square": "y * y", "cube": "y ** 3", "sin": "torch.sin(y)", "exp": "torch.exp(y)",
      "tanh": "torch.tanh(y)"}
_F_PRIME = {"square": "2 * y", "cube": "3 * y ** 2", "sin": "torch.cos(y)", "exp": "torch.exp(y)",
            "tanh": "1 - torch.tanh(y) ** 2"}


def code_snippet(params: GraphParams, shape_a=(3, 1), shape_b=(4,)) -> str:
    """Python that rebuilds the graph, prints its nodes as torch names them, runs backward and
    checks x.grad against the chain rule; then checks the two shapes' broadcasting."""
    x = [[float(v) for v in row] for row in params.x]
    n = params.shape[0] * params.shape[1]
    weight = f"1 / {n}" if params.reduce == "mean" else "1"
    return f'''import numpy as np
import torch

x = torch.tensor({x!r}, dtype=torch.float32, requires_grad=True)
y = x + {params.add!r}
s = {_F[params.op]}
z = s * {params.mul!r}
out = z.{params.reduce}()
for t in (y, s, z, out):
    t.retain_grad()  # keep the gradients of intermediate tensors too


def walk(node, depth=0):
    """Print the graph torch recorded, from out back to the leaf x."""
    print("  " * depth + type(node).__name__)
    for child, _ in node.next_functions:
        if child is not None:
            walk(child, depth + 1)


walk(out.grad_fn)
out.backward()
print("out =", out.item())
print("x.grad =", x.grad)
for name, t in (("y", y), ("s", s), ("z", z)):
    print(f"d out / d {{name}} =", t.grad)

# The chain rule by hand: d out/dx = w * c * f'(x + a)
with torch.no_grad():
    y = x + {params.add!r}
    by_hand = {weight} * {params.mul!r} * ({_F_PRIME[params.op]})
print("matches the chain rule:", torch.allclose(x.grad, by_hand, rtol=1e-5, atol=1e-6))

# Broadcasting: align the shapes on the right; sizes must be equal or 1
a_shape, b_shape = {tuple(shape_a)!r}, {tuple(shape_b)!r}
try:
    print("broadcast shape:", torch.broadcast_shapes(a_shape, b_shape),
          np.broadcast_shapes(a_shape, b_shape))
except (RuntimeError, ValueError) as error:
    print("no broadcast:", error)
'''
