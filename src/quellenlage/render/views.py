"""The report's view model: events and statements with DOM ids, resolved links, chains, the
"who is quoted" panel and the chart rows, computed once from an ``Analysis``.

A speech event with status ``denied`` and a ``target`` is a *denial act* (“Die Ministerin
wies das zurück”); its target is the *denied claim*. The two share a colour but not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import SOURCE_TYPES, STATUSES, Analysis, SpeechEvent, Statement
from .i18n import UI

# Long messages are cut in the event cards; the full text is in the article itself.
MESSAGE_PREVIEW_CHARS = 280

Link = dict[str, str]


@dataclass(slots=True)
class EventView:
    """A speech event as the report shows it: DOM id, resolved links, chain to display."""

    index: int
    dom_id: str
    event: SpeechEvent
    message_preview: str
    chain: list[dict[str, str | None]]
    reasons: list[tuple[str, str]]
    parent: EventView | None = None
    target: Link | None = None
    denied_by: list[EventView] = field(default_factory=list)
    statement_dom_ids: list[str] = field(default_factory=list)
    depth: int = 0

    @property
    def is_denial(self) -> bool:
        """The act of denying something (not the claim that is denied)."""
        return self.event.status == "denied" and bool(self.event.target)


@dataclass(slots=True)
class StatementView:
    """A statement with its DOM id, its events and the link to what it is about."""

    index: int
    dom_id: str
    statement: Statement
    events: list[EventView]
    target: Link | None
    focusable: bool
    is_denial: bool = False
    reasons: list[tuple[str, str]] = field(default_factory=list)


def preview(text: str, limit: int = MESSAGE_PREVIEW_CHARS) -> str:
    """Whitespace collapsed, cut at ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


_STATEMENT_REF = re.compile(r"^(?:s|st|stmt|statement)?[-_:]?(\d+)$", re.IGNORECASE)


def _event_views(analysis: Analysis, ui: UI) -> tuple[list[EventView], dict[str, EventView]]:
    by_id: dict[str, EventView] = {}
    views: list[EventView] = []
    statements = analysis.statements
    for i, ev in enumerate(analysis.speech_events):
        view = EventView(
            index=i,
            dom_id=f"ev-{i + 1}",
            event=ev,
            # The card puts the message in quotes; a quoted message brings its own.
            message_preview=preview(ev.message.text.strip().strip('"„“”»«')),
            chain=[],
            reasons=[ui.reason(e) for e in dict.fromkeys(ev.evidence)],
        )
        # Which statements show an event: the ones that list it, else those its message touches.
        listed = [f"st-{j + 1}" for j, st in enumerate(statements) if ev.id in st.events]
        if not listed:
            listed = [
                f"st-{j + 1}"
                for j, st in enumerate(statements)
                if overlaps(st.start, st.end, ev.message.start, ev.message.end)
            ]
        view.statement_dom_ids = listed
        views.append(view)
        by_id.setdefault(ev.id, view)
    return views, by_id


class _Resolver:
    """Turns a target (an event id, or a statement by number: "s3", "3") into a link."""

    def __init__(self, statements: list[Statement], by_id: dict[str, EventView]) -> None:
        self.statements = statements
        self.by_id = by_id

    def __call__(self, target: str | None) -> Link | None:
        if not target:
            return None
        if target in self.by_id:
            tv = self.by_id[target]
            first = tv.statement_dom_ids[0] if tv.statement_dom_ids else tv.dom_id
            return {
                "href": "#" + tv.dom_id,
                "goto": first,
                "label": preview(tv.event.message.text, 120),
                "ref": target,
            }
        m = _STATEMENT_REF.match(target.strip())
        if m:
            n = int(m.group(1))
            # Accept both 1-based "s3" and 0-based "3"; digits alone are indices (0-based).
            j = n if target.strip().isdigit() else n - 1
            if 0 <= j < len(self.statements):
                return {
                    "href": f"#st-{j + 1}",
                    "goto": f"st-{j + 1}",
                    "label": preview(self.statements[j].text, 120),
                    "ref": target,
                }
        return {"href": "", "goto": "", "label": target, "ref": target}


def build_views(analysis: Analysis, ui: UI) -> tuple[list[EventView], list[StatementView]]:
    """Event and statement views with parents, targets, depths, chains and reasons."""
    views, by_id = _event_views(analysis, ui)
    resolve = _Resolver(analysis.statements, by_id)
    outlet = analysis.article.meta.outlet or ui.t("the_outlet")
    for view in views:
        ev = view.event
        parent = by_id.get(ev.parent) if ev.parent else None
        view.parent = parent if parent is not view else None
        view.target = resolve(ev.target)
        if view.is_denial and ev.target in by_id and by_id[ev.target] is not view:
            by_id[ev.target].denied_by.append(view)
        # Depth for indentation; a broken parent cycle must not loop forever.
        seen, p = {view.index}, view.parent
        while p is not None and p.index not in seen:
            seen.add(p.index)
            view.depth += 1
            p = p.parent
        view.chain = _chain(view, outlet, by_id, ui)
    stmt_views: list[StatementView] = []
    for j, st in enumerate(analysis.statements):
        dom = f"st-{j + 1}"
        evs = [v for v in views if dom in v.statement_dom_ids]
        stmt_views.append(
            StatementView(
                index=j,
                dom_id=dom,
                statement=st,
                events=evs,
                target=resolve(st.target),
                focusable=st.status != "asserted" or bool(evs) or bool(st.markers),
                is_denial=_is_denial_statement(st, evs),
                reasons=[ui.reason(e) for e in dict.fromkeys(st.evidence)],
            )
        )
    return views, stmt_views


def _is_denial_statement(st: Statement, events: list[EventView]) -> bool:
    """A denied statement that is itself the denial: it points at a claim, or its events do,
    or it has no event of its own and a denial marker (“Stadt weist Vorwürfe zurück”)."""
    if st.status != "denied":
        return False
    if st.target:
        return True
    own = [v for v in events if v.event.id in st.events] or events
    if own:
        return all(v.is_denial for v in own)
    return bool(st.markers)


def _chain(
    view: EventView, outlet: str, by_id: dict[str, EventView], ui: UI
) -> list[dict[str, str | None]]:
    """The attribution chain to show: the engine's own, else outlet → parents' sources → source."""
    ev = view.event
    if ev.chain:
        links = []
        for link in ev.chain:
            target = by_id.get(link.event) if link.event else None
            links.append(
                {
                    "name": link.name,
                    "type": ui.source_type(link.type),
                    "href": "#" + target.dom_id if target else None,
                }
            )
        return links
    path: list[EventView] = []
    seen: set[int] = set()
    node: EventView | None = view
    while node is not None and node.index not in seen:
        seen.add(node.index)
        path.append(node)
        node = node.parent
    out: list[dict[str, str | None]] = [
        {"name": outlet, "type": ui.source_type("outlet"), "href": None}
    ]
    for node in reversed(path):
        src = node.event.source
        out.append(
            {
                "name": (src.canonical or src.text) if src else ui.t("unnamed_source"),
                "type": ui.source_type(src.type if src else "unknown"),
                "href": "#" + node.dom_id,
            }
        )
    return out


def who_is_quoted(analysis: Analysis, events: list[EventView], ui: UI) -> list[dict[str, Any]]:
    """One row per source (by canonical name): type, statements, share of the text, passages.

    The share counts the characters of the clean text that the source's messages cover
    (overlaps once), so a source quoted at length weighs more than one named in passing.
    """
    groups: dict[tuple[str, str], list[EventView]] = {}
    for v in events:
        src = v.event.source
        if src is None:
            continue
        name = src.canonical or src.text
        groups.setdefault((name, src.type), []).append(v)
    total = len(analysis.article.text) or 1
    rows: list[dict[str, Any]] = []
    for (name, type_), views in groups.items():
        covered: set[int] = set()
        passages: list[str] = []
        for v in views:
            covered.update(range(v.event.message.start, v.event.message.end))
            passages.extend(d for d in v.statement_dom_ids if d not in passages)
        rows.append(
            {
                "name": name,
                "type": type_,
                "type_label": ui.source_type(type_),
                "events": len(views),
                "statements": len(passages),
                "share": len(covered) / total,
                "share_text": ui.percent(len(covered), total),
                "passages": passages,
                "first_event": views[0].dom_id,
            }
        )
    rows.sort(key=lambda r: (-r["share"], -r["events"], r["name"]))
    return rows


def status_chart(analysis: Analysis) -> dict[str, Any]:
    """Bars for statements by status (from the summary, else counted from the statements)."""
    counts = dict(analysis.summary.by_status)
    if not counts and analysis.statements:
        for st in analysis.statements:
            counts[st.status] = counts.get(st.status, 0) + 1
    total = sum(counts.values())
    rows = []
    x = 0.0
    for status in STATUSES:
        n = counts.get(status, 0)
        share = n / total if total else 0.0
        rows.append(
            {
                "status": status,
                "n": n,
                "share": share,
                "x": round(x * 100, 3),
                "w": round(share * 100, 3),
                "pct": round(share * 100),
            }
        )
        x += share
    return {"rows": rows, "total": total}


def source_chart(analysis: Analysis, events: list[EventView], ui: UI) -> dict[str, Any]:
    """Bars for sources by type (summary counts, else counted from the events)."""
    counts: dict[str, int] = {str(k): n for k, n in analysis.summary.by_source_type.items()}
    if not counts:
        for v in events:
            if v.event.source is not None:
                counts[v.event.source.type] = counts.get(v.event.source.type, 0) + 1
    top = max(counts.values(), default=0)
    # Known types in taxonomy order first, then any type this code does not know yet.
    order = [t for t in SOURCE_TYPES if t in counts] + sorted(set(counts) - set(SOURCE_TYPES))
    rows = [
        {
            "type": t,
            "label": ui.source_type(t),
            "n": counts[t],
            "w": round(counts[t] / top * 100, 3) if top else 0,
        }
        for t in order
        if counts.get(t)
    ]
    return {"rows": rows, "total": sum(counts.values())}
