"""The "show code" of the discriminative page: standalone Python reproducing the current view."""

from __future__ import annotations

from playground.datasets2d import dataset_code
from playground.discriminative.generative import LOG_ODDS_CLIP, GenerativeParams
from playground.discriminative.model import (GRID_RESOLUTION, MLP_MAX_ITER, SVM_MAX_ITER,
                                             SVM_TOL, ModelParams, SplitParams)

_HELD_OUT = '''

def held_out(X, seed, share):
    """Test point or not, decided by each point alone: a hash of its coordinates keyed by the
    seed, read as a number in [0, 1). Removing another point never moves a point between parts."""
    draws = [int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=8,
                                            key=str(seed).encode()).digest(), "little") / 2.0**64
             for row in np.ascontiguousarray(X, dtype=np.float64)]
    return np.array(draws) < share

'''


def _load_and_split(dataset, split_params: SplitParams, scale) -> str:
    """Code setting ``X, y, train_idx, test_idx`` and the frozen ``scaler``."""
    if dataset is None:
        load = ('table = pd.read_csv("points.csv")  # the page\'s CSV download\n'
                'X = table[["x", "y"]].to_numpy(float)\n'
                'y = pd.factorize(table["label"].astype(str), sort=True)[0]\n'
                'test = table["split"].eq("test").to_numpy()  # the page\'s split, as downloaded')
    else:
        load = (dataset_code(dataset) + "\n"
                f"test = held_out(X, seed={split_params.seed}, share={split_params.test_fraction})")
    scaler = ("# Standardised once, on the data set before any edit, then kept fixed.\n"
              "scaler = StandardScaler().fit(X)")
    if scale is not None:
        mean, spread = ([repr(float(v)) for v in values] for values in scale)
        scaler += ("\n# The page fitted it on the points as they were before your clicks:\n"
                   f"scaler.mean_ = np.array([{', '.join(mean)}])\n"
                   f"scaler.scale_ = np.array([{', '.join(spread)}])")
    return (f"{load}\ntrain_idx, test_idx = np.flatnonzero(~test), np.flatnonzero(test)\n"
            f"{scaler}")


_GRID = f'''# Decision function on a {GRID_RESOLUTION} x {GRID_RESOLUTION} grid covering the points: 0 is the boundary.
low, high = X.min(axis=0), X.max(axis=0)
pad = np.maximum((high - low) * 0.15, 0.5)
xs = np.linspace(low[0] - pad[0], high[0] + pad[0], {GRID_RESOLUTION})
ys = np.linspace(low[1] - pad[1], high[1] + pad[1], {GRID_RESOLUTION})
xx, yy = np.meshgrid(xs, ys)
grid = np.column_stack([xx.ravel(), yy.ravel()])'''

_IMPORTS = '''import hashlib

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC'''


def code_snippet(dataset, model: ModelParams, split_params: SplitParams,
                 scale=None) -> str:
    """Standalone Python that refits the current view with scikit-learn and draws it with plotly.

    Parameters
    ----------
    dataset : DatasetParams of a generated set, or None for uploaded / edited points, which the
        snippet reads from the ``points.csv`` the page offers for download.
    scale : (mean, scale) of the standardisation when it was fitted on other points than the
        ones drawn (the points before clicks), else None.
    """
    if model.family == "logreg":
        classifier = f"LogisticRegression(C={model.C}, max_iter=2000)"
    elif model.family == "svm":
        classifier = (f'SVC(C={model.C}, kernel="{model.kernel}", gamma={model.gamma}, '
                      f"degree={model.degree}, coef0=1.0,\n          tol={SVM_TOL}, "
                      f"max_iter={SVM_MAX_ITER})")
    else:
        classifier = (f"MLPClassifier(hidden_layer_sizes={model.hidden_layers}, "
                      f'activation="{model.activation}", alpha={model.alpha}, solver="lbfgs", '
                      f"max_iter={MLP_MAX_ITER}, random_state={model.seed})")
    if model.family == "mlp":
        score = ("p = np.clip(model.predict_proba(grid)[:, 1], 1e-10, 1 - 1e-10)\n"
                 "zz = np.clip(np.log(p / (1 - p)), -10, 10).reshape(xx.shape)  # log-odds")
    else:
        score = "zz = model.decision_function(grid).reshape(xx.shape)"
    levels = "start=-1, end=1, size=1" if model.family == "svm" else "start=0, end=0, size=1"
    return f'''{_IMPORTS}
{_HELD_OUT}
{_load_and_split(dataset, split_params, scale)}

model = make_pipeline(FrozenEstimator(scaler), {classifier})
model.fit(X[train_idx], y[train_idx])
print("train accuracy:", model.score(X[train_idx], y[train_idx]))
if len(test_idx):
    print("test accuracy:", model.score(X[test_idx], y[test_idx]))

{_GRID}
{score}

fig = go.Figure(go.Heatmap(x=xs, y=ys, z=np.clip(zz, -3, 3), colorscale="RdBu_r", zmid=0))
fig.add_contour(x=xs, y=ys, z=zz, contours=dict({levels}, coloring="lines"),
                showscale=False, colorscale=[[0, "black"], [1, "black"]])
for idx, symbol in ((train_idx, "circle"), (test_idx, "x")):
    fig.add_scatter(x=X[idx, 0], y=X[idx, 1], mode="markers",
                    marker=dict(color=y[idx], colorscale=[[0, "#0072B2"], [1, "#D55E00"]], symbol=symbol))
fig.update_yaxes(scaleanchor="x")
fig.show()
'''


def generative_snippet(dataset, C: float, params: GenerativeParams, split_params: SplitParams,
                       scale=None) -> str:
    """Standalone Python for the "discriminative vs generative" view: logistic regression, one
    Gaussian mixture per class with Bayes' rule, and new points drawn from the latter."""
    k = params.n_components
    return f'''{_IMPORTS}
from scipy.special import logsumexp
from sklearn.mixture import GaussianMixture
{_HELD_OUT}
{_load_and_split(dataset, split_params, scale)}

# Discriminative: logistic regression learns p(y | x) and nothing else.
logreg = make_pipeline(FrozenEstimator(scaler), LogisticRegression(C={C}, max_iter=2000))
logreg.fit(X[train_idx], y[train_idx])

# Generative: p(y) from the class shares, p(x | y) as {k} Gaussian(s) per class.
classes, counts = np.unique(y[train_idx], return_counts=True)
prior = counts / counts.sum()
mixtures = [GaussianMixture({k}, covariance_type="full", random_state={params.seed})
            .fit(X[train_idx][y[train_idx] == c]) for c in classes]


def posterior(points):
    """Bayes' rule: p(y | x) = p(x | y) p(y) / p(x), in logs."""
    joint = np.column_stack([m.score_samples(points) for m in mixtures]) + np.log(prior)
    return np.exp(joint - logsumexp(joint, axis=1, keepdims=True))


for name, predict in (("logistic regression", logreg.predict),
                      ("generative", lambda p: classes[posterior(p).argmax(axis=1)])):
    print(name, "train accuracy:", np.mean(predict(X[train_idx]) == y[train_idx]))
    if len(test_idx):
        print(name, "test accuracy:", np.mean(predict(X[test_idx]) == y[test_idx]))

{_GRID}
zz_logreg = logreg.decision_function(grid).reshape(xx.shape)
joint = np.column_stack([m.score_samples(grid) for m in mixtures]) + np.log(prior)
zz = np.clip(joint[:, 1] - joint[:, 0], -{LOG_ODDS_CLIP}, {LOG_ODDS_CLIP}).reshape(xx.shape)  # log-odds

# Only the generative model can draw new points: a class from p(y), a component from the
# class's mixture weights, a point from that Gaussian.
rng = np.random.default_rng({params.seed})
labels = rng.choice(len(classes), size={params.n_samples}, p=prior)
new = np.empty(({params.n_samples}, 2))
for c, m in enumerate(mixtures):
    rows = np.flatnonzero(labels == c)
    components = rng.choice({k}, size=len(rows), p=m.weights_)
    for j in range({k}):
        chosen = rows[components == j]
        new[chosen] = rng.multivariate_normal(m.means_[j], m.covariances_[j], len(chosen))
new_labels = classes[labels]

fig = go.Figure(go.Heatmap(x=xs, y=ys, z=np.clip(zz, -3, 3), colorscale="RdBu_r", zmid=0))
for z, dash in ((zz, "solid"), (zz_logreg, "dot")):  # generative boundary, logistic regression's
    fig.add_contour(x=xs, y=ys, z=z, contours=dict(start=0, end=0, size=1, coloring="lines"),
                    showscale=False, colorscale=[[0, "black"], [1, "black"]], line_dash=dash)
fig.add_scatter(x=X[:, 0], y=X[:, 1], mode="markers", opacity=0.35,
                marker=dict(color=y, colorscale=[[0, "#0072B2"], [1, "#D55E00"]]))
fig.add_scatter(x=new[:, 0], y=new[:, 1], mode="markers",
                marker=dict(symbol="diamond", color=new_labels,
                            colorscale=[[0, "#0072B2"], [1, "#D55E00"]], line_width=1))
fig.update_yaxes(scaleanchor="x")
fig.show()
'''
