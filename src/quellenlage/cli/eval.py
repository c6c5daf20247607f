"""``quellenlage eval GOLD_DIR``: predict a gold SpkAtt folder, score it, check the floors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..evaluate import evaluate, load_floors
from ..settings import DEFAULT_SETTINGS
from ._app import ModelDirOption, app, cli_errors, fail
from .spkatt import print_report


@app.command("eval")
@cli_errors
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold SpkAtt .json files (e.g. dev).")],
    gate: Annotated[
        Path | None, typer.Option("--gate", help="Baseline JSON with floors to enforce.")
    ] = None,
    keep: Annotated[
        Path | None, typer.Option("--keep", help="Keep the predictions in this folder.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
    model_dir: ModelDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Evaluate the attribution engine on gold data (SpkAtt metric, both tasks, per Form)."""
    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, model_dir=model_dir and str(model_dir)
    )
    result = evaluate(
        gold_dir, settings=settings, floors=load_floors(gate) if gate else None, keep=keep
    )
    if as_json:
        print(json.dumps(result.report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_report(result.report, Console() if sys.stdout.isatty() else Console(width=120))
    for name, why in result.skipped:
        print(f"quellenlage: warning: skipped {name}: {why}", file=sys.stderr)
    if result.failures:
        fail("quality gate failed: " + "; ".join(result.failures), 2)
