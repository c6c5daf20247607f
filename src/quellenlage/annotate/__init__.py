"""Annotate: clean text → ``Doc`` (sentences, tokens with offsets, STTS tags, lemmas, mood).

``annotate_article`` tokenizes and sentence-splits each block of the article separately (a
sentence never crosses a block boundary) and tags the result; ``annotate_tokens`` tags
pre-tokenized input (SpkAtt files) without changing a single token. The tagger model is loaded
lazily, once per process (see ``tagger.load_tagger``).
"""

from __future__ import annotations

from ..model import Article, Doc, Sentence
from .tagger import load_tagger
from .tokenize import split_sentences, tokenize

__all__ = ["annotate_article", "annotate_text", "annotate_tokens", "segment_article", "warm_up"]


def segment_article(article: Article) -> Doc:
    """Tokens and sentences of every block, untagged (the tagger is not loaded)."""
    text = article.text
    blocks = [(b.kind, b.start, b.end) for b in article.blocks] or [("body", 0, len(text))]
    sentences: list[Sentence] = []
    for kind, start, end in blocks:
        toks = tokenize(text, start, end)
        for sent in split_sentences(text, toks):
            sentences.append(Sentence(sent, sent[0].start, sent[-1].end, kind))
    return Doc(text, sentences)


def annotate_article(article: Article, *, tag: bool = True) -> Doc:
    """Cut each block of the article into sentences of tagged tokens."""
    doc = segment_article(article)
    return load_tagger().tag_doc(doc) if tag else doc


def annotate_text(text: str, *, tag: bool = True) -> Doc:
    """Annotate a plain string as one body block (tests, quick use)."""
    return annotate_article(Article(text=text), tag=tag)


def annotate_tokens(sentences: list[list[str]], *, tag: bool = True) -> Doc:
    """Annotate pre-tokenized sentences without changing a single token."""
    doc = Doc.from_tokens(sentences)
    return load_tagger().tag_doc(doc) if tag else doc


def warm_up() -> None:
    """Load everything the stage loads lazily (tagger, lexicons, gazetteers) and tag a
    sentence, so that a server or a timed run does not pay for it on its first document."""
    from .entities import find_entities
    from .language import detect_language

    doc = annotate_text("Der Sprecher sagte, die Regierung habe in Berlin nichts entschieden.")
    find_entities(doc)
    detect_language("Der Sprecher sagte, die Regierung habe in Berlin nichts entschieden.")
