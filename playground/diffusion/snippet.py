""""Show code" of the 2-D diffusion page: a script that redoes the current view's reverse process
and draws the samples (it imports this repository's ``playground`` package for the bundled
models and the training loop)."""

from __future__ import annotations

from playground.diffusion.data import PointsParams
from playground.diffusion.schedule import ScheduleParams
from playground.diffusion.training import TrainParams


def code_snippet(data: PointsParams | None, schedule: ScheduleParams, method: str, n_steps: int,
                 seed: int, trained: TrainParams | None) -> str:
    """Python that redoes the 2-D page's reverse process and draws the samples.

    ``data`` None means uploaded points (read from ``points.csv``); ``trained`` None means the
    bundled model of the shape, otherwise the training run to repeat.
    """
    if data is None:
        load = ('import pandas as pd\n\nX = pd.read_csv("points.csv")[["x", "y"]].to_numpy(float)'
                '  # your upload')
    else:
        load = ("from playground.diffusion.data import PointsParams, make_points\n\n"
                f"X = make_points({data!r})")
    if trained is None:
        model = (f'model = load_bundled("{data.name}")  # trained by scripts/train_diffusion.py'
                 if data is not None else "model = None  # an upload has no bundled model")
    else:
        model = f"model = train(X, {schedule!r},\n              {trained!r})  # a few seconds"
    return f'''import plotly.graph_objects as go

from playground.diffusion.model import load_bundled
from playground.diffusion.quality import energy_distance
from playground.diffusion.samplers import generate
from playground.diffusion.schedule import ScheduleParams
from playground.diffusion.training import TrainParams, train
{load}

{model}
# Reverse process: start from noise, remove it step by step ({method.upper()}, {n_steps} steps).
result = generate(model, 1000, schedule={schedule!r}, method="{method}",
                  n_steps={n_steps}, seed={seed}, keep_trajectory=True)
print("energy distance to the data:", energy_distance(result.samples, X, model.scale))

fig = go.Figure()
fig.add_scatter(x=X[:, 0], y=X[:, 1], mode="markers", name="data", marker_color="lightgrey")
fig.add_scatter(x=result.samples[:, 0], y=result.samples[:, 1], mode="markers", name="generated")
for j in range(5):  # the paths of five points, from noise to data
    fig.add_scatter(x=result.trajectory[:, j, 0], y=result.trajectory[:, j, 1], mode="lines")
fig.update_yaxes(scaleanchor="x")
fig.show()
'''
