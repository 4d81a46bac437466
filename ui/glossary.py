"""The glossary (``assets/i18n/glossary.toml``): the chapter's terms in English and Chinese with
a one-line definition, shown in the Streamlit sidebar and in a Gradio accordion.

Neither UI library is imported at module level: the Streamlit frame and the Gradio app each
import only their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.i18n import load_catalogue

NS = "glossary"


@dataclass(frozen=True)
class Term:
    key: str  # the id after glossary.term.
    en: str
    zh: str
    definition_en: str
    definition_zh: str

    def definition(self, lang: str) -> str:
        return self.definition_zh if lang == "zh" else self.definition_en


def terms() -> tuple[Term, ...]:
    """Every glossary entry, in the order of the catalogue file (the chapter's order)."""
    catalogue = load_catalogue()
    prefix = f"{NS}.term."
    found = []
    for key, term in catalogue.items():
        if key.startswith(prefix):
            name = key.removeprefix(prefix)
            definition = catalogue.get(f"{NS}.definition.{name}", {"en": "", "zh": ""})
            found.append(Term(name, term["en"], term["zh"], definition["en"], definition["zh"]))
    return tuple(found)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_lines(lang: str) -> list[str]:
    """One markdown line a term, the current language's term first: ``**term** · other — def``."""
    lines = []
    for term in terms():
        first, second = (term.zh, term.en) if lang == "zh" else (term.en, term.zh)
        lines.append(f"- **{first}** · {second} — {term.definition(lang)}")
    return lines


def markdown_table() -> str:
    """Both languages side by side (the Gradio tab translates in the browser, so it shows both
    definitions rather than choosing one on the server)."""
    catalogue = load_catalogue()

    def both(key: str) -> str:
        return f"{catalogue[key]['en']} / {catalogue[key]['zh']}"

    header = [both(f"{NS}.col.english"), both(f"{NS}.col.chinese"),
              both(f"{NS}.col.definition")]
    rows = [f"| {' | '.join(header)} |", "|---|---|---|"]
    for term in terms():
        rows.append(f"| {_cell(term.en)} | {_cell(term.zh)} | "
                    f"{_cell(term.definition_en)}<br>{_cell(term.definition_zh)} |")
    return "\n".join(rows)


def sidebar() -> None:
    """Streamlit: the glossary as a folded expander in the sidebar, in the page's language."""
    import streamlit as st

    from ui import common

    with st.sidebar.expander(common.t(f"{NS}.title"), expanded=False,
                             icon=":material/menu_book:"):
        st.caption(common.t(f"{NS}.intro"))
        st.markdown("\n".join(markdown_lines(common.lang())))


def accordion() -> None:
    """Gradio: the glossary as a closed accordion (inside the caller's ``gr.Blocks``)."""
    import gradio as gr

    from ui.gradio_common import label

    with gr.Accordion(label(f"{NS}.title"), open=False):
        gr.Markdown(label(f"{NS}.intro"))
        gr.Markdown(markdown_table())
