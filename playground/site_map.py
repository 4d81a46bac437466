"""The site map: every page file, its navigation group and its catalogue keys.

Both the Streamlit entry file (navigation, home page) and the tests read this list, so a page
added here appears in the navigation and is opened by every automatic page test.
"""

from __future__ import annotations

from dataclasses import dataclass

# Navigation groups in chapter order; a group is shown once it has a page.
GROUPS = ("basics", "discriminative", "generative", "text")


@dataclass(frozen=True)
class PageEntry:
    path: str  # script path relative to the repository root
    group: str  # one of GROUPS
    ns: str  # catalogue namespace: <ns>.nav_title, <ns>.summary, <ns>.title ...
    url_path: str  # stable, language-independent address of the page
    icon: str


HOME = PageEntry("pages/home.py", "", "home", "", ":material/home:")
PAGES = (
    PageEntry("pages/discriminative.py", "discriminative", "disc", "decision-boundaries",
              ":material/scatter_plot:"),
    PageEntry("pages/gmm.py", "generative", "gmm", "gmm-clustering", ":material/bubble_chart:"),
    PageEntry("pages/hmm.py", "generative", "hmm", "hmm-sampler", ":material/timeline:"),
    PageEntry("pages/diffusion_2d.py", "generative", "diff2d", "diffusion-2d", ":material/blur_on:"),
    PageEntry("pages/diffusion_digits.py", "generative", "diffimg", "diffusion-digits",
              ":material/grid_on:"),
    PageEntry("pages/text_generation.py", "text", "textgen", "text-generation",
              ":material/edit_note:"),
    PageEntry("pages/summarization.py", "text", "summary", "summarize", ":material/summarize:"),
    PageEntry("pages/sentiment.py", "text", "sentiment", "sentiment-analysis",
              ":material/sentiment_satisfied:"),
)


def pages_in(group: str) -> list[PageEntry]:
    return [page for page in PAGES if page.group == group]
