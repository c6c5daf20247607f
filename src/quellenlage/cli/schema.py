"""``quellenlage schema``: print the JSON Schema generated from the data model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..model import json_schema_text
from ..render.outputs import write_output
from ._app import app, cli_errors


@app.command()
@cli_errors
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.", metavar="PATH")
    ] = None,
) -> None:
    """Print the JSON Schema of the analysis output."""
    if output is None:
        print(json_schema_text())
    else:
        write_output(output, json_schema_text() + "\n")
