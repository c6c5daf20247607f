"""The pairing step: blocking keys → candidate pairs → scores, in DuckDB (default) or Spark.

Comparing every article (or claim occurrence) with every other grows quadratically; instead
each item gets blocking keys (distinctive words, names, numbers, MinHash LSH bands from
datasketch) and only items that share a key are compared. A key held by more than ``cap``
items says little and is dropped, which keeps the number of pairs close to linear in the
number of items. Both engines produce the same sorted list of ``(a, b)`` pairs, and the
scores come from the same pure Python function, so the clusters built on them are identical.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from ...errors import InvalidInput, require
from .spark_pairs import ScoredPair, scored_pairs_spark, spark_session

Pair = tuple[int, int]
Keys = Sequence[tuple[int, str]]  # (item, key)

ENGINES = ("duckdb", "spark", "python")
# MinHash: permutations per signature and the Jaccard similarity the LSH bands aim at.
NUM_PERM = 64


@cache
def _lsh_shape(threshold: float) -> tuple[int, int]:
    """Bands and rows per band that datasketch's MinHashLSH chooses for ``threshold``."""
    datasketch = require("datasketch", "provenance")
    lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return int(lsh.b), int(lsh.r)


def minhash_keys(prefix: str, shingles: list[set[str]], threshold: float) -> list[list[str]]:
    """LSH band keys of each shingle set: two sets share a key with a probability that rises
    steeply around Jaccard similarity ``threshold`` (datasketch MinHash, fixed seed)."""
    datasketch = require("datasketch", "provenance")
    bands, rows = _lsh_shape(threshold)
    out: list[list[str]] = []
    nonempty = [i for i, s in enumerate(shingles) if s]
    hashes = datasketch.MinHash.bulk(
        [[w.encode("utf-8") for w in sorted(shingles[i])] for i in nonempty],
        num_perm=NUM_PERM,
        seed=7,
    )
    by_item = dict(zip(nonempty, hashes, strict=True))
    for i in range(len(shingles)):
        mh = by_item.get(i)
        if mh is None:
            out.append([])
            continue
        values = mh.hashvalues
        out.append(
            [
                f"{prefix}{b}:" + "-".join(str(int(v)) for v in values[b * rows : (b + 1) * rows])
                for b in range(bands)
            ]
        )
    return out


def pairs_python(keys: Keys, cap: int) -> list[Pair]:
    """Candidate pairs in plain Python (the reference the engines are tested against)."""
    blocks: dict[str, set[int]] = defaultdict(set)
    for item, key in keys:
        blocks[key].add(item)
    found: set[Pair] = set()
    for members in blocks.values():
        if 2 <= len(members) <= cap:
            found.update(itertools.combinations(sorted(members), 2))
    return sorted(found)


def pairs_duckdb(keys: Keys, cap: int) -> list[Pair]:
    """Candidate pairs by a self-join in DuckDB (in memory; keys over ``cap`` items dropped)."""
    duckdb = require("duckdb", "store")
    pa = require("pyarrow", "store")
    con = duckdb.connect()
    try:
        table = pa.table(
            {"item": [k[0] for k in keys], "key": [k[1] for k in keys]},
            schema=pa.schema([("item", pa.int64()), ("key", pa.string())]),
        )
        con.register("block_keys", table)
        rows = con.execute(
            """
            WITH k AS (SELECT DISTINCT item, key FROM block_keys),
                 ok AS (SELECT key FROM k GROUP BY key HAVING count(*) BETWEEN 2 AND ?)
            SELECT DISTINCT a.item, b.item
            FROM k a JOIN ok USING (key) JOIN k b ON a.key = b.key AND a.item < b.item
            ORDER BY 1, 2
            """,
            [cap],
        ).fetchall()
    finally:
        con.close()
    return [(int(a), int(b)) for a, b in rows]


class Pairing:
    """The engine of the pairing step: ``duckdb`` (default), ``spark`` or ``python``."""

    def __init__(self, engine: str = "duckdb", master: str = "local[2]") -> None:
        if engine not in ENGINES:
            raise InvalidInput(
                f"unknown pairing engine {engine!r}; use one of {', '.join(ENGINES)}"
            )
        self.engine = engine
        self.master = master
        self._spark: Any = None

    def scored_pairs(
        self, keys: Keys, cap: int, scorer: Callable[[int, int], float], floor: float
    ) -> list[ScoredPair]:
        """Sorted candidate pairs ``(a, b, score)``, ``a < b``, whose score reaches ``floor``.

        ``scorer`` must be picklable (a top-level class instance): Spark ships it to its
        executors.
        """
        if not keys:
            return []
        if self.engine == "spark":
            if self._spark is None:
                self._spark = spark_session(self.master)
            return scored_pairs_spark(self._spark, keys, cap, scorer, floor)
        found = pairs_python(keys, cap) if self.engine == "python" else pairs_duckdb(keys, cap)
        out = []
        for a, b in found:
            s = round(scorer(a, b), 6)
            if s >= floor:
                out.append((a, b, s))
        return out

    def close(self) -> None:
        """Stop the Spark session, if one was started."""
        if self._spark is not None:
            self._spark.stop()
            self._spark = None
