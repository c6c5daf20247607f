"""Docs and CLI kept in step: the README's two commands, CI, and the documented commands."""

from __future__ import annotations

import re
from pathlib import Path

from quellenlage.cli import _COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def _first_block() -> list[str]:
    match = re.match(r"```bash\n(.*?)\n```", README, re.DOTALL)
    assert match, "README.md must start with a bash block of two commands"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_readme_starts_with_exactly_two_commands() -> None:
    install_run, install_test = _first_block()
    assert "pip install" in install_run and "quellenlage analyze examples/" in install_run
    example = install_run.split("quellenlage analyze ", 1)[1].split()[0]
    assert (ROOT / example).is_file()
    assert "pip install" in install_test and "pytest" in install_test


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert _first_block()[1] in ci


def test_every_command_is_documented() -> None:
    for name in _COMMANDS:
        assert f"quellenlage {name}" in README, f"README does not mention `quellenlage {name}`"
