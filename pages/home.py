"""Home page: what each page teaches, with a link to it."""

import streamlit as st

from playground.topics import GROUPS, topics_in
from ui.common import t

st.title(t("home.title"))
st.markdown(t("home.intro"))
for group in GROUPS:
    entries = topics_in(group)
    if not entries:
        continue
    st.subheader(t(f"nav.group.{group}"))
    for entry in entries:
        with st.container(border=True):
            st.page_link(entry.page, label=t(f"{entry.ns}.nav_title"), icon=entry.icon)
            st.markdown(t(f"{entry.ns}.summary"))
st.caption(t("home.footer"))
