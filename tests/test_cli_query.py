"""``query`` and ``report`` output: fitted tables, Markdown, CSV/JSON/Excel by name, counts
next to percentages; and the store commands' file errors as one line each."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb")

from quellenlage.cli import app
from test_report_html import sample_analysis, xss_analysis

runner = CliRunner()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    from quellenlage.corpus.schema import analysis_rows
    from quellenlage.corpus.store import DuckStore

    path = tmp_path_factory.mktemp("q") / "corpus.duckdb"
    st = DuckStore(path)
    for i, a in enumerate([sample_analysis(), xss_analysis()]):
        st.write(
            analysis_rows(
                {"doc_id": f"d{i}", "input": "x", "record": "", "input_format": "text"}, a, 0.1
            )
        )
    st.close()
    return path


def test_query_table_cuts_long_cells_to_fit(store: Path) -> None:
    res = runner.invoke(
        app,
        ["query", "SELECT * FROM articles", "--db", str(store), "--max-col-width", "12"],
        env={"COLUMNS": "100"},
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "…" in res.stdout  # long cells end in an ellipsis instead of wrapping


def test_query_markdown_and_inferred_files(store: Path, tmp_path: Path) -> None:
    sql = "SELECT status, count(*) AS n FROM statements GROUP BY 1 ORDER BY 1"
    res = runner.invoke(app, ["query", sql, "--db", str(store), "-f", "md"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == ["| status | n |", "| --- | --- |"]
    csv_out = tmp_path / "s.csv"
    res = runner.invoke(app, ["query", sql, "--db", str(store), "-o", str(csv_out)])
    assert res.exit_code == 0 and res.stdout == ""
    assert csv_out.read_text("utf-8").startswith("status,n\n")
    xlsx = tmp_path / "s.xlsx"
    res = runner.invoke(app, ["query", sql, "--db", str(store), "-o", str(xlsx)])
    assert res.exit_code == 0, res.output
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert [c.value for c in next(ws.iter_rows())] == ["status", "n"]


def test_excel_to_stdout_is_refused(store: Path) -> None:
    res = runner.invoke(app, ["query", "SELECT 1", "--db", str(store), "-f", "xlsx"])
    assert res.exit_code == 10 and "needs a file" in res.output


def test_report_in_percent_with_counts(store: Path) -> None:
    res = runner.invoke(app, ["report", "hearsay", "--db", str(store), "-f", "md"])
    assert res.exit_code == 0, res.output
    header = res.stdout.splitlines()[0]
    assert "| hearsay | hearsay % |" in header
    row = next(line for line in res.stdout.splitlines() if line.startswith("| Beispielblatt"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    cols = [c.strip() for c in header.strip("|").split("|")]
    got = dict(zip(cols, cells, strict=True))
    assert got["hearsay"] == "2" and got["hearsay %"] == "20.0 %"
    res = runner.invoke(app, ["report", "hearsay", "--db", str(store), "-f", "json"])
    data = {r["outlet"]: r for r in json.loads(res.stdout)}
    assert data["Beispielblatt"]["hearsay"] == 0.2 and data["Beispielblatt"]["hearsay_n"] == 2


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["-o", "{tmp}/missing/r.csv"], 15, "does not exist"),
        (["-o", "{tmp}"], 16, "is a folder"),
        (["-o", "/proc/quellenlage.csv"], 17, "/proc"),
    ],
)
def test_report_output_errors(store: Path, tmp_path: Path, args, code, needle) -> None:
    args = [a.format(tmp=tmp_path) for a in args]
    res = runner.invoke(app, ["report", "hearsay", "--db", str(store), *args])
    assert res.exit_code == code, res.output
    assert needle in res.output and "Traceback" not in res.output
    assert res.output.count("\n") == 1


def test_batch_out_onto_an_existing_file_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("Der Minister sagte am Montag, die Lage sei ernst.\n", encoding="utf-8")
    target = tmp_path / "exists.parquet"
    target.write_text("not a folder", encoding="utf-8")
    res = runner.invoke(app, ["batch", str(src), "--out", str(target), "--no-progress"])
    assert res.exit_code == 16, res.output
    assert "Traceback" not in res.output and res.output.startswith("quellenlage: error:")
