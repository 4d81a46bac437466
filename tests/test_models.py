"""Offline-first model access: the hub probe, the offline switch, the registry's choices,
and loading a hub model from the local cache with no network."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from playground import models
from playground.models import HubModel, TaskModels, choose_model
from tiny_models import save_to_hub_cache, tiny_gpt2

ROOT = Path(__file__).resolve().parent.parent
REPO_ID = "playground-tests/tiny-gpt2"


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory) -> Path:
    """A temporary HF cache holding a tiny GPT-2 with a tokenizer trained in-process."""
    cache = tmp_path_factory.mktemp("hf-cache")
    save_to_hub_cache(cache, REPO_ID, *tiny_gpt2())
    return cache


REGISTRY = {
    "text-generation": TaskModels("text-generation",
                                  (HubModel("someone/absent", ("en",)), HubModel(REPO_ID, ("en",))),
                                  "assets/models/tiny-gpt2"),
    "summarization": TaskModels("summarization", (HubModel("someone/absent", ("en",)),), None),
}


def test_cached_model_is_preferred_offline(tiny_cache):
    choice = choose_model("text-generation", preferred=REPO_ID, online=False,
                          cache_dir=tiny_cache, registry=REGISTRY)
    assert (choice.source, choice.model_id, choice.reason_key) == ("cache", REPO_ID,
                                                                   "models.reason.cached")
    assert choice.load_kwargs()["local_files_only"] is True


def test_another_cached_model_beats_the_bundled_one(tiny_cache):
    choice = choose_model("text-generation", online=False, cache_dir=tiny_cache, registry=REGISTRY)
    assert (choice.source, choice.model_id) == ("cache", REPO_ID)
    assert choice.reason_key == "models.reason.cached_other"


def test_hub_model_when_online_and_bundled_when_not(tmp_path):
    online = choose_model("text-generation", online=True, cache_dir=tmp_path, registry=REGISTRY)
    assert (online.source, online.model_id) == ("hub", "someone/absent")
    assert online.load_kwargs()["local_files_only"] is False
    offline = choose_model("text-generation", online=False, cache_dir=tmp_path, registry=REGISTRY)
    assert (offline.source, offline.reason_key) == ("bundled", "models.reason.bundled")
    assert offline.load_kwargs()["pretrained_model_name_or_path"].endswith("tiny-gpt2")
    with pytest.raises(LookupError):
        choose_model("summarization", online=False, cache_dir=tmp_path, registry=REGISTRY)


def test_cached_hub_model_loads_with_no_network(tiny_cache):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    choice = choose_model("text-generation", preferred=REPO_ID, online=False,
                          cache_dir=tiny_cache, registry=REGISTRY)
    kwargs = choice.load_kwargs()
    model = AutoModelForCausalLM.from_pretrained(**kwargs)
    tokenizer = AutoTokenizer.from_pretrained(**kwargs)
    ids = tokenizer("the model", return_tensors="pt").input_ids
    assert model(ids).logits.shape[-1] == model.config.vocab_size


def test_registry_file_is_well_formed():
    registry = models.load_registry()
    assert {"text-generation", "summarization", "sentiment-analysis"} <= set(registry)
    for entry in registry.values():
        assert entry.hub or entry.bundled
        assert all("/" in m.id or m.id == "distilgpt2" for m in entry.hub)


def test_probe_of_a_closed_port_answers_fast(monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    started = time.perf_counter()
    assert models.hub_reachable(deadline_s=1.0) is False
    assert time.perf_counter() - started < 1.5


def test_offline_decision_sets_the_environment(monkeypatch):
    monkeypatch.setattr(models, "_online", None)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    assert models.decide_offline_mode(probe=lambda: False) is False
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert models.decide_offline_mode(probe=lambda: True) is False, "decided once per process"


def test_offline_decision_after_huggingface_hub_was_imported_alone():
    """huggingface_hub resolves ``.constants`` lazily; the switch must not assume it is loaded
    (AttributeError on the first page of a server whose process had imported the package)."""
    code = textwrap.dedent("""
        import os, sys
        os.environ.pop("HF_HUB_OFFLINE", None)
        import huggingface_hub
        for name in [m for m in sys.modules if m.startswith("huggingface_hub.")]:
            del sys.modules[name]
        if hasattr(huggingface_hub, "constants"):
            del huggingface_hub.constants
        from playground import models
        assert models.decide_offline_mode(probe=lambda: False) is False
        import huggingface_hub.constants
        assert huggingface_hub.constants.HF_HUB_OFFLINE
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_online_decision_leaves_the_environment(monkeypatch):
    monkeypatch.setattr(models, "_online", None)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert models.decide_offline_mode(probe=lambda: True) is True
    assert "HF_HUB_OFFLINE" not in os.environ


def test_unreachable_hub_fails_fast_instead_of_retrying(tmp_path):
    """In a fresh process with an unreachable hub and an empty cache, a pipeline that would
    download its default model fails at once rather than retrying for tens of seconds."""
    script = textwrap.dedent("""
        import sys, time
        from playground.models import decide_offline_mode
        print("online", decide_offline_mode())
        import transformers
        started = time.perf_counter()
        try:
            transformers.pipeline("sentiment-analysis")
        except Exception as error:
            print("failed", type(error).__name__)
        print("seconds", round(time.perf_counter() - started, 2))
    """)
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    env.update(HF_ENDPOINT="http://127.0.0.1:9", HF_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         timeout=120, cwd=ROOT).stdout
    lines = dict(line.split(" ", 1) for line in out.strip().splitlines())
    assert lines["online"] == "False"
    assert "failed" in lines
    assert float(lines["seconds"]) < 10, "no download retries"
