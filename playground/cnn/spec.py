"""The controls of the CNN page and tab, declared once (see :mod:`playground.spec`)."""

from __future__ import annotations

from playground.cnn.model import BATCH_SIZES, EPOCHS, OPTIMISERS, TEST_FRACTIONS, TrainParams
from playground.spec import Choice, Seed, Slider, Spec, Steps, log_steps

BATCH_OPTIONS = (8, 16, 32, 64, 128, 256, 512)
# Which test digit to look inside and edit: a position in the test set. The smallest test set
# (10 % of 1,797 digits) has 180 digits, so every position exists for every split.
DIGIT_POSITIONS = 180


def build(values) -> TrainParams:
    return TrainParams(epochs=values["epochs"], lr=values["lr"],
                       batch_size=values["batch_size"], optimiser=values["optimiser"],
                       test_fraction=values["test_fraction"], seed=values["seed"])


def metrics(trainer, tr) -> list[tuple[str, str]]:
    """Test accuracy, epochs trained and training time of a ``Trainer``."""
    last = trainer.history[-1] if trainer.history else None
    return [(tr("cnn.test_accuracy"), f"{last.test_accuracy:.1%}" if last else "–"),
            (tr("cnn.epochs_done"), f"{trainer.epochs_done} / {trainer.params.epochs}"),
            (tr("cnn.train_time"), f"{trainer.seconds:.1f} s")]


SPEC = Spec(
    prefix="cnn",
    controls=(
        Slider("epochs", "cnn.epochs", 15, help="cnn.epochs_help", low=EPOCHS[0],
               high=EPOCHS[1], step=1),
        Steps("lr", "cnn.lr", 1e-3, help="cnn.lr_help", options=log_steps(-4, 0)),
        Steps("batch_size", "cnn.batch_size", 32, help="cnn.batch_size_help",
              options=tuple(b for b in BATCH_OPTIONS if BATCH_SIZES[0] <= b <= BATCH_SIZES[1])),
        Choice("optimiser", "cnn.optimiser", "adam", help="cnn.optimiser_help",
               options=OPTIMISERS, option_label="cnn.optimiser_name.{}", widget="segmented"),
        Seed("seed"),
        Slider("test_fraction", "cnn.test_fraction", 0.25, help="cnn.test_fraction_help",
               low=TEST_FRACTIONS[0], high=TEST_FRACTIONS[1], step=0.05, secondary=True),
        Slider("digit", "cnn.digit", 0, help="cnn.digit_help", low=0, high=DIGIT_POSITIONS - 1,
               step=1),
    ),
    build=build,
    metrics=metrics,
)
