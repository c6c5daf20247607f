"""Command-line interface: one module per command, each a thin wrapper over the API."""

from __future__ import annotations

import importlib

import typer

from ._app import app, tidy_help

# Each module registers its command(s) on ``app`` when imported.
_COMMANDS = [
    "analyze",
    "schema",
    "train",
    "spkatt",
    "eval",
    "batch",
    "query",
    "report",
    "spark",
    "serve",
    "provenance",
]

for _name in _COMMANDS:
    importlib.import_module(f"{__name__}.{_name}")


def main() -> None:
    """Console entry point (the help of every command and group tidied, see ``tidy_help``)."""
    tidy_help(typer.main.get_command(app))(prog_name="quellenlage")
