"""A user-facing error that both UIs translate instead of showing a traceback."""


class InputError(ValueError):
    """Bad user input, carrying a catalogue key and the values its message needs.

    Parameters
    ----------
    key : str
        Catalogue key of the message, e.g. ``"errors.csv_columns"``.
    **params
        Values substituted into the translated message with ``str.format``.
    """

    def __init__(self, key: str, **params):
        super().__init__(f"{key} {params}")
        self.key = key
        self.params = params


# Characters markdown (and its extensions in Streamlit and Gradio: LaTeX between $, emoji and
# colour directives between colons, raw HTML between < >, autolinked addresses) gives a meaning.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-!|~<>$:&/@")


def markdown_literal(value) -> str:
    """``value`` as markdown that shows it exactly as typed: no link, image, LaTeX, HTML or
    emphasis. Text with any markup character becomes a code span (backslash escapes are not
    enough: Streamlit still turns ``http\\://e.vil`` into a live link); plain words stay as
    they are. Used for every user-supplied value put into a message (an uploaded CSV's column
    names, a label, a file name)."""
    text = " ".join(str(value).split())
    if not any(ch in _MARKDOWN_SPECIAL for ch in text) and "www." not in text.lower():
        return text
    run, longest = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def literal_params(params: dict) -> dict:
    """Message values with the text ones made markdown-literal (numbers keep their format)."""
    return {key: markdown_literal(value) if isinstance(value, str) else value
            for key, value in params.items()}
