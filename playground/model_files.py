"""Checking model files before loading them, so a broken file gets a message, not a traceback.

What goes wrong in practice: a clone without Git LFS leaves a small text "pointer" where the
weights should be; a copy or download stops halfway and truncates a safetensors file; a
tokenizer file is missing; an interrupted ``from_pretrained`` leaves a Hugging Face cache entry
holding only ``config.json``. Each check reads a few bytes (never the weights themselves) and
raises :class:`ModelFileError`, an :class:`~playground.errors.InputError` that both UIs already
show in the user's language: which file is wrong, what is wrong with it and how to restore it.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

from playground.errors import InputError

REPO_ROOT = Path(__file__).resolve().parent.parent
LFS_POINTER = b"version https://git-lfs"
WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin")
TOKENIZER_FILES = ("tokenizer.json", "vocab.json", "spiece.model", "sentencepiece.bpe.model",
                   "vocab.txt", "tokenizer.model")


class ModelFileError(InputError):
    """A model file is missing or damaged: ``models.err_<problem>`` names the file and says
    how to restore it (problems: missing, truncated, corrupt, lfs_pointer)."""

    def __init__(self, path: str | Path, problem: str):
        super().__init__(f"models.err_{problem}", file=_shown(path))
        self.path = Path(path)
        self.problem = problem


def _shown(path: str | Path) -> str:
    path = Path(path)
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def check_safetensors(path: str | Path) -> None:
    """A complete safetensors file: header readable, every tensor's bytes present."""
    path = Path(path)
    if not path.is_file():
        raise ModelFileError(path, "missing")
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
        if head.startswith(LFS_POINTER[:8]) and (head + handle.read(32)).startswith(LFS_POINTER):
            raise ModelFileError(path, "lfs_pointer")
        if len(head) < 8:
            raise ModelFileError(path, "truncated")
        (header_size,) = struct.unpack("<Q", head)
        if header_size > min(size - 8, 100_000_000):
            raise ModelFileError(path, "truncated")
        try:
            header = json.loads(handle.read(header_size))
        except (ValueError, UnicodeDecodeError):
            raise ModelFileError(path, "corrupt") from None
    try:
        end = max((entry["data_offsets"][1] for name, entry in header.items()
                   if name != "__metadata__"), default=0)
    except (TypeError, KeyError, IndexError):
        raise ModelFileError(path, "corrupt") from None
    if 8 + header_size + end > size:
        raise ModelFileError(path, "truncated")


def check_transformers_dir(folder: str | Path) -> None:
    """A folder ``from_pretrained`` can load: config, complete weights and a tokenizer."""
    folder = Path(folder)
    config = folder / "config.json"
    if not config.is_file():
        raise ModelFileError(config, "missing")
    try:
        json.loads(config.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ModelFileError(config, "corrupt") from None
    weights = [folder / name for name in WEIGHTS if (folder / name).is_file()]
    if not weights:
        raise ModelFileError(folder / WEIGHTS[0], "missing")
    if weights[0].name == "model.safetensors":
        check_safetensors(weights[0])
    elif weights[0].read_bytes()[:len(LFS_POINTER)] == LFS_POINTER:
        raise ModelFileError(weights[0], "lfs_pointer")
    if not any((folder / name).is_file() for name in TOKENIZER_FILES):
        raise ModelFileError(folder / TOKENIZER_FILES[0], "missing")


def cached_model_dir(model_id: str, cache_dir: str | Path | None = None) -> Path | None:
    """The snapshot folder of ``model_id`` in the local Hugging Face cache, or None."""
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(model_id, "config.json", cache_dir=cache_dir)
    return Path(found).parent if isinstance(found, str) else None


def cache_is_complete(model_id: str, cache_dir: str | Path | None = None) -> bool:
    """Whether the cached copy of ``model_id`` can load (not just a config.json left by an
    interrupted download)."""
    folder = cached_model_dir(model_id, cache_dir)
    if folder is None:
        return False
    try:
        check_transformers_dir(folder)
    except ModelFileError:
        return False
    return True
