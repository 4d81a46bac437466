"""The "show code" of the text-generation page: the generation loop written out as a script."""

from __future__ import annotations

from playground.models import ModelChoice
from playground.text_generation.model import GenerationParams


def code_snippet(choice: ModelChoice, prompt: str, params: GenerationParams) -> str:
    """Runnable Python: the same loop written out, giving the same text for the same seed."""
    source = choice.model_id  # a bundled path is relative to the repository root
    offline = "" if choice.source != "cache" else ", local_files_only=True"
    return f'''import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

from playground.text_generation import sampling  # the decoding rules of this page, one small function each

name = {source!r}
tokenizer = AutoTokenizer.from_pretrained(name{offline})
model = AutoModelForCausalLM.from_pretrained(name{offline}).eval()
rules = sampling.SamplingParams(temperature={params.temperature!r}, top_k={params.top_k!r},
                                top_p={params.top_p!r},
                                repetition_penalty={params.repetition_penalty!r},
                                greedy={params.greedy!r})
generator = torch.Generator().manual_seed({params.seed!r})  # never the global seed

ids = tokenizer({prompt!r}, add_special_tokens=False)["input_ids"] or [tokenizer.eos_token_id]
prompt_length, past, feed = len(ids), None, ids
with torch.inference_mode():
    for _ in range({params.max_new_tokens!r}):
        out = model(input_ids=torch.tensor([feed]), past_key_values=past, use_cache=True)
        past, logits = out.past_key_values, out.logits[0, -1].float()  # scores of every token
        probs = sampling.probabilities(sampling.process_logits(logits, ids, rules))
        token = (sampling.greedy_choice(probs) if rules.is_greedy
                 else sampling.sample(probs, generator))
        ids.append(token)
        feed = [token]  # the cache remembers everything before
        if token == tokenizer.eos_token_id:
            break
print(tokenizer.decode(ids[prompt_length:], skip_special_tokens=True))
'''

