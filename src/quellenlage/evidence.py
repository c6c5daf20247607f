"""The catalogue of decisions: every evidence label the pipeline can write, documented.

Each rule, model and marker that decides something about an event, a source or a status
registers its label here once, where it is defined (``LAUT = decision("rule:laut-np", ...)``),
with a one-line reason in English and German. The label is what ``evidence`` lists; a label may
carry a detail after ``=`` (``"source-type:person=Sprecherin"``) or an event id after ``@``
(``"rule:nested-in@e3"``), which ``explain`` keeps out of the lookup. The report shows the
reason and keeps the label on hover, so an editor can see which rule or model decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["de", "en"]


@dataclass(frozen=True, slots=True)
class Decision:
    """One documented decision: its label, the stage that makes it, and why, in two languages."""

    label: str
    stage: str
    en: str
    de: str


_CATALOG: dict[str, Decision] = {}


def decision(label: str, *, stage: str, en: str, de: str) -> str:
    """Register ``label`` (once) and return it, for use as an evidence string."""
    if ":" not in label or any(c in label for c in "=@ "):
        raise ValueError(f"evidence label {label!r} must look like 'kind:name' without '=@ '")
    old = _CATALOG.get(label)
    if old is not None and (old.stage, old.en, old.de) != (stage, en, de):
        raise ValueError(f"evidence label {label!r} is already registered by {old.stage}")
    _CATALOG[label] = Decision(label, stage, en, de)
    return label


def base_label(evidence: str) -> str:
    """The registered label of an evidence string: without its ``=detail`` or ``@target``."""
    return evidence.split("=", 1)[0].split("@", 1)[0]


def lookup(evidence: str) -> Decision | None:
    """The decision behind an evidence string, or None when nothing registered it."""
    return _CATALOG.get(base_label(evidence))


def explain(evidence: str, lang: Lang = "de") -> tuple[str, str]:
    """``(label, reason)`` for display: the reason in ``lang``, the label for the tooltip."""
    found = lookup(evidence)
    if found is None:
        return evidence, evidence
    reason = found.de if lang == "de" else found.en
    detail = evidence[len(found.label) :]
    if detail.startswith("="):
        reason = f"{reason} ({detail[1:]})"
    elif detail.startswith("@"):
        reason = f"{reason} → {detail[1:]}"
    return evidence, reason


def catalog() -> list[Decision]:
    """All registered decisions, sorted by label (those of the stages imported so far)."""
    return sorted(_CATALOG.values(), key=lambda d: d.label)
