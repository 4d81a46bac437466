"""The same chain under TensorFlow's ``tf.GradientTape`` (the chapter's §1.1.2 framework).

TensorFlow is imported on first use only (about 3 s and 770 MB): the rest of the topic, and
every other page, never pays for it.
"""

from __future__ import annotations

import threading
from functools import lru_cache

import numpy as np

from playground.autograd.model import GraphParams

_lock = threading.Lock()


@lru_cache(maxsize=1)
def tensorflow():
    """The ``tensorflow`` module, imported once; ``None`` when it is not installed."""
    # Keras imports huggingface_hub: take the process's offline decision first, as
    # playground.models asks of anything that brings the hub client in (a no-op once decided).
    from playground.models import decide_offline_mode

    decide_offline_mode()
    try:
        import tensorflow as tf
    except ImportError:
        return None
    return tf


def available() -> bool:
    with _lock:
        return tensorflow() is not None


def gradients(params: GraphParams) -> dict[str, np.ndarray] | None:
    """d out / d t for t in x, y, s, z, recorded by a GradientTape; ``None`` without TensorFlow.

    The tape watches the variable x; the intermediate tensors, computed under the tape, can be
    differentiation sources too, which gives the same per-tensor gradients as torch's
    ``retain_grad()``.
    """
    with _lock:  # one import, even when two sessions ask at once
        tf = tensorflow()
    if tf is None:
        return None
    f = {"square": lambda t: t * t, "cube": lambda t: t ** 3, "sin": tf.sin, "exp": tf.exp,
         "tanh": tf.tanh}[params.op]
    x = tf.Variable(np.asarray(params.x, dtype=np.float32))
    with tf.GradientTape() as tape:
        y = x + params.add
        s = f(y)
        z = s * params.mul
        out = tf.reduce_mean(z) if params.reduce == "mean" else tf.reduce_sum(z)
    grads = tape.gradient(out, [x, y, s, z])
    return {name: np.asarray(g) for name, g in zip(("x", "y", "s", "z"), grads)}
