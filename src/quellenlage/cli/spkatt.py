"""``quellenlage spkatt predict|score``: the GermEval 2023 SpkAtt news task on directories."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..eval.score import PRF, ScoreReport, Task, TaskScore, score_dirs
from ..evaluate import count_files, predict_dir
from ..model import FORMS
from ..settings import DEFAULT_SETTINGS
from ._app import ModelDirOption, app, cli_errors

spkatt_app = typer.Typer(
    name="spkatt",
    help="SpkAtt (GermEval 2023, news) files: predict speech events, score predictions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(spkatt_app, name="spkatt")

# Exit status of a run that wrote some files but had to skip others.
EXIT_PARTIAL = 2


class TaskChoice(StrEnum):
    full = "full"
    simplified = "simplified"
    both = "both"


_TASKS: dict[str, Task] = {"full": "full", "simplified": "simplified"}


@spkatt_app.command()
@cli_errors
def predict(
    in_dir: Annotated[
        Path, typer.Argument(help="Directory of SpkAtt .json files (tokens are read).")
    ],
    out_dir: Annotated[
        Path, typer.Argument(help="Directory to write predictions to (same file names).")
    ],
    engine: Annotated[str, typer.Option("--engine", help="Attribution engine.")] = "default",
    model_dir: ModelDirOption = None,
) -> None:
    """Predict speech events for every .json in IN_DIR; Annotations in the input are ignored."""
    settings = DEFAULT_SETTINGS.with_overrides(
        engine=engine, model_dir=model_dir and str(model_dir)
    )
    total = count_files(in_dir)
    err = Console(stderr=True)
    started = time.perf_counter()
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        bar = progress.add_task("predicting", total=total)
        result = predict_dir(
            in_dir, out_dir, settings=settings, on_file=lambda _p: progress.advance(bar)
        )
    seconds = time.perf_counter() - started
    for name, reason in result.skipped:
        print(f"quellenlage: skipped {name}: {reason}", file=sys.stderr)
    rate = f", {result.tokens / seconds:,.0f} tokens/s" if seconds > 0 and result.tokens else ""
    print(
        f"wrote {len(result.written)} of {total} files to {out_dir} "
        f"({result.events} events, {result.tokens} tokens, {seconds:.1f} s{rate})",
        file=sys.stderr,
    )
    if result.skipped:
        print(
            f"quellenlage: completed with errors: {len(result.skipped)} file(s) skipped",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PARTIAL)


@spkatt_app.command()
@cli_errors
def score(
    gold_dir: Annotated[Path, typer.Argument(help="Directory of gold SpkAtt .json files.")],
    pred_dir: Annotated[
        Path, typer.Argument(help="Directory of predicted files (same file names).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    task: Annotated[TaskChoice, typer.Option("--task", help="Which task to score.")] = (
        TaskChoice.both
    ),
) -> None:
    """Score predictions with the shared task's metric (Message, Roles, Joint; per Form)."""
    tasks: tuple[Task, ...] = (
        ("full", "simplified") if task is TaskChoice.both else (_TASKS[task.value],)
    )
    report = score_dirs(gold_dir, pred_dir, tasks=tasks)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        # Piped output is read in files and logs: do not wrap it at 80 columns.
        print_report(report, Console() if sys.stdout.isatty() else Console(width=120))
    if report.warnings:
        shown = report.warnings[:5]
        for w in shown:
            print(f"quellenlage: warning: {w}", file=sys.stderr)
        if len(report.warnings) > len(shown):
            print(
                f"quellenlage: warning: ... and {len(report.warnings) - len(shown)} more "
                "(all are in --json)",
                file=sys.stderr,
            )


def _pct(value: float) -> str:
    return f"{100 * value:.2f}"


def _prf_cells(prf: PRF) -> list[str]:
    return [_pct(prf.precision), _pct(prf.recall), _pct(prf.f1)]


def _task_table(score: TaskScore) -> Table:
    roles = "Roles" if score.task == "full" else "Source"
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("measure")
    for col in ("P", "R", "F1"):
        table.add_column(col, justify="right")
    table.add_row("Message", *_prf_cells(score.message))
    table.add_row(roles, *_prf_cells(score.roles))
    table.add_row("[bold]Joint[/bold]", *[f"[bold]{c}[/bold]" for c in _prf_cells(score.joint)])
    table.add_section()
    for part, prf in score.by_part.items():
        if part != "Message":
            table.add_row(f"  {part}", *_prf_cells(prf))
    table.add_section()
    table.add_row("Form", *_prf_cells(score.form))
    table.add_row("STWR", *_prf_cells(score.stwr))
    table.add_row("Form accuracy (pairs)", "", "", _pct(score.form_accuracy))
    return table


def _form_table(score: TaskScore) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Form", no_wrap=True)
    for col in ("gold", "pred", "Joint P", "Joint R", "Joint F1", "Form P", "Form R", "Form F1"):
        table.add_column(col, justify="right")
    for form in FORMS:
        fs = score.by_form[form]
        table.add_row(
            form, str(fs.gold), str(fs.pred), *_prf_cells(fs.joint), *_prf_cells(fs.label)
        )
    return table


def print_report(report: ScoreReport, console: Console) -> None:
    """The score report as rich tables: one per task, then one per-Form breakdown per task."""
    for score in report.tasks.values():
        console.print(
            f"[bold]{score.task} task[/bold]: {score.documents} documents, "
            f"{score.gold_events} gold / {score.pred_events} predicted events, "
            f"{score.pairs} pairs"
        )
        console.print(_task_table(score))
    for score in report.tasks.values():
        console.print(
            f"[bold]{score.task} task by Form[/bold] (Joint P over the predicted events of "
            "the Form, Joint R over its gold events)"
        )
        console.print(_form_table(score))
