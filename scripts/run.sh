#!/usr/bin/env bash
# Install the app's pinned dependencies and serve it at http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -r requirements.txt
exec python -m streamlit run streamlit_app.py --server.port 8501 "$@"
