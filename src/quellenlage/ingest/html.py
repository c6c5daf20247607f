"""HTML page → ``Article``: main text and metadata with trafilatura, structure from the markup.

trafilatura finds the main content and the metadata (title, date, author, site); the page's
own markup then tells what scraped text can only guess: the kicker (``class="kicker"``,
Dachzeile...), the lead (``class="lead"``, teaser, intro), subheadings (``<h2>``...),
captions and credits (``<figcaption>``, credit/copyright classes) and quotations
(``<blockquote>``, kept in the text as a quoted paragraph so attribution sees a direct quote).
The clean text is laid out like the text ingest does it: blocks separated by blank lines.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from ..errors import InvalidInput, NoSentence, require
from ..model import Article, ArticleMeta, Block, MediaItem, Paragraph
from ..settings import DEFAULT_SETTINGS, Settings

# Class/id fragments that mark structure in news CMS markup (German and English names).
_KICKER = re.compile(
    r"kicker|dachzeile|spitzmarke|overline|topline|roofline|supertitle|eyebrow|vorspann-?titel",
    re.I,
)
_LEAD = re.compile(r"\blead\b|lead-?text|teaser|intro|standfirst|vorspann|article-?summary", re.I)
_CREDIT = re.compile(
    r"credit|copyright|urheber|bildquelle|quelle|source|photographer|fotograf", re.I
)
_DOCUMENT = re.compile(r"<(html|body)[\s>]", re.I)
_NOT_CONTENT = {"html", "head", "body", "meta", "link", "script", "style", "img", "a", "nav"}
_QUOTES = "\"„“”«»‚‘’'"


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML payload: charset from the HTTP header, else the page, else detection."""
    charset = None
    if content_type:
        m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
        charset = m.group(1) if m else None
    if charset is None:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
        charset = m.group(1).decode("ascii", "replace") if m else None
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        from ..errors import UndecodableInput

        raise UndecodableInput("the HTML page is in no encoding that could be detected")
    return str(best)


def html_to_article(
    html: str, *, meta: ArticleMeta | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Article:
    """Extract the main text of an HTML page and structure it into an ``Article``.

    ``meta`` fields that are set win over what the page says (a WARC record's URL and date
    are the crawl's truth); empty ones are filled from the page's metadata.
    """
    if not html.strip():
        raise InvalidInput("the HTML page is empty")
    if len(html) > settings.max_text_chars * 4:
        from ..errors import InputTooLarge

        raise InputTooLarge(
            f"the HTML page has {len(html):,} characters; the limit is "
            f"{settings.max_text_chars * 4:,}"
        )
    trafilatura = require("trafilatura", "html")
    # trafilatura logs its failures at ERROR level; ours are raised with a clear message.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    if not _DOCUMENT.search(html[:4096]):
        html = f"<html><body>{html}</body></html>"  # a fragment: trafilatura wants a page
    lxml_html = require("lxml.html", "html")
    given = meta or ArticleMeta()
    doc = trafilatura.bare_extraction(
        html,
        url=given.url,
        with_metadata=True,
        include_images=True,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        as_dict=False,
    )
    if doc is None or doc.body is None:
        raise NoSentence("no main text found in the HTML page")
    try:
        tree = lxml_html.fromstring(html)
    except Exception as exc:  # lxml raises several types on broken markup
        raise InvalidInput(f"the HTML page cannot be parsed: {exc}") from exc

    title = _clean(doc.title) or None
    scope = _main_scope(tree)
    kicker = _first_text(scope, _KICKER, max_chars=150)
    media, caption_texts = _media(scope)
    lead: str | None = None
    parts: list[tuple[str, str]] = []  # (kind, text) in reading order
    furniture: list[str] = []  # captions/credits that trafilatura left in the body
    for el in doc.body.iter("head", "p", "quote", "list", "item"):
        if el.tag == "item" or (
            el.tag == "p"
            and el.getparent() is not None
            and el.getparent().tag in ("quote", "list", "item")
        ):
            continue  # taken with their container
        text = _clean(" ".join(el.itertext()))
        if not text or text == kicker:
            continue
        if text in caption_texts:
            furniture.append(text)
            continue
        if el.tag == "head":
            if title and text == title:
                continue
            if el.get("rend") == "h1" and title is None:
                title = text
                continue
            parts.append(("subheading", text))
        elif el.tag == "quote":
            if text[0] not in _QUOTES:
                text = f"„{text}“"  # blockquote = a verbatim quotation; say so in the text
            parts.append(("body", text))
        elif el.tag == "list":
            items = [_clean(" ".join(i.itertext())) for i in el.iter("item")]
            parts.extend(("body", i) for i in items if i)
        else:
            if lead is None and not parts and _LEAD.search(el.get("class") or ""):
                lead = text
                continue
            parts.append(("body", text))
    if lead is None:
        marked = _first_text(scope, _LEAD, max_chars=1500)
        if marked and parts and parts[0][1] == marked:
            lead = parts.pop(0)[1]
    return _assemble(
        kicker=kicker,
        title=title,
        lead=lead,
        parts=parts,
        media=media,
        furniture=furniture,
        meta=_merge_meta(given, doc),
    )


def _assemble(
    *,
    kicker: str | None,
    title: str | None,
    lead: str | None,
    parts: list[tuple[str, str]],
    media: list[MediaItem],
    furniture: list[str],
    meta: ArticleMeta,
) -> Article:
    """Lay the blocks out as one clean text (blank line between blocks) with their offsets."""
    chunks: list[str] = []
    blocks: list[Block] = []
    paragraphs: list[Paragraph] = []
    pos = 0

    def add(kind: str, text: str) -> None:
        nonlocal pos
        if chunks:
            chunks.append("\n\n")
            pos += 2
        start, end = pos, pos + len(text)
        chunks.append(text)
        pos = end
        blocks.append(Block(kind=kind, start=start, end=end))  # type: ignore[arg-type]
        if kind in ("body", "subheading"):
            paragraphs.append(Paragraph(text=text, kind=kind, start=start, end=end))  # type: ignore[arg-type]

    for kind, text in (("kicker", kicker), ("title", title), ("lead", lead)):
        if text:
            add(kind, text)
    for kind, text in parts:
        add(kind, text)
    clean = "".join(chunks)
    if not clean.strip():
        raise NoSentence("no main text found in the HTML page")
    return Article(
        kicker=kicker,
        title=title,
        lead=lead,
        paragraphs=paragraphs,
        media=media,
        furniture=furniture,
        text=clean,
        blocks=blocks,
        meta=meta,
    )


def _merge_meta(given: ArticleMeta, doc: object) -> ArticleMeta:
    """Given metadata wins; the page's metadata fills the gaps; the outlet falls back to host."""
    outlet = given.outlet or _clean(getattr(doc, "sitename", None)) or None
    url = given.url or getattr(doc, "url", None)
    if outlet is None and url:
        host = urlsplit(url).hostname or ""
        outlet = host.removeprefix("www.") or None
    return given.model_copy(
        update={
            "url": url,
            "date": given.date or getattr(doc, "date", None),
            "author": given.author or _clean(getattr(doc, "author", None)) or None,
            "outlet": outlet,
            "input_format": given.input_format or "html",
        }
    )


def _media(tree: object) -> tuple[list[MediaItem], set[str]]:
    """Captions and credits of ``<figure>`` elements; also the texts to keep out of the body."""
    media: list[MediaItem] = []
    seen: set[str] = set()
    for fig in tree.iter("figure"):  # type: ignore[attr-defined]
        cap_el = next(iter(fig.iter("figcaption")), None)
        if cap_el is None:
            continue
        credit_els = [
            e for e in cap_el.iter() if e is not cap_el and _CREDIT.search(_classes(e))
        ] + [e for e in fig.iter() if e.getparent() is fig and _CREDIT.search(_classes(e))]
        credit = _clean(" ".join(" ".join(e.itertext()) for e in credit_els)) or None
        full = _clean(" ".join(cap_el.itertext()))
        caption = full
        if credit:
            caption = _clean(full.replace(credit, ""))
        if not caption and not credit:
            continue
        seen.update(x for x in (full, caption, credit) if x)
        media.append(MediaItem(caption=caption, credit=credit))
    return media, seen


def _main_scope(tree: object) -> object:
    """The article element (else ``<main>``, else the page): kickers of teasers elsewhere on
    the page must not become this article's kicker."""
    for tag in ("article", "main"):
        found = next(iter(tree.iter(tag)), None)  # type: ignore[attr-defined]
        if found is not None:
            return found
    return tree


def _first_text(tree: object, pattern: re.Pattern[str], *, max_chars: int) -> str | None:
    """Text of the first element whose class or id matches ``pattern`` (kicker, lead).

    Longer texts are containers that merely carry such a class name, not the part itself.
    """
    for el in tree.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str) or el.tag in _NOT_CONTENT:
            continue
        if pattern.search(_classes(el)):
            text = _clean(" ".join(el.itertext()))
            if text and len(text) <= max_chars:
                return text
    return None


def _classes(el: object) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"  # type: ignore[attr-defined]


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
