"""``quellenlage train --data DIR``: rebuild the models into a model folder of your own."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from ..train import DEFAULT_OUT, train_models
from ._app import app, cli_errors


@app.command()
@cli_errors
def train(
    data: Annotated[Path, typer.Option("--data", help="Directory of SpkAtt train .json files.")],
    dev: Annotated[
        Path | None, typer.Option("--dev", help="SpkAtt dev directory: scores go into the meta.")
    ] = None,
    ud: Annotated[
        Path | None,
        typer.Option("--ud", help="UD German .conllu directory: also retrain the POS tagger."),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="Model folder to write (use it with --model-dir)."),
    ] = DEFAULT_OUT,
) -> None:
    """Train the attribution CRFs (and with --ud the tagger) on CPU into a model folder."""
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.0f}s] {msg}", file=sys.stderr)

    meta = train_models(data, out, dev=dev, ud=ud, log=log)
    print(
        f"wrote attribution model {meta['version']} to {out} in "
        f"{time.perf_counter() - started:.0f} s; run with: --model-dir {out} "
        f"(or QUELLENLAGE_MODEL_DIR={out})",
        file=sys.stderr,
    )
