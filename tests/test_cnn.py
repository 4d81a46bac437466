"""The chapter's Net (§1.1.3): its shapes and parameter counts as torch reports them and as the
listing implies, training that is reproducible and reaches 95 % on the digits, the figures,
the chapter run and the "show code" script."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch

from playground.cnn import chapter, data, figures, snippet, views
from playground.cnn import model as cnn
from playground.cnn.spec import SPEC
from playground.errors import InputError
from playground.i18n import Translator

CHAPTER = Path("/work/shared/seed/000_9a133b739f742d6c.txt")
TR = Translator("en")

# From the listing: Conv2d(1, 6, 3) has 6·1·3·3 weights + 6 biases, and so on.
LISTING_PARAMS = {"conv1": 6 * 1 * 3 * 3 + 6, "conv2": 16 * 6 * 3 * 3 + 16,
                  "fc1": 16 * 6 * 6 * 120 + 120, "fc2": 120 * 84 + 84, "fc3": 84 * 10 + 10}
# 32 -> conv 3x3 -> 30 -> pool -> 15 -> conv 3x3 -> 13 -> pool -> 6 (floor)
LISTING_SHAPES = {"input": (1, 32, 32), "conv1": (6, 30, 30), "pool1": (6, 15, 15),
                  "conv2": (16, 13, 13), "pool2": (16, 6, 6), "flatten": (576,),
                  "fc1": (120,), "fc2": (84,), "fc3": (10,)}
PRINTED = """Net(
  (conv1): Conv2d(1, 6, kernel_size=(3, 3), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(3, 3), stride=(1, 1))
  (fc1): Linear(in_features=576, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)
"""


@pytest.fixture(scope="module")
def trained():
    """The default budget, trained once for the tests that need a trained network."""
    return cnn.train(SPEC.params())


def test_layer_shapes_match_torch_and_the_listing():
    net = cnn.new_net(0)
    table = cnn.layer_table(net)
    assert {row["stage"]: row["shape"] for row in table} == LISTING_SHAPES
    # torch's own hooks on the modules agree with the staged forward pass
    seen = {}
    hooks = [getattr(net, name).register_forward_hook(
        lambda module, args, out, name=name: seen.update({name: tuple(out.shape[1:])}))
        for name in cnn.LAYERS]
    net(torch.zeros(1, 1, 32, 32))
    for hook in hooks:
        hook.remove()
    assert seen == {"conv1": (6, 30, 30), "conv2": (16, 13, 13), "fc1": (120,), "fc2": (84,),
                    "fc3": (10,)}


def test_parameter_counts_match_torch_and_the_listing():
    net = cnn.new_net(0)
    table = {row["stage"]: row["params"] for row in cnn.layer_table(net)}
    for name, expected in LISTING_PARAMS.items():
        assert table[name] == expected
        assert sum(p.numel() for p in getattr(net, name).parameters()) == expected
    assert cnn.count_parameters(net) == sum(table.values()) == 81_194
    assert sum(p.numel() for p in net.parameters() if p.requires_grad) == 81_194


def test_stages_follow_the_forward_pass():
    net = cnn.new_net(3)
    x = data.load_split().X_test[:5]
    steps = cnn.stages(net, x)
    assert [s for s, _ in steps] == list(LISTING_SHAPES)
    with torch.no_grad():
        assert torch.allclose(steps[-1][1], net(x), atol=1e-6)


def test_net_is_the_chapters_listing():
    assert str(cnn.Net()) + "\n" == PRINTED
    assert chapter.run_listing() == PRINTED
    assert chapter.BOOK_OUTPUT is None  # the book prints nothing under this listing


@pytest.mark.skipif(not CHAPTER.exists(), reason="chapter text not available")
def test_listing_is_copied_exactly_from_the_chapter():
    text = CHAPTER.read_text(encoding="utf-8")
    blocks = re.findall(r"```Python\n(.*?)```", text, flags=re.DOTALL)
    assert chapter.LISTING in blocks


def test_initialisation_is_seeded_and_follows_torch_defaults():
    a, b, c = cnn.new_net(7), cnn.new_net(7), cnn.new_net(8)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(a.fc1.weight, c.fc1.weight)
    bound = 1 / np.sqrt(576)  # Kaiming-uniform with a = sqrt(5) gives ±1/sqrt(fan_in)
    peak = a.fc1.weight.detach().abs().max().item()
    assert 0.95 * bound < peak <= bound


def test_digits_are_scaled_to_32_and_standardised():
    split = data.load_split(0.25, 0)
    assert split.X_train.shape == (1347, 1, 32, 32) and split.X_test.shape == (450, 1, 32, 32)
    assert abs(float(split.X_train.mean())) < 0.02
    assert abs(float(split.X_train.std()) - 1) < 0.02
    assert np.bincount(split.y_test.numpy()).min() >= 43  # stratified: 43-46 of each digit


def test_default_budget_reaches_95_percent(trained):
    assert trained.finished and trained.epochs_done == SPEC.params().epochs
    assert trained.history[-1].test_accuracy >= 0.95
    evaluation = trained.evaluate()
    assert evaluation.accuracy == pytest.approx(trained.history[-1].test_accuracy)
    assert evaluation.confusion.sum() == len(evaluation.labels)
    assert np.trace(evaluation.confusion) == len(evaluation.labels) - len(evaluation.wrong)


def test_training_is_reproducible_and_stop_resumes_identically():
    params = cnn.TrainParams(epochs=3, seed=5)
    whole = cnn.train(params)
    again = cnn.train(params)
    assert [h.loss for h in whole.history] == [h.loss for h in again.history]
    parted = cnn.Trainer(params)
    parted.run(stop=lambda: parted.epochs_done >= 1)
    assert parted.epochs_done == 1 and not parted.finished
    parted.run()
    assert [h.loss for h in parted.history] == [h.loss for h in whole.history]
    assert all(torch.equal(p, q) for p, q in zip(parted.net.parameters(),
                                                 whole.net.parameters()))


def test_sgd_trains_too():
    trainer = cnn.train(cnn.TrainParams(epochs=3, optimiser="sgd", lr=0.05))
    assert trainer.history[-1].test_accuracy > 0.8


def test_bad_parameters_raise_input_errors():
    with pytest.raises(InputError) as error:
        cnn.TrainParams(epochs=0)
    assert error.value.key == "cnn.err_range"
    with pytest.raises(InputError):
        cnn.TrainParams(lr=float("nan"))
    with pytest.raises(InputError) as error:
        cnn.TrainParams(optimiser="rmsprop")
    assert error.value.key == "cnn.err_optimiser"


def test_extreme_settings_train_without_error():
    spec_low = {c.key: getattr(c, "low", None) for c in SPEC.controls}
    lowest = SPEC.params({"epochs": 1, "lr": SPEC["lr"].options[-1], "batch_size": 512,
                          "test_fraction": spec_low["test_fraction"]})
    trainer = cnn.train(lowest)
    assert trainer.epochs_done == 1 and np.isfinite(trainer.history[-1].test_accuracy)
    tiny_batch = cnn.Trainer(SPEC.params({"epochs": 1, "batch_size": 8, "test_fraction": 0.5}))
    assert tiny_batch.run_epoch().epoch == 1


def test_drawings_are_checked():
    with pytest.raises(InputError) as error:
        data.check_drawing(np.zeros((8, 8)))
    assert error.value.key == "cnn.err_drawing_empty"
    for bad in (np.ones((7, 8)), [[1, 2], [3]], "text", np.full((8, 8), np.nan)):
        with pytest.raises(InputError) as error:
            data.check_drawing(bad)
        assert error.value.key == "cnn.err_drawing_shape"
    assert data.check_drawing(np.full((8, 8), 99.0)).max() == 16


def test_toggle_pixel():
    grid = np.zeros((8, 8))
    once = data.toggle_pixel(grid, 2, 3)
    assert once[2, 3] == 16 and once.sum() == 16 and grid.sum() == 0
    assert data.toggle_pixel(once, 2, 3).sum() == 0
    assert np.array_equal(data.toggle_pixel(once, 8, 0), once)


def test_look_inside_a_test_digit(trained):
    image, label = views.pick_test_digit(trained.data, 0)
    arrays, probabilities = views.look_inside(trained.net, image)
    assert arrays["conv2"].shape == (16, 13, 13)
    assert probabilities.shape == (10,) and probabilities.sum() == pytest.approx(1, abs=1e-5)
    assert int(probabilities.argmax()) == trained.evaluate().predictions[0]
    assert views.pick_test_digit(trained.data, len(trained.data.y_test))[1] == label


def test_figures_build(trained):
    image, _ = views.pick_test_digit(trained.data, 1)
    arrays, probabilities = views.look_inside(trained.net, image)
    maps = figures.feature_maps_figure(arrays, TR)
    assert len(maps.data) == 5
    assert figures.dense_figure(arrays, probabilities, TR).data[2].y.shape == (10,)
    curves = figures.curves_figure(trained.history, TR)
    assert len(curves.data[0].x) == trained.epochs_done
    confusion = figures.confusion_figure(trained.evaluate().confusion, TR)
    assert np.asarray(confusion.data[0].z).sum() == len(trained.data.y_test)
    images, captions, total = views.mistakes(trained.data, trained.evaluate())
    assert len(images) == len(captions) == min(total, 32)
    figures.digit_gallery(images, captions, TR)
    figures.digit_gallery(images[:0], [], TR)
    assert len(figures.pixel_grid_figure(image, TR).data[0].x) == 64
    assert figures.pixel_raster(image).shape == (320, 320, 3)
    rows = figures.layer_rows(cnn.layer_table(trained.net), Translator("zh"))
    assert rows[-1]["参数量"] == "850"


def test_spec_builds_train_params():
    assert SPEC.params() == cnn.TrainParams()
    rng = np.random.default_rng(1)
    for _ in range(20):
        assert isinstance(SPEC.params(SPEC.sample(rng)), cnn.TrainParams)


def test_snippet_runs_and_reproduces_the_backend(capsys):
    params = cnn.TrainParams(epochs=2, seed=4, optimiser="sgd", lr=0.02, batch_size=64,
                             test_fraction=0.3)
    exec(compile(snippet.code_snippet(params), "<snippet>", "exec"), {"__name__": "__main__"})
    printed = capsys.readouterr().out
    trainer = cnn.train(params)
    expected = "".join(f"epoch {h.epoch}: test accuracy {h.test_accuracy:.1%}\n"
                       for h in trainer.history)
    assert printed == expected
