"""User point sets (playground/points.py): huge coordinates are refused with a message before
they reach scikit-learn (NaN in the decision-boundary fit) or plotly (GMM colour error)."""

from __future__ import annotations

import numpy as np
import pytest

from playground import points
from playground.errors import InputError
from playground.i18n import Translator


@pytest.mark.parametrize("value", ["1e300", "-1e300", "1e7", "-2000001"])
def test_huge_coordinates_in_an_upload_are_refused(value):
    raw = f"x,y,label\n0,0,a\n1,1,b\n{value},0.5,a\n".encode()
    with pytest.raises(InputError) as caught:
        points.parse_points_csv(raw)
    assert caught.value.key == "errors.csv_out_of_range"
    assert caught.value.params["row"] == 4
    for lang in ("en", "zh"):
        assert "4" in Translator(lang)(caught.value.key, **caught.value.params)


def test_large_but_sane_coordinates_are_kept():
    X, y = points.parse_points_csv(b"x,y,label\n-1e6,2.5e5,a\n1000,-3,b\n")
    assert X.tolist() == [[-1e6, 2.5e5], [1000, -3]] and y.tolist() == [0, 1]


@pytest.mark.parametrize("xy", [(1e300, 0.0), (0.0, -1e300), (float("nan"), 0.0),
                                (float("inf"), 1.0)])
def test_a_clicked_or_sent_point_out_of_range_is_refused(xy):
    with pytest.raises(InputError) as caught:
        points.add_point(np.zeros((1, 2)), np.zeros(1, int), xy, 0)
    assert caught.value.key == "errors.point_out_of_range"
