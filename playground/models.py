"""Offline-first access to Hugging Face models, and the one model registry.

A classroom with bad wifi must never wait on download retries: offline, a plain
``transformers.pipeline(...)`` spends tens of seconds retrying before it fails. So the process
decides once, before transformers or huggingface_hub is imported, whether the hub answers
(a TCP connection with a deadline of about a second, DNS included), and if not sets
``HF_HUB_OFFLINE=1``, which both libraries read when they are imported.

Which model then runs is decided per task from ``assets/models.toml``: a hub model already in the
local cache (how a presenter prepares a workshop), otherwise a hub model if the hub answers,
otherwise the model bundled in ``assets/``. The choice carries the reason, so the page can say in
one line which model runs and why.
"""

from __future__ import annotations

import importlib
import os
import socket
import sys
import threading
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

REPO_ROOT = Path(__file__).resolve().parent.parent
REGISTRY_PATH = REPO_ROOT / "assets" / "models.toml"
PROBE_DEADLINE_S = 1.0
_TRUE = {"1", "true", "yes", "on"}


def hub_address() -> tuple[str, int]:
    """Host and port of the hub, honouring ``HF_ENDPOINT`` (mirrors, tests)."""
    url = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    return url.hostname or "huggingface.co", url.port or (80 if url.scheme == "http" else 443)


def hub_reachable(deadline_s: float = PROBE_DEADLINE_S) -> bool:
    """Whether a TCP connection to the hub opens within ``deadline_s`` seconds.

    The connection runs in a daemon thread because a stuck DNS lookup ignores socket timeouts.
    """
    outcome: list[bool] = []

    def connect():
        try:
            with socket.create_connection(hub_address(), timeout=deadline_s):
                outcome.append(True)
        except OSError:
            outcome.append(False)

    worker = threading.Thread(target=connect, daemon=True)
    worker.start()
    worker.join(deadline_s)
    return bool(outcome and outcome[0])


_online: bool | None = None
_decision_lock = threading.Lock()


def decide_offline_mode(probe: Callable[[], bool] = hub_reachable) -> bool:
    """Probe the hub once per process and switch to offline mode if it cannot be reached.

    Returns True when hub models may be downloaded. An explicit ``HF_HUB_OFFLINE=1`` wins
    without probing. Call it before importing transformers (the Streamlit entry file and
    ``app.py`` do); later calls return the first answer.
    """
    global _online
    with _decision_lock:
        if _online is None:
            if os.environ.get("HF_HUB_OFFLINE", "").lower() in _TRUE:
                _online = False
            else:
                _online = probe()
            if not _online:
                os.environ["HF_HUB_OFFLINE"] = "1"
                os.environ["TRANSFORMERS_OFFLINE"] = "1"
                if "huggingface_hub" in sys.modules:  # imported too early: patch its constant
                    # (its package resolves attributes lazily: ``.constants`` is not there
                    # until the submodule is imported, so import it by name)
                    importlib.import_module("huggingface_hub.constants").HF_HUB_OFFLINE = True
        return _online


@dataclass(frozen=True)
class HubModel:
    id: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class TaskModels:
    """Registry entry of one task.

    ``bundled_models`` are the fallbacks that ship with the app, each for its languages (an
    empty tuple of languages: any language), in registry order.
    """

    task: str
    hub: tuple[HubModel, ...]
    bundled_models: tuple[HubModel, ...] = ()

    def __post_init__(self):
        # A single path or built-in name (any language) is accepted as well.
        if not isinstance(self.bundled_models, tuple) or any(
                not isinstance(m, HubModel) for m in self.bundled_models):
            object.__setattr__(self, "bundled_models", _registry_models(self.bundled_models))

    @property
    def bundled(self) -> str | None:
        """The first bundled model (path relative to the repository root, or a built-in name)."""
        return self.bundled_models[0].id if self.bundled_models else None

    def bundled_for(self, language: str | None) -> str | None:
        """The first bundled model that reads ``language`` (any, when ``language`` is None)."""
        for model in self.bundled_models:
            if language is None or not model.languages or language in model.languages:
                return model.id
        return None


def _registry_models(raw) -> tuple[HubModel, ...]:
    """``"id"`` or ``[{id = ..., languages = [...]}, ...]`` from the TOML file."""
    if not raw:
        return ()
    if isinstance(raw, str):
        return (HubModel(raw, ()),)
    return tuple(HubModel(m["id"], tuple(m.get("languages", ()))) for m in raw)


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY_PATH) -> dict[str, TaskModels]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    return {task: TaskModels(task=task, hub=_registry_models(entry.get("hub")),
                             bundled_models=_registry_models(entry.get("bundled")))
            for task, entry in raw.items()}


def in_local_cache(model_id: str, cache_dir: str | Path | None = None) -> bool:
    """Whether ``model_id`` is in the local Hugging Face cache, complete (no network)."""
    from playground.model_files import cache_is_complete

    # Not just the config: an interrupted download leaves config.json alone, and choosing that
    # copy gave an exception box; an incomplete copy counts as absent (the next model is used).
    return cache_is_complete(model_id, cache_dir)


@dataclass(frozen=True)
class ModelChoice:
    """Which model a task runs, from where, and why (a catalogue key)."""

    task: str
    model_id: str  # hub id, or the bundled path / built-in name
    source: str  # "cache", "hub" or "bundled"
    reason_key: str
    cache_dir: str | None = None

    @property
    def local_only(self) -> bool:
        return self.source != "hub"

    def load_kwargs(self) -> dict:
        """Keyword arguments for ``from_pretrained`` that never touch the network unless allowed."""
        if self.source == "bundled":
            return {"pretrained_model_name_or_path": str(REPO_ROOT / self.model_id)}
        return {"pretrained_model_name_or_path": self.model_id, "cache_dir": self.cache_dir,
                "local_files_only": self.local_only}


def choose_model(task: str, *, preferred: str | None = None, online: bool | None = None,
                 cache_dir: str | Path | None = None,
                 registry: dict[str, TaskModels] | None = None,
                 language: str | None = None) -> ModelChoice:
    """Pick the model a task runs.

    Order: the preferred (else first) hub model if cached; any hub model if the hub answers;
    any other cached hub model; the bundled fallback (the first that reads ``language``, when
    given). Raises LookupError when nothing can run.
    """
    entry = (registry or load_registry())[task]
    online = decide_offline_mode() if online is None else online
    ids = [m.id for m in entry.hub]
    if preferred in ids:
        ids.remove(preferred)
        ids.insert(0, preferred)
    cache = None if cache_dir is None else str(cache_dir)
    if ids and in_local_cache(ids[0], cache):
        return ModelChoice(task, ids[0], "cache", "models.reason.cached", cache)
    if ids and online:
        return ModelChoice(task, ids[0], "hub", "models.reason.hub", cache)
    for model_id in ids[1:]:
        if in_local_cache(model_id, cache):
            return ModelChoice(task, model_id, "cache", "models.reason.cached_other", cache)
    bundled = entry.bundled_for(language)
    if bundled:
        return ModelChoice(task, bundled, "bundled",
                           "models.reason.bundled" if ids else "models.reason.bundled_only")
    raise LookupError(f"no model can run {task!r}: the hub is unreachable and nothing is cached")


def prepare_process() -> bool:
    """What both entry points (Streamlit and Gradio) do before importing anything heavy.

    1. Decide offline mode (see :func:`decide_offline_mode`); returns whether the hub answers.
    2. One thread per numerical operation unless the operator set ``OMP_NUM_THREADS``: on a
       two-core server shared by a class, torch's thread pool fighting other sessions made a
       small model's forward pass 30-100x slower (measured); sessions run in parallel instead.
       torch reads the variable when it is first imported.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return decide_offline_mode()

