"""Attribute: the annotated ``Doc`` → speech events on its tokens (SpkAtt scheme).

An engine is a named list of stages that set ``Doc.events`` (``registry.engine``):
``"default"`` is the shipped CPU engine, the CRFs of ``learned/`` followed by the exact rules
of ``rules/``; ``"crf"`` is the CRFs alone, for comparison. Larger engines (``"llm"``,
``"transformer"``) register themselves from their own modules behind the same interface and
are imported only when asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from .. import registry
from ..doc import Doc, Event
from ..modelfiles import folder
from ..settings import Settings
from .learned.crf import default_engine
from .rules import RULES_VERSION

Engine = Callable[[Doc], list[Event]]

# Modules that register further engines when imported; a missing one is simply not offered.
_PLUGIN_MODULES = ("llm", "remote")


@registry.stage("quellenlage.attribute.crf.v1", needs=("tags", "lemmas", "mood"), sets=("events",))
def crf_stage(doc: Doc, settings: Settings) -> None:
    """Speech events from the five CRFs (message, nested, roles, medium, reported)."""
    doc.events = default_engine(folder("attribution", settings.model_dir))(doc)


registry.engine(
    "default",
    ("quellenlage.attribute.crf.v1", "quellenlage.attribute.rules.v1"),
    "the shipped CPU engine: CRFs followed by exact rules",
    lambda: f"{default_engine().version}+rules-{RULES_VERSION}",
)
registry.engine(
    "crf",
    ("quellenlage.attribute.crf.v1",),
    "the CRFs alone, without the rules layer (for comparison)",
    lambda: default_engine().version,
)


def load_plugins() -> None:
    """Import the optional engine modules, which register their engines."""
    for mod in _PLUGIN_MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ImportError:
            continue


def engine_names() -> list[str]:
    """Every engine that can be chosen (optional engines included)."""
    load_plugins()
    return list(registry.engines())


def get_engine(name: str = "default") -> Engine:
    """A callable that runs engine ``name`` on an annotated ``Doc`` and returns its events
    (one object per name and process). ``ModelError`` lists the known engine names."""
    return _engine(name)


@cache
def _engine(name: str) -> Engine:
    if name not in registry.engines():
        load_plugins()
    stages = registry.check(
        registry.engine_stages(name), given=("tokens", "tags", "lemmas", "mood")
    )
    registry.engine_version(name)  # makes the engine: a missing configuration fails here
    settings = Settings(engine=name)

    def run(doc: Doc) -> list[Event]:
        for st in stages:
            st(doc, settings)
        return doc.events

    return run


def register_engine(name: str, engine: Engine, summary: str, version: str = "") -> None:
    """Register a plain callable ``Doc -> list[Event]`` as attribution engine ``name``.

    The callable becomes the stage ``quellenlage.attribute.<name>.v1``; ``--engine name`` and
    ``Settings(engine=name)`` then choose it like the shipped engines.
    """
    stage_name = f"quellenlage.attribute.{name}.v1"

    def run(doc: Doc, settings: Settings) -> None:
        doc.events = engine(doc)

    run.__doc__ = summary
    registry.stage(stage_name, needs=("tokens",), sets=("events",))(run)
    registry.engine(name, (stage_name,), summary, lambda: version or name)
