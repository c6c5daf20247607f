"""analyze(text | html | tokens) -> Analysis: the stages in order, nothing else.

source → ingest → Article → annotate → Doc → attribute → EventCandidates → assess → Analysis.
Each stage is a module with a typed input and output; this file only wires them. The same
per-document function serves the CLI, the batch runner, the web service and the Spark job.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import __version__
from .annotate import annotate_article, annotate_tokens
from .annotate.entities import find_entities
from .annotate.language import detect_language, language_scores
from .assess import assess
from .attribute import get_engine
from .errors import NoSentence
from .ingest import read_path, text_to_article
from .model import Analysis, Article, ArticleMeta, Doc, EventCandidate, Summary
from .settings import DEFAULT_SETTINGS, Settings

_WORD = re.compile(r"[^\W\d_]{2,}")


def analyze(
    text: str,
    *,
    meta: ArticleMeta | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Analysis:
    """Analyse one scraped plain-text article."""
    article = text_to_article(text, meta=meta, settings=settings)
    return analyze_article(article, settings=settings)


def analyze_html(
    html: str, *, meta: ArticleMeta | None = None, settings: Settings = DEFAULT_SETTINGS
) -> Analysis:
    """Analyse one HTML page (main text and metadata via trafilatura)."""
    from .ingest.html import html_to_article

    return analyze_article(html_to_article(html, meta=meta, settings=settings), settings=settings)


def analyze_file(path: str | Path, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Analyse a file: plain text in any common encoding, or HTML (detected from content)."""
    article = read_path(Path(path), settings=settings)
    return analyze_article(article, settings=settings)


def analyze_article(article: Article, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Run annotate → attribute → assess on an ingested article."""
    if _WORD.search(article.text) is None:
        # Page numbers, rules, digits: nothing that could be a sentence in any language.
        raise NoSentence("the text contains no sentence to analyse (no words, only symbols)")
    language = detect_language(article.text, settings=settings)
    notes: list[str] = []
    if language == "und" and _leans_german(article.text):
        # Too short for a clear verdict, but German is the only language it points to: a
        # one-sentence German text must not be refused; say that it was a judgement call.
        language = "de"
        notes.append("the text is too short for a sure language verdict; analysed as German")
    if language != "de":
        # Not German: say so, keep the structure, invent nothing.
        return _unsupported(article, language)
    doc = annotate_article(article)
    if not any(s.tokens for s in doc.sentences):
        raise NoSentence("the text contains no sentence to analyse")
    analysis = _finish(article, doc, settings)
    analysis.summary.notes[:0] = notes
    return analysis


def _leans_german(text: str) -> bool:
    """German function words are present and no other language has as many."""
    scores = language_scores(text)
    if not scores or scores.get("de", 0.0) <= 0:
        return False
    return max(scores, key=scores.__getitem__) == "de"


def analyze_tokens(
    sentences: list[list[str]], *, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Doc, Analysis]:
    """Analyse pre-tokenized text (SpkAtt files): events land on exactly these tokens."""
    doc = annotate_tokens(sentences)
    article = Article(text=doc.text)
    return doc, _finish(article, doc, settings)


def attribute_tokens(
    sentences: list[list[str]], *, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Doc, list[EventCandidate]]:
    """Speech events on exactly the given tokens: what ``spkatt predict`` writes.

    The same annotate stage and the same engine as ``analyze``, so both give the same events.
    """
    doc = annotate_tokens(sentences)
    return doc, get_engine(settings.engine)(doc)


def _finish(article: Article, doc: Doc, settings: Settings) -> Analysis:
    engine = get_engine(settings.engine)
    entities = find_entities(doc)
    candidates = engine(doc)
    events, statements, summary = assess(doc, entities, candidates)
    return Analysis(
        language="de",
        article=article,
        entities=entities,
        speech_events=events,
        statements=statements,
        summary=summary,
        engine={"quellenlage": __version__, "attribution": getattr(engine, "version", "?")},
    )


def _unsupported(article: Article, language: str) -> Analysis:
    return Analysis(
        language=language,
        supported=False,
        article=article,
        summary=Summary(
            statements=0,
            by_status={},
            by_source_type={},
            notes=[f"language {language!r} is not supported; quellenlage analyses German (de)"],
        ),
        engine={"quellenlage": __version__},
    )
