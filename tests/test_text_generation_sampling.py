"""The decoding rules of playground.text_generation.sampling: their properties, and parity with transformers."""

import pytest
import torch
from transformers import (LogitsProcessorList, RepetitionPenaltyLogitsProcessor,
                          TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper)

from playground.text_generation import sampling as S

VOCAB = 50


def random_logits(seed: int, vocab: int = VOCAB, scale: float = 3.0) -> torch.Tensor:
    return torch.randn(vocab, generator=torch.Generator().manual_seed(seed)) * scale


def assert_distribution(probs: torch.Tensor) -> None:
    assert torch.isfinite(probs).all()
    assert (probs >= 0).all()
    assert probs.sum().item() == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("seed", range(5))
def test_temperature_to_zero_is_argmax(seed):
    logits = random_logits(seed)
    for temperature in (1e-3, 1e-6, 1e-12, 0.0):
        probs = S.probabilities(S.temperature_scale(logits, temperature))
        assert int(probs.argmax()) == int(logits.argmax())
        assert probs.max().item() == pytest.approx(1.0, abs=1e-4)
    params = S.SamplingParams(temperature=0.0)
    token, _ = S.choose(logits, [], params, torch.Generator().manual_seed(0))
    assert token == int(logits.argmax())


@pytest.mark.parametrize("temperature", [1e-30, 1e-8, 1e-3, 1.0, 1e3, 1e8, 100.0])
def test_extreme_temperatures_stay_finite(temperature):
    logits = random_logits(1, scale=1e4)  # wide scores make the overflow risk real
    probs = S.probabilities(S.temperature_scale(logits, temperature))
    assert_distribution(probs)


def test_high_temperature_flattens_low_sharpens():
    logits = random_logits(2)
    entropy = lambda p: -(p * torch.log(p.clamp_min(1e-30))).sum().item()  # noqa: E731
    cold, warm, hot = (entropy(S.probabilities(S.temperature_scale(logits, t)))
                       for t in (0.3, 1.0, 3.0))
    assert cold < warm < hot


@pytest.mark.parametrize("k", [1, 2, 7, VOCAB - 1, VOCAB, VOCAB + 10])
def test_top_k_keeps_exactly_k(k):
    logits = random_logits(3)
    kept = torch.isfinite(S.top_k_filter(logits, k))
    assert int(kept.sum()) == min(k, VOCAB)
    expected = set(torch.topk(logits, min(k, VOCAB)).indices.tolist())
    assert set(torch.nonzero(kept).flatten().tolist()) == expected
    assert_distribution(S.probabilities(S.top_k_filter(logits, k)))


def test_top_k_zero_is_off_and_ties_with_the_kth_score_stay_as_in_transformers():
    logits = random_logits(4)
    assert torch.equal(S.top_k_filter(logits, 0), logits)
    for ties in (torch.zeros(10), torch.tensor([3.0, 2.0, 2.0, 2.0, 1.0, 0.0])):
        ours = S.top_k_filter(ties, 2)
        expected = TopKLogitsWarper(2)(None, ties[None].clone())[0]
        assert torch.equal(torch.isfinite(ours), torch.isfinite(expected))
    assert int(torch.isfinite(S.top_k_filter(torch.tensor([3.0, 2.0, 2.0, 1.0]), 2)).sum()) == 3


@pytest.mark.parametrize("p", [1e-6, 0.1, 0.5, 0.9, 0.999])
@pytest.mark.parametrize("seed", range(3))
def test_top_p_keeps_smallest_set_reaching_p(p, seed):
    logits = random_logits(seed)
    probs = S.probabilities(logits)
    kept = torch.isfinite(S.top_p_filter(logits, p))
    n = int(kept.sum())
    assert n >= 1
    ranked = torch.sort(probs, descending=True).values
    assert ranked[:n].sum().item() >= p - 1e-6  # the kept set reaches p ...
    assert n == 1 or ranked[:n - 1].sum().item() < p  # ... and one fewer would not
    assert kept[torch.argsort(probs, descending=True)[:n]].all()  # the most probable ones
    assert_distribution(S.probabilities(S.top_p_filter(logits, p)))


def test_top_p_one_is_off_and_one_token_always_stays():
    logits = random_logits(5)
    assert torch.equal(S.top_p_filter(logits, 1.0), logits)
    peaked = torch.tensor([100.0, 0.0, 0.0])
    assert int(torch.isfinite(S.top_p_filter(peaked, 0.5)).sum()) == 1


@pytest.mark.parametrize("p", [0.0, -1.0])
def test_top_p_zero_keeps_the_most_probable_token(p):
    logits = random_logits(9)
    kept = torch.isfinite(S.top_p_filter(logits, p))
    assert kept.tolist() == (torch.arange(VOCAB) == torch.argmax(logits)).tolist()
    assert_distribution(S.probabilities(S.top_p_filter(logits, p)))


NEG = float("-inf")


def test_run_limit_cuts_only_the_token_that_would_make_the_run_too_long():
    logits = torch.tensor([2.0, -2.0, 1.0, 0.5])
    assert S.run_limit(logits, [2, 0, 0, 0], 3).tolist() == [NEG, -2.0, 1.0, 0.5]
    assert S.run_limit(logits, [0, 1, 0, 0], 3).tolist() == logits.tolist()  # a run of two
    assert S.run_limit(logits, [0, 0], 3).tolist() == logits.tolist()  # too short to tell
    assert S.run_limit(logits, [0, 0, 0, 0], 0).tolist() == logits.tolist()  # 0: no limit
    assert S.run_limit(logits, torch.tensor([3, 3]), 2).tolist() == [2.0, -2.0, 1.0, NEG]


def test_greedy_decoding_with_a_run_limit_never_repeats_beyond_it():
    logits = torch.tensor([5.0, 1.0, 0.0])  # token 0 always wins unless cut
    ids: list[int] = []
    params = S.SamplingParams(greedy=True, max_run=2)
    for _ in range(9):
        ids.append(S.choose(logits, ids, params, None)[0])
    assert ids == [0, 0, 1, 0, 0, 1, 0, 0, 1]
    with pytest.raises(ValueError):
        S.SamplingParams(max_run=-1)


def test_repetition_penalty_lowers_seen_tokens_only():
    logits = torch.tensor([2.0, -2.0, 1.0, 0.5])
    out = S.repetition_penalty(logits, [0, 1, 1], 2.0)
    assert out.tolist() == [1.0, -4.0, 1.0, 0.5]
    assert torch.equal(S.repetition_penalty(logits, [0], 1.0), logits)


def test_params_are_validated():
    for bad in (dict(temperature=-1), dict(top_k=-1), dict(top_p=0.0), dict(top_p=1.5),
                dict(repetition_penalty=0.0)):
        with pytest.raises(ValueError):
            S.SamplingParams(**bad)


def test_sampling_without_a_generator_is_refused():
    with pytest.raises(ValueError):
        S.choose(random_logits(0), [], S.SamplingParams(), None)


def test_same_seed_same_draws():
    logits = random_logits(6, scale=1.0)
    params = S.SamplingParams(temperature=1.2, top_k=0, top_p=1.0)

    def draws(seed):
        generator = torch.Generator().manual_seed(seed)
        return [S.choose(logits, [], params, generator)[0] for _ in range(30)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("temperature,top_k,top_p,penalty", [
    (1.0, 0, 1.0, 1.0), (0.7, 10, 1.0, 1.0), (1.3, 0, 0.8, 1.0), (0.5, 20, 0.9, 1.3),
    (2.0, 5, 0.5, 1.7), (0.9, 1, 0.95, 1.1),
])
def test_matches_transformers_logits_processors(seed, temperature, top_k, top_p, penalty):
    generator = torch.Generator().manual_seed(100 + seed)
    logits = torch.randn(VOCAB, generator=generator) * 2
    previous = torch.randint(0, VOCAB, (12,), generator=generator)
    processors = LogitsProcessorList([RepetitionPenaltyLogitsProcessor(penalty),
                                      TemperatureLogitsWarper(temperature)])
    if top_k:
        processors.append(TopKLogitsWarper(top_k))
    if top_p < 1.0:
        processors.append(TopPLogitsWarper(top_p))
    expected = torch.softmax(processors(previous[None], logits[None].clone())[0], dim=-1)
    params = S.SamplingParams(temperature=temperature, top_k=top_k, top_p=top_p,
                              repetition_penalty=penalty)
    ours = S.probabilities(S.process_logits(logits, previous, params))
    assert_distribution(ours)
    torch.testing.assert_close(ours, expected, atol=1e-6, rtol=1e-5)
