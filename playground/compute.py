"""Running numerical library calls well on a small shared server.

On a two-core machine serving a class, BLAS and OpenMP thread pools fight each other and every
other session: a small MLP fit took 87 s with the default pools under load against 2.3 s on one
thread, and a k-means fit 150 ms against 6 ms (both measured on this project's machine). The
backends therefore run scikit-learn work on one thread; sessions run in parallel instead.
"""

from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager

from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import ThreadpoolController

_controller: ThreadpoolController | None = None
_controller_lock = threading.Lock()


def _threadpools() -> ThreadpoolController:
    # Found once: scanning the loaded libraries costs about 10 ms a time.
    global _controller
    with _controller_lock:
        if _controller is None:
            _controller = ThreadpoolController()
        return _controller


@contextmanager
def one_thread(quiet: bool = True):
    """Run the block with BLAS / OpenMP limited to one thread (and, by default, without
    scikit-learn's convergence warnings: the pages report convergence themselves)."""
    with _threadpools().limit(limits=1), warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", ConvergenceWarning)
        yield
