"""analyze(text | html | tokens) -> Analysis: the stages in order, nothing else.

source → ingest → Article → annotate → attribute → sources → assess → export (Analysis).
Each stage is a registered callable (``registry.py``) that declares what it needs from the
``Doc`` and what it sets; ``stages_for`` checks the ordered list once per engine. The same
per-document function serves the CLI, the batch runner, the web service and the Spark job.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

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


DEFAULT_TIMEOUT = 120.0
"""Seconds an API analysis may take when neither ``timeout=`` nor ``Settings.timeout`` says
otherwise; every stage is linear and texts are bounded by ``Settings.max_text_chars``, so a
normal article takes well under a second and the largest allowed text a few seconds."""


def _deadline(timeout: float | None, settings: Settings) -> float:
    """The ``time.monotonic()`` deadline of an analysis that starts now (0: no limit)."""
    limit = timeout if timeout is not None else (settings.timeout or DEFAULT_TIMEOUT)
    return time.monotonic() + limit if limit > 0 else 0.0


_P = ParamSpec("_P")
_R = TypeVar("_R")
_gc_lock = threading.Lock()
_gc_state = {"depth": 0, "was_enabled": True}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while an analysis runs (on again after the last one).

    An analysis allocates objects in proportion to its text and frees them at the end; the
    collector would traverse all of them again and again (a third of the CPU of a 1 MB text,
    and the reason its cost per token grew with size). Analyses make almost no cycles.
    """
    with _gc_lock:
        if _gc_state["depth"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["depth"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["depth"] -= 1
            if _gc_state["depth"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


def _paused(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """``func`` runs with the cycle collector paused (``_collector_paused``)."""

    @wraps(func)
    def inner(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _collector_paused():
            return func(*args, **kwargs)

    return inner


@_paused
def analyze(
    text: str,
    *,
    meta: ArticleMeta | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    timeout: float | None = None,
) -> Analysis:
    """Analyse one scraped plain-text article. ``timeout`` (seconds, 0: none) bounds the whole
    analysis; by default ``Settings.timeout`` or ``DEFAULT_TIMEOUT``."""
    deadline = _deadline(timeout, settings)
    article = text_to_article(text, meta=meta, settings=settings)
    return _analyze(article, settings, deadline)


@_paused
def analyze_html(
    html: str,
    *,
    meta: ArticleMeta | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    timeout: float | None = None,
) -> Analysis:
    """Analyse one HTML page (main text and metadata via trafilatura)."""
    from .ingest.html import html_to_article  # the html extra is optional

    deadline = _deadline(timeout, settings)
    article = html_to_article(html, meta=meta, settings=settings)
    return _analyze(article, settings, deadline)


@_paused
def analyze_file(
    path: str | Path, *, settings: Settings = DEFAULT_SETTINGS, timeout: float | None = None
) -> Analysis:
    """Analyse a file: plain text in any common encoding, or HTML (detected from content)."""
    deadline = _deadline(timeout, settings)
    article = read_path(Path(path), settings=settings)
    return _analyze(article, settings, deadline)


@_paused
def analyze_article(
    article: Article, *, settings: Settings = DEFAULT_SETTINGS, timeout: float | None = None
) -> Analysis:
    """Run every stage on an ingested article."""
    return _analyze(article, settings, _deadline(timeout, settings))


def _analyze(article: Article, settings: Settings, deadline: float) -> Analysis:
    """Every stage on an ingested article, stopped with ``AnalysisTimeout`` past ``deadline``
    (each stage checks it before it runs, the language stage first: ``Doc.check_deadline``)."""
    stages = stages_for(settings.engine)
    doc = Doc(article.text, article=article, deadline=deadline)
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
