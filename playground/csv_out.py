"""The one CSV writer of every download: user text cannot become a spreadsheet formula.

A CSV opened in Excel or LibreOffice turns a cell that starts with ``=``, ``+``, ``-`` or ``@``
(also a tab or carriage return before them) into a formula; ``=cmd|' /C calc'!A0`` in an uploaded
review or a generated token would run on the student's computer ("CSV injection", OWASP). Such
cells are written with a leading apostrophe, which spreadsheets show as text and do not
evaluate. Numbers stay numbers: ``-1.5`` or ``+3e-4`` is written as it is.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|nan)$", re.IGNORECASE)


def safe_cell(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def rows_to_csv(header: Sequence, rows: Iterable[Sequence], *, bom: bool = False) -> bytes:
    """UTF-8 CSV bytes of ``header`` and ``rows`` with every text cell made safe; ``bom`` adds
    the byte-order mark spreadsheet programs need to read Chinese."""
    buffer = io.StringIO()
    # CRLF line ends (RFC 4180): a cell holding a bare "\r" is then quoted, not split in two.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(str(name)) for name in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def table_to_csv(table, *, bom: bool = False) -> bytes:
    """A pandas DataFrame as safe CSV bytes (no index), like ``table.to_csv(index=False)``."""
    safe = table.copy()
    safe.columns = [safe_cell(str(name)) for name in table.columns]
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype).startswith(("string", "str")):
            safe[column] = safe[column].map(safe_cell)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig" if bom else "utf-8")


def neutralise_csv(data: bytes) -> bytes:
    """Any CSV (bytes) rewritten with its text cells made safe; used by the Streamlit download
    button and the Gradio file outputs as a last guard for writers outside this module. Bytes
    that are not UTF-8 CSV come back unchanged."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data
    if not any(mark in text for mark in FORMULA_START):
        return data
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(
            isinstance(safe_cell(cell), str) and safe_cell(cell) is not cell
            for row in rows for cell in row):
        return data
    return rows_to_csv(rows[0], rows[1:], bom=bom)
