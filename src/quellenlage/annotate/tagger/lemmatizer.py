"""The lemmatizer: (form, tag) → lemma from a table, then suffix analogy, then inflection rules.

The table is learned from the Universal Dependencies German treebanks (``training.py`` writes
``lemmas.json``); unknown compounds take the lemma of their longest known tail
("Atomwaffenvorrat" → "...vorrat"), strong verbs come from ``lang/de/data/strong_verbs.tsv``
and the inflection endings of unknown words from ``lang/de/data/inflection.tsv``.
"""

from __future__ import annotations

import json
from functools import cache

from ...errors import ModelError
from ...lang import de
from ...lang.de.tags import NOUNS, VERBATIM_LEMMA


@cache
def _verb_prefixes() -> tuple[str, ...]:
    """Verb prefixes, longest first (``verb-prefix`` in ``word_classes.tsv``)."""
    return tuple(sorted(de.word_list("verb-prefix"), key=len, reverse=True))


@cache
def strong_verb_forms() -> dict[str, str]:
    """Finite and participle forms of strong and irregular verbs → infinitive
    (``lang/de/data/strong_verbs.tsv``); participles also without "ge-" for inseparable prefixes."""
    out: dict[str, str] = {}
    for inf, past, part, pres in de.strong_verbs():
        plural = past + ("n" if past.endswith("e") else "en")
        forms = [past, past + ("st" if not past.endswith(("s", "ß")) else "t"), plural]
        forms += [past + "t" if not past.endswith("t") else past + "et", part]
        if part.startswith("ge"):
            forms.append(part[2:])  # bestritten = be + stritten, vergangen = ver + gangen
        if pres:
            forms.append(pres)
        for f in forms:
            out.setdefault(f, inf)
    return out


def strong_verb_lemma(low: str) -> str | None:
    """Infinitive of a strong verb form, prefixes included ("bestritt" → "bestreiten",
    "zurückgewiesen" → "zurückweisen"), or None."""
    forms = strong_verb_forms()
    hit = forms.get(low)
    if hit is not None:
        return hit
    prefixes = _verb_prefixes()
    for prefix in prefixes:
        if low.startswith(prefix) and len(low) - len(prefix) >= 3:
            rest = low[len(prefix) :]
            hit = forms.get(rest)
            if hit is None and rest.startswith(prefixes):
                hit = strong_verb_lemma(rest)
                if hit is not None:
                    return prefix + hit
            if hit is not None:
                return prefix + hit
    return None


@cache
def strong_verb_infinitives() -> frozenset[str]:
    """Infinitives of ``lang/de/data/strong_verbs.tsv``."""
    return frozenset(strong_verb_forms().values())


@cache
def _ends(name: str) -> tuple[str, ...]:
    return tuple(e for e, _r in de.endings(name))


class Lemmatizer:
    """(form, tag) → lemma from a table, then suffix analogy, then inflection rules.

    The table is keyed by ``"form\ttag"`` strings, exactly as stored in ``lemmas.json``,
    so that loading is one ``json.loads`` (the tagger loads in well under a second).
    """

    def __init__(self, table: dict[str, str], by_form: dict[str, str]) -> None:
        self.table = table
        self.by_form = by_form
        self._verbs: frozenset[str] | None = None

    @property
    def verbs(self) -> frozenset[str]:
        """Known verb infinitives: they decide between "fürchte" (fürchten) and "prüfte"."""
        if self._verbs is None:
            self._verbs = frozenset(
                lemma.lower() for key, lemma in self.table.items() if "\tV" in key
            )
        return self._verbs

    def knows(self, form: str, tag: str) -> bool:
        """Whether the treebanks had ``form`` with ``tag``."""
        return f"{form}\t{tag}" in self.table

    @classmethod
    def load(cls, text: str) -> Lemmatizer:
        """Read the JSON that ``training.dump_lemmas`` writes."""
        try:
            data = json.loads(text)
            table, by_form = data["tagged"], data["forms"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"lemma table is unreadable: {exc}") from exc
        if not isinstance(table, dict) or not isinstance(by_form, dict):
            raise ModelError("lemma table is malformed: 'tagged' and 'forms' must be objects")
        return cls(table, by_form)

    def lemma(self, form: str, tag: str) -> str:
        """The lemma of ``form`` tagged ``tag``."""
        hit = self.table.get(f"{form}\t{tag}")
        if hit is not None:
            return hit
        low = form.lower()
        if form[:1].isupper() and not tag.startswith(("NN", "NE")):
            hit = self.table.get(f"{low}\t{tag}")
            if hit is not None:
                return hit
        if tag.startswith("$") or tag in VERBATIM_LEMMA:
            return form
        hit = self.by_form.get(form)
        if hit is not None and tag.startswith("V") and not hit.endswith("n"):
            # known as a non-verb ("weise", "große"): a verb reading needs a known verb
            verb = strong_verb_lemma(low) or self._known_verb(low, tag)
            return verb if verb is not None else hit
        if hit is not None and tag != "NE":
            return hit
        return self._unknown(form, low, tag)

    def _unknown(self, form: str, low: str, tag: str) -> str:
        """The lemma of a form the treebanks never had, by analogy or by rule."""
        if tag == "NN":
            plural = noun_rule(form, safe_only=True)
            if plural != form:
                return plural
            return self._by_suffix(form, tag) or noun_rule(form)
        if tag == "NE":
            return self._by_suffix(form, tag) or form
        if tag.startswith("V"):
            return (
                strong_verb_lemma(low)
                or self._by_suffix(low, tag)
                or self._known_verb(low, tag)
                or verb_rule(low, tag)
            )
        if tag in {"ADJA", "ADJD"}:
            return self._by_suffix(low, tag) or adjective_rule(low, tag)
        return low if form[:1].isupper() else form

    def _known_verb(self, low: str, tag: str) -> str | None:
        """Infinitive of a finite form whose stem is a known verb (or ends in one)."""
        if not tag.endswith("FIN"):
            return None
        for end in _ends("finite-verb"):
            if low.endswith(end) and len(low) - len(end) >= 2:
                stem = low[: -len(end)]
                for inf in (stem + "en", stem + "n"):
                    for k in range(0, max(1, len(inf) - 5)):
                        if inf[k:] in self.verbs:
                            return inf
        return None

    def _by_suffix(self, form: str, tag: str) -> str | None:
        """Lemma by analogy with the longest known suffix (compounds, prefixed verbs)."""
        for k in range(1, len(form) - 3):
            suffix = form[k:]
            if tag in NOUNS:
                suffix = suffix[:1].upper() + suffix[1:]
            hit = self.table.get(f"{suffix}\t{tag}")
            if hit is None and tag == "NN" and len(suffix) > 4:
                hit = self.by_form.get(suffix)  # "Medienberichten": "Berichten" → "Bericht"
                if hit is not None and not hit[:1].isupper():
                    hit = None
            if hit is not None:
                if tag in NOUNS:
                    return form[:k] + hit[:1].lower() + hit[1:]
                return form[:k] + hit
        return None


def noun_rule(form: str, *, safe_only: bool = False) -> str:
    """Singular of an unknown plural noun, only where the ending is unambiguous:
    "Journalistinnen" → "Journalistin", "Zeitungen" → "Zeitung", "Insidern" → "Insider",
    "Tweets" → "Tweet". ``safe_only``: just the derivational suffixes (-ungen, -innen...)."""
    for plural, singular in de.endings("safe-plural"):
        if form.endswith(plural) and len(form) > len(plural) + 2:
            return form[: -len(plural)] + singular
    if safe_only:
        return form
    if form.endswith("ern") and len(form) > 5:
        return form[:-1]
    if form.endswith(_ends("foreign-plural")) and len(form) > 4 and not form.endswith("ss"):
        return form[:-1]
    return form


def verb_rule(low: str, tag: str) -> str:
    """Infinitive of an unknown weak verb form: "gewandt" stays, "prüfte" → "prüfen"."""
    word = low
    if tag.endswith("IZU") and "zu" in word[1:-3]:
        i = word.index("zu", 1)
        return word[:i] + word[i + 2 :]
    if tag.endswith("PP"):
        stem = word
        if stem.startswith("ge") and len(stem) > 5:
            stem = stem[2:]
        elif "ge" in stem[2:-3]:
            i = stem.index("ge", 2)
            stem = stem[:i] + stem[i + 2 :]
        if stem.endswith("en"):
            return stem
        if stem.endswith("t"):
            stem = stem[:-1]
            if stem.endswith("e") and len(stem) > 3:
                stem = stem[:-1]
        return stem + ("n" if stem.endswith(("el", "er")) else "en")
    if tag.endswith("INF"):
        return word
    for end in _ends("weak-verb"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            return stem + ("n" if stem.endswith(("el", "er")) else "en")
    return word


def adjective_rule(low: str, tag: str) -> str:
    """Base form of an unknown adjective: ADJD stays, ADJA loses its inflection ending."""
    if tag == "ADJD":
        return low
    for end in _ends("adjective"):
        if low.endswith(end) and len(low) - len(end) >= 3:
            return low[: -len(end)]
    return low
