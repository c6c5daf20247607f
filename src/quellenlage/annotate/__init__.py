"""Annotate: clean text → ``Doc`` (sentences, tokens with offsets, STTS tags, Konjunktiv).

PLACEHOLDER (to be replaced by the annotate work): regex tokens, naive sentence split.
"""

from __future__ import annotations

import re

from ..model import Article, Doc, Sentence, Token

_TOKEN = re.compile(r"\w+(?:[-.']\w+)*|[^\w\s]", re.UNICODE)


def annotate_article(article: Article) -> Doc:
    """Cut each block of the article into sentences of tagged tokens."""
    text = article.text
    sentences: list[Sentence] = []
    for block in article.blocks or []:
        toks: list[Token] = []
        for m in _TOKEN.finditer(text, block.start, block.end):
            toks.append(Token(m.group(), m.start(), m.end()))
            if m.group() in ".!?":
                sentences.append(Sentence(toks, toks[0].start, toks[-1].end, block.kind))
                toks = []
        if toks:
            sentences.append(Sentence(toks, toks[0].start, toks[-1].end, block.kind))
    return Doc(text, sentences)


def annotate_tokens(sentences: list[list[str]]) -> Doc:
    """Annotate pre-tokenized sentences without changing a single token."""
    return Doc.from_tokens(sentences)
