"""Debian's Chromium for Playwright: where it is and how it runs offline (shared by the browser
test and scripts/screenshots.py; never a browser that Playwright downloads)."""

from __future__ import annotations

import os
import shutil

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium")
# Offline machines refuse Chromium's own background connections; keep it from making them.
QUIET_FLAGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--disable-quic", "--disable-gpu"]


def find_chromium() -> str | None:
    """Path of Debian's chromium binary, or None when it is not installed."""
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")
