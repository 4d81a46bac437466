"""The "show code" of the summarization page: the extractive summary written out as a script."""

from __future__ import annotations

from playground.summarization.model import DAMPING, ExtractParams
from playground.summarization.text import Document


def code_snippet(document: Document, params: ExtractParams) -> str:
    """Standalone Python reproducing the current extractive summary (run from the repository
    root: sentence splitting and term extraction come from this module)."""
    if params.method == "lead":
        score = "scores = 1.0 / (1.0 + np.arange(len(sentences)))  # earlier is better"
    elif params.method == "textrank":
        score = f"""similarity = (vectors @ vectors.T).toarray()  # cosine similarity: unit rows
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
scores = updated"""
    else:
        score = """centroid = np.asarray(vectors.mean(axis=0)).ravel()  # the "average sentence"
scores = vectors @ centroid / np.linalg.norm(centroid)"""
    vectorize = "" if params.method == "lead" else """
vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
vectors = vectorizer.fit_transform(sentences)  # sparse (n_sentences, n_terms), unit rows"""
    k = params.n_chosen(len(document.sentences))
    joiner = '""' if document.language == "zh" else '" "'
    return f'''import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from playground.summarization.text import split_sentences, terms

text = {document.text!r}
sentences = [s.text for s in split_sentences(text)]
{vectorize}
{score}

chosen = np.sort(np.argsort(-scores, kind="stable")[:{k}])  # the {k} best, in text order
summary = {joiner}.join(sentences[i] for i in chosen)
for i, (sentence, score) in enumerate(zip(sentences, scores), start=1):
    print(f"{{'*' if i - 1 in chosen else ' '}} {{i:3d}}  {{score:.4f}}  {{sentence[:70]}}")
print()
print(summary)
'''
