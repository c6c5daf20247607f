"""Speed of the whole attribution engine: annotate_tokens (tagging) + the default engine.

    python bench/bench_engine.py DATA_DIR [--repeat N] [--engine NAME]

Reads every SpkAtt ``*.json`` in DATA_DIR, loads the tagger and the engine once (start-up is
timed separately), then times ``annotate_tokens`` + engine on every document in one process
and reports tokens per second of CPU time (the per-core figure; the process is single-threaded
and pinned to one core) and of wall-clock time, which a shared machine makes pessimistic.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the data")
    ap.add_argument("--engine", default="default")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    docs = []
    for f in sorted(args.data_dir.glob("*.json")):
        data = json.loads(f.read_text("utf-8"))
        docs.append([list(s["Tokens"]) for s in data["Sentences"]])
    if not docs:
        print(f"no *.json files in {args.data_dir}", file=sys.stderr)
        return 2
    ntok = sum(len(s) for d in docs for s in d)

    t0 = time.perf_counter()
    from quellenlage.annotate import annotate_tokens
    from quellenlage.attribute import get_engine

    engine = get_engine(args.engine)
    engine(annotate_tokens(docs[0]))  # loads tagger and models
    startup = time.perf_counter() - t0

    # CPU time of this single-threaded process is the per-core cost even when other jobs
    # share the machine; wall-clock rates are reported beside it.
    rates, wall_rates, tag_share = [], [], []
    events = 0
    for _ in range(args.repeat):
        t_tag = t_eng = 0.0
        events = 0
        w0 = time.perf_counter()
        for sents in docs:
            a = time.process_time()
            doc = annotate_tokens(sents)
            b = time.process_time()
            events += len(engine(doc))
            c = time.process_time()
            t_tag += b - a
            t_eng += c - b
        wall_rates.append(ntok / (time.perf_counter() - w0))
        rates.append(ntok / (t_tag + t_eng))
        tag_share.append(t_tag / (t_tag + t_eng))
    print(
        json.dumps(
            {
                "documents": len(docs),
                "tokens": ntok,
                "events": events,
                "startup_s": round(startup, 2),
                "tokens_per_s_per_core": round(statistics.median(rates)),
                "tokens_per_s_all_passes": [round(r) for r in rates],
                "tokens_per_s_wall_clock": [round(r) for r in wall_rates],
                "tagging_share": round(statistics.median(tag_share), 3),
                "engine": args.engine,
                "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
