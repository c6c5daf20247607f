"""From clusters to the published records: origin, independent sources, status by article.

* **origin**: the first article with the claim by parsed instant (ties: article id); it is
  ``external`` when that article already passes the claim on from outside the corpus (another
  outlet, an agency, a post) or names a public venue (a press conference, a release).
* **independent sources**: the distinct primary sources behind the claim. The named speaker
  counts once however many outlets asked; a confirming named source counts; an outlet's own
  informants or check count once per outlet; an outlet or post outside the corpus counts once
  for all who relay it. Relaying a corpus outlet, hedged repetition and denials add nothing.
* **status by article**: the strongest status (DESIGN.md precedence) the article leaves the
  claim in.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from ...evidence import decision
from ...model import strongest_status
from .citations import Citation
from .matching import CLAIM
from .occurrences import Occurrence
from .outlets import outlet_key
from .read import ArticleRec
from .result import CitationOut, ClaimOut, OccurrenceOut, StoryOut
from .speakers import keys_match
from .timeparse import iso_utc

ORIGIN_FIRST = decision(
    "provenance:origin-first",
    stage="provenance",
    en="the first article with the claim (by publication instant) brings it itself",
    de="der erste Artikel mit der Aussage (nach Zeitpunkt) bringt sie selbst",
)
ORIGIN_EXTERNAL = decision(
    "provenance:origin-external",
    stage="provenance",
    en="already the first article passes the claim on from outside the corpus (another outlet, "
    "a post, a press conference)",
    de="schon der erste Artikel gibt die Aussage von außerhalb des Korpus weiter (ein anderes "
    "Medium, ein Post, eine Pressekonferenz)",
)
SOURCE = decision(
    "provenance:independent-source",
    stage="provenance",
    en="a distinct primary source behind the claim (kind and name after =)",
    de="eine eigenständige Primärquelle hinter der Aussage (Art und Name nach =)",
)

_FORM_RANK = {"Direct": 0, "Indirect": 1, "IndirectFreeIndirect": 1, "statement": 2}
# Cues after which the cited outlet only asked the speaker: the speaker is the source.
_INTERVIEW_CUES = ("=sagte-der", "=gegenueber")


def stable_id(prefix: str, *parts: object) -> str:
    """A short id that is the same in every run for the same stable members."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:12]}"


def story_record(story_id: str, members: list[ArticleRec]) -> StoryOut:
    """A story: its articles earliest first, titled after the first one."""
    members = sorted(members, key=ArticleRec.sort_key)
    outlets = sorted({a.outlet for a in members if a.outlet})
    return StoryOut(
        id=story_id,
        title=next((a.title for a in members if a.title), None),
        articles=[a.article_id for a in members],
        outlets=outlets,
        first_seen=iso_utc(next((a.published for a in members if a.published), None)),
    )


def primary_source(occ: Occurrence, corpus_outlets: set[str]) -> str | None:
    """The primary source an occurrence adds, as ``kind:name``; None when it adds none."""
    relay = occ.relay
    interview = relay is not None and relay.evidence.endswith(_INTERVIEW_CUES)
    if relay is not None and not (interview and occ.speaker.named):
        if relay.kind == "post":
            return f"post:{relay.cited}"
        if relay.cited_outlet is not None or outlet_key(relay.cited) in corpus_outlets:
            return None  # its own article counts where it stands
        return f"outlet:{relay.cited}"
    if occ.anonymous or (occ.own and not occ.speaker.named):
        return f"own:{occ.outlet or occ.article_id}"
    counted_cue = (occ.cue or "").casefold() in ("laut", "zufolge", "nach", "nach angaben")
    if occ.speaker.named and (not occ.hedged or counted_cue):
        return f"speaker:{occ.speaker.display}"
    return None


def _contributions(
    order: list[Occurrence], corpus_outlets: set[str]
) -> list[tuple[str, frozenset[str]]]:
    """What each article adds: an article that hedges or relays the claim anywhere (the body
    says "soll", or names the post) adds no source of its own in its headline either."""
    by_article: dict[str, list[Occurrence]] = {}
    for o in order:
        by_article.setdefault(o.article_id, []).append(o)
    out: list[tuple[str, frozenset[str]]] = []
    for occs in by_article.values():
        relayed = [o for o in occs if o.relay is not None]
        hedged = any(o.hedged for o in occs)
        for o in occs:
            src = primary_source(o, corpus_outlets)
            if src is None:
                continue
            # The speaker counts from an interview given to a cited outlet (o.relay), not from
            # the bare headline of an article that elsewhere hedges or relays the claim.
            if src.startswith("speaker:") and (relayed or hedged) and o.relay is None:
                continue
            out.append((src, o.speaker.keys if src.startswith("speaker:") else frozenset()))
        out.extend((f"speaker:{c.display}", c.keys) for o in occs for c in o.confirmers if c.named)
    return out


def _source_groups(keys: list[tuple[str, frozenset[str]]]) -> list[str]:
    """Distinct sources: named speakers whose keys match are one source."""
    out: list[tuple[str, frozenset[str]]] = []
    for label, ks in keys:
        if ks and any(g and any(keys_match(a, b) for a in ks for b in g) for _label, g in out):
            continue
        if not ks and any(label == lab for lab, _g in out):
            continue
        out.append((label, ks))
    return sorted(label for label, _ks in out)


def claim_record(
    claim_id: str,
    story_id: str,
    occs: list[Occurrence],
    arts: list[ArticleRec],
    corpus_outlets: set[str],
) -> ClaimOut:
    """A claim from its occurrences: canonical wording, speaker, origin, sources, statuses."""
    order = sorted(occs, key=lambda o: (arts[o.art].sort_key(), o.start))
    first = arts[order[0].art]
    firsts = [o for o in order if o.art == order[0].art]
    external = any(o.relay is not None or o.public for o in firsts)
    canonical = min(order, key=lambda o: (_FORM_RANK.get(o.form, 3), order.index(o)))
    named = Counter(o.speaker.display for o in order if o.speaker.named)
    speaker = max(named, key=lambda d: (named[d], -_first_index(order, d))) if named else None
    counted = _contributions(order, corpus_outlets)
    out_occ = [
        OccurrenceOut(
            article=o.article_id,
            start=o.start,
            end=o.end,
            text=o.text,
            status=o.status,  # type: ignore[arg-type]
            form=o.form,
            speaker=o.speaker.display if o.speaker.named else None,
            relays=o.relay.cited if o.relay else None,
            source=src,
        )
        for o, src in zip(order, [primary_source(o, corpus_outlets) for o in order], strict=True)
    ]
    sources = _source_groups(counted)
    by_article: dict[str, list[str]] = {}
    for o in order:
        by_article.setdefault(o.article_id, []).append(o.status)
    return ClaimOut(
        id=claim_id,
        story=story_id,
        canonical=" ".join(canonical.text.split()),
        speaker=speaker,
        occurrences=out_occ,
        origin="external" if external else "article",
        origin_article=first.article_id,
        first_seen=iso_utc(first.published),
        independent_sources=len(sources),
        sources=sources,
        status_by_article={
            a: strongest_status(s)  # type: ignore[arg-type]
            for a, s in by_article.items()
        },
        evidence=[CLAIM, ORIGIN_EXTERNAL if external else ORIGIN_FIRST]
        + [f"{SOURCE}={s}" for s in sources],
    )


def _first_index(order: list[Occurrence], display: str | None) -> int:
    return next(i for i, o in enumerate(order) if o.speaker.display == display)


def citation_record(c: Citation) -> CitationOut:
    """The published form of a citation."""
    return CitationOut(
        article=c.article,
        cited=c.cited,
        start=c.start,
        end=c.end,
        text=c.text,
        kind=c.kind,
        cited_article=c.cited_article,
        evidence=[c.evidence],
    )


def link_cited_articles(
    cites: list[Citation], arts_by_id: dict[str, ArticleRec], story_of: dict[str, str]
) -> None:
    """Point each citation of a corpus outlet at that outlet's latest earlier article in the
    same story: the article it relays."""
    by_story: dict[str, list[ArticleRec]] = {}
    for art_id, story in story_of.items():
        by_story.setdefault(story, []).append(arts_by_id[art_id])
    for c in cites:
        if c.cited_outlet is None or c.article not in story_of:
            continue
        me = arts_by_id[c.article]
        earlier = [
            a
            for a in by_story.get(story_of[c.article], [])
            if a.outlet == c.cited_outlet
            and a.article_id != me.article_id
            and a.sort_key() <= me.sort_key()
        ]
        if earlier:
            c.cited_article = max(earlier, key=ArticleRec.sort_key).article_id
