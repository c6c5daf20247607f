"""Epistemic status of speech events and statements (DESIGN.md §3).

Signals, each recorded in ``evidence`` so an editor can check it:
* the cue of an event (denial and confirmation verbs from ``status_cues.tsv``),
* evidential *sollen* ("soll ... gebeten haben") and Konjunktiv I without a frame,
* the type of the source (anonymous and vague sources only gesture at a source),
* sentence markers from ``markers.tsv`` (angeblich, nicht unabhängig überprüft, ...),
* anaphoric notes about earlier claims ("Das Zitat konnte nicht verifiziert werden",
  "Der Kreml bestritt die Gerüchte") whose ``target`` is the event they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..lang import de
from ..model import Doc, Sentence, SpeechEvent, Status, Token, strongest_status
from .spans import lemma, overlaps



@cache
def _claim_nouns() -> dict[str, str]:
    """Word → which claim it can mean ("Direct" or "any"), from ``claim_nouns.tsv``."""
    return {r[0].lower(): r[1] for r in de.claim_nouns()}


_SOLLEN = {"soll", "sollen", "sollst", "sollt"}
_CLAUSE_END = {",", ";", ":", ".", "!", "?", "–", "—"}


@cache
def _konjunktiv2() -> frozenset[str]:
    """Konjunktiv II forms: they mark the unreal, not reported speech."""
    return frozenset(r[0] for r in de.konjunktiv() if r[1] == "K2")


@cache
def _status_cues() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in de.status_cues()}


@cache
def _evidential_words() -> frozenset[str]:
    return frozenset(r[0].lower() for r in de.evidential_sollen())


@cache
def _markers() -> tuple[tuple[re.Pattern[str], Status, str], ...]:
    out = []
    for pattern, status, name, _note, _weak in de.markers():
        out.append((re.compile(pattern, re.IGNORECASE), status, name))  # type: ignore[arg-type]
    return tuple(out)


@cache
def weak_markers() -> frozenset[str]:
    """Markers that yield to a named source ("Aus dem Ministerium hieß es")."""
    return frozenset(r[2] for r in de.markers() if r[4] == "weak")


def cue_role(cue_tokens: list[Token], context: list[Token] = ()) -> str | None:  # type: ignore[assignment]
    """ "denial", "confirmation" or "assertion-claim" when the cue says so, else None.

    ``context`` (the cue's sentence) supplies the separated particle of a particle verb:
    "wies ... zurück" is *zurückweisen*.
    """
    roles = _status_cues()
    # The tagger sometimes calls a clause-final particle ADV ("wies ... zurück."): a word
    # right before punctuation counts as a particle too.
    particles = [
        t.text.lower()
        for i, t in enumerate(context)
        if t.tag == "PTKVZ"
        or (
            t.text.isalpha()
            and t.text.islower()
            and i + 1 < len(context)
            and (context[i + 1].tag or "").startswith("$")
        )
    ]
    for tok in cue_tokens:
        base = lemma(tok)
        for key in (base, tok.text.lower(), *(p + base for p in particles)):
            if key in roles:
                return roles[key]
    return None


def evidential_sollen(tokens: list[Token]) -> Token | None:
    """The *sollen* of "X soll ... gebeten haben / gewesen sein": reported, not obligation."""
    for i, tok in enumerate(tokens):
        if tok.text.lower() not in _SOLLEN:
            continue
        for nxt in tokens[i + 1 :]:
            if nxt.text in _CLAUSE_END:
                break
            if nxt.text.lower() in _evidential_words():
                return tok
    return None


def konjunktiv_one(tokens: list[Token]) -> Token | None:
    """A finite Konjunktiv I verb (habe, sei, fürchte): the grammar of reported speech."""
    for tok in tokens:
        if tok.mood != "Sub":
            continue
        low = tok.text.lower()
        if low in _konjunktiv2() or low.endswith(("te", "ten", "test")):
            continue
        return tok
    return None


@dataclass(slots=True)
class SentenceSignals:
    """What a sentence says about its own status, before events are considered."""

    statuses: list[Status] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)


def sentence_signals(doc: Doc, sent: Sentence) -> SentenceSignals:
    """Markers of ``markers.tsv``, evidential sollen and Konjunktiv I found in one sentence."""
    out = SentenceSignals()
    text = doc.text[sent.start : sent.end]
    for pattern, status, name in _markers():
        match = pattern.search(text)
        if match is None:
            continue
        if status in {"denied", "confirmed"} and negated(text, match.start(), match.end()):
            out.evidence.append(f"marker:{name}:negated")
            continue
        if match:
            out.statuses.append(status)
            out.markers.append(name)
            out.evidence.append(f"marker:{name}")
    soll = evidential_sollen(sent.tokens)
    if soll is not None:
        out.statuses.append("hearsay")
        out.markers.append("sollen")
        out.evidence.append("rule:evidential-sollen")
    k1 = konjunktiv_one(sent.tokens)
    if k1 is not None:
        out.markers.append(f"Konjunktiv-I:{k1.text}")
        out.evidence.append("rule:konjunktiv-I")
    return out


def _claim_key(word: str) -> str | None:
    """The claim noun a word is a form of: "Videos", "Berichts" and "Zitats" are genitives."""
    if word in _claim_nouns():
        return word
    for cut in (1, 2):
        if len(word) > 4 and word.endswith("es"[-cut:]) and word[:-cut] in _claim_nouns():
            return word[:-cut]
    return None


def claim_noun(tokens: list[Token]) -> str | None:
    """The noun by which a message refers back to an earlier claim ("die Gerüchte")."""
    words = [t.text.lower() for t in tokens if t.text.isalpha()]
    if not words or len(words) > 6:
        return None
    for w in words:
        key = _claim_key(w)
        if key and key not in {"das", "dies", "diese", "dieser"}:
            return key
    return words[0] if words[0] in _claim_nouns() else None


_INLINE_CONTENT = {"dass", "daß", "wonach", "ob"}


def names_content_inline(tokens: list[Token], noun: str) -> bool:
    """ "Er wies Berichte zurück, wonach ...": the claim is spelled out here, not earlier."""
    seen = False
    for tok in tokens:
        low = tok.text.lower()
        seen = seen or _claim_key(low) == noun
        if seen and low in _INLINE_CONTENT:
            return True
    return False


_NEGATION = re.compile(r"\b(?:weder|nicht|nie|niemals|kein|keine|keinen|keiner)\b", re.IGNORECASE)


def negated(text: str, start: int, end: int) -> bool:
    """A negation next to a denial or confirmation verb ("wollte das weder bestätigen noch
    dementieren", "bestritt das nicht"): then the verb neither denies nor confirms."""
    return _NEGATION.search(text, max(0, start - 40), min(len(text), end + 12)) is not None


def mentioned_claim_noun(tokens: list[Token]) -> str | None:
    """A noun naming an earlier claim anywhere in a sentence ("bestritten die Gerüchte"), or
    a demonstrative object right after the finite verb ("wies das als haltlos zurück")."""
    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        key = _claim_key(low)
        if key and key not in {"das", "dies", "diese", "dieser"}:
            return key
        if low in {"das", "dies"} and i and (tokens[i - 1].tag or "").endswith("FIN"):
            return low
    return None


@dataclass(slots=True)
class Claim:
    """Something a later note can be about: an event, or a sentence that is a claim by its
    own markers ("Einige Anbieter sollen ... angehoben haben") without an event."""

    id: str
    start: int
    end: int
    form: str | None = None  # the event's form; None for a sentence


def find_target(
    claims: list[Claim], noun: str, before: int, window_start: int, exclude: str | None
) -> Claim | None:
    """The latest claim before ``before`` (and after ``window_start``) that the noun can mean."""
    wanted = _claim_nouns().get(noun, "any")
    candidates = [
        c
        for c in claims
        if c.id != exclude
        and c.start < before
        and c.end > window_start
        and (wanted == "any" or c.form == wanted)
    ]
    if not candidates:
        return None
    # The most recent claim; among equals prefer the innermost (a nested quote).
    return max(candidates, key=lambda c: (c.start, -(c.end - c.start)))


def statement_status(
    signals: SentenceSignals, events: list[SpeechEvent], start: int, end: int
) -> tuple[Status, list[str], list[str]]:
    """Combine the sentence's own markers with the statuses of the events in it."""
    statuses: list[Status] = list(signals.statuses)
    ids: list[str] = []
    named = False
    for e in events:
        if overlaps(e.message.start, e.message.end, start, end) or (
            e.cue is not None and overlaps(e.cue.start, e.cue.end, start, end)
        ):
            statuses.append(e.status)
            ids.append(e.id)
            named = named or (
                e.source is not None and e.source.type not in {"anonymous", "vague", "unknown"}
            )
    if named and any(m in weak_markers() for m in signals.markers):
        # The source is named after all: drop the hearsay that only the weak marker gave.
        weak = sum(1 for m in signals.markers if m in weak_markers())
        for _ in range(weak):
            statuses.remove("hearsay")
    # "bestätigt" alone is not a confirmation of anything; it needs an event or a target.
    if "confirmed" in signals.statuses and not ids:
        statuses.remove("confirmed")
    return strongest_status(statuses), ids, statuses  # type: ignore[return-value]
