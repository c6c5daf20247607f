"""The STTS tagger: part-of-speech tags, lemmas and Konjunktiv mood of every token.

``runtime`` loads a model folder once per process and tags a ``Doc``; ``features`` has the
CRF's features, ``lemmatizer`` the lemma table and rules, ``mood`` the Konjunktiv rules.
Training is out of the runtime path: ``conllu`` reads and converts the UD treebanks and
``training`` trains, scores and exports a model folder (``quellenlage train --ud DIR``).
"""

from __future__ import annotations

from .lemmatizer import Lemmatizer, strong_verb_lemma
from .mood import konjunktiv_forms, mood_of
from .runtime import (
    FORMAT_VERSION,
    LEMMA_FILE,
    META_FILE,
    MODEL_FILE,
    WEIGHTS_FILE,
    Tagger,
    load_tagger,
    tag_doc,
)

__all__ = [
    "FORMAT_VERSION",
    "LEMMA_FILE",
    "META_FILE",
    "MODEL_FILE",
    "WEIGHTS_FILE",
    "Lemmatizer",
    "Tagger",
    "konjunktiv_forms",
    "load_tagger",
    "mood_of",
    "strong_verb_lemma",
    "tag_doc",
]
