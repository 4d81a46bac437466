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
