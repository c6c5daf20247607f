"""One identity per person: short and genitive mentions linked to the full name."""

from __future__ import annotations

from .rules import _Mention, _strip_gen


def _canonicalise(mentions: list[_Mention]) -> None:
    """Link short and genitive mentions to the full name of the same person in the document."""
    full = [m for m in mentions if m.label == "PER" and len(m.parts) >= 2]
    for m in mentions:
        if m.label not in ("PER", "OTHER", "LOC") or not m.parts or len(m.parts) >= 2:
            continue
        word = m.parts[0]
        cands = [word, _strip_gen(word)]
        best: _Mention | None = None
        for f in full:
            if any(c in f.parts for c in cands) and (
                best is None or len(f.parts) > len(best.parts)
            ):
                best = f
        if best is not None:
            m.label = "PER"
            m.canonical = best.canonical
            m.parts = best.parts
    # "Wladimir Putins" (genitive, no noun after it) is "Wladimir Putin" when that is known.
    by_parts = {m.parts: m.canonical for m in full}
    for m in full:
        last = m.parts[-1]
        stripped = (*m.parts[:-1], _strip_gen(last))
        if stripped != m.parts and stripped in by_parts:
            m.canonical = by_parts[stripped]
            m.parts = stripped
    # Undecided single names that are never linked to a person keep their surface form.
    for m in mentions:
        if m.label == "OTHER" and m.canonical.endswith("s"):
            known = {x.canonical for x in mentions if x is not m}
            if m.canonical[:-1] in known:
                m.canonical = m.canonical[:-1]
