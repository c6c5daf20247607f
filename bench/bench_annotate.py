"""Benchmark of the annotate stage: speed (tokens/s, one core), tokenizer agreement, tagger scores.

Usage (paths are arguments; nothing is read from ../shared implicitly):

    python bench/bench_annotate.py --gnad ../shared/data/10kgnad-test.csv \
        --spkatt ../shared/data/spkatt-news/train --ud ../shared/data/ud-german

* ``--gnad``: speed of tokenize + sentence split + tag on real articles (one process);
* ``--spkatt``: agreement of the tokenizer with the SpkAtt tokens (re-tokenizing detokenized
  sentences), and tagging speed on those fixed tokens;
* ``--ud``: tag / lemma / Konjunktiv figures of the shipped model on the given CoNLL-U files
  (the shipped model is trained on them: the held-out figures from training are printed too).
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

from quellenlage.annotate import annotate_text, annotate_tokens, segment_article
from quellenlage.annotate.tagger import load_tagger
from quellenlage.annotate.tagger.conllu import read_conllu
from quellenlage.annotate.tokenize import token_agreement
from quellenlage.model import Article


def bench_gnad(path: Path, limit: int, repeat: int) -> dict:
    """Tokens per second of tokenizing and of tokenizing + tagging real news articles."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8") as fh:
        texts = [row[1] for row in csv.reader(fh, delimiter=";", quotechar="'") if len(row) > 1]
    texts = texts[:limit]
    t0 = time.perf_counter()
    tagger = load_tagger()
    load_s = time.perf_counter() - t0
    annotate_text("Ein kurzer Satz zum Aufwärmen.")  # warm-up
    # CPU time of this process (the machine is shared: wall time would measure the others);
    # the first pass is cold (word caches empty), later passes are warm.
    seg_times, all_times, wall_times = [], [], []
    n_tokens = 0
    for _ in range(repeat):
        c0 = time.process_time()
        docs = [segment_article(Article(text=t)) for t in texts]
        seg_times.append(time.process_time() - c0)
        n_tokens = sum(len(s.tokens) for d in docs for s in d.sentences)
        c0, w0 = time.process_time(), time.perf_counter()
        for t in texts:
            tagger.tag_doc(segment_article(Article(text=t)))
        all_times.append(time.process_time() - c0)
        wall_times.append(time.perf_counter() - w0)
    seg = min(seg_times)
    return {
        "articles": len(texts),
        "tokens": n_tokens,
        "model_load_s": round(load_s, 3),
        "tokenize_tokens_per_cpu_s": round(n_tokens / seg),
        "tokenize_tag_tokens_per_cpu_s_cold": round(n_tokens / all_times[0]),
        "tokenize_tag_tokens_per_cpu_s_warm": round(n_tokens / min(all_times)),
        "tokenize_tag_tokens_per_wall_s_warm": round(n_tokens / min(wall_times)),
        "cpu_ms_per_500_tokens_cold": round(1000 * all_times[0] / n_tokens * 500, 1),
    }


def bench_spkatt(path: Path, limit: int) -> dict:
    """Tokenizer agreement with SpkAtt, and tagging speed on the fixed SpkAtt tokens."""
    files = sorted(path.glob("*.json"))[:limit]
    docs = [[s["Tokens"] for s in json.loads(f.read_text("utf-8"))["Sentences"]] for f in files]
    result = token_agreement([s for d in docs for s in d])
    load_tagger()
    c0 = time.process_time()
    n = 0
    for sents in docs:
        doc = annotate_tokens(sents)
        n += sum(len(s.tokens) for s in doc.sentences)
    result["tag_fixed_tokens_per_cpu_s"] = round(n / (time.process_time() - c0))
    return result


def bench_ud(path: Path) -> dict:
    """Figures of the shipped model on gold CoNLL-U (seen in training: an upper bound)."""
    tagger = load_tagger()
    out: dict = {"heldout_from_training": tagger.meta.get("heldout")}
    for f in sorted(path.glob("*.conllu")):
        sents = read_conllu(f)
        n = tag_ok = lem_ok = 0
        times = []
        for s in sents:
            words = [t.form for t in s]
            c0 = time.process_time()
            tags, lemmas, _ = tagger.analyse(words)
            times.append(time.process_time() - c0)
            for g, tag, lem in zip(s, tags, lemmas, strict=True):
                n += 1
                tag_ok += tag == g.xpos
                lem_ok += lem.lower() == g.lemma.lower()
        out[f.name] = {
            "tokens": n,
            "tag_accuracy_seen": round(tag_ok / n, 4),
            "lemma_accuracy_seen": round(lem_ok / n, 4),
            "tag_tokens_per_cpu_s": round(n / sum(times)),
            "median_sentence_ms": round(1000 * statistics.median(times), 3),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gnad", type=Path, help="10kGNAD CSV (label;text) for speed")
    ap.add_argument("--spkatt", type=Path, help="SpkAtt JSON folder for tokenizer agreement")
    ap.add_argument("--ud", type=Path, help="folder of UD German CoNLL-U files")
    ap.add_argument("--limit", type=int, default=300, help="articles / files to use")
    ap.add_argument("--repeat", type=int, default=3, help="speed runs (the best is kept)")
    args = ap.parse_args(argv)
    if not (args.gnad or args.spkatt or args.ud):
        ap.error("give at least one of --gnad, --spkatt, --ud")
    report: dict = {}
    if args.gnad:
        report["gnad_speed"] = bench_gnad(args.gnad, args.limit, args.repeat)
    if args.spkatt:
        report["spkatt"] = bench_spkatt(args.spkatt, args.limit)
    if args.ud:
        report["ud"] = bench_ud(args.ud)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
