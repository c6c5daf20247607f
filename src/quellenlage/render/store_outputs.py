"""Tables from the corpus store for people: ``query`` results and the ready reports, with
shares shown as percentages next to their counts.

The reports' SQL belongs to ``corpus.reports``; this module only formats their results. The
``hearsay`` report gives shares per status; the counts beside them are counted here from the
statements, so that "8.8 %" always stands next to the number it is a share of.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..corpus.reports import run_query, run_report
from ..corpus.store import connect_readonly
from ..model import STATUSES
from .outputs import infer_format, rows_to
from .rows import ROW_FORMATS

STATUS_COUNTS = """
    SELECT coalesce(a.outlet, '(unknown)') AS outlet, st.status, count(*) AS n
    FROM statements st JOIN articles a USING (doc_id)
    GROUP BY ALL
"""


def _store(db: Path | None, out: Path | None) -> Any:
    return connect_readonly(db if db or out else Path("corpus.duckdb"), out)


def with_counts(
    con: Any, columns: list[str], rows: list[tuple[Any, ...]], *, human: bool
) -> tuple[list[str], list[list[Any]]]:
    """Counts beside the status shares of a report.

    For people (``human``) each share column becomes ``status`` (the count) and ``status %``
    ("8.8 %"); for programs the share columns stay fractions as the report gives them and a
    ``status_n`` count column follows each.
    """
    shares = [i for i, c in enumerate(columns) if c in STATUSES]
    if not shares or "outlet" not in columns:
        return columns, [list(r) for r in rows]
    _c, counted = run_query(con, STATUS_COUNTS)
    counts = {(o, s): n for o, s, n in counted}
    at_outlet = columns.index("outlet")
    new_cols: list[str] = []
    for i, c in enumerate(columns):
        if i in shares:
            new_cols += [c, f"{c} %"] if human else [c, f"{c}_n"]
        else:
            new_cols.append(c)
    new_rows = []
    for row in rows:
        out: list[Any] = []
        for i, value in enumerate(row):
            if i not in shares:
                out.append(value)
                continue
            n = counts.get((row[at_outlet], columns[i]), 0)
            if human:
                out += [n, "–" if value is None else f"{100 * value:.1f} %"]
            else:
                out += [value, n]
        new_rows.append(out)
    return new_cols, new_rows


def query_to(
    sql: str,
    *,
    db: Path | None,
    out: Path | None,
    fmt: str | None,
    output: Path | None,
    width: int | None = None,
    max_col_width: int = 40,
) -> str | None:
    """Run SQL on the store; the rows as a table, CSV, JSON, Markdown or Excel."""
    columns, rows = run_query(_store(db, out), sql)
    return rows_to(columns, rows, fmt=fmt, output=output, width=width, max_col_width=max_col_width)


def report_to(
    name: str,
    *,
    db: Path | None,
    out: Path | None,
    top: int,
    fmt: str | None,
    output: Path | None,
    width: int | None = None,
    max_col_width: int = 40,
) -> str | None:
    """A ready report with counts and percentages (``%`` columns), in any table format."""
    con = _store(db, out)
    columns, rows = run_report(con, name, top=top)
    human = infer_format(fmt, output, ROW_FORMATS, default="table") in ("table", "md")
    columns, table = with_counts(con, columns, rows, human=human)
    return rows_to(columns, table, fmt=fmt, output=output, width=width, max_col_width=max_col_width)
