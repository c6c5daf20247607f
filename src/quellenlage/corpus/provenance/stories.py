"""Stories: articles about the same event.

Each article becomes a TF-IDF vector of its content stems and named entities (title and lead
count twice, the outlet's own name and dateline not at all). Articles are compared only when
they share a blocking key (one of their most distinctive terms, or a MinHash LSH band of their
term set), and the similarity is the cosine, lowered when the articles lie days apart: the
same minister, town or company in another week is usually another event. Average linkage
then groups articles whose mean similarity reaches the threshold.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ...evidence import decision
from .cluster import average_linkage
from .outlets import outlet_key
from .pairing import Pairing, minhash_keys
from .read import ArticleRec
from .textnorm import features

STORY = decision(
    "provenance:story",
    stage="provenance",
    en="the articles share enough distinctive words and names within a few days to report "
    "one event",
    de="die Artikel teilen genug markante Wörter und Namen binnen weniger Tage, um über ein "
    "Ereignis zu berichten",
)

THRESHOLD = 0.08  # mean pair score (time factor applied) of two groups that share a claim ...
THRESHOLD_WITHOUT_LINK = 0.25  # ... and of two groups that only share words
BLOCK_CAP = 60  # a blocking key held by more articles than this is not distinctive
TOP_TERMS = 12  # blocking keys per article
VECTOR_TERMS = 30  # an article is compared by its most distinctive terms only: length-robust
HEAD_WEIGHT = 3  # title and lead name the event; the body also recalls other events
MAX_TOKENS = 200  # words of the body read per article
LINK_WEIGHT = 0.6  # a shared distinctive claim (quote, amount) counts this much of its score
MIN_COSINE_FOR_LINK = 0.1  # ... between articles that also share some distinctive terms
SAME_EVENT_DAYS = 1.0  # full similarity within this many days
MAX_DAYS = 7.0  # no similarity beyond
_DATELINE = re.compile(r"^[^\n(]{0,60}\([^()\n]{1,30}\)\s*[–—-]\s*", re.MULTILINE)


def _terms(art: ArticleRec) -> Counter[str]:
    own = set(outlet_key(art.outlet).split())
    counts: Counter[str] = Counter()
    kept = [st for st in art.statements if not st.boilerplate]
    head = " ".join(st.text for st in kept if st.block in ("kicker", "title", "lead"))
    body = " ".join(st.text for st in kept if st.block not in ("kicker", "title", "lead"))
    if not art.statements:
        head, body = "", art.text
    lead_end = max((st.end for st in kept if st.block in ("kicker", "title", "lead")), default=0)
    for part, weight in (
        (_DATELINE.sub("", head), HEAD_WEIGHT),
        (" ".join(_DATELINE.sub("", body).split()[:MAX_TOKENS]), 1),
    ):
        for s in features(part).stems:
            if len(s) >= 3 and s not in own and not s.startswith("¬"):
                counts[s] += weight
    for ent in art.entities:
        if ent.label in ("PER", "ORG", "LOC") and ent.canonical:
            counts["@" + ent.canonical.casefold()] += HEAD_WEIGHT if ent.start < lead_end else 1
    return counts


def _cosine(va: dict[str, float], vb: dict[str, float]) -> float:
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(w * vb.get(t, 0.0) for t, w in va.items())


@dataclass
class StoryScorer:
    """Picklable pair scorer: the cosine of the articles' top-term vectors or the strength
    of a claim they share, whichever is higher, times a time factor."""

    vectors: list[dict[str, float]]
    times: list[float | None]
    links: dict[tuple[int, int], float]

    def __call__(self, a: int, b: int) -> float:
        cos = _cosine(self.vectors[a], self.vectors[b])
        cos = max(cos, LINK_WEIGHT * self.links.get((min(a, b), max(a, b)), 0.0))
        ta, tb = self.times[a], self.times[b]
        if ta is None or tb is None:
            return cos * 0.8
        days = abs(ta - tb) / 86400.0
        if days <= SAME_EVENT_DAYS:
            return cos
        return cos * max(0.0, (MAX_DAYS - days) / (MAX_DAYS - SAME_EVENT_DAYS))


def story_features(
    arts: list[ArticleRec],
    links: dict[tuple[int, int], float],
    relays: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[StoryScorer, list[tuple[int, str]]]:
    """The scorer and the blocking keys of the articles (in the given order); ``links``
    holds the strongest shared claim of article pairs, ``relays`` the pairs in which one
    article cites the other's outlet."""
    counts = [_terms(a) for a in arts]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(arts)
    vectors: list[dict[str, float]] = []
    keys: list[tuple[int, str]] = []
    shingles: list[set[str]] = []
    for i, c in enumerate(counts):
        vec = {t: (1.0 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5)) for t, k in c.items()}
        ranked = sorted(vec.items(), key=lambda tw: (-tw[1], tw[0]))
        top = [(t, w) for t, w in ranked[:VECTOR_TERMS] if w > 0]
        norm = math.sqrt(sum(w * w for _t, w in top)) or 1.0
        vectors.append({t: w / norm for t, w in top})
        keys.extend((i, "t:" + t) for t, _w in ranked[:TOP_TERMS] if df[t] >= 2)
        shingles.append({t for t, _w in ranked[:40]})
    for i, bands in enumerate(minhash_keys("mh", shingles, threshold=0.3)):
        keys.extend((i, k) for k in bands)
    # A shared claim counts only between articles that also share distinctive terms (two
    # accidents that both "kamen ins Schleudern" are not one story), or when the later one
    # cites the earlier one's outlet: then it relays it, whatever words it adds.
    links = {
        p: s
        for p, s in links.items()
        if p in relays or _cosine(vectors[p[0]], vectors[p[1]]) >= MIN_COSINE_FOR_LINK
    }
    for a, b in sorted(links):
        keys.extend([(a, f"l:{a}:{b}"), (b, f"l:{a}:{b}")])
    times = [a.published.timestamp() if a.published else None for a in arts]
    return StoryScorer(vectors, times, links), keys


def cluster_stories(
    arts: list[ArticleRec],
    pairing: Pairing,
    frozen: list[list[int]],
    links: dict[tuple[int, int], float],
    relays: frozenset[tuple[int, int]] = frozenset(),
) -> list[list[int]]:
    """Groups of article indices, one per story; ``frozen`` groups come from earlier runs."""
    scorer, keys = story_features(arts, links, relays)
    pairs = pairing.scored_pairs(keys, BLOCK_CAP, scorer, THRESHOLD / 4)
    return average_linkage(
        len(arts),
        pairs,
        THRESHOLD,
        frozen=frozen,
        evidence=SharedClaim(scorer.links),
        threshold_without=THRESHOLD_WITHOUT_LINK,
    )


@dataclass
class SharedClaim:
    """Whether some article of one group shares a distinctive claim with one of the other."""

    links: dict[tuple[int, int], float]

    def __call__(self, xs: list[int], ys: list[int]) -> bool:
        if len(xs) * len(ys) > len(self.links):
            return any((min(a, b), max(a, b)) in self.links for a, b in _cross(xs, ys, self.links))
        return any((min(a, b), max(a, b)) in self.links for a in xs for b in ys)


def _cross(
    xs: list[int], ys: list[int], links: dict[tuple[int, int], float]
) -> list[tuple[int, int]]:
    """The linked pairs across two big groups, found from the links side."""
    sx, sy = set(xs), set(ys)
    return [(a, b) for a, b in links if (a in sx and b in sy) or (a in sy and b in sx)]
