"""Prepare an offline workshop: download every hub model of the registry into the local
Hugging Face cache, on a machine with a network. The app then uses them with no network.

    python scripts/prefetch_models.py                 # every task
    python scripts/prefetch_models.py summarization   # one task
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playground.models import load_registry  # noqa: E402


def main(tasks: list[str]) -> None:
    from huggingface_hub import snapshot_download

    registry = load_registry()
    for task in tasks or registry:
        for model in registry[task].hub:
            print(f"{task}: {model.id} ...", flush=True)
            try:
                path = snapshot_download(model.id, allow_patterns=["*.json", "*.safetensors",
                                                                   "*.txt", "*.model", "*.py"])
                print(f"  cached in {path}")
            except Exception as error:  # keep going: one missing model should not stop the rest
                print(f"  failed: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
