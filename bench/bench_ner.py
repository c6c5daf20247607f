"""Benchmark of the learned NER: tokens per CPU second on one core, against the tagger.

Usage (the machine may be shared: compare the ratio, measured in the same run):

    python bench/bench_ner.py --gnad ../shared/data/10kgnad-test.csv [--limit 300] [--repeat 3]
    python bench/bench_ner.py --germeval ../shared/data/germeval2014-ner   # + held-out F1

Articles are tokenized and tagged first (not timed); then, on the same sentences, the tagger
alone (``Tagger.analyse``) and the NER alone (``NerModel.predict_batch``, one batch per
article, as ``doc_spans`` does) are timed by CPU time of this process, warm (second pass and
later: word caches filled) and cold (first pass). ``--model DIR`` benchmarks another model.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

from quellenlage.annotate import segment_article
from quellenlage.annotate.ner import load_ner
from quellenlage.annotate.ner.germeval import read_germeval, split
from quellenlage.annotate.ner.training import HELDOUT_SHARE, evaluate, tag_sentences
from quellenlage.annotate.tagger import load_tagger
from quellenlage.model import Article


def _articles(path: Path, limit: int) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8") as fh:
        rows = csv.reader(fh, delimiter=";", quotechar="'")
        return [row[1] for row in rows if len(row) > 1][:limit]


def bench_speed(texts: list[str], repeat: int, model_dir: Path | None) -> dict:
    """Tokens per CPU second of the tagger and of the NER on the same tokenized articles."""
    tagger, ner = load_tagger(), load_ner(model_dir)
    docs = [
        [[t.text for t in s.tokens] for s in segment_article(Article(text=t)).sentences]
        for t in texts
    ]
    tags = [[tagger.analyse(s)[0] for s in d] for d in docs]
    n = sum(len(s) for d in docs for s in d)
    ner_times, tag_times = [], []
    for _ in range(repeat):
        c0 = time.process_time()
        for d, tg in zip(docs, tags, strict=True):
            ner.predict_batch(d, tg)
        ner_times.append(time.process_time() - c0)
        c0 = time.process_time()
        for d in docs:
            for s in d:
                tagger.analyse(s)
        tag_times.append(time.process_time() - c0)
    ner_warm, tag_warm = n / min(ner_times), n / min(tag_times)
    return {
        "articles": len(docs),
        "tokens": n,
        "ner_tokens_per_cpu_s_cold": round(n / ner_times[0]),
        "ner_tokens_per_cpu_s_warm": round(ner_warm),
        "tagger_tokens_per_cpu_s_warm": round(tag_warm),
        "ner_over_tagger_warm": round(ner_warm / tag_warm, 2),
    }


def bench_heldout(data_dir: Path, model_dir: Path | None) -> dict:
    """Held-out scores of the model, recomputed (they should equal the metadata's)."""
    sentences = [s for f in sorted(data_dir.glob("*.tsv")) for s in read_germeval(f)]
    _, held = split(sentences, HELDOUT_SHARE)
    report = evaluate(load_ner(model_dir), held, tag_sentences(held))
    return {
        "heldout_sentences": report["sentences"],
        "entity_f1": {k: v["f1"] for k, v in report["all"]["entity"].items()},
        "token_f1": {k: v["f1"] for k, v in report["all"]["token"].items()},
        "news_entity_f1": {k: v["f1"] for k, v in report["news"]["entity"].items()},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gnad", type=Path, help="10kGNAD CSV (text in column 2)")
    ap.add_argument("--germeval", type=Path, help="GermEval 2014 folder: held-out scores")
    ap.add_argument("--model", type=Path, help="model folder (default: the shipped model)")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    out: dict = {}
    if args.gnad:
        out["speed"] = bench_speed(_articles(args.gnad, args.limit), args.repeat, args.model)
    if args.germeval:
        out["heldout"] = bench_heldout(args.germeval, args.model)
    if not out:
        ap.error("give --gnad and/or --germeval")
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
