"""``quellenlage serve``: the web page, the JSON API and, with ``--db``, the corpus pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import require
from ..settings import DEFAULT_SETTINGS, MiB
from ._app import app, cli_errors


@app.command()
@cli_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", "-p", help="TCP port."),
    db: Annotated[
        Path | None,
        typer.Option("--db", help="Corpus store (DuckDB) to browse, opened read-only."),
    ] = None,
    workers: int = typer.Option(0, "--workers", help="Analysis worker processes (0: up to 2)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds per analysis before 503."),
    max_body_mb: float = typer.Option(2.0, "--max-body-mb", help="Request body limit (MiB)."),
    engine: str = typer.Option("default", "--engine", help="Attribution engine."),
    model_dir: Annotated[
        Path | None,
        typer.Option("--model-dir", help="Model folder from quellenlage train (default: shipped)."),
    ] = None,
) -> None:
    """Serve a page to paste or upload an article, and the JSON API (POST /v1/analyze)."""
    require("fastapi", "serve")
    require("uvicorn", "serve")
    from ..server import run_server

    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, timeout=timeout, model_dir=model_dir and str(model_dir)
    )
    run_server(
        host=host,
        port=port,
        db=db,
        settings=settings,
        workers=workers or None,
        timeout=timeout,
        max_body_bytes=int(max_body_mb * MiB),
    )
