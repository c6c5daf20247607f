"""Outlet names: the corpus's own outlets, the outlet lexicon, and how to tell them apart.

``OutletIndex`` finds mentions of the corpus's outlets in text whatever their inflection
("der Rheinischen Abendpost", "des Blitzblatts"), gives every outlet name one comparable key
(so that "Rheinische Abendpost" cited in one article is the outlet of another), and resolves
names through the outlet lexicon (``lang/de/data/outlets.tsv``, ``outlet_canonical``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from ...annotate.entities import lookup_platform
from ...lang import de
from .textnorm import stem

_QUOTES = "„“”\"»«‚‘'’"
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "the"})
# Inflection a German outlet name may take in running text (adjective endings, genitive -s).
_INFLECT = r"(?:e|en|er|es|em|s|n|ns)?"


def outlet_key(name: str | None) -> str:
    """One key per outlet however it is written: no quotes, article or inflection."""
    if not name:
        return ""
    words = [w for w in re.findall(r"[^\W_]+", name.strip(_QUOTES)) if w.casefold()]
    while words and words[0].casefold() in _ARTICLES:
        words = words[1:]
    return " ".join(stem(w) for w in words)


@cache
def _lexicon_outlets() -> dict[str, str]:
    """The outlet lexicon: name as written (case-folded, spaces collapsed) → canonical name."""
    return {_fold(name): canonical for name, canonical, _kind, _note in de.outlets()}


def _fold(name: str) -> str:
    return " ".join(name.replace("\u00ad", "").split()).casefold()


def outlet_canonical(name: str) -> str | None:
    """The canonical name of an outlet of the lexicon, or None: as written, without quotes or
    a leading article, or without a genitive -s/-es ("des Spiegels" → "Der Spiegel")."""
    written = n = _fold(name.strip().strip(_QUOTES))
    first, _, rest = n.partition(" ")
    if rest and first in _ARTICLES:
        n = rest
    keys = [written, n]
    if n.endswith("s") and len(n) > 3:
        keys.append(n[:-1])
    if n.endswith("es") and len(n) > 4:
        keys.append(n[:-2])
    outlets = _lexicon_outlets()
    return next((outlets[k] for k in keys if k in outlets), None)


def canonical_outlet(name: str) -> str:
    """The name to report for a cited outlet: the lexicon's canonical form, else as written."""
    clean = " ".join(name.strip(_QUOTES).split())
    return outlet_canonical(clean) or clean


def is_platform(name: str) -> bool:
    """A social platform (X, Telegram, ...): a post there is cited, not the platform itself."""
    return lookup_platform(name.strip(_QUOTES))


@dataclass(frozen=True, slots=True)
class Mention:
    """An outlet named in the text: where, as written, and the outlet's name to report."""

    start: int
    end: int
    text: str
    name: str


class OutletIndex:
    """The corpus's outlets, found in text in any inflected form."""

    def __init__(self, outlets: Iterable[str | None]) -> None:
        self.by_key: dict[str, str] = {}
        for name in sorted({o for o in outlets if o and len(o.strip()) >= 2}):
            key = outlet_key(name)
            if key:
                self.by_key.setdefault(key, name)
            canon = outlet_canonical(name)
            if canon:
                self.by_key.setdefault(outlet_key(canon), name)
        alternatives = [self._pattern(n) for n in sorted(self.by_key.values(), key=len)[::-1]]
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
            if alternatives
            else None
        )

    @staticmethod
    def _pattern(name: str) -> str:
        """A name as a pattern that allows the inflection of each word ("Rheinisch-en")."""
        parts = []
        for w in re.findall(r"[^\W_]+|[^\w\s]", name.strip(_QUOTES)):
            if not w.isalnum():
                parts.append(re.escape(w))
                continue
            base = w
            for suffix in ("en", "es", "e", "s", "n"):
                if len(w) > 4 and w.endswith(suffix):
                    base = w[: -len(suffix)]
                    break
            parts.append(re.escape(base) + _INFLECT)
        return r"[\s-]*".join(parts)

    def corpus_outlet(self, name: str | None) -> str | None:
        """The corpus outlet a name refers to, or None when the outlet is not in the corpus."""
        if not name:
            return None
        key = outlet_key(name)
        if key in self.by_key:
            return self.by_key[key]
        canon = outlet_canonical(name.strip(_QUOTES))
        return self.by_key.get(outlet_key(canon)) if canon else None

    def same(self, a: str | None, b: str | None) -> bool:
        """Whether two names are one outlet (keys equal, or both resolve to one outlet)."""
        if not a or not b:
            return False
        ka, kb = outlet_key(a), outlet_key(b)
        if ka == kb:
            return True
        ca, cb = outlet_canonical(a.strip(_QUOTES)), outlet_canonical(b.strip(_QUOTES))
        return bool(ca and cb and ca == cb) or (
            self.corpus_outlet(a) is not None and self.corpus_outlet(a) == self.corpus_outlet(b)
        )

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Mention]:
        """The corpus outlets named in ``text[start:end]``."""
        if self.pattern is None:
            return
        stop = len(text) if end is None else end
        for m in self.pattern.finditer(text, start, stop):
            name = self.corpus_outlet(m.group(0))
            if name:
                yield Mention(m.start(), m.end(), m.group(0), name)
