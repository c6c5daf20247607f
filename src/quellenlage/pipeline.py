"""analyze(text | html | tokens) -> Analysis: the stages in order, nothing else.

source → ingest → Article → annotate → attribute → sources → assess → export (Analysis).
Each stage is a registered callable (``registry.py``) that declares what it needs from the
``Doc`` and what it sets; ``stages_for`` checks the ordered list once per engine. The same
per-document function serves the CLI, the batch runner, the web service and the Spark job.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import annotate as _annotate  # noqa: F401  (registers the annotate stages)
from . import assess as _assess  # noqa: F401  (registers the assess stages)
from . import registry
from .attribute import load_plugins
from .doc import Doc, Event
from .errors import NoSentence
from .export import to_analysis, unsupported
from .ingest import read_path, text_to_article
from .model import Analysis, Article, ArticleMeta
from .registry import Stage
from .settings import DEFAULT_SETTINGS, Settings
from .sources import resolve_stage as _sources  # noqa: F401  (registers the sources stage)

LANGUAGE = ("quellenlage.annotate.language.v1",)
ANNOTATE = (
    "quellenlage.annotate.tokenize.v1",
    "quellenlage.annotate.tagger.v1",
    "quellenlage.annotate.entities.v1",
)
ASSESS = (
    "quellenlage.sources.resolve.v1",
    "quellenlage.assess.status.v1",
    "quellenlage.assess.chains.v1",
    "quellenlage.assess.targets.v1",
)


@cache
def stages_for(engine: str) -> tuple[Stage, ...]:
    """The checked stages after language identification, for attribution engine ``engine``."""
    if engine not in registry.engines():
        load_plugins()
    names = ANNOTATE + registry.engine_stages(engine) + ASSESS
    return registry.check(names, given=(*registry.INPUT_FIELDS, "language"))


def run(doc: Doc, stages: tuple[Stage, ...], settings: Settings) -> Doc:
    """Run ``stages`` on ``doc`` in order."""
    for st in stages:
        st(doc, settings)
    return doc


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
    from .ingest.html import html_to_article  # the html extra is optional

    return analyze_article(html_to_article(html, meta=meta, settings=settings), settings=settings)


def analyze_file(path: str | Path, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Analyse a file: plain text in any common encoding, or HTML (detected from content)."""
    article = read_path(Path(path), settings=settings)
    return analyze_article(article, settings=settings)


def analyze_article(article: Article, *, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """Run every stage on an ingested article."""
    stages = stages_for(settings.engine)
    doc = Doc(article.text, article=article)
    registry.get_stage(LANGUAGE[0])(doc, settings)
    if doc.language != "de":
        # Not German: say so, keep the structure, invent nothing.
        return unsupported(article, doc.language or "und")
    for st in stages:
        st(doc, settings)
        if st.name == ANNOTATE[0] and not doc.tokens:
            raise NoSentence("the text contains no sentence to analyse")
    return to_analysis(doc, registry.engine_version(settings.engine))


def analyze_tokens(
    sentences: list[list[str]], *, settings: Settings = DEFAULT_SETTINGS
) -> tuple[Doc, Analysis]:
    """Analyse pre-tokenized text (SpkAtt files): events land on exactly these tokens."""
    doc = Doc.from_tokens(sentences)
    doc.article, doc.language = Article(text=doc.text), "de"
    run(doc, stages_for(settings.engine)[1:], settings)
    return doc, to_analysis(doc, registry.engine_version(settings.engine))


def attribute_tokens(sentences: list[list[str]], *, settings: Settings = DEFAULT_SETTINGS) -> Doc:
    """Speech events on exactly the given tokens: what ``spkatt predict`` writes.

    The same stages as ``analyze`` up to source resolution (which fixes the speaker's tokens),
    so both give the same events.
    """
    doc = Doc.from_tokens(sentences)
    doc.language = "de"
    stages = stages_for(settings.engine)
    last = max(i for i, st in enumerate(stages) if "events" in st.sets)
    run(doc, stages[1 : last + 1], settings)
    return doc


def assess_events(
    doc: Doc, events: list[Event], *, settings: Settings = DEFAULT_SETTINGS
) -> Analysis:
    """Sources, statuses and chains for events found elsewhere, on an annotated ``doc``.

    For an attribution engine outside quellenlage, and for tests: ``doc`` has tokens and tags
    (``annotate_tokens``), ``events`` are on its flat token indices.
    """
    doc.events = [e.copy() for e in events]
    doc.article = doc.article or Article(text=doc.text)
    run(doc, registry.check(ASSESS, given=("events", "entities")), settings)
    return to_analysis(doc, "external")
