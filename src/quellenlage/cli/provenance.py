"""``quellenlage provenance --db FILE``: stories, claims, citations, origin across outlets."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..corpus.provenance import Options, provenance_output
from ..render.outputs import check_output, infer_format, write_output
from ._app import app, cli_errors


class ProvenanceFormat(StrEnum):
    table = "table"
    json = "json"
    html = "html"


class PairingEngine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


@app.command(
    epilog="Example: `quellenlage provenance --db corpus.duckdb -o provenance.html`",
)
@cli_errors
def provenance(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store (quellenlage batch --db).")] = Path(
        "corpus.duckdb"
    ),
    format: Annotated[
        ProvenanceFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output; default: from the extension of --output (.json .html), else a table.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", metavar="PATH")
    ] = None,
    engine: Annotated[
        PairingEngine, typer.Option("--engine", help="Pairing step: DuckDB, or PySpark local mode.")
    ] = PairingEngine.duckdb,
    master: Annotated[str, typer.Option("--master", help="Spark master (with --engine spark).")] = (
        "local[2]"
    ),
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Start from scratch instead of extending the last run."),
    ] = False,
    gold: Annotated[
        Path | None, typer.Option("--gold", help="Print the scores against this gold JSON instead.")
    ] = None,
) -> None:
    """Stories, one identity per claim, citations, origin and independent sources over the store
    (incremental: new articles join existing stories and claims; ids stay the same)."""
    fmt = infer_format(
        format.value if format else None, output, [f.value for f in ProvenanceFormat], "table"
    )
    if output is not None:
        check_output(output)  # before the work, not after it
    options = Options(engine=engine.value, master=master, rebuild=rebuild)
    _result, text = provenance_output(db, options, fmt=fmt, gold=gold)
    if output is not None:
        write_output(output, text)
    else:
        sys.stdout.write(text)
