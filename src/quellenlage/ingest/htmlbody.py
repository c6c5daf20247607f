"""The body of an HTML page: trafilatura's main text, checked block by block against the page.

1. trafilatura (balanced settings) finds the main text: paragraphs, subheadings, lists and
   quotations in reading order;
2. each block is looked up in the page (``htmlindex``): a block inside a box that is not the
   article (related stories, appeals, consent placeholders, author boxes ...; a box that holds
   most of the main text is the article itself, whatever its class says), a hidden one, a
   caption, or one that a furniture pattern names goes to ``furniture``;
3. real paragraphs that trafilatura dropped between the first and the last block it kept,
   inside the same container, come back (recall); so do the paragraphs of a JSON-LD
   ``articleBody`` that the page shows (a body the page does not show is not the body);
4. a page where trafilatura finds nothing still yields its visible paragraphs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from ..errors import require
from .furniture import furniture_lexicon, looks_like_credit
from .htmlindex import BOX_TAG_KINDS, SourceBlock, SourceIndex, text_key
from .htmlparse import clean
from .shapes import is_paragraph, is_sentence_like

_QUOTES = "\"„“”«»‚‘’'"
# A box holding at least this share of the main text's blocks is the article itself.
_ARTICLE_SHARE = 0.34
# Furniture kinds that head a box of link lines.
_BOX_KINDS = frozenset({"related", "newsletter"})
# A line whose text is this much link text and no sentence is a link, not article text.
_LINK_LINE_SHARE = 0.9
# Recovered paragraphs: mostly not link text.
_MAX_LINK_SHARE = 0.4
# A JSON-LD body counts as shown when this share of its text is found in visible blocks.
_SHOWN_SHARE = 0.6
# Parts looked up block by block when they match no single block (cost bound), and how
# many unrelated blocks may stand between the blocks of one glued part.
_MAX_SPLITS = 50
_GLUE_SLACK = 5
# Fewer characters of sentences than this: the balanced extraction missed the text.
_ESCALATE_CHARS = 200


@dataclass(slots=True)
class Part:
    """One block of the body: its kind (body, subheading), text, and where it came from."""

    kind: str
    text: str
    source: SourceBlock | None
    origin: str = "trafilatura"
    checked: bool = False  # already passed sort_out: not checked again


def trafilatura_parts(tree: Any, url: str | None) -> list[Part]:
    """The main text as trafilatura sees it: balanced settings, no comments, no tables;
    when that finds (almost) no sentences, once more favouring recall, with tables (old
    pages lay their text out in tables)."""
    parts = _extract(tree, url, recall=False)
    if sum(len(p.text) for p in parts if is_sentence_like(p.text)) < _ESCALATE_CHARS:
        more = _extract(tree, url, recall=True)
        if sum(len(p.text) for p in more) > sum(len(p.text) for p in parts):
            return more
    return parts


def _extract(tree: Any, url: str | None, *, recall: bool) -> list[Part]:
    trafilatura = require("trafilatura", "html")
    # trafilatura logs its failures at ERROR level; ours are raised with a clear message.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=recall,
        include_images=False,
        favor_recall=recall,
    )
    body = getattr(doc, "body", None)
    if body is None:
        return []
    parts: list[Part] = []
    for el in body.iter("head", "p", "quote", "list", "item"):
        parent = el.getparent()
        if el.tag == "item" or (
            el.tag == "p" and parent is not None and parent.tag in ("quote", "list", "item")
        ):
            continue  # taken with their container
        if el.tag == "list":
            for item in el.iter("item"):
                text = clean(" ".join(item.itertext()))
                if text:
                    parts.append(Part("body", text, None))
            continue
        text = clean(" ".join(el.itertext()))
        if not text:
            continue
        if el.tag == "quote" and text[0] not in _QUOTES:
            text = f"„{text}“"  # blockquote = a verbatim quotation; say so in the text
        parts.append(Part("subheading" if el.tag == "head" else "body", text, None))
    return parts


def locate(parts: list[Part], index: SourceIndex) -> list[Part]:
    """Find each part's block in the page; a part that is several blocks glued together
    (trafilatura joins the paragraphs of tiny pages: "…Wochenende.Zweiter Absatz…") is split
    back into them."""
    out: list[Part] = []
    unlocated = 0
    for part in parts:
        part.source = index.find(part.text)
        inner = _inner_paragraphs(part.source, index) if part.source is not None else []
        if inner:  # a quotation of several paragraphs: each stays a paragraph
            out.extend(Part(part.kind, b.text, b, part.origin) for b in inner)
            continue
        if part.source is None and unlocated < _MAX_SPLITS:
            unlocated += 1
            pieces = _glued_blocks(text_key(part.text), index)
            if pieces:
                out.extend(Part(part.kind, b.text, b, part.origin) for b in pieces)
                continue
        out.append(part)
    return out


def _inner_paragraphs(block: SourceBlock, index: SourceIndex) -> list[SourceBlock]:
    """The paragraphs inside a <blockquote> of more than one paragraph, else []."""
    if block.tag != "blockquote" or block.index < 0:
        return []
    inner = []
    for other in index.blocks[block.index + 1 : block.index + 1 + _GLUE_SLACK * 20]:
        if not any(a is block.el for a in other.el.iterancestors()):
            break
        if other.tag == "p":
            inner.append(other)
    return inner if len(inner) > 1 else []


def _glued_blocks(key: str, index: SourceIndex) -> list[SourceBlock]:
    """The visible blocks, in order, whose texts make up ``key``, or []. Blocks that are no
    part of it (an image caption between the paragraphs of a quotation) are passed over."""
    found: list[SourceBlock] = []
    pos = 0
    for block in index.blocks:
        if not block.key:
            continue
        if key.startswith(block.key, pos):
            found.append(block)
            pos += len(block.key)
            if pos == len(key):
                return found if len(found) > 1 else []
        elif found and (block.key in key or block.index - found[-1].index > _GLUE_SLACK):
            return []
    return []


def sort_out(
    parts: list[Part], index: SourceIndex, captions: set[str]
) -> tuple[list[Part], list[str]]:
    """``(kept, furniture)``: the parts that are article text, and what was removed."""
    located = [p for p in parts if p.source is not None]
    shares = _box_shares(located, index)
    kept: list[Part] = []
    furniture: list[str] = []
    lex = furniture_lexicon()
    in_box = False  # after a "Mehr zum Thema" header: the link lines that follow it
    for part in parts:
        if part.checked:
            kept.append(part)
            in_box = False
            continue
        src = part.source
        caption = text_key(part.text) in captions or (src is not None and src.in_figure)
        boxed = src is not None and _in_foreign_box(src, len(located), index, shares)
        hit = lex.match(part.text)
        pattern = hit is not None or looks_like_credit(part.text)
        linked = in_box and _is_link_line(part)
        if caption or boxed or pattern or linked:
            furniture.append(part.text)
            in_box = (hit is not None and hit[0] in _BOX_KINDS) or (in_box and linked)
        else:
            part.checked = True
            kept.append(part)
            in_box = False
    while kept and (
        (kept[-1].kind == "subheading" and not is_sentence_like(kept[-1].text))
        or _is_link_line(kept[-1])
    ):
        # A heading with nothing after it heads nothing; a run of bare links at the end of
        # the text is navigation ("Diskussionsforum", "Kleinanzeigen").
        furniture.append(kept.pop().text)
    return kept, furniture


def _is_link_line(part: Part) -> bool:
    """A line that is all link and no sentence: navigation or a teaser link."""
    return (
        part.kind == "body"
        and part.source is not None
        and part.source.link_share >= _LINK_LINE_SHARE
        and not is_sentence_like(part.text)
    )


def _signature(kind: str, box: Any) -> tuple[str, str]:
    """Boxes of one kind and first class name count as one box: the sections of an article
    ("TestReport__Section", each with an ad slot) are together the article."""
    first = (box.get("class") or "").split()
    return kind, first[0] if first else box.tag


def _boxes(block: SourceBlock, index: SourceIndex) -> list[tuple[str, Any]]:
    out = []
    found = index.box_of(block.el)
    while found is not None:
        out.append(found)
        parent = found[1].getparent()
        found = index.box_of(parent) if parent is not None else None
    return out


def _box_shares(located: list[Part], index: SourceIndex) -> dict[tuple[str, str], int]:
    """How many located parts each box signature holds."""
    counts: dict[tuple[str, str], int] = {}
    for part in located:
        if part.source is None:
            continue
        for sig in {_signature(kind, box) for kind, box in _boxes(part.source, index)}:
            counts[sig] = counts.get(sig, 0) + 1
    return counts


def _in_foreign_box(
    block: SourceBlock, n_located: int, index: SourceIndex, shares: dict[tuple[str, str], int]
) -> bool:
    """Inside a box that is not the article: one holding only a small share of the main
    text. With fewer than three located blocks a share says nothing: then only a box by tag
    (aside, nav, footer, form) is foreign, and only for what is not a real paragraph (a
    navigation link, not the one paragraph of a short article some CMS put in <aside>)."""
    for kind, box in _boxes(block, index):
        if n_located < 3:
            if kind in BOX_TAG_KINDS and not is_paragraph(block.text):
                return True
            continue
        if shares.get(_signature(kind, box), 0) < _ARTICLE_SHARE * n_located:
            return True
    return False


def _contains(box: Any, el: Any) -> bool:
    return el is box or any(a is box for a in el.iterancestors())


def recover(parts: list[Part], index: SourceIndex) -> list[Part]:
    """Sentences trafilatura dropped between its first and last block, in the same container
    ("Ja." between two paragraphs); ``sort_out`` checks them like every other part."""
    located = [p for p in parts if p.source is not None and p.source.index >= 0]
    if len(located) < 2:
        return parts
    first = min(p.source.index for p in located if p.source is not None)
    last = max(p.source.index for p in located if p.source is not None)
    container = _common_ancestor([p.source.el for p in located if p.source is not None])
    have = {text_key(p.text) for p in parts}
    extra: list[Part] = []
    for block in index.blocks[first + 1 : last]:
        if (
            block.key not in have
            and block.tag in ("p", "blockquote")
            and not block.in_figure
            and block.link_share <= _MAX_LINK_SHARE
            and (is_paragraph(block.text) or is_sentence_like(block.text))
            and (container is None or _contains(container, block.el))
            and index.box_of(block.el) is None
        ):
            extra.append(Part("body", block.text, block, "markup"))
            have.add(block.key)
    return merge_in_order(parts, extra) if extra else parts


def _common_ancestor(elements: list[Any]) -> Any:
    """The lowest element that contains all of ``elements``."""
    chains = [[el, *el.iterancestors()] for el in elements]
    shared = set(map(id, chains[0]))
    for chain in chains[1:]:
        shared &= set(map(id, chain))
    return next((el for el in chains[0] if id(el) in shared), None)


def merge_in_order(parts: list[Part], extra: list[Part]) -> list[Part]:
    """Insert each extra part after the last part that comes before it on the page (one
    pass over both lists: pages of many thousand paragraphs stay linear)."""
    pending = sorted(extra, key=lambda p: p.source.index if p.source else 0)
    out: list[Part] = []
    k = 0
    for part in parts:
        here = part.source.index if part.source is not None else -1
        while here >= 0 and k < len(pending) and _position(pending[k]) < here:
            out.append(pending[k])
            k += 1
        out.append(part)
    out.extend(pending[k:])
    return out


def _position(part: Part) -> int:
    return part.source.index if part.source is not None else 0


def shown_body(body: str | None, index: SourceIndex) -> list[Part] | None:
    """The visible paragraphs of a JSON-LD ``articleBody``, or ``None`` when the page does
    not show it (a body the page does not show is not the body)."""
    if not body:
        return None
    whole = text_key(body)
    if len(whole) < 40:
        return None
    found: list[Part] = []
    covered = 0
    for block in index.blocks:
        if len(block.key) >= 20 and block.key in whole and not block.in_figure:
            kind = "subheading" if block.tag in ("h2", "h3", "h4", "h5", "h6") else "body"
            found.append(Part(kind, block.text, block, "json-ld"))
            covered += len(block.key)
    if covered < _SHOWN_SHARE * len(whole):
        return None
    return found


def visible_paragraphs(index: SourceIndex) -> list[Part]:
    """The page's own paragraphs, when the extractor found none: sentences outside boxes;
    on a page whose only sentences are in a box, those (a page with real paragraphs always
    yields them)."""
    candidates = [
        block
        for block in index.blocks
        if block.tag in ("p", "blockquote", "li", "dd", "div", "td")
        and not block.in_figure
        and block.link_share <= _MAX_LINK_SHARE
        and (is_sentence_like(block.text) or is_paragraph(block.text))
    ]
    outside = [b for b in candidates if index.box_of(b.el) is None]
    return [Part("body", b.text, b, "markup") for b in outside or candidates]
