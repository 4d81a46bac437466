"""scripts/serve.sh on localhost: two Streamlit workers behind HAProxy. Sessions stick to the
worker that first served them (the cookie routes the page, its websocket and later requests),
and new visitors are spread over both workers."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.streamlit_client import Session, sticky_cookie

pytestmark = pytest.mark.skipif(shutil.which("haproxy") is None,
                                reason="HAProxy is not installed (scripts/test.sh installs it)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, cookie: str | None = None):
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    port, base = free_port(), free_port() + 100  # workers on base+1, base+2
    logs = tmp_path_factory.mktemp("serve")
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh", "--workers", "2", "--port", str(port), "--base-port",
         str(base), "--host", "127.0.0.1", "--logs", str(logs)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline, ready = time.monotonic() + 90, set()
        while time.monotonic() < deadline and ready != {1, 2}:
            assert process.poll() is None, (logs / "worker-1.log").read_text()[-2000:]
            for i in (1, 2):
                try:
                    if get(f"http://127.0.0.1:{base + i}/_stcore/health")[0] == 200:
                        ready.add(i)
                except OSError:
                    pass
            time.sleep(0.5)
        assert ready == {1, 2}, "workers did not start within 90 s"
        time.sleep(2.5)  # one HAProxy health-check interval: both marked up
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_new_visitors_are_spread_over_both_workers(deployment):
    workers = {sticky_cookie(deployment, "/")[1] for _ in range(6)}
    assert workers == {"w1", "w2"}


def test_a_session_sticks_to_its_worker(deployment):
    for _ in range(2):
        cookie, first = sticky_cookie(deployment, "/")
        assert cookie == f"PLAYGROUND_WORKER={first}"
        for path in ("/", "/_stcore/health", "/hmm-sampler", "/_stcore/host-config"):
            status, headers = get(deployment + path, cookie)
            assert status == 200 and headers["X-Playground-Worker"] == first


def test_each_worker_runs_a_session_over_its_websocket(deployment):
    async def visit(worker: str):
        session = Session(deployment, page="")
        try:
            await session.open(cookie=f"PLAYGROUND_WORKER={worker}")
            result = await session.rerun(timeout=60)
            return session.worker, result
        finally:
            await session.close()

    async def both():
        return await asyncio.gather(visit("w1"), visit("w2"))

    for wanted, (served_by, result) in zip(("w1", "w2"), asyncio.run(both())):
        assert served_by == wanted  # the websocket went to the cookie's worker
        assert result.status == "ok" and not result.exceptions, result
        assert result.kinds.get("markdown", 0) + result.kinds.get("heading", 0) > 0
