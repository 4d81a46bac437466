"""The "show code" of the text-generation page: the generation loop written out as a script.

The script needs torch and transformers only (it runs from any directory). The decoding rules
of :mod:`.sampling` are written out in it, only those the current settings switch on, with the
same tensor operations, so the same seed gives the same text as the page.
"""

from __future__ import annotations

from playground.models import ModelChoice
from playground.text_generation.model import GenerationParams


def _rules(params: GenerationParams) -> str:
    """Body of the script's ``next_token(logits, ids)``: the rules the settings switch on."""
    rules = params.sampling
    lines = []
    if rules.repetition_penalty != 1.0:
        lines += [
            "# repetition penalty: scores of tokens already in the text move down",
            "seen = torch.tensor(ids).unique()",
            "scores = logits[seen]",
            "logits = logits.clone()",
            f"logits[seen] = torch.where(scores < 0, scores * {rules.repetition_penalty!r}, "
            f"scores / {rules.repetition_penalty!r})",
        ]
    if rules.max_run:
        lines += [
            f"# run limit: a token may not stand more than {rules.max_run} times in a row",
            f"if len(ids) >= {rules.max_run} and len(set(ids[-{rules.max_run}:])) == 1:",
            "    logits = logits.clone()",
            '    logits[ids[-1]] = float("-inf")',
        ]
    if rules.is_greedy:
        lines += ["return int(torch.argmax(logits))  # greedy: the most probable token"]
        return "\n".join(lines)
    lines += [
        "# temperature: scores shifted so that the largest is 0, then divided",
        f"logits = (logits - logits.max()) / {rules.temperature!r}",
    ]
    if 0 < rules.top_k:
        lines += [
            f"# top-k: keep the {rules.top_k} highest scores",
            f"if {rules.top_k} < logits.shape[-1]:",
            f"    keep = torch.topk(logits, {rules.top_k}).indices",
            '    logits = torch.full_like(logits, float("-inf")).scatter(0, keep, logits[keep])',
        ]
    if rules.top_p < 1.0:
        lines += [
            f"# top-p: keep the most probable tokens until their mass reaches {rules.top_p!r}",
            "order = torch.argsort(logits, descending=True)",
            "probs = torch.softmax(logits[order], dim=-1)",
            f"cut = torch.cumsum(probs, dim=-1) - probs >= {rules.top_p!r}",
            "logits = logits.clone()",
            'logits[order[cut]] = float("-inf")',
        ]
    lines += [
        "probs = torch.softmax(logits, dim=-1)",
        "return int(torch.multinomial(probs, 1, generator=generator))  # draw one token",
    ]
    return "\n".join(lines)


def code_snippet(choice: ModelChoice, prompt: str, params: GenerationParams) -> str:
    """Runnable Python: the same loop written out, giving the same text for the same seed."""
    name = choice.load_kwargs()["pretrained_model_name_or_path"]  # the bundled model's full path
    offline = "" if choice.source != "cache" else ", local_files_only=True"
    body = "\n".join("    " + line for line in _rules(params).splitlines())
    return f'''import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

name = {name!r}
tokenizer = AutoTokenizer.from_pretrained(name{offline})
model = AutoModelForCausalLM.from_pretrained(name{offline}).eval()
generator = torch.Generator().manual_seed({params.seed!r})  # never the global seed


def next_token(logits, ids):
    """The page's decoding rules, in the order transformers applies them."""
{body}


ids = tokenizer({prompt!r}, add_special_tokens=False)["input_ids"] or [tokenizer.eos_token_id]
prompt_length, past, feed = len(ids), None, ids
with torch.inference_mode():
    for _ in range({params.max_new_tokens!r}):
        out = model(input_ids=torch.tensor([feed]), past_key_values=past, use_cache=True)
        past, logits = out.past_key_values, out.logits[0, -1].float()  # scores of every token
        token = next_token(logits, ids)
        ids.append(token)
        feed = [token]  # the cache remembers everything before
        if token == tokenizer.eos_token_id:
            break
print(tokenizer.decode(ids[prompt_length:], skip_special_tokens=True))
'''
