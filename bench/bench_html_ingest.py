"""HTML ingest on real pages: CPU time per page (ingest only) and outputs for the html-dev scorer.

Usage:
  python bench/bench_html_ingest.py [--data ../shared/data/html-dev] [--repeat 5] [--out DIR]

For every page of ``DATA/pages`` it runs ``quellenlage.ingest.read_bytes`` (decode + HTML →
``Article``) ``--repeat`` times and takes the median of the *process CPU time*
(``time.process_time``), so that other work on a shared machine does not count; the last line
is the median over the pages. With ``--out`` it also writes ``OUT/<page>.json`` exactly as
``quellenlage analyze PAGE --format json`` does (a failing page writes nothing, a crash for the
scorer), so that ``python3 DATA/check_html.py OUT`` scores the same run. Pin it to one core
with ``taskset -c 0`` for a per-core figure.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "html-dev"


def _cpu_ms(fn: object, data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        with contextlib.suppress(Exception):  # a refused page costs its time too
            fn(data)  # type: ignore[operator]
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, help="also write analyze JSON per page here")
    args = ap.parse_args()
    pages = sorted((args.data / "pages").glob("*.html"))
    if not pages:
        print(f"no pages in {args.data / 'pages'}", file=sys.stderr)
        return 1
    from quellenlage.errors import QuellenlageError
    from quellenlage.ingest import read_bytes
    from quellenlage.pipeline import analyze_article
    from quellenlage.render import render

    def ingest(data: bytes) -> object:
        return read_bytes(data, name="page")

    ingest(pages[0].read_bytes())  # warm-up: imports, lexicons
    per_page: list[float] = []
    for page in pages:
        data = page.read_bytes()
        ms = _cpu_ms(ingest, data, args.repeat)
        per_page.append(ms)
        line = f"{page.name:55s} {ms:7.1f} ms"
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            target = args.out / f"{page.name}.json"
            target.unlink(missing_ok=True)
            try:
                article = read_bytes(data, name=str(page))
                target.write_text(render(analyze_article(article), "json"), encoding="utf-8")
            except QuellenlageError as exc:
                line += f"  error: {exc.code}: {exc}"
        print(line)
    print(
        f"{len(pages)} pages, ingest CPU per page: median {statistics.median(per_page):.1f} ms, "
        f"p90 {sorted(per_page)[int(0.9 * (len(per_page) - 1))]:.1f} ms, "
        f"max {max(per_page):.1f} ms (repeat {args.repeat}, process CPU time)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
