"""Command-line interface: one module per command, each a thin wrapper over the API."""

from __future__ import annotations

import importlib

from ._app import app

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
    """Console entry point."""
    app()
