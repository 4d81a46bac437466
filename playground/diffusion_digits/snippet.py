""""Show code" of the digits page: a script that generates the current grid with the bundled
model (it imports this repository's ``playground`` package for the model and the sampler)."""

from __future__ import annotations

from playground.diffusion_digits.model import N_IMAGES, DigitsParams


def code_snippet(params: DigitsParams, n: int = N_IMAGES) -> str:
    """Python that generates the digits page's grid with the bundled model."""
    return f'''import plotly.express as px

from playground.diffusion_digits.model import generate, load_model, to_pixels

model = load_model()  # bundled, trained by scripts/train_diffusion.py digits
result = generate(model, {n}, method="{params.method}", n_steps={params.n_steps},
                  seed={params.seed})
images = to_pixels(result.samples)  # ({n}, 8, 8) ink values 0..16

fig = px.imshow(images, facet_col=0, facet_col_wrap=8, color_continuous_scale="gray_r")
fig.show()
'''
