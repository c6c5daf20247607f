"""Scoring a provenance result against gold: the figures of the issue's acceptance.

* **stories**: B-cubed precision, recall and F1 over the gold's articles;
* **claims**: pairwise F1 over the gold occurrences (two gold occurrences of one gold claim
  should share a predicted claim, two of different gold claims should not); a gold
  occurrence is the predicted occurrence of its article that overlaps it most (at least half
  of the shorter span), else unmatched;
* **citations**: F1 of (article, cited source, passage) against the gold's citations;
* **origin**: accuracy over the gold claims (kind and first article both right), comparing with
  the predicted claim that holds most of the gold claim's occurrences;
* **independent sources**: share of gold claims whose count the prediction gives exactly.

Gold format (JSON): ``stories`` {name: [article ids]}, ``claims`` [{id, origin,
origin_article, independent_sources, occurrences: [{article, text}]}], ``citations``
[{article, cited, text}], where each ``text`` is an exact substring of the stored article
text (the first match counts) or of a credit line the ingest removed.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ...errors import InvalidInput
from .outlets import outlet_key
from .result import ClaimOut, Provenance

Texts = dict[str, tuple[str, list[str]]]  # article id -> (text, removed furniture)


@dataclass(frozen=True, slots=True)
class Span:
    article: str
    start: int | None
    end: int | None
    text: str


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def locate(article: str, text: str, texts: Texts) -> Span:
    """Where a gold text stands: in the article text, else in its removed credit lines."""
    if article not in texts:
        raise InvalidInput(f"gold names article {article!r}, which the store does not hold")
    body, furniture = texts[article]
    at = body.find(text)
    if at >= 0:
        return Span(article, at, at + len(text), text)
    if any(text in f for f in furniture):
        return Span(article, None, None, text)
    raise InvalidInput(f"gold text not found in article {article!r}: {text[:60]!r}")


def b_cubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall, F1 of a clustering of the gold's items."""
    items = sorted(gold)
    gsize = Counter(gold[i] for i in items)
    psize = Counter(pred.get(i, f"\x00{i}") for i in items)
    both = Counter((gold[i], pred.get(i, f"\x00{i}")) for i in items)
    p = sum(
        both[(gold[i], pred.get(i, f"\x00{i}"))] / psize[pred.get(i, f"\x00{i}")] for i in items
    )
    r = sum(both[(gold[i], pred.get(i, f"\x00{i}"))] / gsize[gold[i]] for i in items)
    n = len(items) or 1
    return {"precision": p / n, "recall": r / n, "f1": _f1(p / n, r / n)}


def _match_occurrences(
    gold_claims: list[dict[str, Any]], result: Provenance, texts: Texts
) -> dict[tuple[int, int], tuple[str, int] | None]:
    """Gold occurrence (claim index, occurrence index) → (predicted claim id, occ index)."""
    by_article: dict[str, list[tuple[str, int, int, int]]] = {}
    for claim in result.claims:
        for k, o in enumerate(claim.occurrences):
            by_article.setdefault(o.article, []).append((claim.id, k, o.start, o.end))
    out: dict[tuple[int, int], tuple[str, int] | None] = {}
    for ci, gc in enumerate(gold_claims):
        for oi, go in enumerate(gc["occurrences"]):
            span = locate(go["article"], go["text"], texts)
            best: tuple[float, int, str, int] | None = None
            for cid, k, s, e in by_article.get(go["article"], []):
                if span.start is None or span.end is None:
                    continue
                overlap = min(e, span.end) - max(s, span.start)
                need = 0.5 * min(e - s, span.end - span.start)
                if overlap > 0 and overlap >= need:
                    cand = (-overlap / max(e - s, 1), e - s, cid, k)
                    if best is None or cand < (best[0], best[1], best[2], best[3]):
                        best = cand
            out[(ci, oi)] = (best[2], best[3]) if best else None
    return out


def claim_pairs(
    gold_claims: list[dict[str, Any]], matched: dict[tuple[int, int], tuple[str, int] | None]
) -> dict[str, float]:
    """Pairwise precision, recall and F1 over the gold occurrences."""
    keys = sorted(matched)
    tp = fp = fn = 0
    for a, b in itertools.combinations(keys, 2):
        same_gold = a[0] == b[0]
        ma, mb = matched[a], matched[b]
        same_pred = ma is not None and mb is not None and ma[0] == mb[0]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "gold_pairs": tp + fn}


def _predicted_claim(
    ci: int,
    gc: dict[str, Any],
    matched: dict[tuple[int, int], tuple[str, int] | None],
    claims: dict[str, ClaimOut],
) -> ClaimOut | None:
    hits = [matched[(ci, oi)] for oi in range(len(gc["occurrences"]))]
    ids = [h[0] for h in hits if h is not None]
    if not ids:
        return None
    count = Counter(ids)
    return claims[max(count, key=lambda c: (count[c], -ids.index(c)))]


def _same_name(a: str, b: str) -> bool:
    ka, kb = set(outlet_key(a).split()), set(outlet_key(b).split())
    return bool(ka) and bool(kb) and (ka <= kb or kb <= ka)


def citation_scores(
    gold: list[dict[str, Any]], result: Provenance, texts: Texts
) -> dict[str, float]:
    """F1 of the citations: same article, same cited source, overlapping passage."""
    articles = set(texts)
    pred = [c for c in result.citations if c.article in articles]
    used: set[int] = set()
    tp = 0
    for g in gold:
        span = locate(g["article"], g["text"], texts)
        for k, c in enumerate(pred):
            if k in used or c.article != g["article"] or not _same_name(c.cited, g["cited"]):
                continue
            if span.start is None or c.start is None or c.end is None or span.end is None:
                hit = span.start is None and c.start is None and g["text"] in c.text
            else:
                hit = c.start < span.end and span.start < c.end
            if hit:
                used.add(k)
                tp += 1
                break
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": p, "recall": r, "f1": _f1(p, r), "gold": len(gold), "predicted": len(pred)}


def score(result: Provenance, gold: dict[str, Any], texts: Texts) -> dict[str, Any]:
    """All figures: stories B³, claim pairwise, citations, origin, independent sources."""
    gold_story = {a: name for name, arts in gold.get("stories", {}).items() for a in arts}
    pred_story = {a: s.id for s in result.stories for a in s.articles}
    gold_claims = list(gold.get("claims", []))
    matched = _match_occurrences(gold_claims, result, texts)
    claims = {c.id: c for c in result.claims}
    origin_ok = sources_ok = 0
    for ci, gc in enumerate(gold_claims):
        pc = _predicted_claim(ci, gc, matched, claims)
        if pc is None:
            continue
        origin_ok += pc.origin == gc["origin"] and pc.origin_article == gc["origin_article"]
        sources_ok += pc.independent_sources == gc["independent_sources"]
    n = len(gold_claims) or 1
    return {
        "stories": b_cubed(gold_story, pred_story),
        "claims": claim_pairs(gold_claims, matched),
        "citations": citation_scores(list(gold.get("citations", [])), result, texts),
        "origin_accuracy": origin_ok / n,
        "independent_sources_exact": sources_ok / n,
        "occurrences_matched": sum(v is not None for v in matched.values()) / (len(matched) or 1),
    }


def texts_of(articles: list[Any]) -> Texts:
    """Article id → (text, removed furniture), from the read layer's records."""
    return {a.article_id: (a.text, list(a.furniture)) for a in articles}
