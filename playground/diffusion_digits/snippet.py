""""Show code" of the digits page: a standalone script that generates the current grid with the
bundled model (public libraries only; the weights are read by their absolute path, so it runs
from any directory). The method itself is :data:`playground.diffusion.snippet.CORE`."""

from __future__ import annotations

from playground.diffusion.snippet import CORE, LOAD, bundled_path, header
from playground.diffusion_digits.model import DIGITS_SCHEDULE, N_IMAGES, DigitsParams


def code_snippet(params: DigitsParams, n: int = N_IMAGES) -> str:
    """Python that generates the digits page's grid with the bundled model."""
    return f'''{header("import plotly.express as px")}
{CORE}
{LOAD}

# --- The current view -------------------------------------------------------------------------
model, mean, scale, clip = load({bundled_path("digits")!r})  # scripts/train_diffusion.py digits
schedule = Schedule("{DIGITS_SCHEDULE.kind}", {DIGITS_SCHEDULE.n_steps})
samples, path = sample(model, schedule, {n}, "{params.method}", {params.n_steps}, {params.seed}, clip)
# Model space is [-1, 1] per pixel (no ink .. full ink); scikit-learn's digits use 0 .. 16.
images = np.clip((samples * scale + mean + 1.0) * 8.0, 0.0, 16.0).reshape(-1, 8, 8)

fig = px.imshow(images, facet_col=0, facet_col_wrap=8, color_continuous_scale="gray_r")
fig.show()
'''
