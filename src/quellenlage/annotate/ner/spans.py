"""The NER on quellenlage's own tokens: labels for words, spans for a ``Sentence`` or ``Doc``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...doc import Doc, Sentence
from ..tagger import load_tagger
from .runtime import NerModel, load_ner
from .scoring import bio_spans


@dataclass(frozen=True, slots=True)
class NerSpan:
    """One name found by the NER: tokens ``start:end`` of its sentence, characters
    ``char_start:char_end`` of the document text, and its type (PER, ORG, LOC, OTH)."""

    label: str
    start: int
    end: int
    char_start: int
    char_end: int
    text: str


def predict(
    words: Sequence[str], tags: Sequence[str] | None = None, *, model: NerModel | None = None
) -> list[str]:
    """BIO labels (``B-PER``, ``I-ORG``, ``O`` ...) for one sentence of words.

    ``tags``: the STTS tags of the words; without them the shipped tagger tags the words.
    """
    if not words:
        return []
    if tags is None:
        tags = load_tagger().analyse(list(words))[0]
    return (model or load_ner()).predict_batch([list(words)], [list(tags)])[0]


def _sentence_tags(sentence: Sentence) -> list[str]:
    tags = [t.tag for t in sentence.tokens]
    if all(t is not None for t in tags):
        return [t for t in tags if t is not None]
    return load_tagger().analyse([t.text for t in sentence.tokens])[0]


def _spans(doc_text: str | None, sentence: Sentence, labels: list[str]) -> list[NerSpan]:
    toks = sentence.tokens
    out: list[NerSpan] = []
    for a, b, label in bio_spans(labels):
        cs, ce = toks[a].start, toks[b - 1].end
        text = doc_text[cs:ce] if doc_text is not None else " ".join(t.text for t in toks[a:b])
        out.append(NerSpan(label, a, b, cs, ce, text))
    return out


def sentence_spans(
    sentence: Sentence, *, text: str | None = None, model: NerModel | None = None
) -> list[NerSpan]:
    """The names in one sentence (its tokens' tags are used when set). ``text``: the
    document text the offsets refer to, for the spans' surface text."""
    words = [t.text for t in sentence.tokens]
    if not words:
        return []
    labels = (model or load_ner()).predict_batch([words], [_sentence_tags(sentence)])[0]
    return _spans(text, sentence, labels)


def doc_spans(doc: Doc, *, model: NerModel | None = None) -> list[list[NerSpan]]:
    """The names in every sentence of a document, one list per sentence (one batch: faster
    than sentence by sentence)."""
    sents = [s for s in doc.sentences if s.tokens]
    batch = (model or load_ner()).predict_batch(
        [[t.text for t in s.tokens] for s in sents], [_sentence_tags(s) for s in sents]
    )
    by_id = {id(s): labels for s, labels in zip(sents, batch, strict=True)}
    return [_spans(doc.text, s, by_id[id(s)]) if s.tokens else [] for s in doc.sentences]
