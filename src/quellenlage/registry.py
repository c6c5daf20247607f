"""A tiny registry of pipeline components under versioned names (like spaCy's factories).

Attribution engines register here, so that ``--engine`` and ``Settings.engine`` choose one by
name and a larger engine (a transformer, an LLM endpoint) plugs in behind the same interface.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_REGISTRY: dict[str, dict[str, Callable[..., Any]]] = {}


def register(kind: str, name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a factory under ``kind``/``name``; a second registration of a name is an error."""

    def deco(factory: Callable[..., Any]) -> Callable[..., Any]:
        table = _REGISTRY.setdefault(kind, {})
        if name in table and table[name] is not factory:
            raise ValueError(f"{kind} {name!r} is already registered")
        table[name] = factory
        return factory

    return deco


def get(kind: str, name: str) -> Callable[..., Any]:
    """The factory registered as ``kind``/``name``; the error lists the valid names."""
    table = _REGISTRY.get(kind, {})
    if name not in table:
        raise KeyError(f"no {kind} named {name!r}; known: {', '.join(sorted(table)) or 'none'}")
    return table[name]


def names(kind: str) -> list[str]:
    """All names registered for ``kind``."""
    return sorted(_REGISTRY.get(kind, {}))
