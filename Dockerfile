# The Streamlit app in one image: one worker per container, port 8501.
#
#   docker build -t playground .
#   docker run -p 8501:8501 -v hf-cache:/home/app/.cache/huggingface playground
#
# Several workers behind HAProxy: deploy/compose.yaml. The bundled models (assets/models/) are
# inside the image; hub models land in the Hugging Face cache, a volume, so a restart or a new
# image does not download them again (fill it once with scripts/prefetch_models.py).
# Written without a Docker engine to build it on (none on the development machine): check it
# with `docker build` before relying on it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # One thread per numerical operation: sessions run in parallel instead (playground/compute.py).
    OMP_NUM_THREADS=1 \
    HF_HOME=/home/app/.cache/huggingface \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# curl for the health check; nothing else from the system is needed (wheels only).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /home/app/playground

# Dependencies first: this layer is reused while only the code changes. torch's CPU wheel comes
# from its own index (the PyPI wheel for Linux pulls several GB of CUDA libraries).
COPY requirements.txt .
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
    && pip install -r requirements.txt

COPY --chown=app:app . .
RUN mkdir -p "$HF_HOME" && chown -R app:app /home/app/.cache

USER app
VOLUME ["/home/app/.cache/huggingface"]
EXPOSE 8501

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl --fail --silent http://127.0.0.1:8501/_stcore/health || exit 1

# ui.launch starts Streamlit with the app's own navigation only (deep links work at once). The
# image's files never change: no file watcher (it costs CPU, and a watched change makes every
# session re-import the app's modules at once).
CMD ["python", "-m", "ui.launch", "--server.fileWatcherType", "none"]
