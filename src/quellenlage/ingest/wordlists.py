"""The word lists ingest reads, in one place: furniture patterns, agencies, first names,
the outlets table, and the vocabulary for de-hyphenation.

Each accessor returns plain rows or sets, so that moving a list to the checked loader of
``lang/de/data`` changes this module only (main's ``lang.de`` accessors: ``furniture()``,
``agencies()``, ``first_names()``, and an ``outlet_domains()`` to add).
"""

from __future__ import annotations

from functools import lru_cache

from ..lexicon import tsv_rows

_OUTLET_HEADER = ["domain", "outlet", "country", "kind"]


def furniture_rows() -> list[list[str]]:
    """Rows of ``lexicons/furniture.tsv``: type, kind, pattern, comment."""
    return _rows("quellenlage.ingest", "lexicons", "furniture.tsv")


def agency_rows() -> list[list[str]]:
    """Rows of ``lexicons/agencies.tsv``: name, kind, comment."""
    return _rows("quellenlage.ingest", "lexicons", "agencies.tsv")


def first_name_rows() -> list[list[str]]:
    """Rows of ``lexicons/first_names.tsv``: name, gender."""
    return _rows("quellenlage.ingest", "lexicons", "first_names.tsv")


def outlet_domain_rows() -> list[list[str]]:
    """Rows of ``lang/de/data/outlet_domains.tsv``: domain, outlet, country, kind (its header
    row, in the checked loader's format, is skipped)."""
    rows = _rows("quellenlage", "lang", "de", "data", "outlet_domains.tsv")
    return [r for r in rows if [c.strip().rstrip("?") for c in r] != _OUTLET_HEADER]


@lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """German word forms (lower case) the tagger's context lexicon counted on news: 26k
    forms, word statistics and no text. Read as data by path, so that ingest does not import
    the annotate stage."""
    rows = tsv_rows("quellenlage", "annotate", "data", "word_contexts.tsv")
    return frozenset(row[0] for row in rows if row and row[0].isalpha())


def _rows(package: str, *path: str) -> list[list[str]]:
    # A row whose first cell is empty has no entry: skipped like a comment.
    return [r for r in tsv_rows(package, *path) if r and r[0].strip()]
