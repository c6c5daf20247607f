"""``quellenlage serve``: the web page, the JSON API and, with ``--db``, the corpus explorer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import require
from ..settings import DEFAULT_SETTINGS, MiB
from ._app import ENGINE_HELP, ModelDirOption, app, cli_errors
from .analyze import UILangChoice


@app.command(epilog="Example: `quellenlage serve --db corpus.duckdb --port 8080`")
@cli_errors
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on.", metavar="ADDRESS")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="TCP port.", metavar="PORT")] = 8000,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help="Corpus store (DuckDB) to explore, opened read-only.", metavar="FILE"
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=0, help="Analysis worker processes (0: up to 2).")
    ] = 0,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds per analysis before 503.")
    ] = 30.0,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.01, help="Request body limit (MiB).")
    ] = 2.0,
    engine: Annotated[str, typer.Option("--engine", help=ENGINE_HELP, metavar="NAME")] = "default",
    model_dir: ModelDirOption = None,
    ui_lang: Annotated[
        UILangChoice,
        typer.Option(
            "--ui-lang",
            help="Default language of the pages (readers switch with ?lang=); auto: German.",
        ),
    ] = UILangChoice.auto,
) -> None:
    """Serve a page to paste or upload an article, the JSON API (POST /v1/analyze) and,
    with --db, the corpus explorer."""
    require("fastapi", "serve")
    require("uvicorn", "serve")
    from .. import server  # the serve extra is optional: imported only when serving

    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, timeout=timeout, model_dir=model_dir and str(model_dir)
    )
    server.run_server(
        host=host,
        port=port,
        db=db,
        settings=settings,
        workers=workers or None,
        timeout=timeout,
        max_body_bytes=int(max_body_mb * MiB),
        ui_lang=ui_lang.value,
    )
