"""The tagger's features: feature strings per word, and the distributional word contexts.

A word's features are its own (form, shape, suffixes, closed class, distributional context)
and what it contributes as the -2, -1, +1, +2 neighbour of a token, so that the runtime can
sum each word's weights once and cache them (``runtime._Scorer``). Changing anything here
changes what a trained model sees: bump ``runtime.FORMAT_VERSION`` and retrain.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...errors import ModelError
from ...lang.de.punctuation import TAGGER_PUNCT_ONLY, TAGGER_PUNCT_TAGS, TAGGER_QUOTE_NORM
from ..tokenize import closed_class

CONTEXT_FILE = "word_contexts.tsv"

WordFeatures = tuple[list[str], list[str], list[str], list[str], list[str]]
"""A word's own features, then its features as the -2, -1, +1 and +2 neighbour."""

Contexts = dict[str, tuple[str, str, str]]
"""word (lower case) → (usual left neighbour, usual right neighbour, capitalisation)."""


def punct_tag(word: str) -> str | None:
    """The STTS tag of a punctuation token, decided by rule (the CRF has seen few „ “ » «)."""
    if word in TAGGER_PUNCT_TAGS:
        return TAGGER_PUNCT_TAGS[word]
    if word in {"...", "…"}:
        return "$."
    if word and all(c in TAGGER_PUNCT_ONLY for c in word):
        return "$("
    return None


def read_contexts(path: Path) -> Contexts:
    """The distributional lexicon of a tagger model (``build_context_lexicon`` writes it);
    an absent file gives an empty lexicon (a model trained without one)."""
    table: Contexts = {}
    if not path.is_file():
        return table
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) != 4:
                raise ModelError(f"{path}:{lineno}: expected 4 tab-separated cells")
            table[cells[0]] = (cells[1], cells[2], cells[3])
    return table


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:8]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def word_features(word: str, contexts: Contexts) -> WordFeatures:
    """Feature strings of a word: its own, then as the -2, -1, +1, +2 neighbour of a token."""
    # Every quote style looks like the straight quote the treebanks mostly use.
    word = TAGGER_QUOTE_NORM.get(word, word)
    low = word.lower()
    shape = _shape(word)
    feats = ["b", "w=" + low, "sh=" + shape]
    for k in (1, 2, 3, 4):
        if len(low) > k:
            feats.append(f"s{k}=" + low[-k:])
    for k in (1, 2, 3, 4):
        if len(low) > k + 1:
            feats.append(f"p{k}=" + low[:k])
    first = word[:1]
    if first.isupper():
        feats.append("cap")
        if word.isupper() and len(word) > 1:
            feats.append("allcap")
    if any(c.isdigit() for c in word):
        feats.append("dig")
    if "-" in word[1:]:
        feats.append("hy")
        feats.append("hy_tail=" + low.rsplit("-", 1)[-1][-4:])
    if not first.isalnum():
        feats.append("punct=" + word[:3])
    cc = closed_class().get(low)
    if cc:
        feats.append("cc=" + ",".join(cc))
    if len(word) > 12:
        feats.append("long")
    ctx_entry = contexts.get(low)
    if ctx_entry is not None:
        feats.append("dl=" + ctx_entry[0])
        feats.append("dr=" + ctx_entry[1])
        feats.append("dc=" + ctx_entry[2])
    # Neighbour variants: the word, its closed-class tags, suffix and capitalisation.
    ctx: list[list[str]] = []
    for off in ("-2", "-1", "+1", "+2"):
        c = [f"w{off}=" + low]
        if off in ("-1", "+1"):
            c.append(f"s3{off}=" + low[-3:])
            c.append(f"sh{off}=" + shape)
            if cc:
                c.append(f"cc{off}=" + ",".join(cc))
        ctx.append(c)
    return (feats, ctx[0], ctx[1], ctx[2], ctx[3])


def sentence_features(words: Sequence[str], contexts: Contexts) -> list[list[str]]:
    """One feature list per token of the sentence (what crfsuite trains on)."""
    entries = [word_features(w, contexts) for w in words]
    n = len(entries)
    out: list[list[str]] = []
    for i, e in enumerate(entries):
        f = list(e[0])
        if i == 0:
            f.append("BOS")
            if words[0][:1].isupper():
                f.append("capBOS")
        else:
            f.extend(entries[i - 1][2])
            if i > 1:
                f.extend(entries[i - 2][1])
        if i == n - 1:
            f.append("EOS")
        else:
            f.extend(entries[i + 1][3])
            if i + 2 < n:
                f.extend(entries[i + 2][4])
        out.append(f)
    return out
