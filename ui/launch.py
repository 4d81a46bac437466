"""Start this app's Streamlit server: ``python -m ui.launch [streamlit options]``.

Why not plain ``streamlit run streamlit_app.py``: a ``pages/`` folder next to the entry file
makes Streamlit start in its old multipage mode (``PagesManager.uses_pages_directory``), in which
page addresses are file names. The app's own ``st.navigation`` switches that mode off, but only
once the first script run reaches it: the first visitor after a server start who opens a page's
own address (``/decision-boundaries``) is told "page not found". Switching the old mode off
before the server starts keeps ``pages/`` where the project layout wants it and every address
unchanged. scripts/run.sh, scripts/serve.sh and the Dockerfile start the app this way.
"""

from __future__ import annotations

import sys
from pathlib import Path

ENTRY = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # the app navigates with st.navigation only
    sys.argv = ["streamlit", "run", str(ENTRY), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
