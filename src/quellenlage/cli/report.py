"""``quellenlage report sources|hearsay``: ready reports on the corpus store."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..corpus.reports import run_report
from ..corpus.store import connect_readonly
from ._app import app, cli_errors
from .query import TableFormat, print_rows


class ReportName(StrEnum):
    sources = "sources"
    hearsay = "hearsay"


@app.command()
@cli_errors
def report(
    name: Annotated[
        ReportName,
        typer.Argument(
            help="sources: top sources by type and outlet; "
            "hearsay: share of hearsay/unverified/denied statements "
            "per outlet."
        ),
    ],
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB store file.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Parquet store folder.")] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="sources: how many per outlet and type.")
    ] = 5,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output.")
    ] = TableFormat.table,
) -> None:
    """A ready report on the store: who is quoted, and how much is second-hand."""
    con = connect_readonly(db if db or out else Path("corpus.duckdb"), out)
    columns, rows = run_report(con, name.value, top=top)
    print_rows(columns, rows, format)
