"""The frame around every page: page config, sidebar settings, translated navigation."""

from __future__ import annotations

import streamlit as st

from playground.topics import GROUPS, HOME, legacy_url_renames, topics_in
from ui import common, glossary


def build_navigation():
    """``st.navigation`` over the site map, with titles and group names in the current language."""
    def page(entry, default=False):
        return st.Page(entry.page, title=common.t(f"{entry.ns}.nav_title"), icon=entry.icon,
                       url_path=entry.url_path or None, default=default)

    sections = {common.t("nav.start"): [page(HOME, default=True)]}
    for group in GROUPS:
        entries = topics_in(group)
        if entries:
            sections[common.t(f"nav.group.{group}")] = [page(entry) for entry in entries]
    return st.navigation(sections, position="sidebar", expanded=True)


def rename_legacy_url_parameters() -> None:
    """Links shared before every topic had one name (``?disc_C=10``) open the same view: their
    parameters are renamed to today's prefix before any widget reads the URL."""
    renames = legacy_url_renames()
    for name in list(st.query_params):
        for old, new in renames.items():
            if name.startswith(old) and new + name[len(old):] not in st.query_params:
                st.query_params[new + name[len(old):]] = st.query_params[name]
                del st.query_params[name]


def run() -> None:
    rename_legacy_url_parameters()
    common.prime_shared_state()
    # No page_title: the browser tab then shows the current page's translated title.
    st.set_page_config(page_icon="🧪", layout="wide",
                       initial_sidebar_state="collapsed" if common.presenting() else "auto")
    navigation = build_navigation()
    common.sidebar_settings()
    glossary.sidebar()
    common.apply_presenter_style()
    navigation.run()
