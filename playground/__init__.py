"""Pure-Python backends of the generative-AI playground.

Every module here is importable without streamlit or gradio; the Streamlit pages in ``pages/``
and the Gradio app in ``app.py`` are thin views over these functions.
"""
