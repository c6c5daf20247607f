"""Assess: speech events on tokens → typed sources, statuses, targets, chains, statements.

Input: the annotated ``Doc``, its entities and the attribution stage's ``EventCandidate``s.
Output: public ``SpeechEvent``s, ``Statement``s (one per sentence of title, lead and body)
and the ``Summary``. Every decision is written to ``evidence``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import (
    STATUSES,
    ChainLink,
    Doc,
    Entity,
    EventCandidate,
    Sentence,
    Source,
    SpeechEvent,
    Statement,
    Status,
    Summary,
    Token,
    strongest_status,
)
from .sources import TypedSource, classify
from .spans import overlaps, span_of, tokens_of
from .status import (
    Claim,
    SentenceSignals,
    claim_noun,
    cue_role,
    evidential_sollen,
    find_target,
    mentioned_claim_noun,
    names_content_inline,
    sentence_signals,
    statement_status,
)

_STATEMENT_BLOCKS = {"title", "lead", "body", "subheading"}
# Citations in the passive without an agent continue the previous media/document source.
_PASSIVE_CITES = {"zitiert", "heißt", "hieß"}


def assess(
    doc: Doc, entities: list[Entity], candidates: list[EventCandidate]
) -> tuple[list[SpeechEvent], list[Statement], Summary]:
    """Decide sources, statuses and targets of events, then of every statement."""
    ordered = sorted(
        (c for c in candidates if c.message),
        key=lambda c: (min(c.message), min(c.cue) if c.cue else (0, 0)),
    )
    events: list[SpeechEvent] = []
    typed: dict[str, TypedSource] = {}
    for i, cand in enumerate(ordered, 1):
        event, ts = _build_event(
            doc, entities, cand, f"e{i}", [t.source for t in typed.values()], events
        )
        events.append(event)
        if ts is not None:
            typed[event.id] = ts
    _link_parents(doc, ordered, events, typed)
    drafts = _drafts(doc, events)
    _resolve_targets(doc, ordered, events, drafts)
    statements = _statements(doc, events, drafts)
    for event in events:
        event.chain = _chain(event, events, typed)
    return events, statements, _summary(statements, events)


def _build_event(
    doc: Doc,
    entities: list[Entity],
    cand: EventCandidate,
    eid: str,
    previous_sources: list[Source],
    earlier: list[SpeechEvent],
) -> tuple[SpeechEvent, TypedSource | None]:
    message = span_of(doc, cand.message)
    assert message is not None  # candidates without a message were filtered out
    evidence = list(cand.evidence)
    markers: list[str] = []
    ts: TypedSource | None = None
    source: Source | None = None
    src_toks = tokens_of(doc, cand.source)
    if src_toks:
        ts = classify(doc, src_toks, entities, previous_sources)
        source = ts.source
        evidence.append(f"source-type:{source.type}:head={ts.head}")
    elif cand.form == "IndirectFreeIndirect" and earlier:
        # Reported speech going on in Konjunktiv: the speaker is the last one who spoke.
        prev = earlier[-1]
        if prev.source is not None:
            source = prev.source.model_copy()
            evidence.append(f"rule:ifi-continues-source-of:{prev.id}")

    statuses: list[Status] = []
    cue_toks = tokens_of(doc, cand.cue)
    sentences = sorted({s for s, _ in cand.cue or cand.message})
    context = [t for s in sentences for t in doc.sentences[s].tokens]
    if not cue_toks and cand.form == "Reported":
        # A Reported event without a cue: its verb is in the frame or the message.
        cue_toks = [
            t for t in tokens_of(doc, cand.frame + cand.message) if (t.tag or "V").startswith("V")
        ]
    role = cue_role(cue_toks, context)
    frame_and_msg = tokens_of(doc, sorted(set(cand.cue) | set(cand.frame) | set(cand.message)))
    if role == "denial":
        statuses.append("denied")
        evidence.append("rule:denial-cue")
    elif role == "non-committal":
        statuses.append("unverified")
        evidence.append("rule:negated-denial-or-confirmation")
    elif role == "confirmation":
        statuses.append("confirmed")
        evidence.append("rule:confirmation-cue")
    if evidential_sollen(frame_and_msg) is not None or any(
        t.text.lower() in {"soll", "sollen"} for t in cue_toks
    ):
        statuses.append("hearsay")
        markers.append("sollen")
        evidence.append("rule:evidential-sollen")
    if source is not None and source.type in {"anonymous", "vague"}:
        statuses.append("hearsay")
        evidence.append(f"rule:{source.type}-source")
    if source is None:
        # DESIGN.md §3: reported with the source missing is hearsay.
        statuses.append("hearsay")
        evidence.append("rule:no-source")
    statuses.append("attributed")
    event = SpeechEvent(
        id=eid,
        form=cand.form,
        medium=cand.medium,
        cue=span_of(doc, cand.cue),
        message=message,
        addressee=span_of(doc, cand.addr),
        source=source,
        frame=span_of(doc, cand.frame),
        status=strongest_status(statuses),
        markers=markers,
        evidence=evidence,
    )
    return event, ts


def _contains(outer: EventCandidate, inner: EventCandidate) -> bool:
    inner_refs = set(inner.message) | set(inner.cue)
    return bool(inner_refs) and inner_refs <= set(outer.message) and outer is not inner


def _link_parents(
    doc: Doc, cands: list[EventCandidate], events: list[SpeechEvent], typed: dict[str, TypedSource]
) -> None:
    """Nesting by containment; agentless passive citations continue a media source."""
    for i, inner in enumerate(cands):
        holders = [j for j, outer in enumerate(cands) if j != i and _contains(outer, inner)]
        if holders:
            j = min(holders, key=lambda k: len(cands[k].message))
            events[i].parent = events[j].id
            events[i].evidence.append(f"rule:nested-in:{events[j].id}")
            continue
        cue_words = {t.text.lower() for t in tokens_of(doc, inner.cue)}
        if i and cue_words & _PASSIVE_CITES and events[i].source is not None:
            prev = events[i - 1]
            if prev.source is not None and prev.source.type in {"media", "document"}:
                sent_gap = min(inner.message)[0] - max(cands[i - 1].message)[0]
                if sent_gap <= 2:
                    events[i].parent = prev.id
                    events[i].evidence.append(f"rule:cited-through:{prev.id}")


@dataclass(slots=True)
class _Draft:
    """A statement before its status is final: its sentence, signals and own events."""

    id: str
    sent: Sentence
    signals: SentenceSignals
    own: list[SpeechEvent]
    target: str | None = None
    forced: list[Status] = field(default_factory=list)


def _drafts(doc: Doc, events: list[SpeechEvent]) -> list[_Draft]:
    out: list[_Draft] = []
    for sent in doc.sentences:
        if sent.block not in _STATEMENT_BLOCKS or not sent.tokens:
            continue
        own = [
            e
            for e in events
            if sent.start <= e.message.start < sent.end
            or (e.cue is not None and sent.start <= e.cue.start < sent.end)
        ]
        out.append(_Draft(f"s{len(out) + 1}", sent, sentence_signals(doc, sent), own))
    return out


def _claims(events: list[SpeechEvent], drafts: list[_Draft]) -> list[Claim]:
    """Events, and sentences that are hearsay by their own markers but carry no event."""
    claims = [Claim(e.id, e.message.start, e.message.end, e.form) for e in events]
    for d in drafts:
        if "hearsay" in d.signals.statuses and not any(
            overlaps(e.message.start, e.message.end, d.sent.start, d.sent.end) for e in events
        ):
            claims.append(Claim(d.id, d.sent.start, d.sent.end))
    return claims


def _resolve_targets(
    doc: Doc, cands: list[EventCandidate], events: list[SpeechEvent], drafts: list[_Draft]
) -> None:
    """Notes about earlier claims, as events ("Der Kreml bestritt die Gerüchte") and as
    sentences ("Das Zitat konnte nicht verifiziert werden"), get their target."""
    claims = _claims(events, drafts)
    by_event = {e.id: e for e in events}
    by_draft = {d.id: d for d in drafts}
    for cand, event in zip(cands, events, strict=True):
        if event.status not in {"denied", "confirmed", "unverified"}:
            continue
        noun = _event_claim_noun(doc, cand)
        if noun is None:
            continue  # "bestritt, dass ...": the message itself is what is denied
        if names_content_inline(doc.sentences[min(cand.cue or cand.message)[0]].tokens, noun):
            continue  # "wies Berichte zurück, wonach ...": the claim is spelled out here
        window = doc.sentences[max(0, min(cand.message)[0] - 4)].start
        claim = find_target(claims, noun, event.message.start, window, event.id)
        if claim is not None:
            event.target = _mark(claim, event.status, event.id, doc, by_event, by_draft)
            event.evidence.append(f"rule:target:{event.target}")
    for d in drafts:
        d.target = _note_target(doc, d, claims, by_event, by_draft)


def _event_claim_noun(doc: Doc, cand: EventCandidate) -> str | None:
    message = tokens_of(doc, cand.message)
    noun = claim_noun(message)
    if noun is None and cand.form == "Reported":
        # "X bestritt die Darstellung": the object names the claim.
        noun = mentioned_claim_noun(message)
    elif noun is None and not _is_clause(message):
        # "X wies das als "haltlos" zurück": the object is outside the quoted message.
        inside = set(cand.message)
        sent = min(cand.cue or cand.message)[0]
        rest = [t for i, t in enumerate(doc.sentences[sent].tokens) if (sent, i) not in inside]
        noun = mentioned_claim_noun(rest)
    return noun


def _mark(
    claim: Claim,
    status: Status,
    note: str,
    doc: Doc,
    by_event: dict[str, SpeechEvent],
    by_draft: dict[str, _Draft],
) -> str:
    """Give the claim the note's status; returns the id the note points at.

    A claim spread over several sentences (reported speech going on in Konjunktiv) is only
    contested in its last sentence before the note: that statement is the target then.
    """
    event = by_event.get(claim.id)
    if event is not None:
        spread = [
            d
            for d in by_draft.values()
            if event in d.own
            or (d.sent.start >= event.message.start and d.sent.end <= event.message.end + 1)
        ]
        if len(spread) > 1:
            last = max(spread, key=lambda d: d.sent.start)
            last.forced.append(status)
            last.signals.evidence.append(f"rule:{status}-by:{note}")
            return last.id
        if strongest_status([status, event.status]) == status:
            event.status = status
            event.evidence.append(f"rule:{status}-by:{note}")
        return event.id
    draft = by_draft[claim.id]
    draft.forced.append(status)
    draft.signals.evidence.append(f"rule:{status}-by:{note}")
    return draft.id


def _is_clause(tokens: list[Token]) -> bool:
    """A message that is a dass/ob clause is itself what is denied or confirmed."""
    words = [t.text.lower() for t in tokens if t.text.isalpha()]
    return bool(words) and words[0] in {"dass", "daß", "ob"}


def _statements(doc: Doc, events: list[SpeechEvent], drafts: list[_Draft]) -> list[Statement]:
    out: list[Statement] = []
    for d in drafts:
        signals = d.signals
        status, ids, _ = statement_status(signals, events, d.sent.start, d.sent.end)
        out.append(
            Statement(
                id=d.id,
                text=doc.text[d.sent.start : d.sent.end],
                start=d.sent.start,
                end=d.sent.end,
                status=strongest_status([status, *d.forced]),
                events=ids,
                markers=signals.markers,
                target=d.target,
                block=d.sent.block,
                evidence=signals.evidence + [f"event:{i}" for i in ids],
            )
        )
    return out


def _note_target(
    doc: Doc,
    d: _Draft,
    claims: list[Claim],
    by_event: dict[str, SpeechEvent],
    by_draft: dict[str, _Draft],
) -> str | None:
    """A sentence that is itself a note about an earlier claim ("Das Zitat konnte nicht
    verifiziert werden"): find the claim, give it the note's status, return its id."""
    sent, signals = d.sent, d.signals
    for status in ("unverified", "denied", "confirmed"):
        if status not in signals.statuses or any(e.status == status for e in d.own):
            continue
        # "Das Zitat konnte nicht ..." names the claim as subject; "X bestritt die Gerüchte"
        # as object: look in the subject first, then anywhere in the sentence.
        noun = claim_noun(_subject_tokens(sent)) or mentioned_claim_noun(sent.tokens)
        if noun is None or names_content_inline(sent.tokens, noun):
            continue
        index = doc.sentences.index(sent)
        window = doc.sentences[max(0, index - 4)].start
        claim = find_target(claims, noun, sent.start, window, d.id)
        if claim is None:
            continue
        target = _mark(claim, status, d.id, doc, by_event, by_draft)  # type: ignore[arg-type]
        signals.evidence.append(f"rule:target:{target}")
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


def _links_for(event: SpeechEvent, typed: dict[str, TypedSource]) -> list[ChainLink]:
    src = event.source
    if src is None:
        return [ChainLink(name="unnamed source", type="unknown", event=event.id)]
    ts = typed.get(event.id)
    if src.type == "social_media" and ts is not None:
        links = [ChainLink(name=ts.head or src.text, type="social_media", event=event.id)]
        if ts.behind is not None:
            links.append(
                ChainLink(
                    name=ts.behind.canonical or ts.behind.text, type=ts.behind.type, event=event.id
                )
            )
        return links
    return [ChainLink(name=src.canonical or src.text, type=src.type, event=event.id)]


def _chain(
    event: SpeechEvent, events: list[SpeechEvent], typed: dict[str, TypedSource]
) -> list[ChainLink]:
    """outlet → each ancestor's source → this event's source."""
    by_id = {e.id: e for e in events}
    lineage: list[SpeechEvent] = []
    seen: set[str] = set()
    cur: SpeechEvent | None = event
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        lineage.append(cur)
        cur = by_id.get(cur.parent) if cur.parent else None
    links = [ChainLink(name="outlet", type="outlet")]
    for ev in reversed(lineage):
        links.extend(_links_for(ev, typed))
    return links


def _summary(statements: list[Statement], events: list[SpeechEvent]) -> Summary:
    by_status = Counter(s.status for s in statements)
    by_type = Counter(e.source.type for e in events if e.source is not None)
    n = len(statements)
    notes: list[str] = []
    if n:
        second = n - by_status.get("asserted", 0)
        notes.append(f"{second} of {n} statements rest on someone else's word or are qualified.")
    for e in events:
        if e.status in {"denied", "unverified"} and e.target is None:
            kinds = [link.type for link in e.chain]
            if "social_media" in kinds:
                notes.append(
                    f"{e.id} ({e.status}) rests on a social-media post: "
                    + " → ".join(link.name for link in e.chain)
                )
    denied = [e.id for e in events if e.status == "denied" and e.target is None]
    if denied:
        notes.append(f"denied claims: {', '.join(denied)}")
    return Summary(
        statements=n,
        by_status={s: by_status.get(s, 0) for s in STATUSES},  # type: ignore[misc]
        by_source_type=dict(sorted(by_type.items())),  # type: ignore[arg-type]
        speech_events=len(events),
        notes=notes,
    )
