"""The "discriminative vs generative" view: a Gaussian model per class beside logistic
regression on the same points (chapter §1.2), its Bayes-rule posterior against scikit-learn,
its boundary, and the new points it draws."""

import numpy as np
import plotly.graph_objects as go
import pytest
from scipy.stats import multivariate_normal
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis

from playground.datasets2d import DatasetParams, make_dataset
from playground.discriminative import figures
from playground.discriminative import generative as gen
from playground.discriminative import model as disc
from playground.discriminative.snippet import generative_snippet
from playground.discriminative.spec import SPEC
from playground.errors import InputError
from playground.i18n import Translator


@pytest.fixture(scope="module")
def moons():
    return make_dataset(DatasetParams())


def test_posterior_is_bayes_rule_as_in_scikit_learn(moons):
    """The hand-written Bayes step, fed QDA's own class Gaussians and priors, gives QDA's
    predict_proba."""
    X, y = moons
    qda = QuadraticDiscriminantAnalysis(store_covariance=True).fit(X, y)
    log_density = np.column_stack([
        multivariate_normal(qda.means_[c], qda.covariance_[c]).logpdf(X) for c in (0, 1)])
    mine = gen.posterior(log_density, np.log(qda.priors_))
    np.testing.assert_allclose(mine, qda.predict_proba(X), atol=1e-9)
    np.testing.assert_allclose(mine.sum(axis=1), 1.0)


def test_one_gaussian_per_class_is_quadratic_discriminant_analysis(moons):
    """With one component the model is QDA; the only difference is the covariance estimate
    (maximum likelihood, divided by n, against QDA's n - 1)."""
    X, y = moons
    model = gen.ClassGaussians(1).fit(X, y)
    qda = QuadraticDiscriminantAnalysis().fit(X, y)
    np.testing.assert_allclose(model.priors_, qda.priors_)
    np.testing.assert_allclose(model.predict_proba(X), qda.predict_proba(X), atol=0.02)
    assert np.mean(model.predict(X) == qda.predict(X)) > 0.99


def test_decision_function_is_the_posterior_log_odds(moons):
    X, y = moons
    model = gen.ClassGaussians(3, random_state=1).fit(X, y)
    proba = model.predict_proba(X[:20])
    np.testing.assert_allclose(model.decision_function(X[:20]),
                               np.log(proba[:, 1]) - np.log(proba[:, 0]), rtol=1e-6, atol=1e-6)


def test_fit_both_uses_one_split_and_one_grid(moons):
    X, y = moons
    result = gen.fit_both(X, y, gen.GenerativeParams(n_components=2), C=1.0, resolution=60)
    assert result.logreg.params.family == "logreg"
    assert result.grid_values.shape == (60, 60)
    # The generative model saw exactly logistic regression's training points.
    train = result.logreg.train_idx
    refit = gen.ClassGaussians(2, 0).fit(X[train], y[train])
    np.testing.assert_allclose(refit.priors_, result.model.priors_)
    mesh = np.column_stack([a.ravel() for a in np.meshgrid(result.logreg.grid_x,
                                                           result.logreg.grid_y)])
    np.testing.assert_allclose(result.grid_values.ravel(),
                               np.clip(refit.decision_function(mesh), -10, 10), atol=1e-9)
    assert result.train_accuracy > 0.8 and result.test_accuracy > 0.8


def test_the_generative_boundary_bends_where_logistic_regression_cannot():
    """Circles: a straight line is no better than chance, one Gaussian per class (a wide one
    around a narrow one) separates the rings."""
    X, y = make_dataset(DatasetParams(name="circles", seed=1))
    result = gen.fit_both(X, y, gen.GenerativeParams(), resolution=40)
    assert result.logreg.test_accuracy < 0.7
    assert result.test_accuracy > 0.9


def test_sampling_is_reproducible_from_the_seed(moons):
    X, y = moons
    params = gen.GenerativeParams(n_components=2, n_samples=300, seed=7)
    a = gen.fit_both(X, y, params, resolution=20)
    b = gen.fit_both(X, y, params, resolution=20)
    np.testing.assert_array_equal(a.samples, b.samples)
    np.testing.assert_array_equal(a.sample_labels, b.sample_labels)
    c = gen.fit_both(X, y, gen.GenerativeParams(n_components=2, n_samples=300, seed=8),
                     resolution=20)
    assert not np.array_equal(a.samples, c.samples)
    assert a.samples.shape == (300, 2) and set(a.sample_labels) <= {0, 1}


def test_samples_follow_the_class_proportions_and_the_class_gaussians():
    X, y = make_dataset(DatasetParams(name="blobs", n_samples=400, seed=2))
    keep = np.flatnonzero((y == 1) | (np.arange(len(y)) % 4 == 0))  # class 0 becomes rare
    X, y = X[keep], y[keep]
    model = gen.ClassGaussians(1).fit(X, y)
    assert model.priors_[0] == pytest.approx(np.mean(y == 0))
    new, labels = model.sample(20_000, random_state=0)
    assert np.mean(labels == 0) == pytest.approx(model.priors_[0], abs=0.01)
    for c, mixture in enumerate(model.mixtures_):
        chosen = new[labels == c]
        np.testing.assert_allclose(chosen.mean(axis=0), mixture.means_[0], atol=0.03)
        np.testing.assert_allclose(np.cov(chosen.T), mixture.covariances_[0], atol=0.03)


def test_no_samples_asked_none_drawn(moons):
    X, y = moons
    result = gen.fit_both(X, y, gen.GenerativeParams(n_samples=0), resolution=20)
    assert result.samples.shape == (0, 2) and len(result.sample_labels) == 0


def test_a_class_smaller_than_its_mixture_gets_a_message():
    X = np.random.default_rng(0).normal(size=(30, 2))
    y = np.array([0] * 27 + [1] * 3)
    with pytest.raises(InputError) as caught:
        gen.fit_both(X, y, gen.GenerativeParams(n_components=5),
                     split_params=disc.SplitParams(0.0))
    assert caught.value.key == "discriminative.err_class_too_small"
    assert caught.value.params == {"label": 1, "count": 3, "k": 5}
    with pytest.raises(ValueError):
        gen.GenerativeParams(n_components=6)


def test_figure_shows_both_boundaries_and_the_new_points(moons):
    X, y = moons
    result = gen.fit_both(X, y, gen.GenerativeParams(n_samples=50))
    fig = figures.generative_figure(X, y, result, Translator("zh"))
    assert len(fig.layout.annotations) == 2 and "逻辑斯谛回归" in fig.layout.annotations[0].text
    lines = [t for t in fig.data if isinstance(t, go.Scatter) and t.mode == "lines"]
    # logistic regression's boundary (left, and dotted on the right), the generative one's
    assert len(lines) == 3 and sum(t.line.dash == "dot" for t in lines) == 1
    diamonds = [t for t in fig.data if isinstance(t, go.Scatter) and t.marker.symbol == "diamond"]
    assert sum(len(t.x) for t in diamonds) == 50
    assert all(t.name.startswith("新生成的点") for t in diamonds)


def test_spec_declares_the_view_and_its_controls():
    settings = SPEC.params({"view": "generative", "model": "svm", "C": 5.0, "gen_k": 3,
                            "gen_n": 400, "seed": 4, "gamma": 100.0})
    assert settings.model.family == "logreg" and settings.model.C == 5.0
    assert settings.generative == gen.GenerativeParams(n_components=3, n_samples=400, seed=4)
    assert not SPEC["model"].shown({"view": "generative"})
    assert not SPEC["gamma"].shown({"view": "generative", "model": "svm", "kernel": "rbf"})
    assert not SPEC["gen_k"].shown({"view": "single"})
    assert SPEC["view"].tab["options"] == ("single", "generative")


def test_metrics_name_both_models(moons):
    X, y = moons
    result = gen.fit_both(X, y, gen.GenerativeParams(n_samples=100), resolution=20)
    labels, values = zip(*SPEC.metrics(result, Translator("en")))
    assert labels == ("Logistic regression, train / test", "Generative model, train / test",
                      "New points drawn")
    assert values[2] == "100" and values[0].count("%") == 2


def test_generative_snippet_reproduces_the_view(moons, monkeypatch):
    monkeypatch.setattr(go.Figure, "show", lambda self: None)
    dataset = DatasetParams()
    params = gen.GenerativeParams(n_components=2, n_samples=120, seed=0)
    split = disc.SplitParams(0.3, seed=0)
    namespace = {}
    code = generative_snippet(dataset, 2.0, params, split)
    assert "playground" not in code
    exec(code, namespace)  # noqa: S102 - the test runs the page's own "show code"
    X, y = moons
    expected = gen.fit_both(X, y, params, C=2.0, split_params=split)
    np.testing.assert_allclose(namespace["zz"], expected.grid_values, atol=1e-8)
    np.testing.assert_allclose(namespace["zz_logreg"], expected.logreg.grid_values, atol=1e-8)
    np.testing.assert_allclose(namespace["new"], expected.samples, atol=1e-10)
    np.testing.assert_array_equal(namespace["new_labels"], expected.sample_labels)
