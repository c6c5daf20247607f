"""The Spark job (local mode) on 10kGNAD's 1,028 articles: articles/s, against the batch runner.

Usage:
    python bench/bench_spark.py [--data CSV] [--limit N] [--master local[2]]

Reports the job's wall time, Spark start-up (JVM, Python workers) included, and articles/s
over it; on one machine the batch runner is the faster tool, the Spark job exists for
clusters. Also checks that the job wrote one article row per input article.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from quellenlage.corpus.store import connect_readonly
from quellenlage.ingest.sources import SourceOptions

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "10kgnad-test.csv"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data} (../shared/data/10kgnad-test.csv)")
    from quellenlage.spark import AnalyzeJob

    with tempfile.TemporaryDirectory() as tmp:
        job = AnalyzeJob(
            inputs=[str(args.data)],
            out=str(Path(tmp) / "out"),
            sources=SourceOptions(csv_sep=";", csv_quote="'", text_column="2"),
            limit=args.limit,
            master=args.master,
        )
        t0 = time.perf_counter()
        counts = job.run()
        wall = time.perf_counter() - t0
        con = connect_readonly(None, Path(tmp) / "out")
        rows, distinct = con.execute(
            "SELECT count(*), count(DISTINCT doc_id) FROM articles"
        ).fetchone()
    print(f"data: {args.data.name}, limit: {args.limit or 'all'}, master: {args.master}")
    print(
        f"{counts['ok']} analysed, {counts['error']} errors in {wall:.1f} s "
        f"(incl. Spark start-up): {counts['ok'] / wall:.2f} articles/s; "
        f"{rows} article rows, {distinct} distinct"
    )


if __name__ == "__main__":
    main()
