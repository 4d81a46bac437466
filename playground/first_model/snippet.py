"""'Show code' for the first-model topic: a standalone script (NumPy, TensorFlow/Keras, PyTorch)
that trains the current settings in both frameworks from the same initial weights and prints
the prediction at x = 10 of each, next to the least-squares optimum."""

from __future__ import annotations

from playground.first_model.model import FitParams, Points


def _floats(values) -> str:
    return "[" + ", ".join(f"{float(v):g}" for v in values) + "]"


def code_snippet(points: Points, params: FitParams) -> str:
    """Runnable Python reproducing the page's numbers for ``points`` and ``params``."""
    noise = ""
    if params.noise > 0:
        noise = (f"Y = Y + {params.noise:g} * np.random.default_rng([{params.seed}, 1])"
                 ".standard_normal(len(Y))  # noise on y\n")
    keras_opt = ("SGD" if params.optimizer == "sgd" else "Adam")
    torch_opt = ("torch.optim.SGD(twin.parameters(), lr=LR)" if params.optimizer == "sgd" else
                 "torch.optim.Adam(twin.parameters(), lr=LR, eps=1e-7)  # Keras's epsilon")
    return f'''import numpy as np
import tensorflow as tf
import torch

EPOCHS, LR, SEED = {params.epochs}, {params.learning_rate:g}, {params.seed}
X = np.array({_floats(points.x)})
Y = np.array({_floats(points.y)})
{noise}X = X.astype("float32").reshape(-1, 1)
Y = Y.astype("float32").reshape(-1, 1)

# Keras: the chapter's one Dense unit, its default initialisers made reproducible by a seed.
model = tf.keras.Sequential([
    tf.keras.Input(shape=(1,)),
    tf.keras.layers.Dense(units=1,
                          kernel_initializer=tf.keras.initializers.GlorotUniform(seed=SEED)),
])
w0, b0 = (v.copy() for v in model.get_weights())
# Fast but the same steps as model.fit(X, Y, epochs=EPOCHS): the full batch as one cached
# dataset element per epoch, and every step in one compiled call.
model.compile(optimizer=tf.keras.optimizers.{keras_opt}(learning_rate=LR),
              loss="mean_squared_error", steps_per_execution=EPOCHS)
data = tf.data.Dataset.from_tensors((X, Y)).repeat(EPOCHS).cache()
model.fit(data, epochs=1, verbose=0)
print("initial W, b:", w0.item(), b0.item())
print("Keras   predict(10):", model.predict(np.array([[10.0]]), verbose=0).item())

# PyTorch: the same model from the same initial weights.
twin = torch.nn.Linear(1, 1)
with torch.no_grad():
    twin.weight.copy_(torch.from_numpy(w0.T))
    twin.bias.copy_(torch.from_numpy(b0))
optimizer = {torch_opt}
loss_fn = torch.nn.MSELoss()
x, y = torch.from_numpy(X), torch.from_numpy(Y)
for epoch in range(EPOCHS):
    optimizer.zero_grad()
    loss_fn(twin(x), y).backward()
    optimizer.step()
print("PyTorch predict(10):", twin(torch.tensor([[10.0]])).item())

# The least-squares optimum that both walk towards.
W, b = np.linalg.lstsq(np.column_stack([X.ravel(), np.ones(len(X))]), Y.ravel(), rcond=None)[0]
print(f"least squares: W = {{W:.6f}}, b = {{b:.6f}}, 10 W + b = {{10 * W + b:.6f}}")
'''
