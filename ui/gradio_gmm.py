"""Gradio tab of the Gaussian-mixture page: the same spec, backend and figures, every view of
the page shown at once."""

from __future__ import annotations

from functools import lru_cache

import gradio as gr

from playground.datasets2d import DatasetParams, make_dataset
from playground.errors import InputError
from playground.gmm import figures
from playground.gmm import model as gmm
from playground.gmm.spec import SPEC
from playground.i18n import Translator
from ui.gradio_common import controls as gradio_controls
from ui.gradio_common import label, message, metric_line, show_when, spec_values

CONTROL_KEYS = tuple(c.key for c in SPEC.in_tab())  # the handler's arguments, in this order


@lru_cache(maxsize=16)
def _criteria(data: DatasetParams, init: str, seed: int) -> gmm.Criteria:
    """The 40-fit BIC / AIC sweep depends on the data, init and seed only: keep the last few."""
    return gmm.information_criteria(make_dataset(data)[0], init, seed)


def gmm_view(lang, data, n, noise, k, seed, components, cov, init, samples, iteration):
    """Fit the mixture and draw every view.

    Returns the EM figure at ``iteration`` (clamped to the fit's last iteration), the
    log-likelihood curve, the BIC / AIC figure, the generated-points figure, the soft-vs-hard
    figure and a markdown summary.
    """
    tr = Translator(lang)
    settings = SPEC.params(spec_values(SPEC, CONTROL_KEYS, data, n, noise, k, seed, components,
                                       cov, init, samples))
    params = settings.mixture
    X, y = make_dataset(settings.dataset)
    try:
        trace = gmm.em_trace(X, params)
        model, resp, full = gmm.fit_details(X, params)
        scores = _criteria(settings.dataset, params.init, params.seed)
    except InputError as error:
        return None, None, None, None, None, message(error, lang)
    step = min(max(int(iteration or 0), 0), trace.n_iter)
    new, Z = gmm.sample(model, settings.n_samples, params.seed)
    labels, centres = gmm.kmeans_matched(X, params, model.means_)
    summary = metric_line(SPEC.metrics((trace, step), tr)
                          + figures.best_model_metrics(scores, tr)[:1])
    return (figures.em_figure(X, trace, step, trace.responsibilities(X, step), tr, height=480),
            figures.loglik_figure(trace, step, tr),
            figures.criteria_figure(scores, params.n_components, params.covariance_type, tr,
                                    height=380),
            figures.sample_figure(X, new, Z, model.means_, full, gmm.log_density_grid(model, X),
                                  tr, height=480),
            figures.compare_figure(X, resp, model.means_, full, labels, centres, tr, height=420),
            summary)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("gmm.tab_lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            components = gradio_controls(SPEC, [key for key in CONTROL_KEYS if key != "samples"])
            iteration = gr.Slider(  # not in spec: the fit's iteration count bounds it (clamped)
                0, gmm.MAX_ITER, gmm.MAX_ITER, step=1, label=label("gmm.iteration"),
                info=label("gmm.iteration_help"))
            components |= gradio_controls(SPEC, ["samples"])
        with gr.Column(scale=2):
            summary = gr.Markdown()
            em_plot = gr.Plot(show_label=False)
            ll_plot = gr.Plot(show_label=False)
    with gr.Row():
        criteria_plot = gr.Plot(show_label=False)
    with gr.Row():
        sample_plot = gr.Plot(show_label=False)
        compare_plot = gr.Plot(show_label=False)
    gr.Markdown(label("gmm.tab_notice"))
    show_when(SPEC, components)
    view_inputs = [lang, *(components[key] for key in CONTROL_KEYS), iteration]
    view_outputs = [em_plot, ll_plot, criteria_plot, sample_plot, compare_plot, summary]
    for component in view_inputs:
        component.change(gmm_view, view_inputs, view_outputs, api_name=False)
    return gmm_view, view_inputs, view_outputs
