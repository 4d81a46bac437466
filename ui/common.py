"""What every Streamlit page shares: language, presenter mode, URL-bound widgets, page frame.

Widgets that define a view live in the URL so that a copied link opens the same view: sliders and
number inputs with ``bind="query-params"``, choice widgets through :func:`url_choice`. Their keys
are the URL's parameter names, prefixed by the page's namespace.
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import streamlit as st
from streamlit.errors import StreamlitAPIException

from playground import spec as spec_module
from playground import style
from playground.csv_out import neutralise_csv
from playground.errors import InputError, literal_params
from playground.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, language_from_locale

LANG_KEY = "lang"
PRESENT_KEY = "present"
_TRUTHY = {"1", "true", "yes", "on"}
MAX_UPLOAD_MB = 1  # playground.uploads refuses more; the uploader says the same


def prime_shared_state() -> None:
    """Before the sidebar widgets exist: take the language from the browser unless the URL
    names one, and accept ``?present=1`` as well as ``?present=true``."""
    if LANG_KEY not in st.session_state:
        from_url = st.query_params.get(LANG_KEY)
        st.session_state[LANG_KEY] = (from_url if from_url in LANGUAGES
                                      else language_from_locale(st.context.locale))
    if PRESENT_KEY not in st.session_state:
        st.session_state[PRESENT_KEY] = str(st.query_params.get(PRESENT_KEY, "")).lower() in _TRUTHY


def lang() -> str:
    value = st.session_state.get(LANG_KEY)
    return value if value in LANGUAGES else "en"


def tr() -> Translator:
    """Translator for the current language (pass it to figure builders)."""
    return Translator(lang())


def t(key: str, **values) -> str:
    return tr()(key, **values)


def presenting() -> bool:
    return bool(st.session_state.get(PRESENT_KEY, False))


def frozen_labels(options, format_func):
    """A format function whose labels are computed now, in the current language.

    Streamlit keeps format functions and may call them outside the script run (AppTest does),
    where the session's language cannot be read; precomputed labels do not depend on it.
    """
    labels = {option: str(format_func(option)) for option in options}
    return lambda option: labels.get(option, str(option))


def url_choice(widget, label: str, options, *, key: str, default=None, **kwargs):
    """A choice widget whose option *id* is kept in the URL under ``key``.

    ``bind="query-params"`` would store the option's displayed (translated) label, so a link
    copied in one language would not open in the other; this stores ``str(option)`` instead.
    ``default=None`` keeps the value in the URL even when it is the first option.
    """
    by_text = {str(option): option for option in options}
    fallback = options[0] if default is None else default
    if key not in st.session_state:
        st.session_state[key] = by_text.get(str(st.query_params.get(key, "")), fallback)
    if getattr(widget, "__name__", "") in ("segmented_control", "pills"):  # st.x or column.x
        kwargs.setdefault("required", True)
    if "format_func" in kwargs:
        kwargs["format_func"] = frozen_labels(options, kwargs["format_func"])
    value = widget(label, options, key=key, persist_state="session", **kwargs)
    if default is not None and value == default:
        st.query_params.pop(key, None)
    elif str(st.query_params.get(key)) != str(value):
        st.query_params[key] = str(value)
    return value


def sidebar_settings() -> None:
    """Language selector and presenter toggle, both kept in the URL (``?lang=zh&present=1``)."""
    with st.sidebar:
        url_choice(st.selectbox, t("app.language"), LANGUAGES, key=LANG_KEY,
                   format_func=LANGUAGE_NAMES.get)
        present = st.toggle(t("app.presenter"), key=PRESENT_KEY, help=t("app.presenter_help"))
    if present:
        st.query_params[PRESENT_KEY] = "1"
    else:
        st.query_params.pop(PRESENT_KEY, None)


# Presenter mode: type a room can read, key numbers larger than their labels, and little space
# above the title so the main figure starts in the first screen at 1920x1080. Figures are scaled
# by plotly_chart (playground.style.for_presenter), not by CSS.
PRESENTER_CSS = """
<style>
html { font-size: 22px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  font-size: 2.6rem !important; line-height: 1.15 !important; }
[data-testid="stMetricLabel"] p { font-size: 1rem !important; }
h1 { font-size: 2.3rem !important; padding-top: 0 !important; padding-bottom: 0.3rem !important; }
h2, h3 { padding-top: 0.4rem !important; }
[data-testid="stHeader"] { display: none; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1rem !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 0.8rem !important; }
</style>
"""


def apply_presenter_style() -> None:
    """Larger type and less chrome for a projector (our own CSS, never user text)."""
    if presenting():
        st.html(PRESENTER_CSS)


def secondary_controls(label_key: str = "common.more_settings"):
    """Container for controls a presenter rarely touches: folded away in presenter mode."""
    if presenting():
        return st.expander(t(label_key), expanded=False)
    return nullcontext()


RESET_REGISTRY = "_spec_defaults"  # {widget key: default} of the spec controls of the last run


def _reset_to_defaults() -> None:
    """Every spec control of the page back to its default, and out of the address bar (a
    callback: it runs before the next script run, while the registry holds the last run's)."""
    for widget_key, default in st.session_state.get(RESET_REGISTRY, {}).items():
        try:
            st.query_params.pop(widget_key, None)  # a choice kept in the URL by url_choice
        except StreamlitAPIException:
            pass  # bound to its widget: Streamlit drops it once the value is the default
        st.session_state.pop(f"{widget_key}_end", None)
        st.session_state[widget_key] = default


def reset_button(ns: str, container=None) -> None:
    """"Reset to defaults": sets every spec control the page rendered in its last run back to
    its default (the registry is filled by :func:`control` as the page draws its controls)."""
    st.session_state[RESET_REGISTRY] = {}  # filled again as this run draws the controls
    where = container if container is not None else st
    where.button(t("common.reset"), key=f"{ns}_reset_defaults", help=t("common.reset_help"),
                 icon=":material/restart_alt:", type="tertiary", on_click=_reset_to_defaults)


def page_intro(ns: str) -> None:
    """Title, a "reset to defaults" button and the short lesson of the page whose catalogue
    namespace is ``ns``."""
    title, reset = st.columns([6, 1], vertical_alignment="bottom")
    title.title(t(f"{ns}.title"))
    reset_button(ns, reset)
    if presenting():  # the presenter tells the lesson; the screen starts with the figure
        with st.expander(t("common.lesson"), expanded=False):
            st.markdown(t(f"{ns}.lesson"))
    else:
        st.markdown(t(f"{ns}.lesson"))


def page_outro(ns: str, code: str) -> None:
    """The "what to notice" bullets and the runnable code of the current view."""
    st.subheader(t("common.what_to_notice"))
    st.markdown(t(f"{ns}.notice"))
    with st.expander(t("common.show_code")):
        st.caption(t("common.show_code_help"))
        st.code(code, language="python")


def show_input_error(error: InputError) -> None:
    """A user-input problem, in the user's language, instead of a traceback."""
    st.warning(t(error.key, **literal_params(error.params)), icon="⚠️")


def or_stop(load, *args, **kwargs):
    """``load(*args, **kwargs)``, or, when it raises :class:`InputError` (a missing or damaged
    model file says which file and how to restore it), that message and the end of the page
    run: the rest of the page needs what could not be loaded."""
    try:
        return load(*args, **kwargs)
    except InputError as error:
        show_input_error(error)
        st.stop()


def seed_input(key: str) -> int:
    """The visible, editable seed of a page's randomness, kept in the URL."""
    return int(st.number_input(t("common.seed"), min_value=0, max_value=999_999, value=0, step=1,
                               key=key, bind="query-params", help=t("common.seed_help")))


def plotly_chart(fig, *, key: str, filename: str, container=None, **kwargs):
    """A plotly chart whose toolbar camera saves a PNG named after the view; in presenter mode
    scaled for a projector (larger type, markers and lines: ``playground.style.for_presenter``),
    so figure builders never need to know the mode. ``container``: a placeholder or column to
    draw into (a chart updated while training runs)."""
    config = {"displaylogo": False,
              "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}
    if presenting():
        fig = style.for_presenter(fig)
    # theme=None: the figure's own style (playground/style.py); Streamlit's theme would set
    # tick labels to 12 px whatever the figure says.
    kwargs.setdefault("theme", None)
    where = container if container is not None else st
    return where.plotly_chart(lighter(fig), key=key, config=config, **kwargs)


_ARRAY_FIELDS = ("x", "y", "z", "customdata")
_FLOAT32_MAX = float(np.finfo(np.float32).max)


def dataframe(data, *, container=None, **kwargs):
    """A read-only table: ``st.dataframe`` (sortable, scrollable) on a screen; in presenter mode
    ``st.table``, whose HTML text follows the presenter's type size.

    Why not CSS: ``st.dataframe`` draws its cells on a canvas with a font size fixed when the
    grid first renders (14 px), which no style sheet reaches; zooming the element overflows its
    column (checked in Chromium). ``kwargs`` go to ``st.dataframe``; of them, ``st.table`` keeps
    ``hide_index``.
    """
    where = container if container is not None else st
    if presenting():
        return where.table(data, hide_index=kwargs.get("hide_index"))
    return where.dataframe(data, **kwargs)


def lighter(fig):
    """The figure with its large float64 coordinate arrays sent as float32 (in place).

    plotly 7 sends NumPy arrays as base64 typed arrays, so float64 costs twice the bytes of
    float32 for the same picture: a screen has a few thousand pixels, and float32 keeps seven
    significant digits. Arrays of at least 64 values are cast, in the traces and in animation
    frames, unless a value would not fit (beyond ±3.4e38). Hover text shows the same digits.
    """
    def cast(trace):
        for name in _ARRAY_FIELDS:
            value = getattr(trace, name, None) if name in trace else None
            if (isinstance(value, np.ndarray) and value.dtype == np.float64 and value.size >= 64
                    and not (np.abs(value[np.isfinite(value)]) > _FLOAT32_MAX).any()):
                trace[name] = value.astype(np.float32)

    for trace in fig.data:
        cast(trace)
    for frame in getattr(fig, "frames", ()) or ():
        for trace in frame.data:
            cast(trace)
    return fig


def file_uploader(label: str, *, types, key: str, help: str | None = None, **kwargs):
    """A file uploader whose size limit agrees with the app's own (1 MB, also
    ``server.maxUploadSize`` in .streamlit/config.toml).

    Streamlit 1.67 cannot translate its drop zone ("Drag and drop a file here", "Limit 1MB per
    file • CSV", the "Upload" button): the label and help are ours, and in Chinese a caption
    under the uploader states the accepted types and the limit in the reader's language.
    """
    upload = st.file_uploader(label, type=list(types), key=key, help=help,
                              max_upload_size=MAX_UPLOAD_MB, **kwargs)
    if lang() != "en":
        st.caption(t("common.upload_limits", types=", ".join(kind.upper() for kind in types),
                     size=f"{MAX_UPLOAD_MB} MB"))
    return upload


def csv_download(data: bytes, *, filename: str, key: str,
                 label_key: str = "common.download_csv") -> None:
    """A CSV download button (the label names what the rows are, e.g. points or steps).

    Every cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` ...) is made
    text here too (:mod:`playground.csv_out`), whichever writer produced ``data``."""
    st.download_button(t(label_key), data=neutralise_csv(data), file_name=filename, mime="text/csv", key=key,
                       icon=":material/download:")


def metric_row(metrics, *, help: str | None = None, helps=None) -> None:
    """Metrics side by side, one column each, from (label, value) pairs; ``help`` on all, or
    ``helps`` one per metric (None for none)."""
    helps = helps if helps is not None else [help] * len(metrics)
    for column, (label, value), tip in zip(st.columns(len(metrics)), metrics, helps):
        column.metric(label, value, help=tip)


def model_status(choice) -> None:
    """The one line saying which model runs and why."""
    st.caption(t("models.status", model=choice.model_id, reason=t(choice.reason_key)))


def log_options(low_exp: int, high_exp: int) -> list[float]:
    """1, 2, 5 steps between 10**low_exp and 10**high_exp, for select sliders of C, gamma..."""
    values = [m * 10.0**e for e in range(low_exp, high_exp) for m in (1, 2, 5)]
    return [float(f"{v:.6g}") for v in values] + [10.0**high_exp]



# --- Controls declared in a topic's spec (playground/spec.py) ---------------------------------

def _sanitise_url_value(control, key: str) -> None:
    """Replace a URL value that is not a valid setting by the default before the widget reads
    it (``?hmm_seed=inf`` would otherwise raise inside Streamlit)."""
    if key in st.session_state or key not in st.query_params:
        return
    raw = st.query_params.get(key)
    value = control.parse(raw)
    if value == control.default and str(raw) != str(control.default):
        st.query_params.pop(key, None)
        _forget_initial_url_value(key)


def _forget_initial_url_value(key: str) -> None:
    """Keep a bound widget from seeding itself with a URL value we refused.

    A widget with ``bind="query-params"`` reads the address the run *started* with (Streamlit
    1.67 ``QueryParams._initial_query_params``), not ``st.query_params``, so removing the
    parameter alone still gave ``?hmm_seed=inf`` to the seed box (OverflowError in six pages).
    Private state, hence the guard: if Streamlit renames it, the page test
    ``tests/test_url_values.py`` fails rather than a student's page.
    """
    from streamlit.runtime.state.session_state_proxy import get_session_state

    try:
        with get_session_state().query_params() as params:
            params._initial_query_params.pop(key, None)
    except AttributeError:
        pass


def _follow_maximum(item, key: str, high) -> None:
    """Set a slider's value before it is drawn with the maximum ``high``: a stored value above it
    is lowered, a value at the previous maximum moves with it (a view of the end stays at the
    end), and a first value (from the URL, else the default) is capped."""
    state = st.session_state
    end, state[f"{key}_end"] = state.get(f"{key}_end"), high
    if key in state:
        value = state[key]
        state[key] = high if value == end or value > high else value
    else:
        raw = st.query_params.get(key) if item.url else None
        state[key] = min(item.default if raw is None else item.parse(raw), high)


def control(spec: spec_module.Spec, key: str, *, values=None, container=None, high=None,
            **widget_kwargs):
    """Render one control of ``spec`` (wherever the page's layout wants it) and return its value.

    ``values``: the values rendered so far, for controls shown only under a condition; a hidden
    control renders nothing and returns its default.
    ``high``: for a slider whose maximum follows other settings or a result (a step within the
    chosen number of steps), the maximum to use now instead of the declared one; by default
    the one its ``high_from`` gives for ``values``.
    ``widget_kwargs`` go to the Streamlit widget (``on_change``, ``disabled`` ...): behaviour,
    never a range or a default.
    """
    item = spec[key]
    st.session_state.setdefault(RESET_REGISTRY, {})[spec.widget_key(key)] = item.default
    if values is not None and not item.shown(values):
        return item.fit(item.default, values)
    if high is None and getattr(item, "high_from", None) is not None and values is not None:
        high = item.high_for(values)
    where = container if container is not None else st
    widget_key = spec.widget_key(key)
    label = t(item.label)
    help_text = t(item.help) if item.help else None
    bind = "query-params" if item.url else None
    if isinstance(item, spec_module.Choice):
        def option_name(option):
            return item.option_text(option) if item.option_text else t(item.option_key(option))

        widget = {"segmented": where.segmented_control, "radio": where.radio,
                  "select": where.selectbox}[item.widget]
        kwargs = {"horizontal": True} if item.widget == "radio" else {}
        if item.url:
            return url_choice(widget, label, item.options, key=widget_key, default=item.default,
                              format_func=option_name, help=help_text,
                              **kwargs, **widget_kwargs)
        if item.widget == "segmented":
            kwargs.update(required=True, default=item.default)
        else:
            kwargs["index"] = list(item.options).index(item.default)
        return widget(label, item.options, key=widget_key, help=help_text,
                      format_func=frozen_labels(item.options, option_name),
                      **kwargs, **widget_kwargs)
    if item.url:
        _sanitise_url_value(item, widget_key)
    if isinstance(item, spec_module.Seed):
        return int(where.number_input(label, min_value=item.low, max_value=item.high,
                                      value=item.default, step=1, key=widget_key, bind=bind,
                                      help=help_text, **widget_kwargs))
    if isinstance(item, spec_module.Slider) and high is not None:
        _follow_maximum(item, widget_key, high)
        return where.slider(label, item.low, high, step=item.step, key=widget_key, bind=bind,
                            help=help_text, **widget_kwargs)
    if isinstance(item, spec_module.Slider):
        value = where.slider(label, item.low, item.high, item.default, step=item.step,
                             key=widget_key, bind=bind, help=help_text, **widget_kwargs)
        return item.coerce(value)
    if isinstance(item, spec_module.Steps):
        return where.select_slider(label, item.options, value=item.default, key=widget_key,
                                   bind=bind, help=help_text, **widget_kwargs)
    if isinstance(item, spec_module.Toggle):
        return bool(where.toggle(label, value=item.default, key=widget_key, bind=bind,
                                 help=help_text, **widget_kwargs))
    if isinstance(item, spec_module.Text):
        return where.text_area(label, item.default, max_chars=item.max_chars, key=widget_key,
                               help=help_text, **widget_kwargs)
    raise TypeError(f"no Streamlit renderer for {type(item).__name__}")


def controls(spec: spec_module.Spec, keys=None, *, values=None) -> dict:
    """Render the controls ``keys`` of ``spec`` (all by default) in declaration order: the
    primary ones first, then the secondary ones folded away in presenter mode.

    Returns the values rendered, merged into ``values`` (a dict of earlier values, updated in
    place when given, so a page can render its controls in several places).
    """
    values = {} if values is None else values
    chosen = [c for c in spec.controls if keys is None or c.key in keys]
    for item in [c for c in chosen if not c.secondary]:
        values[item.key] = control(spec, item.key, values=values)
    secondary = [c for c in chosen if c.secondary]
    if secondary:
        with secondary_controls():
            for item in secondary:
                values[item.key] = control(spec, item.key, values=values)
    return values
