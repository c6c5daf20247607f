"""The word lists ingest reads, in one place: furniture patterns, agencies, first names,
the outlets table, and the vocabulary for de-hyphenation.

The German tables come through the checked accessors of ``lang.de`` (header, cell count and
duplicate keys verified at load); only the tagger's word statistics are read here directly,
because they are model data of the shipped tagger (``models/tagger``), not a word list.
"""

from __future__ import annotations

from functools import lru_cache

from ..lang import de
from ..lang.loader import Table
from ..modelfiles import TAGGER


def furniture_table() -> Table:
    """``lang/de/data/furniture.tsv``: type, kind, pattern, comment."""
    return de.furniture()


def agency_names() -> list[str]:
    """Agency names of ``lang/de/data/agencies.tsv`` as printed in credit lines."""
    return de.agencies().column("name")


def first_name_list() -> list[str]:
    """First names of ``lang/de/data/first_names.tsv``."""
    return de.first_names().column("name")


def outlet_domain_map() -> dict[str, str]:
    """``lang/de/data/outlet_domains.tsv``: web domain (lower case) → canonical outlet name."""
    return de.outlet_domains().mapping("domain", "outlet")


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """German word forms (lower case) the tagger's context lexicon counted on news: 26k
    forms, word statistics and no text. Read as data by path, so that ingest does not import
    the annotate stage."""
    ref = TAGGER.shipped / "word_contexts.tsv"
    words: set[str] = set()
    for line in ref.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            word = line.split("\t", 1)[0]
            if word.isalpha():
                words.add(word)
    return frozenset(words)
