"""The generation gate (playground/compute.py): first come, first served, and each waiting
request knows its place in the queue."""

from __future__ import annotations

import threading
import time

import pytest

from playground.compute import Busy, GenerationGate


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def test_waiting_requests_are_served_in_arrival_order_and_told_their_place():
    gate = GenerationGate(slots=1)
    release, order, places = threading.Event(), [], {}
    lock = threading.Lock()

    def holder():
        with gate.slot():
            release.wait(10)

    def waiter(name):
        def on_wait(place):
            with lock:
                places.setdefault(name, place)
        with gate.slot(on_wait=on_wait, poll_s=0.005):
            with lock:
                order.append(name)
            time.sleep(0.01)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    wait_until(lambda: gate._free == 0)
    for i in range(6):
        thread = threading.Thread(target=waiter, args=(i,))
        thread.start()
        threads.append(thread)
        wait_until(lambda i=i: gate.waiting == i + 1 and i in places)
    time.sleep(0.1)  # every waiter polls many times: with a semaphore the order would shuffle
    release.set()
    for thread in threads:
        thread.join(10)
    assert order == list(range(6))
    assert places == {i: i + 1 for i in range(6)}  # the first to arrive is next (place 1)
    assert gate.waiting == 0 and gate._free == 1


def test_a_request_that_gives_up_leaves_the_queue_and_the_next_moves_up():
    gate = GenerationGate(slots=1)
    release = threading.Event()

    def hold():
        with gate.slot():
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    wait_until(lambda: gate._free == 0)
    stop_first = threading.Event()
    seen_second = []

    def first():
        with pytest.raises(Busy):
            with gate.slot(stop=stop_first.is_set, poll_s=0.005):
                pass

    def second():
        with gate.slot(on_wait=seen_second.append, poll_s=0.005):
            pass

    a = threading.Thread(target=first)
    a.start()
    wait_until(lambda: gate.waiting == 1)
    b = threading.Thread(target=second)
    b.start()
    wait_until(lambda: seen_second[:1] == [2])
    stop_first.set()
    a.join(5)
    wait_until(lambda: 1 in seen_second)  # moved up to the head of the queue
    release.set()
    for thread in (holder, b):
        thread.join(5)
    assert gate.waiting == 0 and gate._free == 1


def test_slots_bound_concurrency():
    gate = GenerationGate(slots=2)
    inside, peak, lock = [0], [0], threading.Lock()

    def work():
        with gate.slot(poll_s=0.005):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.02)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert peak[0] == 2 and gate._free == 2
