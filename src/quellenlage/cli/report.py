"""``quellenlage report sources|hearsay``: ready reports on the corpus store."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..render.store_outputs import report_to
from ._app import app, cli_errors
from .query import DB_OPTION, FORMAT_OPTION, OUT_OPTION, OUTPUT_OPTION, WIDTH_OPTION, TableFormat


class ReportName(StrEnum):
    sources = "sources"
    hearsay = "hearsay"


@app.command(epilog="Example: `quellenlage report hearsay --db corpus.duckdb -o hearsay.xlsx`")
@cli_errors
def report(
    name: Annotated[
        ReportName,
        typer.Argument(
            help="sources: top sources by type and outlet; "
            "hearsay: hearsay/unverified/denied/... statements per outlet, count and percent.",
        ),
    ],
    db: Annotated[Path | None, DB_OPTION] = None,
    out: Annotated[Path | None, OUT_OPTION] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="sources: how many per outlet and type.")
    ] = 5,
    format: Annotated[TableFormat | None, FORMAT_OPTION] = None,
    output: Annotated[Path | None, OUTPUT_OPTION] = None,
    max_col_width: Annotated[int, WIDTH_OPTION] = 40,
) -> None:
    """A ready report on the store: who is quoted, and how much is second-hand."""
    text = report_to(
        name.value,
        db=db,
        out=out,
        top=top,
        fmt=format.value if format else None,
        output=output,
        max_col_width=max_col_width,
    )
    if text is not None:
        sys.stdout.write(text)
