"""The "show code" of the summarization page: the extractive summary written out as a script.

The script needs NumPy and scikit-learn only (it runs from any directory): the sentences come as
the page split them, and the term extraction of :func:`.text.terms` is written out in it when the
scores need it.
"""

from __future__ import annotations

from playground.summarization.model import DAMPING, TIE_DIGITS, ExtractParams
from playground.summarization.text import CJK_RANGES, Document

TERMS = f'''CJK = r"{CJK_RANGES}"  # Chinese characters
RUN = re.compile(rf"[{{CJK}}]+|[^\\W_{{CJK}}]+(?:['’][^\\W_{{CJK}}]+)?")


def terms(sentence):
    """Lower-cased words without English stop words; Chinese, written without spaces, as
    overlapping pairs of characters."""
    out = []
    for run in RUN.findall(sentence.lower()):
        if re.match(rf"[{{CJK}}]", run):
            out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
        elif run not in ENGLISH_STOP_WORDS:
            out.append(run)
    return out


vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
vectors = vectorizer.fit_transform(sentences)  # sparse (n_sentences, n_terms), unit rows
'''

SCORES = {
    "lead": "scores = 1.0 / (1.0 + np.arange(len(sentences)))  # earlier is better",
    "textrank": f"""similarity = (vectors @ vectors.T).toarray()  # cosine similarity: unit rows
np.fill_diagonal(similarity, 0)
out_weight = similarity.sum(axis=1, keepdims=True)
n = len(sentences)
transition = np.where(out_weight > 0, similarity / np.where(out_weight > 0, out_weight, 1), 1 / n)
scores = np.full(n, 1 / n)
for _ in range(500):  # PageRank by power iteration, damping {DAMPING}
    updated = (1 - {DAMPING}) / n + {DAMPING} * transition.T @ scores
    if np.abs(updated - scores).sum() < 1e-10:
        break
    scores = updated
scores = updated""",
    "centroid": """centroid = np.asarray(vectors.mean(axis=0)).ravel()  # the "average sentence"
scores = vectors @ centroid / np.linalg.norm(centroid)""",
}


def code_snippet(document: Document, params: ExtractParams) -> str:
    """Standalone Python reproducing the current extractive summary."""
    listed = "\n".join(f"    {s.text!r}," for s in document.sentences)
    if params.method == "lead":
        imports, vectorize = "import numpy as np\n", ""
    else:
        imports = ("import re\n\nimport numpy as np\nfrom sklearn.feature_extraction.text import "
                   "ENGLISH_STOP_WORDS, TfidfVectorizer\n")
        vectorize = "\n" + TERMS
    k = params.n_chosen(len(document.sentences))
    joiner = '""' if document.language == "zh" else '" "'
    return f'''{imports}
sentences = [  # the text's sentences, as the page split them
{listed}
]
{vectorize}
{SCORES[params.method]}

# Scores equal to {TIE_DIGITS} significant digits tie, and a tie goes to the earlier sentence.
rounded = np.array([float(f"{{score:.{TIE_DIGITS}g}}") for score in scores])
chosen = np.sort(np.argsort(-rounded, kind="stable")[:{k}])  # the {k} best, in text order
summary = {joiner}.join(sentences[i] for i in chosen)
for i, (sentence, score) in enumerate(zip(sentences, scores), start=1):
    print(f"{{'*' if i - 1 in chosen else ' '}} {{i:3d}}  {{score:.4f}}  {{sentence[:70]}}")
print()
print(summary)
'''
