"""The GermEval 2014 NER data: reader, label mapping and the fixed held-out split.

Format: one token a line, ``index<TAB>token<TAB>outer tag<TAB>inner tag`` (BIO with NoSta-D
labels PER, ORG, LOC, OTH and their ``deriv``/``part`` subtypes), a ``#<TAB>URL<TAB>[date]``
line before each sentence, a blank line after it.

Decisions:
* only the outer level is learnt (the nested level, e.g. "Deutschen" inside "Deutschen
  Bank", is not an output of a flat tagger);
* ``-deriv`` (``deutsche``, ``Schweizer``) and ``-part`` (``SPD-Chef``, ``US-Bürger``) are not
  mentions of the entity: the word names something else (a nationality, a politician, a
  citizen). They are learnt as labels of their own, so that the model keeps them apart from
  both O and the real mentions, and are output as ``O`` (``public_label``).
* the held-out part is chosen by a hash of the source URL, so sentences of one article never
  straddle the split and the split never changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import InvalidInput

ENTITY_TYPES = ("PER", "ORG", "LOC", "OTH")
PUBLIC_LABELS = ("O", *(f"{p}-{t}" for t in ENTITY_TYPES for p in ("B", "I")))
_PUBLIC = frozenset(PUBLIC_LABELS)


@dataclass(frozen=True, slots=True)
class NerSentence:
    """One sentence of the data: its source URL, tokens and outer-level BIO labels."""

    url: str
    words: tuple[str, ...]
    labels: tuple[str, ...]


def read_germeval(path: Path) -> list[NerSentence]:
    """The sentences of one GermEval 2014 file; ``InvalidInput`` on a malformed line."""
    sentences: list[NerSentence] = []
    url = ""
    words: list[str] = []
    labels: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read GermEval file {path}: {exc}") from exc
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            if words:
                sentences.append(NerSentence(url, tuple(words), tuple(labels)))
            url, words, labels = "", [], []
            continue
        cols = line.split("\t")
        if cols[0] == "#":
            url = cols[1] if len(cols) > 1 else ""
            continue
        if len(cols) < 3 or not cols[1]:
            raise InvalidInput(f"{path}:{lineno}: expected index, token, tag: {line[:60]!r}")
        words.append(cols[1])
        labels.append(cols[2])
    if words:
        sentences.append(NerSentence(url, tuple(words), tuple(labels)))
    return sentences


def public_label(label: str) -> str:
    """The label as the NER outputs it: deriv/part subtypes become ``O``."""
    return label if label in _PUBLIC else "O"


def repair_bio(labels: Sequence[str]) -> list[str]:
    """BIO made consistent: an ``I-X`` that does not continue an ``X`` becomes ``B-X``."""
    out: list[str] = []
    prev = "O"
    for lab in labels:
        if lab.startswith("I-") and prev[2:] != lab[2:]:
            lab = "B-" + lab[2:]
        out.append(lab)
        prev = lab
    return out


def public_labels(labels: Sequence[str]) -> list[str]:
    """Internal labels (with subtypes) → the public BIO labels (PER/ORG/LOC/OTH)."""
    return repair_bio([public_label(lab) for lab in labels])


def is_heldout(url: str, share: float) -> bool:
    """Whether sentences from ``url`` belong to the held-out part (stable hash of the URL)."""
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 10_000 < round(share * 10_000)


def split(
    sentences: Sequence[NerSentence], share: float
) -> tuple[list[NerSentence], list[NerSentence]]:
    """(train, held-out) by source URL."""
    train = [s for s in sentences if not is_heldout(s.url, share)]
    held = [s for s in sentences if is_heldout(s.url, share)]
    return train, held


def swap_mentions(
    sentences: Sequence[NerSentence], copies: int, seed: int = 13
) -> list[NerSentence]:
    """Copies of the sentences with names, each name replaced by a random name of the same
    type from other sentences (mention replacement): the model learns the contexts of names
    rather than the names. Deterministic for a given seed."""
    import random

    pool: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    spans: list[list[tuple[int, int, str]]] = []
    for s in sentences:
        found = _outer_spans(s.labels)
        spans.append(found)
        for a, b, kind in found:
            pool.setdefault(kind, []).append((s.words[a:b], s.labels[a:b]))
    rng = random.Random(seed)
    out: list[NerSentence] = []
    for _ in range(copies):
        for s, found in zip(sentences, spans, strict=True):
            if not found:
                continue
            words: list[str] = []
            labels: list[str] = []
            pos = 0
            for a, b, kind in found:
                words += s.words[pos:a]
                labels += s.labels[pos:a]
                new_words, new_labels = rng.choice(pool[kind])
                words += new_words
                labels += new_labels
                pos = b
            words += s.words[pos:]
            labels += s.labels[pos:]
            out.append(NerSentence(s.url, tuple(words), tuple(labels)))
    return out


def _outer_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label with subtype) of the names in internal labels."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(labels):
        lab = labels[i]
        if lab == "O":
            i += 1
            continue
        kind, j = lab[2:], i + 1
        while j < len(labels) and labels[j] == "I-" + kind:
            j += 1
        out.append((i, j, kind))
        i = j
    return out
