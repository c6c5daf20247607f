"""Speech-event cue lexicons (``data/reporting_verbs.tsv``, ``frames.tsv``, ``konjunktiv.tsv``)
in lookup-ready form, loaded once.

Each file has a ``#`` header that documents its columns. The lexicons give the learned models
features that generalise beyond the words seen in training (a reporting verb the train split
never used still lights up ``lexv``), and they drive the exact rules (laut/zufolge frames).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from . import frames as frames_table
from . import konjunktiv, reporting_verbs, word_list


@dataclass(frozen=True, slots=True, eq=False)
class Cues:
    """The cue lexicons in lookup-ready form."""

    verb_stems: dict[str, tuple[str, str]]  # stem -> (medium, kind)
    frames: dict[str, str]  # word -> kind (prep, post, conj, so, evidential, hearsay)
    konjunktiv: dict[str, str]  # form -> K1 | K2
    _seen: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def reporting(self, lower: str) -> tuple[str, str] | None:
        """(medium, kind) when ``lower`` is a form of a reporting verb or noun, else None."""
        try:
            return self._seen[lower]
        except KeyError:
            hit = self._seen[lower] = _reporting(self.verb_stems, lower)
            return hit


def _reporting(stems: dict[str, tuple[str, str]], lower: str) -> tuple[str, str] | None:
    # Longest stem first, so "mitteil" wins over "teil"-like shorter entries.
    candidates = [lower]
    if lower.startswith("ge") and len(lower) > 4:
        candidates.append(lower[2:])
    for p in word_list("separable-particle"):
        if lower.startswith(p + "ge") and len(lower) > len(p) + 4:
            candidates.append(lower[len(p) + 2 :])
    for cand in candidates:
        for n in range(min(len(cand), 16), 2, -1):
            hit = stems.get(cand[:n])
            if hit is not None:
                return hit
    return None


@cache
def cues() -> Cues:
    """Load the cue lexicons once per process."""
    stems = {r[0].lower(): (r[1], r[2]) for r in reporting_verbs()}
    frames = {r[0].lower(): r[1] for r in frames_table()}
    konj = {form: mood for form, mood, _t, feature, _n in konjunktiv() if feature == "1"}
    return Cues(stems, frames, konj)
