"""The PySpark job (local mode) writes the same rows as ``quellenlage batch`` on the same input."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("warcio", reason="the warc extra (warcio) is not installed")

from quellenlage.corpus.batch import BatchOptions, run_batch
from quellenlage.corpus.schema import TABLES
from quellenlage.corpus.store import DuckStore, connect_readonly
from quellenlage.ingest.sources import SourceOptions
from test_batch_runner import _table, article, pipeline_ok  # noqa: F401
from test_warc_ingest import build_warc

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="pyspark (pip install 'quellenlage[spark]') or a Java runtime is not installed",
)


def test_spark_schema_matches_the_store_schema() -> None:
    pytest.importorskip(
        "pyspark", reason="pyspark is not installed: pip install 'quellenlage[spark]'"
    )
    from quellenlage.spark import spark_schema

    for table, cols in TABLES.items():
        assert [f.name for f in spark_schema(table).fields] == [c.name for c in cols]


@pytest.mark.slow
@needs_spark
@pytest.mark.usefixtures("pipeline_ok")
def test_spark_gives_the_same_rows_as_batch(tmp_path: Path) -> None:
    from quellenlage.spark import AnalyzeJob

    inputs = tmp_path / "in"
    inputs.mkdir()
    build_warc(inputs / "crawl.warc.gz", cut_off=True)
    lines = [
        json.dumps({"id": f"n{i}", "text": article(i), "outlet": "Bote"}, ensure_ascii=False)
        for i in range(5)
    ]
    (inputs / "news.jsonl").write_text("\n".join([*lines, "{kaputt"]) + "\n", "utf-8")

    store = DuckStore(tmp_path / "batch.duckdb")
    summary = run_batch([inputs], store, options=BatchOptions(workers=2))
    store.close()
    assert summary.ok == 7

    out = tmp_path / "spark"
    counts = AnalyzeJob(
        inputs=[str(inputs)], out=str(out), sources=SourceOptions(), master="local[2]"
    ).run()
    assert counts == {"ok": summary.ok, "error": summary.errors, "skipped": summary.skipped}
    a = connect_readonly(tmp_path / "batch.duckdb", None)
    b = connect_readonly(None, out)
    for table in TABLES:
        rows = _table(a, table)
        assert rows == _table(b, table), table
    assert len(_table(b, "articles")) == 7 and len(_table(b, "errors")) == 5
