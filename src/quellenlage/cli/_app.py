"""The typer application that every command module registers itself on."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer

from ..errors import QuellenlageError

app = typer.Typer(
    name="quellenlage",
    help="Who says what, according to whom, and how sure anyone is: German news sourcing.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> None:
    """One clear line on stderr and the exit code; never a traceback."""
    print(f"quellenlage: error: {message}", file=sys.stderr)
    raise typer.Exit(code)


def cli_errors(func: F) -> F:
    """Turn library exceptions into one stderr line and their distinct exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuellenlageError as exc:
            fail(f"{exc} [{exc.code}]", exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]
