"""What both apps show, computed from the model: one digit's journey through the network, the
test digits it gets wrong, the test digit a visitor picks. Nothing here draws."""

from __future__ import annotations

import numpy as np
import torch

from playground.cnn import model as cnn
from playground.cnn.data import DigitSplit, check_drawing, upscale


def look_inside(net: cnn.Net, image8) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every stage's output for one 8 × 8 digit (intensities 0-16) and its probabilities.

    Returns ``({stage id: array without the batch dimension}, probabilities of shape (10,))``.
    Raises :class:`~playground.errors.InputError` for an empty or malformed drawing.
    """
    x = upscale(check_drawing(image8)[None])
    with cnn.one_thread():
        steps = cnn.stages(net, x)
    arrays = {stage: tensor[0].numpy() for stage, tensor in steps}
    probabilities = torch.softmax(torch.as_tensor(arrays["fc3"]), dim=0).numpy()
    return arrays, probabilities


def pick_test_digit(data: DigitSplit, position: int) -> tuple[np.ndarray, int]:
    """The test digit at ``position`` (wrapped into the test set) and its true label."""
    position = int(position) % len(data.y_test)
    return data.test_images[position].copy(), int(data.y_test[position])


def mistakes(data: DigitSplit, evaluation: cnn.Evaluation, limit: int = 32):
    """The first ``limit`` test digits the network gets wrong: 8 × 8 images and "true → guess"
    captions, plus how many there are in all."""
    wrong = evaluation.wrong[:limit]
    images = data.test_images[wrong]
    captions = [f"{evaluation.labels[i]} → {evaluation.predictions[i]}" for i in wrong]
    return images, captions, len(evaluation.wrong)
