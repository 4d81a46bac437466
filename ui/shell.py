"""The frame around every page: page config, sidebar settings, translated navigation."""

from __future__ import annotations

import streamlit as st

from playground.site_map import GROUPS, HOME, pages_in
from ui import common


def build_navigation():
    """``st.navigation`` over the site map, with titles and group names in the current language."""
    def page(entry, default=False):
        return st.Page(entry.path, title=common.t(f"{entry.ns}.nav_title"), icon=entry.icon,
                       url_path=entry.url_path or None, default=default)

    sections = {common.t("nav.start"): [page(HOME, default=True)]}
    for group in GROUPS:
        entries = pages_in(group)
        if entries:
            sections[common.t(f"nav.group.{group}")] = [page(entry) for entry in entries]
    return st.navigation(sections, position="sidebar", expanded=True)


def run() -> None:
    common.prime_shared_state()
    # No page_title: the browser tab then shows the current page's translated title.
    st.set_page_config(page_icon="🧪", layout="wide",
                       initial_sidebar_state="collapsed" if common.presenting() else "auto")
    navigation = build_navigation()
    common.sidebar_settings()
    common.apply_presenter_style()
    navigation.run()
