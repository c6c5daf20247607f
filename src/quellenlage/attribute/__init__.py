"""Attribute: ``Doc`` → speech events on tokens (``EventCandidate``), SpkAtt scheme.

Engines are callables ``Doc -> list[EventCandidate]`` registered under a name in
``quellenlage.registry`` (kind ``"engine"``). ``"default"`` is the shipped CPU engine: CRFs
over lexicon-rich features plus exact rules (``crf.py``); larger engines (``"llm"``,
``"transformer"``) register themselves from their own modules behind the same interface.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .. import registry
from ..errors import ModelError
from ..model import Doc, EventCandidate

Engine = Callable[[Doc], list[EventCandidate]]

# Modules that register further engines when imported; a missing one is simply not offered.
_PLUGIN_MODULES = ("llm", "remote")


@registry.register("engine", "default")
def _default_engine() -> Engine:
    """The shipped engine: the CRFs (``crf.py``) followed by the exact rules (``rules.py``)."""
    from .crf import default_engine
    from .rules import with_rules

    return with_rules(default_engine())


@registry.register("engine", "crf")
def _crf_engine() -> Engine:
    """The CRFs alone, without the rules layer: for comparison and ablation."""
    from .crf import default_engine

    return default_engine()


def _load_plugins() -> None:
    for mod in _PLUGIN_MODULES:
        try:
            importlib.import_module(f"{__name__}.{mod}")
        except ImportError:
            continue


def get_engine(name: str = "default") -> Engine:
    """The attribution engine registered under ``name`` (``ModelError`` lists the known names)."""
    if name not in registry.names("engine"):
        _load_plugins()
    try:
        factory = registry.get("engine", name)
    except KeyError as exc:
        raise ModelError(str(exc).strip("'\"")) from None
    return factory()
