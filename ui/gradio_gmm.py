"""Gradio tab of the Gaussian-mixture page, over the same backend and figures."""

from __future__ import annotations

from functools import lru_cache

import gradio as gr

from playground.gmm import model as gmm
from playground.datasets2d import DatasetParams, make_dataset
from playground.errors import InputError
from playground.gmm import figures
from playground.i18n import Translator
from ui.gradio_common import label, message


@lru_cache(maxsize=16)
def _criteria(data: DatasetParams, init: str, seed: int) -> gmm.Criteria:
    """The 40-fit BIC / AIC sweep depends on the data, init and seed only: keep the last few."""
    return gmm.information_criteria(make_dataset(data)[0], init, seed)


def gmm_view(lang, dataset, n, noise, blobs, seed, k, covariance, init, iteration, n_new):
    """Fit the mixture and draw every view.

    Returns the EM figure at ``iteration`` (clamped to the fit's last iteration), the
    log-likelihood curve, the BIC / AIC figure, the generated-points figure, the soft-vs-hard
    figure and a markdown summary.
    """
    tr = Translator(lang)
    data = DatasetParams(name=dataset, n_samples=int(n), noise=float(noise),
                         n_classes=int(blobs), seed=int(seed))
    X, y = make_dataset(data)
    params = gmm.GMMParams(n_components=int(k), covariance_type=covariance, init=init,
                           seed=int(seed))
    try:
        trace = gmm.em_trace(X, params)
        model, resp, full = gmm.fit_details(X, params)
        scores = _criteria(data, init, int(seed))
    except InputError as error:
        return None, None, None, None, None, message(error, lang)
    step = min(int(iteration), trace.n_iter)
    new, Z = gmm.sample(model, int(n_new), int(seed))
    labels, centres = gmm.kmeans_matched(X, params, model.means_)
    bic_k, bic_cov = scores.best("bic")
    converged = tr("gmm.yes") if trace.converged else tr("gmm.no")
    summary = (f"**{tr('gmm.metric_iterations')}**: {trace.n_iter} · "
               f"**{tr('gmm.metric_converged')}**: {converged} · "
               f"**{tr('gmm.metric_loglik')}**: {trace.log_likelihoods[step]:.4f} · "
               f"**{tr('gmm.best_bic')}**: "
               + tr("gmm.best_value", k=bic_k, cov=tr(f"gmm.cov_name.{bic_cov}")))
    return (figures.em_figure(X, trace, step, trace.responsibilities(X, step), tr, height=480),
            figures.loglik_figure(trace, step, tr),
            figures.criteria_figure(scores, int(k), covariance, tr, height=380),
            figures.sample_figure(X, new, Z, model.means_, full, gmm.log_density_grid(model, X),
                                  tr, height=480),
            figures.compare_figure(X, resp, model.means_, full, labels, centres, tr, height=420),
            summary)


def build(lang: gr.Radio):
    """Components and events of the tab, inside the caller's ``gr.Tab``."""
    gr.Markdown(label("gmm.lesson"))
    with gr.Row():
        with gr.Column(scale=1):
            dataset = gr.Dropdown([(label(f"data.name.{d}"), d) for d in gmm.DATASETS],
                                  value="blobs", label=label("data.source"))
            n = gr.Slider(10, 1000, 300, step=10, label=label("data.n_points"))
            noise = gr.Slider(0.0, 1.0, 0.2, step=0.05, label=label("data.noise"))
            blobs = gr.Slider(2, 6, 3, step=1, label=label("data.n_classes"))
            seed = gr.Number(0, precision=0, minimum=0, maximum=999_999, label=label("common.seed"))
            k = gr.Slider(1, gmm.MAX_COMPONENTS, 3, step=1, label=label("gmm.n_components"))
            covariance = gr.Radio([(label(f"gmm.cov_name.{c}"), c) for c in gmm.COVARIANCE_TYPES],
                                  value="full", label=label("gmm.covariance"))
            init = gr.Radio([(label(f"gmm.init_name.{i}"), i) for i in gmm.INITS], value="kmeans",
                            label=label("gmm.init"))
            iteration = gr.Slider(0, gmm.MAX_ITER, gmm.MAX_ITER, step=1,
                                  label=label("gmm.iteration"), info=label("gmm.iteration_help"))
            n_new = gr.Slider(0, 2000, 300, step=50, label=label("gmm.n_samples"))
        with gr.Column(scale=2):
            summary = gr.Markdown()
            em_plot = gr.Plot(show_label=False)
            ll_plot = gr.Plot(show_label=False)
    with gr.Row():
        criteria_plot = gr.Plot(show_label=False)
    with gr.Row():
        sample_plot = gr.Plot(show_label=False)
        compare_plot = gr.Plot(show_label=False)
    gr.Markdown(label("gmm.notice"))
    view_inputs = [lang, dataset, n, noise, blobs, seed, k, covariance, init, iteration, n_new]
    view_outputs = [em_plot, ll_plot, criteria_plot, sample_plot, compare_plot, summary]
    for control in view_inputs:
        control.change(gmm_view, view_inputs, view_outputs, api_name=False)
    return gmm_view, view_inputs, view_outputs
