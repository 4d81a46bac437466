"""Streamlit-side helpers shared by the entry file and every page (never imported by playground/)."""
