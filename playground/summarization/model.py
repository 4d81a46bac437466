"""Text summarization two ways: extracting sentences, and generating new ones.

Chapter §1.3.2 describes summarization as shortening a long document while keeping its
important information, and notes that "some models extract text from the input, others generate
entirely new text"; its example hands a paragraph about Paris to ``pipeline("summarization")``.
This module does both so the page can show them side by side:

* **Extractive**: split the text into sentences, score each one and keep the best, unchanged and
  in their original order. Scores come from TF-IDF sentence vectors (scikit-learn) and either
  TextRank / LexRank, PageRank over the sentence-similarity graph (Mihalcea & Tarau 2004,
  "TextRank"; Erkan & Radev 2004, "LexRank"), the similarity to the document's centroid
  (Radev et al. 2004), or the position baseline "lead" (the first sentences, hard to beat on
  news). Runs offline in milliseconds, in English and Chinese.
* **Abstractive**: a sequence-to-sequence model (by default distilBART fine-tuned on CNN/Daily
  Mail: BART, Lewis et al. 2020, distilled by Shleifer & Rush 2020) writes a new, shorter text.
  It needs the model from the Hugging Face hub or the local cache; generation is capped in
  length and runs one at a time.

User text is cleaned first: it is capped in length, HTML-like markup is removed (and never
rendered), and text with no sentences to choose from is refused with a translatable message.
"""

from __future__ import annotations

import copy
import html
import re
import threading
import unicodedata
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from playground.compute import MODEL_GATE, Busy, GenerationGate
from playground.errors import InputError

TEXTS_DIR = Path(__file__).resolve().parents[2] / "assets" / "texts"
PRESETS = ("paris", "bees", "tea_zh")  # files in assets/texts; "paris" is the chapter's example
METHODS = ("textrank", "centroid", "lead")
SIZE_BY = ("sentences", "ratio")
MAX_CHARS = 20_000  # longer text is cut here (with a notice): keeps scoring and the page fast
DAMPING = 0.85  # PageRank's probability of following an edge rather than jumping anywhere

# --- sentences -------------------------------------------------------------------------------
# A sentence ends after 。！？, after . ! ? … followed by closing quotes or brackets and whitespace,
# or at a blank line. Single line breaks are only wrapping.
_BOUNDARY = re.compile(
    r"[。！？]+[”’」』）]*"  # Chinese sentence ends need no space after them
    r"|[.!?…]+[”’」』）)\]\"']*(?=\s|$)"  # Latin ends need whitespace (or the end) after them
    r"|\n\s*\n"  # a blank line ends a paragraph
)
_LAST_WORD = re.compile(r"(\S+)\s*$")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr vs etc e.g i.e fig approx cf".split())
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERM = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)?")
_WORD = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)?")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


@dataclass(frozen=True)
class Sentence:
    index: int  # position among the text's sentences, from 0
    start: int  # character offsets into the cleaned text: text[start:end] is the sentence
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their character spans, for English and Chinese punctuation.

    Pieces without any letter (a stray "1." or "...") join the following sentence.
    """
    ends = []
    for match in _BOUNDARY.finditer(text):
        last = _LAST_WORD.search(text, max(0, match.start() - 40), match.start())
        word = last.group(1).lower().lstrip("(\"'“‘") if last else ""
        if match.group().startswith(".") and (word in ABBREVIATIONS
                                              or (len(word) == 1 and word.isalpha())):
            continue  # "Dr. Smith", "e.g. this", "J. R. R. Tolkien"
        ends.append(match.end())
    ends.append(len(text))
    sentences, start = [], 0
    for end in ends:
        piece = text[start:end]
        if not any(ch.isalpha() for ch in piece):
            continue  # keep start: the piece joins the next sentence
        left = start + len(piece) - len(piece.lstrip())
        right = start + len(piece.rstrip())
        sentences.append(Sentence(len(sentences), left, right, text[left:right]))
        start = end
    return sentences


def terms(sentence: str) -> list[str]:
    """Index terms of one sentence: lower-cased words without English stop words, and for Chinese
    (written without spaces, and no word splitter offline) overlapping character pairs."""
    out = []
    for run in _TERM.findall(sentence.lower()):
        if _CJK_CHAR.match(run):
            out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
        elif run not in ENGLISH_STOP_WORDS:
            out.append(run)
    return out


def count_words(text: str) -> int:
    """Words in ``text``, counting each Chinese character as one word."""
    return len(_WORD.findall(text))


def is_chinese(text: str) -> bool:
    """Whether most letters of ``text`` are Chinese characters."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(bool(_CJK_CHAR.match(ch)) for ch in letters) > len(letters) / 2


# --- cleaning user text ----------------------------------------------------------------------
_TAG = re.compile(r"</?[a-zA-Z!][^<>]{0,1000}>")  # "a < b" is not a tag
RAW_LIMIT = 10 * MAX_CHARS  # text beyond this is dropped before any other work


def drop_hidden(text: str) -> str:
    """Remove ``<script>...</script>`` and ``<style>...</style>`` blocks, contents included.

    Written with ``str.find`` rather than a lazy regular expression, which takes quadratic time
    on text full of unclosed ``<script`` (a pasted text must never stall the server).
    """
    lower, pieces, position = text.lower(), [], 0
    next_open = {name: lower.find(f"<{name}") for name in ("script", "style")}
    while True:
        for name, found in next_open.items():
            if 0 <= found < position:
                next_open[name] = lower.find(f"<{name}", position)
        pending = [(found, name) for name, found in next_open.items() if found >= 0]
        if not pending:
            break
        start, name = min(pending)
        pieces.append(text[position:start])
        close = lower.find(f"</{name}", start)
        end = lower.find(">", close) if close >= 0 else -1
        position = len(text) if end < 0 else end + 1
    pieces.append(text[position:])
    return " ".join(pieces)


@dataclass(frozen=True)
class Notice:
    """Something the page tells the user about their text (a catalogue key and its values)."""

    key: str
    params: tuple[tuple[str, object], ...] = ()

    def values(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class Document:
    text: str  # the cleaned text the sentences point into
    sentences: tuple[Sentence, ...]
    notices: tuple[Notice, ...] = ()
    language: str = "en"  # "zh" when most letters are Chinese characters


def clean_text(raw: str, max_chars: int = MAX_CHARS) -> Document:
    """Validate and tidy user text, and split it into sentences.

    Raises :class:`InputError` for empty text, markup without text, text that is mostly not
    letters, and text of a single sentence (nothing to choose). Markup is removed and text longer
    than ``max_chars`` is cut at a sentence end, each with a :class:`Notice`.
    """
    raw = str(raw or "")
    text = unicodedata.normalize("NFC", raw[:RAW_LIMIT]).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    if not text.strip():
        raise InputError("summarization.err_empty")
    notices = []
    if _TAG.search(text):
        text = html.unescape(_TAG.sub(" ", drop_hidden(text)))
        text = re.sub(r"[ \t]+", " ", text)
        if not text.strip():
            raise InputError("summarization.err_only_markup")
        notices.append(Notice("summarization.note_markup"))
    text = text.strip()
    if len(text) > max_chars:
        length = len(raw.strip()) if len(raw) > RAW_LIMIT else len(text)
        notices.append(Notice("summarization.note_truncated",
                              (("limit", f"{max_chars:,}"), ("length", f"{length:,}"))))
        cut = text[:max_chars]
        ends = [m.end() for m in _BOUNDARY.finditer(cut)]
        text = cut[:ends[-1]].strip() if ends and ends[-1] > max_chars // 2 else cut
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(ch.isalpha() for ch in visible)
    if letters < 0.5 * len(visible):
        raise InputError("summarization.err_not_text", share=f"{letters / len(visible):.0%}")
    sentences = split_sentences(text)
    if len(sentences) < 2:
        raise InputError("summarization.err_one_sentence")
    return Document(text, tuple(sentences), tuple(notices), "zh" if is_chinese(text) else "en")


def load_preset(name: str) -> str:
    if name not in PRESETS:
        raise ValueError(f"preset must be one of {PRESETS}, got {name!r}")
    return (TEXTS_DIR / f"{name}.txt").read_text(encoding="utf-8").strip()


# --- extractive summary ----------------------------------------------------------------------
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
    chosen = np.sort(np.argsort(-scores, kind="stable")[:k])  # ties: the earlier sentence
    joiner = "" if document.language == "zh" else " "
    return Extract(document, params, scores, chosen, joiner.join(texts[i] for i in chosen))


def extract_text(raw: str, params: ExtractParams = ExtractParams()) -> Extract:
    """:func:`extract` from text as the user typed or pasted it (cleaned by :func:`clean_text`)."""
    return extract(clean_text(raw), params)


def scores_csv(result: Extract) -> bytes:
    """One row per sentence: index, score, rank, chosen, text (UTF-8 with BOM for spreadsheets)."""
    import csv
    import io

    ranks = np.empty(len(result.scores), int)
    ranks[np.argsort(-result.scores, kind="stable")] = np.arange(1, len(result.scores) + 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["sentence", "score", "rank", "chosen", "text"])
    for s in result.document.sentences:
        writer.writerow([s.index + 1, f"{result.scores[s.index]:.6f}", ranks[s.index],
                         int(s.index in result.chosen), s.text])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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


@dataclass(frozen=True)
class Compression:
    chars_in: int
    chars_out: int
    words_in: int
    words_out: int
    new_words: int = 0  # summary words that never occur in the source: 0 for any extract

    @property
    def char_ratio(self) -> float:
        return self.chars_out / self.chars_in if self.chars_in else 0.0

    @property
    def word_ratio(self) -> float:
        return self.words_out / self.words_in if self.words_in else 0.0

    @property
    def new_word_share(self) -> float:
        return self.new_words / self.words_out if self.words_out else 0.0


def compression(source: str, summary: str) -> Compression:
    """Length of the summary relative to the source, in characters and words, and how many of
    its words the source does not contain (case-insensitive)."""
    known = {word.lower() for word in _WORD.findall(source)}
    words = [word.lower() for word in _WORD.findall(summary)]
    return Compression(len(source), len(summary), count_words(source), len(words),
                       sum(word not in known for word in words))


def prepare_command(model_id: str) -> str:
    """Shell command that puts a hub model into the local cache (run on a connected machine)."""
    return (f'python -c "from transformers import pipeline; '
            f"pipeline('summarization', model='{model_id}')\"")


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

from playground.summarization.model import split_sentences, terms

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


# --- abstractive summary ---------------------------------------------------------------------
MAX_NEW_TOKENS = 150  # cap on generated tokens: a class shares two CPU cores
SLOT_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class AbstractParams:
    max_new_tokens: int = 60  # length cap of the generated summary, in model tokens
    num_beams: int = 2  # beam search keeps this many candidate summaries at each step
    no_repeat_ngram_size: int = 3  # forbids repeating any 3 tokens, a common summarizer guard

    def __post_init__(self):
        if not 8 <= self.max_new_tokens <= MAX_NEW_TOKENS:
            raise ValueError(f"max_new_tokens must be within 8..{MAX_NEW_TOKENS}, "
                             f"got {self.max_new_tokens}")
        if not 1 <= self.num_beams <= 4:
            raise ValueError(f"num_beams must be within 1..4, got {self.num_beams}")
        if not 0 <= self.no_repeat_ngram_size <= 5:
            raise ValueError(f"no_repeat_ngram_size must be within 0..5, "
                             f"got {self.no_repeat_ngram_size}")


@contextmanager
def generation_slot(timeout: float = SLOT_TIMEOUT_S, gate: GenerationGate | None = None,
                    waiting: Callable[[], None] | None = None):
    """Hold one slot of the process's model gate (shared with text generation), or raise a
    translatable "busy" error after ``timeout`` seconds.

    ``waiting()`` is called about twice a second while others hold every slot (a UI can show
    that, and a Streamlit rerun can interrupt the wait there).
    """
    with ExitStack() as stack:
        try:
            stack.enter_context((gate or MODEL_GATE).slot(
                on_wait=None if waiting is None else lambda _n: waiting(),
                timeout_s=timeout, poll_s=0.5))
        except Busy:
            raise InputError("summarization.err_busy", seconds=int(timeout)) from None
        yield


@dataclass(frozen=True)
class Summarizer:
    """A loaded sequence-to-sequence model and its tokenizer (shared by all sessions: read-only).

    The gate lets two generations run at once, and a fast tokenizer keeps its truncation
    setting in shared state that every call rewrites: tokenizer calls hold ``lock``, or one
    session could feed the model an untruncated text (an IndexError past its positions).
    """

    model_id: str
    tokenizer: object
    model: object
    max_input_tokens: int
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


def load_summarizer(choice) -> Summarizer:
    """Load the model of a :class:`playground.models.ModelChoice` (never downloads unless the
    choice allows it). Imports transformers here, not at module import."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    kwargs = choice.load_kwargs()
    tokenizer = AutoTokenizer.from_pretrained(**kwargs)
    model = AutoModelForSeq2SeqLM.from_pretrained(**kwargs).eval()
    limits = [getattr(model.config, "max_position_embeddings", None) or 1024,
              getattr(tokenizer, "model_max_length", None) or 1024, 1024]
    return Summarizer(choice.model_id, tokenizer, model, int(min(limits)))


@dataclass(frozen=True)
class Abstract:
    summary: str
    input_tokens: int  # tokens the model read (after truncation)
    input_truncated: bool  # the text was longer than the model reads
    output_tokens: int
    stopped: bool = False  # generation was stopped early


def generate_summary(summarizer: Summarizer, text: str, params: AbstractParams = AbstractParams(),
                     progress: Callable[[int, int], None] | None = None,
                     stop: threading.Event | None = None) -> Abstract:
    """Write a new summary of ``text`` with the model.

    ``progress(done, total)`` is called after every generated token (``total`` is the cap);
    setting ``stop`` ends generation after the current token. Call inside :func:`generation_slot`.
    """
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    tokenizer, model = summarizer.tokenizer, summarizer.model
    with summarizer.lock:
        n_tokens = len(tokenizer(text, truncation=False, verbose=False)["input_ids"])
        inputs = tokenizer(text, return_tensors="pt", truncation=True,
                           max_length=summarizer.max_input_tokens)
    stopped = []

    class Report(StoppingCriteria):
        def __call__(self, input_ids, scores, **kwargs):
            done = input_ids.shape[1] - 1  # minus the decoder start token
            if progress is not None:
                progress(min(done, params.max_new_tokens), params.max_new_tokens)
            halt = stop is not None and stop.is_set()
            if halt:
                stopped.append(True)
            return torch.full((input_ids.shape[0],), halt, dtype=torch.bool)

    # The model's own settings (e.g. distilBART's min_length=56, 4 beams) give way to the page's.
    config = copy.deepcopy(model.generation_config)
    config.update(max_length=None, min_length=None, max_new_tokens=params.max_new_tokens,
                  min_new_tokens=min(8, params.max_new_tokens), num_beams=params.num_beams,
                  do_sample=False, no_repeat_ngram_size=params.no_repeat_ngram_size,
                  early_stopping=True)
    with torch.inference_mode():
        output = model.generate(**inputs, generation_config=config,
                                stopping_criteria=StoppingCriteriaList([Report()]))
    tokens = output[0]
    summary = tokenizer.decode(tokens, skip_special_tokens=True).strip()
    special = set(tokenizer.all_special_ids)
    return Abstract(summary=summary, input_tokens=int(inputs["input_ids"].shape[1]),
                    input_truncated=n_tokens > inputs["input_ids"].shape[1],
                    output_tokens=sum(int(t) not in special for t in tokens),
                    stopped=bool(stopped))


def available_model(task: str = "summarization"):
    """The ModelChoice the registry picks for ``task`` (a local copy first), or None when no
    model is on disk and the hub cannot be reached."""
    from playground.models import choose_model  # imports huggingface_hub, not transformers

    try:
        return choose_model(task)
    except LookupError:
        return None


def hub_model_ids(registry=None, task: str = "summarization") -> list[str]:
    """Hub models the registry offers for the task, preferred first."""
    from playground.models import load_registry

    return [m.id for m in (registry or load_registry())[task].hub]


def model_languages(model_id: str, registry=None, task: str = "summarization") -> tuple[str, ...]:
    """Languages the registry lists for a hub model (empty when it does not list it)."""
    from playground.models import load_registry

    entry = (registry or load_registry())[task]
    return next((m.languages for m in entry.hub if m.id == model_id), ())
