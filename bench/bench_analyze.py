"""Time ``quellenlage.analyze`` on one article, on one core, after start-up.

Usage: python bench/bench_analyze.py [ARTICLE.txt] [--words 500] [--repeat 30]

Reports start-up (import + first analysis, which loads the models) and the median and p90
of later analyses. Without an article it builds a ~500-word one from the shipped example.
Pin to one core with ``taskset -c 0`` for a per-core figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def article_text(path: Path | None, words: int) -> str:
    """The article to time: the given file, or the example repeated up to ``words`` words."""
    if path is not None:
        return path.read_text("utf-8")
    base = (ROOT / "examples" / "beispiel.txt").read_text("utf-8")
    head, _, body = base.partition("\n\nTeilen")
    paragraphs = [p for p in body.split("\n\n") if len(p.split()) > 12]
    out = [head]
    while sum(len(p.split()) for p in out) < words:
        out.extend(paragraphs)
    return "\n\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", nargs="?", type=Path)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    text = article_text(args.article, args.words)

    t0 = time.perf_counter()
    import quellenlage

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    first = quellenlage.analyze(text)
    t_first = time.perf_counter() - t1
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        quellenlage.analyze(text)
        times.append(time.perf_counter() - t)
    times.sort()
    words = len(text.split())
    print(
        f"article: {words} words, {len(first.statements)} statements, "
        f"{len(first.speech_events)} speech events"
    )
    print(f"start-up: import {t_import:.3f} s, first analysis {t_first:.3f} s (loads models)")
    print(
        f"after start-up: median {statistics.median(times):.4f} s, "
        f"p90 {times[int(0.9 * (len(times) - 1))]:.4f} s over {len(times)} runs "
        f"({words / statistics.median(times):.0f} words/s)"
    )
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
