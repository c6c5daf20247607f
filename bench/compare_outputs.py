"""Behaviour check between two revisions: same JSON, same SpkAtt predictions, CPU ratio.

A refactoring must not change what quellenlage says. This script analyses the same inputs
with the working tree and with another git revision (checked out into a temporary worktree)
and compares the results:

* the JSON of every fixture article (``tests/fixtures/articles``), ``examples/``, the founding
  example, the sourcing-dev articles and the first N 10kGNAD articles (when ``../shared`` is
  there), with the version fields (``engine``) removed;
* the SpkAtt dev predictions (``spkatt predict`` output), file by file;
* CPU seconds per run of each revision on the same inputs (one process each, run one after
  the other), reported as a ratio.

    python bench/compare_outputs.py --base b06d938            # compare HEAD's tree with b06d938
    python bench/compare_outputs.py --base main --gnad 300 --keep /tmp/cmp

Exit status 0 when everything is identical, 1 otherwise (the differing files are listed).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; QUELLENLAGE_SHARED names it for a git worktree elsewhere.
SHARED = Path(os.environ.get("QUELLENLAGE_SHARED") or ROOT.parent / "shared")
IGNORED_KEYS = ("engine",)


def _inputs(gnad: int) -> list[tuple[str, str]]:
    """(name, text) of every input, in a fixed order."""
    out: list[tuple[str, str]] = []
    for p in sorted((ROOT / "tests" / "fixtures" / "articles").glob("*.txt")):
        out.append((f"fixture-{p.stem}", p.read_text("utf-8")))
    for p in sorted((ROOT / "examples").glob("*.txt")):
        out.append((f"example-{p.stem}", p.read_text("utf-8")))
    for p in sorted((SHARED / "examples").glob("*.txt")):
        out.append((f"founding-{p.stem}", p.read_text("utf-8")))
    for p in sorted((SHARED / "data" / "sourcing-dev" / "articles").glob("*.txt")):
        out.append((f"srcdev-{p.stem}", p.read_text("utf-8")))
    csv_path = SHARED / "data" / "10kgnad-test.csv"
    if gnad and csv_path.is_file():
        with csv_path.open(encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.reader(fh, delimiter=";", quotechar="'")):
                if i >= gnad:
                    break
                out.append((f"gnad-{i:04d}", row[1]))
    return out


_WORKER = r"""
import json, sys, time, resource
from pathlib import Path
import quellenlage
from quellenlage.errors import QuellenlageError
inputs = json.load(open(sys.argv[1], encoding="utf-8"))
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
quellenlage.analyze("Der Sprecher sagte, es sei nichts entschieden worden.")  # load models
t0 = time.process_time()
words = 0
for name, text in inputs:
    try:
        data = json.loads(quellenlage.analyze(text).to_json())
        words += len(text.split())
    except QuellenlageError as exc:
        data = {"error": type(exc).__name__, "message": str(exc)}
    (out / (name + ".json")).write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
cpu = time.process_time() - t0
spk = Path(sys.argv[3]) if len(sys.argv) > 3 else None
if spk is not None and spk.is_dir():
    try:
        from quellenlage.evaluate import predict_dir
    except ImportError:  # revisions before the re-foundation
        from quellenlage.eval.predict import predict_dir
    predict_dir(spk, out / "spkatt")
print(json.dumps({"cpu": cpu, "words": words}))
"""


def _run(src: Path, inputs_file: Path, out: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(src))
    spk = SHARED / "data" / "spkatt-news" / "dev"
    args = [sys.executable, "-c", _WORKER, str(inputs_file), str(out), str(spk)]
    res = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"analysis with {src} failed:\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# Evidence labels renamed by the re-foundation (issue 9): one spelling for both sides.
# The laut rule of the CRF step and of the rules layer had one label; now each has its own.
_RENAMES = (
    (re.compile(r"^crf:(\w+)$"), r"model:crf-\1"),
    (re.compile(r"^source-type:(\w+):head="), r"source-type:\1="),
    (re.compile(r"^(rule:[\w-]+?)(?:-of)?:([es]\d+)$"), r"\1@\2"),
    (re.compile(r"^marker:(.+):negated$"), r"marker:\1=negated"),
    (re.compile(r"^rule:laut-(?:NP|np|cue-source)$"), "rule:laut"),
)


def _label(ev: str) -> str:
    for pattern, repl in _RENAMES:
        ev = pattern.sub(repl, ev)
    return ev


def _strip(data: object, key: str = "") -> object:
    if isinstance(data, dict):
        return {k: _strip(v, k) for k, v in data.items() if k not in IGNORED_KEYS}
    if isinstance(data, list) and key == "evidence":
        # the two laut labels, once one, may now both be listed: compare each label once
        return list(dict.fromkeys(_label(v) for v in data))
    if isinstance(data, list):
        return [_strip(v, key) for v in data]
    if key == "evidence" and isinstance(data, str):
        return _label(data)
    return data


def _compare(a: Path, b: Path) -> list[str]:
    """Relative paths of files that differ (or exist on one side only)."""
    names = {p.relative_to(a) for p in a.rglob("*.json")} | {
        p.relative_to(b) for p in b.rglob("*.json")
    }
    diff: list[str] = []
    for rel in sorted(names):
        pa, pb = a / rel, b / rel
        if not (pa.is_file() and pb.is_file()):
            diff.append(f"{rel} (only on one side)")
            continue
        ja = _strip(json.loads(pa.read_text("utf-8")))
        jb = _strip(json.loads(pb.read_text("utf-8")))
        if ja != jb:
            diff.append(str(rel))
    return diff


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, help="git revision to compare against")
    ap.add_argument("--gnad", type=int, default=200, help="10kGNAD articles to include")
    ap.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ql-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    inputs_file = work / "inputs.json"
    inputs_file.write_text(json.dumps(_inputs(args.gnad), ensure_ascii=False), "utf-8")
    base_tree = work / "base-tree"
    if not base_tree.exists():
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base_tree), args.base],
            check=True,
            capture_output=True,
        )
    try:
        t = time.time()
        old = _run(base_tree / "src", inputs_file, work / "base")
        new = _run(ROOT / "src", inputs_file, work / "new")
        diff = _compare(work / "base", work / "new")
    finally:
        if args.keep is None:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base_tree)]
            )
    n = len(json.loads(inputs_file.read_text("utf-8")))
    print(f"inputs: {n} articles + SpkAtt dev predictions ({time.time() - t:.0f} s)")
    print(
        f"cpu base {old['cpu']:.2f} s, new {new['cpu']:.2f} s for {new['words']} words: "
        f"new/base throughput ratio {old['cpu'] / max(new['cpu'], 1e-9):.3f}"
    )
    if diff:
        print(f"DIFFERENT: {len(diff)} files")
        for d in diff[:50]:
            print("  ", d)
        return 1
    print("identical: every analysis JSON (without version fields) and every SpkAtt prediction")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
