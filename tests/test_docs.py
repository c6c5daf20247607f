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


# ------------------------------------------------------------------------ docs/ and the CLI

DOCS = ROOT / "docs"


def _docs_text() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(DOCS.glob("*.md")))


def _command_tree():
    import typer

    from quellenlage.cli import app

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, f"{path} {name}".strip())
        else:
            yield path, cmd

    yield from walk(typer.main.get_command(app), "")


def test_every_cli_command_and_option_is_in_the_docs() -> None:
    text = _docs_text()
    missing = []
    for path, cmd in _command_tree():
        if f"quellenlage {path}" not in text:
            missing.append(f"quellenlage {path}")
        for param in cmd.params:
            for opt in [*getattr(param, "opts", []), *getattr(param, "secondary_opts", [])]:
                if opt.startswith("--") and opt not in text:
                    missing.append(f"quellenlage {path} {opt}")
    assert not missing, f"not in docs/ (run python docs/cli_reference.py): {missing}"


def test_docs_links_point_at_files() -> None:
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)(?:#[^)]*)?\)", page.read_text("utf-8")):
            assert (DOCS / target).is_file(), (page.name, target)


def test_api_reference_builds_without_warnings(tmp_path: Path) -> None:
    import runpy

    import pytest

    pytest.importorskip("pdoc")
    build = runpy.run_path(str(DOCS / "build_api.py"))["build"]
    assert build(tmp_path) == []
    assert (tmp_path / "quellenlage" / "model.html").is_file()


def test_readme_curl_example_works() -> None:
    import json

    import pytest

    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from quellenlage.server import create_app

    line = next(x for x in README.splitlines() if x.startswith("curl ") and "/v1/analyze" in x)
    body = json.loads(re.search(r"-d '([^']*)'", line).group(1))
    r = TestClient(create_app(executor="thread")).post("/v1/analyze", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["statements"]


def test_recipe_queries_run(tmp_path: Path) -> None:
    import pytest

    pytest.importorskip("duckdb")
    from quellenlage.corpus.reports import run_query
    from quellenlage.corpus.schema import analysis_rows
    from quellenlage.corpus.store import DuckStore, connect_readonly
    from test_report_html import sample_analysis

    db = tmp_path / "c.duckdb"
    store = DuckStore(db)
    meta = {"doc_id": "d", "input": "x", "record": "", "input_format": "text"}
    store.write(analysis_rows(meta, sample_analysis(), 0.1))
    store.close()
    con = connect_readonly(db, None)
    queries = re.findall(
        r'quellenlage query "(.*?)" --db', (DOCS / "recipes.md").read_text("utf-8"), re.S
    )
    assert len(queries) >= 4
    for sql in queries:
        run_query(con, sql)  # raises InvalidInput on a broken recipe
