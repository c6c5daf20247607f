"""The page's own metadata: JSON-LD, OpenGraph, ``<meta>`` tags, microdata, ``<link>``.

Read before any heuristic, because a publisher states here what a heuristic can only guess:
the headline, the teaser, the authors, the publication date with its time zone, the
publisher and the section. Every value is kept with its source (``json-ld``, ``opengraph``,
``meta``, ``microdata``, ``link``), in priority order, so that ``html.py`` can choose per
field, check the choice against the visible text and record which source won.

JSON-LD: ``NewsArticle``/``Article`` and their subtypes, found at the top level, inside
``@graph`` and in lists; ``@id`` references (a publisher or author given once in the graph)
are resolved. Broken JSON-LD (comments, CDATA, control characters) is read where possible and
skipped where not; it never fails the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputTooComplex
from .dates import iso_date
from .htmlparse import clean, text_of
from .streams import loads_bounded

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "techarticle",
        "scholarlyarticle",
        "advertisercontentarticle",
    }
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage"})
_JSON_JUNK = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$", re.M)
_MAX_LD_CHARS = 2_000_000
_ABSOLUTE = re.compile(r"https?://[^/\s]+", re.I)

# <meta name=...> keys (lower case) → field.
_META_NAMES: dict[str, str] = {
    "description": "description",
    "twitter:description": "description",
    "dc.description": "description",
    "twitter:title": "headline",
    "dc.title": "headline",
    "parsely-title": "headline",
    "title": "headline",
    "author": "author",
    "dc.creator": "author",
    "parsely-author": "author",
    "sailthru.author": "author",
    "byl": "author",
    "date": "date",
    "publish-date": "date",
    "pubdate": "date",
    "publishdate": "date",
    "publication_date": "date",
    "article.published": "date",
    "dc.date": "date",
    "dc.date.issued": "date",
    "dcterms.date": "date",
    "dcterms.created": "date",
    "parsely-pub-date": "date",
    "sailthru.date": "date",
    "last-modified": "modified",
    "dcterms.modified": "modified",
    "article.updated": "modified",
    "publisher": "publisher",
    "dc.publisher": "publisher",
    "application-name": "site_name",
    "section": "section",
    "parsely-section": "section",
    "article-section": "section",
}
_OPENGRAPH: dict[str, str] = {
    "og:title": "headline",
    "og:description": "description",
    "og:site_name": "site_name",
    "og:url": "url",
    "og:type": "type",
    "article:published_time": "date",
    "article:modified_time": "modified",
    "article:section": "section",
    "article:author": "author",
}
_DATE_FIELDS = frozenset({"date", "modified"})


@dataclass(slots=True)
class PageMeta:
    """Candidate values per field, each ``(source, value)``, best source first."""

    values: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Elements that microdata marks (headline, description, articleBody), for html.py.
    marked: dict[str, Any] = field(default_factory=dict)
    live: bool = False

    def add(self, name: str, source: str, value: Any) -> None:
        """Add a candidate; empty values and repeats of the same value are left out."""
        if not isinstance(value, str):
            return
        text = iso_date(value) if name in _DATE_FIELDS else clean(value)
        if not text or (name == "url" and not _ABSOLUTE.match(text)):
            return  # a relative canonical link says nothing without the page's own URL
        entries = self.values.setdefault(name, [])
        if all(v != text for _, v in entries):
            entries.append((source, text))

    def get(self, name: str) -> list[tuple[str, str]]:
        """All candidates of a field, best first."""
        return self.values.get(name, [])

    def first(self, name: str) -> tuple[str, str] | None:
        """The best candidate of a field, or ``None``."""
        entries = self.values.get(name)
        return entries[0] if entries else None


def read_page_meta(tree: Any, max_depth: int) -> PageMeta:
    """Everything the page says about itself, JSON-LD first, then microdata, OpenGraph, meta."""
    meta = PageMeta()
    _json_ld(tree, meta, max_depth)
    _microdata(tree, meta)
    _meta_tags(tree, meta)
    for link in tree.iterfind(".//link[@rel]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            meta.add("url", "link", link.get("href"))
    return meta


# --------------------------------------------------------------------------- JSON-LD


def _json_ld(tree: Any, meta: PageMeta, max_depth: int) -> None:
    items: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script[@type]"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        data = _load_ld(script.text or "", max_depth)
        if data is not None:
            items.extend(_items(data))
    by_id = {i["@id"]: i for i in items if isinstance(i.get("@id"), str)}
    articles = [i for i in items if _types(i) & ARTICLE_TYPES]
    pages = [i for i in items if _types(i) & _PAGE_TYPES]
    meta.live = any("liveblogposting" in _types(i) for i in articles)
    main = _main_article(articles)
    for item in ([main] if main else []) + pages:
        _ld_fields(item, meta, by_id, "json-ld")


def _load_ld(text: str, max_depth: int) -> Any:
    if len(text) > _MAX_LD_CHARS:
        return None
    text = _JSON_JUNK.sub("", text).strip()
    if not text:
        return None
    try:
        if len(text) < 100_000 and text.count("[") + text.count("{") <= max_depth:
            return json.loads(text, strict=False)
        return loads_bounded(text, max_depth)
    except (ValueError, RecursionError, InputTooComplex):
        return None


def _items(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Typed JSON-LD objects at the top, in ``@graph`` and in lists (not inside values)."""
    if depth > 8:
        return
    if isinstance(data, list):
        for x in data:
            yield from _items(x, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _items(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list) and _types_any(main) & ARTICLE_TYPES:
            yield from _items(main, depth + 1)


def _types(item: dict[str, Any]) -> set[str]:
    raw = item.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {n.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for n in names if isinstance(n, str)}


def _types_any(data: Any) -> set[str]:
    if isinstance(data, list):
        return set().union(*(_types(x) for x in data if isinstance(x, dict)))
    return _types(data) if isinstance(data, dict) else set()


def _main_article(articles: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The article the page is about: one with a body, else one with a headline."""
    if not articles:
        return None
    # A live blog's updates are BlogPostings too: the live blog itself is the article.
    live = [a for a in articles if "liveblogposting" in _types(a)]
    for pool in (live, [a for a in articles if a.get("articleBody")], articles):
        with_headline = [a for a in pool if a.get("headline") or a.get("name")]
        if with_headline:
            return with_headline[0]
    return articles[0]


def _ld_fields(item: dict[str, Any], meta: PageMeta, by_id: dict[str, Any], src: str) -> None:
    meta.add("headline", src, _text(item.get("headline")) or _text(item.get("name")))
    meta.add("description", src, _text(item.get("description")))
    meta.add("body", src, _text(item.get("articleBody")))
    meta.add("date", src, _text(item.get("datePublished")) or _text(item.get("dateCreated")))
    meta.add("modified", src, _text(item.get("dateModified")))
    meta.add("section", src, _text(item.get("articleSection")))
    meta.add("url", src, _text(item.get("url")))
    for name in _names(item.get("author"), by_id):
        meta.add("author", src, name)
    for name in _names(item.get("publisher"), by_id)[:1]:
        meta.add("publisher", src, name)


def _text(value: Any) -> str | None:
    """A string value, or the first string of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


def _names(value: Any, by_id: dict[str, Any]) -> list[str]:
    """Names of authors or publishers: strings, objects with a name, ``@id`` references."""
    out: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict) and "name" not in entry and entry.get("@id") in by_id:
            entry = by_id[entry["@id"]]
        name = entry.get("name") if isinstance(entry, dict) else entry
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        if isinstance(name, str) and clean(name) and not name.startswith(("http:", "https:")):
            out.append(clean(name))
    return out


# --------------------------------------------------------------------------- microdata


def _microdata(tree: Any, meta: PageMeta) -> None:
    for scope in tree.iterfind(".//*[@itemtype]"):
        kind = (scope.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1].lower()
        if kind not in ARTICLE_TYPES:
            continue
        for el in scope.iterfind(".//*[@itemprop]"):
            prop = (el.get("itemprop") or "").strip()
            if prop in ("headline", "description", "articleBody"):
                meta.marked.setdefault(prop, el)
                name = {"articleBody": "body"}.get(prop, prop)
                meta.add(name, "microdata", el.get("content") or text_of(el))
            elif prop in ("datePublished", "dateModified"):
                value = el.get("content") or el.get("datetime") or text_of(el)
                meta.add("date" if prop == "datePublished" else "modified", "microdata", value)
            elif prop in ("author", "publisher"):
                inner = el.find(".//*[@itemprop='name']")
                value = el.get("content") or text_of(inner if inner is not None else el)
                meta.add(prop, "microdata", value)
        return  # the first article scope is the article


# --------------------------------------------------------------------------- meta tags


def _meta_tags(tree: Any, meta: PageMeta) -> None:
    later: list[tuple[str, str, str]] = []
    for el in tree.iterfind(".//meta"):
        content = el.get("content")
        if not content:
            continue
        prop = (el.get("property") or "").strip().lower()
        name = (el.get("name") or "").strip().lower()
        if prop in _OPENGRAPH or name in _OPENGRAPH:
            key = _OPENGRAPH[prop or name]
            if key == "author" and content.startswith(("http:", "https:")):
                continue  # article:author is often a profile URL
            meta.add(key, "opengraph", content)
        elif name in _META_NAMES:
            later.append((_META_NAMES[name], "meta", content))
    for key, src, content in later:  # plain meta tags rank below OpenGraph
        meta.add(key, src, content)
    title = tree.find(".//title")
    if title is not None:
        meta.add("title_tag", "title-tag", text_of(title))
