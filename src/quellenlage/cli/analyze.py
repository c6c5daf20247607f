"""``quellenlage analyze FILE``: one article in, the full analysis out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..render.outputs import ViewOptions, analyze_to
from ..settings import DEFAULT_SETTINGS
from ._app import ENGINE_HELP, ModelDirOption, app, cli_errors


class OutputFormat(StrEnum):
    terminal = "terminal"
    json = "json"
    jsonl = "jsonl"
    html = "html"
    md = "md"


class UILangChoice(StrEnum):
    auto = "auto"
    de = "de"
    en = "en"


@app.command(
    epilog=(
        "Examples: `quellenlage analyze artikel.txt -o report.html` (HTML, from the name); "
        "`quellenlage analyze artikel.txt --compact --width 80`; "
        "`cat artikel.txt | quellenlage analyze - -f json`"
    )
)
@cli_errors
def analyze(
    file: Annotated[
        str,
        typer.Argument(
            help="Article file (text or HTML), an http(s) URL, or - for stdin.",
            metavar="FILE",
        ),
    ],
    format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; default: from the extension of --output "
            "(.json .jsonl .html .md), else terminal.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file.", metavar="PATH"),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help=ENGINE_HELP, metavar="NAME")] = "default",
    model_dir: ModelDirOption = None,
    ui_lang: Annotated[
        UILangChoice,
        typer.Option(
            "--ui-lang",
            help="Language of the report and terminal view; auto: German for German articles.",
        ),
    ] = UILangChoice.auto,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=40,
            max=160,
            help="Terminal view width (default: the terminal's).",
            metavar="COLUMNS",
        ),
    ] = None,
    compact: Annotated[
        bool, typer.Option("--compact", "-c", help="Terminal view: one line per statement.")
    ] = False,
) -> None:
    """Analyse one German news article: summary, who is quoted, statements, speech events."""
    view = ViewOptions(
        fmt=format.value if format else None,
        lang=ui_lang.value,
        width=width,
        compact=compact,
    )
    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, model_dir=model_dir and str(model_dir)
    )
    text = analyze_to(file, output=output, view=view, settings=settings)
    if text is not None:
        sys.stdout.write(text)
