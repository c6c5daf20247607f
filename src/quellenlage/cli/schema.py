"""``quellenlage schema``: print the JSON Schema generated from the data model."""

from __future__ import annotations

from ..model import json_schema_text
from ._app import app


@app.command()
def schema() -> None:
    """Print the JSON Schema of the analysis output (see ``model.SCHEMA_VERSION``)."""
    print(json_schema_text())
