"""Precision, recall and F1 of BIO label sequences, per entity type and micro-averaged.

Two views: entity level (CoNLL style: a predicted span counts only with the exact gold
boundaries and type) and token level (each token's type, ignoring B/I; O tokens are not
scored).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, type) of the spans of a BIO sequence; a stray ``I-`` starts one."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, lab in enumerate([*labels, "O"]):
        if lab == "O" or lab.startswith("B-") or lab[2:] != kind:
            if kind:
                spans.append((start, i, kind))
            start, kind = (i, lab[2:]) if lab != "O" else (-1, "")
    return spans


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(100 * p, 2),
        "recall": round(100 * r, 2),
        "f1": round(100 * f, 2),
        "support": tp + fn,
    }


def _table(
    tp: Counter[str], fp: Counter[str], fn: Counter[str], types: Sequence[str]
) -> dict[str, dict[str, float | int]]:
    out = {t: _prf(tp[t], fp[t], fn[t]) for t in types}
    out["micro"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return out


def score(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], types: Sequence[str]
) -> dict[str, dict[str, dict[str, float | int]]]:
    """``{"entity": {type: P/R/F1/support, "micro": ...}, "token": {...}}`` in percent."""
    etp: Counter[str] = Counter()
    efp: Counter[str] = Counter()
    efn: Counter[str] = Counter()
    ttp: Counter[str] = Counter()
    tfp: Counter[str] = Counter()
    tfn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"gold has {len(g)} labels, prediction {len(p)}")
        gs, ps = set(bio_spans(g)), set(bio_spans(p))
        for _, _, t in gs & ps:
            etp[t] += 1
        for _, _, t in ps - gs:
            efp[t] += 1
        for _, _, t in gs - ps:
            efn[t] += 1
        for a, b in zip(g, p, strict=True):
            ga, pb = a[2:], b[2:]
            if ga and ga == pb:
                ttp[ga] += 1
                continue
            if pb:
                tfp[pb] += 1
            if ga:
                tfn[ga] += 1
    return {"entity": _table(etp, efp, efn, types), "token": _table(ttp, tfp, tfn, types)}
