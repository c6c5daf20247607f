"""``quellenlage batch INPUT...``: many articles → the corpus store, in parallel, resumably."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from ..corpus.batch import BatchOptions, BatchSummary, run_batch
from ..corpus.store import open_store
from ..errors import InvalidInput
from ..ingest.sources import FORMATS, SourceOptions
from ..settings import DEFAULT_SETTINGS, Settings
from ._app import ModelDirOption, app, cli_errors


def _progress_bar(enabled: bool) -> tuple[Any, Any]:
    """A rich progress bar on stderr (rate and ETA), and the callback that advances it."""
    if not enabled:
        return nullcontext(), None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("[bold]batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("{task.fields[errors]} errors"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    task = bar.add_task("batch", total=None, rate=0.0, errors=0)

    def advance(done: int, total: int | None, summary: BatchSummary) -> None:
        rate = done / summary.seconds if summary.seconds else 0.0
        bar.update(task, completed=done, total=total, rate=rate, errors=summary.errors)

    return bar, advance


def _report(s: BatchSummary) -> str:
    rss = ", ".join(f"{v:.0f}" for v in sorted(s.peak_rss_mb.values())) or "-"
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(s.error_codes.items()))
    return (
        f"{s.records} records: {s.ok} analysed, {s.errors} errors"
        f"{f' ({codes})' if codes else ''}, {s.skipped} skipped, {s.already_stored} already "
        f"stored; {s.seconds:.1f} s, {s.docs_per_second:.2f} articles/s with {s.workers} "
        f"workers (peak RSS per worker, MB: {rss})"
    )


# The longer options, as aliases, so that the command's signature stays readable.
InputsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Files or folders (walked recursively): text, HTML, WARC(.gz), JSONL, CSV."
    ),
]
UrlsOption = Annotated[
    list[Path] | None,
    typer.Option("--urls", help="A file with one http(s) URL per line; each is fetched."),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Write Parquet files to this folder instead of DuckDB."),
]
TextColumnOption = Annotated[
    str,
    typer.Option(
        "--text-column",
        help="CSV text column: a header name, or a 1-based number for files without header.",
    ),
]
CsvHeaderOption = Annotated[
    bool | None,
    typer.Option(
        "--csv-header/--no-csv-header",
        help="Whether the CSV has a header row (default: yes iff --text-column is a name).",
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit", min=1, help="Only the first N records of the input (stable across runs)."
    ),
]
TimeoutOption = Annotated[
    float,
    typer.Option(
        "--timeout-per-doc",
        min=0,
        help="Seconds per document before it becomes a timeout error (0: no limit).",
    ),
]
CommitEveryOption = Annotated[
    int,
    typer.Option(
        "--commit-every", min=1, help="Documents per transaction (Parquet: per part file)."
    ),
]
MaxTasksOption = Annotated[
    int,
    typer.Option(
        "--max-tasks-per-child", min=1, help="Recycle a worker after this many documents."
    ),
]


def _run(
    inputs: list[str],
    store_path: tuple[Path | None, Path | None],
    sources: SourceOptions,
    options: BatchOptions,
    settings: Settings,
    progress: bool,
) -> BatchSummary:
    """Open the store (DuckDB, or Parquet with ``--out``), run the batch, close the store."""
    db, out = store_path
    store = open_store(db if db or out else Path("corpus.duckdb"), out)
    bar, advance = _progress_bar(progress and sys.stderr.isatty())
    try:
        with bar:
            return run_batch(
                list(inputs),
                store,
                sources=sources,
                options=options,
                settings=settings,
                progress=advance,
            )
    finally:
        store.close()


@app.command()
@cli_errors
def batch(
    inputs: InputsArg = None,
    urls: UrlsOption = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB store (default corpus.duckdb).")
    ] = None,
    out: OutOption = None,
    workers: Annotated[
        int, typer.Option("--workers", "-j", min=0, help="Worker processes (0: all cores).")
    ] = 0,
    format: Annotated[
        str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")
    ] = "auto",
    text_column: TextColumnOption = "text",
    csv_sep: Annotated[str, typer.Option("--csv-sep", help="CSV field separator.")] = ",",
    csv_quote: Annotated[str, typer.Option("--csv-quote", help="CSV quote character.")] = '"',
    csv_header: CsvHeaderOption = None,
    limit: LimitOption = None,
    timeout_per_doc: TimeoutOption = 60.0,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet for records that name none.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
    model_dir: ModelDirOption = None,
    commit_every: CommitEveryOption = 32,
    max_tasks_per_child: MaxTasksOption = 500,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
) -> None:
    """Analyse many articles into a DuckDB or Parquet store; a re-run skips what is stored.

    Exit code 0: every document analysed (or skipped as not an article); 2: the run completed
    but some documents failed (see the errors table).
    """
    if not inputs and not urls:
        raise InvalidInput("give input files or folders, or --urls FILE")
    sources = SourceOptions(
        format=format,
        text_column=text_column,
        csv_sep=csv_sep,
        csv_quote=csv_quote,
        csv_header=csv_header,
        url_files=list(urls or []),
    )
    options = BatchOptions(
        workers=workers,
        limit=limit,
        timeout_per_doc=timeout_per_doc,
        commit_every=commit_every,
        max_tasks_per_child=max_tasks_per_child,
        default_outlet=outlet,
    )
    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, model_dir=model_dir and str(model_dir)
    )
    summary = _run(list(inputs or []), (db, out), sources, options, settings, progress)
    print(_report(summary), file=sys.stderr)
    raise typer.Exit(summary.exit_code)
