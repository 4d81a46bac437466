"""Every CSV the apps write keeps user text as text: no cell a spreadsheet would evaluate."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pytest

from playground.csv_out import neutralise_csv, rows_to_csv, safe_cell, table_to_csv

ATTACKS = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1",
           "\r=1+1"]


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_safe(data: bytes) -> None:
    for row in cells(data):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.lstrip("+").replace(
                ".", "", 1).isdigit(), cell
            if cell.startswith("-"):
                float(cell)  # a minus sign only on a number


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_cells_become_text_and_numbers_stay(text):
    assert safe_cell(text) == "'" + text
    for number in ("-1.5", "+3e-4", "-7", "1e309", "-inf", 2.5, -3):
        assert safe_cell(number) == number


def test_rows_tables_and_any_csv_are_neutralised():
    assert_safe(rows_to_csv(["=h", "n"], [[text, -1.5] for text in ATTACKS]))
    table = pd.DataFrame({"text": ATTACKS, "x": np.arange(len(ATTACKS)) - 2.5})
    assert_safe(table_to_csv(table, bom=True))
    raw = table.to_csv(index=False).encode("utf-8-sig")
    assert_safe(neutralise_csv(raw))
    assert neutralise_csv(raw).startswith(b"\xef\xbb\xbf")
    plain = pd.DataFrame({"x": [-1.0, 2.0], "label": ["a", "b"]}).to_csv(index=False).encode()
    assert neutralise_csv(plain) == plain  # nothing to change: the same bytes


def test_every_download_writer_neutralises_user_text():
    from types import SimpleNamespace

    from playground import points
    from playground.sentiment import batch
    from playground.summarization import model as summ

    X = np.array([[1.0, -2.0]])
    assert_safe(points.points_to_csv(X, np.array(["=cmd|' /C calc'!A0"], dtype=object)))
    table = pd.DataFrame({"text": ["=HYPERLINK(\"http://e.vil\")"], "label": ["positive"]})
    assert_safe(batch.batch_csv(table))
    sentences = [SimpleNamespace(index=0, text="=cmd|' /C calc'!A0"),
                 SimpleNamespace(index=1, text="-ok")]
    result = SimpleNamespace(scores=np.array([0.5, 0.2]), chosen=[0],
                             document=SimpleNamespace(sentences=sentences))
    assert_safe(summ.scores_csv(result))


def test_hmm_and_text_generation_writers_neutralise_names_and_tokens():
    from types import SimpleNamespace

    from playground.hmm.analysis import sequence_csv
    from playground.text_generation.model import steps_to_csv

    analysis = SimpleNamespace(Z=np.array([0, 1]), X=np.array([[0], [1]]),
                               viterbi=np.array([0, 1]), posterior=np.array([[1.0, 0], [0, 1]]))
    assert_safe(sequence_csv(analysis, ["=A", "@B"], ["+x", "-y"]))
    candidate = SimpleNamespace(token_id=5, piece="=1+1", p_before=0.5, p_after=0.5)
    step = SimpleNamespace(index=0, token_id=5, piece="@x",
                           distribution=SimpleNamespace(candidates=[candidate], n_kept=1))
    assert_safe(steps_to_csv([step]))


def test_streamlit_download_button_neutralises_what_it_is_given(monkeypatch):
    from ui import common

    seen = {}
    monkeypatch.setattr(common.st, "download_button", lambda *a, **k: seen.update(k))
    monkeypatch.setattr(common, "t", lambda key, **v: key)
    common.csv_download(b"text\n=cmd|' /C calc'!A0\n", filename="x.csv", key="k")
    assert_safe(seen["data"])
