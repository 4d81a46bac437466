"""The "show code" of the discriminative page: standalone Python reproducing the current view."""

from __future__ import annotations

import numpy as np

from playground.datasets2d import dataset_code
from playground.discriminative.model import (GRID_RESOLUTION, MLP_MAX_ITER, ModelParams,
                                             SplitParams, can_stratify)


def code_snippet(dataset, model: ModelParams, split_params: SplitParams, y: np.ndarray) -> str:
    """Standalone Python that refits the current view with scikit-learn and draws it with plotly.

    Parameters
    ----------
    dataset : DatasetParams of a generated set, or None for uploaded / edited points, which the
        snippet reads from the ``points.csv`` the page offers for download.
    y : the labels actually used, to reproduce the split's stratification.
    """
    if dataset is None:
        load = ('import pandas as pd\n\ntable = pd.read_csv("points.csv")  # the page\'s CSV download\n'
                'X = table[["x", "y"]].to_numpy(float)\n'
                'y = pd.factorize(table["label"].astype(str), sort=True)[0]')
    else:
        load = dataset_code(dataset)
    if model.family == "logreg":
        classifier = f"LogisticRegression(C={model.C}, max_iter=2000)"
    elif model.family == "svm":
        classifier = (f'SVC(C={model.C}, kernel="{model.kernel}", gamma={model.gamma}, '
                      f"degree={model.degree}, coef0=1.0)")
    else:
        classifier = (f"MLPClassifier(hidden_layer_sizes={model.hidden_layers}, "
                      f'activation="{model.activation}", alpha={model.alpha}, solver="lbfgs", '
                      f"max_iter={MLP_MAX_ITER}, random_state={model.seed})")
    n_test = int(round(split_params.test_fraction * len(y)))
    stratify = "y" if can_stratify(y, n_test) else "None"
    if n_test == 0:
        split_code = "train_idx, test_idx = np.arange(len(X)), np.arange(0)"
    else:
        split_code = (f"train_idx, test_idx = train_test_split(np.arange(len(X)), test_size={n_test}, "
                      f"random_state={split_params.seed}, stratify={stratify})\n"
                      "train_idx, test_idx = np.sort(train_idx), np.sort(test_idx)")
    if model.family == "mlp":
        score = ("p = np.clip(model.predict_proba(grid)[:, 1], 1e-10, 1 - 1e-10)\n"
                 "zz = np.clip(np.log(p / (1 - p)), -10, 10).reshape(xx.shape)  # log-odds")
    else:
        score = "zz = model.decision_function(grid).reshape(xx.shape)"
    levels = "start=-1, end=1, size=1" if model.family == "svm" else "start=0, end=0, size=1"
    return f'''import numpy as np
import plotly.graph_objects as go
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

{load}
{split_code}

model = make_pipeline(StandardScaler(), {classifier})
model.fit(X[train_idx], y[train_idx])
print("train accuracy:", model.score(X[train_idx], y[train_idx]))
if len(test_idx):
    print("test accuracy:", model.score(X[test_idx], y[test_idx]))

# Decision function on a {GRID_RESOLUTION} x {GRID_RESOLUTION} grid: 0 is the boundary.
low, high = X.min(axis=0), X.max(axis=0)
pad = np.maximum((high - low) * 0.15, 0.5)
xs = np.linspace(low[0] - pad[0], high[0] + pad[0], {GRID_RESOLUTION})
ys = np.linspace(low[1] - pad[1], high[1] + pad[1], {GRID_RESOLUTION})
xx, yy = np.meshgrid(xs, ys)
grid = np.column_stack([xx.ravel(), yy.ravel()])
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
