"""Gradio tab of the HMM page, over the same backend and figures."""

from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd

from playground import hmm
from playground.errors import InputError
from playground.hmm import figures
from playground.i18n import Translator
from playground.hmm.spec import SPEC
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, spec_values, tab_heading

CONTROL_KEYS = ("preset", "T", "seed")  # the tab's spec controls, in handler order


def _frame(values, names: list[str], headers: list[str], tr: Translator) -> pd.DataFrame:
    """A table whose first column names the state of each row (Gradio shows no index)."""
    table = pd.DataFrame(np.asarray(values, dtype=float).reshape(len(names), -1), columns=headers)
    table.insert(0, tr("hmm.fig.hidden"), names)
    return table


def hmm_tables(lang, preset, spec: hmm.ModelSpec | None = None):
    """The three editable tables of a preset (or of ``spec``): start, transitions, emissions."""
    tr = Translator(lang)
    spec = spec or hmm.PRESETS[preset].spec
    names = figures.state_names(preset, tr)
    columns = (figures.symbol_names(preset, tr) if spec.kind == "categorical"
               else figures.GAUSS_HEADERS)
    return (_frame(spec.startprob, names, [tr("hmm.col_start")], tr),
            _frame(spec.transmat, names, names, tr),
            _frame(spec.emission, names, columns, tr))


def _numbers(table) -> np.ndarray:
    """The table's cells without the state-name column."""
    return pd.DataFrame(table).iloc[:, 1:].to_numpy(object)


def hmm_normalise(preset, start, trans, emission):
    """Every probability row divided by its sum (the page's one-click fix)."""
    kind = hmm.PRESETS[preset].spec.kind
    fixed = []
    for table, rows in ((start, False), (trans, True), (emission, kind == "categorical")):
        frame = pd.DataFrame(table).copy()
        numbers = frame.iloc[:, 1:].apply(pd.to_numeric, errors="coerce").to_numpy(float)
        if rows:
            frame.iloc[:, 1:] = hmm.normalise_rows(numbers)
        elif table is start:  # the start probabilities are one column: it must sum to 1
            frame.iloc[:, 1:] = hmm.normalise_rows(numbers.T).T
        fixed.append(frame)
    return tuple(fixed)


def hmm_view(lang, preset, length, seed, start, trans, emission, valid=None):
    """Check the tables, sample, decode and draw.

    Returns a markdown summary, the state diagram, the sampled sequence, the decoding figure
    and the last valid model per preset (kept while a table is invalid).
    """
    tr = Translator(lang)
    valid = dict(valid or {})
    names = figures.state_names(preset, tr)
    notes = []
    try:
        valid[preset] = hmm.spec_from_tables(hmm.PRESETS[preset].spec.kind, _numbers(start)[:, 0],
                                             _numbers(trans), _numbers(emission))
    except (InputError, IndexError) as error:
        if not isinstance(error, InputError):
            error = InputError("hmm.err.shape", table="start", shape=len(names))
        notes += [message(figures.localise(error, tr, names), lang), tr("hmm.last_valid")]
    spec = valid.get(preset, hmm.PRESETS[preset].spec)
    params = SPEC.params(spec_values(SPEC, CONTROL_KEYS, preset, length, seed))
    analysis = hmm.sample_and_decode(spec, params.sample)
    symbols = figures.symbol_names(preset, tr)
    notes.append(metric_line(SPEC.metrics(analysis, tr)))
    return ("\n\n".join(notes), figures.state_diagram(spec, names, tr),
            figures.sequence_figure(analysis, names, symbols, tr),
            figures.decoding_figure(analysis, names, tr), valid)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    tab_heading("hmm")
    gr.Markdown(label("hmm.lesson"))
    valid = gr.State({})
    start0, trans0, emission0 = hmm_tables("en", SPEC["preset"].default)
    with gr.Row():
        with gr.Column(scale=1):
            controls = gradio_controls(SPEC, CONTROL_KEYS)
            preset, length, seed = (controls[key] for key in CONTROL_KEYS)
            with gr.Accordion(label("hmm.edit_model"), open=True):
                start = gr.Dataframe(start0, interactive=True, label=label("hmm.table_title.start"))
                trans = gr.Dataframe(trans0, interactive=True, label=label("hmm.table_title.trans"))
                emission = gr.Dataframe(emission0, interactive=True,
                                        label=label("hmm.table_title.emission"))
                with gr.Row():
                    normalise = gr.Button(label("hmm.normalise"))
                    reset = gr.Button(label("hmm.reset"))
        with gr.Column(scale=2):
            summary = gr.Markdown()
            diagram = gr.Plot(show_label=False)
            sequence = gr.Plot(show_label=False)
            decoding = gr.Plot(show_label=False)
    gr.Markdown(label("hmm.notice"))
    tables = [start, trans, emission]
    view_inputs = [lang, preset, length, seed, *tables, valid]
    view_outputs = [summary, diagram, sequence, decoding, valid]
    for control in (lang, length, seed, *tables):
        control.change(hmm_view, view_inputs, view_outputs, api_name=False)
    for trigger in (preset.change, reset.click):
        trigger(hmm_tables, [lang, preset], tables, api_name=False).then(
            hmm_view, view_inputs, view_outputs, api_name=False)
    normalise.click(hmm_normalise, [preset, *tables], tables, api_name=False).then(
        hmm_view, view_inputs, view_outputs, api_name=False)
    return hmm_view, view_inputs, view_outputs
