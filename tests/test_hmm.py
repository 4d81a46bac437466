"""The NumPy HMM against hmmlearn (the oracle), plus the page's table checks and code snippet."""

import numpy as np
import pytest
from hmmlearn import hmm as reference
from threadpoolctl import threadpool_limits

from playground import hmm
from playground.errors import InputError


@pytest.fixture(autouse=True)
def one_blas_thread():
    """OpenBLAS threads spin on a busy two-core machine, making tiny solves take 20 ms."""
    with threadpool_limits(1):
        yield


def random_rows(rng, rows, cols, zero_share=0.0):
    """Random probability rows; with ``zero_share`` some entries are exactly 0 (never a whole row)."""
    table = rng.dirichlet(np.full(cols, 0.7), size=rows)
    if zero_share:
        table[rng.random(table.shape) < zero_share] = 0.0
        table[np.arange(rows), rng.integers(cols, size=rows)] += 0.1
        table /= table.sum(axis=1, keepdims=True)
    return table


def random_pair(rng, kind, zero_share):
    """The same random model as ours and as hmmlearn's."""
    k = int(rng.integers(1, 6))
    start = random_rows(rng, 1, k, zero_share)[0]
    trans = random_rows(rng, k, k, zero_share)
    if kind == "categorical":
        emission = random_rows(rng, k, int(rng.integers(2, 7)), zero_share)
        ours = hmm.CategoricalHMM(start, trans, emission)
        theirs = reference.CategoricalHMM(n_components=k)
        theirs.emissionprob_ = emission
    else:
        d = int(rng.integers(1, 4))
        means = rng.normal(scale=3, size=(k, d))
        factors = rng.normal(size=(k, d, d))
        covars = factors @ factors.transpose(0, 2, 1) + 0.3 * np.eye(d)
        ours = hmm.GaussianHMM(start, trans, means, covars)
        theirs = reference.GaussianHMM(n_components=k, covariance_type="full")
        theirs.means_, theirs.covars_ = means, covars
    theirs.startprob_, theirs.transmat_ = start, trans
    return ours, theirs


def path_log_prob(model, X, path):
    """log p(X, Z = path), to tell a genuine disagreement from a tie between two best paths."""
    log_b = model._log_emission(X).T
    with np.errstate(divide="ignore"):
        return (np.log(model.startprob_[path[0]]) + np.log(model.transmat_[path[:-1], path[1:]]).sum()
                + log_b[np.arange(len(path)), path].sum())


@pytest.mark.parametrize("kind", hmm.KINDS)
@pytest.mark.parametrize("zero_share", [0.0, 0.3])
def test_agrees_with_hmmlearn(kind, zero_share):
    rng = np.random.default_rng([hmm.KINDS.index(kind), int(zero_share * 10)])
    for _ in range(40):  # hmmlearn's Gaussian emissions are slow: keep those sequences short
        ours, theirs = random_pair(rng, kind, zero_share)
        X, Z = ours.sample(int(rng.integers(1, 400 if kind == "categorical" else 120)),
                           random_state=rng)
        assert X.shape == ((len(Z), 1) if kind == "categorical" else (len(Z), ours.means_.shape[1]))
        with np.errstate(divide="ignore"):
            assert ours.score(X) == pytest.approx(theirs.score(X), abs=1e-6, rel=1e-10)
            log_prob, path = ours.decode(X)
            their_log_prob, their_path = theirs.decode(X)
        assert log_prob == pytest.approx(their_log_prob, abs=1e-6, rel=1e-10)
        if not np.array_equal(path, their_path):  # only a tie may differ: equally good paths
            assert path_log_prob(ours, X, path) == pytest.approx(
                path_log_prob(ours, X, their_path), abs=1e-8)
        np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-6)


def test_long_sequence_and_textbook_loop():
    model = hmm.PRESETS["casino"].spec.build()
    X, _ = model.sample(hmm.MAX_LENGTH, random_state=1)
    theirs = reference.CategoricalHMM(n_components=2)
    theirs.startprob_, theirs.transmat_ = model.startprob_, model.transmat_
    theirs.emissionprob_ = model.emissionprob_
    assert model.score(X) == pytest.approx(theirs.score(X), abs=1e-6)
    assert np.array_equal(model.decode(X)[1], theirs.decode(X)[1])
    np.testing.assert_allclose(hmm.forward_loop(model, X[:500]), model.forward(X[:500]), atol=1e-9)


def test_sampling_is_seeded_and_follows_the_chain():
    model = hmm.PRESETS["gauss4"].spec.build()
    X1, Z1 = model.sample(2000, random_state=7)
    X2, Z2 = model.sample(2000, random_state=7)
    assert np.array_equal(X1, X2) and np.array_equal(Z1, Z2)
    assert Z1[0] == 0  # start probability 1 for the first state
    assert not np.any((Z1[1:] - Z1[:-1]) % 4 == 2)  # zero transitions are never taken
    casino = hmm.PRESETS["casino"].spec.build()
    X, Z = casino.sample(5000, random_state=0)
    assert np.mean(X[Z == 1, 0] == 5) == pytest.approx(0.5, abs=0.05)  # the loaded die


def test_presets_decode_better_than_chance():
    for name, preset in hmm.PRESETS.items():
        analysis = hmm.sample_and_decode(preset.spec, hmm.SampleParams(1000, 0))
        assert analysis.viterbi_accuracy > 0.7, name
        np.testing.assert_allclose(analysis.posterior.sum(axis=1), 1.0)
        assert analysis.viterbi_log_prob <= analysis.log_likelihood


def test_tables_are_checked():
    weather = hmm.PRESETS["weather"].spec
    tables = (weather.startprob, weather.transmat, weather.emission)
    assert hmm.spec_from_tables("categorical", *tables) == weather
    cases = [
        ((["0.5", None], *tables[1:]), "hmm.err.not_number", "start"),
        ((tables[0], [[0.7, 0.3], [0.4, "abc"]], tables[2]), "hmm.err.not_number", "trans"),
        ((tables[0], [[1.2, -0.2], [0.4, 0.6]], tables[2]), "hmm.err.negative", "trans"),
        ((tables[0], [[0.7, 0.2], [0.4, 0.6]], tables[2]), "hmm.err.row_sum", "trans"),
        ((tables[0], tables[1], [[0, 0, 0], [0.6, 0.3, 0.1]]), "hmm.err.zero_row", "emission"),
        (([0.6, 0.6], *tables[1:]), "hmm.err.start_sum", "start"),
        (([1.5, -0.5], *tables[1:]), "hmm.err.start_negative", "start"),
        ((tables[0], [[1, 0]], tables[2]), "hmm.err.shape", "trans"),
    ]
    for args, key, table in cases:
        with pytest.raises(InputError) as caught:
            hmm.spec_from_tables("categorical", *args)
        assert caught.value.key == key and caught.value.params["table"] == table
    fixed = hmm.normalise_rows([[0.7, 0.2], [0.4, 0.6]])
    assert hmm.spec_from_tables("categorical", tables[0], fixed, tables[2]).transmat[0] == (
        pytest.approx(0.7 / 0.9), pytest.approx(0.2 / 0.9))
    gauss = hmm.PRESETS["gauss4"].spec
    for row, key in (((0, 0, 0.0, 1, 0), "hmm.err.sigma"), ((0, 0, 1, 1, 1.0), "hmm.err.rho")):
        with pytest.raises(InputError) as caught:
            hmm.spec_from_tables("gaussian", gauss.startprob, gauss.transmat,
                                 [row, *gauss.emission[1:]])
        assert caught.value.key == key


def test_baum_welch_improves_and_recovers_the_casino():
    spec = hmm.PRESETS["casino"].spec
    analysis = hmm.sample_and_decode(spec, hmm.SampleParams(3000, 0))
    seen = []
    learned = hmm.baum_welch(spec, analysis.X, analysis.Z, n_iter=60, seed=0,
                             callback=lambda i, log_p: seen.append(i))
    history = np.array(learned.log_likelihoods)
    assert seen == list(range(1, len(history) + 1))
    assert np.all(np.diff(history) > -1e-6)  # EM never makes the fit worse
    assert learned.model.emissionprob_[1, 5] == pytest.approx(0.5, abs=0.1)
    assert np.abs(learned.model.transmat_ - np.array(spec.transmat)).max() < 0.1


def test_code_snippet_runs(monkeypatch):
    import plotly.graph_objects as go

    shown = []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: shown.append(self))
    for preset in hmm.PRESETS.values():
        namespace = {}
        exec(hmm.code_snippet(preset.spec, hmm.SampleParams(120, 4)), namespace)
        expected = hmm.sample_and_decode(preset.spec, hmm.SampleParams(120, 4))
        assert np.array_equal(namespace["Z"], expected.Z)
        assert np.array_equal(namespace["path"], expected.viterbi)
    assert len(shown) == len(hmm.PRESETS)


def test_baum_welch_keeps_forbidden_transitions_and_symbols_at_exactly_zero():
    """hmmlearn keeps a zero probability at zero through EM; pseudo-counts used to make it 1e-13."""
    hmmlearn_hmm = pytest.importorskip("hmmlearn.hmm")
    start = [0.6, 0.4, 0.0]
    trans = [[0.7, 0.3, 0.0], [0.0, 0.6, 0.4], [0.2, 0.0, 0.8]]  # a forbidden move per row
    emission = [[0.5, 0.5, 0.0], [0.0, 0.3, 0.7], [0.6, 0.0, 0.4]]
    model = hmm.CategoricalHMM(start, trans, emission)
    X, _ = model.sample(400, random_state=3)
    learned, _ = hmm.baum_welch_step(model, X)
    for ours, theirs in ((learned.transmat_, trans), (learned.emissionprob_, emission)):
        assert np.all(ours[np.asarray(theirs) == 0] == 0.0)
    reference = hmmlearn_hmm.CategoricalHMM(n_components=3, n_iter=1, init_params="",
                                            params="ste", tol=0, implementation="log")
    reference.startprob_, reference.transmat_ = np.array(start), np.array(trans)
    reference.emissionprob_, reference.n_features = np.array(emission), 3
    reference.fit(X)
    np.testing.assert_allclose(learned.transmat_, reference.transmat_, atol=1e-10)
    np.testing.assert_allclose(learned.emissionprob_, reference.emissionprob_, atol=1e-10)
    assert np.all(reference.transmat_[np.asarray(trans) == 0] == 0.0)


@pytest.mark.parametrize("bad", [[[0.0], [1.5], [2.0]], [[0], [-1], [2]], [[0], [1], [6]],
                                 [0, 1, 2]])
def test_categorical_observations_are_validated_like_hmmlearn(bad):
    model = hmm.PRESETS["casino"].spec.build()
    with pytest.raises(ValueError):
        model.score(np.asarray(bad))
    model.score(np.array([[0.0], [1.0], [2.0]]))  # whole numbers stored as floats are fine


def test_code_snippet_runs_from_another_folder(tmp_path):
    """Saved anywhere and run with a plain interpreter, the snippet finds the page's classes."""
    import os
    import subprocess
    import sys

    script = tmp_path / "hmm_snippet.py"
    script.write_text(hmm.code_snippet(hmm.PRESETS["weather"].spec, hmm.SampleParams(50, 1)),
                      encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": ""}
    # The figure would open in a browser; everything else runs as a student would run it.
    run = ("import plotly.graph_objects as go; go.Figure.show = lambda *a, **k: None; "
           f"exec(open({str(script)!r}, encoding='utf-8').read())")
    done = subprocess.run([sys.executable, "-c", run], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "log p(X)" in done.stdout
