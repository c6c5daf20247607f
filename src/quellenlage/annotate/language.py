"""Language identification by function-word profiles (no model download needed).

The share of a language's function words (``lang/data/function_words.tsv``) among the words of
the first ~2,000 characters decides. German is returned only when it clearly dominates: its
share reaches ``settings.min_german_score`` and beats every other language by a margin, so a
German quote in an English article does not make the article German. Too little evidence
gives "und" (undetermined, ISO 639-2).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lang
from ..doc import Doc
from ..errors import NoSentence
from ..registry import stage
from ..settings import DEFAULT_SETTINGS, Settings

SAMPLE_CHARS = 2000
MIN_WORDS = 5  # fewer words than this: "und"
MIN_SCORE = 0.08  # a non-German language needs this share of its function words
MARGIN = 1.5  # the winner must beat the runner-up by this factor

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Letters that (nearly) only one of the profiled languages uses: extra evidence.
_LETTERS = {
    "de": "ßäöü",
    "tr": "ğışİ",
    "pl": "łśżźćńę",
    "es": "ñ¿¡",
    "fr": "çèêœ",
    "pt": "ãõ",
}


@lru_cache(maxsize=1)
def profiles() -> dict[str, frozenset[str]]:
    """Language code → its function words."""
    return {code: frozenset(words.split()) for code, words in lang.function_words()}


def language_scores(text: str) -> dict[str, float]:
    """Share of each language's function words among the words of the text's beginning."""
    sample = text[:SAMPLE_CHARS]
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return {}
    n = len(words)
    scores: dict[str, float] = {}
    for code, fw in profiles().items():
        scores[code] = sum(1 for w in words if w in fw) / n
    for code, letters in _LETTERS.items():
        if code in scores:
            hits = sum(sample.count(c) for c in letters)
            scores[code] += min(0.05, hits / max(len(sample), 1) * 2)
    return scores


def detect_language(text: str, *, settings: Settings = DEFAULT_SETTINGS) -> str:
    """ISO 639-1 code of the text's language ("de", "en", ...), "und" when unknown."""
    words = _WORD.findall(text[:SAMPLE_CHARS])
    if len(words) < MIN_WORDS:
        return "und"
    scores = language_scores(text)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best == "de":
        if best_score >= settings.min_german_score and best_score >= MARGIN * second_score:
            return "de"
        return "und"
    if best_score >= MIN_SCORE and best_score >= MARGIN * second_score:
        return best
    # Neither clear: say so rather than guess (German texts must clearly be German).
    return "und"


def _leans_german(text: str) -> bool:
    """German function words are present and no other language has as many."""
    scores = language_scores(text)
    if not scores or scores.get("de", 0.0) <= 0:
        return False
    return max(scores, key=scores.__getitem__) == "de"


_ANY_WORD = re.compile(r"[^\W\d_]{2,}")
_SHORT_TEXT_NOTE = "the text is too short for a sure language verdict; analysed as German"


@stage("quellenlage.annotate.language.v1", needs=("text",), sets=("language",))
def language_stage(doc: Doc, settings: Settings) -> None:
    """The language of the text: "de" when it is German, else its code (or "und")."""
    if _ANY_WORD.search(doc.text) is None:
        # Page numbers, rules, digits: nothing that could be a sentence in any language.
        raise NoSentence("the text contains no sentence to analyse (no words, only symbols)")
    language = detect_language(doc.text, settings=settings)
    if language == "und" and _leans_german(doc.text):
        # Too short for a clear verdict, but German is the only language it points to: a
        # one-sentence German text must not be refused; say that it was a judgement call.
        language = "de"
        doc.notes.append(_SHORT_TEXT_NOTE)
    doc.language = language
