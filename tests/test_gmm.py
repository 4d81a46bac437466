"""Unit tests of the Gaussian-mixture backend, figures, catalogue and Gradio view.

The parity tests check the hand-written EM trace against scikit-learn's GaussianMixture fitted
from the same initialisation (same random_state): same iterations, same log-likelihoods, same
final weights, means and covariances within 1e-6 relative, for every covariance type.
"""

from __future__ import annotations

import json
import os
import warnings
from unittest import mock

import numpy as np
import plotly.graph_objects as go
import pytest

from playground.gmm import model as gmm
from playground.datasets2d import DatasetParams, make_dataset
from playground.errors import InputError
from playground.gmm import figures
from playground.gmm.snippet import code_snippet
from playground.gmm.spec import SPEC
from playground.i18n import MISSING_MARK, Translator, load_catalogue, placeholders

RTOL = 1e-6


def data(name="aniso", n=240, seed=3, k=3):
    return make_dataset(DatasetParams(name=name, n_samples=n, n_classes=k, seed=seed))[0]


def assert_close(actual, expected):
    """Within 1e-6 relative; the absolute floor only matters for entries that are ~0."""
    np.testing.assert_allclose(actual, expected, rtol=RTOL,
                               atol=1e-12 * max(1.0, np.abs(expected).max()))


def sklearn_fit(X, params, **overrides):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gmm.build_model(params, **overrides).fit(X)


@pytest.mark.parametrize("covariance_type", gmm.COVARIANCE_TYPES)
@pytest.mark.parametrize("init", gmm.INITS)
@pytest.mark.parametrize("name, k", [("aniso", 3), ("blobs", 4), ("moons", 2)])
def test_em_trace_ends_at_sklearns_fit(covariance_type, init, name, k):
    X = data(name)
    params = gmm.GMMParams(n_components=k, covariance_type=covariance_type, init=init, seed=7)
    trace = gmm.em_trace(X, params)
    model = sklearn_fit(X, params)
    assert trace.n_iter == model.n_iter_
    assert trace.converged == model.converged_
    assert_close(trace.weights[-1], model.weights_)
    assert_close(trace.means[-1], model.means_)
    assert_close(trace.covariances[-1], model.covariances_)
    # sklearn's lower bounds are the log-likelihoods of the parameters before each M-step.
    np.testing.assert_allclose(trace.log_likelihoods[:-1], model.lower_bounds_, rtol=1e-9)
    np.testing.assert_allclose(trace.log_likelihoods[-1], model.score(X), rtol=1e-9)
    assert_close(trace.responsibilities(X, trace.n_iter), model.predict_proba(X))


@pytest.mark.parametrize("covariance_type", gmm.COVARIANCE_TYPES)
@pytest.mark.parametrize("init", gmm.INITS)
def test_step_zero_is_sklearns_initialisation(covariance_type, init):
    """With max_iter=0 scikit-learn only initialises: that is the trace's step 0."""
    X = data()
    params = gmm.GMMParams(3, covariance_type, init, seed=11)
    trace = gmm.em_trace(X, params)
    model = sklearn_fit(X, params, max_iter=0)
    assert_close(trace.weights[0], model.weights_)
    assert_close(trace.means[0], model.means_)
    assert_close(trace.covariances[0], model.covariances_)


def test_trace_from_explicit_initial_parameters_matches_sklearn():
    """Same parameters handed to sklearn as means_init / weights_init / precisions_init."""
    X = data("blobs", n=300)
    params = gmm.GMMParams(4, "full", "kmeans", seed=2)
    trace = gmm.em_trace(X, params)
    precisions = np.linalg.inv(trace.covariances[0])
    model = sklearn_fit(X, params, weights_init=trace.weights[0], means_init=trace.means[0],
                        precisions_init=precisions)
    assert trace.n_iter == model.n_iter_
    assert_close(trace.means[-1], model.means_)
    assert_close(trace.covariances[-1], model.covariances_)


def test_log_likelihood_never_decreases_and_responsibilities_sum_to_one():
    X = data("moons", n=300)
    trace = gmm.em_trace(X, gmm.GMMParams(5, "full", "kmeans", seed=0))
    assert np.all(np.diff(trace.log_likelihoods) > -1e-10)
    for step in (0, trace.n_iter // 2, trace.n_iter):
        resp = trace.responsibilities(X, step)
        assert resp.shape == (len(X), 5)
        np.testing.assert_allclose(resp.sum(axis=1), 1.0)


def test_random_start_stalls_like_sklearn():
    """The plateau the page warns about is scikit-learn's behaviour, not a bug of the trace."""
    X = data()
    params = gmm.GMMParams(3, "full", "random", seed=0)
    assert gmm.em_trace(X, params).n_iter == sklearn_fit(X, params).n_iter_ <= 3


@pytest.mark.parametrize("covariance_type", gmm.COVARIANCE_TYPES)
def test_full_covariances_are_symmetric_positive_definite(covariance_type):
    X = data()
    model = gmm.fit(X, gmm.GMMParams(3, covariance_type))
    full = gmm.full_covariances(model.covariances_, covariance_type, 3)
    assert full.shape == (3, 2, 2)
    np.testing.assert_allclose(full, full.transpose(0, 2, 1))
    assert np.all(np.linalg.eigvalsh(full) > 0)


def test_ellipse_sits_at_the_mahalanobis_distance():
    cov = np.array([[2.0, 0.8], [0.8, 0.5]])
    mean = np.array([1.0, -2.0])
    for n_sigma in (1, 2):
        ring = figures.ellipse(mean, cov, n_sigma) - mean
        distance = np.sqrt(np.einsum("ni,ij,nj->n", ring, np.linalg.inv(cov), ring))
        np.testing.assert_allclose(distance, n_sigma)


def test_sample_is_seeded_and_follows_the_mixture():
    X = data("blobs", n=400)
    model = gmm.fit(X, gmm.GMMParams(3, "full"))
    first, z_first = gmm.sample(model, 20_000, seed=5)
    again, z_again = gmm.sample(model, 20_000, seed=5)
    other, _ = gmm.sample(model, 20_000, seed=6)
    assert first.shape == (20_000, 2) and set(np.unique(z_first)) <= {0, 1, 2}
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(z_first, z_again)
    assert not np.array_equal(first, other)
    np.testing.assert_allclose(np.bincount(z_first) / 20_000, model.weights_, atol=0.015)
    mixture_mean = model.weights_ @ model.means_
    np.testing.assert_allclose(first.mean(axis=0), mixture_mean, atol=0.05)
    inside = first[z_first == 0]
    np.testing.assert_allclose(np.cov(inside.T), model.covariances_[0], rtol=0.1, atol=0.02)
    assert gmm.sample(model, 0, seed=1)[0].shape == (0, 2)


def test_information_criteria_match_sklearn_and_mark_impossible_k():
    X = data("blobs", n=200)
    scores = gmm.information_criteria(X, "kmeans", seed=0)
    assert list(scores.ks) == list(range(1, 11))
    for covariance_type in gmm.COVARIANCE_TYPES:  # the sweep's shared k-means start is exact
        for k in (1, 3):
            model = sklearn_fit(X, gmm.GMMParams(k, covariance_type, "kmeans", 0))
            np.testing.assert_allclose(scores.bic[covariance_type][k - 1], model.bic(X), rtol=1e-9)
            np.testing.assert_allclose(scores.aic[covariance_type][k - 1], model.aic(X), rtol=1e-9)
    random_start = gmm.information_criteria(X, "random", seed=4)
    model = sklearn_fit(X, gmm.GMMParams(4, "tied", "random", 4))
    np.testing.assert_allclose(random_start.bic["tied"][3], model.bic(X), rtol=1e-9)
    k, ctype = scores.best("bic")
    assert 1 <= k <= 10 and ctype in gmm.COVARIANCE_TYPES
    few = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])  # 3 distinct places
    sparse = gmm.information_criteria(few, "kmeans", seed=0)
    assert np.isfinite(sparse.bic["full"][:3]).all() and np.isnan(sparse.bic["full"][3:]).all()


@pytest.mark.parametrize("X, k, key", [
    (np.ones((20, 2)), 2, "gmm.err_identical"),
    (np.ones((20, 2)), 1, "gmm.err_identical"),
    (np.array([[0.5, 0.5]]), 1, "gmm.err_identical"),
    (np.array([[0.5, 0.5]]), 3, "gmm.err_too_few"),
    (np.arange(8.0).reshape(4, 2), 5, "gmm.err_too_few"),
    (np.array([[0, 0], [0, 0], [1, 1], [1, 1.0]]), 3, "gmm.err_too_few_distinct"),
])
def test_degenerate_data_raise_translatable_errors(X, k, key):
    params = gmm.GMMParams(n_components=k)
    for call in (lambda: gmm.fit(X, params), lambda: gmm.em_trace(X, params)):
        with pytest.raises(InputError) as caught:
            call()
        assert caught.value.key == key
        for lang in ("en", "zh"):
            text = Translator(lang)(key, **caught.value.params)
            assert MISSING_MARK.split("{")[0] not in text


def test_params_are_validated():
    with pytest.raises(ValueError, match="covariance_type"):
        gmm.GMMParams(covariance_type="round")
    with pytest.raises(ValueError, match="n_components"):
        gmm.GMMParams(n_components=11)
    with pytest.raises(ValueError, match="init"):
        gmm.GMMParams(init="kmeans++")


def test_kmeans_is_renumbered_to_match_components():
    X, y = make_dataset(DatasetParams(name="blobs", n_samples=300, noise=0.0, n_classes=3, seed=4))
    params = gmm.GMMParams(3, "full", "random", seed=1)  # a start unrelated to k-means' numbering
    model = gmm.fit(X, params)
    labels, centres = gmm.kmeans_matched(X, params, model.means_)
    assert np.all(labels == model.predict(X)) or np.mean(labels == model.predict(X)) > 0.95
    nearest = np.argmin(((centres[:, None] - model.means_[None]) ** 2).sum(axis=2), axis=1)
    np.testing.assert_array_equal(nearest, np.arange(3))


def test_fit_details_gives_responsibilities_and_full_covariances():
    X = data(k=3)
    params = gmm.GMMParams(3, "diag", seed=1)
    model, resp, full = gmm.fit_details(X, params)
    assert resp.shape == (len(X), 3)
    np.testing.assert_allclose(resp, model.predict_proba(X))
    assert full.shape == (3, 2, 2)
    np.testing.assert_allclose(np.einsum("kii->ki", full), model.covariances_)
    assert np.all(full[:, 0, 1] == 0)  # diagonal covariances: no correlation


def test_em_step_to_show_starts_new_fits_at_their_end_and_clamps_links():
    show = gmm.em_step_to_show
    # First visit: the fitted end, or a shared link's step clamped to this fit's range.
    assert show(12, current=None, shown_range=None, url_value="") == 12
    assert show(12, current=None, shown_range=None, url_value="5") == 5
    assert show(12, current=None, shown_range=None, url_value="40") == 12
    assert show(12, current=None, shown_range=None, url_value="x") == 12
    # Same fit as last run: keep the slider's own value.
    assert show(12, current=4, shown_range=12, url_value="4") is None
    # A new fit (other range) restarts at its end; the URL only counts on arrival.
    assert show(7, current=4, shown_range=12, url_value="4") == 7
    # The end of a Play wins, clamped.
    assert show(12, current=4, shown_range=12, url_value="4", play_end=12) == 12
    assert show(7, current=4, shown_range=12, url_value="4", play_end=12) == 7


def test_label_agreement_ignores_cluster_numbering():
    y = np.array([0, 0, 1, 1, 2, 2])
    resp = np.eye(3)[[2, 2, 0, 0, 1, 1]]  # the same partition, renumbered
    agreement = gmm.label_agreement(y, resp, np.array([0, 1, 0, 1, 0, 1]))
    assert agreement["gmm"] == pytest.approx(1.0)
    assert agreement["kmeans"] < 0.5


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_metrics_are_labelled_and_formatted(lang):
    tr = Translator(lang)
    X = data(k=3)
    params = gmm.GMMParams(3, "full")
    trace = gmm.em_trace(X, params)
    metrics = figures.em_metrics(trace, 0, tr)
    assert [label for label, _ in metrics] == [tr("gmm.metric_iterations"), tr("gmm.metric_loglik"),
                                               tr("gmm.metric_converged")]
    assert metrics[0][1] == tr("gmm.step_of", step=0, n=trace.n_iter)
    assert metrics[1][1] == f"{trace.log_likelihoods[0]:.4f}"
    assert metrics[2][1] == tr("gmm.yes" if trace.converged else "gmm.no")
    scores = gmm.information_criteria(X)
    k, covariance_type = scores.best("bic")
    assert figures.best_model_metrics(scores, tr)[0] == (
        tr("gmm.best_bic"), tr("gmm.best_value", k=k, cov=tr(f"gmm.cov_name.{covariance_type}")))
    assert figures.agreement_metrics({"gmm": 0.876, "kmeans": 0.5}, tr) == [
        (tr("gmm.ari_gmm"), "0.88"), (tr("gmm.ari_kmeans"), "0.50")]
    texts = [text for pair in metrics for text in map(str, pair)]
    assert not any(MISSING_MARK.split("{")[0] in text for text in texts)


def test_csv_downloads():
    X = data(n=50)
    resp = gmm.em_trace(X, gmm.GMMParams(2)).responsibilities(X, 0)
    header = gmm.responsibilities_csv(X, np.zeros(50, int), resp).decode().splitlines()[0]
    assert header == "x,y,label,resp_0,resp_1,component"
    new, Z = gmm.sample(gmm.fit(X, gmm.GMMParams(2)), 7, seed=0)
    lines = gmm.samples_csv(new, Z).decode().splitlines()
    assert lines[0] == "x,y,component" and len(lines) == 8


def _texts(fig: go.Figure) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("covariance_type", ["full", "spherical"])
def test_figures_build_without_missing_text(lang, covariance_type):
    tr = Translator(lang)
    X = data(n=120)
    params = gmm.GMMParams(3, covariance_type)
    trace = gmm.em_trace(X, params)
    model = gmm.fit(X, params)
    full = gmm.full_covariances(model.covariances_, covariance_type, 3)
    new, Z = gmm.sample(model, 40, seed=0)
    labels, centres = gmm.kmeans_matched(X, params, model.means_)
    built = [
        figures.em_figure(X, trace, 1, trace.responsibilities(X, 1), tr),
        figures.loglik_figure(trace, 1, tr),
        figures.criteria_figure(gmm.information_criteria(X[:40], "kmeans", 0), 3,
                                covariance_type, tr),
        figures.sample_figure(X, new, Z, model.means_, full, gmm.log_density_grid(model, X), tr),
        figures.compare_figure(X, model.predict_proba(X), model.means_, full, labels, centres, tr),
    ]
    for fig in built:
        assert "⟦" not in _texts(fig)
    # 2 ellipses per component plus the means, after the points.
    assert len(built[0].data) == 1 + 2 * 3 + 1


def test_soft_colours_mix_component_colours():
    colours = figures.soft_colours(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]))
    assert colours[0] == "#0072b2" and colours[1] == "#d55e00"
    assert colours[2] == "#6a6859"  # (106, 104, 89): halves round to even


def test_catalogue_has_both_languages_with_the_same_placeholders():
    entries = {k: v for k, v in load_catalogue().items() if k.startswith("gmm.")}
    for key in ("nav_title", "summary", "title", "lesson", "notice"):
        assert f"gmm.{key}" in entries
    for key, entry in entries.items():
        assert placeholders(entry["en"]) == placeholders(entry["zh"]), key


@pytest.mark.parametrize("covariance_type", gmm.COVARIANCE_TYPES)
def test_code_snippet_runs(covariance_type, tmp_path, monkeypatch):
    params = gmm.GMMParams(3, covariance_type, "kmeans", seed=1)
    dataset = DatasetParams(name="aniso", n_samples=120, n_classes=3, seed=1)
    code = code_snippet(dataset, params, n_samples=50, sample_seed=1)
    assert "playground" not in code, "the snippet runs from any directory"
    namespace: dict = {}
    with mock.patch.object(go.Figure, "show") as show, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "<snippet>", "exec"), namespace)
    show.assert_called_once()
    expected = gmm.fit(make_dataset(dataset)[0], params)
    np.testing.assert_allclose(namespace["gmm"].means_, expected.means_)
    assert namespace["new"].shape == (50, 2)


def test_code_snippet_reads_the_uploaded_points(tmp_path, monkeypatch):
    X, y = make_dataset(DatasetParams(name="blobs", n_samples=60, seed=2))
    (tmp_path / "points.csv").write_bytes(
        gmm.responsibilities_csv(X, y, np.ones((60, 1))))
    monkeypatch.chdir(tmp_path)
    code = code_snippet(None, gmm.GMMParams(2, "tied"), n_samples=10, sample_seed=0)
    namespace: dict = {}
    with mock.patch.object(go.Figure, "show"):
        exec(compile(code, "<snippet>", "exec"), namespace)
    np.testing.assert_allclose(namespace["X"], X)


def test_gradio_view_returns_figures_and_messages():
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from ui.gradio_gmm import gmm_view

    outputs = gmm_view("zh", "aniso", 150, 0.2, 3, 0, 3, "full", "kmeans", 50, 999)
    assert all(isinstance(fig, go.Figure) for fig in outputs[:5])
    assert "⟦" not in outputs[5]
    message = gmm_view("en", "blobs", 10, 0.0, 2, 0, 10, "full", "kmeans", 0, 0)[-1]
    assert "⟦" not in message


def test_spec_defaults_are_the_pages_defaults():
    settings = SPEC.params()
    assert settings.view == "em" and settings.n_samples == 300
    assert settings.dataset == DatasetParams(name="blobs", n_samples=300, noise=0.2, n_classes=3,
                                             seed=3)  # see tests/test_gmm_defaults.py
    assert settings.mixture == gmm.GMMParams(seed=3)


def test_blob_count_only_for_the_blob_sets():
    assert SPEC.params({"data": "aniso", "k": 5}).dataset.n_classes == 5
    moons = SPEC.params({"data": "moons", "k": 5}).dataset
    assert moons.n_classes == 2  # the two moons have two classes whatever the hidden slider says
    uploaded = SPEC.params({"data": "upload", "seed": 4})
    assert uploaded.dataset is None and uploaded.mixture.seed == 4


def test_the_tab_offers_the_generated_sets_only():
    assert SPEC["data"].tab["options"] == gmm.DATASETS
    assert "upload" in SPEC["data"].options
