"""The outlet comparison: statements by status and sources by type per outlet, with the
counts next to the shares, sortable by any column and exportable like every view.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request

from ..errors import InvalidInput
from ..model import SOURCE_TYPES, STATUSES
from ..render.i18n import UI
from .corpus_db import CorpusDB

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
UNKNOWN = "(unknown)"


def _filters(db: CorpusDB, request: Request) -> tuple[str, list[Any], dict[str, str]]:
    """WHERE clause for the articles joined in: date range and outlet words."""
    q = request.query_params
    date = db.col("a", "articles", "date")
    outlet = db.col("a", "articles", "outlet")
    where: list[str] = []
    args: list[Any] = []
    given: dict[str, str] = {}
    for name, op in (("date_from", ">="), ("date_to", "<=")):
        value = (q.get(name) or "").strip()
        if not value:
            continue
        if not _DATE.match(value):
            raise InvalidInput(f"{name} must look like 2026, 2026-11 or 2026-11-25")
        cut = f"CAST({date} AS VARCHAR)"
        expr = cut if op == ">=" else f"left({cut}, {len(value)})"
        where.append(f"{expr} {op} ?")
        args.append(value)
        given[name] = value
    words = (q.get("q") or "").strip()[:200]
    for word in words.split()[:8]:
        where.append(
            f"strip_accents(lower(coalesce({outlet}, ''))) LIKE "
            "'%' || strip_accents(lower(?)) || '%'"
        )
        args.append(word.replace("%", "").replace("_", ""))
    if words:
        given["q"] = words
    return (" WHERE " + " AND ".join(where)) if where else "", args, given


async def _counts(
    db: CorpusDB, request: Request
) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    where, args, given = _filters(db, request)
    outlet = f"coalesce({db.col('a', 'articles', 'outlet')}, '{UNKNOWN}')"
    # Coordinated sources count once per conjunct, uncoordinated ones as written.
    parts = "(s.part > 0 OR s.n_parts = 0)"
    src_where = f"{where} AND {parts}" if where else f" WHERE {parts}"
    joined = "JOIN articles a USING (doc_id)"
    queries = (
        (f"SELECT {outlet}, 'articles', count(*) FROM articles a{where} GROUP BY ALL", "art"),
        (
            f"SELECT {outlet}, st.status, count(*) FROM statements st {joined}{where} GROUP BY ALL",
            "st",
        ),
        (
            f"SELECT {outlet}, s.type, count(*) FROM sources s {joined}{src_where} GROUP BY ALL",
            "src",
        ),
    )
    per: dict[str, dict[str, int]] = {}
    for sql, prefix in queries:
        _c, rows = await db.aquery(sql, args)
        for name, key, n in rows:
            per.setdefault(name, {})[f"{prefix}:{key}"] = n
    return per, given


async def outlet_table(db: CorpusDB, request: Request, ui: UI) -> dict[str, Any]:
    """Rows per outlet (counts and shares), the headers with sort links, and the export."""
    per, given = await _counts(db, request)
    types: list[str] = [t for t in SOURCE_TYPES if any(f"src:{t}" in c for c in per.values())]
    types += sorted({k[4:] for c in per.values() for k in c if k.startswith("src:")} - set(types))
    rows = []
    for name, c in per.items():
        n_st = sum(v for k, v in c.items() if k.startswith("st:"))
        n_src = sum(v for k, v in c.items() if k.startswith("src:"))
        row: dict[str, Any] = {
            "outlet": name,
            "articles": c.get("art:articles", 0),
            "statements": n_st,
            "sources": n_src,
        }
        for s in STATUSES:
            row[f"st_{s}"] = c.get(f"st:{s}", 0)
            row[f"st_{s}_share"] = row[f"st_{s}"] / n_st if n_st else 0.0
        for t in types:
            row[f"src_{t}"] = c.get(f"src:{t}", 0)
            row[f"src_{t}_share"] = row[f"src_{t}"] / n_src if n_src else 0.0
        rows.append(row)
    keys = [
        "outlet",
        "articles",
        "statements",
        *(f"st_{s}" for s in STATUSES),
        "sources",
        *(f"src_{t}" for t in types),
    ]
    sort = request.query_params.get("sort") or "statements"
    if sort not in keys:
        raise InvalidInput(f"cannot sort by {sort[:40]!r}; columns: {', '.join(keys)}")
    direction = request.query_params.get("dir") or ("asc" if sort == "outlet" else "desc")
    if direction not in ("asc", "desc"):
        raise InvalidInput("dir must be asc or desc")
    share = f"{sort}_share" if sort.startswith(("st_", "src_")) else sort
    rows.sort(key=lambda r: r["outlet"])
    rows.sort(key=lambda r: r[share], reverse=direction == "desc")
    heads = {}
    for k in keys:
        new = "asc" if k == sort and direction == "desc" else "desc"
        heads[k] = {
            "href": str(request.url.include_query_params(sort=k, dir=new)),
            "aria": ("descending" if direction == "desc" else "ascending") if k == sort else None,
        }
    export_cols = ["outlet", "articles", "statements"]
    export_cols += [f"{p}{x}" for x in STATUSES for p in ("statements_", "share_")]
    export_cols += ["sources"] + [f"{p}{t}" for t in types for p in ("sources_", "share_sources_")]
    export_rows = []
    for r in rows:
        out = [r["outlet"], r["articles"], r["statements"]]
        for s in STATUSES:
            out += [r[f"st_{s}"], round(r[f"st_{s}_share"], 4)]
        out.append(r["sources"])
        for t in types:
            out += [r[f"src_{t}"], round(r[f"src_{t}_share"], 4)]
        export_rows.append(out)
    return {
        "rows": rows,
        "types": types,
        "heads": heads,
        "given": given,
        "export_columns": export_cols,
        "export_rows": export_rows,
    }
