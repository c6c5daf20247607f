"""Assess: how sure anyone is — the epistemic status of every event and statement.

Three stages, in this order. ``quellenlage.assess.status.v1`` gives each event its status from
its cue, its evidential markers and the type of its source (``status.py``).
``quellenlage.assess.chains.v1`` links nested and cited events to the event they are reported
through and builds each event's chain (``chains.py``). ``quellenlage.assess.targets.v1`` links
denials, confirmations and verification notes to the claims they are about (``targets.py``)
and gives every sentence of title, lead and body its status as a statement. Assess never
re-decides attribution: it reads the events and sources of the earlier stages.
"""

from __future__ import annotations

from ..doc import Doc, Event, StatementInfo
from ..model import strongest_status
from ..registry import stage
from ..settings import Settings
from .chains import chain, link_parents
from .continued import continue_denials
from .status import event_status, sentence_signals, statement_status
from .targets import Draft, resolve_targets

_STATEMENT_BLOCKS = {"title", "lead", "body", "subheading"}


@stage("quellenlage.assess.status.v1", needs=("ids", "sources"), sets=("statuses",))
def status_stage(doc: Doc, settings: Settings) -> None:
    """The status of every event: its cue, its evidential markers, its source's type."""
    for e in doc.events:
        event_status(doc, e)


@stage("quellenlage.assess.chains.v1", needs=("ids", "sources"), sets=("parents", "chains"))
def chains_stage(doc: Doc, settings: Settings) -> None:
    """Which event each event is reported through, and the chain from the outlet."""
    link_parents(doc)
    by_id = {e.id: e for e in doc.events}
    for e in doc.events:
        e.chain = chain(e, by_id)


@stage("quellenlage.assess.targets.v1", needs=("statuses",), sets=("targets", "statements"))
def targets_stage(doc: Doc, settings: Settings) -> None:
    """Denials, confirmations and notes linked to their targets; the status of every statement."""
    drafts = _drafts(doc)
    resolve_targets(doc, drafts)
    continue_denials(doc)
    doc.statements = [_statement(d) for d in drafts]


def _drafts(doc: Doc) -> list[Draft]:
    """One draft statement per sentence of title, lead and body, with its events."""
    own: dict[int, list[Event]] = {}
    messages: dict[int, list[Event]] = {}
    touching: dict[int, list[Event]] = {}
    for e in doc.events:
        m_first, m_last = doc.tokens[e.message[0]].sent, doc.tokens[e.message[-1]].sent
        starts = {m_first} | ({doc.tokens[e.cue[0]].sent} if e.cue else set())
        covered = set(range(m_first, m_last + 1))
        for si in starts:
            own.setdefault(si, []).append(e)
        for si in covered:
            messages.setdefault(si, []).append(e)
        if e.cue:
            covered |= set(range(doc.tokens[e.cue[0]].sent, doc.tokens[e.cue[-1]].sent + 1))
        for si in sorted(covered):
            touching.setdefault(si, []).append(e)
    out: list[Draft] = []
    for sent in doc.sentences:
        if sent.block not in _STATEMENT_BLOCKS or not sent.tokens:
            continue
        d = Draft(f"s{len(out) + 1}", sent, sentence_signals(doc, sent), own.get(sent.i, []))
        d.messages, d.touching = messages.get(sent.i, []), touching.get(sent.i, [])
        out.append(d)
    return out


def _statement(d: Draft) -> StatementInfo:
    status, ids, _ = statement_status(d.signals, d.touching)
    return StatementInfo(
        id=d.id,
        sentence=d.sent.i,
        status=strongest_status([status, *d.forced]),
        events=ids,
        markers=d.signals.markers,
        target=d.target,
        evidence=d.signals.evidence + [f"event:{i}" for i in ids],
    )
