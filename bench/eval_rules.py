"""SpkAtt scores of the CRF engine with and without the repair rules (``attribute/rules.py``).

    python bench/eval_rules.py GOLD_DIR [--out DIR] [--limit N]

For every SpkAtt ``*.json`` in GOLD_DIR: ``annotate_tokens`` on its tokens, then the engine
``"crf"`` (the CRFs alone) and the engine ``"default"`` (the CRFs followed by ``refine``, what
analyze, spkatt predict and eval use). Both prediction sets are written with ``write_spkatt``
and scored with ``score_dirs``; the table shows Joint/Message/Roles F1 (full and simplified)
and the difference the rules make. Run it under ``nice``: it tags every document once.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from quellenlage.annotate import annotate_tokens
from quellenlage.attribute import get_engine
from quellenlage.eval.score import ScoreReport, score_dirs
from quellenlage.eval.spkatt import iter_dir, read_spkatt, write_spkatt


def predict(gold_dir: Path, out: Path, limit: int | None) -> None:
    """Write ``out/crf`` and ``out/rules`` predictions for the documents in ``gold_dir``."""
    crf, default = get_engine("crf"), get_engine("default")
    (out / "crf").mkdir(parents=True, exist_ok=True)
    (out / "rules").mkdir(parents=True, exist_ok=True)
    for n, path in enumerate(iter_dir(gold_dir)):
        if limit is not None and n >= limit:
            break
        gold = read_spkatt(path, annotations=False)
        doc = annotate_tokens(gold.sentences)
        write_spkatt(out / "crf" / path.name, path.stem, gold.sentences, crf(doc))
        write_spkatt(out / "rules" / path.name, path.stem, gold.sentences, default(doc))


def _row(report: ScoreReport, task: str) -> dict[str, float]:
    t = report.tasks[task]
    return {"joint": t.joint.f1 * 100, "message": t.message.f1 * 100, "roles": t.roles.f1 * 100}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--out", type=Path, default=None, help="keep the predictions here")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        predict(args.gold_dir, out, args.limit)
        gold = args.gold_dir
        if args.limit is not None:  # score only the documents predicted
            gold = out / "gold"
            gold.mkdir(exist_ok=True)
            for p in list(iter_dir(args.gold_dir))[: args.limit]:
                (gold / p.name).write_bytes(p.read_bytes())
        base = score_dirs(gold, out / "crf")
        ruled = score_dirs(gold, out / "rules")
    print(f"{'task':<11}{'measure':<9}{'CRF':>8}{'+rules':>8}{'diff':>8}")
    for task in ("full", "simplified"):
        a, b = _row(base, task), _row(ruled, task)
        for k in a:
            print(f"{task:<11}{k:<9}{a[k]:8.2f}{b[k]:8.2f}{b[k] - a[k]:+8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
