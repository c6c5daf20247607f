"""One identity per person: short and genitive mentions linked to the full name."""

from __future__ import annotations

from collections import Counter

from .rules import _Mention, _strip_gen


def _canonicalise(mentions: list[_Mention]) -> None:
    """Link short and genitive mentions to the full name of the same person in the document."""
    full = [m for m in mentions if m.label == "PER" and len(m.parts) >= 2]
    # the full names that hold each part, in document order (each mention once)
    holders: dict[str, list[int]] = {}
    for k, f in enumerate(full):
        for part in dict.fromkeys(f.parts):
            holders.setdefault(part, []).append(k)
    for m in mentions:
        if m.label not in ("PER", "OTHER", "LOC") or not m.parts or len(m.parts) >= 2:
            continue
        word = m.parts[0]
        best: _Mention | None = None
        # the first longest full name that holds the word or its genitive-less form
        for k in sorted({*holders.get(word, ()), *holders.get(_strip_gen(word), ())}):
            if best is None or len(full[k].parts) > len(best.parts):
                best = full[k]
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
    # (``counts`` follows the renames, as a fresh set of the other canonicals would.)
    counts = Counter(m.canonical for m in mentions)
    for m in mentions:
        if m.label == "OTHER" and m.canonical.endswith("s") and counts[m.canonical[:-1]] > 0:
            counts[m.canonical] -= 1
            m.canonical = m.canonical[:-1]
            counts[m.canonical] += 1
