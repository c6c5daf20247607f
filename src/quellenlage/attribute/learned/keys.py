"""What a token's own word decides, computed once per distinct token: feature ids and flags.

A token's key is its word, tag, lemma and Konjunktiv mood; everything those decide (the word,
suffix and shape features, lexicon hits, the word as a neighbour or on each side of a
message) is built once per key and kept in a ``KeyTable`` across documents. For decoding
(``KEYS``) only the word-made features some loaded model knows are made, for training
(``ALL_KEYS``) all of them. Part of the feature definition (``features.py``): changing it
changes what a trained model sees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from ...lang.de import word_class
from ...lang.de.cues import cues
from ...lang.de.punctuation import FEATURE_CLAUSE_MARKS, QUOTE_CHARS
from .vocab import Key, KeyTable, Vocab

VOCAB = Vocab()
"""The process-wide vocabulary of feature strings."""

# Blocks of per-key feature ids (ABSENT where the token lacks the feature):
# a: b, w, s3, sh | b: t, l, k, v=, v, fr | dw: vlw, flw, vrw | sf | sub |
# nb: for the -2, -1, +1, +2 neighbour: w, t, v, fr | sw: the word on each side (roles)
BLOCKS = {"a": 4, "b": 6, "dw": 3, "sf": 1, "sub": 1, "nb": 16, "sw": 4}
# Flags per key: reporting verb, Konjunktiv, evidential frame, laut-like frame (prep/post/
# conj), frame word near a message (also "so"), quote mark, colon, clause punctuation
FLAGS = ("verb", "konj", "evid", "frame", "near", "quote", "colon", "punct")
FLAG = {name: k for k, name in enumerate(FLAGS)}
"""Column of each flag."""
KEYS = KeyTable(BLOCKS, len(FLAGS), 3)  # objects: reporting-lexicon hit, frame kind, lemma
"""Keys for decoding: word-made features that no loaded model knows are left out."""
ALL_KEYS = KeyTable(BLOCKS, len(FLAGS), 3)
"""Keys for training: every feature (what crfsuite must see)."""
WORD_TEMPLATES = (
    "w=", "s3=", "l=", "vlw=", "flw=", "vrw=", "sf=", "w-2=", "w-1=", "w1=", "w2=",
    "sw=M|", "sw=B|", "sw=A|", "sw=G|",
)  # fmt: skip
"""Templates whose value is the token's own word or lemma: open-ended, so for decoding only
the values some loaded model has a weight for are made (``register_model``)."""
_KNOWN: dict[str, set[str]] = {t: set() for t in WORD_TEMPLATES}


def register_model(attributes: Iterable[str]) -> None:
    """Make the word-made features of a model's ``attributes`` known to the decoder.

    A word-made feature (``w=sagte``) that no model knows adds nothing to any score, so the
    decoder never builds it; a newly loaded model empties the caches of what was left out.
    """
    added = False
    for attr in attributes:
        for t in WORD_TEMPLATES:
            if attr.startswith(t):
                known = _KNOWN[t]
                value = attr[len(t) :]
                if value not in known:
                    known.add(value)
                    added = True
    if added:
        with VOCAB.lock:
            VOCAB.reset()


OFFSETS = (-2, -1, 1, 2)
SIDES = ("M", "B", "A", "G")
"""Where a token lies relative to an event's message: in, before, after, in a gap."""


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if w[0].isupper():
        return "X" if len(w) == 1 or w.isupper() else "Xx"
    if w[0].islower():
        return "x"
    if w in QUOTE_CHARS:
        return "q"
    return "p" if not w[0].isalnum() else "o"


@cache
def _part_ids(generation: int) -> dict[tuple[str, str], list[int]]:
    """Ids of feature groups shared by many keys (per tag, frame kind, cue, shape), filled
    on first use: a new key then interns only the strings of its own word."""
    return {}


def _part(kind: str, value: str, make: Callable[[str], list[str | None]]) -> list[int]:
    parts = _part_ids(VOCAB.generation)
    hit = parts.get((kind, value))
    if hit is None:
        hit = parts[(kind, value)] = VOCAB.ids(make(value))
    return hit


def _tag_strings(tag: str) -> list[str | None]:
    """t= and the neighbour tags t-2= ... t2= of a tag (none when untagged)."""
    return [f"t={tag}" if tag else None] + [f"t{off}={tag}" if tag else None for off in OFFSETS]


def _frame_strings(frame: str) -> list[str | None]:
    return [f"fr={frame}" if frame else None] + [
        f"fr{off}={frame}" if frame else None for off in OFFSETS
    ]


def _cue_strings(lexv: str) -> list[str | None]:
    if not lexv:
        return [None] * 6
    return [f"v={lexv}", "v", *(f"v{off}" for off in OFFSETS)]


def _word_ids(values: list[tuple[str, str | None]], complete: bool) -> list[int]:
    """Ids of word-made features ``(template, value)`` (None: the token lacks it); for
    decoding only those a loaded model knows, the others are left out."""
    if complete:
        return VOCAB.ids([None if v is None else t + v for t, v in values])
    return VOCAB.ids([t + v if v is not None and v in _KNOWN[t] else None for t, v in values])


def key_features(
    key: Key, complete: bool = False
) -> tuple[dict[str, list[int]], list[bool], tuple[object, ...]]:
    """Everything a token's own word, tag, lemma and mood decide: ids, flags, lexicon hits."""
    word, tag, lemma, sub = key
    lex = cues()
    lw = word.lower()
    hit = lex.reporting(lw)
    lexv = f"{hit[1]}:{hit[0]}" if hit else None
    frame = lex.frames.get(lw)
    konj = "Sub" if sub else lex.konjunktiv.get(lw, "")
    lem = lemma.lower() if lemma else ""
    t = _part("tag", tag, _tag_strings)
    fr = _part("frame", frame or "", _frame_strings)
    v = _part("cue", lexv or "", _cue_strings)
    lw_or_lem = lem or lw
    own = _word_ids(
        [
            ("w=", lw),
            ("s3=", lw[-3:]),
            ("l=", lem if lem and lem != lw else None),
            ("vlw=", lw_or_lem),
            ("flw=", lw_or_lem),
            ("vrw=", lw_or_lem),
            ("sf=", lw),
            *((f"w{off}=", lw) for off in OFFSETS),
            *((f"sw={side}|", lw) for side in SIDES),
        ],
        complete,
    )
    sub_id = _part("sub", lw if lw in word_class("subordinator") else "", _sub_strings)[0]
    shape = _part("shape", _shape(word), lambda x: [f"sh={x}"])[0]
    k = _part("konj", konj, lambda x: [f"k={x}" if x else None])[0]
    nb: list[int] = []
    for o in range(len(OFFSETS)):
        nb += [own[7 + o], t[1 + o], v[2 + o], fr[1 + o]]
    blocks = {
        "a": [_part("const", "b", lambda x: [x])[0], own[0], own[1], shape],
        "b": [t[0], own[2], k, v[0], v[1], fr[0]],
        "dw": own[3:6],
        "sf": [own[6]],
        "sub": [sub_id],
        "nb": nb,
        "sw": own[11:15],
    }
    flags = [
        bool(lexv and lexv.startswith("verb")),
        bool(konj),
        frame == "evidential",
        frame in ("prep", "post", "conj"),
        frame in ("prep", "post", "conj", "so"),
        word in QUOTE_CHARS,
        word == ":",
        word in FEATURE_CLAUSE_MARKS,
    ]
    return blocks, flags, (lexv, frame, lem)


def all_key_features(key: Key) -> tuple[dict[str, list[int]], list[bool], tuple[object, ...]]:
    """``key_features`` with every feature (for training)."""
    return key_features(key, complete=True)


def _sub_strings(lw: str) -> list[str | None]:
    """The open subordinator feature (a closed class, so always made)."""
    return [f"sub={lw}" if lw else None]
