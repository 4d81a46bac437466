"""Hidden Markov models (chapter §1.2.2): sample a sequence from an editable HMM, then recover
its hidden states with the forward, Viterbi and forward-backward algorithms, and learn the model
back with Baum-Welch."""

import numpy as np
import pandas as pd
import streamlit as st

from playground import hmm
from playground.errors import InputError
from playground.hmm import figures
from playground.hmm.spec import SPEC
from ui import common
from ui.common import t

NS = "hmm"


@st.cache_data(max_entries=64, show_spinner=False)
def analyse(spec: hmm.ModelSpec, params: hmm.SampleParams) -> hmm.Analysis:
    return hmm.sample_and_decode(spec, params)


def _bump_editors() -> None:
    """New editor keys, so the tables restart from the stored starting values."""
    st.session_state["hmm_version"] = st.session_state.get("hmm_version", 0) + 1


def normalise(preset: str, start, trans, emission, kind: str) -> None:
    st.session_state["hmm_tables"][preset] = (
        hmm.normalise_rows(start), hmm.normalise_rows(trans),
        hmm.normalise_rows(emission) if kind == "categorical" else emission)
    _bump_editors()


def reset(preset: str) -> None:
    st.session_state["hmm_tables"].pop(preset, None)
    st.session_state["hmm_models"].pop(preset, None)
    _bump_editors()


def model_editor(preset: str, names: list[str], symbols: list[str]) -> hmm.ModelSpec:
    """Editable start, transition and emission tables; returns the last valid model."""
    default = hmm.PRESETS[preset].spec
    valid = st.session_state.setdefault("hmm_models", {})  # last valid model per preset
    tables = st.session_state.setdefault("hmm_tables", {})  # editors' starting values
    start, trans, emission = tables.get(preset, (default.startprob, default.transmat,
                                                 default.emission))
    columns = symbols if default.kind == "categorical" else figures.GAUSS_HEADERS
    suffix = f"{preset}_{st.session_state.get('hmm_version', 0)}"
    number = st.column_config.NumberColumn(format="%.3f")
    st.caption(t("hmm.edit_help"))
    # Two states: start and transition tables side by side. More: the transition table gets the
    # full width, so that its last state's column is not cut off.
    left, right = st.columns([1, 2.2]) if len(names) <= 2 else (st.container(), st.container())
    left.markdown(f"**{t('hmm.table_title.start')}**")
    start = left.data_editor(
        pd.DataFrame({t("hmm.col_start"): np.asarray(start, dtype=float)}, index=names),
        key=f"hmm_start_{suffix}", column_config={t("hmm.col_start"): number})
    right.markdown(f"**{t('hmm.table_title.trans')}**")
    trans = right.data_editor(pd.DataFrame(np.asarray(trans, dtype=float), index=names,
                                           columns=names),
                              key=f"hmm_trans_{suffix}", column_config=dict.fromkeys(names, number))
    title = "emission" if default.kind == "categorical" else "gauss"
    st.markdown(f"**{t(f'hmm.table_title.{title}')}**")
    emission = st.data_editor(pd.DataFrame(np.asarray(emission, dtype=float), index=names,
                                           columns=columns),
                              key=f"hmm_emission_{suffix}",
                              column_config=dict.fromkeys(columns, number))
    values = (start.iloc[:, 0].to_numpy(object), trans.to_numpy(object), emission.to_numpy(object))
    try:
        valid[preset] = hmm.spec_from_tables(default.kind, *values)
    except InputError as error:
        common.show_input_error(figures.localise(error, common.tr(), names))
        if error.key in hmm.NORMALISABLE:
            st.button(t("hmm.normalise"), key="hmm_normalise", icon=":material/balance:",
                      on_click=normalise, args=(preset, *values, default.kind))
        st.caption(t("hmm.last_valid"))
    st.button(t("hmm.reset"), key="hmm_reset", on_click=reset, args=(preset,),
              icon=":material/restart_alt:")
    return valid.get(preset, default)


def learning(spec: hmm.ModelSpec, params: hmm.SampleParams, analysis: hmm.Analysis, names,
             symbols) -> None:
    """Baum-Welch on the sampled sequence, started by a button, with progress and a stop."""
    st.subheader(t("hmm.learn_header"))
    st.markdown(t("hmm.learn_intro"))
    n_iter = common.control(SPEC, "iter")
    job = (spec, params, n_iter)
    if st.button(t("hmm.learn"), key="hmm_learn", type="primary", icon=":material/school:"):
        stop = st.empty()  # a click on Stop ends this run; the button goes once learning ends
        stop.button(t("hmm.stop"), key="hmm_stop", icon=":material/stop:")
        bar = st.progress(0.0)

        def report(i, log_p):
            bar.progress(i / n_iter, text=t("hmm.learning", i=i, n=n_iter, log_p=f"{log_p:.2f}"))

        learned = hmm.baum_welch(spec, analysis.X, analysis.Z, n_iter=n_iter, seed=params.seed,
                                 callback=report)
        st.session_state["hmm_learned"] = (job, learned)
        bar.empty()
        stop.empty()
    stored = st.session_state.get("hmm_learned")
    if stored and stored[0] == job:
        learned = stored[1]
        st.caption(t("hmm.learned_caption", n=len(learned.log_likelihoods)))
        common.plotly_chart(figures.learned_figure(spec.build(), learned.model, names, symbols,
                                                   common.tr()),
                            key="hmm_learned_chart", filename="hmm-learned")
        common.plotly_chart(figures.likelihood_figure(learned.log_likelihoods,
                                                      analysis.log_likelihood, common.tr()),
                            key="hmm_likelihood_chart", filename="hmm-log-likelihood")


common.page_intro(NS)
preset = common.control(SPEC, "preset")
st.caption(t(f"hmm.preset_help.{preset}"))
names = figures.state_names(preset, common.tr())
symbols = figures.symbol_names(preset, common.tr())
tables_area, diagram_area = st.columns([1.25, 1], gap="large")
with tables_area:
    with st.expander(t("hmm.edit_model"), expanded=not common.presenting()):
        spec = model_editor(preset, names, symbols)
with diagram_area:
    width = figures.PRESENTER_DIAGRAM_WIDTH if common.presenting() else figures.DIAGRAM_WIDTH
    common.plotly_chart(figures.state_diagram(spec, names, common.tr(), width=width),
                        key="hmm_diagram", filename=f"hmm-diagram-{preset}")

st.subheader(t("hmm.sample_header"))
length_area, seed_area = st.columns([2, 1])
values = {"preset": preset,
          "T": common.control(SPEC, "T", container=length_area),
          "seed": common.control(SPEC, "seed", container=seed_area)}
params = SPEC.params(values).sample
analysis = analyse(spec, params)
common.plotly_chart(figures.sequence_figure(analysis, names, symbols, common.tr()),
                    key="hmm_sequence", filename=f"hmm-sequence-{preset}")

st.subheader(t("hmm.inference_header"))
common.metric_row(SPEC.metrics(analysis, common.tr()),
                  helps=[t("hmm.log_likelihood_help"), None, t("hmm.posterior_accuracy_help")])
common.plotly_chart(figures.decoding_figure(analysis, names, common.tr()), key="hmm_decoding",
                    filename=f"hmm-decoding-{preset}")
common.csv_download(hmm.sequence_csv(analysis, names, symbols), filename=f"hmm-{preset}.csv",
                    key="hmm_csv")
st.caption(t("common.png_hint"))

learning(spec, params, analysis, names, symbols)
common.page_outro(NS, hmm.code_snippet(spec, params))
