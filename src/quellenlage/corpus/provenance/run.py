"""``run_provenance``: the whole stage over a store, incrementally, with stable ids.

read → citations and occurrences per article → stories (pairing + average linkage) → claims
within each story (pairing + average linkage) → origin, independent sources, statuses →
tables. The previous run's stories and claims are kept as they are: new articles and
occurrences may join them or start new ones, and ids are hashes of a stable first member, so a
re-run on the same store gives the same ids.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import EmptyInput, InputNotFound, InvalidInput
from ..store import DuckStore
from . import tables
from .assemble import citation_record, claim_record, link_cited_articles, stable_id, story_record
from .citations import Citation, find_citations
from .cluster import average_linkage
from .matching import (
    BLOCK_CAP,
    LINK_CAP,
    LINK_SCORE,
    THRESHOLD,
    ClaimScorer,
    LinkScorer,
    MergeCheck,
    claim_keys,
    link_keys,
    occurrence_features,
)
from .occurrences import Occurrence, article_occurrences
from .outlets import OutletIndex, outlet_key
from .pairing import Pairing
from .read import ArticleRec, mark_boilerplate, read_articles
from .render import render_file, render_table
from .result import ClaimOut, Provenance
from .score import score, texts_of
from .stories import cluster_stories


@dataclass(frozen=True, slots=True)
class Options:
    """How to run: the pairing engine and whether to start from scratch."""

    engine: str = "duckdb"
    master: str = "local[2]"
    rebuild: bool = False


def run_provenance(db: str | Path, options: Options = Options()) -> Provenance:
    """Compute stories, claims and citations over the store ``db`` and store them there."""
    return provenance_output(db, options)[0]


def provenance_output(
    db: str | Path,
    options: Options = Options(),
    *,
    fmt: str = "json",
    gold: Path | None = None,
) -> tuple[Provenance, str]:
    """Run the stage on the store ``db`` (incrementally) and render the result: ``json``,
    ``table`` or ``html`` (one self-contained file); with ``gold``, the scores against it."""
    if fmt not in ("json", "table", "html"):
        raise InvalidInput(f"unknown format {fmt!r}; use json, table or html")
    gold_data = _read_gold(gold) if gold is not None else None
    if not Path(db).is_file():
        raise InputNotFound(f"no store at {db}: run `quellenlage batch ... --db {db}` first")
    store = DuckStore(db)
    try:
        result, arts = compute(store.con, options)
        tables.write(store.con, result, {a.article_id: a for a in arts})
        if gold_data is not None:
            return result, json.dumps(score(result, gold_data, texts_of(arts)), indent=2) + "\n"
        if fmt == "html":
            con = store.con
            return result, render_file(lambda sql, params: con.execute(sql, params).fetchall())
        return result, (render_table(result) if fmt == "table" else result.to_json() + "\n")
    finally:
        store.close()


def _read_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputNotFound(f"cannot read the gold file {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise InvalidInput(f"the gold file {path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not {"stories", "claims"} & set(data):
        raise InvalidInput(f"the gold file {path} has neither 'stories' nor 'claims'")
    return data


def compute(con: Any, options: Options = Options()) -> tuple[Provenance, list[ArticleRec]]:
    """The provenance of the articles stored in ``con`` (nothing written)."""
    arts = read_articles(con)
    mark_boilerplate(arts)
    if not arts:
        raise EmptyInput("the store has no analysed articles: run `quellenlage batch` first")
    old_story, old_claim = ({}, {}) if options.rebuild else tables.previous_state(con)
    outlets = OutletIndex(a.outlet for a in arts)
    pairing = Pairing(options.engine, options.master)
    try:
        cites, occs = _per_article(arts, outlets)
        links = _links(occs, pairing)
        groups = cluster_stories(
            arts, pairing, _frozen(arts, old_story), links, _relays(arts, cites, links)
        )
        story_ids = _story_ids(arts, groups, old_story)
        story_of_art = {arts[i].article_id: sid for sid, g in story_ids.items() for i in g}
        claims = _claims(arts, occs, story_of_art, old_claim, pairing)
    finally:
        pairing.close()
    link_cited_articles(cites, {a.article_id: a for a in arts}, story_of_art)
    stories = [story_record(sid, [arts[i] for i in g]) for sid, g in story_ids.items()]
    stories.sort(key=lambda s: (s.first_seen or "~", s.id))
    result = Provenance(
        stories=stories,
        claims=sorted(claims, key=lambda c: (c.first_seen or "~", c.id)),
        citations=[citation_record(c) for c in cites],
    )
    return result, arts


def _per_article(
    arts: list[ArticleRec], outlets: OutletIndex
) -> tuple[list[Citation], list[Occurrence]]:
    cites: list[Citation] = []
    occs: list[Occurrence] = []
    for i, art in enumerate(arts):
        found, own = find_citations(art, outlets)
        cites.extend(found)
        occs.extend(article_occurrences(art, i, found, own))
    return cites, occs


def _links(occs: list[Occurrence], pairing: Pairing) -> dict[tuple[int, int], float]:
    """The strongest distinctive claim each pair of articles shares (corpus-wide pairing)."""
    feats = occurrence_features(occs)
    pairs = pairing.scored_pairs(link_keys(feats), LINK_CAP, LinkScorer(feats), LINK_SCORE)
    out: dict[tuple[int, int], float] = {}
    for i, j, s in pairs:
        a, b = sorted((occs[i].art, occs[j].art))
        out[(a, b)] = max(out.get((a, b), 0.0), s)
    return out


def _relays(
    arts: list[ArticleRec], cites: list[Citation], links: dict[tuple[int, int], float]
) -> frozenset[tuple[int, int]]:
    """Linked article pairs in which the later article cites the earlier one's outlet."""
    index = {a.article_id: i for i, a in enumerate(arts)}
    cited: dict[int, set[str]] = defaultdict(set)
    for c in cites:
        if c.cited_outlet is not None:
            cited[index[c.article]].add(c.cited_outlet)
    out = set()
    for a, b in links:
        first, later = sorted((a, b), key=lambda i: arts[i].sort_key())
        if arts[first].outlet in cited.get(later, set()):
            out.add((a, b))
    return frozenset(out)


def _frozen(arts: list[ArticleRec], old: dict[str, str]) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        if a.doc_id in old:
            groups[old[a.doc_id]].append(i)
    return [groups[k] for k in sorted(groups)]


def _story_ids(
    arts: list[ArticleRec], groups: list[list[int]], old: dict[str, str]
) -> dict[str, list[int]]:
    """Each story's id: the one it had, else a hash of its first article's id."""
    out: dict[str, list[int]] = {}
    for g in groups:
        known = sorted({old[arts[i].doc_id] for i in g if arts[i].doc_id in old})
        first = min(g, key=lambda i: arts[i].sort_key())
        out[known[0] if known else stable_id("s", arts[first].article_id)] = g
    return out


def _claims(
    arts: list[ArticleRec],
    occs: list[Occurrence],
    story_of_art: dict[str, str],
    old: dict[tuple[str, int, int], str],
    pairing: Pairing,
) -> list[ClaimOut]:
    """Cluster the occurrences of each story into claims and build their records."""
    story_of = [story_of_art[o.article_id] for o in occs]
    feats = occurrence_features(occs, story_of)
    keys = claim_keys(feats, story_of)
    scorer = ClaimScorer(feats)
    pairs = pairing.scored_pairs(keys, BLOCK_CAP, scorer, THRESHOLD / 3)
    old_of: dict[int, str] = {}
    frozen_by: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(occs):
        claim = old.get((arts[o.art].doc_id, o.start, o.end))
        if claim is not None:
            old_of[i] = claim
            frozen_by[claim].append(i)
    groups = average_linkage(
        len(occs),
        pairs,
        THRESHOLD,
        frozen=[frozen_by[k] for k in sorted(frozen_by)],
        can_merge=MergeCheck(feats),
    )
    corpus_outlets = {outlet_key(a.outlet) for a in arts if a.outlet}
    out: list[ClaimOut] = []
    for g in groups:
        members = [occs[i] for i in g]
        if not _worth_a_claim(members):
            continue
        known = sorted({old_of[i] for i in g if i in old_of})
        first = min(members, key=lambda o: (arts[o.art].sort_key(), o.start))
        claim_id = known[0] if known else stable_id("c", first.article_id, first.start, first.end)
        out.append(claim_record(claim_id, story_of[g[0]], members, arts, corpus_outlets))
    return out


def _worth_a_claim(members: list[Occurrence]) -> bool:
    """A speech event is a claim by itself; a plain sentence only once a second article
    repeats it (otherwise every sentence of the corpus would be a claim)."""
    if any(o.event_id is not None for o in members):
        return True
    return len({o.article_id for o in members}) >= 2
