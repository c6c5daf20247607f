"""The PySpark job: the same per-document function over many files, Parquet out.

Like Common Crawl's cc-pyspark jobs: the driver lists the input files, each task reads its
files into records (``ingest.sources``), ``corpus.batch.process_record`` turns each record
into rows, and every table of ``corpus.schema.TABLES`` is written to ``OUT/<table>/`` with
the declared schema, the same layout ``quellenlage batch --out`` writes, so ``quellenlage
query --out OUT`` and the reports read both. Runs in local mode (``local[*]``) without a
cluster; pass ``master`` for a real one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .corpus.batch import DocResult, process_record
from .corpus.schema import TABLES
from .errors import require
from .ingest.sources import SourceOptions, expand_paths, iter_file
from .settings import DEFAULT_SETTINGS, Settings


def spark_schema(table: str) -> Any:
    """The Spark schema of ``table``, derived from ``corpus.schema.TABLES``."""
    t = require("pyspark.sql.types", "spark")
    types = {
        "str": t.StringType(),
        "int": t.LongType(),
        "bool": t.BooleanType(),
        "double": t.DoubleType(),
        "str[]": t.ArrayType(t.StringType()),
        "json": t.StringType(),
    }
    return t.StructType([t.StructField(c.name, types[c.type], True) for c in TABLES[table]])


@dataclass
class AnalyzeJob:
    """Inputs → records → ``process_record`` → one Parquet dataset per store table."""

    inputs: list[str]
    out: str
    sources: SourceOptions
    settings: Settings = DEFAULT_SETTINGS
    timeout_per_doc: float = 60.0
    default_outlet: str | None = None
    limit: int | None = None
    master: str = "local[*]"
    partitions: int = 0  # 0: Spark's default parallelism

    def records(self, path: str) -> Iterator[Any]:
        """The records of one input file (runs on the executors)."""
        yield from iter_file(Path(path), self.sources)

    def analyse(self, rec: Any) -> DocResult:
        """The per-record function: exactly what the batch workers run."""
        return process_record(
            rec,
            settings=self.settings,
            timeout=self.timeout_per_doc,
            default_outlet=self.default_outlet,
        )

    def run(self) -> dict[str, int]:
        """Run the job; returns how many records ended ok / error / skipped."""
        require("pyspark", "spark")
        from pyspark.sql import SparkSession

        files = [os.path.abspath(p) for p in expand_paths(self.inputs)]
        # Executors must run the same Python as the driver (and find this package).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        spark = (
            SparkSession.builder.master(self.master)
            .appName("quellenlage")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")
        try:
            return self._run(spark, files)
        finally:
            spark.stop()

    def _run(self, spark: Any, files: list[str]) -> dict[str, int]:
        sc = spark.sparkContext
        parts = self.partitions or sc.defaultParallelism
        records = sc.parallelize(files, max(1, len(files))).flatMap(self.records)
        if self.limit is not None:
            # The first N records in input order, as `batch --limit` takes them.
            records = records.zipWithIndex().filter(lambda x: x[1] < self.limit).keys()
        if len(files) < parts:
            records = records.repartition(parts)  # one big file must not be one task
        results = records.map(self.analyse).persist()
        try:
            for table in TABLES:
                names = [c.name for c in TABLES[table]]
                rows = results.flatMap(
                    lambda r, t=table, n=names: [
                        tuple(row[c] for c in n) for row in r.rows.get(t, [])
                    ]
                )
                frame = spark.createDataFrame(rows, spark_schema(table))
                frame.write.mode("overwrite").parquet(str(Path(self.out) / table))
            counts = results.map(lambda r: r.outcome).countByValue()
        finally:
            results.unpersist()
        return {k: int(counts.get(k, 0)) for k in ("ok", "error", "skipped")}
