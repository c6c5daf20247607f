"""The pairing step as a PySpark job (local mode without a cluster, like ``quellenlage spark``).

The blocking keys become a DataFrame; a self-join on the key (keys held by more than ``cap``
items dropped, as in DuckDB) gives the candidate pairs, and the executors score them with the
same picklable scorer the DuckDB path calls, broadcast once. The result is collected sorted,
so it is exactly the list the DuckDB path produces.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from ...errors import require

ScoredPair = tuple[int, int, float]


def spark_session(master: str = "local[2]") -> Any:
    """A quiet local Spark session bound to loopback (no UI, no progress bars)."""
    require("pyspark", "spark")
    from pyspark.sql import SparkSession

    # Executors must run the same Python as the driver (and find this package).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName("quellenlage-provenance")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def scored_pairs_spark(
    spark: Any,
    keys: Sequence[tuple[int, str]],
    cap: int,
    scorer: Callable[[int, int], float],
    floor: float,
) -> list[ScoredPair]:
    """Candidate pairs of items sharing a key, scored on the executors, sorted."""
    functions = require("pyspark.sql.functions", "spark")
    types = require("pyspark.sql.types", "spark")
    schema = types.StructType(
        [
            types.StructField("item", types.LongType(), False),
            types.StructField("key", types.StringType(), False),
        ]
    )
    frame = spark.createDataFrame([(int(i), k) for i, k in keys], schema).distinct()
    sizes = (
        frame.groupBy("key")
        .count()
        .where((functions.col("count") >= 2) & (functions.col("count") <= cap))
    )
    kept = frame.join(sizes.select("key"), "key")
    a, b = kept.alias("a"), kept.alias("b")
    pairs = (
        a.join(
            b,
            (functions.col("a.key") == functions.col("b.key"))
            & (functions.col("a.item") < functions.col("b.item")),
        )
        .select(functions.col("a.item").alias("x"), functions.col("b.item").alias("y"))
        .distinct()
    )
    judge = spark.sparkContext.broadcast(scorer)
    scored = (
        pairs.rdd.map(lambda r: (int(r[0]), int(r[1]), round(judge.value(int(r[0]), int(r[1])), 6)))
        .filter(lambda t: t[2] >= floor)
        .collect()
    )
    judge.unpersist()
    return sorted(scored)
