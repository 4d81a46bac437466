"""The digits grid frames the image "image to follow" follows (issue "Readable from the back of
the room", item 4), on the page and in the Gradio tab."""

import numpy as np
import pytest

from playground.diffusion_digits import figures
from playground.diffusion_digits.model import N_IMAGES
from playground.i18n import Translator


@pytest.mark.parametrize("follow", [1, 8, 9, 13, N_IMAGES])
def test_frame_encloses_exactly_the_followed_tile(follow):
    images = np.zeros((N_IMAGES, 8, 8))
    images[follow - 1] = 16.0  # only the followed digit has ink
    fig = figures.digit_grid(images, Translator("en"), follow=follow)
    (shape,) = [s for s in fig.layout.shapes if s.name == "follow"]
    z = np.asarray(fig.data[0].z, dtype=float)
    ys, xs = np.nonzero(np.nan_to_num(z) == 16.0)  # heatmap cell (x, y) = (column, row)
    assert (shape.x0, shape.x1) == (xs.min() - 0.5, xs.max() + 0.5)
    assert (shape.y0, shape.y1) == (ys.min() - 0.5, ys.max() + 0.5)


def test_no_frame_without_follow():
    fig = figures.digit_grid(np.zeros((4, 8, 8)), Translator("en"), n_cols=2)
    assert not fig.layout.shapes


def test_tab_frames_the_followed_image():
    from ui.gradio_diffusion_digits import diffusion_digits_view

    summary, grid, _, _ = diffusion_digits_view("zh", "ddim", 10, 0, 5)
    (shape,) = grid.layout.shapes
    assert shape.x0 == figures.tile_box(4, N_IMAGES, 8)[0]
    assert "第 5 幅" in summary
