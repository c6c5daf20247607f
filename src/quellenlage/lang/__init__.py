"""Language data: one folder per language, word lists as documented TSV tables.

``lang/loader.py`` is the one checked loader; ``lang/de/`` holds German (the data tables in
``data/``, quote and punctuation characters in ``punctuation.py``, STTS tag groups in
``tags.py``), as spaCy keeps ``spacy/lang/de/``. Data about several languages (the
function-word profiles of language identification) is in ``lang/data/``.
"""

from __future__ import annotations

from .loader import Table, load_table


def function_words() -> Table:
    """Function-word profiles per language (ISO 639-1 code → words), for language ID."""
    return load_table(__name__, "function_words.tsv", ("language", "words"))
