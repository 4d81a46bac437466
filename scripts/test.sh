#!/usr/bin/env bash
# Install the test tools (and Debian's Chromium for the one real-browser test), then run
# every test: backend units, page tests, the browser test and the Gradio client test.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -r requirements-dev.txt
# Playwright drives the system's Chromium (it never downloads a browser of its own); the
# scale-out test starts HAProxy in front of two workers (scripts/serve.sh).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v haproxy >/dev/null 2>&1 || missing="$missing haproxy"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then apt_get="apt-get"; else apt_get="sudo apt-get"; fi
  $apt_get update -qq && DEBIAN_FRONTEND=noninteractive $apt_get install -y -qq $missing >/dev/null
fi
exec python -m pytest "$@"
