"""Streamlit entry point: `streamlit run streamlit_app.py`."""

from playground.models import decide_offline_mode

# Before anything imports transformers: an unreachable hub must switch the process to offline
# mode, or the first model load spends tens of seconds in download retries.
decide_offline_mode()

from ui import shell  # noqa: E402  (must follow the offline decision)

shell.run()
