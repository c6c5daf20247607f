"""Cost per word against article length: is every stage linear? (issue 15, acceptance 2)

    python bench/bench_length.py                       # 2,000 / 5,000 / 10,000 / 20,000 words
    python bench/bench_length.py --words 2000 20000 --runs 5

Generated articles (``tests/longdoc.py``: invented text with quotes, indirect speech, laut
frames, evidential sollen, denials; many different speakers) go through every stage of the
pipeline in one process pinned to one core. For each length it reports the CPU time per
word of the whole pipeline and of each stage (the minimum over ``--runs`` rounds that
alternate the order of the lengths, after a warm-up, so that caches are warm and a busy
neighbour weighs less), and the ratio to the shortest article: 1.0 is linear, a quadratic
step grows with the length.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from longdoc import long_article  # noqa: E402  (the generator lives with the tests)
from quellenlage import pipeline, registry  # noqa: E402
from quellenlage.doc import Doc  # noqa: E402
from quellenlage.ingest import text_to_article  # noqa: E402
from quellenlage.settings import DEFAULT_SETTINGS  # noqa: E402


def costs(text: str, best: dict[str, float]) -> None:
    """Analyse ``text`` once; keep in ``best`` the least CPU seconds of each stage so far
    (with the cycle collector paused, as ``quellenlage.analyze`` runs)."""
    with pipeline._collector_paused():
        _costs(text, best)


def _costs(text: str, best: dict[str, float]) -> None:
    stages = pipeline.stages_for(DEFAULT_SETTINGS.engine)
    language = registry.get_stage(pipeline.LANGUAGE[0])
    t = time.process_time()
    article = text_to_article(text)
    best["ingest"] = min(best.get("ingest", 1e9), time.process_time() - t)
    doc = Doc(article.text, article=article)
    for st in (language, *stages):
        t = time.process_time()
        st(doc, DEFAULT_SETTINGS)
        best[st.name] = min(best.get(st.name, 1e9), time.process_time() - t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, nargs="+", default=[2000, 5000, 10000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sizes = sorted(args.words)
    texts = {n: long_article(n) for n in sizes}
    costs(texts[sizes[-1]], {})  # warm-up: models and caches
    best: dict[int, dict[str, float]] = {n: {} for n in sizes}
    # Rounds alternate the order of the lengths: a process runs a little slower as its heap
    # grows, which must not count against whichever length comes last.
    for r in range(args.runs):
        for n in sizes if r % 2 == 0 else reversed(sizes):
            costs(texts[n], best[n])
    results = {n: (len(texts[n].split()), best[n]) for n in sizes}
    base_words, base = results[sizes[0]]
    base_total = sum(base.values()) / base_words
    names = list(base)
    print(f"CPU µs per word (min of {args.runs}); ratio to {base_words} words in brackets")
    header = "".join(f"{results[n][0]:>16}" for n in sizes)
    print(f"{'stage':40s}{header}")
    rows = [("whole pipeline", lambda c, w: sum(c.values()) / w, base_total)]
    rows += [(name, lambda c, w, k=name: c[k] / w, base[name] / base_words) for name in names]
    for label, per_word, ref in rows:
        cells = ""
        for n in sizes:
            w, c = results[n]
            v = per_word(c, w)
            cells += f"{1e6 * v:9.1f} ({v / max(ref, 1e-12):4.2f})"
        print(f"{label:40s}{cells}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
