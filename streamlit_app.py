"""Streamlit entry point: `streamlit run streamlit_app.py`."""

from playground.models import prepare_process

# Before anything imports transformers or torch: offline mode when the hub is unreachable (else
# the first model load spends tens of seconds in download retries) and one thread per operation.
prepare_process()

from ui import shell  # noqa: E402  (must follow prepare_process)

shell.run()
