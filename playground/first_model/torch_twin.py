"""The same first model in PyTorch (§1.1.2 next to §1.1.3): one idea, two frameworks.

``torch.nn.Linear(1, 1)`` is Keras's ``Dense(units=1)``; ``torch.nn.MSELoss()`` its
``'mean_squared_error'``; ``torch.optim.SGD`` its ``'sgd'``. Started from the very weights
Keras drew, trained on the same float32 points for the same number of full-batch epochs, the
two end at the same W and b to float32 rounding.

Where the frameworks differ, the twin follows Keras: Keras's Adam adds its epsilon (1e-7, not
PyTorch's 1e-8) to the square root of the *uncorrected* second moment, which is PyTorch's form
with epsilon divided by sqrt(1 - beta2^t); the difference only shows while the gradients are
far smaller than 1e-6, so the twin passes ``eps=1e-7`` and agrees to about 1e-5.
"""

from __future__ import annotations

import time

import numpy as np

from playground.first_model.model import (ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON, FitParams,
                                          History, Points, make_history, training_data)


def train(points: Points, params: FitParams, w0: float, b0: float) -> History:
    """Train ``nn.Linear(1, 1)`` from ``(w0, b0)``, recording W, b and the loss every epoch."""
    import torch

    started = time.perf_counter()
    x_np, y_np = training_data(points, params)
    x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
    model = torch.nn.Linear(1, 1)
    with torch.no_grad():  # the initial weights Keras drew, not PyTorch's own draw
        model.weight.fill_(float(np.float32(w0)))
        model.bias.fill_(float(np.float32(b0)))
    loss_fn = torch.nn.MSELoss()
    if params.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=params.learning_rate)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=params.learning_rate,
                                     betas=(ADAM_BETA1, ADAM_BETA2), eps=ADAM_EPSILON)
    n = params.epochs
    w, b, loss = np.empty(n + 1), np.empty(n + 1), np.empty(n + 1)
    w[0], b[0] = model.weight.item(), model.bias.item()
    for epoch in range(n):
        optimizer.zero_grad()
        step_loss = loss_fn(model(x), y)  # at the weights before this step
        step_loss.backward()
        optimizer.step()
        loss[epoch] = step_loss.item()
        w[epoch + 1], b[epoch + 1] = model.weight.item(), model.bias.item()
    with torch.no_grad():
        loss[n] = loss_fn(model(x), y).item()
    return make_history(w, b, loss, n, seconds=time.perf_counter() - started,
                        framework="torch")
