"""The GMM page's default view teaches what its lesson says (issue "Readable from the back of
the room", item 3): on the default blobs the BIC picks the true number of blobs, the mixture
agrees with the labels, and AIC (lighter penalty) asks for at least as many components."""

import dataclasses

from playground.datasets2d import make_dataset
from playground.gmm import model as gmm
from playground.gmm.spec import SPEC


def _defaults():
    settings = SPEC.params(SPEC.defaults())
    X, y = make_dataset(settings.dataset)
    return settings, X, y


def test_bic_picks_the_true_k_on_the_default_blobs():
    settings, X, y = _defaults()
    assert settings.dataset.name == "blobs"
    true_k = settings.dataset.n_classes
    assert settings.mixture.n_components == true_k
    scores = gmm.information_criteria(X, settings.mixture.init, settings.mixture.seed)
    assert scores.best("bic")[0] == true_k
    assert scores.best("aic")[0] >= true_k  # "AIC penalises less and often asks for more"


def test_default_mixture_agrees_with_the_labels():
    settings, X, y = _defaults()
    model, resp, _ = gmm.fit_details(X, settings.mixture)
    labels, _ = gmm.kmeans_matched(X, settings.mixture, model.means_)
    agreement = gmm.label_agreement(y, resp, labels)
    assert agreement["gmm"] > 0.9  # measured 0.94
    assert agreement["kmeans"] > 0.85  # measured 0.91
    # a few points lie between two blobs: the soft view has in-between colours to show
    assert (resp.max(axis=1) < 0.9).sum() >= 3


def test_random_start_stalls_on_the_defaults_as_the_notice_says():
    settings, X, _ = _defaults()
    trace = gmm.em_trace(X, dataclasses.replace(settings.mixture, init="random"))
    assert trace.n_iter <= 3
