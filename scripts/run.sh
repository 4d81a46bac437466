#!/usr/bin/env bash
# Install the app's pinned dependencies and serve it at http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -r requirements.txt
# ui.launch is `streamlit run streamlit_app.py` without the old multipage mode that greets the
# first visitor of a page's own address with "page not found" (see ui/launch.py).
exec python -m ui.launch --server.port 8501 "$@"
