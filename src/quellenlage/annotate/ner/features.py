"""Feature strings of the NER: per word (cached at run time), per STTS tag, per gazetteer match.

Every feature of a token comes from one of three independent sources, which is what makes run
time cheap (``runtime.py`` sums cached weight vectors instead of building strings):

* the words at offsets -2..+2: each word has five feature groups, its own and the ones it
  contributes as the -1, +1, -2 or +2 neighbour of a token (``word_groups``). A sentence is
  padded with two boundary pseudo-words on each side (``PAD``), whose groups are the
  sentence-start and sentence-end features, so that no position needs special code;
* the STTS tags at offsets -2..+2 and the tag bigrams (-1, 0) and (0, +1) (``tag_groups``);
* multi-word gazetteer matches ("Süddeutsche Zeitung", "Weißes Haus"): ``gm=KIND_B|I``.

Training (``sentence_features``) builds exactly these strings for crfsuite, so the scores at
run time are the CRF's scores.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...lang.de.punctuation import TOKEN_QUOTES
from .lexicons import multiword_flags, word_flags

FEATURE_VERSION = 1
"""Version of the feature set; a model trained with another version is refused at load."""

PAD = ""  # the boundary pseudo-word (no real token is empty)
PAD_TAG = "S"
OFFSETS = (0, -1, 1, -2, 2)
"""Feature groups of a word: its own (0), then as the word at that offset from a token."""
N_GROUPS = len(OFFSETS)
N_PAD = max(abs(o) for o in OFFSETS)  # boundary pseudo-words on each side of a sentence
PAD_GROUPS: tuple[list[str], ...] = ([], ["BOS"], ["EOS"], ["BOS2"], ["EOS2"])

_QUOTES = TOKEN_QUOTES  # the tokenizer's quote marks (lang/de/punctuation.py)


def shape(word: str) -> str:
    """Character classes of the first 10 characters, repeats collapsed: "Koch-Institut" →
    "Xx-Xx", "RKI" → "X", "2023" → "d", "McDonald" → "XxXx"."""
    out: list[str] = []
    for ch in word[:10]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _own(word: str, low: str, shp: str, flags: list[str]) -> list[str]:
    """Features of a word at its own position."""
    feats = ["b", "w=" + low, "sh=" + shp, "len=" + str(min(len(word), 12))]
    for k in (2, 3, 4, 5):
        if len(low) > k:
            feats.append(f"s{k}=" + low[-k:])
    for k in (3, 4, 5):
        if len(low) > k + 1:
            feats.append(f"p{k}=" + low[:k])
    if word[:1].isupper():
        feats.append("cap")
        if len(word) > 1 and word.isupper():
            feats.append("allcap")
        elif any(c.isupper() for c in word[1:]):
            feats.append("innercap")  # "McDonald", "iPhone"-like brands, "ProSieben"
    if any(c.isdigit() for c in word):
        feats.append("dig")
    if "-" in word[1:-1]:
        head, _, tail = low.rpartition("-")
        feats += ["hy", "hyt=" + tail, "hyt4=" + tail[-4:], "hyh=" + shape(word.split("-")[0])]
        if len(head) <= 4:
            feats.append("hyshort")  # "US-Regierung", "SPD-Chef": a name part before the hyphen
    feats += ["g=" + f for f in flags]
    return feats


def word_groups(word: str) -> tuple[list[str], ...]:
    """The five feature groups of a word: own, then as the -1, +1, -2, +2 neighbour."""
    if word == PAD:
        return PAD_GROUPS
    if word in _QUOTES:
        word = '"'  # every quote style looks like the straight quote of the training data
    low = word.lower()
    shp = shape(word)
    flags = word_flags(word)
    cap = "C" if word[:1].isupper() else "c" if word[:1].isalpha() else "o"
    prev = ["w-1=" + low, "sh-1=" + shp, "c-1=" + cap] + ["g-1=" + f for f in flags]
    nxt = ["w+1=" + low, "sh+1=" + shp, "c+1=" + cap] + ["g+1=" + f for f in flags]
    if len(low) > 4:
        prev.append("s3-1=" + low[-3:])
        nxt.append("s3+1=" + low[-3:])
    prev2 = ["w-2=" + low] + ["g-2=" + f for f in flags]
    next2 = ["w+2=" + low, "c+2=" + cap] + ["g+2=" + f for f in flags]
    return (_own(word, low, shp, flags), prev, nxt, prev2, next2)


def tag_groups(tag: str) -> tuple[list[str], ...]:
    """The five feature groups of an STTS tag (same offsets as ``word_groups``)."""
    return (["t=" + tag], ["t-1=" + tag], ["t+1=" + tag], ["t-2=" + tag], ["t+2=" + tag])


def bigram_features(prev: str, cur: str, nxt: str) -> list[str]:
    """Tag bigrams around a token: (-1, 0) and (0, +1)."""
    return ["tt-=" + prev + "|" + cur, "tt+=" + cur + "|" + nxt]


def sentence_features(words: Sequence[str], tags: Sequence[str]) -> list[list[str]]:
    """One feature list per token: what crfsuite trains on and what run time sums up."""
    n = len(words)
    padded_w = [PAD] * N_PAD + [*words] + [PAD] * N_PAD
    padded_t = [PAD_TAG] * N_PAD + [*tags] + [PAD_TAG] * N_PAD
    wg = [word_groups(w) for w in padded_w]
    tg = [tag_groups(t) for t in padded_t]
    multi = multiword_flags(list(words))
    out: list[list[str]] = []
    for i in range(n):
        p = i + N_PAD
        f: list[str] = []
        for g, off in enumerate(OFFSETS):
            f += wg[p + off][g]
        for g, off in enumerate(OFFSETS):
            f += tg[p + off][g]
        f += bigram_features(padded_t[p - 1], padded_t[p], padded_t[p + 1])
        if i in multi:
            f.append("gm=" + multi[i])
        out.append(f)
    return out
