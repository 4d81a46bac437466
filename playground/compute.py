"""Running numerical library calls well on a small shared server.

On a two-core machine serving a class, BLAS and OpenMP thread pools fight each other and every
other session: a small MLP fit took 87 s with the default pools under load against 2.3 s on one
thread, and a k-means fit 150 ms against 6 ms (both measured on this project's machine). The
backends therefore run scikit-learn work on one thread; sessions run in parallel instead.
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from collections import deque
from collections.abc import Callable
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


_torch_lock = threading.Lock()
_torch_users = 0
_torch_threads_before = 0


@contextmanager
def _torch_one_thread():
    """torch's own intra-op pool on one thread while any caller is inside (reference-counted
    across threads: the setting is process-wide, restored when the last user leaves).

    Needed besides threadpoolctl: its controller is built once, and when that happens before
    torch is imported (a scikit-learn page visited first) it never sees torch's OpenMP library
    and leaves torch on every core (checked). Torch is never imported here: a block that uses it
    has imported it already, and the home page must not pay for it.
    """
    global _torch_users, _torch_threads_before
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    with _torch_lock:
        if _torch_users == 0:
            _torch_threads_before = torch.get_num_threads()
            torch.set_num_threads(1)
        _torch_users += 1
    try:
        yield
    finally:
        with _torch_lock:
            _torch_users -= 1
            if _torch_users == 0:
                torch.set_num_threads(_torch_threads_before)


@contextmanager
def one_thread(quiet: bool = True):
    """Run the block with BLAS / OpenMP, and torch if it is loaded, on one thread (and, by
    default, without scikit-learn's convergence warnings: the pages report convergence
    themselves).

    Why one thread: the networks and fits here are small, so splitting a 256 × 128 matrix
    product over two cores costs more in synchronisation than it saves, and on a busy two-core
    server the pools fight every other session (torch 3-6 times slower, a scikit-learn MLP 40
    times, measured). Sessions run in parallel instead. The apps also start torch on one thread
    (``OMP_NUM_THREADS``, :func:`playground.models.prepare_process`); this covers tests, benches
    and training scripts, and any library that was loaded before the setting was read.
    """
    with _threadpools().limit(limits=1), _torch_one_thread(), warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", ConvergenceWarning)
        yield


# ---------------------------------------------------------------- model generations

MAX_CONCURRENT = 2  # generations at once: one per core (each runs torch on one thread)


class Busy(Exception):
    """No generation slot became free in time."""


class GenerationGate:
    """At most ``slots`` generations at once; the others wait in a first-come, first-served queue
    and can tell their user their place in it.

    Why a queue of tickets rather than a semaphore: a semaphore wakes whichever waiter polls
    first, so a student who pressed Generate a minute ago could watch later arrivals go ahead.
    Here a request goes when it is at the head of the queue and a slot is free.
    """

    def __init__(self, slots: int = MAX_CONCURRENT):
        self.slots = slots
        self._free = slots
        self._queue: deque[object] = deque()  # waiting tickets, oldest first
        self._changed = threading.Condition()

    @property
    def waiting(self) -> int:
        return len(self._queue)

    def _place(self, ticket) -> int:
        """1 for the next request to go, 2 for the one behind it ... (lock held)."""
        return self._queue.index(ticket) + 1

    @contextmanager
    def slot(self, *, on_wait: Callable[[int], None] | None = None,
             stop: Callable[[], bool] | None = None, timeout_s: float = 120.0,
             poll_s: float = 0.2):
        """Hold one slot for the ``with`` block, served in arrival order. While waiting,
        ``on_wait(place)`` is called with the request's place in the queue (1 = next) when it
        first waits, whenever the place changes, and at least every ``poll_s`` seconds (the
        page shows it); raises :class:`Busy` after ``timeout_s`` or when ``stop()`` becomes
        true (the request then leaves the queue)."""
        ticket = object()
        with self._changed:
            if self._free > 0 and not self._queue:
                self._free -= 1
                ticket = None
            else:
                self._queue.append(ticket)
        if ticket is not None:
            deadline = time.monotonic() + timeout_s
            try:
                while True:
                    with self._changed:
                        if self._queue[0] is ticket and self._free > 0:
                            self._queue.popleft()
                            self._free -= 1
                            self._changed.notify_all()  # places moved up
                            break
                        place = self._place(ticket)
                    if on_wait is not None:
                        on_wait(place)  # outside the lock: it may redraw a page
                    if (stop is not None and stop()) or time.monotonic() > deadline:
                        raise Busy()
                    with self._changed:
                        if not (self._queue[0] is ticket and self._free > 0) \
                                and self._place(ticket) == place:
                            self._changed.wait(poll_s)
            except BaseException:
                with self._changed:
                    if ticket in self._queue:
                        self._queue.remove(ticket)
                        self._changed.notify_all()
                raise
        try:
            yield
        finally:
            with self._changed:
                self._free += 1
                self._changed.notify_all()


# One gate for every model generation in the process (text generation, abstractive summaries):
# they all compete for the same two cores.
MODEL_GATE = GenerationGate()
