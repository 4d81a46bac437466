"""A convolutional network (chapter §1.1.3): the chapter's Net layer by layer, trained live on
handwritten digits, with its mistakes and the feature maps of a digit the visitor can edit."""

import streamlit as st

from playground.cnn import figures, views
from playground.cnn import model as cnn
from playground.cnn.data import load_split
from playground.cnn.snippet import code_snippet
from playground.cnn.spec import SPEC
from playground.errors import InputError
from ui import cnn_views, common
from ui.common import t

NS = "cnn"


@st.cache_resource(show_spinner=False)
def untrained(seed: int) -> cnn.Net:
    return cnn.new_net(seed)  # only ever read (no_grad): safe to share between sessions


def network_section(tr) -> None:
    """The printed ``Net`` beside its layer table."""
    printed, layers = st.columns([1.3, 1], gap="large")
    printed.caption(t("cnn.printed"))
    printed.code(str(untrained(0)), language="text", wrap_lines=True)
    table = cnn.layer_table(untrained(0))
    common.dataframe(figures.layer_rows(table, tr), hide_index=True, width="stretch",
                     container=layers)
    layers.caption(t("cnn.layers_caption", total=f"{sum(r['params'] for r in table):,}"))


def train_buttons(trainer, params) -> tuple[bool, bool]:
    """Train (or continue) and Stop side by side; returns (start, resume)."""
    resume = trainer is not None and not trainer.finished and trainer.epochs_done > 0
    left, right = st.columns(2)
    start = left.button(t("cnn.train_continue" if resume else "cnn.train"), key="cnn_train",
                        type="primary", icon=":material/play_arrow:")
    right.button(t("cnn.stop"), key="cnn_stop", icon=":material/stop:",
                 help=t("cnn.stop_help"))  # any click reruns the page: that is the stop
    return start, resume


TRAIN_KEYS = [c.key for c in SPEC.controls if c.key != "digit"]

common.page_intro(NS)
tr = common.tr()
if common.presenting():
    # On a projector the room looks at the training curves and the feature maps: the printed
    # network folds away (the presenter opens it when talking about the layers) and the
    # settings make one row, so the first screen reaches the figures.
    with st.expander(t("cnn.network"), icon=":material/account_tree:"):
        network_section(tr)
    cnn_views.chapter_run()
    st.subheader(t("cnn.training"))
    values = {}
    primary = [key for key in TRAIN_KEYS if not SPEC[key].secondary]
    widths = [1.7 if key == "optimiser" else 1 for key in primary] + [1.5]  # "SGD (momentum)"
    columns = st.columns(widths, vertical_alignment="bottom")
    for column, key in zip(columns, primary):
        values[key] = common.control(SPEC, key, container=column)
    with columns[-1]:
        common.controls(SPEC, keys=[key for key in TRAIN_KEYS if SPEC[key].secondary],
                        values=values)
        params = SPEC.params(values)
        trainer = cnn_views.trainers().get(params)
        start, resume = train_buttons(trainer, params)
    area = st.container()
else:
    st.subheader(t("cnn.network"))
    network_section(tr)
    cnn_views.chapter_run()
    st.subheader(t("cnn.training"))
    settings, area = st.columns([1, 2.4], gap="large")
    with settings:
        values = common.controls(SPEC, keys=TRAIN_KEYS)
        params = SPEC.params(values)
        trainer = cnn_views.trainers().get(params)
        start, resume = train_buttons(trainer, params)

with area:
    if start:
        if not resume:
            trainer = cnn.Trainer(params, load_split(params.test_fraction, params.seed))
        cnn_views.keep(trainer)
        cnn_views.train_here(trainer, tr)
    if trainer is not None and trainer.epochs_done:
        common.metric_row(SPEC.metrics(trainer, tr))
        if not trainer.finished:
            st.info(t("cnn.stopped", done=trainer.epochs_done, total=params.epochs),
                    icon=":material/pause:")
        elif trainer.history[-1].test_accuracy < 0.2:
            st.warning(t("cnn.chance_level", lr=params.lr,
                         optimiser=t(f"cnn.optimiser_name.{params.optimiser}")), icon="⚠️")
        common.plotly_chart(figures.curves_figure(trainer.history, tr), key="cnn_curves",
                            filename=f"cnn-curves-{params.optimiser}-{params.seed}")
        common.csv_download(figures.history_csv(trainer.history), filename="cnn-training.csv",
                            key="cnn_history_csv", label_key="cnn.download_history")
    else:
        trainer = None
        st.info(t("cnn.untrained"), icon=":material/school:")

data = trainer.data if trainer else load_split(params.test_fraction, params.seed)
if trainer is not None:
    st.subheader(t("cnn.results"))
    evaluation = trainer.evaluate()
    confusion, gallery = st.columns([1, 1.4], gap="large")
    with confusion:
        st.caption(t("cnn.confusion"))
        common.plotly_chart(figures.confusion_figure(evaluation.confusion, tr),
                            key="cnn_confusion", filename="cnn-confusion")
    images, captions, total = views.mistakes(data, evaluation)
    with gallery:
        st.caption(t("cnn.wrong", n=len(images), total=total))
        common.plotly_chart(figures.digit_gallery(images, captions, tr), key="cnn_wrong",
                            filename="cnn-mistakes")

st.subheader(t("cnn.inside"))
grid_area, maps_area = st.columns([1, 2], gap="large")
with grid_area:
    position = common.control(SPEC, "digit")
    base, label = views.pick_test_digit(data, position)
    store = cnn_views.edited_digit(base, (params.test_fraction, params.seed, position))
    edits = int((store["grid"] != base).sum())
    st.markdown(t("cnn.digit_edited", position=position, label=label, edits=edits) if edits
                else t("cnn.digit_caption", position=position, label=label))
    cnn_views.pixel_editor(store, base, tr)
with maps_area:
    net = trainer.net if trainer is not None else untrained(params.seed)
    try:
        if trainer is not None:
            with trainer.lock:  # an interrupted run may still be finishing its epoch
                arrays, probabilities = views.look_inside(net, store["grid"])
        else:
            arrays, probabilities = views.look_inside(net, store["grid"])
    except InputError as error:
        common.show_input_error(error)
    else:
        best = int(probabilities.argmax())
        st.markdown(t("cnn.prediction", digit=best, confidence=float(probabilities[best])))
        if trainer is None:
            st.caption(t("cnn.prediction_untrained"))
        common.plotly_chart(figures.feature_maps_figure(arrays, tr), key="cnn_maps",
                            filename=f"cnn-feature-maps-{position}")
        st.caption(t("cnn.maps_caption"))
        common.plotly_chart(figures.dense_figure(arrays, probabilities, tr), key="cnn_dense",
                            filename=f"cnn-dense-{position}")
        st.caption(t("cnn.dense_caption"))

common.page_outro(NS, code_snippet(params))
