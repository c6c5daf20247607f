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
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ..attribute.rules.sollen import evidential_in
from ..attribute.rules.sollen import sollen as _sollen_rule
from ..doc import Doc, Event, Sentence, SourceInfo, Token
from ..errors import LexiconError
from ..evidence import decision
from ..lang import de
from ..lang.de.claims import claim_key, claim_nouns_table
from ..model import STATUSES, Status, strongest_status

# The same decision as the rules layer's (one label): a "soll ... haben" that reports.
EVIDENTIAL_SOLLEN = _sollen_rule.label


@cache
def _konjunktiv2() -> frozenset[str]:
    """Konjunktiv II forms: they mark the unreal, not reported speech."""
    return frozenset(r[0] for r in de.konjunktiv() if r[1] == "K2")


@cache
def _status_cues() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in de.status_cues()}


@cache
def _markers() -> tuple[tuple[re.Pattern[str], Status, str], ...]:
    out = []
    for pattern, status, name, _note, _weak in de.markers():
        out.append((re.compile(pattern, re.IGNORECASE), _status(status), name))
    return tuple(out)


@cache
def _any_marker() -> re.Pattern[str]:
    """All markers as one pattern: most sentences have none, and one search says so."""
    return re.compile("|".join(f"(?:{p.pattern})" for p, _s, _n in _markers()), re.IGNORECASE)


def _status(value: str) -> Status:
    """A status name of ``markers.tsv``, checked."""
    for status in STATUSES:
        if status == value:
            return status
    raise LexiconError(f"markers.tsv: unknown status {value!r}; statuses: {STATUSES}")


@cache
def weak_markers() -> frozenset[str]:
    """Markers that yield to a named source ("Aus dem Ministerium hieß es")."""
    return frozenset(r[2] for r in de.markers() if r[4] == "weak")


def lemma(token: Token) -> str:
    """The token's lemma in lower case, or its lower-cased form when the tagger gave none."""
    return (token.lemma or token.text).lower()


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open character ranges share at least one character."""
    return a_start < b_end and b_start < a_end


def cue_role(cue_tokens: Sequence[Token], context: Sequence[Token] = ()) -> str | None:
    """ "denial" or "confirmation" when the cue says so (``status_cues.tsv``), else None.

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


def konjunktiv_one(tokens: Sequence[Token]) -> Token | None:
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


_STAGE = "assess.status"
DENIAL_CUE = decision(
    "rule:denial-cue",
    stage=_STAGE,
    en="the cue is a verb of denial (bestreiten, dementieren, zurückweisen)",
    de="das Signalwort bestreitet (bestreiten, dementieren, zurückweisen)",
)
CONFIRMATION_CUE = decision(
    "rule:confirmation-cue",
    stage=_STAGE,
    en="the cue is a verb of confirmation (bestätigen, bekräftigen)",
    de="das Signalwort bestätigt (bestätigen, bekräftigen)",
)
VAGUE_SOURCE = {
    "anonymous": decision(
        "rule:anonymous-source",
        stage=_STAGE,
        en="an anonymous source (insiders, unnamed officials): hearsay",
        de="eine anonyme Quelle (Insider, ungenannte Beamte): Hörensagen",
    ),
    "vague": decision(
        "rule:vague-source",
        stage=_STAGE,
        en="a vague source (experts, critics, many): hearsay",
        de="eine vage Quelle (Experten, Kritiker, viele): Hörensagen",
    ),
}
CALLED_FALSE = decision(
    "rule:called-false",
    stage=_STAGE,
    en="the speaker calls a claim false ('Blödsinn', 'völlig absurd', 'Propaganda')",
    de="der Sprecher nennt eine Behauptung falsch („Blödsinn“, „völlig absurd“)",
)
DENIAL_PHRASE = decision(
    "rule:denial-phrase",
    stage=_STAGE,
    en="the speaker rejects a claim in words ('Das stimmt nicht', 'bekennt sich nicht schuldig')",
    de="der Sprecher weist eine Behauptung zurück („Das stimmt nicht“, „nicht schuldig“)",
)
UNNAMED_MEDIA = decision(
    "rule:unnamed-media",
    stage=_STAGE,
    en="unnamed media ('Medienberichten zufolge'): hearsay",
    de="ungenannte Medien („Medienberichten zufolge“): Hörensagen",
)
THROUGH_ANONYMOUS = decision(
    "rule:through-anonymous",
    stage=_STAGE,
    en="the outlet relies on unnamed sources ('unter Berufung auf Geheimdienstquellen')",
    de="das Medium beruft sich auf ungenannte Quellen („unter Berufung auf Insider“)",
)
NO_SOURCE = decision(
    "rule:no-source",
    stage=_STAGE,
    en="no source is given: hearsay",
    de="keine Quelle genannt: Hörensagen",
)
KONJUNKTIV_I = decision(
    "rule:konjunktiv-I",
    stage=_STAGE,
    en="a verb in Konjunktiv I, the grammar of reported speech",
    de="ein Verb im Konjunktiv I, der Form der indirekten Rede",
)


@cache
def marker_labels() -> dict[str, str]:
    """The evidence label of every marker of ``markers.tsv``, registered once."""
    out: dict[str, str] = {}
    for _pattern, _status, name, note, _weak in de.markers():
        if name not in out:  # several patterns may share a marker name: the first note counts
            en = f"the sentence says '{name}'" + (f" ({note})" if note else "")
            out[name] = decision(
                f"marker:{name}", stage=_STAGE, en=en, de=f"der Satz enthält „{name}“"
            )
    return out


def sentence_signals(doc: Doc, sent: Sentence) -> SentenceSignals:
    """Markers of ``markers.tsv``, evidential sollen and Konjunktiv I found in one sentence."""
    out = SentenceSignals()
    text = doc.text[sent.start : sent.end]
    for pattern, status, name in _markers() if _any_marker().search(text) else ():
        match = pattern.search(text)
        if match is None:
            continue
        if status in {"denied", "confirmed"} and negated(text, match.start(), match.end()):
            out.evidence.append(f"{marker_labels()[name]}=negated")
            continue
        if match:
            out.statuses.append(status)
            out.markers.append(name)
            out.evidence.append(marker_labels()[name])
    soll = evidential_in(doc, sent.tokens)
    if soll is not None:
        out.statuses.append("hearsay")
        out.markers.append("sollen")
        out.evidence.append(EVIDENTIAL_SOLLEN)
    k1 = konjunktiv_one(sent.tokens)
    if k1 is not None:
        out.markers.append(f"Konjunktiv-I:{k1.text}")
        out.evidence.append(KONJUNKTIV_I)
    return out


def claim_noun(tokens: list[Token]) -> str | None:
    """The noun by which a message refers back to an earlier claim ("die Gerüchte")."""
    words = [t.text.lower() for t in tokens if t.text.isalpha()]
    if not words or len(words) > 6:
        return None
    for w in words:
        key = claim_key(w)
        if key and key not in de.word_class("demonstrative"):
            return key
    return words[0] if words[0] in claim_nouns_table() else None


_INLINE_CONTENT = de.word_class("content-conjunction")


def names_content_inline(tokens: list[Token], noun: str) -> bool:
    """ "Er wies Berichte zurück, wonach ...": the claim is spelled out here, not earlier."""
    seen = False
    for tok in tokens:
        low = tok.text.lower()
        seen = seen or claim_key(low) == noun
        if seen and low in _INLINE_CONTENT:
            return True
    return False


_NEGATION = re.compile(
    r"\b(?:" + "|".join(sorted(de.word_class("negation"))) + r")\b", re.IGNORECASE
)


def negated(text: str, start: int, end: int) -> bool:
    """A negation next to a denial or confirmation verb ("wollte das weder bestätigen noch
    dementieren", "bestritt das nicht"): then the verb neither denies nor confirms."""
    return _NEGATION.search(text, max(0, start - 40), min(len(text), end + 12)) is not None


def mentioned_claim_noun(tokens: list[Token]) -> str | None:
    """A noun naming an earlier claim anywhere in a sentence ("bestritten die Gerüchte"), or
    a demonstrative object right after the finite verb ("wies das als haltlos zurück")."""
    for i, tok in enumerate(tokens):
        low = tok.text.lower()
        key = claim_key(low)
        if key and key not in de.word_class("demonstrative"):
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
    source_type: str | None = None  # the type of the event's source


_LONGEST_CLAIM = 20_000
"""Characters a claim may start before the window it reaches into (a long run of reported
speech); claims that start earlier are not looked at."""


def find_target(
    claims: list[Claim], noun: str, before: int, window_start: int, exclude: str | None
) -> Claim | None:
    """The latest claim before ``before`` (and after ``window_start``) that the noun can mean;
    ``claims`` are sorted by start, so only those around the window are looked at."""
    wanted = claim_nouns_table().get(noun, "any")
    hi = bisect_left(claims, before, key=lambda c: c.start)
    lo = bisect_left(claims, window_start - _LONGEST_CLAIM, key=lambda c: c.start)
    candidates = [
        c
        for c in claims[lo:hi]
        if c.id != exclude and c.end > window_start and (wanted == "any" or c.form == wanted)
    ]
    if not candidates:
        return None
    if noun in _REPORT_NOUNS:
        # "wies den Bericht zurück": what a report (an outlet, a document) claimed
        reports = [c for c in candidates if c.source_type in {"media", "document"}]
        candidates = reports or candidates
    # The most recent claim; among equals prefer the innermost (a nested quote).
    return max(candidates, key=lambda c: (c.start, -(c.end - c.start)))


_REPORT_NOUNS = frozenset({"bericht", "berichte", "berichten", "meldung", "meldungen"})


def statement_status(
    signals: SentenceSignals, events: list[Event]
) -> tuple[Status, list[str], list[Status]]:
    """Combine the sentence's own markers with the statuses of the events in it.

    ``events`` are the events whose message or cue overlaps the sentence, in document order.
    """
    statuses: list[Status] = list(signals.statuses)
    ids: list[str] = []
    named = False
    for e in events:
        statuses.append(e.status)
        ids.append(e.id)
        src = e.source_info
        named = named or (src is not None and src.type not in {"anonymous", "vague", "unknown"})
    if named and any(m in weak_markers() for m in signals.markers):
        # The source is named after all: drop the hearsay that only the weak marker gave.
        weak = sum(1 for m in signals.markers if m in weak_markers())
        for _ in range(weak):
            statuses.remove("hearsay")
    # "bestätigt" alone is not a confirmation of anything; it needs an event or a target.
    if "confirmed" in signals.statuses and not ids:
        statuses.remove("confirmed")
    return strongest_status(statuses), ids, statuses


def event_status(doc: Doc, e: Event) -> None:
    """The status of one event from its cue, its evidential markers and its source.

    DESIGN.md §3 and the dev set's conventions: a claim with a stated, solid source is
    attributed even with an evidential *soll* ("Laut ORF soll …"); it is hearsay when the
    source is missing, anonymous, vague or an unnamed plural of media, or when a named outlet
    relies on unnamed sources; it is denied when its speaker rejects a claim (a denial verb,
    or calling it false: "Blödsinn", "völlig absurd").
    """
    statuses: list[Status] = []
    cue_toks = doc.tokens_at(e.cue)
    sentences = sorted({doc.tokens[i].sent for i in e.cue or e.message})
    context = [t for si in sentences for t in doc.sentences[si].tokens]
    if not cue_toks and e.form == "Reported":
        # A Reported event without a cue: its verb is in the frame or the message.
        cue_toks = [t for t in doc.tokens_at(e.frame + e.message) if (t.tag or "V").startswith("V")]
    role = cue_role(cue_toks, context)
    frame_and_msg = doc.tokens_at(sorted(set(e.cue) | set(e.frame) | set(e.message)))
    src = e.source_info
    if role == "denial":
        statuses.append("denied")
        e.evidence.append(DENIAL_CUE)
    elif role == "confirmation":
        statuses.append("confirmed")
        e.evidence.append(CONFIRMATION_CUE)
    elif src is not None and _calls_false(doc.tokens_at(e.message)):
        statuses.append("denied")
        e.evidence.append(CALLED_FALSE)
    elif src is not None and (phrase := denial_phrase(frame_and_msg)) is not None:
        statuses.append("denied")
        e.evidence.append(f"{DENIAL_PHRASE}={phrase}")
    weak = src is None or src.type in {"anonymous", "vague", "unknown"} or _unnamed_media(src)
    if evidential_in(doc, frame_and_msg) is not None or any(
        t.text.lower() in {"soll", "sollen"} for t in cue_toks
    ):
        e.markers.append("sollen")
        e.evidence.append(EVIDENTIAL_SOLLEN)
        if weak:
            statuses.append("hearsay")
    if src is not None and src.type in {"anonymous", "vague"}:
        statuses.append("hearsay")
        e.evidence.append(VAGUE_SOURCE[src.type])
    elif src is not None and _unnamed_media(src):
        statuses.append("hearsay")
        e.evidence.append(UNNAMED_MEDIA)
    elif src is not None and _through_anonymous(context):
        statuses.append("hearsay")
        e.evidence.append(THROUGH_ANONYMOUS)
    if src is None:
        # DESIGN.md §3: reported with the source missing is hearsay.
        statuses.append("hearsay")
        e.evidence.append(NO_SOURCE)
    statuses.append("attributed")
    e.status = strongest_status(statuses)


def _unnamed_media(src: SourceInfo) -> bool:
    """Media without a name, in the plural or indefinite ("Medienberichten", "türkische
    TV-Sender"); not "das Portal", which is the outlet named before."""
    return src.type == "media" and not src.canonical and src.plural


@cache
def _denial_patterns(needs: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(p, re.IGNORECASE), name)
        for p, name, _n, need in de.denial_phrases()
        if need == needs
    )


def denial_phrase(tokens: Sequence[Token], *, needs_target: bool = False) -> str | None:
    """The name of a denial phrase in the words ("Das stimmt nicht"), or None; with
    ``needs_target`` the phrases that deny only what an earlier claim spoke of."""
    if not tokens:
        return None
    text = " ".join(t.text for t in tokens)
    for pattern, name in _denial_patterns("target" if needs_target else ""):
        if pattern.search(text):
            return name
    return None


def _calls_false(tokens: list[Token]) -> bool:
    """The speaker calls something false: "Das ist Blödsinn", "als völlig absurd"."""
    words = de.word_class("denial-evaluation")
    return any(t.text.lower() in words for t in tokens)


def _through_anonymous(context: list[Token]) -> bool:
    """ "unter Berufung auf Geheimdienstquellen": a named outlet relays unnamed sources."""
    low = [t.text.lower() for t in context]
    for k in range(len(low) - 3):
        if low[k] == "unter" and low[k + 1] == "berufung" and low[k + 2] == "auf":
            rest = " ".join(low[k + 3 : k + 7])
            if any(w in rest for w in ("quelle", "kreise", "insider", "informant")):
                return True
    return False
