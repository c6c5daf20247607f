"""What the page shows, block by block: the visible text blocks of the markup, in order.

The extractor (trafilatura) returns text without saying where it came from; this index maps
a text back to its element (by a key of its letters and digits, so that spacing and quote
marks do not matter) and says what the element is part of: hidden or screen-reader-only,
a caption, a box that is not the article (related stories, newsletter and subscription
appeals, consent placeholders, share rows, author boxes, comments, ads), the page's header,
navigation or footer. ``html.py`` uses it to check every choice against the visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .htmlparse import NON_TEXT_TAGS, classes, is_hidden, text_of

BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "dd")
# Elements that hold text directly on pages without paragraph markup (<div>Text<br>Text</div>,
# a link in a navigation bar): indexed for lookups only, when small.
LOOSE_TAGS = ("span", "a", "td", "section", "strong", "b", "em", "font", "center", "dt")
_LOOSE_MAX_CHILDREN = 8
_STRUCTURE_CHILDREN = frozenset({"p", "div", "section", "article", "ul", "ol", "table"})
# Containers that are never the article, by tag.
_BOX_TAGS = {"aside": "aside", "nav": "nav", "footer": "footer", "form": "form"}
BOX_TAG_KINDS = frozenset(_BOX_TAGS.values())
# ... and by class or id: (kind, pattern) on class tokens and their parts.
_BOX_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:"
    r"(?P<related>related|recommend\w*|empfehlung\w*|weitere-?artikel|more-?(?:articles|stories|news)"
    r"|read-?more|also-?read|lesetipp\w*|teaser-?(?:list|box|row)|article-?list|mehr-?zum-?thema)"
    r"|(?P<promo>newsletter|promo\w*|paywall|subscri\w*|abo(?:nnement\w*|-\w+)?|plus-?teaser|shop\w*|product\w*"
    r"|offer\w*|angebot\w*|deal\w*|affiliate)"
    r"|(?P<consent>consent|cmp|cookie\w*|gdpr|privacy-?\w+|embed-?(?:placeholder|consent|wrapper)"
    r"|opt-?in|two-?click|zwei-?klick)"
    r"|(?P<share>social\w*|share\w*|sharing|teilen)"
    r"|(?P<comments>comments?|kommentar\w*|discussion|disqus)"
    r"|(?P<ad>ad-?(?:slot|container|wrapper|unit|box)|ads|advert\w*|anzeige\w*|outbrain|taboola|plista"
    r"|sponsor\w*)"
    r"|(?P<author>author(?:[_-]?(?:box|bio|info\w*|profile|card|container|details|about))?"
    r"(?=$|\s|__)|autor\w*|byline\w*)"
    r"|(?P<navigation>breadcrumbs?|menu|navigation|navbar|skip-?links?|sidebar|widget\w*|tags?-?list"
    r"|tag-?cloud|pagination|site-?header|site-?footer)"
    r")(?=$|[\s_-])",
    re.I,
)
_WORDS = re.compile(r"\w+")


def text_key(text: str) -> str:
    """Letters and digits only, case-folded: the same key for the same text, however spaced."""
    return "".join(_WORDS.findall(text.casefold()))


@dataclass(slots=True)
class SourceBlock:
    """One visible block of the page (paragraph, heading, list item, quote, caption)."""

    index: int
    el: Any
    tag: str
    text: str
    key: str
    in_figure: bool
    link_share: float  # share of the text that is link text


class SourceIndex:
    """The visible blocks of a page and the boxes around them."""

    def __init__(self, tree: Any) -> None:
        self.tree = tree
        self.blocks: list[SourceBlock] = []
        self.by_key: dict[str, SourceBlock] = {}
        self._box: dict[Any, str | None] = {}
        self._hidden: dict[Any, bool] = {}
        self._loose: Any = None
        # The element the article lives in (set by html.py): never a box.
        self.scope: Any = None
        self._collect()

    def _collect(self) -> None:
        body = self.tree.find("body")
        root = body if body is not None else self.tree
        for el in root.iter(*BLOCK_TAGS, "div", "td"):
            if el.tag in ("div", "td") and not _is_text_div(el):
                continue
            if self.hidden(el):
                continue
            if el.tag == "li" and el.find(".//p") is not None:
                continue  # its paragraphs are blocks of their own
            text = text_of(el)
            if not text:
                continue
            block = SourceBlock(
                index=len(self.blocks),
                el=el,
                tag=el.tag,
                text=text,
                key=text_key(text),
                in_figure=_in_figure(el),
                link_share=_link_share(el, len(text)),
            )
            self.blocks.append(block)
            if block.key:
                self.by_key.setdefault(block.key, block)
        self._loose = root

    def _index_loose(self) -> None:
        """Small elements with their own text, for parts no block explains (built once)."""
        root, self._loose = self._loose, None
        if root is None:
            return
        for el in root.iter(*LOOSE_TAGS):
            if not (el.text and el.text.strip()) or len(el) > _LOOSE_MAX_CHILDREN:
                continue
            if any(child.tag in _STRUCTURE_CHILDREN for child in el) or self.hidden(el):
                continue
            text = text_of(el)
            key = text_key(text)
            if key and key not in self.by_key:
                self.by_key[key] = SourceBlock(
                    index=-1,
                    el=el,
                    tag=el.tag,
                    text=text,
                    key=key,
                    in_figure=_in_figure(el),
                    link_share=_link_share(el, len(text)),
                )

    def block_of(self, el: Any) -> SourceBlock | None:
        """The ordered block of an element: its own, or the block around it when the element
        is all of that block's text (a <strong> that is the whole paragraph)."""
        found = self.find(text_of(el))
        if found is None or found.index >= 0:
            return found
        for anc in el.iterancestors():
            if anc.tag in BLOCK_TAGS or anc.tag in ("div", "td"):
                up = self.find(text_of(anc))
                if up is not None and up.index >= 0 and up.key == found.key:
                    return up
                break
        return found

    def find(self, text: str) -> SourceBlock | None:
        """The visible block with this text, if there is one."""
        key = text_key(text)
        found = self.by_key.get(key)
        if found is None and self._loose is not None:
            self._index_loose()
            found = self.by_key.get(key)
        return found

    def hidden(self, el: Any) -> bool:
        """Hidden itself or inside a hidden element (cached per element)."""
        found = self._hidden.get(el)
        if found is not None:
            return found
        parent = el.getparent()
        result = (
            el.tag in NON_TEXT_TAGS
            or (isinstance(el.tag, str) and el.tag.startswith("amp-") and el.tag != "amp-img")
            or is_hidden(el)
            or (parent is not None and self.hidden(parent))
        )
        self._hidden[el] = result
        return result

    def box_of(self, el: Any) -> tuple[str, Any] | None:
        """The innermost box around ``el`` that is not article text: ``(kind, element)``."""
        node = el
        while node is not None and node.tag not in ("body", "html"):
            if node is self.scope:
                return None  # the article itself is never a box, whatever its classes say
            kind = self._box_kind(node)
            if kind is not None:
                return kind, node
            node = node.getparent()
        return None

    def _box_kind(self, el: Any) -> str | None:
        if el in self._box:
            return self._box[el]
        kind = _BOX_TAGS.get(el.tag) if isinstance(el.tag, str) else None
        if kind is None and (el.get("class") or el.get("id")):
            m = _BOX_CLASSES.search(classes(el))
            kind = m.lastgroup if m else None
        if kind is None and (el.get("role") or "") in ("navigation", "complementary"):
            kind = "nav"
        self._box[el] = kind
        return kind

    def visible_text(self) -> str:
        """All visible block text as one key string (for checks like "is this shown?")."""
        return " ".join(b.key for b in self.blocks)


def _is_text_div(el: Any) -> bool:
    """A <div> (or table cell) used as a paragraph: text of its own, no blocks inside."""
    if any(
        (child.tag in _STRUCTURE_CHILDREN or child.tag in BLOCK_TAGS)
        and child.text_content().strip()
        for child in el
    ):
        return False
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def _in_figure(el: Any) -> bool:
    return any(a.tag in ("figure", "figcaption") for a in el.iterancestors()) or (
        el.tag == "figcaption"
    )


def _link_share(el: Any, total: int) -> float:
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)
