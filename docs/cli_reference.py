"""Write docs/cli.md, the command reference, from the CLI itself (run after changing options).

    python docs/cli_reference.py            # rewrite docs/cli.md
    python docs/cli_reference.py --check    # exit 1 when docs/cli.md is out of date

``tests/test_docs.py`` checks that every command and option appears in docs/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from quellenlage.cli import app
from quellenlage.cli._app import tidy_help

TARGET = Path(__file__).resolve().parent / "cli.md"

HEAD = """# Command reference

Generated from the CLI by `python docs/cli_reference.py` (run it after changing an option;
`tests/test_docs.py` fails while a command or option is missing here). Every command prints
the same with `--help`. Errors are one line on stderr with an exit code of their own (see
[the guide](guide.md#exit-codes)).
"""


def _commands(command: Any, path: str = "") -> list[tuple[str, Any]]:
    out = []
    subs = getattr(command, "commands", None)
    if subs:
        for name in sorted(subs) if path else list(subs):
            out += _commands(subs[name], f"{path} {name}".strip())
    else:
        out.append((path, command))
    return out


def _clean(text: str | None) -> str:
    return " ".join((text or "").replace("\\[", "[").split())


def _option_row(param: Any) -> str:
    names = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
    placeholder = param.metavar or ""
    default = param.default
    shown = ""
    if not param.is_flag and default not in (None, "", [], ()) and not callable(default):
        shown = f" (default: `{getattr(default, 'value', default)}`)"
    value = f" `{placeholder}`" if placeholder else ""
    row = f"{names}{value} | {_clean(param.help)}{shown}"
    return "| " + row.replace("|", "\\|").replace(" \\| ", " | ", 1) + " |"


def reference() -> str:
    """The Markdown reference of every command, argument and option."""
    root = tidy_help(typer.main.get_command(app))
    parts = [HEAD]
    for path, cmd in _commands(root):
        ctx = typer.Context(cmd, info_name=f"quellenlage {path}")
        usage = " ".join(cmd.collect_usage_pieces(ctx))
        parts.append(f"## `quellenlage {path}`\n")
        parts.append(_clean(cmd.help) + "\n")
        parts.append(f"```\nquellenlage {path} {usage}\n```\n")
        args = [p for p in cmd.params if p.param_type_name == "argument"]
        opts = [p for p in cmd.params if p.param_type_name == "option"]
        for p in args:
            parts.append(f"- `{p.metavar or p.name.upper()}`: {_clean(p.help)}")
        if args:
            parts.append("")
        if opts:
            parts.append("| option | meaning |\n| --- | --- |")
            parts += [_option_row(p) for p in opts]
            parts.append("")
        if cmd.epilog:
            parts.append(_clean(cmd.epilog) + "\n")
    return "\n".join(parts).rstrip() + "\n"


if __name__ == "__main__":
    text = reference()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.read_text("utf-8") == text else 1)
    TARGET.write_text(text, encoding="utf-8")
