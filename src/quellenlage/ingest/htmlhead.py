"""Kicker, title and lead of an HTML page: what the reader sees above the body.

* **Title**: the visible headline, an ``<h1>`` (not the site logo's ``<h1>``, not a teaser's),
  the one that best matches the headline the page's metadata states; without a fitting
  ``<h1>``, a visible heading that matches the metadata headline; then the metadata headline
  itself (JSON-LD before OpenGraph before ``<meta>``); last the ``<title>`` without its
  " | Site" suffix.
* **Kicker**: a kicker element inside the ``<h1>`` (``<span class="kicker">``), else one near
  the top of the article (Dachzeile, overline ...), never one of a teaser elsewhere.
* **Lead**: the teaser. An element the markup marks as lead (``class="lead"``, intro,
  standfirst, Vorspann, ``itemprop="description"``), else the block of visible text that the
  page's description (JSON-LD, OpenGraph, ``<meta name="description">``) matches, else the
  first paragraph of the article's ``<header>``; always a block the page shows, at or before
  the first body paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .htmlindex import SourceBlock, SourceIndex, text_key
from .htmlparse import classes, clean, text_of
from .shapes import LEAD_MAX_CHARS, words
from .structured import PageMeta

KICKER = re.compile(
    r"kicker|dachzeile|spitzmarke|overline|topline|roofline|supertitle|eyebrow|vorspann-?titel|"
    r"oberzeile",
    re.I,
)
_KICKER_IN_H1 = re.compile(KICKER.pattern + r"|category|rubrik|ressort|label|topic", re.I)
LEAD = re.compile(
    r"\blead\b|lead-?text|leadtext|teaser-?text|intro|standfirst|vorspann|article-?summary|"
    r"summary|excerpt|chapo|subtitle|sub-?headline|abstract|zusammenfassung",
    re.I,
)
# Captions and image texts carry lead-like class names too ("ImageDescription", "intro-image").
CAPTION_CLASS = re.compile(
    r"caption|bildunterschrift|bildtext|image-?(?:text|desc\w*|info)|img-?(?:text|desc\w*)|"
    r"photo-?(?:text|desc\w*)|media-?(?:text|desc\w*)|copyright|credit",
    re.I,
)
_LOGO = re.compile(r"logo|site-?title|site-?name|brand|masthead|(?:^|\s)header(?:$|\s)", re.I)
_SEPARATOR = re.compile(r"\s+[|–—·•:»«›‹/-]\s+|\s*::\s*")
_HEADLINE_SOURCES = ("json-ld", "microdata", "opengraph", "meta")
# A headline matches another when this share of its words is in the other.
_MATCH = 0.6
_RELATED = 0.3
# An <h1> that matches no stated headline is still the visible headline when it reads like
# one (a headline the page does not show is not its title); "Neuigkeiten" does not.
_LONE_H1_WORDS = 3
# A lead the markup marks may be long; one found by position or description is held to the
# text path's limit (shapes.LEAD_MAX_CHARS), so both paths call the same paragraph a lead.
_MARKED_LEAD_MAX_CHARS = 1500
_LEAD_MIN_WORDS = 6


@dataclass(slots=True)
class Head:
    """The head of the article and where each part came from."""

    kicker: str | None = None
    title: str | None = None
    lead: str | None = None
    title_block: SourceBlock | None = None
    lead_block: SourceBlock | None = None
    sources: dict[str, str] = field(default_factory=dict)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1}


def similarity(a: str, b: str) -> float:
    """Share of the words of ``a`` that ``b`` also has (0 when ``a`` has none)."""
    wa = _words(a)
    return len(wa & _words(b)) / len(wa) if wa else 0.0


def _match(a: str, b: str) -> float:
    """How well two headlines match: the better of both directions (one may be longer)."""
    return max(similarity(a, b), similarity(b, a))


def choose_title(index: SourceIndex, page: PageMeta, site_names: list[str]) -> Head:
    """The visible headline (see the module docstring), with its kicker."""
    headlines = [v for s, v in page.get("headline") if s in _HEADLINE_SOURCES]
    headlines += [v for _, v in page.get("title_tag")]
    sites = {text_key(s) for s in site_names if s}
    all_h1 = [b for b in index.blocks if b.tag == "h1"]
    h1s = [b for b in all_h1 if not _is_logo(b, sites)]
    h1s = [b for b in h1s if index.box_of(b.el) is None] or h1s
    site_names = site_names + [b.text for b in all_h1 if b not in h1s]
    best = _best_h1(h1s, headlines)
    if best is not None:
        return _from_h1(best)
    tag = page.first("title_tag")
    tag_parts = _SEPARATOR.split(tag[1]) if tag else []
    for value in [v for _, v in page.get("headline")] + [p for p in tag_parts if words(p) >= 3]:
        shown = _shown_heading(index, value)
        if shown is not None:
            return Head(title=shown.text, title_block=shown, sources={"title": "markup"})
    # One <h1> that matches no stated headline is the visible headline (the stated one may
    # be written for search engines); several such <h1> are section headings.
    if len(h1s) == 1 and words(h1s[0].text) >= _LONE_H1_WORDS:
        return _from_h1(h1s[0])
    for source, value in page.get("headline"):
        if source in _HEADLINE_SOURCES and " " in value:  # not a slug ("adac-test-2018")
            return Head(title=value, sources={"title": source})
    if tag is not None:
        return Head(title=_strip_site(tag[1], site_names), sources={"title": "title-tag"})
    return Head()


def _from_h1(block: SourceBlock) -> Head:
    kicker, title = _split_kicker(block)
    head = Head(kicker=kicker, title=title, title_block=block, sources={"title": "h1"})
    if kicker:
        head.sources["kicker"] = "h1"
    return head


def _is_logo(block: SourceBlock, sites: set[str]) -> bool:
    el = block.el
    if block.key in sites or _LOGO.search(classes(el)):
        return True
    link = el.find(".//a")
    return link is not None and (
        (link.get("rel") or "") == "home" or (link.get("href") or "").rstrip("/") in ("", "/")
    )


def _best_h1(h1s: list[SourceBlock], headlines: list[str]) -> SourceBlock | None:
    if not h1s:
        return None
    if not headlines:
        return h1s[0]
    scored = [(max(_match(b.text, h) for h in headlines), -b.index, b) for b in h1s]
    score, _, best = max(scored, key=lambda t: (t[0], t[1]))
    # A lone <h1> that shares hardly a word with any stated headline (not even the <title>)
    # is a section or box heading ("Aktuelle Artikel"), not this article's headline.
    if score >= _MATCH or (len(h1s) == 1 and score >= _RELATED):
        return best
    return None


def _split_kicker(block: SourceBlock) -> tuple[str | None, str]:
    """``<h1><span class="kicker">Zugverkehr</span><span>Im ICE …</span></h1>``."""
    for child in block.el.iter():
        if child is block.el or not isinstance(child.tag, str):
            continue
        if _KICKER_IN_H1.search(classes(child)):
            kicker = text_of(child)
            rest = clean(block.text.replace(kicker, "", 1)).lstrip(":–- ").strip()
            if kicker and rest and words(kicker) <= 8:
                return kicker, rest
    return None, block.text


def _shown_heading(index: SourceIndex, headline: str) -> SourceBlock | None:
    for block in index.blocks:
        if (
            block.tag in ("h2", "h3", "p")
            and similarity(headline, block.text) >= 0.9
            and similarity(block.text, headline) >= 0.9
        ):
            return block
    return None


def _strip_site(title: str, site_names: list[str]) -> str:
    """'Streit um das Budget | Tagblatt Nord' → 'Streit um das Budget'."""
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    sites = {text_key(s) for s in site_names if s}
    if text_key(parts[0]) in sites and words(parts[-1]) >= words(parts[0]):
        return " – ".join(parts[1:])  # 'Spreeblick » Aus! Aus! Alles vorbei!'
    if text_key(parts[-1]) in sites or len(parts[-1]) < len(parts[0]) / 2:
        return " – ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def find_kicker(index: SourceIndex, scope: Any, title_block: SourceBlock | None) -> str | None:
    """A kicker element near the top of the article scope (not a teaser's)."""
    limit = title_block.index + 3 if title_block is not None else None
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "img", "html", "body", "script"):
            continue
        if KICKER.search(classes(el)) and not index.hidden(el) and index.box_of(el) is None:
            text = text_of(el)
            block = index.find(text)
            if limit is not None and block is not None and block.index > limit:
                return None
            if text and len(text) <= 150 and words(text) <= 10:
                return text
    return None


def choose_lead(
    index: SourceIndex, page: PageMeta, scope: Any, head: Head, first_body: int | None
) -> tuple[SourceBlock | None, str | None]:
    """``(block, source)`` of the lead, or ``(None, None)``; see the module docstring."""
    after = head.title_block.index if head.title_block is not None else -1
    before = first_body if first_body is not None else len(index.blocks)

    def fits(block: SourceBlock | None, max_chars: int = LEAD_MAX_CHARS) -> bool:
        return (
            block is not None
            and after < block.index <= before
            and not block.in_figure
            and block.tag not in ("h1", "li")
            and words(block.text) >= _LEAD_MIN_WORDS
            and len(block.text) <= max_chars
            and index.box_of(block.el) is None
        )

    for marked in _marked_leads(index, scope):
        if fits(marked, _MARKED_LEAD_MAX_CHARS):
            return marked, "markup"
    described = page.marked.get("description")
    if described is not None:
        block = index.block_of(described)
        if fits(block):
            return block, "microdata"
    for source, value in page.get("description"):
        block = _described_block(index, value, after, before)
        if fits(block):
            return block, source
    header = scope.find(".//header") if scope is not None else None
    if header is not None:
        for p in header.iter("p"):
            block = index.block_of(p)
            if fits(block):
                return block, "markup"
    bold = _bold_first(index, after, before)
    if fits(bold):
        return bold, "markup"
    return None, None


def _marked_leads(index: SourceIndex, scope: Any) -> Iterator[SourceBlock]:
    """Blocks whose element (or an element around them) the markup marks as lead."""
    if scope is None:
        return
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("a", "img", "html", "body", "article"):
            continue
        names = classes(el)
        if LEAD.search(names) and not CAPTION_CLASS.search(names) and not index.hidden(el):
            block = index.block_of(el)
            if block is None:
                # A container of one paragraph: its paragraph is the block.
                inner = [b for b in (index.block_of(p) for p in el.iter("p")) if b]
                block = inner[0] if len(inner) == 1 else None
            if block is not None:
                yield block


def _bold_first(index: SourceIndex, after: int, before: int) -> SourceBlock | None:
    """The first paragraph after the title when all of it is bold: a lead by typography."""
    for block in index.blocks[max(after + 1, 0) : before + 1]:
        if block.tag != "p":
            continue
        strong = [c for c in block.el if c.tag in ("strong", "b")]
        bold = "".join(text_of(c) for c in strong)
        if strong and text_key(bold) == block.key:
            return block
        return None  # only the first paragraph
    return None


def _described_block(
    index: SourceIndex, description: str, after: int, before: int
) -> SourceBlock | None:
    """The visible block that the description is (a possibly shortened copy of)."""
    want = text_key(description.rstrip(" .…"))
    if len(want) < 30:
        return None
    probe = want[: min(len(want), 120)]
    for block in index.blocks[max(after + 1, 0) : before + 1]:
        if block.key.startswith(probe) or (len(block.key) >= 30 and want.startswith(block.key)):
            return block
    return None
