"""What the discriminative and GMM pages teach is what their code does: each claim of the
lesson and "what to notice" checked against the backend at the stated settings, and the
catalogue's wording in both languages."""

import re
import tomllib

import numpy as np
import pytest

from apptest_helpers import ROOT, open_page
from playground.datasets2d import make_dataset
from playground.discriminative import model as disc
from playground.discriminative.spec import SPEC


def catalogue(name: str) -> dict:
    return tomllib.loads((ROOT / "assets" / "i18n" / f"{name}.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def default_view():
    settings = SPEC.params()
    X, y = make_dataset(settings.dataset)
    return X, y, settings, disc.fit_and_evaluate(X, y, settings.model, settings.split)


def test_removing_a_point_that_is_not_a_support_vector_leaves_the_boundary(default_view):
    """The notice's claim, on the default SVM view: remove any training point without a ring
    (or any test point) and the decision function on the grid stays the same to ~1e-9."""
    X, y, settings, before = default_view
    assert settings.model.family == "svm"
    others = np.setdiff1d(np.arange(len(X)), before.support_idx)
    worst = 0.0
    for index in others[::3]:
        after = disc.fit_and_evaluate(np.delete(X, index, 0), np.delete(y, index),
                                      settings.model, settings.split, reference=X)
        worst = max(worst, float(np.abs(after.grid_values - before.grid_values).max()))
    assert worst < 1e-8, worst
    # ... while removing a support vector moves it, so the check above can see a move.
    index = before.support_idx[0]
    moved = disc.fit_and_evaluate(np.delete(X, index, 0), np.delete(y, index), settings.model,
                                  settings.split, reference=X)
    assert np.abs(moved.grid_values - before.grid_values).max() > 1e-3


def test_removing_a_point_keeps_every_other_points_part(default_view):
    X, y, settings, before = default_view
    after = disc.split(np.delete(X, 10, 0), np.delete(y, 10), settings.split)
    renumber = np.delete(np.arange(len(X)), 10)
    np.testing.assert_array_equal(renumber[after[1]], np.setdiff1d(before.test_idx, [10]))


def test_the_test_share_is_about_the_chosen_fraction():
    X, y = make_dataset(SPEC.params({"n": 1000}).dataset)
    for fraction in (0.1, 0.3, 0.8):
        test = disc.held_out(X, disc.SplitParams(fraction, seed=2))
        assert abs(test.mean() - fraction) < 0.05
    assert not disc.held_out(X, disc.SplitParams(0.0)).any()


GAMMA_CLAIM = ("95.8%", "99.3%", "94.8%", "75.9%")  # train 1 -> 100, test 1 -> 100


def test_the_gamma_bullet_states_what_the_page_computes(default_view):
    X, y, settings, _ = default_view
    figures = []
    for gamma in (1.0, 100.0):
        model = SPEC.params({"gamma": gamma}).model
        assert (model.family, model.kernel, model.C) == ("svm", "rbf", 1.0)
        result = disc.fit_and_evaluate(X, y, model, settings.split)
        figures.append((result.train_accuracy, result.test_accuracy))
    (train_1, test_1), (train_100, test_100) = figures
    assert tuple(f"{v:.1%}" for v in (train_1, train_100, test_1, test_100)) == GAMMA_CLAIM
    texts = catalogue("discriminative")
    for key in ("notice", "tab_notice"):
        for lang in ("en", "zh"):
            bullet = next(line for line in texts[key][lang].split("\n* ") if "gamma" in line)
            assert re.findall(r"\d+\.\d%", bullet) == list(GAMMA_CLAIM), (key, lang)


def test_lesson_words_support_vectors_and_the_score_correctly():
    lesson = catalogue("discriminative")["lesson"]
    assert "proportional" in lesson["en"] and "wrong side" in lesson["en"]
    assert "成正比" in lesson["zh"] and "错误一侧" in lesson["zh"]
    assert "signed distance" not in lesson["en"] and "有符号距离" not in lesson["zh"]


def test_the_notice_no_longer_promises_what_the_page_does_not_do():
    notice = catalogue("discriminative")["notice"]
    assert "100%" not in notice["en"] and "100%" not in notice["zh"]


def test_gmm_lesson_agrees_in_both_languages_em_never_lowers_the_likelihood():
    lesson = catalogue("gmm")["lesson"]
    assert "never lowers" in lesson["en"] and "can only raise" not in lesson["en"]
    assert "不会降低" in lesson["zh"]


@pytest.mark.parametrize("name", ["discriminative", "gmm", "data"])
def test_chinese_text_uses_the_chapters_terms_and_typography(name):
    def walk(prefix, table):
        for key, value in table.items():
            if key == "zh":
                check_chinese(prefix, value)
            elif isinstance(value, dict):  # nested tables: family.logreg ...
                walk(f"{prefix}.{key}", value)

    walk(name, catalogue(name))


def check_chinese(key: str, zh: str) -> None:
    assert "责任" not in zh, f"{key}: GMM responsibilities are 响应度"
    assert "逻辑回归" not in zh and "逻辑斯蒂" not in zh, f"{key}: 逻辑斯谛回归"
    assert '"' not in zh and "「" not in zh, f"{key}: Chinese quotation marks “”"
    assert not re.search(r"\d %", zh), f"{key}: percentages as 95.8%"
    lines = zh.strip("\n").split("\n")
    for line, following in zip(lines, lines[1:]):
        if line.strip() and following.strip() and not following.startswith(("*", "-", "#")):
            raise AssertionError(f"{key}: a line break inside a Chinese paragraph: {line!r}")


def test_network_and_svm_show_only_their_own_controls_on_the_page():
    """The C slider belongs to logistic regression and the SVM; the network never shows it."""
    def keys(**query):
        at = open_page("pages/discriminative.py", "en", **query)
        assert not at.exception, [e.value for e in at.exception]
        return {w.key for kind in ("select_slider", "slider", "selectbox", "radio")
                for w in at.get(kind) if str(w.key).startswith("discriminative_")}

    mlp = keys(discriminative_model="mlp")
    assert "discriminative_C" not in mlp and "discriminative_gamma" not in mlp
    assert {"discriminative_alpha", "discriminative_width"} <= mlp
    svm = keys(discriminative_model="svm")
    assert {"discriminative_C", "discriminative_gamma"} <= svm
    assert "discriminative_alpha" not in svm and "discriminative_gen_k" not in svm
    generative = keys(discriminative_view="generative")
    assert {"discriminative_C", "discriminative_gen_k", "discriminative_gen_n"} <= generative
    assert "discriminative_gamma" not in generative and "discriminative_model" not in generative


def test_generative_view_on_the_page_draws_both_models_and_offers_the_new_points():
    at = open_page("pages/discriminative.py", "zh", discriminative_view="generative",
                   discriminative_gen_n=100)
    assert not at.exception, [e.value for e in at.exception]
    chart = at.get("plotly_chart")[0]
    assert "逻辑斯谛回归" in chart.proto.spec
    metrics = {m.label: m.value for m in at.get("metric")}
    assert metrics["生成的新点"] == "100"
    downloads = [d for d in at.get("download_button")]
    assert any("生成的新点" in d.proto.label for d in downloads)
