"""The store's limits: one writer at a time (Parquet by a lock file, DuckDB by its own lock),
each refused writer a one-line error with exit code 25, and a damaged DuckDB file a one-line
error instead of a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from quellenlage.cli import app
from quellenlage.corpus.store import (
    DuckStore,
    ParquetStore,
    StoreLocked,
    connect_readonly,
    parts,
)
from test_batch_runner import write_csv

runner = CliRunner()
CSV_ARGS = ["--csv-sep", ";", "--csv-quote", "'", "--text-column", "2", "--no-progress"]
CLI = [sys.executable, "-c", "from quellenlage.cli import main; main()"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}


def _one_line_error(output: str) -> None:
    assert "Traceback" not in output, output
    assert output.startswith("quellenlage: error:") and output.count("\n") == 1, output


def test_two_concurrent_parquet_writers(tmp_path: Path) -> None:
    """Two batch runs started together on one Parquet store: one writes every document, the
    other stops at once with the lock message; no document is stored twice."""
    n = 16
    data = write_csv(tmp_path / "k.csv", n)
    out = tmp_path / "pq"
    cmd = [*CLI, "batch", str(data), "--out", str(out), "-j", "1", "--commit-every", "2", *CSV_ARGS]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    codes = sorted(rc for rc, _ in results)
    assert codes == [0, StoreLocked.exit_code], results
    loser = next(err for rc, err in results if rc == StoreLocked.exit_code)
    _one_line_error(loser)
    assert "being written by another process" in loser and "[store_locked]" in loser
    con = connect_readonly(None, out)
    assert con.execute("SELECT count(*), count(DISTINCT doc_id) FROM articles").fetchone() == (
        n,
        n,
    )
    assert con.execute(
        "SELECT count(*) = count(DISTINCT (doc_id, idx)) FROM statements"
    ).fetchone() == (True,)


def test_parquet_lock_is_released_on_close_and_on_kill_9(tmp_path: Path) -> None:
    out = tmp_path / "pq"
    first = ParquetStore(out)
    with pytest.raises(StoreLocked, match="one writer at a time"):
        ParquetStore(out)
    first.close()
    ParquetStore(out).close()
    # A writer killed with SIGKILL leaves no stale lock: the kernel drops a flock with its owner.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from quellenlage.corpus.store import ParquetStore; "
            f"s = ParquetStore({str(out)!r}); print('locked', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert holder.stdout.readline().strip() == "locked"  # type: ignore[union-attr]
    with pytest.raises(StoreLocked):
        ParquetStore(out)
    holder.kill()
    holder.wait()
    ParquetStore(out).close()


def test_readers_ignore_a_writers_temporary_files(tmp_path: Path) -> None:
    """A part being written (``.tmp-*``) is neither a committed part nor visible to queries."""
    out = tmp_path / "pq"
    ParquetStore(out).close()
    shutil.copy(
        Path(__file__).parent / "test_store_limits.py", out / "articles" / ".tmp-q-x.parquet"
    )
    assert parts(out / "articles") == []
    assert connect_readonly(None, out).execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_second_duckdb_writer_is_one_line_with_exit_code_25(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    DuckStore(db).close()
    src = tmp_path / "a.txt"
    src.write_text("Der Minister sagte am Montag, die Lage sei ernst.\n", encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from quellenlage.corpus.store import DuckStore; "
            f"s = DuckStore({str(db)!r}); print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert holder.stdout.readline().strip() == "open"  # type: ignore[union-attr]
        res = runner.invoke(app, ["batch", str(src), "--db", str(db), "--no-progress"])
    finally:
        holder.kill()
        holder.wait()
    assert res.exit_code == 25, res.output
    _one_line_error(res.output)
    assert "being written by another process" in res.output


@pytest.mark.parametrize("damage", ["garbage", "truncated_header", "truncated_half"])
def test_batch_on_a_damaged_duckdb_file(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "c.duckdb"
    if damage == "garbage":
        db.write_bytes(os.urandom(20_000))
    else:
        DuckStore(db).close()
        size = db.stat().st_size
        os.truncate(db, 100 if damage == "truncated_header" else size // 2)
    src = tmp_path / "a.txt"
    src.write_text("Der Minister sagte am Montag, die Lage sei ernst.\n", encoding="utf-8")
    res = runner.invoke(app, ["batch", str(src), "--db", str(db), "--no-progress"])
    assert res.exit_code == 10, res.output
    _one_line_error(res.output)
    assert str(db) in res.output and "[invalid]" in res.output
