"""Broken or missing model files get a message naming the file and how to restore it, or the
next model in the registry's order; never an exception box. The broken files are built in
temporary folders: the real assets are never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tiny_models import save_to_hub_cache, tiny_gpt2

from playground import model_files, models
from playground.i18n import Translator
from playground.model_files import (
    ModelFileError,
    check_safetensors,
    check_transformers_dir,
)
from playground.models import HubModel, ModelChoice, TaskModels, choose_model

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "assets" / "models" / "tiny-gpt2"
DIFFUSION = ROOT / "assets" / "models" / "diffusion"
POINTER = (b"version https://git-lfs.github.com/spec/v1\n"
           b"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
           b"size 8912345\n")


@pytest.fixture
def tiny_copy(tmp_path) -> Path:
    folder = tmp_path / "tiny-gpt2"
    shutil.copytree(TINY, folder)
    return folder


def problem(call) -> str:
    with pytest.raises(ModelFileError) as caught:
        call()
    for lang in ("en", "zh"):  # a message in both languages that names the file
        assert caught.value.params["file"] in Translator(lang)(caught.value.key,
                                                               **caught.value.params)
    return caught.value.problem


def test_the_bundled_models_pass_their_checks():
    check_transformers_dir(TINY)
    for path in DIFFUSION.glob("*.safetensors"):
        check_safetensors(path)


def test_truncated_weights(tiny_copy):
    weights = tiny_copy / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:weights.stat().st_size // 2])
    assert problem(lambda: check_transformers_dir(tiny_copy)) == "truncated"
    weights.write_bytes(b"\x01\x02")
    assert problem(lambda: check_transformers_dir(tiny_copy)) == "truncated"


def test_git_lfs_pointer_instead_of_weights(tiny_copy):
    (tiny_copy / "model.safetensors").write_bytes(POINTER)
    assert problem(lambda: check_transformers_dir(tiny_copy)) == "lfs_pointer"


def test_missing_tokenizer_and_config(tiny_copy):
    (tiny_copy / "tokenizer.json").unlink()
    assert problem(lambda: check_transformers_dir(tiny_copy)) == "missing"
    (tiny_copy / "config.json").unlink()
    assert problem(lambda: check_transformers_dir(tiny_copy)) == "missing"


def test_bundled_text_model_load_says_which_file_is_wrong(tiny_copy):
    from playground.text_generation import tokens

    (tiny_copy / "model.safetensors").write_bytes(POINTER)
    choice = ModelChoice("text-generation", str(tiny_copy), "bundled", "models.reason.bundled")
    with pytest.raises(ModelFileError) as caught:
        tokens.load_model(choice)
    assert caught.value.params["file"].endswith("model.safetensors")


@pytest.mark.parametrize("damage", ["missing", "truncated", "corrupt", "lfs_pointer"])
def test_diffusion_models_missing_or_damaged(tmp_path, damage):
    from playground.diffusion.model import load_model

    for name in ("points-moons.safetensors", "digits.safetensors"):
        path = tmp_path / name
        raw = (DIFFUSION / name).read_bytes()
        if damage == "truncated":
            path.write_bytes(raw[:len(raw) - 100])
        elif damage == "corrupt":
            path.write_bytes(raw[:8] + b"{not json" + raw[17:])
        elif damage == "lfs_pointer":
            path.write_bytes(POINTER)
        assert problem(lambda path=path: load_model(path)) == damage


def test_a_cache_holding_only_config_falls_back_to_the_next_model(tmp_path):
    complete, partial = "tests/complete-gpt2", "tests/interrupted-gpt2"
    save_to_hub_cache(tmp_path, complete, *tiny_gpt2())
    snapshot = save_to_hub_cache(tmp_path, partial, *tiny_gpt2())
    for path in snapshot.iterdir():
        if path.name != "config.json":
            path.unlink()
    assert not models.in_local_cache(partial, tmp_path)
    assert models.in_local_cache(complete, tmp_path)
    registry = {"text-generation": TaskModels(
        "text-generation", (HubModel(partial, ("en",)), HubModel(complete, ("en",))),
        "assets/models/tiny-gpt2")}
    choice = choose_model("text-generation", online=False, cache_dir=tmp_path,
                          registry=registry)
    assert choice.model_id == complete  # the registry's next model, complete in the cache
    registry["text-generation"] = TaskModels("text-generation", (HubModel(partial, ("en",)),),
                                             "assets/models/tiny-gpt2")
    choice = choose_model("text-generation", online=False, cache_dir=tmp_path,
                          registry=registry)
    assert choice.source == "bundled"
    assert model_files.cached_model_dir(partial, tmp_path) is not None


def test_page_helper_shows_the_message_and_stops(monkeypatch):
    from ui import common

    shown, stopped = [], []
    monkeypatch.setattr(common, "show_input_error", shown.append)
    monkeypatch.setattr(common.st, "stop", lambda: stopped.append(True))

    def broken():
        raise ModelFileError(TINY / "model.safetensors", "truncated")

    common.or_stop(broken)
    assert shown[0].key == "models.err_truncated" and stopped == [True]
    assert common.or_stop(lambda x: x + 1, 1) == 2
