"""``ArticleMeta`` in every path: the caller's metadata cleaned, the page's merged in.

``prepare_meta`` is the first step of every entry point (text, HTML, records, URLs): the
given metadata is copied, its strings cleaned like the text (``textclean``), the cleaning
notes added, and each given field marked as coming from the input. ``merge_page_meta``
fills what the input did not say from a page's structured data, per field, and records the
winning source in ``provenance``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import ArticleMeta
from .dates import iso_date
from .outlets import choose_outlet, registered_domain
from .structured import PageMeta
from .textclean import clean_value

_GIVEN = ("id", "url", "date", "author", "outlet", "section")
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\s&\s|\bund\b|\band\b)\s*")
_AUTHOR_PREFIX = re.compile(r"^(?:von|by|text|autor(?:in)?)\s*:?\s+", re.I)
_MAX_AUTHOR_CHARS = 80
_SITE_SPLIT = re.compile(r"\s+[|–—·•]\s+")
_MAX_SITE_CHARS = 60
_NOT_A_NAME = re.compile(r"copyright|©|\(c\)|alle rechte|all rights|\d{4}\s*[-–]\s*\d{4}", re.I)
# Not a person or an editorial team: companies, places, domains, share buttons.
_NOT_AN_AUTHOR = re.compile(
    r"\b(?:gmbh|ag|kg|verlag|germany|deutschland|empfehlen|teilen|artikel)\b|https?:|@|"
    r"\.(?:de|com|at|ch|net|org)\b|\d",
    re.I,
)


def prepare_meta(meta: ArticleMeta | None, input_format: str, notes: list[str]) -> ArticleMeta:
    """A cleaned copy of the caller's metadata, with the format, notes and provenance."""
    base = meta or ArticleMeta()
    data = clean_value(base.model_dump())
    out = ArticleMeta.model_validate(data)
    out.input_format = out.input_format or input_format
    if out.date:
        out.date = iso_date(out.date) or out.date  # "12.05.2016" → "2016-05-12"; else as given
    out.notes = [*out.notes, *notes]
    for name in _GIVEN:
        if getattr(out, name) and name not in out.provenance:
            out.provenance[name] = "input"
    if out.author and not out.authors:
        out.authors = [out.author]
    if out.url and not out.domain:
        out.domain = registered_domain(out.url)
    return out


def merge_page_meta(
    given: ArticleMeta,
    page: PageMeta,
    sources: dict[str, str],
    extractor: Callable[[], dict[str, str | None]],
) -> ArticleMeta:
    """Given metadata wins; the page's fills the gaps (see ``html.py`` for the order)."""
    out = given.model_copy(deep=True)
    prov = out.provenance
    prov.update({k: v for k, v in sources.items() if k not in prov})
    _set(out, "url", page.get("url"))
    _set(out, "date", page.get("date"))
    _set(out, "modified", page.get("modified"))
    _set(out, "section", page.get("section"))
    if not out.authors:
        out.authors, by = _authors(page)
        if out.authors:
            prov["authors"] = by
    extracted: dict[str, str | None] = {}
    if out.date is None:  # the extractor's date search is its strength (and its cost)
        extracted = extractor()
        date = iso_date(extracted.get("date"))
        if out.date is None and date:
            out.date, prov["date"] = date, "trafilatura"
    if out.authors and not out.author:
        out.author = out.authors[0]
        prov.setdefault("author", prov.get("authors", "page"))
    publisher = page.first("publisher")
    site = page.first("site_name")
    site_name = clean_site_name(site[1] if site else extracted.get("site_name"))
    publisher_name = clean_site_name(publisher[1] if publisher else None)
    outlet, source = choose_outlet(out.outlet, out.url, publisher_name, site_name)
    if outlet and not out.outlet:
        out.outlet, prov["outlet"] = outlet, source or "page"
    out.domain = out.domain or registered_domain(out.url)
    date_from_fetched(out)
    if prov.get("authors") != "input":
        names = [n for n in (out.outlet, site_name, publisher_name, out.domain) if n]
        out.authors = [a for a in out.authors if is_person_like(a, names)]
        out.author = out.authors[0] if out.authors else None
    return out


def date_from_fetched(meta: ArticleMeta) -> None:
    """No publication date anywhere: the time the page was fetched or crawled stands in,
    marked as such in ``provenance`` (a crawl's analyses can still be ordered in time)."""
    if meta.date is None and meta.fetched:
        meta.date = iso_date(meta.fetched) or meta.fetched
        meta.provenance["date"] = "fetched"


def clean_site_name(name: str | None) -> str | None:
    """A site name as a name: 'MIXED.de | VR, AR und KI' → 'MIXED.de'; a copyright line or
    a sentence is no site name."""
    if not name:
        return None
    first = _SITE_SPLIT.split(name.strip())[0].strip()
    if not first or len(first) > _MAX_SITE_CHARS or _NOT_A_NAME.search(first):
        return None
    return first


def is_person_like(author: str, outlet_names: list[str]) -> bool:
    """An author name, not the outlet, a company, a domain or a button label."""
    key = "".join(ch for ch in author.casefold() if ch.isalnum())
    for name in outlet_names:
        if key and key == "".join(ch for ch in name.casefold() if ch.isalnum()):
            return False
    return not _NOT_AN_AUTHOR.search(author)


def _set(meta: ArticleMeta, name: str, candidates: list[tuple[str, str]]) -> None:
    if getattr(meta, name) is None and candidates:
        source, value = candidates[0]
        setattr(meta, name, value)
        meta.provenance[name] = source


def _authors(page: PageMeta) -> tuple[list[str], str]:
    """All authors of the best source that names any."""
    entries = page.get("author")
    if not entries:
        return [], ""
    best = entries[0][0]
    names: list[str] = []
    for source, value in entries:
        if source == best:
            names.extend(n for n in split_authors(value) if n not in names)
    return names, best


def split_authors(text: str) -> list[str]:
    """'Anna Berger und Jan Kurz' → ['Anna Berger', 'Jan Kurz']; 'Von Anna Berger' → ['Anna
    Berger']. Commas split only between names of two words or more."""
    text = _AUTHOR_PREFIX.sub("", text.strip())
    parts = [p.strip(" ,") for p in _AUTHOR_SPLIT.split(text) if p.strip(" ,")]
    out: list[str] = []
    for part in parts:
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return [a for a in out if a and len(a) <= _MAX_AUTHOR_CHARS]
