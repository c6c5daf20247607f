"""``quellenlage query "SQL"``: SQL on the corpus store (DuckDB file or Parquet folder)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..render.store_outputs import query_to
from ._app import app, cli_errors


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"


DB_OPTION = typer.Option("--db", help="DuckDB store file (default: corpus.duckdb).", metavar="FILE")
OUT_OPTION = typer.Option("--out", help="Parquet store folder (instead of --db).", metavar="DIR")
FORMAT_OPTION = typer.Option(
    "--format",
    "-f",
    help="Output; default: from the extension of --output (.csv .json .md .xlsx), else a table.",
    show_default=False,
)
OUTPUT_OPTION = typer.Option("--output", "-o", help="Write to this file.", metavar="PATH")
WIDTH_OPTION = typer.Option(
    "--max-col-width", min=4, help="Table: cut longer cells with an ellipsis.", metavar="CHARS"
)


@app.command(
    epilog='Example: `quellenlage query "SELECT status, count(*) FROM statements GROUP BY 1" '
    "--db corpus.duckdb -f md`"
)
@cli_errors
def query(
    sql: Annotated[
        str,
        typer.Argument(
            help="SQL; tables: articles, statements, speech_events, "
            "sources, entities, errors (see docs/store.md).",
            metavar="SQL",
        ),
    ],
    db: Annotated[Path | None, DB_OPTION] = None,
    out: Annotated[Path | None, OUT_OPTION] = None,
    format: Annotated[TableFormat | None, FORMAT_OPTION] = None,
    output: Annotated[Path | None, OUTPUT_OPTION] = None,
    max_col_width: Annotated[int, WIDTH_OPTION] = 40,
) -> None:
    """Run SQL on the store written by `quellenlage batch` or `quellenlage spark`.

    Read-only and without file access: only queries (SELECT, DESCRIBE, EXPLAIN ...) run;
    COPY, EXPORT, ATTACH, SET and file functions such as read_csv are refused (exit code
    24). Save a result with -o FILE.
    """
    text = query_to(
        sql,
        db=db,
        out=out,
        fmt=format.value if format else None,
        output=output,
        max_col_width=max_col_width,
    )
    if text is not None:
        sys.stdout.write(text)
