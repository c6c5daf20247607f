"""The real-text sourcing dev set: analyse every article, run its scorer, print its line.

    python bench/eval_sources.py                      # the scorer's last line
    python bench/eval_sources.py --details            # every imperfect event, breakdowns
    python bench/eval_sources.py --out /tmp/srcdev    # keep the JSON outputs

The set is ``../shared/data/sourcing-dev`` (40 derStandard articles, 650 hand-annotated
events; its README documents the gold conventions and the scorer, the same metric as the
held-out measurement). The JSON written is exactly ``quellenlage analyze FILE --format json``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import quellenlage

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "sourcing-dev"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, help="folder for the JSON outputs (default: temporary)")
    ap.add_argument("--details", action="store_true", help="print the scorer's full report")
    args = ap.parse_args()
    if not DEV.is_dir():
        print(f"needs {DEV}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="ql-srcdev-"))
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.process_time()
    for path in sorted((DEV / "articles").glob("*.txt")):
        analysis = quellenlage.analyze_file(path)
        (out / f"{path.stem}.json").write_text(analysis.to_json(), "utf-8")
    cpu = time.process_time() - t0
    cmd = [sys.executable, str(DEV / "check_sources.py"), str(DEV / "articles"), str(out)]
    res = subprocess.run(
        [*cmd, *(["--details"] if args.details else [])], capture_output=True, text=True
    )
    if res.returncode != 0:
        print(res.stdout + res.stderr, file=sys.stderr)
        return res.returncode
    lines = res.stdout.strip().splitlines()
    print("\n".join(lines) if args.details else lines[-1])
    print(f"({cpu:.1f} s CPU for 40 articles; outputs in {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
