"""Sources: who speaks in each event, what kind of source it is, and which identity.

The stage orders the events, numbers them (``e1``, ``e2``, … in document order) and gives
each the typed ``SourceInfo`` of its source tokens: ``mention.py`` cuts the tokens to the
phrase that names the speaker (no addressee, no adverbials, the X of "Angaben des X"),
``classify.py`` types it (taxonomy v2) and finds its identity, ``coref.py`` resolves pronouns,
role nouns and document anaphors against the discourse so far. Konjunktiv speech that goes on
without a source of its own keeps the previous speaker.
"""

from __future__ import annotations

from ..doc import Doc, Event, SourceInfo
from ..evidence import decision
from ..model import SOURCE_TYPES
from ..registry import stage
from ..settings import Settings
from .classify import classify
from .coref import Discourse, Referent
from .lexicon import gender_of_name, gender_of_noun
from .mention import clean

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


@stage(
    "quellenlage.sources.resolve.v1",
    needs=("events", "entities"),
    sets=("events", "ids", "sources"),
)
def resolve_stage(doc: Doc, settings: Settings) -> None:
    """Number the events and type each event's source with its canonical identity."""
    order_events(doc)
    discourse = Discourse.of(doc)
    earlier: list[Event] = []
    for e in doc.events:
        mention = clean(doc, e.source) if e.source else None
        if mention is not None:
            # e.source keeps the attribution's span (the SpkAtt convention, which counts
            # appositions and "Angaben des" in); the typed source is the cleaned mention
            if mention.addressee and not e.addr:
                e.addr = [t.i for t in mention.addressee]
            info = classify(doc, mention, discourse)
            e.source_info = info
            discourse.add_speaker(_referent(info))
            e.evidence.append(f"{TYPED[info.type]}={info.head}")
            e.evidence.extend(info.evidence)
        elif e.form == "IndirectFreeIndirect" and earlier:
            prev = earlier[-1]
            if prev.source_info is not None:
                e.source_info = _copy(prev.source_info)
                e.evidence.append(f"{IFI_CONTINUES}@{prev.id}")
        earlier.append(e)


def _copy(info: SourceInfo) -> SourceInfo:
    """A copy of a source for another event (chains are built per event)."""
    return SourceInfo(
        info.text,
        info.start,
        info.end,
        info.type,
        info.canonical,
        list(info.parts),
        inherited=True,
        aliases=list(info.aliases),
    )


_PLURAL_ENDINGS = ("en", "er", "innen", "kreisen", "kreise")


def _referent(info: SourceInfo) -> Referent:
    """What later pronouns and role nouns can refer back to."""
    gender = None
    if info.type == "person":
        gender = gender_of_name(info.canonical or "") or gender_of_noun(info.head)
    plural = info.type in {"vague", "anonymous"} and info.head.lower().endswith(_PLURAL_ENDINGS)
    return Referent(
        info.start, info.type, info.canonical, info.text, gender, plural or bool(info.parts)
    )
