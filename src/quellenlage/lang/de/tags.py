"""Groups of STTS part-of-speech tags (TIGER variant) that the stages reason with, each once."""

from __future__ import annotations

NOUNS = frozenset({"NN", "NE"})
NAME_LIKE = frozenset({"NN", "NE", "FM", "XY"})
"""Tags of tokens that can head a name or noun phrase."""
NP_TAGS = frozenset(
    {"ART", "ADJA", "NN", "NE", "CARD", "PPOSAT", "PIAT", "PDAT", "TRUNC", "PIDAT", "FM"}
)
"""Tags that may continue a noun phrase (source or object NP of the rules)."""
NP_START = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "PIAT", "PDAT", "PIDAT", "CARD", "PPER"})
"""Tags that may start a noun phrase."""
NP_RUN = frozenset({"ART", "ADJA", "NN", "NE", "PPOSAT", "CARD", "PIAT", "PDAT", "TRUNC"})
"""Tags of a plain tag run read as a noun phrase (the subject rule of the CRF step)."""
NP_RUN_START = frozenset({"ART", "NN", "NE", "PPER", "PPOSAT", "PIS", "PDS", "ADJA", "PIAT"})
DETERMINER_LIKE = frozenset({"ART", "ADJA", "PPOSAT", "PIAT", "PDAT", "CARD", "PIDAT"})
"""Tags that open a determiner-led NP segment."""
PREPOSITIONS = frozenset({"APPR", "APPRART"})
SUBJECT_TAGS = frozenset({"PPER", "PIS", "PDS", "NN", "NE"})
CLAUSE_TAGS = frozenset({"$,", "$.", "$(", "KOUS", "KON", "PRELS", "PWS", "PWAV"})
"""Tags that open or close a clause (for the tagger's Konjunktiv repair)."""
KONJ_SUSPECT = frozenset({"ADJA", "ADJD", "ADV", "NN"})
"""Tags the tagger gives Konjunktiv verbs by mistake."""
FUNCTION_TAGS = frozenset({"KOUS", "KON", "PWAV", "PWS", "KOKOM"})
"""Conjunction and wh-word tags the tagger gives strong verbs' finite forms by mistake."""


def is_finite(tag: str | None) -> bool:
    """A finite verb (VVFIN, VAFIN, VMFIN)."""
    return tag is not None and tag.startswith("V") and tag.endswith("FIN")


def is_verb(tag: str | None) -> bool:
    """Any verb form."""
    return tag is not None and tag.startswith("V")


STTS_TAGS = frozenset(
    {
        "ADJA", "ADJD", "ADV", "APPR", "APPRART", "APPO", "APZR", "ART", "CARD", "FM", "ITJ",
        "KOUI", "KOUS", "KON", "KOKOM", "NN", "NE", "PDS", "PDAT", "PIS", "PIAT", "PIDAT", "PPER",
        "PPOSS", "PPOSAT", "PRELS", "PRELAT", "PRF", "PWS", "PWAT", "PWAV", "PAV", "PTKZU",
        "PTKNEG", "PTKVZ", "PTKANT", "PTKA", "TRUNC", "VVFIN", "VVIMP", "VVINF", "VVIZU", "VVPP",
        "VAFIN", "VAIMP", "VAINF", "VAPP", "VMFIN", "VMINF", "VMPP", "XY", "$,", "$.", "$(",
    }
)  # fmt: skip
"""The tagger's label set: STTS in its TIGER variant (PAV, not PROAV)."""
STTS_MARKERS = frozenset({"$.", "$,", "$(", "ART", "APPR", "VVFIN", "VAFIN"})
"""Frequent STTS tags: a treebank whose XPOS column is mostly these is STTS-tagged."""
TREEBANK_TAG_FIXES = {
    "PROAV": "PAV",  # STTS 2.0 name of the TIGER tag
    "$;": "$.",
    ",": "$,",
    "VVINZU": "VVIZU",
    "VVIN": "VVINF",
    "NOUN": "NN",
    "KOKON": "KON",
    "APP": "APPR",
}
"""Misspelt or foreign tags found in the STTS treebanks, with the STTS tag they stand for."""
VERBATIM_LEMMA = frozenset({"CARD", "XY", "FM"})
"""Tags whose lemma is the form itself (numbers, symbols, foreign material)."""
