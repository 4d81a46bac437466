"""The "show code" of the Gaussian-mixture page: standalone Python reproducing the current view."""

from __future__ import annotations

from playground.datasets2d import dataset_code
from playground.gmm.model import GRID_RESOLUTION, GMMParams


_FULL_COVS = {
    "full": "gmm.covariances_",
    "tied": "np.repeat(gmm.covariances_[None], k, axis=0)",
    "diag": "np.stack([np.diag(c) for c in gmm.covariances_])",
    "spherical": "gmm.covariances_[:, None, None] * np.eye(2)",
}


def code_snippet(dataset, params: GMMParams, n_samples: int, sample_seed: int) -> str:
    """Standalone Python that refits the current mixture with scikit-learn, samples from it and
    draws data, ellipses, density contours and the new points with plotly.

    Parameters
    ----------
    dataset : DatasetParams of a generated set, or None for uploaded points, which the snippet
        reads from the ``points.csv`` the page offers for download.
    """
    if dataset is None:
        load = ('import pandas as pd\n\n'
                'table = pd.read_csv("points.csv")  # the page\'s CSV download\n'
                'X = table[["x", "y"]].to_numpy(float)')
    else:
        load = (dataset_code(dataset)
                + "\n# The mixture never sees the labels y: it finds the groups itself.")
    k = params.n_components
    return f'''import numpy as np
import plotly.graph_objects as go
from sklearn.mixture import GaussianMixture

{load}

gmm = GaussianMixture(n_components={k}, covariance_type="{params.covariance_type}",
                      init_params="{params.init}", random_state={params.seed}).fit(X)
print("EM iterations:", gmm.n_iter_, "converged:", gmm.converged_)
print("mean log-likelihood:", gmm.score(X))
print("BIC:", gmm.bic(X), "AIC:", gmm.aic(X))
print("weights:", gmm.weights_.round(3))
resp = gmm.predict_proba(X)  # soft assignment: one row per point, summing to 1

# Generate new points: pick a component by its weight, then draw from its Gaussian.
k = {k}
covs = {_FULL_COVS[params.covariance_type]}  # (k, 2, 2) whatever the covariance type
rng = np.random.default_rng({sample_seed})
z = rng.choice(k, size={n_samples}, p=gmm.weights_ / gmm.weights_.sum())
new = gmm.means_[z] + np.einsum("nij,nj->ni", np.linalg.cholesky(covs)[z],
                                rng.standard_normal(({n_samples}, 2)))

low, high = X.min(axis=0), X.max(axis=0)
pad = np.maximum((high - low) * 0.15, 0.5)
xs = np.linspace(low[0] - pad[0], high[0] + pad[0], {GRID_RESOLUTION})
ys = np.linspace(low[1] - pad[1], high[1] + pad[1], {GRID_RESOLUTION})
xx, yy = np.meshgrid(xs, ys)
log_p = gmm.score_samples(np.column_stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)

fig = go.Figure(go.Contour(x=xs, y=ys, z=np.maximum(log_p, log_p.max() - 8), ncontours=12,
                           colorscale="Greys", contours_coloring="lines", showscale=False))
fig.add_scatter(x=X[:, 0], y=X[:, 1], mode="markers", name="data",
                marker=dict(color=resp.argmax(axis=1), colorscale="Viridis", size=6))
fig.add_scatter(x=new[:, 0], y=new[:, 1], mode="markers", name="generated",
                marker=dict(symbol="x", size=5, color="black"))
angle = np.linspace(0, 2 * np.pi, 73)
for mean, cov in zip(gmm.means_, covs):
    values, vectors = np.linalg.eigh(cov)
    for n_sigma in (1, 2):  # ellipses at Mahalanobis distance 1 and 2
        circle = n_sigma * np.column_stack([np.cos(angle), np.sin(angle)])
        ring = mean + circle * np.sqrt(values) @ vectors.T
        fig.add_scatter(x=ring[:, 0], y=ring[:, 1], mode="lines", showlegend=False,
                        line=dict(color="black", dash="solid" if n_sigma == 1 else "dot"))
fig.update_yaxes(scaleanchor="x")
fig.show()
'''
