"""Sentiment analysis that shows why (chapter §1.1.4 and §1.3): the topic's public names.

``text`` (limits, examples, language checks), ``lexicon`` (VADER word by word),
``naive_bayes`` (snownlp's naive Bayes for Chinese, word by word), ``neural`` (a hub classifier
and leave-one-out attributions), ``routing`` (which model answers a text), ``batch`` (many texts
in, a table out) and ``snippet`` ("show code"); ``figures`` and ``spec`` are imported by the UIs
directly.
"""

from playground.sentiment.batch import (analyse_batch, batch_csv, batch_neural_choices,
                                        batch_signature, label_counts, read_csv_texts, read_lines,
                                        words_csv)
from playground.sentiment.lexicon import (RULES, Analysis, RuleStep, WordScore, explain_vader,
                                          require_english, vader_words_only)
from playground.sentiment.naive_bayes import (explain_snownlp, explain_snownlp_jieba, segment,
                                              segment_jieba, word_evidence)
from playground.sentiment.neural import NeuralSentiment, leave_one_out, normalise_label, units_of
from playground.sentiment.routing import (KINDS, NEURAL_FREE, analyse, choose_for_language,
                                          compare_kinds, has_neural, is_vader, model_ids,
                                          model_languages, route)
from playground.sentiment.snippet import batch_snippet, code_snippet
from playground.sentiment.text import (BATCH_EXAMPLE, EXAMPLES, MAX_CHARS, MAX_ROWS, NEUTRAL_BAND,
                                       SNOWNLP, SNOWNLP_JIEBA, VADER, VADER_WORDS, CheckedText,
                                       check_text, detect_language, label_from_polarity,
                                       main_language)

__all__ = ["analyse_batch", "batch_csv", "batch_neural_choices", "batch_signature",
           "label_counts", "read_csv_texts", "read_lines", "words_csv", "RULES", "Analysis",
           "RuleStep", "WordScore", "explain_vader", "require_english", "vader_words_only",
           "explain_snownlp", "explain_snownlp_jieba", "segment", "segment_jieba",
           "word_evidence", "NeuralSentiment", "leave_one_out", "normalise_label", "units_of",
           "KINDS", "NEURAL_FREE", "analyse", "choose_for_language", "compare_kinds",
           "has_neural", "is_vader", "model_ids", "model_languages", "route", "batch_snippet",
           "code_snippet", "BATCH_EXAMPLE", "EXAMPLES", "MAX_CHARS", "MAX_ROWS", "NEUTRAL_BAND",
           "SNOWNLP", "SNOWNLP_JIEBA", "VADER", "VADER_WORDS", "CheckedText", "check_text",
           "detect_language", "label_from_polarity", "main_language"]
