"""``quellenlage analyze FILE``: one article in, the full analysis out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..ingest import read_bytes, read_path
from ..pipeline import analyze_article
from ..render import render
from ..settings import DEFAULT_SETTINGS
from ._app import app, cli_errors


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    html = "html"


@app.command()
@cli_errors
def analyze(
    file: Annotated[str, typer.Argument(help="Article file (text or HTML), or - for stdin.")],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
    model_dir: Annotated[
        Path | None,
        typer.Option("--model-dir", help="Model folder from quellenlage train (default: shipped)."),
    ] = None,
) -> None:
    """Analyse one German news article: structure, speech events, statuses, summary."""
    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, model_dir=model_dir and str(model_dir)
    )
    if file == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        article = read_bytes(data, name="<stdin>", settings=settings)
    else:
        article = read_path(Path(file), settings=settings)
    analysis = analyze_article(article, settings=settings)
    text = render(analysis, format.value, color=output is None and sys.stdout.isatty())
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
