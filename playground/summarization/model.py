"""Text summarization two ways: extracting sentences, and generating new ones.

Chapter §1.3.2 describes summarization as shortening a long document while keeping its
important information, and notes that "some models extract text from the input, others generate
entirely new text"; its example hands a paragraph about Paris to ``pipeline("summarization")``.
The page shows both side by side:

* **Extractive** (this module): split the text into sentences, score each one and keep the best,
  unchanged and in their original order. Scores come from TF-IDF sentence vectors
  (scikit-learn) and either TextRank / LexRank, PageRank over the sentence-similarity graph
  (Mihalcea & Tarau 2004, "TextRank"; Erkan & Radev 2004, "LexRank"), the similarity to the
  document's centroid (Radev et al. 2004), or the position baseline "lead" (the first sentences,
  hard to beat on news). Runs offline in milliseconds, in English and Chinese.
* **Abstractive** (:mod:`.abstractive`): a sequence-to-sequence model writes a new, shorter text.

Sentences, terms and the cleaning of user text live in :mod:`.text`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from playground.csv_out import rows_to_csv
from playground.summarization.text import Document, clean_text, terms

METHODS = ("textrank", "centroid", "lead")
SIZE_BY = ("sentences", "ratio")
DAMPING = 0.85  # PageRank's probability of following an edge rather than jumping anywhere
TIE_DIGITS = 12  # scores equal to this many significant digits are a tie: the earlier sentence wins


@dataclass(frozen=True)
class ExtractParams:
    """Settings of the extractive summary; also the cache key and URL state of the page."""

    method: str = "textrank"  # how sentences are scored, one of METHODS
    size_by: str = "sentences"  # summary length as a number of sentences or a share of them
    n_sentences: int = 2  # sentences kept when size_by == "sentences"
    ratio: float = 0.3  # share of the sentences kept when size_by == "ratio"

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.size_by not in SIZE_BY:
            raise ValueError(f"size_by must be one of {SIZE_BY}, got {self.size_by!r}")
        if not 1 <= self.n_sentences <= 50:
            raise ValueError(f"n_sentences must be within 1..50, got {self.n_sentences}")
        if not 0.0 < self.ratio <= 1.0:
            raise ValueError(f"ratio must be within (0, 1], got {self.ratio}")

    def n_chosen(self, n_total: int) -> int:
        """Sentences to keep out of ``n_total``: at least one, and fewer than all."""
        wanted = (self.n_sentences if self.size_by == "sentences"
                  else int(round(self.ratio * n_total)))
        return max(1, min(wanted, n_total - 1))


def tfidf_matrix(sentences: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF vectors of the sentences, sparse, shape (n_sentences, n_terms).

    Kept sparse: on a shared CPU, sparse products of a few hundred sentences take well under a
    millisecond where dense BLAS calls can wait tens of milliseconds for threads.
    """
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    try:
        return vectorizer.fit_transform(sentences).tocsr()
    except ValueError:  # not a single term (only stop words)
        return sparse.csr_matrix((len(sentences), 1))


def pagerank(similarity: np.ndarray, damping: float = DAMPING, tol: float = 1e-10,
             max_iter: int = 500) -> np.ndarray:
    """PageRank of a weighted undirected graph by power iteration; scores sum to 1.

    Parameters
    ----------
    similarity : ndarray (n, n), symmetric, non-negative; the diagonal is ignored.
    """
    weights = similarity * (1 - np.eye(len(similarity)))
    out_weight = weights.sum(axis=1, keepdims=True)
    n = len(weights)
    # A random surfer follows an edge with probability proportional to its weight; from a
    # sentence that shares no term with any other it jumps anywhere.
    transition = np.where(out_weight > 0, weights / np.where(out_weight > 0, out_weight, 1), 1 / n)
    rank = np.full(n, 1 / n)
    for _ in range(max_iter):
        updated = (1 - damping) / n + damping * transition.T @ rank
        if np.abs(updated - rank).sum() < tol:
            return updated
        rank = updated
    return rank


def score_sentences(sentences: list[str], method: str) -> np.ndarray:
    """One score per sentence, shape (n,): higher means more worth keeping."""
    n = len(sentences)
    if method == "lead":
        return 1.0 / (1.0 + np.arange(n))  # earlier is better
    vectors = tfidf_matrix(sentences)
    if method == "textrank":
        return pagerank((vectors @ vectors.T).toarray())  # cosine similarity: unit rows
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return vectors @ centroid / norm if norm > 0 else np.zeros(n)


def ranking(scores: np.ndarray) -> np.ndarray:
    """Sentence indices from the best score to the worst; ties go to the earlier sentence.

    Scores are compared after rounding to :data:`TIE_DIGITS` significant digits, so that
    floating-point noise does not decide a tie. With two sentences, for instance, both methods
    tie exactly in theory (TextRank gives each 0.5, and two unit vectors are equally similar to
    their mean), yet the centroid's computed similarities differ in the last bit.
    """
    rounded = np.array([float(f"{score:.{TIE_DIGITS}g}") for score in scores])
    return np.argsort(-rounded, kind="stable")


@dataclass
class Extract:
    """An extractive summary and everything the figures need."""

    document: Document
    params: ExtractParams
    scores: np.ndarray  # (n_sentences,)
    chosen: np.ndarray  # indices of the kept sentences, in text order
    summary: str = field(default="")


def extract(document: Document, params: ExtractParams = ExtractParams()) -> Extract:
    """Score the document's sentences and keep the best ones in their original order."""
    texts = [s.text for s in document.sentences]
    scores = score_sentences(texts, params.method)
    k = params.n_chosen(len(texts))
    chosen = np.sort(ranking(scores)[:k])  # ties: the earlier sentence
    joiner = "" if document.language == "zh" else " "
    return Extract(document, params, scores, chosen, joiner.join(texts[i] for i in chosen))


def extract_text(raw: str, params: ExtractParams = ExtractParams()) -> Extract:
    """:func:`extract` from text as the user typed or pasted it (cleaned by :func:`clean_text`)."""
    return extract(clean_text(raw), params)


def scores_csv(result: Extract) -> bytes:
    """One row per sentence: index, score, rank, chosen, text (UTF-8 with BOM for spreadsheets)."""
    ranks = np.empty(len(result.scores), int)
    ranks[ranking(result.scores)] = np.arange(1, len(result.scores) + 1)
    rows = [[s.index + 1, f"{result.scores[s.index]:.6f}", ranks[s.index],
             int(s.index in result.chosen), s.text] for s in result.document.sentences]
    return rows_to_csv(["sentence", "score", "rank", "chosen", "text"], rows, bom=True)


def highlighted_html(result: Extract, mark_colour: str = "#FFE08A") -> str:
    """The cleaned text as HTML with the kept sentences in ``<mark>`` and a sentence number after
    each sentence. Every piece of the text is escaped: user text is never rendered as HTML."""
    text, pieces, position = result.document.text, [], 0
    chosen = set(int(i) for i in result.chosen)
    for s in result.document.sentences:
        pieces.append(html.escape(text[position:s.start]))
        body = html.escape(s.text)
        if s.index in chosen:
            body = f'<mark style="background:{mark_colour};padding:0 2px">{body}</mark>'
        pieces.append(f'{body}<sub style="color:#888">{s.index + 1}</sub>')
        position = s.end
    pieces.append(html.escape(text[position:]))
    return ('<div style="white-space:pre-wrap;line-height:1.7">' + "".join(pieces) + "</div>")
