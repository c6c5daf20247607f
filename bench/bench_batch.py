"""Batch throughput (1 vs 2 workers), the kill -9 acceptance check, on 10kGNAD's 1,028 articles.

Usage:
    python bench/bench_batch.py [--data CSV] [--limit N] [--workers 1,2] [--kill-test]

For each worker count, a fresh DuckDB store gets the first ``--limit`` articles (all 1,028 by
default); reported are articles/s (after the pool has started, i.e. the run as a user sees
it), the speed-up of each count over the first, and the peak RSS of each worker.
``--kill-test`` runs the CLI, kills it with SIGKILL once a few transactions are committed,
re-runs it and checks the store holds every article exactly once (acceptance 1 of issue 4).
The Spark job on the same data: ``bench/bench_spark.py``.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quellenlage.corpus.batch import BatchOptions, run_batch
from quellenlage.corpus.store import DuckStore
from quellenlage.ingest.sources import SourceOptions

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "10kgnad-test.csv"
# 10kGNAD: `label;text`, ' as quote character, no header; the text is the 2nd column.
SOURCES = SourceOptions(csv_sep=";", csv_quote="'", text_column="2")
CLI_CSV = ["--csv-sep", ";", "--csv-quote", "'", "--text-column", "2"]


def throughput(data: Path, workers: int, limit: int | None, tmp: Path) -> dict[str, float]:
    """One batch run into a fresh store: articles/s and peak RSS per worker."""
    store = DuckStore(tmp / f"bench-{workers}.duckdb")
    opts = BatchOptions(workers=workers, limit=limit, count_first=False)
    t0, cpu0 = time.perf_counter(), time.process_time()
    summary = run_batch([data], store, sources=SOURCES, options=opts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    store.close()
    rss = sorted(summary.peak_rss_mb.values())
    return {
        "workers": workers,
        "articles": summary.ok,
        "errors": summary.errors,
        "seconds": wall,
        "parent_cpu": cpu,
        "rate": summary.ok / wall,
        "rss_max": max(rss or [0]),
        "rss_all": rss,
    }


def kill_test(data: Path, tmp: Path, kill_after_commits_bytes: int = 2_000_000) -> None:
    """Acceptance 1: kill -9 in the middle, re-run, exactly one row per article."""
    db = tmp / "kill.duckdb"
    cmd = [
        sys.executable,
        "-c",
        "from quellenlage.cli import main; main()",
        "batch",
        str(data),
        "--db",
        str(db),
        *CLI_CSV,
        "--no-progress",
    ]
    proc = subprocess.Popen(cmd, start_new_session=True)
    wal = Path(str(db) + ".wal")
    while proc.poll() is None and not (
        wal.exists() and wal.stat().st_size > kill_after_commits_bytes
    ):
        time.sleep(0.05)
    if proc.poll() is not None:
        raise SystemExit("the batch finished before it could be killed; lower the threshold")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    con = DuckStore(db, read_only=True)
    before = con.con.execute("SELECT count(*) FROM articles").fetchone()[0]
    con.close()
    print(f"killed with SIGKILL after {before} articles were committed; re-running ...")
    rerun = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
    print(rerun.stderr.strip().splitlines()[-1])
    con = DuckStore(db, read_only=True).con
    total, distinct = con.execute(
        "SELECT count(*), count(DISTINCT doc_id) FROM articles"
    ).fetchone()
    errors = con.execute("SELECT count(*) FROM errors").fetchone()[0]
    dup_children = con.execute(
        "SELECT count(*) - count(DISTINCT (doc_id, idx)) FROM statements"
    ).fetchone()[0]
    print(
        f"articles: {total} rows, {distinct} distinct ids; errors: {errors}; duplicate "
        f"statements: {dup_children}; exit code of the re-run: {rerun.returncode}"
    )
    ok = total == distinct == 1028 and errors == 0 and dup_children == 0
    print("acceptance 1:", "PASS" if ok else "FAIL")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--kill-test", action="store_true")
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"no data at {args.data} (../shared/data/10kgnad-test.csv)")
    with tempfile.TemporaryDirectory() as tmp:
        if args.kill_test:
            kill_test(args.data, Path(tmp))
            return
        results = [
            throughput(args.data, int(w), args.limit, Path(tmp)) for w in args.workers.split(",")
        ]
    base = results[0]["rate"]
    print(f"data: {args.data.name}, limit: {args.limit or 'all'}, cpus: {os.cpu_count()}")
    # Parent CPU: reading, hashing, IPC and DuckDB writes; it competes with the workers.
    print(
        "| workers | articles | errors | seconds | articles/s | speed-up | parent CPU s "
        "| peak RSS/worker MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        rss = ", ".join(f"{x:.0f}" for x in r["rss_all"])
        print(
            f"| {r['workers']} | {r['articles']} | {r['errors']} | {r['seconds']:.1f} | "
            f"{r['rate']:.2f} | {r['rate'] / base:.2f}x | {r['parent_cpu']:.1f} | {rss} |"
        )


if __name__ == "__main__":
    main()
