"""``quellenlage query "SQL"``: SQL on the corpus store (DuckDB file or Parquet folder)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..corpus.reports import format_rows, run_query
from ..corpus.store import connect_readonly
from ._app import app, cli_errors


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: TableFormat) -> None:
    """Rows to stdout: a rich table for people, CSV or JSON for programs."""
    if fmt is not TableFormat.table:
        sys.stdout.write(format_rows(columns, rows, fmt.value))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*columns, show_lines=False)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console().print(table)


@app.command()
@cli_errors
def query(
    sql: Annotated[
        str,
        typer.Argument(
            help="SQL; tables: articles, statements, speech_events, "
            "sources, entities, errors (see docs/store.md)."
        ),
    ],
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB store file.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Parquet store folder.")] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output.")
    ] = TableFormat.table,
) -> None:
    """Run SQL on the store written by `quellenlage batch` or `quellenlage spark`."""
    con = connect_readonly(db if db or out else Path("corpus.duckdb"), out)
    columns, rows = run_query(con, sql)
    print_rows(columns, rows, format)
