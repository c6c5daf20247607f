"""HTML page → ``Article``: structured metadata first, the body checked against the page.

The order of evidence, per field (``ArticleMeta.provenance`` records which source won):

1. what the input says (``meta`` given by the caller: a CSV/JSONL field, ``--outlet``, a
   WARC header) wins over anything on the page;
2. the page's own structured data (``structured.py``: JSON-LD, microdata, OpenGraph,
   ``<meta>``) for authors, dates, publisher, section, and as the reference the visible
   headline and teaser are matched against;
3. the visible markup (``htmlhead.py``: the ``<h1>``, the marked or described lead, the
   kicker) for title, kicker and lead, and trafilatura for the body (``htmlbody.py``),
   every block checked against the page (``htmlindex.py``);
4. trafilatura's metadata extractor for a date, author or site name nothing else gave.

Captions and credits come from ``<figure>``/``<figcaption>``; removed blocks are listed in
``furniture``. The article is laid out by ``assemble.py`` exactly as the text path does it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import EmptyInput, NoSentence, require
from ..model import Article, ArticleMeta, MediaItem
from ..settings import DEFAULT_SETTINGS, Settings
from .assemble import Piece, assemble
from .furniture import furniture_lexicon
from .htmlbody import (
    Part,
    locate,
    merge_in_order,
    recover,
    shown_body,
    sort_out,
    trafilatura_parts,
    visible_paragraphs,
)
from .htmlhead import Head, choose_lead, choose_title, find_kicker
from .htmlindex import SourceIndex, text_key
from .htmlparse import classes, clean, clean_tree, decode_html, parse_html, text_of
from .metadata import merge_page_meta, prepare_meta, split_authors
from .shapes import is_sentence_like
from .structured import PageMeta, read_page_meta
from .textclean import clean_text

__all__ = ["decode_html", "html_to_article"]

_CREDIT = re.compile(
    r"credit|copyright|urheber|bildquelle|quelle|source|photographer|fotograf", re.I
)
_LOOSE_CAPTION = re.compile(
    r"caption|bildunterschrift|bildtext|image-?(?:text|desc\w*)|img-?(?:text|desc\w*)", re.I
)
_CAPTION_MAX_CHARS = 400
# A paragraph repeated word for word (mobile and desktop copies) is listed once.
_DUPLICATE_MIN_CHARS = 40


def html_to_article(
    html: str, *, meta: ArticleMeta | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Article:
    """Extract the main text of an HTML page and structure it into an ``Article``.

    ``meta`` fields that are set win over what the page says; empty ones are filled from
    the page's metadata, and ``meta.provenance`` says where each value came from.
    """
    html, notes = clean_text(html)
    if not html.strip():
        raise EmptyInput("the HTML page is empty")
    tree = parse_html(html, settings)
    notes += [f"{note} (from a character reference)" for note in clean_tree(tree)]
    given = prepare_meta(meta, "html", notes)
    page = read_page_meta(tree, settings.max_json_depth)
    index = SourceIndex(tree)
    scope = _main_scope(tree, page)
    index.scope = scope
    media, caption_keys = _media(scope, index)
    parts, furniture, body_source = _body(tree, index, page, given.url, caption_keys)
    site_names = [v for _, v in page.get("site_name") + page.get("publisher")]
    head = choose_title(index, page, site_names)
    head.kicker = head.kicker or find_kicker(index, scope, head.title_block)
    if head.kicker and "kicker" not in head.sources:
        head.sources["kicker"] = "markup"
    parts = _take_head(parts, head, index, page, scope, furniture)
    if not head.lead and not any(p.kind == "body" for p in parts):
        raise NoSentence("no main text found in the HTML page")
    head.sources["body"] = body_source
    _bylines(index, scope, furniture, page)
    merged = merge_page_meta(given, page, head.sources, lambda: _extractor_meta(tree, given.url))
    pieces = [Piece(k, t) for k, t in (("kicker", head.kicker), ("title", head.title)) if t]
    if head.lead:
        pieces.append(Piece("lead", head.lead))
    pieces.extend(Piece(p.kind, p.text) for p in parts)
    known = caption_keys | {b.key for b in (head.title_block, head.lead_block) if b is not None}
    furniture.extend(_unused_blocks(index, scope, pieces, known, furniture, parts))
    return assemble(pieces, media, furniture, merged)


def _body(
    tree: Any, index: SourceIndex, page: PageMeta, url: str | None, captions: set[str]
) -> tuple[list[Part], list[str], str]:
    """Body parts, removed furniture, and which source gave the body."""
    parts = locate(trafilatura_parts(tree, url), index)
    kept, furniture = sort_out(parts, index, captions)
    source = "trafilatura"
    ld = page.first("body")
    shown = shown_body(ld[1], index) if ld is not None else None
    if shown:
        have = {text_key(p.text) for p in kept}
        extra = [p for p in shown if p.source is not None and p.source.key not in have]
        if not kept:
            kept, source = shown, ld[0] if ld else "json-ld"
        elif extra:
            kept = merge_in_order(kept, extra)
            source = f"trafilatura+{ld[0] if ld else 'json-ld'}"
        kept, more = sort_out(kept, index, captions)
        furniture.extend(more)
    kept, more = sort_out(recover(kept, index), index, captions)
    furniture.extend(more)
    kept = _dedupe(kept, furniture)
    if not any(is_sentence_like(p.text) for p in kept if p.kind == "body"):
        fallback = visible_paragraphs(index)
        if fallback:
            furniture.extend(p.text for p in kept)
            kept, source = fallback, "markup"
        else:
            # Text the page does not show as a block of its own is not main text here.
            furniture.extend(p.text for p in kept if p.source is None)
            kept = [p for p in kept if p.source is not None]
    kept, tails = _split_tails(kept)
    return kept, furniture + tails, source


def _dedupe(parts: list[Part], furniture: list[str]) -> list[Part]:
    """The first copy of a paragraph printed twice stays, the second goes to furniture."""
    seen: set[str] = set()
    out: list[Part] = []
    for part in parts:
        key = text_key(part.text)
        if len(key) >= _DUPLICATE_MIN_CHARS and key in seen:
            furniture.append(part.text)
            continue
        seen.add(key)
        out.append(part)
    return out


def _split_tails(parts: list[Part]) -> tuple[list[Part], list[str]]:
    """Furniture glued to the end of a paragraph ("… mitteilte. (APA/red)") goes; the
    paragraph stays whole otherwise."""
    lex = furniture_lexicon()
    out: list[Part] = []
    furniture: list[str] = []
    for part in parts:
        text, tails = lex.split_suffix(part.text)
        furniture.extend(t for _, t in tails)
        if text:
            part.text = text
            out.append(part)
    return out, furniture


def _take_head(
    parts: list[Part],
    head: Head,
    index: SourceIndex,
    page: PageMeta,
    scope: Any,
    furniture: list[str],
) -> list[Part]:
    """Choose the lead, and take title, kicker and lead out of the body parts."""
    located = [
        p.source.index
        for p in parts
        if p.source is not None and p.source.index >= 0 and p.kind == "body"
    ]
    first_body = min(located) if located else None
    block, source = choose_lead(index, page, scope, head, first_body)
    if block is not None and source is not None:
        head.lead, head.lead_block = block.text, block
        head.sources["lead"] = source
    drop = {text_key(t) for t in (head.title, head.kicker, head.lead) if t}
    out: list[Part] = []
    for part in parts:
        key = text_key(part.text)
        if key in drop:
            drop.discard(key)  # the first copy is the one shown as title/lead
            continue
        if head.title and part.kind == "subheading" and key == text_key(head.title):
            continue
        out.append(part)
    return out


def _bylines(index: SourceIndex, scope: Any, furniture: list[str], page: PageMeta) -> None:
    """Authors from a visible byline ("Von Marta Lindner und Jonas Weber"), the way the text
    path reads them: a candidate after the structured data."""
    lex = furniture_lexicon()
    blocks = [b.text for b in index.blocks[:200] if scope is None or _inside(b.el, scope)]
    texts = furniture + blocks
    for text in texts:
        hit = lex.match(text)
        if hit is not None and hit[0] == "byline" and hit[1] is not None:
            author = hit[1].groupdict().get("author")
            if author:
                for name in split_authors(author):
                    page.add("author", "byline", name)
                return


def _unused_blocks(
    index: SourceIndex,
    scope: Any,
    pieces: list[Piece],
    known: set[str],
    furniture: list[str],
    parts: list[Part],
) -> list[str]:
    """Visible blocks of the article element that went nowhere (a related-links box, a share
    row, an appeal trafilatura left out): listed in ``furniture`` for audit."""
    if scope is None or scope.tag == "body":
        return []  # without an article element the rest of the page is not furniture of it
    used = {text_key(t) for t in [p.text for p in pieces] + furniture} | known
    kept_elements = {id(p.source.el) for p in parts if p.source is not None}
    out: list[str] = []
    for block in index.blocks:
        if block.key in used or not _inside(block.el, scope):
            continue
        if any(id(a) in kept_elements for a in block.el.iterancestors()):
            continue  # part of a block that was kept (a list item of a kept list)
        used.add(block.key)
        out.append(block.text)
    return out


def _inside(el: Any, scope: Any) -> bool:
    return any(a is scope for a in el.iterancestors())


def _main_scope(tree: Any, page: PageMeta) -> Any:
    """The element the article lives in: microdata's articleBody's article, ``<article>``
    (the one with most text), ``<main>``, or the body."""
    body_el = page.marked.get("articleBody")
    if body_el is not None:
        for anc in body_el.iterancestors():
            if anc.tag == "article" or anc.get("itemscope") is not None:
                return anc
    articles = list(tree.iter("article"))
    if articles:
        return max(articles, key=lambda a: len(a.text_content()))
    main = next(iter(tree.iter("main")), None)
    if main is not None:
        return main
    body = tree.find("body")
    return body if body is not None else tree


def _media(scope: Any, index: SourceIndex) -> tuple[list[MediaItem], set[str]]:
    """Captions and credits of ``<figure>`` elements; also the texts to keep out of the body."""
    media: list[MediaItem] = []
    seen: set[str] = set()
    lex = furniture_lexicon()
    for fig in scope.iter("figure"):
        if index.hidden(fig):
            continue
        cap_el = next(iter(fig.iter("figcaption")), None)
        if cap_el is None:
            continue
        credit_els = [
            e for e in cap_el.iter() if e is not cap_el and _CREDIT.search(classes(e))
        ] + [e for e in fig if isinstance(e.tag, str) and _CREDIT.search(classes(e))]
        credit = clean(" ".join(text_of(e) for e in credit_els)) or None
        full = text_of(cap_el)
        caption = clean(full.replace(credit, "")) if credit else full
        if credit is None:
            # "Das Parlament in Wien. Foto: APA/Hans Muster" in one caption element.
            rest, tails = lex.split_suffix(caption)
            credits = [t for k, t in tails if k == "credit"]
            if credits and rest:
                caption, credit = rest, " ".join(credits)
        if not caption and not credit:
            continue
        seen.update(text_key(x) for x in (full, caption, credit) if x)
        if caption:
            media.append(MediaItem(caption=caption, credit=credit))
    _loose_captions(scope, index, media, seen)
    return media, seen


def _loose_captions(scope: Any, index: SourceIndex, media: list[MediaItem], seen: set[str]) -> None:
    """Captions outside ``<figure>``: elements whose class says caption (Bildunterschrift)."""
    lex = furniture_lexicon()
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag in ("figure", "figcaption", "img"):
            continue
        if not _LOOSE_CAPTION.search(classes(el)) or index.hidden(el):
            continue
        if any(a.tag in ("figure", "figcaption") for a in el.iterancestors()):
            continue
        full = text_of(el)
        if not full or len(full) > _CAPTION_MAX_CHARS or text_key(full) in seen:
            continue
        caption, tails = lex.split_suffix(full)
        credits = [t for k, t in tails if k == "credit"]
        seen.update(text_key(x) for x in (full, caption) if x)
        media.append(MediaItem(caption=caption, credit=" ".join(credits) or None))


def _extractor_meta(tree: Any, url: str | None) -> dict[str, str | None]:
    """trafilatura's metadata extractor, for what the structured data did not say."""
    trafilatura = require("trafilatura", "html")
    doc = trafilatura.extract_metadata(tree, default_url=url, extensive=False)
    return {
        "date": getattr(doc, "date", None),
        "author": getattr(doc, "author", None),
        "site_name": getattr(doc, "sitename", None),
        "title": getattr(doc, "title", None),
    }
