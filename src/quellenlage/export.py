"""The edge: a finished ``Doc`` becomes the public, versioned ``Analysis`` (built once here).

Every character offset comes from the tokens; every text is ``article.text[start:end]``.
"""

from __future__ import annotations

from collections import Counter

from .about import __version__
from .doc import Doc, Event, Link, SourceInfo, StatementInfo
from .model import (
    STATUSES,
    Analysis,
    Article,
    ChainLink,
    Entity,
    Source,
    Span,
    SpeechEvent,
    Statement,
    Summary,
)


def _span(doc: Doc, idx: list[int]) -> Span | None:
    cover = doc.char_span(idx)
    if cover is None:
        return None
    start, end = cover
    return Span(text=doc.text[start:end], start=start, end=end)


def _source(doc: Doc, info: SourceInfo) -> Source:
    # The contract (model.Span): the text is the slice it spans. The sources stage joins the
    # tokens of a mention, which differs from the slice when the mention skips tokens or
    # crosses a paragraph break; the slice wins, the identity stays in ``canonical``.
    return Source(
        text=doc.text[info.start : info.end],
        start=info.start,
        end=info.end,
        type=info.type,
        canonical=info.canonical,
        aliases=info.aliases,
        parts=[_source(doc, p) for p in info.parts],
    )


def _link(link: Link) -> ChainLink:
    return ChainLink(name=link.name, type=link.type, event=link.event)


def speech_event(doc: Doc, e: Event) -> SpeechEvent:
    """The public record of one event."""
    message = _span(doc, e.message)
    assert message is not None  # the sources stage drops events without a message
    return SpeechEvent(
        id=e.id,
        form=e.form,
        medium=e.medium,
        cue=_span(doc, e.cue),
        message=message,
        addressee=_span(doc, e.addr),
        source=_source(doc, e.source_info) if e.source_info is not None else None,
        frame=_span(doc, e.frame),
        parent=e.parent,
        status=e.status,
        target=e.target,
        markers=e.markers,
        chain=[_link(c) for c in e.chain],
        evidence=e.evidence,
    )


def statement(doc: Doc, s: StatementInfo) -> Statement:
    """The public record of one statement."""
    sent = doc.sentences[s.sentence]
    return Statement(
        id=s.id,
        text=doc.text[sent.start : sent.end],
        start=sent.start,
        end=sent.end,
        status=s.status,
        events=s.events,
        markers=s.markers,
        target=s.target,
        block=sent.block,
        evidence=s.evidence,
    )


def to_analysis(doc: Doc, engine: str) -> Analysis:
    """The ``Analysis`` of a finished German document; ``engine`` names the attribution models."""
    events = [speech_event(doc, e) for e in doc.events]
    statements = [statement(doc, s) for s in doc.statements]
    summary = summarize(statements, events)
    summary.notes[:0] = doc.notes
    return Analysis(
        language="de",
        article=doc.article or Article(text=doc.text),
        entities=[
            Entity(text=e.text, start=e.start, end=e.end, label=e.label, canonical=e.canonical)
            for e in doc.entities
        ],
        speech_events=events,
        statements=statements,
        summary=summary,
        engine={"quellenlage": __version__, "attribution": engine},
    )


def unsupported(article: Article, language: str) -> Analysis:
    """An analysis that says the language is not supported: the structure, and no claims."""
    return Analysis(
        language=language,
        supported=False,
        article=article,
        summary=Summary(
            statements=0,
            by_status={},
            by_source_type={},
            notes=[f"language {language!r} is not supported; quellenlage analyses German (de)"],
        ),
        engine={"quellenlage": __version__},
    )


def summarize(statements: list[Statement], events: list[SpeechEvent]) -> Summary:
    """Counts an editor reads first, and notes on denied claims and social-media chains."""
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
        by_status={s: by_status.get(s, 0) for s in STATUSES},
        by_source_type=dict(sorted(by_type.items())),
        speech_events=len(events),
        notes=notes,
    )
