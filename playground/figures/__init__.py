"""Plotly figure builders shared by the Streamlit pages and the Gradio app.

One colour scheme (:mod:`playground.style`), one module per topic. Every builder takes
the data or result objects from a backend module and a translator ``tr(key) -> str`` for its
visible text, and returns a ``plotly.graph_objects.Figure``; none of them shows anything.
"""
