"""How good are generated digits? A reference classifier's verdict, and how varied they are.

There is no single right answer for an unconditional generator, so the page reports three
complementary figures, each easy to explain:

* **confidence**: a logistic regression (§1.2.1's 逻辑斯谛回归) trained on real digits reads every
  generated image; the mean probability it gives its chosen class says how digit-like the
  images are (a smudge gets a low, hesitant score). This is the idea behind the Inception
  Score (Salimans et al. 2016) with a classifier small enough to fit in a second.
* **classes covered** and the **class histogram**: a model that draws only a few digits
  (mode collapse, the classic GAN failure) scores well on confidence and badly here.
* **mean pairwise distance** between images, next to the same figure for real digits: near
  zero means the samples are copies of one another.

The classifier is fit once on two thirds of the real digits (stratified, seed 0) and cached;
the held-out third gives the "real digits" reference row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.spatial.distance import pdist

from playground.gan_digits.model import load_digit_images

N_CLASSES = 10
CONFIDENT = 0.9  # a sample the classifier gives at least this probability counts as "clear"


@lru_cache(maxsize=1)
def reference_classifier():
    """``(classifier, held-out X, held-out y)``: logistic regression on real digits in [-1, 1].

    Fit once per process (about 0.3 s on one thread); read-only afterwards, so safe to share.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from playground.compute import one_thread

    X, y = load_digit_images()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=1 / 3, stratify=y,
                                                        random_state=0)
    with one_thread():
        classifier = LogisticRegression(max_iter=3000).fit(X_train, y_train)
    return classifier, X_test, y_test


@dataclass
class Quality:
    """What the reference classifier and the distances say about a set of images."""

    n: int  # images scored
    mean_confidence: float  # mean of the highest class probability per image
    share_confident: float  # share of images with confidence >= CONFIDENT
    histogram: np.ndarray  # (10,) how many images were read as each digit
    classes_covered: int  # digits read at least once
    mean_distance: float  # mean Euclidean distance between two images, pixel scale [-1, 1]
    predicted: np.ndarray  # (n,) the digit read in each image
    confidence: np.ndarray  # (n,) its probability


def assess(images: np.ndarray) -> Quality:
    """Score images (n, 64) in [-1, 1] (n >= 2 for the distance; one image gives 0)."""
    classifier, _, _ = reference_classifier()
    X = np.asarray(images, np.float32).reshape(len(images), -1)
    proba = classifier.predict_proba(X)
    predicted, confidence = proba.argmax(axis=1), proba.max(axis=1)
    histogram = np.bincount(predicted, minlength=N_CLASSES)
    distance = float(pdist(X).mean()) if len(X) > 1 else 0.0
    return Quality(len(X), float(confidence.mean()), float((confidence >= CONFIDENT).mean()),
                   histogram, int((histogram > 0).sum()), distance, predicted, confidence)


def real_digits(n: int = 64, seed: int = 0) -> np.ndarray:
    """``n`` held-out real digits drawn with ``seed`` (never seen by the classifier), (n, 64)."""
    _, X_test, _ = reference_classifier()
    pick = np.random.default_rng(seed).choice(len(X_test), size=min(n, len(X_test)),
                                              replace=False)
    return X_test[pick]


@lru_cache(maxsize=8)
def real_reference(n: int = 64, seed: int = 0) -> Quality:
    """:func:`assess` of :func:`real_digits`: the figures a perfect generator would reach."""
    return assess(real_digits(n, seed))


def held_out_accuracy() -> float:
    """The reference classifier's accuracy on the held-out real digits."""
    classifier, X_test, y_test = reference_classifier()
    return float(classifier.score(X_test, y_test))
