"""The typer application that every command module registers itself on.

Library errors become one line on stderr and their own exit code here, and only here; an OS
error that a command did not foresee (a full disk, a file where a folder should be) gets the
same treatment, so no command ever ends in a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand, TyperOption

from ..about import __version__
from ..errors import (
    InputNotFound,
    OutputIsDirectory,
    OutputNotWritable,
    QuellenlageError,
)


def tidy_help(command: Any) -> Any:
    """Help as people know it from other tools, for a whole command tree: ``FILE`` and
    ``[OPTIONS]`` in the usage line, ``PATH``/``INTEGER``/``[a|b]`` as value placeholders,
    nothing after a flag (this typer version would print ``{FILE}``, ``<str>``, ``<bool>``)."""
    if getattr(command, "_tidy", False):
        return command
    for param in getattr(command, "params", []):
        if isinstance(param, TyperArgument):
            # The argument's name is its placeholder; no type column beside it.
            # An instance attribute shadows the method: no type column beside an argument.
            param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]
            if param.metavar is None and param.name:
                param.metavar = param.name.upper()
        elif isinstance(param, TyperOption) and param.metavar is None:
            param.metavar = _placeholder(param)
    help_option = command.get_help_option
    usage_pieces = command.collect_usage_pieces

    def get_help_option(ctx: Any) -> Any:
        option = help_option(ctx)
        if option is not None and option.metavar is None:
            option.metavar = ""
        return option

    def collect_usage_pieces(ctx: Any) -> list[str]:
        return [p.replace("{", "").replace("}", "") for p in usage_pieces(ctx)]

    command.get_help_option = get_help_option
    command.collect_usage_pieces = collect_usage_pieces
    command._tidy = True
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)
    return command


class Command(TyperCommand):
    """A typer command with ``tidy_help`` applied (so CliRunner sees the same help)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tidy_help(self)


def _placeholder(param: TyperOption) -> str:
    """The value placeholder of an option: empty for a flag, the choices for an enum."""
    if getattr(param, "is_flag", False) or getattr(param, "is_bool_flag", False):
        return ""
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    if desc is not None and desc.is_path:
        return "PATH"
    annotation = getattr(desc, "annotation", str)
    return {int: "INTEGER", float: "NUMBER"}.get(annotation, "TEXT")


class App(typer.Typer):
    """The typer app whose commands all use ``Command`` (also those of other modules)."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or Command, **kwargs)


app = App(
    name="quellenlage",
    help=(
        "Who says what, according to whom, and how sure anyone is: German news sourcing.\n\n"
        "Example: quellenlage analyze examples/beispiel.txt"
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)

F = TypeVar("F", bound=Callable[..., Any])

ENGINE_HELP = (
    "Attribution engine: default (CRFs + rules), crf (CRFs alone), "
    "llm (OpenAI-compatible endpoint, QUELLENLAGE_LLM_URL), "
    "transformer (local model, QUELLENLAGE_TRANSFORMER_DIR)."
)

ModelDirOption = Annotated[
    Path | None,
    typer.Option(
        "--model-dir",
        help="Model folder from quellenlage train (default: $QUELLENLAGE_MODEL_DIR, "
        "else the shipped models).",
        metavar="DIR",
    ),
]
"""The ``--model-dir`` option of the commands that analyse (``Settings.model_dir``)."""


def _version(value: bool) -> None:
    if value:
        print(f"quellenlage {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Who says what, according to whom, and how sure anyone is: German news sourcing."""


def fail(message: str, code: int = 1) -> None:
    """One clear line on stderr and the exit code; never a traceback."""
    print(f"quellenlage: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def _os_error(exc: OSError) -> QuellenlageError:
    """An unforeseen OS error as the library error that fits it best."""
    where = f"{exc.filename}: " if exc.filename else ""
    why = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        return InputNotFound(f"{where}{why}")
    if isinstance(exc, (IsADirectoryError, NotADirectoryError, FileExistsError)):
        return OutputIsDirectory(f"{where}{why}")
    return OutputNotWritable(f"{where}{why}")


def cli_errors(func: F) -> F:
    """Turn library exceptions into one stderr line and their distinct exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuellenlageError as exc:
            fail(f"{exc} [{exc.code}]", exc.exit_code)
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except OSError as exc:
            err = _os_error(exc)
            fail(f"{err} [{err.code}]", err.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]  # wraps keeps the signature typer reads
