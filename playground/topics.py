"""The one registry of topics.

A topic is one lesson of the chapter with one name, used everywhere:

=====================  ==================================================
``playground/<name>/``  backend package: model, figures, spec, snippet
``pages/<name>.py``     the Streamlit page
``ui/gradio_<name>.py`` the Gradio tab
``assets/i18n/<name>.toml``  its catalogue namespace ``<name>.*``
``tests/test_<name>*.py``    its tests
=====================  ==================================================

The Streamlit navigation, the home page, the Gradio tabs and every automatic test derive from
:data:`TOPICS`, so adding a topic is its files plus one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Navigation groups in chapter order (§1.1 basics, §1.2.1, §1.2.2, §1.3); a group is shown once
# it has a topic.
GROUPS = ("basics", "discriminative", "generative", "text")


@dataclass(frozen=True)
class Topic:
    name: str  # package, page, tab, catalogue namespace and test prefix
    group: str  # one of GROUPS
    url_path: str  # stable, language-independent address; differs from the page file's name
    icon: str
    # URL-parameter prefix this topic used before it had one name; links shared then still open
    # the same view (the shell renames ``?disc_C=`` to ``?discriminative_C=`` on arrival).
    legacy_prefix: str | None = None

    @property
    def page(self) -> str:
        return f"pages/{self.name}.py"

    @property
    def tab_module(self) -> str:
        return f"ui.gradio_{self.name}"

    @property
    def ns(self) -> str:
        return self.name


HOME = Topic("home", "", "", ":material/home:")
TOPICS = (
    Topic("first_model", "basics", "first-model", ":material/show_chart:"),
    Topic("autograd", "basics", "tensors-autograd", ":material/account_tree:"),
    Topic("cnn", "basics", "cnn-digits", ":material/grid_view:"),
    Topic("discriminative", "discriminative", "decision-boundaries", ":material/scatter_plot:",
          legacy_prefix="disc"),
    Topic("gmm", "generative", "gmm-clustering", ":material/bubble_chart:"),
    Topic("hmm", "generative", "hmm-sampler", ":material/timeline:"),
    Topic("diffusion", "generative", "diffusion-2d", ":material/blur_on:", legacy_prefix="diff2d"),
    Topic("diffusion_digits", "generative", "diffusion-digits", ":material/grid_on:",
          legacy_prefix="diffimg"),
    Topic("gan", "generative", "gan-lab", ":material/swords:"),
    Topic("gan_digits", "generative", "gan-digits", ":material/apps:"),
    Topic("text_generation", "text", "text-generation", ":material/edit_note:",
          legacy_prefix="textgen"),
    Topic("summarization", "text", "summarize", ":material/summarize:", legacy_prefix="summary"),
    Topic("sentiment", "text", "sentiment-analysis", ":material/sentiment_satisfied:"),
)


def topics_in(group: str) -> list[Topic]:
    return [topic for topic in TOPICS if topic.group == group]


def by_name(name: str) -> Topic:
    for topic in TOPICS:
        if topic.name == name:
            return topic
    raise KeyError(name)


def legacy_url_renames() -> dict[str, str]:
    """``{old prefix + "_": new prefix + "_"}`` for the shell's link compatibility."""
    return {f"{t.legacy_prefix}_": f"{t.name}_" for t in TOPICS if t.legacy_prefix}
