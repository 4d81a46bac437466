"""A minimal client of Streamlit's own protocol, to drive a running server as a browser does.

A browser tab opens one websocket at ``/_stcore/stream`` and exchanges protobuf messages: it
sends ``BackMsg(rerun_script=ClientState(...))`` with the page and every widget's value, and
the server answers with ``ForwardMsg`` deltas (one per element drawn) until ``script_finished``.
This client does the same without a browser (about 1 MB of memory a session instead of about
100 MB for a Chromium tab), so one process can play a whole class against a real server, through
the real load balancer, including its sticky-session cookie. It does not render anything: the
time it measures is the server's part (script, figure build, serialisation, transfer), which is
what a bigger machine or more workers change.

Used by ``bench/bench_load.py`` and ``tests/test_scaleout.py``.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider

COOKIE = "PLAYGROUND_WORKER"  # scripts/serve.sh's sticky-session cookie


@dataclass
class Widget:
    kind: str  # element type: slider, button, ...
    id: str
    proto: object  # the element's protobuf (Slider, Button, ...)


@dataclass
class RunResult:
    """One script run as the client saw it."""

    seconds: float  # from sending the rerun to script_finished
    status: str  # "ok", "rerun" (replaced by a newer run) or "timeout" / "closed"
    bytes: int = 0  # payload received during the run
    exceptions: list[str] = field(default_factory=list)  # texts of exception elements
    first_mark: float | None = None  # seconds to the first element accepted by ``mark``
    kinds: dict[str, int] = field(default_factory=dict)  # element type -> count


def sticky_cookie(base_url: str, path: str = "/", cookie: str | None = None,
                  timeout: float = 30.0) -> tuple[str | None, str | None]:
    """GET the page as a browser does first; return (cookie header to send, worker name)."""
    request = urllib.request.Request(base_url.rstrip("/") + path)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        worker = response.headers.get("X-Playground-Worker")
        set_cookie = response.headers.get_all("Set-Cookie") or []
    for line in set_cookie:
        if line.startswith(COOKIE + "="):
            return line.split(";")[0], worker
    return cookie, worker


class Session:
    """One browser tab: a websocket, the widgets it last saw and the values it has set."""

    def __init__(self, base_url: str, page: str = "", query: str = "", locale: str = "en-US"):
        self.base_url = base_url.rstrip("/")
        self.page = page  # the page's url_path ("" for home)
        self.query = query
        self.locale = locale
        self.cookie: str | None = None
        self.worker: str | None = None  # X-Playground-Worker of the websocket's upgrade response
        self.widgets: dict[str, Widget] = {}
        self.states: dict[str, object] = {}  # widget id -> WidgetState fields to send
        # Streamlit's message cache, as the browser keeps it: a large element the client already
        # holds (an unchanged figure) comes back as a reference to its hash, not its bytes.
        self._cache: dict[str, bytes] = {}
        self._ws = None
        self._pending: asyncio.Queue | None = None
        self._reader: asyncio.Task | None = None

    async def open(self, cookie: str | None = None) -> None:
        if cookie is None:
            cookie, _ = await asyncio.to_thread(sticky_cookie, self.base_url, "/" + self.page)
        self.cookie = cookie
        url = urlparse(self.base_url)
        headers = {"Origin": f"{url.scheme}://{url.netloc}"}
        if cookie:
            headers["Cookie"] = cookie
        ws_url = ("wss" if url.scheme == "https" else "ws") + f"://{url.netloc}/_stcore/stream"
        self._ws = await websockets.connect(ws_url, subprotocols=["streamlit"],
                                            additional_headers=headers, max_size=None,
                                            open_timeout=30, ping_interval=None)
        self.worker = self._ws.response.headers.get("X-Playground-Worker")
        self._pending = asyncio.Queue()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                await self._pending.put((time.perf_counter(), data))
        except websockets.ConnectionClosed:
            pass
        await self._pending.put((time.perf_counter(), None))

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)

    def _client_state(self, extra_states: dict | None) -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.cached_message_hashes.extend(self._cache)
        for widget_id, fields in {**self.states, **(extra_states or {})}.items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            for name, value in fields.items():
                if name.endswith("_array_value"):
                    getattr(widget, name).data.extend(value)
                else:
                    setattr(widget, name, value)
        return msg

    async def rerun(self, extra_states: dict | None = None, *, timeout: float = 60.0,
                    mark=None) -> RunResult:
        """Send a rerun with the current widget values (plus one-shot ``extra_states`` such as
        a button's trigger) and read until the script finishes. ``mark(element_type, element)``
        may flag the first element that means "the result is here" (``first_mark``)."""
        while not self._pending.empty():  # leftovers of an earlier run (late deltas)
            self._pending.get_nowait()
        start = time.perf_counter()
        await self._ws.send(self._client_state(extra_states).SerializeToString())
        result = RunResult(seconds=0.0, status="timeout")
        deadline = start + timeout
        while True:
            try:
                stamp, data = await asyncio.wait_for(self._pending.get(),
                                                     max(0.01, deadline - time.perf_counter()))
            except TimeoutError:
                result.seconds = time.perf_counter() - start
                return result
            if data is None:
                result.status, result.seconds = "closed", stamp - start
                return result
            result.bytes += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":  # an element the client has cached: read it from there
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(cached)
                kind = msg.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = data
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                etype = element.WhichOneof("type")
                result.kinds[etype] = result.kinds.get(etype, 0) + 1
                if etype == "exception":
                    result.exceptions.append(f"{element.exception.type}: "
                                             f"{element.exception.message}")
                body = getattr(element, etype)
                widget_id = getattr(body, "id", "") if etype else ""
                if widget_id:
                    self.widgets[widget_id] = Widget(etype, widget_id, body)
                if mark is not None and result.first_mark is None and mark(etype, body):
                    result.first_mark = stamp - start
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a newer run follows on the same socket
                result.status = "ok" if status in (ForwardMsg.FINISHED_SUCCESSFULLY,
                                                   ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY) \
                    else "error"
                result.seconds = stamp - start
                return result

    # ---------------------------------------------------------------- widgets

    def sliders(self) -> list[Widget]:
        """Numeric sliders of the last runs (select-sliders and disabled ones left out)."""
        return [w for w in self.widgets.values() if w.kind == "slider"
                and w.proto.type == Slider.SLIDER and not w.proto.disabled
                and w.proto.max > w.proto.min]

    def find(self, key_suffix: str) -> Widget | None:
        """The widget whose user key ends the Streamlit id (``$$ID-<hash>-<key>``)."""
        for widget in self.widgets.values():
            if widget.id.endswith("-" + key_suffix):
                return widget
        return None

    def set_slider(self, widget: Widget, value: float) -> None:
        self.states[widget.id] = {"double_array_value": [value]}

    @staticmethod
    def trigger(widget: Widget) -> dict:
        return {widget.id: {"trigger_value": True}}
