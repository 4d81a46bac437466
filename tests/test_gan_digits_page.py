"""The GAN digits page when a bundled model file is missing: a message naming the file and the
command that rebuilds it, never a traceback."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")

from apptest_helpers import open_page  # noqa: E402


@pytest.fixture
def fresh_caches():
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_missing_generator_gets_a_message(monkeypatch, tmp_path, fresh_caches, lang):
    from playground.gan_digits import model as gan

    missing = tmp_path / "digits.safetensors"
    monkeypatch.setattr(gan, "BUNDLED_FILE", missing)
    at = open_page("pages/gan_digits.py", lang)
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert str(missing) in warnings and "scripts/train_gan_digits.py" in warnings


def test_a_missing_diffusion_model_leaves_the_gan_half_working(monkeypatch, tmp_path,
                                                               fresh_caches):
    from playground.diffusion import model as diff

    monkeypatch.setattr(diff, "BUNDLED_DIR", tmp_path)
    at = open_page("pages/gan_digits.py", "en")
    assert not at.exception
    assert "train_diffusion.py digits" in " ".join(w.value for w in at.warning)
    assert len(at.get("plotly_chart")) == 2  # the grid and the walk
