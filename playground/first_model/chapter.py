"""The chapter's own material for this page: its Keras listing, run exactly as printed (§1.1.2),
and the versions it recommends (§1.1.1) next to the ones this app pins.

The listing runs in a separate Python process, so what it prints is captured whole (its own
``print``, Keras's progress bar, warnings, a traceback) and a Stop can end it at once.

Run today, the listing stops at its last line: Keras 3 (TensorFlow 2.16 and later) no longer
accepts a plain Python list in ``model.predict([10.0])`` ("Unrecognized data type"), which the
chapter's Keras 2 (TensorFlow 2.13) did. Training itself has already run by then, so the runner
then makes the smallest change that works, ``model.predict(np.array([10.0]))``, in the same
process and prints that result after a marked line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from playground.chapter import book_output

LISTING = '''import numpy as np
import tensorflow as tf

# 创建一些样本数据
X = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0], dtype=float)
Y = np.array([-3.0, -1.0, 1.0, 3.0, 5.0, 7.0], dtype=float)

# 定义模型
model = tf.keras.Sequential([
    tf.keras.layers.Dense(units=1, input_shape=[1])
])

# 编译模型
model.compile(optimizer='sgd', loss='mean_squared_error')

# 训练模型
model.fit(X, Y, epochs=500, verbose=0)

# 测试模型
result = model.predict([10.0])
print(result)
# [[18.977683]]
'''
BOOK_OUTPUT = "\n".join(book_output(LISTING))  # "[[18.977683]]"
FIX_MARK = "--- model.predict([10.0]) failed; the same model, predicting on np.array([10.0]):"

_RUNNER = f'''
import sys, traceback
namespace = {{"__name__": "__main__"}}
try:
    exec(compile(sys.stdin.read(), "chapter_1_1_2.py", "exec"), namespace)
except Exception:
    traceback.print_exc()
    sys.stderr.flush()
    model = namespace.get("model")
    trained = getattr(getattr(model, "optimizer", None), "iterations", None)
    if trained is not None and int(trained.numpy()) > 0:  # it failed after training
        print({FIX_MARK!r}, flush=True)
        import numpy as np
        result = model.predict(np.array([10.0]))
        print(result)
'''

# §1.1.1-§1.1.4: the versions the chapter recommends, to reduce errors when running its code.
CHAPTER_VERSIONS = (("Python", "3.9.13"), ("pip", "24.0"), ("TensorFlow", "2.13.1"),
                    ("PyTorch", "2.1.1"), ("transformers", "4.30.2"))
# The chapter's name for each package -> its name in requirements.txt.
PIN_NAMES = {"TensorFlow": "tensorflow-cpu", "PyTorch": "torch", "transformers": "transformers"}
ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements.txt"
README = ROOT / "README.md"  # its header names the Python version of the hosted app


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class ChapterRun:
    """What one run of the listing printed."""

    stdout: str
    stderr: str
    returncode: int
    seconds: float

    @property
    def output(self) -> str:
        """stdout without terminal control codes (Keras's progress bar carries colours and
        backspaces)."""
        text = _ANSI.sub("", self.stdout)
        return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text).strip()

    @property
    def printed_result(self) -> str | None:
        """The last ``[[...]]`` line printed, e.g. ``"[[18.97768]]"``, or None."""
        found = re.findall(r"^\[\[.*\]\]$", self.stdout, flags=re.MULTILINE)
        return found[-1] if found else None

    @property
    def needed_fix(self) -> bool:
        return FIX_MARK in self.stdout

    @property
    def error_line(self) -> str | None:
        """The last line of a traceback the listing raised, if any."""
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        errors = [ln for ln in lines if re.match(r"^\w+(Error|Exception)\b", ln)]
        return errors[-1] if errors else None


def run_listing(tick: Callable[[float], None] | None = None, timeout: float = 300.0,
                source: str = LISTING) -> ChapterRun:
    """Run ``source`` (the chapter's listing) in a fresh Python process.

    ``tick(seconds_so_far)`` is called about four times a second; an exception it raises (the
    page's Stop) ends the process and propagates.
    """
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="1", PYTHONUNBUFFERED="1")
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", _RUNNER], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=env)
    try:
        process.stdin.write(source)
        process.stdin.close()
        while True:
            try:
                process.wait(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.perf_counter() - started
                if elapsed > timeout:
                    raise TimeoutError(f"the listing ran longer than {timeout:.0f} s")
                if tick is not None:
                    tick(elapsed)
        stdout, stderr = process.stdout.read(), process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    return ChapterRun(stdout=stdout, stderr=stderr, returncode=process.returncode,
                      seconds=time.perf_counter() - started)


def pinned_versions(path: Path = REQUIREMENTS) -> dict[str, str]:
    """``{package: version}`` of the ``name==version`` lines of requirements.txt, read now."""
    pins: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return pins
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def installed_version(package: str) -> str | None:
    """The installed version of ``package``, without importing it."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def python_pin(readme: Path = README) -> str:
    """The ``python_version`` of README.md's Space header, read now ("-" if absent)."""
    try:
        match = re.search(r'^python_version:\s*"?([0-9.]+)"?', readme.read_text(encoding="utf-8"),
                          flags=re.MULTILINE)
    except OSError:
        match = None
    return match.group(1) if match else "-"


def version_rows(path: Path = REQUIREMENTS) -> list[tuple[str, str, str, str]]:
    """(name, the chapter's version, this app's pin, installed here) for the chapter's tools."""
    pins = pinned_versions(path)
    rows = []
    for name, chapter_version in CHAPTER_VERSIONS:
        if name == "Python":
            pin, here = python_pin(), ".".join(map(str, sys.version_info[:3]))
        elif name == "pip":
            pin, here = "-", installed_version("pip") or "-"
        else:
            package = PIN_NAMES[name]
            pin, here = pins.get(package, "-"), installed_version(package) or "-"
        rows.append((name, chapter_version, pin, here))
    return rows
