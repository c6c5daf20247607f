"""Queries and ready-made reports on the store, and their output as table, CSV or JSON.

The reports answer the two questions an editor asks of a corpus: on whose word do the
outlets report (``sources``), and how much of what they print is second-hand, unchecked or
contested (``hearsay``).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..errors import InvalidInput
from .store import QueryRefused, check_read_only, first_line

UNRESOLVED_LABEL = "(unresolved pronoun or function word)"
"""The ``sources`` report's row for events whose source is a function word, not a name."""

REPORTS: dict[str, str] = {
    # Top sources per outlet and source type, by canonical identity. Coordinated sources count
    # once per conjunct ("Der Kreml und Peking" → Kreml, Peking), uncoordinated ones as written.
    # A source that is only a function word ("er", "Sie", "Man", "Diese", "Viele", "Wie": a
    # pronoun the coreference could not resolve, or a misparse) names no one: such events are
    # never ranked but counted in one labelled row per outlet, after its ranked names.
    "sources": """
        WITH named AS (
            SELECT coalesce(a.outlet, '(unknown)') AS outlet,
                   s.type AS source_type,
                   coalesce(s.canonical, s.text) AS source,
                   s.doc_id,
                   list_contains($function_words, lower(trim(coalesce(s.canonical, s.text))))
                       AS unresolved
            FROM sources s JOIN articles a USING (doc_id)
            WHERE s.part > 0 OR s.n_parts = 0
        ),
        ranked AS (
            SELECT * FROM (
                SELECT outlet, source_type, source,
                       count(*) AS events, count(DISTINCT doc_id) AS articles
                FROM named WHERE NOT unresolved
                GROUP BY ALL
            )
            QUALIFY row_number() OVER (PARTITION BY outlet, source_type
                                       ORDER BY events DESC, source) <= $top
        ),
        unresolved AS (
            SELECT outlet, NULL::VARCHAR AS source_type, '$unresolved_label' AS source,
                   count(*) AS events, count(DISTINCT doc_id) AS articles
            FROM named WHERE unresolved
            GROUP BY outlet
        )
        SELECT outlet, source_type, source, events, articles FROM (
            SELECT *, 0 AS last FROM ranked UNION ALL SELECT *, 1 AS last FROM unresolved
        )
        ORDER BY outlet, last, source_type, events DESC, source
    """.replace("$unresolved_label", UNRESOLVED_LABEL),
    # Share of statements per status and outlet: hearsay, unverified and denied first.
    "hearsay": """
        SELECT coalesce(a.outlet, '(unknown)') AS outlet,
               count(DISTINCT st.doc_id) AS articles,
               count(*) AS statements,
               round(avg((st.status = 'hearsay')::INT), 4) AS hearsay,
               round(avg((st.status = 'unverified')::INT), 4) AS unverified,
               round(avg((st.status = 'denied')::INT), 4) AS denied,
               round(avg((st.status = 'confirmed')::INT), 4) AS confirmed,
               round(avg((st.status = 'attributed')::INT), 4) AS attributed,
               round(avg((st.status = 'asserted')::INT), 4) AS asserted
        FROM statements st JOIN articles a USING (doc_id)
        GROUP BY ALL
        ORDER BY statements DESC, outlet
    """,
}


def run_query(
    con: Any, sql: str, params: dict[str, Any] | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run read-only SQL on a store connection (``connect_readonly``).

    A statement other than a query, or one that touches files, is ``QueryRefused``; any
    other bad query is an ``InvalidInput`` with DuckDB's words, one line either way.
    """
    import duckdb

    check_read_only(sql)
    try:
        cur = con.execute(sql, params or {})
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.PermissionException as exc:
        raise QueryRefused(f"refused: {first_line(exc)}") from exc
    except duckdb.Error as exc:
        if "configuration has been locked" in str(exc):
            raise QueryRefused(f"refused: {first_line(exc)}") from exc
        raise InvalidInput(f"query failed: {first_line(exc)}") from exc


def run_report(con: Any, name: str, *, top: int = 5) -> tuple[list[str], list[tuple[Any, ...]]]:
    """One of the ready reports by name (the error lists the known ones)."""
    if name not in REPORTS:
        raise InvalidInput(f"unknown report {name!r}; known: {', '.join(REPORTS)}")
    sql = REPORTS[name]
    params: dict[str, Any] = {}
    if "$top" in sql:
        params["top"] = top
    if "$function_words" in sql:
        params["function_words"] = function_words()
    return run_query(con, sql, params or None)


def function_words() -> list[str]:
    """German function words (pronouns, determiners, adverbs, ...), lower case: the packaged
    ``closed_class.tsv`` that the tagger uses too, so the report needs no word list of its own."""
    from ..lang.de import closed_class

    return sorted({row[0].lower() for row in closed_class()})


def format_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> str:
    """Rows as CSV (header first) or JSON (a list of objects)."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        objs = [dict(zip(columns, r, strict=True)) for r in rows]
        return json.dumps(objs, ensure_ascii=False, indent=2, default=str) + "\n"
    raise InvalidInput(f"unknown output format {fmt!r}; known: table, csv, json")
