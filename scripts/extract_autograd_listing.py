"""Copy the chapter's autograd listing (§1.1.3) into the autograd topic, verbatim.

    python scripts/extract_autograd_listing.py /work/shared/seed/000_9a133b739f742d6c.txt

The listing is the chapter's one Python block that calls ``backward()``; it is written to
``playground/autograd/chapter_listing.txt`` exactly as printed (the page runs it unchanged and
reads the book's printed output from its comments).
"""

import re
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "playground" / "autograd" / "chapter_listing.txt"


def autograd_listing(chapter: str) -> str:
    blocks = re.findall(r"```Python\n(.*?)```", chapter, flags=re.DOTALL)
    found = [block for block in blocks if ".backward()" in block and "requires_grad" in block]
    if len(found) != 1:
        raise SystemExit(f"expected one autograd listing, found {len(found)}")
    return found[0]


if __name__ == "__main__":
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    TARGET.write_text(autograd_listing(text), encoding="utf-8")
    print(f"wrote {TARGET}")
