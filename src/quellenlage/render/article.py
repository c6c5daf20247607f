"""The clean article text as HTML, block by block, statements, sources and cues marked.

The text is hostile input: every piece of it goes through ``Markup.format`` or
``Markup.escape``, so nothing from the article can become markup.
"""

from __future__ import annotations

from markupsafe import Markup

from ..model import Analysis, Block
from .assets import DENIAL_ICON, STATUS_INFO
from .i18n import UI
from .views import EventView, StatementView, overlaps


def _blocks(analysis: Analysis) -> list[Block]:
    """The structural blocks to render; falls back to paragraphs, then to the whole text."""
    art = analysis.article
    if art.blocks:
        return sorted(art.blocks, key=lambda b: b.start)
    if art.paragraphs:
        return [Block(kind=p.kind, start=p.start, end=p.end) for p in art.paragraphs]
    return [Block(kind="body", start=0, end=len(art.text))] if art.text else []


def _inner_spans(
    start: int, end: int, views: list[EventView]
) -> list[tuple[int, int, str, EventView]]:
    """Source and cue spans inside [start, end), without overlaps (sources win over cues)."""
    candidates: list[tuple[int, int, int, str, EventView]] = []
    for v in views:
        ev = v.event
        if ev.source is not None:
            candidates.append((0, ev.source.start, ev.source.end, "src", v))
        if ev.cue is not None:
            candidates.append((1, ev.cue.start, ev.cue.end, "cue", v))
    taken: list[tuple[int, int, str, EventView]] = []
    for _prio, s, e, kind, v in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        s, e = max(s, start), min(e, end)
        if s >= e or any(overlaps(s, e, ts, te) for ts, te, _k, _v in taken):
            continue
        taken.append((s, e, kind, v))
    return sorted(taken, key=lambda t: t[0])


def _render_piece(text: str, start: int, end: int, views: list[EventView], ui: UI) -> Markup:
    out: list[Markup] = []
    pos = start
    for s, e, kind, v in _inner_spans(start, end, views):
        if s > pos:
            out.append(Markup.escape(text[pos:s]))
        src_type = v.event.source.type if v.event.source else "unknown"
        if kind == "src":
            out.append(
                Markup(
                    '<a class="src src-{}" href="#{}" data-goto="{}" title="{}: {} ({})">{}</a>'
                ).format(
                    src_type,
                    v.dom_id,
                    v.dom_id,
                    ui.t("ev_source"),
                    ui.source_type(src_type),
                    v.event.id,
                    text[s:e],
                )
            )
        else:
            out.append(Markup('<span class="cue">{}</span>').format(text[s:e]))
        pos = e
    if pos < end:
        out.append(Markup.escape(text[pos:end]))
    return Markup("").join(out)


_BLOCK_TAGS = {
    "kicker": ("p", "kicker"),
    "title": ("h2", "headline"),
    "lead": ("p", "lead"),
    "body": ("p", "body"),
    "subheading": ("h3", "subheading"),
}


def _mark(sv: StatementView, piece: Markup, is_first: bool, ui: UI) -> Markup:
    """One statement's ``<mark>``: id, tab stop and icon on its first piece only."""
    st = sv.statement
    icon_char = DENIAL_ICON if sv.is_denial else STATUS_INFO[st.status]["icon"]
    title = ui.denial() if sv.is_denial else ui.status(st.status)
    attrs = Markup(' id="{}"').format(sv.dom_id) if is_first else Markup("")
    if sv.focusable and is_first:
        attrs += Markup(' tabindex="0"')
    if sv.is_denial:
        attrs += Markup(' data-role="denial"')
    icon = (
        Markup('<span class="ico" aria-hidden="true">{}</span>').format(icon_char)
        if icon_char and is_first
        else Markup("")
    )
    legend = "denial" if sv.is_denial else st.status
    return Markup(
        '<mark class="st st-{}" data-st="{}"{} title="{}" aria-describedby="lg-{}">{}{}</mark>'
    ).format(st.status, sv.dom_id, attrs, title, legend, icon, piece)


def _render_block(
    text: str,
    b_start: int,
    b_end: int,
    stmts: list[StatementView],
    events: list[EventView],
    first_piece: set[int],
    ui: UI,
) -> Markup:
    parts: list[Markup] = []
    pos = b_start
    for sv in stmts:
        st = sv.statement
        s, e = max(st.start, b_start), min(st.end, b_end)
        if s >= e:
            continue
        if s < pos:  # overlapping statements: render the overlap once, in the first
            s = pos
            if s >= e:
                continue
        if s > pos:
            parts.append(Markup.escape(text[pos:s]))
        is_first = sv.index not in first_piece
        first_piece.add(sv.index)
        parts.append(_mark(sv, _render_piece(text, s, e, events, ui), is_first, ui))
        pos = e
    if pos < b_end:
        parts.append(Markup.escape(text[pos:b_end]))
    return Markup("").join(parts)


def render_article(
    analysis: Analysis, events: list[EventView], stmts: list[StatementView], ui: UI
) -> Markup:
    """The clean article text, block by block, with statements, sources and cues marked."""
    text = analysis.article.text
    out: list[Markup] = []
    first_piece: set[int] = set()
    stmts = sorted(stmts, key=lambda sv: (sv.statement.start, sv.statement.end))
    for block in _blocks(analysis):
        b_start, b_end = max(0, block.start), min(len(text), block.end)
        if b_start >= b_end:
            continue
        tag, cls = _BLOCK_TAGS.get(block.kind, ("p", "body"))
        inner = _render_block(text, b_start, b_end, stmts, events, first_piece, ui)
        out.append(
            Markup('<{} class="blk {}">{}</{}>\n').format(Markup(tag), cls, inner, Markup(tag))
        )
    return Markup("").join(out)
