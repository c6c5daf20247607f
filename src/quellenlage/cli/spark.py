"""``quellenlage spark INPUT... --out DIR``: the analysis as a PySpark job, Parquet out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..ingest.sources import FORMATS, SourceOptions
from ..settings import DEFAULT_SETTINGS
from ._app import app, cli_errors


@app.command()
@cli_errors
def spark(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="WARC, JSONL, CSV, HTML or text files, or folders of them (local paths)."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder: one Parquet dataset per table.")
    ],
    master: Annotated[str, typer.Option("--master", help="Spark master URL.")] = "local[*]",
    format: Annotated[
        str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")
    ] = "auto",
    text_column: Annotated[
        str, typer.Option("--text-column", help="CSV text column (name or 1-based number).")
    ] = "text",
    csv_sep: Annotated[str, typer.Option("--csv-sep", help="CSV field separator.")] = ",",
    csv_quote: Annotated[str, typer.Option("--csv-quote", help="CSV quote character.")] = '"',
    csv_header: Annotated[
        bool | None,
        typer.Option("--csv-header/--no-csv-header", help="Whether the CSV has a header row."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N records.")
    ] = None,
    timeout_per_doc: Annotated[
        float, typer.Option("--timeout-per-doc", min=0, help="Seconds per document (0: no limit).")
    ] = 60.0,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet for records that name none.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
    partitions: Annotated[
        int, typer.Option("--partitions", min=0, help="Partitions (0: default).")
    ] = 0,
) -> None:
    r"""Run the per-document analysis as a Spark job (needs the extra: quellenlage\[spark]).

    Writes the store tables as Parquet with the same schema as `quellenlage batch --out`;
    exit code 2 when some documents failed.
    """
    from ..spark import AnalyzeJob

    job = AnalyzeJob(
        inputs=inputs,
        out=str(out),
        sources=SourceOptions(
            format=format,
            text_column=text_column,
            csv_sep=csv_sep,
            csv_quote=csv_quote,
            csv_header=csv_header,
        ),
        settings=DEFAULT_SETTINGS.with_overrides(engine=engine),
        timeout_per_doc=timeout_per_doc,
        default_outlet=outlet,
        limit=limit,
        master=master,
        partitions=partitions,
    )
    counts = job.run()
    print(
        f"{counts['ok']} analysed, {counts['error']} errors, {counts['skipped']} skipped; "
        f"Parquet in {out}",
        file=sys.stderr,
    )
    raise typer.Exit(2 if counts["error"] else 0)
