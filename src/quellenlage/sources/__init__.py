"""Sources: who speaks in each event, what kind of source it is, and which identity.

The stage orders the events, numbers them (``e1``, ``e2``, … in document order) and gives
each the typed ``SourceInfo`` of its source tokens (``classify.py``: entities, the head noun's
lexicon type, government metonyms, pronouns resolved to the closest fitting earlier source).
Konjunktiv speech that goes on without a source of its own keeps the previous speaker.
"""

from __future__ import annotations

from ..doc import Doc, Event, SourceInfo
from ..evidence import decision
from ..model import SOURCE_TYPES
from ..registry import stage
from ..settings import Settings
from .classify import classify

_STAGE = "sources"
TYPED = {
    t: decision(
        f"source-type:{t}",
        stage=_STAGE,
        en=f"the source is of type {t} (by its name, head noun or what it refers to)",
        de=f"die Quelle ist vom Typ {t} (nach Name, Kopfnomen oder Bezug)",
    )
    for t in SOURCE_TYPES
}
IFI_CONTINUES = decision(
    "rule:ifi-continues-source",
    stage=_STAGE,
    en="reported speech goes on in Konjunktiv: the speaker of the previous event",
    de="die indirekte Rede geht im Konjunktiv weiter: der Sprecher des vorigen Ereignisses",
)


def order_events(doc: Doc) -> None:
    """Events with a message, in document order (message, then cue), numbered e1, e2, …"""
    doc.events = sorted(
        (e for e in doc.events if e.message),
        key=lambda e: (min(e.message), min(e.cue) if e.cue else 0),
    )
    for i, e in enumerate(doc.events, 1):
        e.id = f"e{i}"


@stage("quellenlage.sources.resolve.v1", needs=("events", "entities"), sets=("ids", "sources"))
def resolve_stage(doc: Doc, settings: Settings) -> None:
    """Number the events and type each event's source with its canonical identity."""
    order_events(doc)
    typed: list[SourceInfo] = []
    earlier: list[Event] = []
    for e in doc.events:
        src_toks = doc.tokens_at(e.source)
        if src_toks:
            info = classify(doc, src_toks, doc.entities, typed)
            e.source_info = info
            typed.append(info)
            e.evidence.append(f"{TYPED[info.type]}={info.head}")
        elif e.form == "IndirectFreeIndirect" and earlier:
            prev = earlier[-1]
            if prev.source_info is not None:
                e.source_info = _copy(prev.source_info)
                e.evidence.append(f"{IFI_CONTINUES}@{prev.id}")
        earlier.append(e)


def _copy(info: SourceInfo) -> SourceInfo:
    """A copy of a source for another event (chains are built per event)."""
    return SourceInfo(
        info.text, info.start, info.end, info.type, info.canonical, list(info.parts), inherited=True
    )
