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
# colour directives between colons, raw HTML between < >) gives a meaning; CommonMark lets a
# backslash make any of them literal.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|~<>$:&")


def markdown_literal(value) -> str:
    """``value`` as text that markdown shows exactly as typed: no link, image, LaTeX, HTML or
    emphasis. Used for every user-supplied value put into a message (an uploaded CSV's column
    names, a label, a file name)."""
    text = str(value).replace("\r", " ").replace("\n", " ")
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def literal_params(params: dict) -> dict:
    """Message values with the text ones made markdown-literal (numbers keep their format)."""
    return {key: markdown_literal(value) if isinstance(value, str) else value
            for key, value in params.items()}
