"""What a denial, confirmation or verification note is about: its target, and the target's status.

A note can be an event ("Der Kreml bestritt die Gerüchte") or a sentence ("Das Zitat konnte
nicht verifiziert werden"). It names the earlier claim by a claim noun (``claim_nouns.tsv``);
the latest fitting claim within four sentences before it is the target and takes the note's
status. A claim is an event, or a sentence that is hearsay by its own markers without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..doc import Doc, Event, Sentence, Token
from ..evidence import decision
from ..lang.de.claims import names_all_claims
from ..model import Status, strongest_status
from .status import (
    Claim,
    SentenceSignals,
    claim_noun,
    denial_phrase,
    find_target,
    mentioned_claim_noun,
    names_content_inline,
)

_STAGE = "assess.targets"
TARGET = decision(
    "rule:target",
    stage=_STAGE,
    en="this note is about an earlier claim (named by a noun such as 'das Zitat', 'die Gerüchte')",
    de="diese Anmerkung bezieht sich auf eine frühere Aussage („das Zitat“, „die Gerüchte“)",
)
MARKED_BY = {
    s: decision(
        f"rule:{s}-by",
        stage=_STAGE,
        en=f"a later note makes this claim {s}",
        de=f"eine spätere Anmerkung macht diese Aussage {s}",
    )
    for s in ("denied", "unverified", "confirmed")
}
ALL_CLAIMS = decision(
    "rule:all-claims-of",
    stage=_STAGE,
    en="the note is about a whole report, lawsuit or set of accusations: all claims of its source",
    de="die Anmerkung gilt einem ganzen Bericht, einer Klage, den Vorwürfen: jeder Aussage daraus",
)
INLINE = decision(
    "rule:inline-target",
    stage=_STAGE,
    en="the note spells out what it is about ('wies Berichte zurück, wonach …')",
    de="die Anmerkung nennt selbst, worum es geht („wies Berichte zurück, wonach …“)",
)
WINDOW_SENTENCES = 4


@dataclass(slots=True)
class Index:
    """The events and statements of a document by id, and the statements by sentence."""

    events: dict[str, Event]
    drafts: dict[str, Draft]
    at: dict[int, Draft]
    claims_of: dict[str, list[Event]] = field(default_factory=dict)
    """The events of each source identity, in document order."""
    claims: dict[str, Claim] = field(default_factory=dict)
    """The claims a note can be about (``claims``), by id."""


"""How far back (in sentences) a note looks for the claim it is about."""


@dataclass(slots=True)
class Draft:
    """A statement before its status is final: its sentence, signals and own events."""

    id: str
    sent: Sentence
    signals: SentenceSignals
    own: list[Event]
    """Events whose message or cue starts in this sentence."""
    messages: list[Event] = field(default_factory=list)
    """Events whose message overlaps this sentence."""
    touching: list[Event] = field(default_factory=list)
    """Events whose message or cue overlaps this sentence."""
    target: str | None = None
    forced: list[Status] = field(default_factory=list)


def message_span(doc: Doc, e: Event) -> tuple[int, int]:
    """The characters an event's message covers."""
    return doc.tokens[e.message[0]].start, doc.tokens[e.message[-1]].end


def claims(doc: Doc, drafts: list[Draft]) -> list[Claim]:
    """Events, and sentences that are hearsay by their own markers but carry no event."""
    out = [_claim_of(doc, e) for e in doc.events]
    for d in drafts:
        if "hearsay" in d.signals.statuses and not d.messages:
            out.append(Claim(d.id, d.sent.start, d.sent.end))
    return sorted(out, key=lambda c: c.start)


def resolve_targets(doc: Doc, drafts: list[Draft]) -> None:
    """Notes about earlier claims, as events and as sentences, get their target."""
    found = claims(doc, drafts)
    ix = Index(
        {e.id: e for e in doc.events}, {d.id: d for d in drafts}, {d.sent.i: d for d in drafts}
    )
    ix.claims = {c.id: c for c in found}
    for e in doc.events:
        ident = identity(e)
        if ident is not None:
            ix.claims_of.setdefault(ident, []).append(e)
    for event in doc.events:
        if event.status in {"denied", "confirmed", "unverified"}:
            _event_target(doc, event, found, ix)
        elif event.source_info is not None and denial_phrase(
            doc.tokens_at(event.message), needs_target=True
        ):
            _negated_target(doc, event, ix)
    for d in drafts:
        d.target = _note_target(doc, d, found, ix)


def _event_target(
    doc: Doc,
    event: Event,
    found: list[Claim],
    ix: Index,
) -> None:
    """The claim a denial, confirmation or verification event is about, marked with its
    status: spelled out in its sentence, a claim of the claimant it names, or the latest claim
    its claim noun can mean."""
    noun = _event_claim_noun(doc, event)
    if noun is None:
        return  # "bestritt, dass ...": the message itself is what is denied
    first = doc.tokens[min(event.cue or event.message)].sent
    if names_content_inline(doc.sentences[first].tokens, noun):
        # "wies Berichte zurück, wonach ...": the claim is spelled out here
        inline = _inline_claim(doc, event, first)
        if inline is not None:
            event.target = _mark(doc, _claim_of(doc, inline), event.status, event.id, ix)
            event.evidence.append(f"{INLINE}@{inline.id}")
            _spread(doc, event, inline, noun, ix)
        return
    start = message_span(doc, event)[0]
    claimant = _claimant(doc, event, ix)
    topic = _topic(doc, first, noun)
    claim = _claim_by(doc, event, (claimant, topic, start), ix) if claimant else None
    if claim is None and claimant and topic:
        return  # "Xs Blockade-Vorwurf": none of X's claims is about it, so none is the target
    if claim is None and _restates(doc, event, noun):
        # "bestreitet den Vorwurf, er unterhalte Kontakte zur PKK": the message says what
        # is denied; the earlier claim of another source about the same things is the target.
        match = _latest_sharing(doc, event, _content_stems(doc.tokens_at(event.message)), 2)
        if match is not None:
            claim = _claim_of(doc, match)
            event.evidence.append(f"{CONTENT_MATCH}@{match.id}")
    if claim is None:
        window = doc.sentences[max(0, doc.tokens[event.message[0]].sent - WINDOW_SENTENCES)].start
        claim = find_target(found, noun, start, window, event.id)
    if claim is None and names_all_claims(noun) and doc.sentences[first].i < _OPENING:
        claim = _reported_later(doc, event, found, ix)
        if claim is not None:
            event.evidence.append(f"{LATER_REPORT}@{claim.id}")
    if claim is not None:
        claim = _same_denial(event, claim, ix)
        event.target = _mark(doc, claim, event.status, event.id, ix)
        event.evidence.append(f"{TARGET}@{event.target}")
        if claim.id in ix.events:
            _spread(doc, event, ix.events[claim.id], noun, ix)


NEGATED_CLAIM = decision(
    "rule:negated-claim",
    stage=_STAGE,
    en="the speaker says there is no such thing as an earlier claim spoke of: a denial of it",
    de="der Sprecher sagt, das von einer früheren Aussage Behauptete gebe es nicht",
)
NEGATORS = frozenset({"kein", "keine", "keinen", "keinem", "keiner", "keinerlei"})
_STEM = 5


def _negated_target(doc: Doc, note: Event, ix: Index) -> None:
    """ "Es gibt kein geheimes Papier", "überhaupt keine Beziehungen": a denial that negates a
    thing denies the latest earlier claim of another source that spoke of it."""
    words = doc.tokens_at(note.message)
    nouns = [
        next((t for t in words[k + 1 : k + 4] if t.tag in {"NN", "NE"}), None)
        for k, t in enumerate(words)
        if t.text.lower() in NEGATORS
    ]
    stems = {n.text.lower()[:_STEM] for n in nouns if n is not None and len(n.text) >= 4}
    match = _latest_sharing(doc, note, stems, 2) if stems else None
    if match is not None:
        note.status = "denied"
        note.target = _mark(doc, _claim_of(doc, match), "denied", note.id, ix)
        note.evidence.append(f"{NEGATED_CLAIM}@{note.target}")


CONTENT_MATCH = decision(
    "rule:content-match",
    stage=_STAGE,
    en="the denial restates what it denies: the earlier claim of another source about it",
    de="das Dementi gibt wieder, was es bestreitet: die frühere Aussage einer anderen Quelle dazu",
)


def _restates(doc: Doc, note: Event, noun: str) -> bool:
    """ "bestreitet den Vorwurf, er unterhalte …": the message follows the claim noun
    (within three tokens), so it says what the claim was; a demonstrative ("dementierte das:
    …") points back and restates nothing."""
    if len(noun) < 6 or note.form == "Reported" or _is_clause(doc.tokens_at(note.message)):
        return False
    first = note.message[0]
    return any(doc.tokens[i].text.lower().startswith(noun) for i in range(max(0, first - 3), first))


def _content_stems(words: list[Token]) -> set[str]:
    """The first letters of the nouns and names of a message: what it speaks of."""
    return {t.text.lower()[:_STEM] for t in words if t.tag in {"NN", "NE"} and len(t.text) >= 4}


def _latest_sharing(doc: Doc, note: Event, stems: set[str], windows: int) -> Event | None:
    """The latest event before ``note``, of another source and within ``windows`` times the
    note window, whose message speaks of one of ``stems``."""
    if not stems:
        return None
    start = message_span(doc, note)[0]
    first = doc.tokens[note.message[0]].sent
    window = doc.sentences[max(0, first - windows * WINDOW_SENTENCES)].start
    own = identity(note)
    for e in reversed(doc.events):
        span = message_span(doc, e)
        if span[1] < window:
            break  # the events are in document order: nothing earlier is in the window
        if e is note or span[0] >= start or identity(e) == own:
            continue
        text = doc.text[slice(*span)].lower()
        if any(stem in text for stem in stems):
            return e
    return None


def _same_denial(note: Event, claim: Claim, ix: Index) -> Claim:
    """A denial whose nearest claim is itself a denial with a target ("Der Kreml wies den
    Bericht zurück. „Das ist Propaganda“, sagte Peskow") denies that target too."""
    prior = ix.events.get(claim.id)
    if note.status != "denied" or prior is None or prior.status != "denied" or not prior.target:
        return claim
    return ix.claims.get(prior.target, claim)


LATER_REPORT = decision(
    "rule:later-report",
    stage=_STAGE,
    en="the opening says a report was denied; the report is told after it",
    de="der Einstieg sagt, ein Bericht sei dementiert worden; erzählt wird er danach",
)
_OPENING = 4
"""Title, teaser and the first sentences: where news states a denial before the report."""


def _reported_later(doc: Doc, note: Event, found: list[Claim], ix: Index) -> Claim | None:
    """The first claim of an outlet or document (or hearsay) in the sentences after an
    opening denial ("Der Kreml hat Berichte … zurückgewiesen. … Die Zeitung hatte berichtet,
    …"), within two note windows."""
    end = message_span(doc, note)[1]
    last = doc.tokens[note.message[-1]].sent + 2 * WINDOW_SENTENCES
    limit = doc.sentences[min(last, len(doc.sentences) - 1)].end
    own = identity(note)
    for c in found:
        if c.start < end or c.id == note.id:
            continue
        if c.start > limit:
            break
        e = ix.events.get(c.id)
        if e is not None and identity(e) == own:
            continue
        if c.source_type in {"media", "document"} or c.form is None:
            return c
    return None


def _topic(doc: Doc, sent_i: int, noun: str) -> str | None:
    """What a compound claim noun is about: "Blockade" of "Blockade-Vorwurf"."""
    for tok in doc.sentences[sent_i].tokens:
        low = tok.text.lower()
        if low.endswith(noun) and len(low) > len(noun) + 3:
            return low[: -len(noun)].rstrip("-s")
    return None


def _claim_by(doc: Doc, note: Event, claim: tuple[str, str | None, int], ix: Index) -> Claim | None:
    """The claimant's latest claim before the note, preferring one about the topic
    (``claim`` is claimant, topic and where the note starts)."""
    claimant, topic, before = claim
    mine = [
        e
        for e in ix.claims_of.get(claimant, [])
        if e is not note and message_span(doc, e)[0] < before
    ]
    if topic:
        mine = [e for e in mine if topic in doc.text[slice(*message_span(doc, e))].lower()]
    return _claim_of(doc, mine[-1]) if mine else None


def _claim_of(doc: Doc, e: Event) -> Claim:
    src = e.source_info.type if e.source_info is not None else None
    return Claim(e.id, *message_span(doc, e), e.form, src)


def _inline_claim(doc: Doc, note: Event, sent_i: int) -> Event | None:
    """The event whose message the note's sentence spells out after the claim noun: the
    wonach- or dass-clause of "wies Berichte zurück, wonach …"."""
    inside = [
        e
        for e in doc.events
        if e is not note
        and doc.tokens[e.message[0]].sent == sent_i
        and not set(e.message) & set(note.cue)
        and len(e.message) < len(note.message)
        and e.status not in {"denied", "confirmed"}
    ]
    return inside[0] if inside else None


def identity(e: Event) -> str | None:
    """Who a claim is from, as a key: its source's canonical name, else its text."""
    src = e.source_info
    if src is None:
        return None
    return (src.canonical or src.text).casefold()


def _spread(
    doc: Doc,
    note: Event,
    target: Event,
    noun: str,
    ix: Index,
) -> None:
    """A note about a whole report, lawsuit or set of accusations (``names_all_claims``) is
    about every claim of its source: the claimant named in the note ("alle von Herrn X
    erhobenen Forderungen", "den Bericht der Times") or else the target's source."""
    if not names_all_claims(noun):
        return
    ident = _claimant(doc, note, ix) or identity(target)
    if ident is None:
        return
    here = doc.tokens[note.message[0]].sent
    for e in ix.claims_of.get(ident, []):
        if e is note or e is target or abs(doc.tokens[e.message[0]].sent - here) > _SPREAD:
            continue  # in a long text (a live blog), a report is denied where it is discussed
        if e.status in {"denied", "confirmed", "unverified"} and not _marked_by_note(e):
            continue  # a note of its own ("X bestätigte …"), not a claim of the report
        _mark(doc, _claim_of(doc, e), note.status, note.id, ix)
        e.evidence.append(f"{ALL_CLAIMS}@{note.id}")


_SPREAD = 40
"""How many sentences before or after a note about a whole report its claims may lie."""


def _marked_by_note(e: Event) -> bool:
    return any(ev.split("@")[0] in MARKED_BY.values() for ev in e.evidence)


def _claimant(doc: Doc, note: Event, ix: Index) -> str | None:
    """A name in the note's sentence, outside its own source, that is the source of another
    claim: whose claims the note is about."""
    sent = doc.sentences[doc.tokens[min(note.cue or note.message)].sent]
    own = set(note.source)
    for ent in doc.entities_within(sent.start, sent.end):
        if ent.label not in {"PER", "ORG", "MEDIA"}:
            continue
        toks = [t.i for t in sent.tokens if ent.start <= t.start < ent.end]
        key = (ent.canonical or ent.text).casefold()
        others = [e for e in ix.claims_of.get(key, []) if e is not note]
        if toks and not own & set(toks) and others:
            return key
    return None


def _event_claim_noun(doc: Doc, e: Event) -> str | None:
    message = doc.tokens_at(e.message)
    noun = claim_noun(message)
    if noun is None and e.form == "Reported":
        # "X bestritt die Darstellung": the object names the claim.
        noun = mentioned_claim_noun(message)
    elif noun is None and not _is_clause(message):
        # "X wies das als "haltlos" zurück": the object is outside the quoted message.
        inside = set(e.message)
        sent = doc.sentences[doc.tokens[min(e.cue or e.message)].sent]
        rest = [t for t in sent.tokens if t.i not in inside]
        noun = mentioned_claim_noun(rest)
    return noun


def _mark(
    doc: Doc,
    claim: Claim,
    status: Status,
    note: str,
    ix: Index,
) -> str:
    """Give the claim the note's status; returns the id the note points at.

    A claim spread over several sentences (reported speech going on in Konjunktiv) is only
    contested in its last sentence before the note: that statement is the target then.
    """
    event = ix.events.get(claim.id)
    if event is not None:
        spread = _statements_of(doc, event, ix)
        if len(spread) > 1:
            last = max(spread, key=lambda d: d.sent.start)
            last.forced.append(status)
            last.signals.evidence.append(f"{MARKED_BY[status]}@{note}")
            return last.id
        if strongest_status([status, event.status]) == status:
            event.status = status
            event.evidence.append(f"{MARKED_BY[status]}@{note}")
        return event.id
    draft = ix.drafts[claim.id]
    draft.forced.append(status)
    draft.signals.evidence.append(f"{MARKED_BY[status]}@{note}")
    return draft.id


def _statements_of(doc: Doc, event: Event, ix: Index) -> list[Draft]:
    """The statements an event's claim is made in: the sentence its message (or cue) starts
    in, and every later sentence its message covers whole."""
    start, end = message_span(doc, event)
    first = doc.tokens[event.message[0]].sent
    last = doc.tokens[event.message[-1]].sent
    own = {first, *(doc.tokens[i].sent for i in event.cue[:1])}
    out = []
    for si in sorted(own | set(range(first, last + 1))):
        d = ix.at.get(si)
        if d is not None and (si in own or (d.sent.start >= start and d.sent.end <= end + 1)):
            out.append(d)
    return out


def _is_clause(tokens: list[Token]) -> bool:
    """A message that is a dass/ob clause is itself what is denied or confirmed."""
    words = [t.text.lower() for t in tokens if t.text.isalpha()]
    return bool(words) and words[0] in {"dass", "daß", "ob"}


def _note_target(doc: Doc, d: Draft, found: list[Claim], ix: Index) -> str | None:
    """A sentence that is itself a note about an earlier claim ("Das Zitat konnte nicht
    verifiziert werden"): find the claim, give it the note's status, return its id."""
    sent, signals = d.sent, d.signals
    statuses: tuple[Status, ...] = ("unverified", "denied", "confirmed")
    for status in statuses:
        if status not in signals.statuses or any(e.status == status for e in d.own):
            continue
        # "Das Zitat konnte nicht ..." names the claim as subject; "X bestritt die Gerüchte"
        # as object: look in the subject first, then anywhere in the sentence.
        noun = claim_noun(_subject_tokens(sent)) or mentioned_claim_noun(sent.tokens)
        if noun is None or names_content_inline(sent.tokens, noun):
            continue
        window = doc.sentences[max(0, sent.i - WINDOW_SENTENCES)].start
        claim = find_target(found, noun, sent.start, window, d.id)
        if claim is None:
            continue
        target = _mark(doc, claim, status, d.id, ix)
        signals.evidence.append(f"{TARGET}@{target}")
        signals.markers.append(f"about:{target}")
        return target
    return None


def _subject_tokens(sent: Sentence) -> list[Token]:
    """The words before the finite verb: where "Das Zitat ..." names what it is about."""
    toks = sent.tokens
    for i, tok in enumerate(toks):
        if tok.tag and tok.tag.startswith("V") and tok.tag.endswith("FIN"):
            return toks[:i]
    return toks[:3]
