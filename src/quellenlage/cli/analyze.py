"""``quellenlage analyze FILE``: one article in, the full analysis out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..ingest import fetch_article, read_bytes, read_path
from ..ingest.urls import is_url
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
    file: Annotated[
        str, typer.Argument(help="Article file (text or HTML), an http(s) URL, or - for stdin.")
    ],
    format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.terminal,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
) -> None:
    """Analyse one German news article: structure, speech events, statuses, summary."""
    settings = DEFAULT_SETTINGS.with_overrides(engine=engine)
    if file == "-":
        data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
        article = read_bytes(data, name="<stdin>", settings=settings)
    elif is_url(file):
        article = fetch_article(file, settings=settings)  # safe fetch: see ingest/fetch.py
    else:
        article = read_path(Path(file), settings=settings)
    analysis = analyze_article(article, settings=settings)
    text = render(analysis, format.value, color=output is None and sys.stdout.isatty())
    if output is not None:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
