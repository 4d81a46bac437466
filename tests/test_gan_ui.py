"""GAN lab user interfaces: the Gradio tab's handlers and the page's live training."""

from __future__ import annotations

import inspect

import pytest

from ui import gradio_gan

DEFAULTS = {control.key: control.default for control in gradio_gan.SPEC.in_tab()}


def test_view_handler_takes_the_tabs_spec_controls_in_order():
    names = list(inspect.signature(gradio_gan.gan_view).parameters)
    assert tuple(names[1:1 + len(DEFAULTS)]) == gradio_gan.CONTROL_KEYS
    assert "draw" not in gradio_gan.SPEC["data"].tab["options"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_view_step_and_streamed_training(lang):
    args = list(DEFAULTS.values())
    summary, game, losses, token = gradio_gan.gan_view(lang, *args)
    assert token and game is not None and ("update D" in summary or "更新 D" in summary)
    summary, *_ = gradio_gan.gan_step(lang, *args, token)
    assert "update G" in summary or "更新 G" in summary
    short = {**DEFAULTS, "n_steps": 200}
    frames = list(gradio_gan.gan_train(lang, *short.values(), token))
    assert len(frames) >= 2
    assert gradio_gan._runs[token]["trainer"].step == 200  # the half-done step, then 199 more
    summary, *_ = gradio_gan.gan_reset(lang, *short.values(), token)
    assert gradio_gan._runs[token]["trainer"].step == 0


def test_a_diverging_run_is_named_in_the_tab():
    values = {**DEFAULTS, "optimiser": "sgd", "lr_d": 1.0, "lr_g": 1.0, "n_steps": 500}
    *_, token = gradio_gan.gan_view("en", *values.values())
    *_, (summary, game, losses, _) = gradio_gan.gan_train("en", *values.values(), token)
    assert game is not None and losses is not None
    trainer = gradio_gan._runs[token]["trainer"]
    if trainer.diverged:
        assert "Diverged" in summary


def test_changing_a_setting_starts_a_new_run():
    *_, token = gradio_gan.gan_view("en", *DEFAULTS.values())
    gradio_gan.gan_step("en", *DEFAULTS.values(), token)
    gradio_gan.gan_view("en", *{**DEFAULTS, "seed": 5}.values(), token)
    trainer = gradio_gan._runs[token]["trainer"]
    assert trainer.params.seed == 5 and trainer.phase == "d" and trainer.step == 0


# ---------------------------------------------------------------------------------- the page

def _texts(at, kind):
    return " ".join(element.value for element in at.get(kind))


def test_page_steps_plays_pauses_and_resets():
    from apptest_helpers import open_page, problems

    at = open_page("pages/gan.py", "en")
    assert "update D" in _texts(at, "markdown")
    at.button(key="gan_step").click().run()
    assert "update G" in _texts(at, "markdown")
    at.button(key="gan_step").click().run()
    assert at.session_state["gan_run"]["trainer"].step == 1
    at.button(key="gan_play").click().run()  # one chunk of training, then the next frame
    run = at.session_state["gan_run"]
    assert run["running"] and run["trainer"].step > 1 and problems(at) == []
    assert at.button(key="gan_pause").disabled is False
    at.button(key="gan_pause").click().run()
    assert not at.session_state["gan_run"]["running"]
    assert "Paused at step" in _texts(at, "caption")
    at.button(key="gan_restart").click().run()
    assert at.session_state["gan_run"]["trainer"].step == 0 and problems(at) == []


def test_page_names_a_diverged_run_and_a_too_small_drawing():
    from apptest_helpers import open_page, problems

    at = open_page("pages/gan.py", "en")
    trainer = at.session_state["gan_run"]["trainer"]
    trainer.status = "nan_loss"
    at.run()
    assert "Diverged" in _texts(at, "error") and problems(at) == []
    assert at.button(key="gan_play").disabled and at.button(key="gan_step").disabled
    at.selectbox(key="gan_data").set_value("draw").run()
    assert "at least 10 real points" in _texts(at, "warning") and problems(at) == []
    assert at.button(key="gan_play").disabled
