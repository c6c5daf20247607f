"""Attribution chains: through whom a claim reached the reader (outlet → post → person → …).

An event reported inside another's message is nested in it (``parent``); an agentless passive
citation ("wird zitiert", "hieß es") right after a media or document source is reported
through that source. The chain runs from the outlet through each ancestor's source to the
event's own source; a social-media post adds the person or body behind it as the next link.
"""

from __future__ import annotations

from ..doc import Doc, Event, Link
from ..evidence import decision
from ..lang import de

_STAGE = "assess.chains"
NESTED_IN = decision(
    "rule:nested-in",
    stage=_STAGE,
    en="this event is reported inside another event's message",
    de="diese Aussage wird innerhalb einer anderen wiedergegeben",
)
CITED_THROUGH = decision(
    "rule:cited-through",
    stage=_STAGE,
    en="an agentless citation ('wird zitiert', 'hieß es') right after a media or document source",
    de="ein Zitat ohne Urheber („wird zitiert“, „hieß es“) direkt nach einer Medien- "
    "oder Dokumentquelle",
)


def _holders(doc: Doc, events: list[Event]) -> list[list[int]]:
    """For each event, the events whose message contains its message and cue. Only events
    whose message covers the inner event's first sentence can, so each is compared with the
    few of its sentence: linear in the number of events."""
    messages = [set(e.message) for e in events]
    by_sent: dict[int, list[int]] = {}
    for j, e in enumerate(events):
        for si in {doc.tokens[i].sent for i in e.message}:
            by_sent.setdefault(si, []).append(j)
    out: list[list[int]] = []
    for i, inner in enumerate(events):
        refs = set(inner.message) | set(inner.cue)
        here = by_sent.get(doc.tokens[min(refs)].sent, []) if refs else []
        out.append([j for j in here if j != i and refs <= messages[j]])
    return out


def link_parents(doc: Doc) -> None:
    """Nesting by containment; agentless passive citations continue a media source."""
    events = doc.events
    passive = de.word_class("passive-cite")
    holders_of = _holders(doc, events)
    for i, inner in enumerate(events):
        holders = holders_of[i]
        if holders:
            j = min(holders, key=lambda k: len(events[k].message))
            inner.parent = events[j].id
            inner.evidence.append(f"{NESTED_IN}@{events[j].id}")
            continue
        cue_words = {t.text.lower() for t in doc.tokens_at(inner.cue)}
        if i and cue_words & passive and inner.source_info is not None:
            prev = events[i - 1]
            if prev.source_info is not None and prev.source_info.type in {"media", "document"}:
                gap = doc.tokens[inner.message[0]].sent - doc.tokens[prev.message[-1]].sent
                if gap <= 2:
                    inner.parent = prev.id
                    inner.evidence.append(f"{CITED_THROUGH}@{prev.id}")


def _links_for(event: Event) -> list[Link]:
    src = event.source_info
    if src is None:
        return [Link("unnamed source", "unknown", event.id)]
    if src.type == "social_media" and not src.inherited:
        links = [Link(src.head or src.text, "social_media", event.id)]
        if src.behind is not None:
            links.append(Link(src.behind.canonical or src.behind.text, src.behind.type, event.id))
        return links
    return [Link(src.canonical or src.text, src.type, event.id)]


def chain(event: Event, by_id: dict[str, Event]) -> list[Link]:
    """outlet → each ancestor's source → this event's source."""
    lineage: list[Event] = []
    seen: set[str] = set()
    cur: Event | None = event
    while cur is not None and cur.id not in seen:
        seen.add(cur.id)
        lineage.append(cur)
        cur = by_id.get(cur.parent) if cur.parent else None
    links = [Link("outlet", "outlet")]
    for ev in reversed(lineage):
        links.extend(_links_for(ev))
    return links
