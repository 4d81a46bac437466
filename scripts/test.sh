#!/usr/bin/env bash
# Install the test tools (and Debian's Chromium for the one real-browser test), then run
# every test: backend units, page tests, the browser test and the Gradio client test.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -r requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
  # Playwright drives the system's Chromium; it never downloads a browser of its own.
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq chromium >/dev/null
fi
exec python -m pytest "$@"
