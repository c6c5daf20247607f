"""Evidential ``sollen``: "Putin soll Kim um Hilfe gebeten haben" reports, a plan does not.

``soll ... gebeten haben`` (a perfect infinitive: participle + haben/sein, or gewesen/worden)
and ``soll ... stammen`` (a stative verb) are evidential: the sentence is FreeIndirect speech
with cue ``soll``, and the grammatical subject is not the speaker. ``soll bis Mai fertig sein``
and ``soll eröffnet werden`` are plans: no speech event unless something else licenses one.
"""

from __future__ import annotations

from functools import cache

from ...doc import Doc, Event, Sentence, Token
from ...lang import de
from ...lang.de.cues import cues
from ...lang.de.punctuation import QUOTE_CHARS
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from .base import label, low, near, note, rule, tag

PLANNED = label(
    "planned-sollen",
    en="a planned 'soll ... werden' is no speech event (the event was dropped)",
    de="ein geplantes „soll … werden“ ist keine Redewiedergabe (das Ereignis entfiel)",
)


@cache
def _evidential_words() -> dict[str, frozenset[str]]:
    """``evidential_sollen.tsv`` by kind (aux, stative)."""
    kinds: dict[str, set[str]] = {}
    for word, kind, _note in de.evidential_sollen():
        kinds.setdefault(kind, set()).add(word)
    return {k: frozenset(v) for k, v in kinds.items()}


def is_evidential(sent: Sentence, i: int) -> bool | None:
    """Whether the ``soll`` at local ``i`` reports (True), plans (False), or has no infinitive
    in its clause (None)."""
    words = _evidential_words()
    aux, stative = words.get("aux", frozenset()), words.get("stative", frozenset())
    j = i + 1
    while j < len(sent.tokens) and sent.tokens[j].text not in CLAUSE_PUNCT:
        j += 1
    last = [k for k in range(i + 1, j) if tag(sent, k).startswith("V") or low(sent, k) in aux]
    infs = [low(sent, k) for k in last[-2:]]
    if not infs:
        return None
    lemmas = [(sent.tokens[k].lemma or "").lower() for k in last[-2:]]
    # "haben"/"sein" make a perfect infinitive only after a participle ("soll gebeten
    # haben", not "soll bis Mai fertig sein"); "gewesen"/"worden" always do
    perfect = infs[-1] in aux
    if perfect and infs[-1] in {"haben", "sein"}:
        perfect = len(last) > 1 and last[-2] == last[-1] - 1 and tag(sent, last[-2]).endswith("PP")
    if infs[-1] == "werden":
        return False  # "soll eröffnet werden": a plan
    return perfect or any(w in stative for w in infs + lemmas)


def evidential_in(doc: Doc, tokens: list[Token]) -> Token | None:
    """The first evidential ``soll``/``sollen`` among ``tokens`` (any sentences), or None."""
    for tok in tokens:
        if tok.text.lower() in {"soll", "sollen"} and (tok.tag or "") in {"VMFIN", ""}:
            sent = doc.sentences[tok.sent]
            if is_evidential(sent, tok.i - sent.first):
                return tok
    return None


@rule(
    "evidential-sollen",
    en="evidential 'soll ... haben': reported by someone the sentence does not name",
    de="„soll … haben“: berichtet von jemandem, den der Satz nicht nennt",
)
def sollen(doc: Doc, events: list[Event]) -> None:
    """Evidential ``soll ... haben/sein`` is FreeIndirect with cue ``soll``; a planned
    ``soll ... eröffnet werden`` is no speech event unless something else licenses one."""
    for sent in doc.sentences:
        for i, tok in enumerate(sent.tokens):
            if tok.text.lower() not in {"soll", "sollen"} or tag(sent, i) not in {"VMFIN", ""}:
                continue
            evidential = is_evidential(sent, i)
            ref = sent.first + i
            covering = [events[k] for k in near(events, ref, ref) if ref in events[k].message]
            if evidential:
                _evidential(events, sent, ref, covering)
            elif evidential is not None:
                for e in covering:
                    if not e.cue and not e.source and not _licensed(sent):
                        e.evidence.append(PLANNED)
            break
    events[:] = [e for e in events if PLANNED not in e.evidence]


def _evidential(events: list[Event], sent: Sentence, ref: int, covering: list[Event]) -> None:
    """The events around an evidential ``soll`` become FreeIndirect, or one is added."""
    for e in covering:
        if not e.cue and e.form in {"Indirect", "Reported", "FreeIndirect"}:
            e.form = "FreeIndirect"
            e.cue = [ref]
            # the grammatical subject or object of the soll clause is not the speaker: a
            # source inside the sentence goes
            if any(sent.first <= r < sent.last for r in e.source):
                e.source = []
            note(e, sollen.label)
    whole = set(range(sent.first, sent.last))
    if not covering and not any(set(e.message) & whole for e in events):
        events.append(Event("FreeIndirect", sorted(whole), cue=[ref], evidence=[sollen.label]))


def _licensed(sent: Sentence) -> bool:
    """Anything besides sollen that can make a sentence reported speech."""
    lex = cues()
    for i, t in enumerate(sent.tokens):
        lw = t.text.lower()
        if (
            t.mood == "Sub"
            or lw in QUOTE_CHARS
            or (lw in lex.frames and lex.frames[lw] != "evidential")
        ):
            return True
        if lex.reporting(lw) is not None and tag(sent, i).startswith(("V", "NN")):
            return True
    return False
