"""Backend of the discriminative page: data sets, fits, margins, support vectors, bad input."""

import numpy as np
import plotly.graph_objects as go
import pytest

from playground import datasets2d, points
from playground.style import class_colour
from playground.discriminative import model as disc
from playground.datasets2d import DATASETS, DatasetParams, make_dataset
from playground.errors import InputError
from playground.discriminative import figures
from playground.discriminative.snippet import code_snippet
from playground.discriminative.spec import SPEC
from playground.i18n import Translator


@pytest.mark.parametrize("name", DATASETS)
def test_datasets_are_seeded_and_shaped(name):
    params = DatasetParams(name=name, n_samples=123, noise=0.3, seed=7)
    X, y = make_dataset(params)
    assert X.shape == (123, 2) and y.shape == (123,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}
    X2, y2 = make_dataset(params)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make_dataset(DatasetParams(name=name, n_samples=123, noise=0.3, seed=8))
    assert not np.array_equal(X, X3)


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_code_reproduces_the_generator(name):
    params = DatasetParams(name=name, n_samples=77, noise=0.35, n_classes=4, seed=9)
    namespace = {"np": np}
    exec(datasets2d.dataset_code(params), namespace)
    X, y = make_dataset(params)
    np.testing.assert_array_equal(namespace["X"], X)
    np.testing.assert_array_equal(namespace["y"], y)


def test_dataset_params_are_validated():
    with pytest.raises(ValueError, match="name must be one of"):
        DatasetParams(name="banana")
    with pytest.raises(ValueError):
        DatasetParams(n_samples=datasets2d.MAX_POINTS + 1)


@pytest.mark.parametrize("params", [
    disc.ModelParams(family="logreg", C=0.5),
    disc.ModelParams(family="svm", kernel="linear"),
    disc.ModelParams(family="svm", kernel="rbf", gamma=3.0),
    disc.ModelParams(family="svm", kernel="poly", degree=4),
    disc.ModelParams(family="mlp", hidden_layers=(8, 8), activation="tanh"),
])
def test_every_model_fits_and_scores(params):
    X, y = make_dataset(DatasetParams(name="moons", n_samples=200, seed=1))
    result = disc.fit_and_evaluate(X, y, params, resolution=60)
    assert result.grid_values.shape == (60, 60)
    assert 0.5 < result.train_accuracy <= 1.0
    assert len(result.train_idx) + len(result.test_idx) == len(X)
    assert not set(result.train_idx) & set(result.test_idx)


def test_grid_values_are_sklearns_decision_function():
    X, y = make_dataset(DatasetParams(name="circles", n_samples=150, seed=3))
    result = disc.fit_and_evaluate(X, y, disc.ModelParams(family="svm"), resolution=40)
    mesh_x, mesh_y = np.meshgrid(result.grid_x, result.grid_y)
    direct = result.model.decision_function(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]))
    np.testing.assert_allclose(result.grid_values.ravel(), direct)


def test_support_vectors_lie_on_or_inside_the_margin():
    X, y = make_dataset(DatasetParams(name="blobs", n_samples=200, noise=0.4, seed=2))
    params = disc.ModelParams(family="svm", kernel="linear", C=1.0)
    result = disc.fit_and_evaluate(X, y, params)
    svc = result.model[-1]
    np.testing.assert_array_equal(result.support_idx, np.sort(result.train_idx[svc.support_]))
    scores = result.model.decision_function(X[result.support_idx])
    assert np.all(np.abs(scores) <= 1 + 1e-3), "support vectors are on or inside the margins"
    others = np.setdiff1d(result.train_idx, result.support_idx)
    signed = result.model.decision_function(X[others]) * np.where(y[others] == 1, 1, -1)
    assert np.all(signed >= 1 - 1e-3), "other training points lie beyond their margin"


def test_same_seed_same_figure():
    X, y = make_dataset(DatasetParams(seed=5))
    tr = Translator("en")
    a = figures.decision_figure(X, y, disc.fit_and_evaluate(X, y, disc.ModelParams(family="mlp")), tr)
    b = figures.decision_figure(X, y, disc.fit_and_evaluate(X, y, disc.ModelParams(family="mlp")), tr)
    assert a.to_json() == b.to_json()


def test_figures_have_boundary_margins_and_translated_titles():
    X, y = make_dataset(DatasetParams())
    result = disc.fit_and_evaluate(X, y, disc.ModelParams(family="svm"))
    fig = figures.decision_figure(X, y, result, Translator("zh"), clickable=True)
    # The boundary and the margins are lines found on the server: their points lie where the
    # SVM's decision function is 0 and ±1 (up to the 150 x 150 grid's interpolation).
    lines = [trace for trace in fig.data if isinstance(trace, go.Scatter) and trace.mode == "lines"]
    assert not any(isinstance(trace, go.Contour) for trace in fig.data)
    levels = []
    for line in lines:
        points = np.column_stack([line.x, line.y])
        points = points[np.isfinite(points).all(axis=1)]
        assert len(points) > 20
        scores = result.model.decision_function(points)
        assert np.ptp(scores) < 0.05, line.name
        levels.append(round(float(np.median(scores)), 1))
    assert sorted(levels) == [-1.0, 0.0, 1.0]
    heatmap = next(trace for trace in fig.data if isinstance(trace, go.Heatmap))
    assert heatmap.z.dtype == np.uint8  # colour only: one byte per cell
    assert list(heatmap.colorbar.ticktext) == ["-3", "-2", "-1", "0", "+1", "+2", "+3"]
    assert fig.layout.xaxis.title.text == "x₁"
    assert any(trace.name == "支持向量" for trace in fig.data)
    compare = figures.compare_figure(X, y, disc.compare_families(X, y, disc.ModelParams()),
                                     Translator("en"))
    assert len(compare.layout.annotations) == 3


def test_raster_round_trips_pixels_and_data():
    X, y = make_dataset(DatasetParams())
    result = disc.fit_and_evaluate(X, y, disc.ModelParams(), resolution=50)
    image = figures.decision_raster(X, y, result, size=200)
    framed = (200 + figures.CANVAS_PAD + figures.CANVAS_BOTTOM,
              figures.CANVAS_LEFT + 200 + figures.CANVAS_PAD, 3)
    assert image.shape == framed and image.dtype == np.uint8
    col, row = figures.data_to_raster(result, X[:1], 200)[0]
    np.testing.assert_allclose(figures.raster_to_data(result, col, row, 200), X[0], atol=1e-9)
    # A click on the canvas lands on the map square inside the axes' frame.
    clicked = figures.canvas_to_data(result, col + figures.CANVAS_LEFT, row + figures.CANVAS_PAD,
                                     200)
    np.testing.assert_allclose(clicked, X[0], atol=1e-9)
    assert figures.canvas_to_data(result, 5, 5, 200) is None  # the frame, left of the y-axis
    # The point's own pixel on the canvas has its class colour.
    r, c = int(round(row)) + figures.CANVAS_PAD, int(round(col)) + figures.CANVAS_LEFT
    assert tuple(image[r, c]) == figures._hex_rgb(class_colour(y[0]))
    # Tick numbers were drawn in the frame: dark pixels below the map and left of it.
    assert (image[figures.CANVAS_PAD + 200 + 8:, figures.CANVAS_LEFT:] < 120).any()
    assert (image[figures.CANVAS_PAD:figures.CANVAS_PAD + 200, :figures.CANVAS_LEFT - 8] < 120).any()


def test_nice_ticks_are_round_and_inside():
    np.testing.assert_allclose(figures.nice_ticks(-2.6, 2.6), [-2, -1, 0, 1, 2])
    np.testing.assert_allclose(figures.nice_ticks(0.03, 0.21), [0.05, 0.1, 0.15, 0.2])


@pytest.mark.parametrize("X, y, key", [
    (np.empty((0, 2)), np.empty(0, int), "errors.no_points"),
    (np.random.default_rng(0).normal(size=(20, 2)), np.zeros(20, int), "errors.one_class"),
    (np.random.default_rng(0).normal(size=(30, 2)), np.arange(30) % 3, "errors.too_many_classes"),
    (np.ones((10, 2)), np.arange(10) % 2, "errors.identical_points"),
])
def test_degenerate_data_gets_a_message(X, y, key):
    with pytest.raises(InputError) as caught:
        disc.fit_and_evaluate(X, y, disc.ModelParams())
    assert caught.value.key == key


def test_a_training_split_left_with_one_class_gets_a_message():
    X = np.random.default_rng(0).normal(size=(10, 2))
    y = np.array([0] * 9 + [1])
    with pytest.raises(InputError) as caught:
        for seed in range(20):  # some split puts the only class-1 point in the test part
            disc.fit_and_evaluate(X, y, disc.ModelParams(), disc.SplitParams(0.5, seed=seed))
    assert caught.value.key == "errors.train_one_class"


@pytest.mark.parametrize("raw, key", [
    (b"a,b,c\n1,2,3\n", "errors.csv_columns"),
    (b"x,y,label\n1,two,0\n", "errors.csv_not_numbers"),
    (b"x,y,label\n", "errors.csv_empty"),
    (b"", "errors.csv_empty"),
    ("x,y,label\n1,2,é\n".encode("latin-1"), "errors.csv_not_utf8"),
    (b"x,y,label\n" + b"1,2,0\n" * 5001, "errors.csv_too_many"),
    (b"x,y,label\n" + b"1,2," + b"0" * 1_000_001 + b"\n", "errors.csv_too_big"),
    (b"x,y,label\n1,2,\n", "errors.csv_missing_label"),
    (b'x,y,label\n1,2,"unclosed\n', "errors.csv_unreadable"),
])
def test_bad_csv_gets_a_message(raw, key):
    with pytest.raises(InputError) as caught:
        points.parse_points_csv(raw)
    assert caught.value.key == key


def test_csv_round_trip_and_string_labels():
    X, y = points.parse_points_csv(b"x, y, label\n0.5,1,cat\n-1,2e-1,dog\n3,4,cat\n")
    np.testing.assert_allclose(X, [[0.5, 1], [-1, 0.2], [3, 4]])
    np.testing.assert_array_equal(y, [0, 1, 0])
    X2, y2 = points.parse_points_csv(points.points_to_csv(X, y, np.array(["train"] * 3)))
    np.testing.assert_allclose(X2, X)
    np.testing.assert_array_equal(y2, y)


def test_click_edits():
    X, y = np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([0, 1])
    X, y = points.add_point(X, y, (2.0, 2.0), 1)
    assert X.shape == (3, 2) and y.tolist() == [0, 1, 1]
    index = points.nearest_point(X, (0.9, 1.2))
    X, y = points.remove_point(X, y, index)
    assert X.tolist() == [[0.0, 0.0], [2.0, 2.0]]
    assert points.nearest_point(np.empty((0, 2)), (0, 0)) is None


@pytest.mark.parametrize("family", disc.FAMILIES)
def test_show_code_snippet_reproduces_the_page(family, monkeypatch):
    monkeypatch.setattr(go.Figure, "show", lambda self: None)
    dataset = DatasetParams(name="xor", n_samples=150, seed=4)
    X, y = make_dataset(dataset)
    model = disc.ModelParams(family=family)
    split = disc.SplitParams(0.25, seed=4)
    namespace = {}
    code = code_snippet(dataset, model, split)
    assert "playground" not in code, "the snippet runs from any directory"
    exec(code, namespace)  # noqa: S102 - the test runs the page's own "show code"
    expected = disc.fit_and_evaluate(X, y, model, split)
    np.testing.assert_array_equal(namespace["test_idx"], expected.test_idx)
    assert namespace["model"].score(X[namespace["test_idx"]], y[namespace["test_idx"]]) == \
        pytest.approx(expected.test_accuracy)
    np.testing.assert_allclose(namespace["zz"], expected.grid_values, atol=1e-8)


def test_show_code_of_edited_points_reads_the_csv_and_keeps_the_scaler(tmp_path, monkeypatch):
    """After clicks the snippet reads the page's CSV download and standardises with the points
    as they were before the clicks, as the page does."""
    monkeypatch.setattr(go.Figure, "show", lambda self: None)
    monkeypatch.chdir(tmp_path)
    X0, y0 = make_dataset(DatasetParams(seed=3))
    X, y = points.add_point(X0[5:], y0[5:], (2.5, -1.5), 1)  # five removed, one added
    model, split = disc.ModelParams(), disc.SplitParams()
    result = disc.fit_and_evaluate(X, y, model, split, reference=X0)
    role = np.where(np.isin(np.arange(len(X)), result.test_idx), "test", "train")
    (tmp_path / "points.csv").write_bytes(points.points_to_csv(X, y, role))
    scaler = disc.fit_scaler(X0)
    namespace = {}
    exec(code_snippet(None, model, split, (scaler.mean_, scaler.scale_)), namespace)  # noqa: S102
    np.testing.assert_array_equal(namespace["test_idx"], result.test_idx)
    grid = namespace["grid"]
    np.testing.assert_allclose(namespace["model"].decision_function(grid),
                               result.model.decision_function(grid), atol=1e-8)


def test_spec_defaults_are_the_pages_defaults():
    settings = SPEC.params()
    assert settings.view == "single"
    assert settings.dataset == DatasetParams(name="moons", n_samples=200, noise=0.2, seed=0)
    assert settings.model == disc.ModelParams()
    assert settings.split == disc.SplitParams()


def test_each_family_keeps_only_its_own_settings():
    """A hidden control takes its default, so the network never sees C nor the SVM alpha."""
    chosen = dict(C=1000.0, kernel="poly", gamma=100.0, degree=6, layers=3, width=64,
                  act="tanh", alpha=10.0)
    mlp = SPEC.params({**chosen, "model": "mlp"}).model
    assert (mlp.C, mlp.kernel, mlp.gamma, mlp.degree) == (1.0, "rbf", 1.0, 3)
    assert (mlp.hidden_layers, mlp.activation, mlp.alpha) == ((64, 64, 64), "tanh", 10.0)
    svm = SPEC.params({**chosen, "model": "svm"}).model
    assert (svm.C, svm.kernel, svm.gamma, svm.degree) == (1000.0, "poly", 100.0, 6)
    assert (svm.hidden_layers, svm.activation, svm.alpha) == ((16, 16), "relu", 1e-3)
    logreg = SPEC.params({**chosen, "model": "logreg"}).model
    assert logreg.C == 1000.0 and logreg.kernel == "rbf"
    linear = SPEC.params({**chosen, "model": "svm", "kernel": "linear"}).model
    assert (linear.gamma, linear.degree) == (1.0, 3)
    # Side by side, all three families are fitted: each keeps its settings.
    compare = SPEC.params({**chosen, "model": "mlp", "view": "compare"}).model
    assert (compare.C, compare.kernel, compare.alpha, compare.hidden_layers) == \
        (1000.0, "poly", 10.0, (64, 64, 64))


def test_c_alpha_and_width_have_one_range():
    """The page and the tab render these very controls (they once drifted apart)."""
    assert SPEC["C"].options[0] == 0.01 and SPEC["C"].options[-1] == 1000.0
    assert SPEC["alpha"].options[0] == 0.0 and SPEC["alpha"].options[-1] == 10.0
    assert SPEC["width"].options == (2, 4, 8, 16, 32, 64)


def test_upload_hides_the_generator_settings_but_not_the_seed():
    settings = SPEC.params({"data": "upload", "n": 500, "seed": 7})
    assert settings.dataset is None
    assert settings.model.seed == 7 and settings.split.seed == 7


def test_metrics_are_labelled_and_formatted():
    X, y = make_dataset(DatasetParams())
    tr = Translator("zh")
    svm = disc.fit_and_evaluate(X, y, disc.ModelParams(family="svm"), resolution=20)
    labels = [label for label, _ in SPEC.metrics(svm, tr)]
    assert labels == ["训练准确率", "测试准确率", "支持向量数"]
    assert SPEC.metrics(svm, tr)[2][1] == str(len(svm.support_idx))
    mlp = disc.fit_and_evaluate(X, y, disc.ModelParams(family="mlp"), disc.SplitParams(0.0),
                                resolution=20)
    assert [value for _, value in SPEC.metrics(mlp, tr)][1:] == ["–", "–"]


def test_score_codes_put_zero_in_the_middle_and_saturate():
    codes = figures.score_codes(np.array([[-10.0, -3.0, 0.0, 3.0, 10.0, np.nan]]))
    assert codes.tolist() == [[0, 0, 127, 254, 254, 127]]


def test_a_slider_change_sends_a_small_figure():
    """The payload the page sends for its main figure (it was 633 kB with contour traces
    repeating the grid): the score map as bytes and the level lines as points."""
    import plotly.io as pio

    from ui.common import lighter

    X, y = make_dataset(DatasetParams())
    result = disc.fit_and_evaluate(X, y, disc.ModelParams(family="svm"))
    fig = lighter(figures.decision_figure(X, y, result, Translator("en"), clickable=True))
    assert len(pio.to_json(fig, validate=False)) < 150_000
