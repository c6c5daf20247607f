"""Claim identity: when two occurrences state the same proposition by the same speaker.

The score combines the shared content words (weighted by how rare they are, so that a
shortened quote contained in the full one still matches), shared letter sequences (inflection,
compounds: "Rentensatz" and "Rente"), the speaker (named and the same, or named by the other
as its subject: a headline question about her) and shared amounts. Look-alikes never match,
whatever their wording: another named speaker, another number for the same kind of thing, an
opposite pole ("schwer" vs "leicht verletzt"), or the same words negated.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ...evidence import decision
from .occurrences import Occurrence
from .pairing import minhash_keys
from .speakers import compatible, person_key
from .textnorm import Quantity, poles_conflict, quantities_conflict, quantity_match

CLAIM = decision(
    "provenance:claim",
    stage="provenance",
    en="the occurrences state the same proposition by the same (or an unnamed) speaker",
    de="die Vorkommen sagen dasselbe, von derselben (oder einer ungenannten) Quelle",
)

THRESHOLD = 0.34  # mean pair score for two groups of occurrences to be one claim
ALL_PAIRS = 90  # a story with at most this many occurrences compares all of them
BLOCK_CAP = 90
LOCAL_DAMPING = 0.6  # weight lost by a stem found in every article of the story


@dataclass(frozen=True, slots=True)
class OccFeatures:
    """What the scorer needs of one occurrence (small and picklable for Spark)."""

    art: int
    stems: dict[str, float]
    grams: frozenset[str]
    quantities: tuple[Quantity, ...]
    negated: bool
    poles: tuple[tuple[str, str], ...]
    places: frozenset[str]
    persons: frozenset[str]
    speaker: frozenset[str]
    head: bool  # in the kicker, title or lead


def _grams(stems: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for s in stems:
        if s.startswith("¬"):
            continue
        padded = f"<{s}>"
        out.update(padded[i : i + 4] for i in range(max(1, len(padded) - 3)))
    return frozenset(out)


def _story_weights(occs: list[Occurrence], story_of: list[str]) -> list[dict[str, float]]:
    """Per occurrence, how much each stem says within its story: a word in most of the
    story's articles ("Menzel", "Rente") names the story's topic, not one claim in it."""
    arts_of: dict[str, set[int]] = {}
    holders: dict[tuple[str, str], set[int]] = {}
    for o, s in zip(occs, story_of, strict=True):
        arts_of.setdefault(s, set()).add(o.art)
        for stem in set(o.feats.stems):
            holders.setdefault((s, stem), set()).add(o.art)
    out = []
    for o, s in zip(occs, story_of, strict=True):
        n = len(arts_of[s])
        out.append(
            {
                stem: 1.0 - LOCAL_DAMPING * len(holders[(s, stem)]) / n if n >= 3 else 1.0
                for stem in set(o.feats.stems)
            }
        )
    return out


def occurrence_features(
    occs: list[Occurrence], story_of: list[str] | None = None
) -> list[OccFeatures]:
    """Features of all occurrences, with stem weights from their document frequency (and,
    once stories are known, from how common the stem is within the story)."""
    df: Counter[str] = Counter()
    for o in occs:
        df.update(set(o.feats.stems))
    n = len(occs) or 1
    local = _story_weights(occs, story_of) if story_of is not None else None
    out = []
    for k, o in enumerate(occs):
        stems = {s: math.log((n + 1) / (df[s] + 1)) + 1.0 for s in set(o.feats.stems)}
        if local is not None:
            stems = {s: w * local[k][s] for s, w in stems.items()}
        out.append(
            OccFeatures(
                art=o.art,
                stems=stems,
                grams=_grams(o.feats.stems),
                quantities=tuple(o.feats.quantities),
                negated=o.feats.negated,
                poles=tuple(sorted(o.feats.poles.items())),
                places=o.places,
                persons=frozenset(person_key(p) for p in o.persons) - {""},
                speaker=o.speaker.keys,
                head=o.block in ("kicker", "title", "lead"),
            )
        )
    return out


def conflict(a: OccFeatures, b: OccFeatures) -> bool:
    """Look-alikes: another named speaker, another number, an opposite pole."""
    return (
        not compatible(a.speaker, b.speaker)
        or quantities_conflict(list(a.quantities), list(b.quantities))
        or poles_conflict(dict(a.poles), dict(b.poles))
    )


def _lexical(a: OccFeatures, b: OccFeatures) -> tuple[float, float]:
    """Weighted Jaccard and a size-damped containment of the content stems."""
    shared = a.stems.keys() & b.stems.keys()
    inter = sum(a.stems[s] for s in shared)
    wa, wb = sum(a.stems.values()), sum(b.stems.values())
    union = wa + wb - inter
    if not union:
        return 0.0, 0.0
    jac = inter / union
    small = min(len(a.stems), len(b.stems))
    contain = inter / min(wa, wb) * min(1.0, small / 3) if min(wa, wb) else 0.0
    return jac, contain


@dataclass
class ClaimScorer:
    """Picklable pair scorer over occurrence features."""

    feats: list[OccFeatures]

    def __call__(self, i: int, j: int) -> float:
        a, b = self.feats[i], self.feats[j]
        if a.art == b.art and not (a.head or b.head):
            return 0.0  # an article states a claim once in its body; its headline repeats it
        if conflict(a, b):
            return 0.0
        jac, contain = _lexical(a, b)
        grams = len(a.grams & b.grams) / len(a.grams | b.grams) if a.grams and b.grams else 0.0
        score = 0.35 * jac + 0.35 * contain + 0.3 * grams
        if a.speaker and b.speaker:
            score += 0.12
        elif (a.speaker and a.speaker & b.persons) or (b.speaker and b.speaker & a.persons):
            score += 0.08  # a headline about her, and her words
        if any(
            quantity_match(x, y)
            for x in a.quantities
            for y in b.quantities
            if x.values[0][1] not in ("year", "time") and x.values[0][0] >= 2
        ):
            score += 0.2  # the same amount in one story is rarely a coincidence
        if a.negated != b.negated:
            # The same words negated are the opposite claim; other wording only loses weight.
            if jac >= 0.5:
                return 0.0
            score *= 0.6
        if a.places and b.places and not a.places & b.places:
            score *= 0.6
        return min(score, 1.0)


def claim_keys(feats: list[OccFeatures], story_of: list[str]) -> list[tuple[int, str]]:
    """Blocking keys, all within a story: the whole story when it is small, else its rarest
    words, amounts, speakers and MinHash bands."""
    size: Counter[str] = Counter(story_of)
    keys: list[tuple[int, str]] = []
    big = [i for i, s in enumerate(story_of) if size[s] > ALL_PAIRS]
    for i, s in enumerate(story_of):
        if size[s] <= ALL_PAIRS:
            keys.append((i, f"all:{s}"))
    for i in big:
        s, f = story_of[i], feats[i]
        ranked = sorted(f.stems.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        keys.extend((i, f"w:{s}:{w}") for w, _v in ranked)
        keys.extend((i, f"q:{s}:{u}:{v:g}") for q in f.quantities for v, u in q.values)
        keys.extend((i, f"p:{s}:{k}") for k in f.speaker)
    bands = minhash_keys("m", [set(feats[i].grams) for i in big], threshold=0.4)
    for i, b in zip(big, bands, strict=True):
        keys.extend((i, f"{story_of[i]}:{k}") for k in b)
    return keys


@dataclass
class MergeCheck:
    """Two groups of occurrences may form one claim when no pair across them conflicts."""

    feats: list[OccFeatures]

    def __call__(self, xs: list[int], ys: list[int]) -> bool:
        return not any(conflict(self.feats[x], self.feats[y]) for x in xs for y in ys)


# ------------------------------------------------------------------ links between articles

LINK_SCORE = 0.5  # an occurrence pair at least this alike ...
LINK_STEMS = 3  # ... sharing this many content words (two and a telling amount) links articles
LINK_CAP = 40


@dataclass
class LinkScorer:
    """Picklable scorer of strong claim matches across articles: the same distinctive quote
    or amount in two articles is evidence that they report one event; a short stock phrase
    ("Die Lage ist unter Kontrolle") is not."""

    feats: list[OccFeatures]

    def __call__(self, i: int, j: int) -> float:
        a, b = self.feats[i], self.feats[j]
        if a.art == b.art:
            return 0.0
        s = ClaimScorer(self.feats)(i, j)
        if s < LINK_SCORE:
            return 0.0
        shared = sum(1 for w in a.stems.keys() & b.stems.keys() if not w.startswith("¬"))
        telling = any(
            quantity_match(x, y)
            for x in a.quantities
            for y in b.quantities
            if x.values[0][1] not in ("year", "time") and x.values[0][0] >= 10
        )
        return s if shared >= LINK_STEMS or (telling and shared >= LINK_STEMS - 1) else 0.0


def link_keys(feats: list[OccFeatures]) -> list[tuple[int, str]]:
    """Corpus-wide blocking keys for strong matches: a strong match shares three content
    words, so it shares one of the rarest three of each side, or an amount."""
    keys: list[tuple[int, str]] = []
    for i, f in enumerate(feats):
        ranked = sorted(f.stems.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        keys.extend((i, f"w:{w}") for w, _v in ranked if not w.startswith("¬"))
        keys.extend(
            (i, f"q:{u}:{v:g}") for q in f.quantities for v, u in q.values if u not in ("year",)
        )
    return keys
