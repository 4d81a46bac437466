"""Reading an uploaded CSV safely: size, encoding and parse errors become catalogue messages."""

from __future__ import annotations

import io

import pandas as pd

from playground.errors import InputError

MAX_UPLOAD_BYTES = 1_000_000


def read_csv_upload(raw: bytes, max_bytes: int = MAX_UPLOAD_BYTES, **read_csv_kwargs) -> pd.DataFrame:
    """Decode ``raw`` as UTF-8 (a byte-order mark is fine) and parse it with pandas.

    Raises
    ------
    InputError
        ``errors.csv_too_big``, ``errors.csv_not_utf8``, ``errors.csv_empty`` (no text at all)
        or ``errors.csv_unreadable``. Checking columns and rows is the caller's job.
    """
    if len(raw) > max_bytes:
        raise InputError("errors.csv_too_big", limit_kb=max_bytes // 1000)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("errors.csv_not_utf8") from None
    if not text.strip():
        raise InputError("errors.csv_empty")
    try:
        return pd.read_csv(io.StringIO(text), **read_csv_kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        raise InputError("errors.csv_unreadable") from None
