"""Registered pipeline stages under versioned names (spaCy's ``Language.factory``, in small).

A stage is a callable ``(doc, settings) -> None`` with one job. It declares which ``Doc``
fields it **needs** (set by an earlier stage, or ``text``/``article`` from ingest) and which it
**sets**. ``check`` verifies an ordered list of stage names once, at start-up: every need is
met by an earlier stage, no name is unknown. Attribution engines are named lists of stages
(``"default"`` = the CRFs followed by the rules), so ``--engine`` picks one by name and a
larger engine (an LLM endpoint, a transformer) plugs in by registering its own stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from .doc import Doc
    from .settings import Settings

StageFunc = Callable[["Doc", "Settings"], None]

INPUT_FIELDS = ("text", "article")
"""What a ``Doc`` has before any stage runs."""


@dataclass(frozen=True, slots=True)
class Stage:
    """A registered stage: its versioned name, what it needs and sets, and what it does."""

    name: str
    func: StageFunc
    needs: tuple[str, ...]
    sets: tuple[str, ...]
    summary: str

    def __call__(self, doc: Doc, settings: Settings) -> None:
        doc.check_deadline()
        self.func(doc, settings)
        doc.done.append(self.name)


_STAGES: dict[str, Stage] = {}
_ENGINES: dict[str, tuple[str, ...]] = {}
_ENGINE_DOCS: dict[str, str] = {}
_ENGINE_VERSIONS: dict[str, Callable[[], str]] = {}


def stage(
    name: str, *, needs: tuple[str, ...] = (), sets: tuple[str, ...] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Register the decorated function as stage ``name`` (``"quellenlage.<area>.<what>.vN"``)."""
    parts = name.split(".")
    if len(parts) < 3 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
        raise ValueError(f"stage name {name!r} must look like 'quellenlage.area.what.v1'")

    def deco(func: StageFunc) -> StageFunc:
        old = _STAGES.get(name)
        if old is not None and old.func is not func:
            raise ValueError(f"stage {name!r} is already registered")
        summary = (func.__doc__ or "").strip().split("\n")[0]
        _STAGES[name] = Stage(name, func, tuple(needs), tuple(sets), summary)
        return func

    return deco


def engine(name: str, stages: tuple[str, ...], summary: str, version: Callable[[], str]) -> None:
    """Register attribution engine ``name``: the stages that set ``Doc.events``, a one-line
    summary, and a function that names the models and their versions (for ``Analysis``)."""
    old = _ENGINES.get(name)
    if old is not None and old != stages:
        raise ValueError(f"engine {name!r} is already registered as {old}")
    _ENGINES[name] = stages
    _ENGINE_DOCS[name] = summary
    _ENGINE_VERSIONS[name] = version


def engine_version(name: str) -> str:
    """Models and versions behind engine ``name`` ("crf-1.0+rules-1")."""
    engine_stages(name)
    return _ENGINE_VERSIONS[name]()


def get_stage(name: str) -> Stage:
    """The stage registered as ``name``; the error lists the known names."""
    try:
        return _STAGES[name]
    except KeyError:
        raise ModelError(f"no stage named {name!r}; known: {', '.join(sorted(_STAGES))}") from None


def engine_stages(name: str) -> tuple[str, ...]:
    """The stages of attribution engine ``name``; the error lists the known engines."""
    try:
        return _ENGINES[name]
    except KeyError:
        raise ModelError(
            f"no attribution engine named {name!r}; known: {', '.join(sorted(_ENGINES))}"
        ) from None


def engines() -> dict[str, str]:
    """Registered engine names with their one-line description."""
    return dict(sorted(_ENGINE_DOCS.items()))


def stages() -> list[Stage]:
    """Every registered stage, by name."""
    return [_STAGES[n] for n in sorted(_STAGES)]


def check(names: tuple[str, ...], given: tuple[str, ...] = INPUT_FIELDS) -> tuple[Stage, ...]:
    """The stages of ``names`` in order, after checking that each one's needs are met."""
    have = set(given)
    out: list[Stage] = []
    for name in names:
        st = get_stage(name)
        missing = [n for n in st.needs if n not in have]
        if missing:
            raise ModelError(
                f"pipeline: stage {name!r} needs {missing}, which no earlier stage sets"
            )
        have.update(st.sets)
        out.append(st)
    return tuple(out)
