"""Annotate: clean text → ``Doc`` tokens, sentences, STTS tags, lemmas, mood, entities.

Stages (registered in ``registry``): ``quellenlage.annotate.language.v1`` (is the text German?),
``…tokenize.v1`` (each block of the article separately: a sentence never crosses a block
boundary), ``…tagger.v1`` (tags, lemmas, Konjunktiv mood; the model is loaded lazily once per
process) and ``…entities.v1`` (gazetteers and name cues). ``annotate_tokens`` tags
pre-tokenized input (SpkAtt files) without changing a single token.
"""

from __future__ import annotations

from ..doc import Doc, Token
from ..model import Article, BlockKind
from ..modelfiles import folder
from ..registry import stage
from ..settings import DEFAULT_SETTINGS, Settings
from .entities import find_entities
from .language import detect_language, language_stage
from .tagger import load_tagger
from .tokenize import cap_sentences, split_sentences, tokenize

__all__ = [
    "annotate_article",
    "annotate_text",
    "annotate_tokens",
    "language_stage",
    "segment_article",
    "warm_up",
]


def segment_article(article: Article) -> Doc:
    """Tokens and sentences of every block, untagged (the tagger is not loaded)."""
    doc = Doc(article.text, article=article)
    _segment(doc)
    return doc


def _segment(doc: Doc, max_tokens: int = DEFAULT_SETTINGS.max_sentence_tokens) -> None:
    """Tokens and sentences of every block; a sentence over ``max_tokens`` is cut (noted)."""
    text = doc.text
    article = doc.article
    blocks = [(b.kind, b.start, b.end) for b in article.blocks] if article else []
    sentences: list[tuple[list[Token], BlockKind]] = []
    cut = 0
    for kind, start, end in blocks or [("body", 0, len(text))]:
        toks = tokenize(text, start, end)
        pieces, n = cap_sentences(split_sentences(text, toks), max_tokens)
        cut += n
        sentences.extend((sent, kind) for sent in pieces)
    if cut:
        doc.notes.append(
            f"{cut} sentence(s) longer than {max_tokens} tokens were cut at clause breaks"
        )
    filled = Doc.from_sentences(text, sentences, article)
    doc.tokens, doc.sentences = filled.tokens, filled.sentences


@stage("quellenlage.annotate.tokenize.v1", needs=("text",), sets=("tokens", "sentences"))
def tokenize_stage(doc: Doc, settings: Settings) -> None:
    """Tokens and sentences of each block of the article (title, lead, body, ...)."""
    _segment(doc, settings.max_sentence_tokens)


@stage("quellenlage.annotate.tagger.v1", needs=("tokens",), sets=("tags", "lemmas", "mood"))
def tagger_stage(doc: Doc, settings: Settings) -> None:
    """STTS tags, lemmas and Konjunktiv mood of every token."""
    load_tagger(folder("tagger", settings.model_dir)).tag_doc(doc)


@stage("quellenlage.annotate.entities.v1", needs=("tags",), sets=("entities",))
def entities_stage(doc: Doc, settings: Settings) -> None:
    """Named entities (persons, organisations, places, media) with canonical names."""
    doc.entities = find_entities(doc)


def annotate_article(
    article: Article, *, tag: bool = True, settings: Settings = DEFAULT_SETTINGS
) -> Doc:
    """Cut each block of the article into sentences of tagged tokens."""
    doc = segment_article(article)
    if tag:
        tagger_stage(doc, settings)
    return doc


def annotate_text(text: str, *, tag: bool = True, settings: Settings = DEFAULT_SETTINGS) -> Doc:
    """Annotate a plain string as one body block (tests, quick use)."""
    return annotate_article(Article(text=text), tag=tag, settings=settings)


def annotate_tokens(
    sentences: list[list[str]], *, tag: bool = True, settings: Settings = DEFAULT_SETTINGS
) -> Doc:
    """Annotate pre-tokenized sentences without changing a single token (with the tagger of
    ``settings.model_dir``)."""
    doc = Doc.from_tokens(sentences)
    if tag:
        tagger_stage(doc, settings)
    return doc


def warm_up() -> None:
    """Load everything the stage loads lazily (tagger, lexicons, gazetteers) and tag a
    sentence, so that a server or a timed run does not pay for it on its first document."""
    doc = annotate_text("Der Sprecher sagte, die Regierung habe in Berlin nichts entschieden.")
    find_entities(doc)
    detect_language("Der Sprecher sagte, die Regierung habe in Berlin nichts entschieden.")
