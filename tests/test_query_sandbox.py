"""``quellenlage query`` cannot touch the file system: files outside the store are neither read
nor written, the store is not changed, and the lock cannot be undone from SQL; a normal query
still works, on a DuckDB store and on a Parquet store alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb")

from quellenlage.cli import app
from quellenlage.corpus.schema import analysis_rows
from quellenlage.corpus.store import DuckStore, ParquetStore, QueryRefused, connect_readonly
from test_report_html import sample_analysis

runner = CliRunner()
META = {"doc_id": "d0", "input": "x", "record": "", "input_format": "text"}


@pytest.fixture(scope="module", params=["duckdb", "parquet"])
def store_args(request, tmp_path_factory) -> list[str]:
    """``--db FILE`` or ``--out DIR`` of a store holding one analysed article."""
    root = tmp_path_factory.mktemp(request.param)
    rows = analysis_rows(META, sample_analysis(), 0.1)
    if request.param == "duckdb":
        st: DuckStore | ParquetStore = DuckStore(root / "c.duckdb")
        args = ["--db", str(root / "c.duckdb")]
    else:
        st = ParquetStore(root / "pq")
        args = ["--out", str(root / "pq")]
    st.write(rows)
    st.close()
    return args


def _refused(store_args: list[str], sql: str) -> str:
    """Run ``query``; assert it was refused with one line and exit 24; the line."""
    res = runner.invoke(app, ["query", sql, *store_args, "-f", "csv"])
    assert res.exit_code == QueryRefused.exit_code == 24, res.output
    assert "Traceback" not in res.output and res.output.count("\n") == 1, res.output
    assert res.output.startswith("quellenlage: error: refused") and "[refused]" in res.output
    return res.output


def _articles(store_args: list[str]) -> int:
    res = runner.invoke(
        app, ["query", "SELECT count(*) AS n FROM articles", *store_args, "-f", "csv"]
    )
    assert res.exit_code == 0, res.output
    return int(res.stdout.splitlines()[1])


def test_a_normal_select_still_works(store_args: list[str]) -> None:
    sql = (
        "SELECT a.doc_id, count(*) AS n FROM statements s JOIN articles a USING (doc_id) GROUP BY 1"
    )
    res = runner.invoke(app, ["query", sql, *store_args, "-f", "csv"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "doc_id,n" and lines[1].startswith("d0,") and int(lines[1][3:]) > 0
    for sql in ("DESCRIBE articles", "SHOW TABLES", "EXPLAIN SELECT 1", "FROM errors"):
        assert runner.invoke(app, ["query", sql, *store_args]).exit_code == 0, sql


def test_copy_to_writes_no_file(store_args: list[str], tmp_path: Path) -> None:
    target = tmp_path / "leak.csv"
    _refused(store_args, f"COPY (SELECT * FROM articles) TO '{target}'")
    assert not target.exists()


def test_copy_into_the_parquet_store_adds_no_rows(store_args: list[str]) -> None:
    """COPY onto one of the store's own part files (which the views must read) is refused too."""
    if store_args[0] == "--out":
        part = next((Path(store_args[1]) / "articles").glob("*.parquet"))
        sql = f"COPY (SELECT * FROM articles) TO '{part}' (FORMAT parquet, USE_TMP_FILE false)"
    else:
        sql = f"COPY articles FROM '{store_args[1]}'"
    _refused(store_args, sql)
    assert _articles(store_args) == 1


def test_export_database_writes_no_folder(store_args: list[str], tmp_path: Path) -> None:
    _refused(store_args, f"EXPORT DATABASE '{tmp_path / 'exp'}'")
    assert not (tmp_path / "exp").exists()


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT count(*) FROM articles, read_text('/etc/hostname')",
    ],
)
def test_reading_files_is_refused(store_args: list[str], sql: str) -> None:
    out = _refused(store_args, sql)
    assert "root:" not in out


@pytest.mark.parametrize(
    "sql",
    [
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "SET lock_configuration = false",
        "SELECT 1; SET enable_external_access = true; SELECT * FROM read_text('/etc/passwd')",
        "ATTACH '/tmp/quellenlage-attach.duckdb'",
        "INSTALL httpfs",
    ],
)
def test_undoing_the_sandbox_is_refused(store_args: list[str], sql: str) -> None:
    _refused(store_args, sql)


def test_the_engine_itself_refuses_not_only_the_statement_check(store_args: list[str]) -> None:
    """Below the statement check: the connection's own settings refuse files and re-enabling."""
    import duckdb

    con = connect_readonly(
        Path(store_args[1]) if store_args[0] == "--db" else None,
        Path(store_args[1]) if store_args[0] == "--out" else None,
    )
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    with pytest.raises(duckdb.PermissionException):
        con.execute("SELECT * FROM read_text('/etc/passwd')")
    with pytest.raises(duckdb.Error, match="locked"):
        con.execute("SET enable_external_access = true")
    con.close()
