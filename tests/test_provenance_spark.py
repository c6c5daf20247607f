"""The pairing step as a PySpark job (local mode) gives the stories and claims of DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("datasketch", reason="the provenance extra (datasketch) is not installed")

from quellenlage.corpus.provenance import Options, compute
from quellenlage.corpus.provenance.pairing import pairs_duckdb, pairs_python
from quellenlage.corpus.store import DuckStore
from test_provenance import fixture_store  # noqa: F401
from test_spark_job import needs_spark


def test_duckdb_pairs_equal_the_python_reference() -> None:
    keys = [(0, "a"), (1, "a"), (2, "a"), (2, "b"), (3, "b"), (4, "c"), (1, "a")]
    keys += [(i, "big") for i in range(10)]
    assert (
        pairs_duckdb(keys, cap=4) == pairs_python(keys, cap=4) == [(0, 1), (0, 2), (1, 2), (2, 3)]
    )


@pytest.mark.slow
@needs_spark
def test_spark_gives_the_same_stories_and_claims(fixture_store: Path) -> None:  # noqa: F811
    con = DuckStore(fixture_store, read_only=True).con
    try:
        duck, _arts = compute(con, Options(engine="duckdb", rebuild=True))
        spark, _arts = compute(con, Options(engine="spark", master="local[2]", rebuild=True))
    finally:
        con.close()
    assert [s.model_dump() for s in spark.stories] == [s.model_dump() for s in duck.stories]
    assert [c.model_dump() for c in spark.claims] == [c.model_dump() for c in duck.claims]
    assert spark.to_json() == duck.to_json()
