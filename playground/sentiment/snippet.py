"""The sentiment page's "show code": runnable Python reproducing the current verdict."""

from __future__ import annotations

from playground.sentiment.text import (
    MAX_EXPLAIN_UNITS,
    NEUTRAL_BAND,
    VADER,
    VADER_WORDS,
    WORD_UNIT,
)


def batch_snippet() -> str:
    """Runnable Python for batch mode with VADER: a CSV's text column in, labels out."""
    return f'''import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# The page's download, or any UTF-8 CSV with a "text" column.
table = pd.read_csv("sentiment.csv", dtype=str, keep_default_na=False)
analyzer = SentimentIntensityAnalyzer()
table["compound"] = [analyzer.polarity_scores(text)["compound"] for text in table["text"]]
table["label"] = pd.cut(table["compound"], [-1.01, -{NEUTRAL_BAND}, {NEUTRAL_BAND} - 1e-9, 1.01],
                        labels=["negative", "neutral", "positive"])
print(table["label"].value_counts())
print(table.sort_values("compound").head())  # the most negative lines
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
