"""Headline frames: ``Kreise: Minister plant Rücktritt``, ``Merz: "Wir müssen sparen"``.

Titles and teasers put the speaker before a colon at the very start and drop the verb of
saying. The phrase before the colon must name someone who can speak (a person the entity
stage found, a proper noun, or a noun of a kind of source: "Kreise", "Polizei", "Expertin");
"Ukraine-Krieg:" or "Liveblog:" name a topic, not a speaker. The rest (up to a dash that
starts a second headline) is the message: Direct when it is quoted, else Indirect, as in the
development data.
"""

from __future__ import annotations

from functools import cache

from ...annotate import entities as names
from ...doc import Doc, Event, Sentence
from ...lang import de
from ...lang.de import word_class
from ...lang.de.punctuation import QUOTE_CHARS
from ...lang.de.sources import noun_type
from .base import note, refs, rule, sent_body
from .nphrase import np_backward

_MAX_SPEAKER_TOKENS = 4
# An interview answer ("Jagland: Ich erwarte …") speaks in the first person: the words are
# the speaker's own (Direct).
_FIRST_PERSON = frozenset({"ich", "wir", "mir", "mich", "uns", "unser", "unsere", "mein", "meine"})
_SPEAKING_TYPES = frozenset(
    {"person", "anonymous", "vague", "government", "authority", "organisation", "media"}
)


@rule(
    "headline-colon",
    en="'Kreise: <headline>': the phrase before the colon of a headline is its source",
    de="„Kreise: <Schlagzeile>“: die Angabe vor dem Doppelpunkt ist die Quelle",
)
def headline_colon(doc: Doc, events: list[Event]) -> None:
    """A sentence that opens with a short speaker phrase and a colon is that speaker's."""
    labels: dict[str, int] = {}  # how often each head opens a sentence before a colon
    found: list[tuple[Sentence, list[int], int]] = []
    for sent in doc.sentences:
        body = sent_body(sent)
        colons = [k for k in body[: _MAX_SPEAKER_TOKENS + 1] if sent.tokens[k].text == ":"]
        if not colons or colons[0] == 0:
            continue
        c = colons[0]
        src = np_backward(sent, c - 1)
        if not src and c == 1 and sent.tokens[0].text[:1].isupper():
            src = [0]  # a bare name the tagger took for something else ("Müller/ADJD:")
        if src and src[0] == 0:
            head = sent.tokens[src[-1]].text
            labels[head] = labels.get(head, 0) + 1
            found.append((sent, src, c))
    for sent, src, c in found:
        head = sent.tokens[src[-1]].text
        if labels[head] > 1 and names.lookup_outlet(head):
            continue  # "STANDARD: …" again and again: the interviewer, the outlet's own voice
        if not _can_speak(doc, sent, src):
            continue
        body = sent_body(sent)
        msg = _headline(sent, body, c)
        if len(msg) < 3 or sent.tokens[-1].text == "?":
            continue  # "STANDARD: Warum …?": an interviewer's question is no claim
        words = {sent.tokens[k].text.lower() for k in msg}
        direct = sent.tokens[msg[0]].text in QUOTE_CHARS or bool(words & _FIRST_PERSON)
        _apply(events, sent, "Direct" if direct else "Indirect", msg, [c], src)


def _headline(sent: Sentence, body: list[int], c: int) -> list[int]:
    """The message after the colon, up to a dash that opens the next headline part."""
    out: list[int] = []
    for k in body:
        if k <= c:
            continue
        if sent.tokens[k].text in {"–", "—"} and out:
            break
        out.append(k)
    return out


def _can_speak(doc: Doc, sent: Sentence, src: list[int]) -> bool:
    """A person or body the entity stage found, a proper noun that is no place, a state by its
    capital ("Kreml"), or a noun that names a kind of source; never a genre label."""
    head = sent.tokens[src[-1]]
    if any(sent.tokens[k].text.lower() in word_class("headline-label") for k in src):
        return False
    if noun_type(head.text) in _SPEAKING_TYPES:
        return True
    if names.government_of(head.text):
        return head.text not in _place_names()  # "Kreml:" speaks, "Berlin:" is a place label
    start, end = sent.tokens[src[0]].start, sent.tokens[src[-1]].end
    inside = [e for e in doc.entities if start <= e.start and e.end <= end]
    if any(e.label in {"PER", "ORG"} for e in inside):
        return True
    return head.tag == "NE" and not any(e.label == "LOC" for e in inside)


@cache
def _place_names() -> frozenset[str]:
    return frozenset(name for name, _kind in de.places())


def _apply(
    events: list[Event], sent: Sentence, form: str, msg: list[int], cue: list[int], src: list[int]
) -> None:
    """The CRF's event on the headline gets its speaker; without one, a new event."""
    fmsg, fcue, fsrc = refs(sent, msg), refs(sent, cue), refs(sent, src)
    for e in events:
        if set(e.message) & set(fmsg):
            if not e.source:
                e.source, e.cue = fsrc, e.cue or fcue
                note(e, headline_colon.label)
            return
    new = Event("Direct" if form == "Direct" else "Indirect", fmsg, cue=fcue, source=fsrc)
    new.medium, new.evidence = "SW", [headline_colon.label]
    events.append(new)
