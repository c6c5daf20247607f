"""HTML text → a bounded lxml tree, and the helpers every HTML module shares.

The parse is bounded before and after: markup over ``max_html_chars`` or with more tags than
``max_html_elements`` allows is refused before lxml sees it, a tree deeper than
``max_html_depth`` after (libxml2 itself silently drops elements nested deeper than 256, so
a page that deep is refused with a clear error rather than cut). ``decode_html`` turns the
bytes of an HTTP body or WARC payload into text: the charset from the HTTP header, else the
page's ``<meta charset>``, else detection.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InputTooComplex, InputTooLarge, InvalidInput, UndecodableInput, require
from ..settings import Settings
from .textclean import clean_text

_DOCUMENT = re.compile(r"<(html|body)[\s>]", re.I)
_TAG_OPEN = re.compile(r"<[A-Za-z]")
_WS = re.compile(r"\s+")
# Classes and ids of elements that are hidden, or only there for screen readers.
_HIDDEN_CLASS = re.compile(
    r"(?:^|\s)(?:[\w-]*[_-])?(?:sr-only|screen-?reader(?:-text|-only)?|visually-?hidden|"
    r"a11y-?hidden|offscreen|hidden|hide|d-none|invisible|aural|element-?invisible)(?=$|\s)",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Whose text is never article text.
NON_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "form"})
# Elements inside a word or sentence: their text joins without a space ("<b>Bundes</b>tag").
INLINE_TAGS = frozenset(
    {
        *("a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i"),
        *("img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup"),
        *("time", "u", "var", "wbr", "del", "ins", "nobr", "tt", "big", "strike", "label"),
    }
)


def clean(text: str | None) -> str:
    """Whitespace runs as one space, stripped."""
    return _WS.sub(" ", text or "").strip()


def text_of(el: Any) -> str:
    """The text of an element in reading order, whitespace collapsed; the text of scripts,
    styles and other non-text elements is left out (their tails are kept)."""
    if not isinstance(el.tag, str) or el.tag in NON_TEXT_TAGS:
        return ""
    parts: list[str] = []
    _collect_text(el, parts)
    return clean("".join(parts))


def _collect_text(el: Any, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in NON_TEXT_TAGS:
            if tag in INLINE_TAGS:
                _collect_text(child, parts)
            else:  # a block or a line break separates words: "Satz.<br>Satz", "<p>…</p><p>…"
                parts.append(" ")
                _collect_text(child, parts)
                parts.append(" ")
        if child.tail:
            parts.append(child.tail)


def classes(el: Any) -> str:
    """``class`` and ``id`` of an element, one string."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def is_hidden(el: Any) -> bool:
    """Hidden by attribute, inline style or a screen-reader/hidden class (this element only)."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return bool(_HIDDEN_CLASS.search(classes(el)))


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML payload: charset from the HTTP header, else the page, else detection."""
    charset = None
    if content_type:
        m = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
        charset = m.group(1) if m else None
    if charset is None:
        mb = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
        charset = mb.group(1).decode("ascii", "replace") if mb else None
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
        raise UndecodableInput("the HTML page is in no encoding that could be detected")
    return str(best)


def parse_html(html: str, settings: Settings) -> Any:
    """Parse (clean) HTML text into an lxml document, within the limits of ``settings``.

    A fragment ("<h1>…</h1><p>…</p>") is parsed as the body of a document.
    """
    if len(html) > settings.max_html_chars:
        raise InputTooLarge(
            f"the HTML page has {len(html):,} characters; the limit is {settings.max_html_chars:,}"
        )
    tags = len(_TAG_OPEN.findall(html))
    if tags > settings.max_html_elements:
        raise InputTooComplex(
            f"the HTML page has {tags:,} tags; the limit is {settings.max_html_elements:,} "
            "elements (max_html_elements)"
        )
    lxml_html = require("lxml.html", "html")
    if not _DOCUMENT.search(html[:4096]):
        html = f"<html><body>{html}</body></html>"
    # Comments and processing instructions are dropped at parse time, as trafilatura's own
    # parser does: some trafilatura versions find no main text in a tree that keeps them.
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except Exception as exc:  # lxml raises several types on broken markup
        raise InvalidInput(f"the HTML page cannot be parsed: {exc}") from exc
    limit = settings.max_html_depth
    # An element at depth `limit` exists iff this path of `limit` steps selects anything.
    if tree.xpath("/" + "/".join(["*"] * limit)):
        raise InputTooComplex(
            f"the HTML page nests elements deeper than {limit} levels (max_html_depth)"
        )
    return tree


def clean_tree(tree: Any) -> list[str]:
    """Clean every text, tail and attribute value of a parsed page (``textclean``); the notes
    of what changed. The markup was cleaned before parsing, but character references decode
    only in the parse: ``&#5;`` is a control character, ``&#xFFFE;`` a noncharacter."""
    dirty: list[str] = []
    for el in tree.iter():
        for name in ("text", "tail"):
            value = getattr(el, name)
            cleaned = clean_text(value)[0] if value else value
            if cleaned != value:
                dirty.append(value)
                setattr(el, name, cleaned)
        if isinstance(el.tag, str):
            for key, value in el.attrib.items():
                cleaned = clean_text(value)[0]
                if cleaned != value:
                    dirty.append(value)
                    el.attrib[key] = cleaned
    return clean_text("\n".join(dirty))[1] if dirty else []
