"""Whole-pipeline throughput on one core, beside another revision in the same run (issue 15).

    python bench/bench_throughput.py --base 5fdaaae            # 300 10kGNAD articles, 3 rounds
    python bench/bench_throughput.py --base main --articles 300 --rounds 5

Each round analyses the same articles (``quellenlage.analyze`` + JSON, as the batch does) once
with the working tree and once with ``--base`` (checked out into a temporary git worktree),
each in a fresh process pinned to one core, after the models are loaded. It reports CPU
seconds (``time.process_time``: the per-core cost, fair on a shared machine), whitespace
tokens per CPU second, and the ratio base/new of the median CPU times. Rounds alternate the
order, so a busy neighbour slows both sides alike.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("QUELLENLAGE_SHARED") or ROOT.parent / "shared")

_WORKER = r"""
import json, os, sys, time
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
import quellenlage
from quellenlage.errors import QuellenlageError
texts = json.load(open(sys.argv[1], encoding="utf-8"))
quellenlage.analyze("Der Sprecher sagte, es sei nichts entschieden worden.")  # load models
try:
    from quellenlage.sequence import backend
    kernels = backend()
except ImportError:
    kernels = "none"
t0 = time.process_time()
for text in texts:
    try:
        quellenlage.analyze(text).to_json()
    except QuellenlageError:
        pass
cpu = time.process_time() - t0
print(json.dumps({"cpu": cpu, "kernels": kernels}))
"""


def articles(n: int) -> list[str]:
    """The first ``n`` 10kGNAD test articles (text column)."""
    path = SHARED / "data" / "10kgnad-test.csv"
    if not path.is_file():
        sys.exit(f"{path} not found (set QUELLENLAGE_SHARED to the shared folder)")
    out: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter=";", quotechar="'"):
            if len(out) >= n:
                break
            out.append(row[1])
    return out


def run(src: Path, inputs: Path) -> dict[str, object]:
    """One timed pass in a fresh process with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src))
    res = subprocess.run(
        [sys.executable, "-c", _WORKER, str(inputs)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if res.returncode != 0:
        sys.exit(f"run with {src} failed:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = articles(args.articles)
    tokens = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory(prefix="ql-throughput-") as tmp:
        inputs = Path(tmp) / "inputs.json"
        inputs.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
        tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.base],
            check=True,
            capture_output=True,
        )
        try:
            cpu: dict[str, list[float]] = {"base": [], "new": []}
            kernels = "?"
            for r in range(args.rounds):
                order = ("base", "new") if r % 2 == 0 else ("new", "base")
                for side in order:
                    got = run(tree / "src" if side == "base" else ROOT / "src", inputs)
                    cpu[side].append(float(got["cpu"]))  # type: ignore[arg-type]  # JSON
                    if side == "new":
                        kernels = str(got["kernels"])
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)])
    base, new = statistics.median(cpu["base"]), statistics.median(cpu["new"])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(texts)} articles, {tokens} whitespace tokens, {args.rounds} rounds, one core")
    print(
        f"base {args.base}: CPU {base:.2f} s (runs {', '.join(f'{x:.2f}' for x in cpu['base'])})"
        f" = {tokens / base:,.0f} tokens/s"
    )
    print(
        f"new  (kernels: {kernels}): CPU {new:.2f} s (runs "
        f"{', '.join(f'{x:.2f}' for x in cpu['new'])}) = {tokens / new:,.0f} tokens/s"
    )
    print(f"throughput ratio new/base: {base / new:.2f}x  (load average {load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
