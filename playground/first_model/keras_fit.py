"""The chapter's Keras model, trained fast and with its whole history recorded (§1.1.2).

``model.fit(X, Y, epochs=500)`` on NumPy arrays spends almost all its time around the six
points rather than on them: every epoch builds a new data iterator and calls back into Python,
so the chapter's 500 epochs take 24-31 s on two cores. The arithmetic is 500 tiny steps.

:func:`train` runs exactly the same steps (the same Keras layer, optimizer, loss and
initialiser; one full batch per epoch) inside one compiled ``tf.function`` that loops over the
epochs in the TensorFlow graph and records W, b and the loss at every epoch in a
``tf.TensorArray``: 500 epochs take a few tens of milliseconds once the loop is traced (it is
traced once per optimizer and process) and give the same numbers as ``fit`` (checked by the
tests). :func:`fit_fast` shows the other way Keras itself
offers: the six points as one cached ``tf.data`` element repeated once per epoch, and
``steps_per_execution`` so one ``fit`` call runs every step in one compiled call.

TensorFlow is imported inside these functions only (about 3 s and 770 MB the first time).
Page sessions share the compiled loops; a lock lets one run at a time use each.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Callable

import numpy as np

from playground.first_model.model import (QUERY_X, FitParams, History, Points, make_history,
                                          training_data)

CHUNK_EPOCHS = 100  # epochs per compiled call between two progress reports


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no start-up chatter in server logs
    # TensorFlow imports huggingface_hub as a side effect; the hub's offline decision must come
    # first (it is made once per process and patches huggingface_hub if already imported).
    from playground.models import decide_offline_mode

    decide_offline_mode()
    import tensorflow as tf

    return tf


def build_model(seed: int):
    """The chapter's ``Sequential([Dense(units=1, input_shape=[1])])`` with Keras's default
    initialisers made reproducible: Glorot-uniform for W, seeded, and zeros for b."""
    tf = _tf()
    keras = tf.keras
    return keras.Sequential([
        keras.Input(shape=(1,)),
        keras.layers.Dense(units=1,
                           kernel_initializer=keras.initializers.GlorotUniform(seed=int(seed))),
    ])


def initial_weights(seed: int) -> tuple[float, float]:
    """The (W, b) a model built with ``seed`` starts from: the seeded Glorot-uniform draw that
    :func:`build_model`'s initialiser makes (a stateless draw, the same every time), and 0."""
    keras = _tf().keras
    kernel = keras.initializers.GlorotUniform(seed=int(seed))(shape=(1, 1))
    return float(np.asarray(kernel)[0, 0]), 0.0


def make_optimizer(params: FitParams):
    keras = _tf().keras
    if params.optimizer == "sgd":
        return keras.optimizers.SGD(learning_rate=params.learning_rate)
    return keras.optimizers.Adam(learning_rate=params.learning_rate)


class _Trainer:
    """One Keras model, optimizer and compiled epoch loop for one kind of optimizer, reused by
    every run: each traced ``tf.function`` keeps about 1 MB for the life of the process
    (measured), so tracing once per run would grow a server without bound. A run resets the
    weights, the optimizer's state and its learning rate, under a lock (a run of 500 epochs
    holds it for a few tens of milliseconds)."""

    def __init__(self, optimizer: str):
        tf = _tf()
        self.lock = threading.Lock()
        self.model = tf.keras.Sequential([tf.keras.Input(shape=(1,)),
                                          tf.keras.layers.Dense(units=1)])
        self.optimizer = make_optimizer(FitParams(optimizer=optimizer))
        self.optimizer.build(self.model.trainable_variables)
        model, opt = self.model, self.optimizer
        loss_fn = tf.keras.losses.MeanSquaredError()
        kernel, bias = model.trainable_variables
        spec = tf.TensorSpec([None, 1], tf.float32)

        @tf.function(input_signature=[spec, spec, tf.TensorSpec([], tf.int32)])
        def run_epochs(x, y, n):
            # What fit's train_step does, once per epoch, without leaving the graph.
            ws = tf.TensorArray(tf.float32, size=n)
            bs = tf.TensorArray(tf.float32, size=n)
            losses = tf.TensorArray(tf.float32, size=n)
            for epoch in tf.range(n):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))  # at the weights before the step
                grads = tape.gradient(loss, model.trainable_variables)
                opt.apply(grads, model.trainable_variables)
                ws = ws.write(epoch, kernel[0, 0])
                bs = bs.write(epoch, bias[0])
                losses = losses.write(epoch, loss)
            return ws.stack(), bs.stack(), losses.stack()

        self.run_epochs = run_epochs

    def reset(self, w0: float, b0: float, learning_rate: float) -> None:
        """A fresh start: these weights, no optimizer history (Adam's moments, the step
        count), this learning rate."""
        kernel, bias = self.model.trainable_variables
        kernel.assign(np.array([[w0]], dtype=np.float32))
        bias.assign(np.array([b0], dtype=np.float32))
        for variable in self.optimizer.variables:
            variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
        self.optimizer.learning_rate = learning_rate


_trainers: dict[str, _Trainer] = {}
_trainers_lock = threading.Lock()


def _trainer(optimizer: str) -> _Trainer:
    with _trainers_lock:
        if optimizer not in _trainers:
            _trainers[optimizer] = _Trainer(optimizer)
        return _trainers[optimizer]


def train(points: Points, params: FitParams,
          progress: Callable[[int, History], None] | None = None,
          chunk: int = CHUNK_EPOCHS) -> History:
    """Train the one-unit model for ``params.epochs`` full-batch epochs, recording every epoch.

    The model starts from Keras's default initialisation drawn with ``params.seed``
    (:func:`initial_weights`). ``progress(epochs_done, history_so_far)`` is called after every
    ``chunk`` epochs; an exception it raises (a page's Stop) ends training there.
    """
    tf = _tf()
    started = time.perf_counter()
    x_np, y_np = training_data(points, params)
    x, y = tf.constant(x_np), tf.constant(y_np)
    w0, b0 = initial_weights(params.seed)
    trainer = _trainer(params.optimizer)
    with trainer.lock:
        trainer.reset(w0, b0, params.learning_rate)
        w = [float(np.float32(w0))]
        b = [float(np.float32(b0))]
        loss: list[float] = []
        done = 0
        while done < params.epochs:
            n = min(chunk, params.epochs - done)
            ws, bs, ls = trainer.run_epochs(x, y, tf.constant(n, tf.int32))
            w.extend(ws.numpy().tolist())
            b.extend(bs.numpy().tolist())
            loss.extend(ls.numpy().tolist())
            done += n
            if progress is not None and done < params.epochs:
                progress(done, _partial(w, b, loss, x_np, y_np, params, started))
    return _partial(w, b, loss, x_np, y_np, params, started)


def _partial(w, b, loss, x_np, y_np, params, started) -> History:
    # The loss at the last weights: one more forward pass, in float32 like Keras.
    with np.errstate(over="ignore", invalid="ignore"):
        residual = np.float32(w[-1]) * x_np + np.float32(b[-1]) - y_np
        last = float(np.mean(residual * residual, dtype=np.float32))
    return make_history(w, b, [*loss, last], params.epochs,
                        seconds=time.perf_counter() - started, framework="keras")


def keras_predict(points: Points, params: FitParams) -> float:
    """``model.predict`` at x = 10 after :func:`train`, through the trained Keras model itself
    (for the tests: the history's W x + b must agree with it)."""
    tf = _tf()
    history = train(points, params)
    model = build_model(params.seed)
    model.set_weights([np.array([[history.w[-1]]], np.float32),
                       np.array([history.b[-1]], np.float32)])
    return float(model.predict(tf.constant([[QUERY_X]]), verbose=0)[0, 0])


def fit_fast(points: Points, params: FitParams) -> tuple[float, float]:
    """Keras's own ``fit``, made fast: a cached one-element dataset repeated once per epoch and
    ``steps_per_execution`` equal to the number of epochs. Returns (prediction at x = 10,
    seconds)."""
    tf = _tf()
    x, y = training_data(points, params)
    started = time.perf_counter()
    model = build_model(params.seed)
    model.compile(optimizer=make_optimizer(params), loss="mean_squared_error",
                  steps_per_execution=params.epochs)
    data = tf.data.Dataset.from_tensors((x, y)).repeat(params.epochs).cache()
    model.fit(data, epochs=1, verbose=0)
    prediction = float(model.predict(tf.constant([[QUERY_X]]), verbose=0)[0, 0])
    return prediction, time.perf_counter() - started


def fit_plain(points: Points, params: FitParams) -> tuple[float, float, list[float]]:
    """The chapter's way: ``model.fit(X, Y, epochs=..., verbose=0)`` on NumPy arrays (slow, about
    50 ms an epoch here). Returns (prediction at x = 10, seconds, loss per epoch)."""
    tf = _tf()
    x, y = training_data(points, params)
    started = time.perf_counter()
    model = build_model(params.seed)
    model.compile(optimizer=make_optimizer(params), loss="mean_squared_error")
    fitted = model.fit(x.ravel(), y.ravel(), epochs=params.epochs, verbose=0)
    prediction = float(model.predict(tf.constant([[QUERY_X]]), verbose=0)[0, 0])
    return prediction, time.perf_counter() - started, list(fitted.history["loss"])
