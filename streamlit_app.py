"""Streamlit entry point: `streamlit run streamlit_app.py`."""

from playground.models import prepare_process

# Before anything imports transformers or torch: offline mode when the hub is unreachable (else
# the first model load spends tens of seconds in download retries) and one thread per operation.
prepare_process()

from ui import shell  # noqa: E402  (must follow prepare_process)
from ui.streamlit_fixes import skip_keras_cleanup  # noqa: E402

skip_keras_cleanup()  # else every rerun of every page pays a Keras session reset (0.2-0.3 s)
shell.run()
