"""The neural network's boundary epoch by epoch ("train and watch"), as TensorFlow Playground
shows it: the same network as the page's, trained by stochastic gradient descent (Adam) one
epoch at a time with scikit-learn's ``MLPClassifier.partial_fit``, its decision map recorded
every few epochs on a coarse grid (float32) for an animation.

The still view fits the network with L-BFGS (deterministic, a few ms); Adam has to take many
small steps, which is what there is to watch. Both minimise the same loss, so they usually end
near the same boundary, but not at the same one.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from playground.compute import one_thread
from playground.discriminative.model import (ModelParams, SplitParams, fit_scaler, grid_axes,
                                             split)

WATCH_EPOCHS = 200  # enough for the built-in sets to settle at Adam's pace below
FRAME_EVERY = 8  # epochs between frames: 26 frames, about 1 MB of float32 maps in all
FRAME_RESOLUTION = 100  # grid points per axis of a frame (the still view uses 150)
LEARNING_RATE = 0.01  # Adam's step, ten times scikit-learn's default: the boundary moves visibly


@dataclass
class TrainingMovie:
    """Frames of one training run: the decision map after ``epochs[i]`` epochs is
    ``frames[i]`` (float32, rows are ``grid_y``), with its accuracies and training loss."""

    params: ModelParams
    epochs: list[int]
    frames: list[np.ndarray]  # each (resolution, resolution) float32 log-odds of class 1
    train_accuracy: list[float]
    test_accuracy: list[float | None]
    loss: list[float | None]  # None before the first epoch
    grid_x: np.ndarray
    grid_y: np.ndarray
    train_idx: np.ndarray
    test_idx: np.ndarray
    classifier: MLPClassifier  # the network after the last epoch
    scaler: StandardScaler
    stopped: bool = False  # True when ``should_stop`` ended the run early
    support_idx: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))  # none

    def decision_values(self, points: np.ndarray) -> np.ndarray:
        """The final network's log-odds of class 1 at ``points`` (n, 2), clipped to ±10 like
        the still view's."""
        return log_odds(self.classifier, self.scaler.transform(points))


def log_odds(classifier: MLPClassifier, scaled: np.ndarray) -> np.ndarray:
    proba = np.clip(classifier.predict_proba(scaled)[:, 1], 1e-10, 1 - 1e-10)
    return np.clip(np.log(proba / (1 - proba)), -10, 10)


def build_network(params: ModelParams) -> MLPClassifier:
    """The page's network (layers, activation, alpha, seed), with Adam so it trains by epochs."""
    return MLPClassifier(hidden_layer_sizes=params.hidden_layers, activation=params.activation,
                         alpha=params.alpha, solver="adam", learning_rate_init=LEARNING_RATE,
                         random_state=params.seed)


def train_and_watch(X: np.ndarray, y: np.ndarray, params: ModelParams,
                    split_params: SplitParams = SplitParams(), *,
                    reference: np.ndarray | None = None, epochs: int = WATCH_EPOCHS,
                    every: int = FRAME_EVERY, resolution: int = FRAME_RESOLUTION,
                    progress=None, should_stop=None) -> TrainingMovie:
    """Train the network epoch by epoch and record its decision map every ``every`` epochs
    (and after the last one). ``progress(fraction)`` is called after each frame;
    ``should_stop()`` returning True ends the run after the current frame."""
    reference = X if reference is None or len(reference) == 0 else reference
    train_idx, test_idx = split(X, y, split_params)
    scaler = fit_scaler(reference)
    grid_x, grid_y = grid_axes(np.vstack([reference, X]), resolution)
    mesh_x, mesh_y = np.meshgrid(grid_x, grid_y)
    grid = scaler.transform(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    Xs = scaler.transform(X)
    network = build_network(params)
    classes = np.unique(y)
    movie = TrainingMovie(params, [], [], [], [], [], grid_x, grid_y, train_idx, test_idx,
                          network, scaler)
    with one_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for epoch in range(1, epochs + 1):
            network.partial_fit(Xs[train_idx], y[train_idx], classes=classes)
            if epoch % every and epoch != epochs and epoch != 1:
                continue
            movie.epochs.append(epoch)
            movie.frames.append(log_odds(network, grid).reshape(mesh_x.shape).astype(np.float32))
            movie.train_accuracy.append(float(network.score(Xs[train_idx], y[train_idx])))
            movie.test_accuracy.append(float(network.score(Xs[test_idx], y[test_idx]))
                                       if len(test_idx) else None)
            movie.loss.append(float(network.loss_))
            if progress is not None:
                progress(epoch / epochs)
            if should_stop is not None and should_stop():
                movie.stopped = True
                break
    return movie
