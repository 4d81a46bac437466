"""A small thread-safe store of finished training runs, shared by a server's sessions.

A page trains live (progress after every chunk of epochs, a Stop that ends training), which a
memoising decorator cannot show; it looks a run up here first and puts it here once finished,
so moving the epoch slider or switching language never trains again. Results are immutable.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Hashable


class RunStore:
    """The last ``capacity`` results by key, least recently used dropped first."""

    def __init__(self, capacity: int = 64):
        self.capacity = capacity
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
