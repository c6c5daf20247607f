"""The terminal view in a real pseudo-terminal (pexpect) at 80 and 120 columns: it adapts to
the terminal, no line is wider than the screen, and the summary is on the first screen."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "beispiel.txt"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def screen_lines(cols: int, rows: int = 24, *extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quellenlage", "analyze", str(EXAMPLE), *extra],
        dimensions=(rows, cols),
        env=env,
        encoding="utf-8",
        timeout=120,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = ANSI.sub("", child.before).replace("\r\n", "\n")
    return text.split("\n")


@pytest.mark.parametrize("cols", [80, 120])
def test_analyze_fits_the_terminal_with_the_summary_first(cols: int) -> None:
    lines = screen_lines(cols)
    too_wide = [(len(line), line) for line in lines if len(line) > cols]
    assert not too_wide, too_wide
    first_screen = "\n".join(lines[:24])
    assert "Aussagen nach Status" in first_screen
    assert "Wer zitiert wird" in first_screen
    # the view uses the width it has: some line comes close to the edge
    assert max(len(line) for line in lines) > cols - 15


def test_compact_mode_is_one_line_per_statement() -> None:
    lines = screen_lines(80, 24, "--compact")
    statements = [line for line in lines if re.match(r"^\s*\d+ \S ", line)]
    assert len(statements) == 18  # examples/beispiel.txt has 18 statements
    assert all(len(line) <= 80 for line in lines)


def test_width_option_overrides_the_terminal() -> None:
    lines = screen_lines(120, 24, "--width", "60")
    assert max(len(line) for line in lines) <= 60
