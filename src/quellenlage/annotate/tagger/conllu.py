"""Universal Dependencies treebanks for training the tagger: CoNLL-U reading and tag conversion.

Treebanks whose XPOS column is STTS (GSD, LIT) train the tagger after their few misspelt
tags are fixed; a treebank in the Penn-like German tagset (PUD) can be converted to STTS
(``penn_to_stts``) or serve only the lemma table and the Konjunktiv evaluation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ...errors import ModelError
from ...lang.de import word_class
from ...lang.de.punctuation import TAGGER_PUNCT_TAGS
from ...lang.de.tags import STTS_MARKERS, STTS_TAGS, TREEBANK_TAG_FIXES
from ..tokenize import closed_class
from .features import punct_tag


@dataclass(slots=True)
class UDToken:
    """One surface token of a UD sentence (multi-word tokens like "am" are merged)."""

    form: str
    xpos: str
    lemma: str
    mood: str | None  # "Sub", "Ind" or None
    upos: str
    feats: str = "_"


def read_conllu(path: Path) -> list[list[UDToken]]:
    """Sentences of surface tokens from a CoNLL-U file.

    A multi-word token ("am" = "an" + "dem") becomes one token tagged APPRART with the
    lemma of its first part, as in the STTS/TIGER convention.
    """
    sentences: list[list[UDToken]] = []
    current: list[UDToken] = []
    skip_until = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if current:
                    sentences.append(current)
                current, skip_until = [], 0
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 10:
                raise ModelError(f"{path}: malformed CoNLL-U line: {line[:60]!r}")
            skip_until = _add_line(current, cols, skip_until)
    if current:
        sentences.append(current)
    return sentences


def _add_line(current: list[UDToken], cols: list[str], skip_until: int) -> int:
    """Add one token line to the sentence; returns the last word id of an open contraction."""
    ident = cols[0]
    if "." in ident:  # empty nodes of enhanced dependencies
        return skip_until
    if "-" in ident:
        first, last = (int(x) for x in ident.split("-"))
        current.append(UDToken(cols[1], "", "", None, ""))
        current[-1].lemma = f"\0{first}"  # filled from the first part below
        return last
    idx = int(ident)
    feats = cols[5]
    mood = "Sub" if "Mood=Sub" in feats else "Ind" if "Mood=Ind" in feats else None
    if idx <= skip_until:
        mwt = current[-1]
        if mwt.lemma == f"\0{idx}":
            mwt.lemma = cols[2]
            mwt.upos = cols[3]
            mwt.xpos = "APPRART" if cols[3] == "ADP" else cols[4]
            mwt.mood = mood
            mwt.feats = feats
        return skip_until
    current.append(UDToken(cols[1], cols[4], cols[2], mood, cols[3], feats))
    return skip_until


def is_stts(sentences: Sequence[Sequence[UDToken]]) -> bool:
    """Whether a treebank's XPOS column is STTS (GSD, LIT) rather than another tagset (PUD)."""
    tags = Counter(t.xpos for s in sentences[:300] for t in s)
    return sum(tags[m] for m in STTS_MARKERS) > 0.2 * max(1, sum(tags.values()))


def has_mood(sentences: Sequence[Sequence[UDToken]]) -> bool:
    """Whether a treebank annotates mood (LIT does not: it would count every Konjunktiv wrong)."""
    fin = [t for s in sentences for t in s if t.xpos.endswith("FIN") or t.mood]
    return sum(t.mood is not None for t in fin) > 0.5 * max(1, len(fin))


def _feat(feats: str, name: str) -> str | None:
    for part in feats.split("|"):
        k, _, v = part.partition("=")
        if k == name:
            return v
    return None


def penn_to_stts(form: str, upos: str, xpos: str, feats: str, lemma: str) -> str | None:
    """STTS tag for a token of a treebank in the Penn-like German tagset (UD PUD), or None.

    Decided from XPOS, UPOS and the UD features; None when the mapping is not clear (the
    sentence is then left out of CRF training).
    """
    low = form.lower()
    if upos == "PUNCT" or xpos in {"(", ")", "``", "''", "-", "HYPH", "NFP"}:
        return TAGGER_PUNCT_TAGS.get(form, "$(")
    if low == "man":
        return "PIS"
    if xpos in {"NN", "NNA"}:
        return "PIS" if upos == "PRON" else "NE" if upos == "PROPN" else "NN"
    if xpos == "NNP":
        return "NE"
    if xpos == "CD":
        return "CARD"
    if xpos in {"VBC", "VB", "VBN"}:
        return _penn_verb(low, upos, xpos, feats, lemma)
    if xpos == "JJ":
        return "ADJA" if _feat(feats, "Case") else "ADJD"
    if xpos == "." and upos == "ADJ":
        return "ADJA"
    if xpos == "RB":
        if _feat(feats, "Polarity") == "Neg":
            return "PTKNEG"
        cc = closed_class().get(low)
        return "PAV" if cc and cc[0] == "PAV" else "ADV"
    if xpos in {"WRB", "WP", "WDT"}:
        return "PWAV" if xpos == "WRB" else "PWAT" if xpos == "WDT" and upos == "DET" else "PWS"
    if xpos in {"DT", "DTP$", "PDT", "PRP", "EX", "REL"}:
        return _penn_pronoun(xpos, upos == "DET", feats)
    return _penn_particle(low, upos, xpos)


def _penn_verb(low: str, upos: str, xpos: str, feats: str, lemma: str) -> str:
    """STTS tag of a Penn verb: auxiliary, modal or full verb; finite, participle or infinitive."""
    lem = lemma.lower()
    cls = (
        "VA"
        if lem in word_class("auxiliary-verb") and upos == "AUX"
        else "VM"
        if lem in word_class("modal-verb")
        else "VV"
    )
    if xpos == "VBC":
        return cls + ("IMP" if _feat(feats, "Mood") == "Imp" else "FIN")
    if xpos == "VBN":
        return cls + "PP"
    if cls == "VV" and "zu" in low[1:-2] and not lem.startswith(low[:4] + "zu"):
        return "VVIZU" if low.replace("zu", "", 1) == lem else "VVINF"
    return cls + "INF"


def _penn_pronoun(xpos: str, det: bool, feats: str) -> str | None:
    """STTS tag of a Penn determiner or pronoun, from the UD pronoun features."""
    kind = _feat(feats, "PronType")
    if xpos == "EX":
        return "PPER"
    if _feat(feats, "Reflex") == "Yes":
        return "PRF"
    if _feat(feats, "Poss") == "Yes" or xpos == "DTP$":
        return "PPOSAT" if det else "PPOSS"
    if xpos == "REL" or kind == "Rel":
        return "PRELAT" if det else "PRELS"
    if kind == "Art":
        return "ART"
    if kind == "Dem":
        return "PDAT" if det else "PDS"
    if kind in {"Ind", "Neg", "Tot"} or xpos == "PDT":
        return "PIAT" if det else "PIS"
    if kind == "Int":
        return "PWAT" if det else "PWS"
    if kind == "Prs" or (xpos == "PRP" and kind is None):
        return "PPER"
    return None


def _penn_particle(low: str, upos: str, xpos: str) -> str | None:
    """STTS tag of a Penn preposition, conjunction or particle, or None when unclear."""
    if xpos == "IN":
        return "APPR" if upos == "ADP" else "KOUS" if upos == "SCONJ" else None
    if xpos == "CC":
        if upos == "CCONJ":
            return "KOKOM" if low in word_class("comparison-conjunction") else "KON"
        if upos == "SCONJ":
            return "KOUI" if low in word_class("infinitive-conjunction") else "KOUS"
        return None
    if xpos == "RP":
        return "PTKZU" if low == "zu" else "PTKVZ"
    if xpos == "DC":
        return "PTKVZ"
    if xpos == "FW":
        return "FM"
    return None


def convert_bank(sentences: list[list[UDToken]]) -> list[list[UDToken]]:
    """Sentences with Penn-like XPOS rewritten to STTS; unclear sentences are dropped."""
    out: list[list[UDToken]] = []
    for sent in sentences:
        conv: list[UDToken] = []
        for tok in sent:
            tag = (
                tok.xpos
                if tok.xpos == "APPRART"
                else penn_to_stts(tok.form, tok.upos, tok.xpos, tok.feats, tok.lemma)
            )
            if tag is None:
                break
            conv.append(UDToken(tok.form, tag, tok.lemma, tok.mood, tok.upos, tok.feats))
        else:
            out.append(conv)
    return out


def clean_stts(sentences: list[list[UDToken]]) -> list[list[UDToken]]:
    """Sentences whose tags are all STTS (after fixing known misspellings); punctuation
    tagged PUNCT gets its STTS tag by rule; a sentence with any other tag is left out."""
    out: list[list[UDToken]] = []
    for sent in sentences:
        ok = True
        for tok in sent:
            tag = TREEBANK_TAG_FIXES.get(tok.xpos, tok.xpos)
            if tag in {"PUNCT", "punct"}:
                tag = punct_tag(tok.form) or "$("
            if tag not in STTS_TAGS:
                ok = False
                break
            tok.xpos = tag
        if ok:
            out.append(sent)
    return out


def label_of(tok: UDToken) -> str:
    """The CRF label: the STTS tag."""
    return tok.xpos
