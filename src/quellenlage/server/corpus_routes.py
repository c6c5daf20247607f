"""Routes of the corpus explorer (``serve --db``): the views, one article, the outlet page.

Every view takes the same query string (``q``, facets, ``date_from``/``date_to``, ``sort``/
``dir``, ``page``/``per_page``, and ``doc_id``/``source`` to follow a link) and, with
``format=csv|json|xlsx``, returns the same rows as a download instead of a page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from ..errors import InvalidInput
from ..model import STATUSES, Analysis
from ..render.html import render_report_fragment
from ..render.i18n import UI
from ..render.rows import to_csv, to_json, to_xlsx
from .corpus_db import Corpus, CorpusDB
from .corpus_views import PER_PAGE, View, build_views, count_sql, facet_sql, parse_params, rows_sql
from .outlets import outlet_table
from .pages import error_page, page, request_lang

router = APIRouter(prefix="/corpus", include_in_schema=False)

EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FACET_NAMES = {
    "outlet": ("Medium", "Outlet"),
    "source_type": ("Art der Quelle", "Source type"),
    "status": ("Status", "Status"),
    "form": ("Form", "Form"),
    "month": ("Monat", "Month"),
}

_VIEWS: dict[int, dict[str, View]] = {}


def views_of(db: CorpusDB) -> dict[str, View]:
    """The views of this store, built once per store (they depend on its columns)."""
    if id(db) not in _VIEWS:
        _VIEWS[id(db)] = build_views(db)
    return _VIEWS[id(db)]


def export_response(name: str, fmt: str, columns: list[str], rows: list[Any]) -> Response:
    """The rows as a download named after the view."""
    if fmt == "csv":
        body: str | bytes = to_csv(columns, rows)
    elif fmt == "json":
        body = to_json(columns, rows)
    elif fmt == "xlsx":
        body = to_xlsx(columns, rows, sheet=name)
    else:
        raise InvalidInput(f"unknown export format {fmt[:20]!r}; known: csv, json, xlsx")
    disposition = f'attachment; filename="quellenlage-{name}.{fmt}"'
    return Response(body, media_type=EXPORTS[fmt], headers={"content-disposition": disposition})


def value_label(ui: UI, kind: str, value: Any) -> str:
    """A cell or facet value in the reader's words (statuses, types, forms)."""
    if value is None or value == "":
        return "–"
    if kind == "status":
        return ui.status(str(value))
    if kind in ("type", "source_type"):
        return ui.source_type(str(value))
    if kind == "form":
        return ui.form(str(value))
    return str(value)


async def _facets(db: CorpusDB, view: View, p: Any, request: Request, ui: UI) -> list[Any]:
    out = []
    for key in view.facets:
        sql, args = facet_sql(view, p, key)
        _c, rows = await db.aquery(sql, args)
        kind = "type" if key == "source_type" else key
        entries = []
        for value, n in rows:
            raw = "-" if value is None else value
            active = p.facets.get(key) == raw
            url = request.url.remove_query_params(["page", key])
            href = str(url if active else url.include_query_params(**{key: raw}))
            entries.append(
                {
                    "label": value_label(ui, kind, value),
                    "n": n,
                    "href": href,
                    "active": active,
                    "value": raw,
                }
            )
        if entries:
            out.append(
                {
                    "key": key,
                    "name": FACET_NAMES[key][0 if ui.lang == "de" else 1],
                    "entries": entries,
                }
            )
    return out


def _headers(view: View, p: Any, request: Request, ui: UI) -> list[dict[str, Any]]:
    heads = []
    for c in view.columns:
        if c.kind == "hidden":
            continue
        active = c.key == p.sort
        new_dir = (
            "asc"
            if active and p.desc
            else "desc"
            if active
            else ("desc" if c.kind == "num" else "asc")
        )
        href = request.url.remove_query_params(["page"]).include_query_params(
            sort=c.key, dir=new_dir
        )
        heads.append(
            {
                "key": c.key,
                "label": c.de if ui.lang == "de" else c.en,
                "kind": c.kind,
                "href": str(href),
                "aria": ("descending" if p.desc else "ascending") if active else None,
            }
        )
    return heads


async def view_context(db: CorpusDB, name: str, request: Request) -> Any:
    """The page context of one view, or the export response when ``format`` asks for one."""
    view = views_of(db)[name]
    p = parse_params(view, request.query_params)
    fmt = request.query_params.get("format")
    if fmt:
        sql, args = rows_sql(view, p, export=True)
        cols, rows = await db.aquery(sql, args)
        keep = [i for i, c in enumerate(view.columns) if not (c.kind == "hidden" and c.search)]
        return export_response(
            name, fmt, [cols[i] for i in keep], [[r[i] for i in keep] for r in rows]
        )
    ui = UI(request_lang(request))
    sql, args = count_sql(view, p)
    _c, total = await db.aquery(sql, args)
    n_rows = total[0][0]
    sql, args = rows_sql(view, p)
    cols, rows = await db.aquery(sql, args)
    pages = max(1, -(-n_rows // p.per_page))
    base = request.url.remove_query_params(["page", "format"])
    return {
        "view": view,
        "params": p,
        "title": view.de if ui.lang == "de" else view.en,
        "rows": [dict(zip(cols, r, strict=True)) for r in rows],
        "total": n_rows,
        "headers": _headers(view, p, request, ui),
        "facets": await _facets(db, view, p, request, ui),
        "page": p.page,
        "pages": pages,
        "per_page_choices": PER_PAGE,
        "prev_href": str(base.include_query_params(page=p.page - 1)) if p.page > 1 else None,
        "next_href": str(base.include_query_params(page=p.page + 1)) if p.page < pages else None,
        "exports": {f: str(base.include_query_params(format=f)) for f in EXPORTS},
        "value_label": value_label,
        "kinds": {c.key: c.kind for c in view.columns},
        "hidden_inputs": {**p.links},
        "db_name": db.name,
    }


async def _render_view(request: Request, db: CorpusDB, name: str, **extra: Any) -> Any:
    ctx = await view_context(db, name, request)
    if isinstance(ctx, Response):
        return ctx
    return page(request, "corpus_view.html", nav=name, **ctx, **extra)


@router.get("")
async def corpus_index(request: Request, db: Corpus) -> Any:
    _c, stats = await db.aquery(
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM speech_events), (SELECT count(*) FROM errors)"
        if "errors" in db.columns
        else "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM speech_events), 0"
    )
    _c, by_status = await db.aquery("SELECT status, count(*) FROM statements GROUP BY status")
    counts: dict[str, int] = dict(by_status)
    overview = {
        "stats": dict(zip(("articles", "statements", "events", "errors"), stats[0], strict=True)),
        "status_counts": counts,
        "status_total": sum(counts.values()),
    }
    return await _render_view(request, db, "articles", overview=overview)


def _view_route(name: str) -> Any:
    async def route(request: Request, db: Corpus) -> Any:
        return await _render_view(request, db, name)

    route.__name__ = f"corpus_{name}"
    return route


# One page per view; /corpus itself is the articles view with the overview above it.
for _name in ("articles", "statements", "events", "sources"):
    router.add_api_route(f"/{_name}", _view_route(_name), methods=["GET"])


@router.get("/articles/{doc_id}")
async def corpus_article(doc_id: str, request: Request, db: Corpus) -> Any:
    _c, rows = await db.aquery("SELECT analysis FROM articles WHERE doc_id = ?", [doc_id])
    if not rows:
        return error_page(request, 404, f"no article with id {doc_id} in this store", "not_found")
    analysis = Analysis.model_validate_json(rows[0][0])
    _c, srcs = await db.aquery(
        "SELECT coalesce(s.canonical, s.text) AS name, s.type, count(*) AS n FROM sources s "
        "WHERE s.doc_id = ? AND (s.part > 0 OR s.n_parts = 0) GROUP BY ALL ORDER BY n DESC, name",
        [doc_id],
    )
    return page(
        request,
        "corpus_article.html",
        nav="articles",
        doc_id=doc_id,
        title=analysis.article.title,
        sources=[{"name": n, "type": t, "n": k} for n, t, k in srcs],
        report=Markup(render_report_fragment(analysis, lang=request_lang(request))),
    )


@router.get("/outlets")
async def corpus_outlets(request: Request, db: Corpus) -> Any:
    ui = UI(request_lang(request))
    table = await outlet_table(db, request, ui)
    fmt = request.query_params.get("format")
    if fmt:
        return export_response("outlets", fmt, table["export_columns"], table["export_rows"])
    base = request.url.remove_query_params(["format"])
    return page(
        request,
        "corpus_outlets.html",
        nav="outlets",
        title=ui.t("nav_outlets"),
        statuses=STATUSES,
        exports={f: str(base.include_query_params(format=f)) for f in EXPORTS},
        **table,
    )
