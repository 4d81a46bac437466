"""The chapter's convolutional network (§1.1.3, "构建神经网络") and how it learns digits.

The chapter introduces ``Net`` as a feed-forward network "with one hidden layer". Read its
listing and it is more than that: two convolutional layers, each followed by a ReLU and a 2 × 2
max-pooling, then three fully connected layers (two hidden ones with ReLU, and the output). That
is the shape of LeCun et al.'s LeNet-5 (1998), with 3 × 3 instead of 5 × 5 kernels, and the
listing is the one PyTorch's "60-minute blitz" tutorial used to print.

What happens to one 32 × 32 picture (:func:`stages` spells it out):

1. ``conv1``: six 3 × 3 filters slide over the picture -> 6 maps of 30 × 30, then ReLU.
2. 2 × 2 max-pooling keeps the strongest answer of each 2 × 2 block -> 6 × 15 × 15.
3. ``conv2``: sixteen filters, each looking at all six maps through a 3 × 3 window
   -> 16 × 13 × 13, ReLU, pooling -> 16 × 6 × 6 (the odd 13th row and column are dropped).
4. The 16 · 6 · 6 = 576 numbers are laid out in a row and go through ``fc1`` (120, ReLU),
   ``fc2`` (84, ReLU) and ``fc3`` (10 scores, one per digit).

:class:`Trainer` trains it one epoch at a time, so a page can show progress between epochs and
stop. Every random choice (initial weights, batch order) comes from one ``torch.Generator``
seeded by :class:`TrainParams`; with torch on one thread the same seed gives the same network.
"""

from __future__ import annotations

import math
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from playground.cnn.data import DigitSplit, load_split
from playground.errors import InputError

OPTIMISERS = ("adam", "sgd")
EPOCHS = (1, 60)  # allowed range of epochs
LEARNING_RATES = (1e-4, 1.0)
BATCH_SIZES = (8, 512)
TEST_FRACTIONS = (0.1, 0.5)
SGD_MOMENTUM = 0.9


class Net(nn.Module):
    """The chapter's listing, unchanged apart from these docstrings."""

    def __init__(self):
        super(Net, self).__init__()
        # 1 input channel, 6 output channels, 3 × 3 kernels
        self.conv1 = nn.Conv2d(1, 6, 3)
        self.conv2 = nn.Conv2d(6, 16, 3)
        # affine maps y = Wx + b
        self.fc1 = nn.Linear(16 * 6 * 6, 120)  # 6 × 6 is what is left of 32 × 32
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))  # 2 × 2 max-pooling window
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)  # everything but the batch dimension in one row
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


LAYERS = ("conv1", "conv2", "fc1", "fc2", "fc3")


def init_parameters(net: nn.Module, generator: torch.Generator) -> nn.Module:
    """Give every layer PyTorch's default initial weights, drawn from ``generator`` instead of
    torch's global random state (which all sessions of a server share).

    Same rule as ``nn.Conv2d.reset_parameters`` / ``nn.Linear.reset_parameters``: weights by
    Kaiming-uniform with a = √5 (uniform in ±1/√fan_in), biases uniform in ±1/√fan_in.
    """
    with torch.no_grad():
        for name in LAYERS:
            layer = getattr(net, name)
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
            bound = 1 / math.sqrt(nn.init._calculate_fan_in_and_fan_out(layer.weight)[0])
            nn.init.uniform_(layer.bias, -bound, bound, generator=generator)
    return net


def new_net(seed: int) -> Net:
    """A freshly initialised ``Net`` (same seed, same weights)."""
    return init_parameters(Net(), torch.Generator().manual_seed(int(seed)))


# --------------------------------------------------------------------------- looking inside

def stages(net: Net, x: torch.Tensor) -> list[tuple[str, torch.Tensor]]:
    """Every intermediate result of ``net.forward`` for a batch ``x`` of shape (n, 1, 32, 32).

    Returns ``[(stage id, tensor)]`` in order: "input", "conv1" (after its ReLU), "pool1",
    "conv2" (after ReLU), "pool2", "flatten", "fc1" and "fc2" (after ReLU), "fc3" (the ten
    scores). The steps are the listing's ``forward``, one line each; a test checks that the
    last one equals ``net(x)``.
    """
    with torch.no_grad():
        out = [("input", x)]
        out.append(("conv1", F.relu(net.conv1(out[-1][1]))))
        out.append(("pool1", F.max_pool2d(out[-1][1], (2, 2))))
        out.append(("conv2", F.relu(net.conv2(out[-1][1]))))
        out.append(("pool2", F.max_pool2d(out[-1][1], 2)))
        out.append(("flatten", torch.flatten(out[-1][1], 1)))
        out.append(("fc1", F.relu(net.fc1(out[-1][1]))))
        out.append(("fc2", F.relu(net.fc2(out[-1][1]))))
        out.append(("fc3", net.fc3(out[-1][1])))
    return out


# Which layer's parameters each stage adds (pooling, ReLU and flattening have none).
STAGE_LAYER = {"conv1": "conv1", "conv2": "conv2", "fc1": "fc1", "fc2": "fc2", "fc3": "fc3"}


def layer_table(net: Net) -> list[dict]:
    """One row per stage for a 32 × 32 input: ``{"stage", "shape", "params"}``, the output shape
    without the batch dimension (as torch reports it) and the parameters the stage adds."""
    rows = []
    for stage, tensor in stages(net, torch.zeros(1, 1, 32, 32)):
        layer = STAGE_LAYER.get(stage)
        params = sum(p.numel() for p in getattr(net, layer).parameters()) if layer else 0
        rows.append({"stage": stage, "shape": tuple(tensor.shape[1:]), "params": params})
    return rows


def count_parameters(net: nn.Module) -> int:
    return sum(p.numel() for p in net.parameters())


# --------------------------------------------------------------------------- training

@dataclass(frozen=True)
class TrainParams:
    """How to train; also the key under which a page keeps the trained network."""

    epochs: int = 15  # passes over the training digits (about 0.2 s each on one core)
    lr: float = 1e-3  # step size; Adam's usual 1e-3, SGD with momentum wants about 0.01-0.05
    batch_size: int = 32  # digits per gradient step
    optimiser: str = "adam"  # "adam" or "sgd" (with momentum 0.9)
    test_fraction: float = 0.25  # share of the 1,797 digits held out for the test accuracy
    seed: int = 0  # initial weights, batch order and the train/test split

    def __post_init__(self):
        checks = (("epochs", self.epochs, *EPOCHS), ("lr", self.lr, *LEARNING_RATES),
                  ("batch_size", self.batch_size, *BATCH_SIZES),
                  ("test_fraction", self.test_fraction, *TEST_FRACTIONS),
                  ("seed", self.seed, 0, 999_999))
        for name, value, low, high in checks:
            if not (isinstance(value, (int, float)) and math.isfinite(value)
                    and low <= value <= high):
                raise InputError("cnn.err_range", name=name, value=value, low=low, high=high)
        if self.optimiser not in OPTIMISERS:
            raise InputError("cnn.err_optimiser", value=self.optimiser,
                             allowed=", ".join(OPTIMISERS))


@dataclass
class EpochReport:
    epoch: int  # epochs finished so far
    n_epochs: int
    loss: float  # mean training loss of this epoch
    train_accuracy: float  # accuracy on the training digits during the epoch
    test_accuracy: float  # accuracy on the test digits after the epoch
    seconds: float  # training time so far (evaluation excluded)


_threads_lock = threading.Lock()
_threads_users = 0
_threads_before = 1


@contextmanager
def one_thread():
    """Run torch on one intra-op thread while inside (reference-counted across sessions).

    The network is small: splitting its matrix products over two cores saves little and makes
    two visitors training at once fight for both cores. ``torch.set_num_threads`` is process-
    wide, so the previous setting comes back when the last user leaves (the same rule as the
    diffusion backend, kept here so this package stands alone).
    """
    global _threads_users, _threads_before
    with _threads_lock:
        if _threads_users == 0:
            _threads_before = torch.get_num_threads()
            torch.set_num_threads(1)
        _threads_users += 1
    try:
        yield
    finally:
        with _threads_lock:
            _threads_users -= 1
            if _threads_users == 0:
                torch.set_num_threads(_threads_before)


@dataclass
class Evaluation:
    """The trained network's answers on the test digits."""

    predictions: np.ndarray  # (n_test,)
    probabilities: np.ndarray  # (n_test, 10)
    labels: np.ndarray  # (n_test,)
    confusion: np.ndarray  # (10, 10): row = true digit, column = predicted digit
    wrong: np.ndarray  # positions (in the test set) of the digits it gets wrong

    @property
    def accuracy(self) -> float:
        return float((self.predictions == self.labels).mean())


@dataclass
class Trainer:
    """The network, its optimiser and its history; :meth:`run_epoch` advances one epoch.

    A page keeps a Trainer between reruns: an interrupted run leaves the epochs it finished.
    """

    params: TrainParams
    data: DigitSplit = None
    net: Net = field(init=False)
    history: list[EpochReport] = field(init=False, default_factory=list)

    def __post_init__(self):
        if self.data is None:
            self.data = load_split(self.params.test_fraction, self.params.seed)
        self.generator = torch.Generator().manual_seed(self.params.seed)
        self.net = init_parameters(Net(), self.generator)
        if self.params.optimiser == "adam":
            self.optimiser = torch.optim.Adam(self.net.parameters(), lr=self.params.lr)
        else:
            self.optimiser = torch.optim.SGD(self.net.parameters(), lr=self.params.lr,
                                             momentum=SGD_MOMENTUM)
        self.seconds = 0.0
        self.lock = threading.Lock()  # one epoch at a time, even if two reruns overlap

    @property
    def epochs_done(self) -> int:
        return len(self.history)

    @property
    def diverged(self) -> bool:
        """The loss became infinite or NaN (a learning rate far too large): training stops."""
        return bool(self.history) and not math.isfinite(self.history[-1].loss)

    @property
    def finished(self) -> bool:
        return self.epochs_done >= self.params.epochs or self.diverged

    def run_epoch(self) -> EpochReport:
        """One pass over the training digits in a fresh random order, then a test evaluation."""
        with self.lock, one_thread():
            started = time.perf_counter()
            X, y = self.data.X_train, self.data.y_train
            order = torch.randperm(len(y), generator=self.generator)
            self.net.train()
            total_loss, correct = 0.0, 0
            for start in range(0, len(y), self.params.batch_size):
                batch = order[start:start + self.params.batch_size]
                scores = self.net(X[batch])
                loss = F.cross_entropy(scores, y[batch])
                self.optimiser.zero_grad()
                loss.backward()
                self.optimiser.step()
                total_loss += loss.item() * len(batch)
                correct += int((scores.argmax(1) == y[batch]).sum())
            self.seconds += time.perf_counter() - started
            report = EpochReport(epoch=self.epochs_done + 1, n_epochs=self.params.epochs,
                                 loss=total_loss / len(y), train_accuracy=correct / len(y),
                                 test_accuracy=self._test_accuracy(), seconds=self.seconds)
            self.history.append(report)
            return report

    def run(self, callback=None, stop=None) -> "Trainer":
        """Train the remaining epochs; ``callback(report)`` after each, ``stop()`` may end early."""
        while not self.finished and not (stop is not None and stop()):
            report = self.run_epoch()
            if callback is not None:
                callback(report)
        return self

    def _test_accuracy(self) -> float:
        self.net.eval()
        with torch.no_grad():
            return float((self.net(self.data.X_test).argmax(1) == self.data.y_test)
                         .float().mean())

    def evaluate(self) -> Evaluation:
        """Answers on the test digits (computed once per number of epochs trained)."""
        cached = getattr(self, "_evaluation", None)
        if cached is not None and cached[0] == self.epochs_done:
            return cached[1]
        with self.lock, one_thread():
            probabilities = predict_proba(self.net, self.data.X_test)
        predictions = probabilities.argmax(1)
        labels = self.data.y_test.numpy()
        confusion = np.zeros((10, 10), dtype=int)
        np.add.at(confusion, (labels, predictions), 1)
        evaluation = Evaluation(predictions=predictions, probabilities=probabilities,
                                labels=labels, confusion=confusion,
                                wrong=np.flatnonzero(predictions != labels))
        self._evaluation = (self.epochs_done, evaluation)
        return evaluation


def predict_proba(net: Net, x: torch.Tensor) -> np.ndarray:
    """Softmax of the ten scores, shape (n, 10)."""
    net.eval()
    with torch.no_grad():
        return torch.softmax(net(x), dim=1).numpy()


def train(params: TrainParams, callback=None, stop=None) -> Trainer:
    """Train a new network with ``params`` (the whole budget unless ``stop()`` says otherwise)."""
    return Trainer(params).run(callback=callback, stop=stop)
