"""The sentiment page's "show code": runnable Python reproducing the current verdict."""

from __future__ import annotations

from playground.sentiment.text import (
    MAX_CHARS,
    MAX_EXPLAIN_UNITS,
    NEUTRAL_BAND,
    SNOWNLP,
    VADER,
    VADER_WORDS,
    WORD_UNIT,
)


def batch_snippet(naive_bayes: bool = True, neural: dict[str, str] | None = None,
                  offline: bool = True) -> str:
    """Runnable Python for batch mode that labels every line as the page does.

    The page reads each line's main language first: English lines go to VADER, Chinese lines
    to snownlp's naive Bayes (``naive_bayes``; when False, the user asked for VADER and Chinese
    lines are marked ``unsupported``), unless ``neural`` names a transformers model for that
    language (``{"en": model_id, "zh": model_id}``). ``offline``: the neural models are in the
    local cache, so the snippet must not wait for the network.
    """
    neural = dict(neural or {})
    imports = ["import math", "import re", ""]
    if neural and offline:
        imports = ["import math", "import os", "import re", "",
                   "# The models are in the local cache: never wait for the network.",
                   'os.environ["HF_HUB_OFFLINE"] = "1"', ""]
    imports.append("import pandas as pd")
    if "zh" not in neural and naive_bayes:
        imports.append("from snownlp import SnowNLP")
    if neural:
        imports.append("from transformers import pipeline")
    imports.append("from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer")
    readers = ["vader = SentimentIntensityAnalyzer()"]
    if neural:
        readers += ["", "", "def sign(label):",
                    '    """+1 for a positive label, -1 for a negative one, 0 otherwise."""',
                    '    return 1 if "pos" in label.lower() else -1 if "neg" in label.lower() else 0',
                    "", ""]
    readers += [f"neural_{lang} = pipeline(\"sentiment-analysis\", model={model_id!r})"
                for lang, model_id in sorted(neural.items())]
    branches = []
    for lang in ("en", "zh"):
        if lang in neural:
            body = f"""        scores = neural_{lang}(text, truncation=True, top_k=None)
        best = max(scores, key=lambda d: d["score"])
        label = {{1: "positive", -1: "negative"}}.get(sign(best["label"]), best["label"])
        return {lang!r}, {neural[lang]!r}, label, sum(sign(d["label"]) * d["score"] for d in scores)"""
        elif lang == "en":
            body = f"""        compound = vader.polarity_scores(text[:{MAX_CHARS}])["compound"]
        label = ("positive" if compound >= {NEUTRAL_BAND} else
                 "negative" if compound <= -{NEUTRAL_BAND} else "neutral")
        return "en", {VADER!r}, label, compound"""
        elif naive_bayes:
            body = f"""        p_positive = SnowNLP(text[:{MAX_CHARS}]).sentiments  # naive Bayes: P(positive)
        label = "positive" if p_positive >= 0.5 else "negative"
        return "zh", {SNOWNLP!r}, label, 2 * p_positive - 1"""
        else:
            body = """        return "zh", "", "unsupported", math.nan  # VADER reads English only"""
        if lang == "en":
            branches.append(f"    if language == \"en\":\n{body}")
        else:  # the last case needs no test
            branches.append("\n".join(line[4:] for line in body.splitlines()))
    return "\n".join(imports) + f'''

HAN = re.compile(r"[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
{chr(10).join(readers)}


def read(text):
    """(language, model, label, polarity in [-1, 1]) of one line, as the page reads it."""
    text = text.strip()
    if not text:
        return "", "", "empty", math.nan
    # A Chinese character carries about as much as a short English word.
    language = "zh" if len(HAN.findall(text)) > len(LATIN.findall(text)) / 3 else "en"
{chr(10).join(branches)}


# The page's download, or any UTF-8 CSV with a "text" column.
table = pd.read_csv("sentiment.csv", dtype=str, keep_default_na=False)
table[["language", "model", "label", "polarity"]] = [read(text) for text in table["text"]]
print(table["label"].value_counts())
print(table.sort_values("polarity")[["text", "label", "polarity"]].head())  # most negative
'''


def code_snippet(text: str, model_id: str = VADER, choice=None) -> str:
    """Runnable Python reproducing the current verdict (VADER, or the transformers pipeline)."""
    if model_id in (VADER, VADER_WORDS):
        return f'''import string

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

text = {text!r}
analyzer = SentimentIntensityAnalyzer()
scores = analyzer.polarity_scores(text)
print(scores)  # neg / neu / pos shares and the compound score in [-1, 1]
compound = scores["compound"]
label = ("positive" if compound >= {NEUTRAL_BAND} else
         "negative" if compound <= -{NEUTRAL_BAND} else "neutral")
print(label)

# Each word's valence in the lexicon, before the rules (negation, "very", "but", CAPS, "!").
for word in text.split():
    token = word.strip(string.punctuation) if len(word.strip(string.punctuation)) > 2 else word
    print(f"{{word:>15}} {{analyzer.lexicon.get(token.lower(), 0.0):+.1f}}")
'''
    header = "import re\n\n"
    if choice is not None and choice.source != "hub":
        header = ("import os\nimport re\n\n# The model is in the local cache: never wait for "
                  "the network (set before importing transformers).\n"
                  'os.environ["HF_HUB_OFFLINE"] = "1"\n')
    return f'''{header}
from transformers import pipeline

text = {text!r}
classifier = pipeline("sentiment-analysis", model={model_id!r})
print(classifier(text, truncation=True))


def polarity(t):
    """P(positive) - P(negative), in [-1, 1] like VADER's compound."""
    scores = classifier(t, truncation=True, top_k=None)
    return (sum(d["score"] for d in scores if "pos" in d["label"].lower())
            - sum(d["score"] for d in scores if "neg" in d["label"].lower()))


# Leave one out: a word, a Chinese character or a punctuation mark at a time (as on the page).
units = [m.span() for m in re.finditer({WORD_UNIT.pattern!r}, text)][:{MAX_EXPLAIN_UNITS}]
full = polarity(text)
for start, end in units:
    print(f"{{text[start:end]:>12}} {{full - polarity(text[:start] + text[end:]):+.3f}}")
'''
