"""Home page: what each page teaches, with a link to it and a preview of its main figure."""

from pathlib import Path

import streamlit as st

from playground.topics import GROUPS, topics_in
from ui.common import lang, t

PREVIEWS = Path(__file__).resolve().parent.parent / "assets" / "previews"


def preview(name: str) -> Path | None:
    """The page's default figure as a small image (scripts/screenshots.py --previews writes
    them), in the reader's language where there is one."""
    for candidate in (PREVIEWS / f"{name}.{lang()}.png", PREVIEWS / f"{name}.png"):
        if candidate.exists():
            return candidate
    return None


st.title(t("home.title"))
st.markdown(t("home.intro"))
for group in GROUPS:
    entries = topics_in(group)
    if not entries:
        continue
    st.subheader(t(f"nav.group.{group}"))
    for row in range(0, len(entries), 2):
        for column, entry in zip(st.columns(2), entries[row:row + 2]):
            with column.container(border=True):
                image, text = st.columns([2, 3], vertical_alignment="center")
                path = preview(entry.name)
                if path is not None:
                    image.image(str(path), width="stretch")
                text.page_link(entry.page, label=t(f"{entry.ns}.nav_title"), icon=entry.icon)
                text.markdown(t(f"{entry.ns}.summary"))
st.caption(t("home.footer"))
