"""Mood of finite verbs (Konjunktiv), decided by rule after tagging.

Three signals: a lexicon of forms that are always Konjunktiv (``lang/de/data/konjunktiv.tsv``:
sei, wäre, könne, würde...), stem + "-e" with a subject that is not "ich" (Konjunktiv I:
"habe", "fürchte", "werde"), and an umlaut the lemma lacks (Konjunktiv II: "fänden"). Why
not a joint ``TAG|Sub`` CRF: the LIT treebank, half of the STTS training data, carries no mood
features at all (11 of 3,707 finite verbs), so a joint model learns that Konjunktiv is rare;
the rule is measured against the gold moods of GSD and PUD instead (``train_tagger``'s report).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...lang import de
from ...lang.de.punctuation import TAGGER_CLAUSE_BREAK, TAGGER_SENTENCE_OPENERS
from ...lang.de.tags import CLAUSE_TAGS, KONJ_SUSPECT, SUBJECT_TAGS

_UMLAUT = str.maketrans("äöü", "aou")


@cache
def konjunktiv_forms() -> frozenset[str]:
    """Finite verb forms that are always Konjunktiv (``lang/de/data/konjunktiv.tsv``, tagger 1)."""
    table = de.konjunktiv()
    return frozenset(
        f
        for f, tagger in zip(table.column("form"), table.column("tagger"), strict=True)
        if tagger == "1"
    )


@cache
def _endings(name: str) -> tuple[str, ...]:
    return tuple(e for e, _r in de.endings(name))


def mood_of(words: Sequence[str], tags: Sequence[str], lemmas: Sequence[str], i: int) -> str | None:
    """Mood of token ``i``: "Sub" (Konjunktiv), "Ind" for other finite verbs, else None."""
    tag = tags[i]
    if not tag.endswith("FIN"):
        return None
    word = words[i]
    if word[:1].isupper() and i > 0 and words[i - 1] not in TAGGER_SENTENCE_OPENERS:
        # A capitalised "finite verb" inside a sentence is a mis-tagged noun ("Wolle").
        return "Ind"
    low = word.lower()
    if low in konjunktiv_forms():
        return "Sub"
    if lemmas[i][:1].isupper():  # a noun lemma ("Ärzte" → "Arzt"): the tag is wrong
        return "Ind"
    lemma = lemmas[i].lower()
    if low.endswith("e") and len(low) > 2:
        # Konjunktiv I 3rd person = stem + e ("habe", "fürchte", "ausmache"); the same form
        # is indicative only with "ich" (1st person singular) or as an imperative.
        stem = low[:-1]
        if lemma.endswith(stem + "en") or lemma.endswith(stem + "n"):
            if not _has_first_person(words, i):
                return "Sub"
            return "Ind"
    # Konjunktiv II of strong verbs carries an umlaut its lemma lacks ("fänden"/"finden");
    # weak "-te" forms are past tense ("erläuterte"), the irregular ones are in the lexicon.
    if (
        any(c in low for c in "äöü")
        and low.endswith(_endings("konjunktiv-2"))
        and not low.endswith(_endings("weak-past"))
        and not any(c in lemma for c in "äöü")
        and low.translate(_UMLAUT) != lemma
    ):
        return "Sub"
    return "Ind"


def _has_first_person(words: Sequence[str], i: int) -> bool:
    """Whether "ich" is the subject candidate of the verb at ``i`` (same clause)."""
    first = de.word_class("first-person")
    j = i - 1
    while j >= 0 and words[j] not in TAGGER_CLAUSE_BREAK and i - j <= 8:
        if words[j].lower() in first:
            return True
        j -= 1
    return any(k < len(words) and words[k].lower() in first for k in (i + 1, i + 2))


def repair_konjunktiv(
    words: Sequence[str], tags: list[str], verbs: frozenset[str], strong: frozenset[str]
) -> None:
    """Retag a Konjunktiv I verb the CRF took for an adjective or adverb, in place.

    The treebanks have few Konjunktiv I forms, so "man weise die Vorwürfe zurück" or "der
    Minister verspreche Hilfe" come out as ADV/ADJA. A lower-case word ending in -e whose
    stem + -en is a known verb (``verbs`` from the lemma table, ``strong`` infinitives), right
    after a subject (pronoun or noun), in a clause with no other finite verb, is taken as a
    finite verb (VVFIN); its mood is then decided as usual.
    """
    candidates = [
        i
        for i in range(1, len(words))
        if tags[i] in KONJ_SUSPECT
        and tags[i - 1] in SUBJECT_TAGS
        and words[i].endswith("e")
        and words[i][:1].islower()
    ]
    if not candidates:
        return
    # The clause of a token is the run of tokens between clause tags around it; a retagged
    # verb makes its clause finite for the candidates after it (one pass: linear).
    clause: list[int] = []
    finite: list[bool] = []
    for k, t in enumerate(tags):
        if t in CLAUSE_TAGS or not clause or tags[k - 1] in CLAUSE_TAGS:
            finite.append(False)
        clause.append(len(finite) - 1)
        if t.endswith("FIN"):
            finite[-1] = True
    for i in candidates:
        w = words[i]
        if tags[i - 1] not in SUBJECT_TAGS:  # the candidate before may have become a verb
            continue
        inf = w[:-1] + "en"
        if inf not in verbs and inf not in strong and w[:-1] + "n" not in verbs:
            continue
        if finite[clause[i]]:
            continue
        tags[i] = "VVFIN"
        finite[clause[i]] = True
