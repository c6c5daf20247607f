"""Claim nouns: the words by which a note points back at a claim ("die Gerüchte", "der
Bericht", "Blockade-Vorwurf"), from ``claim_nouns.tsv``.

The status stage links denials and confirmations through them; the attribution rules ask them
whether a fronted noun phrase is what a verb of denial is about ("Den Vorwurf weist der Konzern
zurück"), not who speaks.
"""

from __future__ import annotations

from functools import cache

from . import claim_nouns


@cache
def claim_nouns_table() -> dict[str, str]:
    """Word → which claim it can mean ("Direct" or "any")."""
    return {r[0].lower(): r[1] for r in claim_nouns()}


@cache
def _whole_nouns() -> frozenset[str]:
    return frozenset(r[0].lower() for r in claim_nouns() if r[3] == "all")


def names_all_claims(noun: str) -> bool:
    """Whether the claim noun can name everything one source claims (a report, a lawsuit,
    accusations): then a note about it is about all of that source's claims."""
    return noun in _whole_nouns()


_MIN_COMPOUND_PART = 6


@cache
def claim_key(word: str) -> str | None:
    """The claim noun a word is a form of: "Videos", "Berichts" and "Zitats" are genitives;
    a compound counts as its last noun ("Pressebericht", "Times-Bericht")."""
    nouns = claim_nouns_table()
    for w in (word, word.rsplit("-", 1)[-1]):
        if w in nouns:
            return w
        for cut in (1, 2):
            if len(w) > 4 and w.endswith("es"[-cut:]) and w[:-cut] in nouns:
                return w[:-cut]
    for noun in nouns:
        if len(noun) >= _MIN_COMPOUND_PART and len(word) > len(noun) and word.endswith(noun):
            return noun
    return None
