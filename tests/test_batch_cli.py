"""The corpus commands end to end: batch (exit codes), query and report (table, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")

from quellenlage.cli import app
from test_batch_runner import article, pipeline_ok, write_csv  # noqa: F401

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("pipeline_ok")
CSV_ARGS = ["--csv-sep", ";", "--csv-quote", "'", "--text-column", "2", "--no-progress"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("cli")
    data = write_csv(tmp / "k.csv", 8)
    db = tmp / "c.duckdb"
    res = runner.invoke(
        app, ["batch", str(data), "--db", str(db), "--outlet", "Bote", "-j", "2", *CSV_ARGS]
    )
    assert res.exit_code == 0, res.output
    assert "8 analysed, 0 errors" in res.output
    return db


def test_rerun_skips_and_errors_give_exit_code_2(store: Path, tmp_path: Path) -> None:
    data = store.parent / "k.csv"
    res = runner.invoke(app, ["batch", str(data), "--db", str(store), *CSV_ARGS])
    assert res.exit_code == 0 and "8 already stored" in res.output
    (tmp_path / "leer.txt").write_text("", "utf-8")
    (tmp_path / "gut.txt").write_text(article(3), "utf-8")
    res = runner.invoke(
        app, ["batch", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--no-progress"]
    )
    assert res.exit_code == 2, res.output
    assert "1 analysed, 1 errors (empty: 1)" in res.output


def test_query_formats(store: Path) -> None:
    sql = "SELECT outlet, count(*) AS n FROM articles GROUP BY outlet"
    res = runner.invoke(app, ["query", sql, "--db", str(store), "--format", "csv"])
    assert res.exit_code == 0
    assert list(csv.reader(io.StringIO(res.stdout))) == [["outlet", "n"], ["Bote", "8"]]
    res = runner.invoke(app, ["query", sql, "--db", str(store), "--format", "json"])
    assert json.loads(res.stdout) == [{"outlet": "Bote", "n": 8}]
    res = runner.invoke(app, ["query", sql, "--db", str(store)])
    assert "Bote" in res.stdout and "8" in res.stdout


def test_bad_sql_and_missing_store_are_one_line_errors(store: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["query", "SELECT nope FROM articles", "--db", str(store)])
    assert res.exit_code == 10
    assert res.output.startswith("quellenlage: error: query failed:")
    assert "Traceback" not in res.output
    res = runner.invoke(app, ["query", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 10 and "no store at" in res.output


def test_reports(store: Path) -> None:
    res = runner.invoke(app, ["report", "hearsay", "--db", str(store), "--format", "json"])
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert row["outlet"] == "Bote" and row["articles"] == 8 and row["statements"] >= 8
    shares = [
        row[k] for k in ("hearsay", "unverified", "denied", "confirmed", "attributed", "asserted")
    ]
    assert abs(sum(shares) - 1) < 0.01
    res = runner.invoke(app, ["report", "sources", "--db", str(store), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and set(rows[0]) == {"outlet", "source_type", "source", "events", "articles"}
    res = runner.invoke(app, ["report", "gerüchte", "--db", str(store)])
    assert res.exit_code != 0
