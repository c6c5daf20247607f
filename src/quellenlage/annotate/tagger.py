"""A fast STTS part-of-speech tagger with Konjunktiv detection and a lemmatizer.

A linear-chain CRF (python-crfsuite) predicts the STTS tag of every token. Lemmas come from a
(form, tag) → lemma table learned from the Universal Dependencies German treebanks, with
suffix analogy ("Atomwaffenvorrat" → "...vorrat") and inflection rules for unknown words.

Mood is decided after tagging, by rule, for finite verbs: a lexicon of forms that are always
Konjunktiv (``data/konjunktiv.tsv``: sei, wäre, könne, würde...), stem + "-e" with a subject
that is not "ich" (Konjunktiv I: "habe", "fürchte", "werde"), and an umlaut the lemma lacks
(Konjunktiv II: "fänden"). Why not a joint ``TAG|Sub`` CRF: the LIT treebank, half of the
STTS training data, carries no mood features at all (11 of 3,707 finite verbs), so a joint
model learns that Konjunktiv is rare; the rule is measured against the gold moods of GSD and
PUD instead (see ``train_tagger``'s report).

The model ships in ``annotate/data/`` (``tagger.crfsuite``, ``tagger.meta.json``,
``lemmas.tsv``) and is loaded lazily, once per process, with a format-version check; a
missing, corrupt or incompatible model raises ``ModelError``. ``train_tagger`` rebuilds it
from CoNLL-U files (``quellenlage train`` calls it).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..doc import Doc, Sentence
from ..errors import ModelError
from ..lang import de
from .tokenize import closed_class

FORMAT_VERSION = 2
"""Version of the model files' layout and feature set; bump when either changes."""
SUPPORTED_FORMATS = (2,)
MODEL_NAME = "quellenlage-tagger-de"
MODEL_FILE = "tagger.crfsuite"  # the crfsuite model, kept for reference and inspection
WEIGHTS_FILE = "tagger.weights.npz"  # its weights as numpy arrays: what inference loads
META_FILE = "tagger.meta.json"
LEMMA_FILE = "lemmas.json"

# ---------------------------------------------------------------------------------- CoNLL-U


@dataclass(slots=True)
class UDToken:
    """One surface token of a UD sentence (multi-word tokens like "am" are merged)."""

    form: str
    xpos: str
    lemma: str
    mood: str | None  # "Sub", "Ind" or None
    upos: str
    feats: str = "_"


_STTS_MARKERS = frozenset({"$.", "$,", "$(", "ART", "APPR", "VVFIN", "VAFIN"})


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
            ident = cols[0]
            if "." in ident:  # empty nodes of enhanced dependencies
                continue
            if "-" in ident:
                first, last = (int(x) for x in ident.split("-"))
                current.append(UDToken(cols[1], "", "", None, ""))
                skip_until = last
                current[-1].lemma = f"\0{first}"  # filled from the first part below
                continue
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
                continue
            current.append(UDToken(cols[1], cols[4], cols[2], mood, cols[3], feats))
    if current:
        sentences.append(current)
    return sentences


def is_stts(sentences: Sequence[Sequence[UDToken]]) -> bool:
    """Whether a treebank's XPOS column is STTS (GSD, LIT) rather than another tagset (PUD)."""
    tags = Counter(t.xpos for s in sentences[:300] for t in s)
    return sum(tags[m] for m in _STTS_MARKERS) > 0.2 * max(1, sum(tags.values()))


_MODALS = frozenset({"können", "müssen", "sollen", "wollen", "dürfen", "mögen", "möchten"})
_AUX = frozenset({"sein", "haben", "werden"})
_PUNCT_TAGS = {".": "$.", ",": "$,", ":": "$.", ";": "$.", "!": "$.", "?": "$."}


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
        return _PUNCT_TAGS.get(form, "$(")
    if low == "man":
        return "PIS"
    if xpos in {"NN", "NNA"}:
        return "PIS" if upos == "PRON" else "NE" if upos == "PROPN" else "NN"
    if xpos == "NNP":
        return "NE"
    if xpos == "CD":
        return "CARD"
    if xpos in {"VBC", "VB", "VBN"}:
        lem = lemma.lower()
        cls = "VA" if lem in _AUX and upos == "AUX" else "VM" if lem in _MODALS else "VV"
        if xpos == "VBC":
            return cls + ("IMP" if _feat(feats, "Mood") == "Imp" else "FIN")
        if xpos == "VBN":
            return cls + "PP"
        if cls == "VV" and "zu" in low[1:-2] and not lemma.lower().startswith(low[:4] + "zu"):
            return "VVIZU" if low.replace("zu", "", 1) == lem else "VVINF"
        return cls + "INF"
    if xpos == "JJ":
        return "ADJA" if _feat(feats, "Case") else "ADJD"
    if xpos == "." and upos == "ADJ":
        return "ADJA"
    if xpos == "RB":
        if _feat(feats, "Polarity") == "Neg":
            return "PTKNEG"
        cc = closed_class().get(low)
        return "PAV" if cc and cc[0] == "PAV" else "ADV"
    if xpos == "WRB":
        return "PWAV"
    if xpos == "WP":
        return "PWS"
    if xpos == "WDT":
        return "PWAT" if upos == "DET" else "PWS"
    if xpos in {"DT", "DTP$", "PDT", "PRP", "EX", "REL"}:
        det = upos == "DET"
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
    if xpos == "IN":
        return "APPR" if upos == "ADP" else "KOUS" if upos == "SCONJ" else None
    if xpos == "CC":
        if upos == "CCONJ":
            return "KOKOM" if low in {"als", "wie"} else "KON"
        if upos == "SCONJ":
            return "KOUI" if low in {"um", "ohne", "statt", "anstatt"} else "KOUS"
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


_STTS = (
    "ADJA ADJD ADV APPR APPRART APPO APZR ART CARD FM ITJ KOUI KOUS KON KOKOM NN NE PDS PDAT "
    "PIS PIAT PIDAT PPER PPOSS PPOSAT PRELS PRELAT PRF PWS PWAT PWAV PAV PTKZU PTKNEG PTKVZ "
    "PTKANT PTKA TRUNC VVFIN VVIMP VVINF VVIZU VVPP VAFIN VAIMP VAINF VAPP VMFIN VMINF VMPP "
    "XY $, $. $("
)
STTS_TAGS = frozenset(_STTS.split())  # the TIGER variant of STTS (PAV, not PROAV)
# Misspelt or foreign tags found in the STTS treebanks, mapped to STTS; others drop the
# sentence.
_TAG_FIXES = {
    "PROAV": "PAV",  # STTS 2.0 name of the TIGER tag
    "$;": "$.",
    ",": "$,",
    "VVINZU": "VVIZU",
    "VVIN": "VVINF",
    "NOUN": "NN",
    "KOKON": "KON",
    "APP": "APPR",
}


def clean_stts(sentences: list[list[UDToken]]) -> list[list[UDToken]]:
    """Sentences whose tags are all STTS (after fixing known misspellings); punctuation
    tagged PUNCT gets its STTS tag by rule; a sentence with any other tag is left out."""
    out: list[list[UDToken]] = []
    for sent in sentences:
        ok = True
        for tok in sent:
            tag = _TAG_FIXES.get(tok.xpos, tok.xpos)
            if tag in {"PUNCT", "punct"}:
                tag = _punct_tag(tok.form) or "$("
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


@lru_cache(maxsize=1)
def konjunktiv_forms() -> frozenset[str]:
    """Finite verb forms that are always Konjunktiv (``lang/de/data/konjunktiv.tsv``, tagger 1)."""
    table = de.konjunktiv()
    return frozenset(
        f
        for f, tagger in zip(table.column("form"), table.column("tagger"), strict=True)
        if tagger == "1"
    )


_UMLAUT = str.maketrans("äöü", "aou")
_FIRST_PERSON = frozenset({"ich"})
_SENTENCE_OPENERS = frozenset({"„", "“", '"', "»", "«", "‚", "'", ":", "(", "–", "-"})
_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "–", "-", "„", "“", '"', "»", "«"})


def mood_of(words: Sequence[str], tags: Sequence[str], lemmas: Sequence[str], i: int) -> str | None:
    """Mood of token ``i``: "Sub" (Konjunktiv), "Ind" for other finite verbs, else None."""
    tag = tags[i]
    if not tag.endswith("FIN"):
        return None
    word = words[i]
    if word[:1].isupper() and i > 0 and words[i - 1] not in _SENTENCE_OPENERS:
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
            if not _has_first_person(words, tags, i):
                return "Sub"
            return "Ind"
    # Konjunktiv II of strong verbs carries an umlaut its lemma lacks ("fänden"/"finden");
    # weak "-te" forms are past tense ("erläuterte"), the irregular ones are in the lexicon.
    if (
        any(c in low for c in "äöü")
        and low.endswith(("e", "en", "est", "et"))
        and not low.endswith(("te", "ten", "test", "tet"))
        and not any(c in lemma for c in "äöü")
        and low.translate(_UMLAUT) != lemma
    ):
        return "Sub"
    return "Ind"


def _has_first_person(words: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """Whether "ich" is the subject candidate of the verb at ``i`` (same clause)."""
    j = i - 1
    while j >= 0 and words[j] not in _CLAUSE_BREAK and i - j <= 8:
        if words[j].lower() in _FIRST_PERSON:
            return True
        j -= 1
    return any(k < len(words) and words[k].lower() in _FIRST_PERSON for k in (i + 1, i + 2))


# --------------------------------------------------------------------------------- features


_QUOTE_NORM = {q: '"' for q in ("„", "“", "”", "»", "«", "‹", "›", "‚", "‘", "’", "''", "``", ",,")}
_PUNCT_ONLY = frozenset("„“”\"»«‹›‚‘’'`´()[]{}-–—/…*•·|")


def _punct_tag(word: str) -> str | None:
    """The STTS tag of a punctuation token, decided by rule (the CRF has seen few „ “ » «)."""
    if word in _PUNCT_TAGS:
        return _PUNCT_TAGS[word]
    if word in {"...", "…"}:
        return "$."
    if word and all(c in _PUNCT_ONLY for c in word):
        return "$("
    return None


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:8]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


WordFeatures = tuple[list[str], list[str], list[str], list[str], list[str]]

CONTEXT_FILE = "word_contexts.tsv"
_CONTEXT_WORDS = 150  # the most frequent words serve as context classes


def build_context_lexicon(sentences: Iterable[Sequence[str]], out_path: Path) -> int:
    """Distributional features from unlabeled text: for each word (lower case, seen twice or
    more) its most frequent left and right neighbour among the most frequent words (* when
    it never stands next to one), and how
    often it is capitalised inside a sentence. Written as TSV; returns the number of words.

    These features let the tagger guess unseen treebank words from how news text uses them
    ("finanzielle" after "die", before a noun: an adjective).
    """
    sents = [list(s) for s in sentences]
    freq: Counter[str] = Counter(w.lower() for s in sents for w in s)
    context = {w for w, _ in freq.most_common(_CONTEXT_WORDS)}
    left: dict[str, Counter[str]] = defaultdict(Counter)
    right: dict[str, Counter[str]] = defaultdict(Counter)
    caps: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    for s in sents:
        low = [w.lower() for w in s]
        for i, w in enumerate(low):
            if freq[w] < 2:
                continue
            prev = low[i - 1] if i else "<s>"
            nxt = low[i + 1] if i + 1 < len(low) else "</s>"
            if prev in context or prev == "<s>":
                left[w][prev] += 1
            if nxt in context or nxt == "</s>":
                right[w][nxt] += 1
            if i and s[i][:1].isalpha():
                inner[w] += 1
                caps[w] += s[i][:1].isupper()
    lines = [
        "# Distributional word features for the tagger, counted on unlabeled German news",
        "# (built by tagger.build_context_lexicon). Columns: word (lower case)<TAB>most frequent",
        "# left neighbour among the 150 most frequent words (* = none, <s> = sentence start)",
        "# <TAB>most frequent right neighbour (same, </s> = end)<TAB>capitalised inside a",
        "# sentence: 0 never, 1 always, m mixed, - not seen inside",
    ]
    for w in sorted(set(left) | set(right)):
        if not w or "\t" in w:
            continue
        lw = left[w].most_common(1)[0][0] if left[w] else "*"
        rw = right[w].most_common(1)[0][0] if right[w] else "*"
        cap = "-"
        if inner[w]:
            ratio = caps[w] / inner[w]
            cap = "1" if ratio > 0.9 else "0" if ratio < 0.1 else "m"
        lines.append(f"{w}\t{lw}\t{rw}\t{cap}")
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 5


_CONTEXTS: dict[str, tuple[str, str, str]] | None = None


def word_contexts() -> dict[str, tuple[str, str, str]]:
    """The shipped distributional lexicon: word → (left, right, capitalisation)."""
    global _CONTEXTS
    if _CONTEXTS is None:
        table: dict[str, tuple[str, str, str]] = {}
        path = resources.files(__package__).joinpath("data", CONTEXT_FILE)
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    w, left, right, cap = line.split("\t")
                    table[w] = (left, right, cap)
        _CONTEXTS = table
    return _CONTEXTS


def word_features(word: str) -> WordFeatures:
    """Feature strings of a word: its own, then as the -2, -1, +1, +2 neighbour of a token."""
    cc_table = closed_class()
    # Every quote style looks like the straight quote the treebanks mostly use.
    word = _QUOTE_NORM.get(word, word)
    low = word.lower()
    shape = _shape(word)
    feats = ["b", "w=" + low, "sh=" + shape]
    for k in (1, 2, 3, 4):
        if len(low) > k:
            feats.append(f"s{k}=" + low[-k:])
    for k in (1, 2, 3, 4):
        if len(low) > k + 1:
            feats.append(f"p{k}=" + low[:k])
    first = word[:1]
    if first.isupper():
        feats.append("cap")
        if word.isupper() and len(word) > 1:
            feats.append("allcap")
    if any(c.isdigit() for c in word):
        feats.append("dig")
    if "-" in word[1:]:
        feats.append("hy")
        feats.append("hy_tail=" + low.rsplit("-", 1)[-1][-4:])
    if not first.isalnum():
        feats.append("punct=" + word[:3])
    cc = cc_table.get(low)
    if cc:
        feats.append("cc=" + ",".join(cc))
    if len(word) > 12:
        feats.append("long")
    ctx_entry = word_contexts().get(low)
    if ctx_entry is not None:
        feats.append("dl=" + ctx_entry[0])
        feats.append("dr=" + ctx_entry[1])
        feats.append("dc=" + ctx_entry[2])
    # Neighbour variants: the word, its closed-class tags, suffix and capitalisation.
    ctx: list[list[str]] = []
    for off in ("-2", "-1", "+1", "+2"):
        c = [f"w{off}=" + low]
        if off in ("-1", "+1"):
            c.append(f"s3{off}=" + low[-3:])
            c.append(f"sh{off}=" + shape)
            if cc:
                c.append(f"cc{off}=" + ",".join(cc))
        ctx.append(c)
    return (feats, ctx[0], ctx[1], ctx[2], ctx[3])


def sentence_features(words: Sequence[str]) -> list[list[str]]:
    """One feature list per token of the sentence (what crfsuite trains on)."""
    entries = [word_features(w) for w in words]
    n = len(entries)
    out: list[list[str]] = []
    for i, e in enumerate(entries):
        f = list(e[0])
        if i == 0:
            f.append("BOS")
            if words[0][:1].isupper():
                f.append("capBOS")
        else:
            f.extend(entries[i - 1][2])
            if i > 1:
                f.extend(entries[i - 2][1])
        if i == n - 1:
            f.append("EOS")
        else:
            f.extend(entries[i + 1][3])
            if i + 2 < n:
                f.extend(entries[i + 2][4])
        out.append(f)
    return out


# --------------------------------------------------------------------------------- lemmatizer

_PREFIX_LIST = (
    "ab an auf aus bei dar durch ein empor entgegen fest fort her heraus herbei hin "
    "hinaus hinzu los mit nach nieder statt über um unter vor voran voraus vorbei weg "
    "weiter wider wieder zu zurück zusammen be emp ent er ge miss ver zer"
)
_VERB_PREFIXES = tuple(sorted(_PREFIX_LIST.split(), key=len, reverse=True))


@lru_cache(maxsize=1)
def strong_verb_forms() -> dict[str, str]:
    """Finite and participle forms of strong and irregular verbs → infinitive
    (``lang/de/data/strong_verbs.tsv``); participles also without "ge-" for inseparable prefixes."""
    out: dict[str, str] = {}
    for inf, past, part, pres in de.strong_verbs():
        plural = past + ("n" if past.endswith("e") else "en")
        forms = [past, past + ("st" if not past.endswith(("s", "ß")) else "t"), plural]
        forms += [past + "t" if not past.endswith("t") else past + "et", part]
        if part.startswith("ge"):
            forms.append(part[2:])  # bestritten = be + stritten, vergangen = ver + gangen
        if pres:
            forms.append(pres)
        for f in forms:
            out.setdefault(f, inf)
    return out


def strong_verb_lemma(low: str) -> str | None:
    """Infinitive of a strong verb form, prefixes included ("bestritt" → "bestreiten",
    "zurückgewiesen" → "zurückweisen"), or None."""
    forms = strong_verb_forms()
    hit = forms.get(low)
    if hit is not None:
        return hit
    for prefix in _VERB_PREFIXES:
        if low.startswith(prefix) and len(low) - len(prefix) >= 3:
            rest = low[len(prefix) :]
            hit = forms.get(rest)
            if hit is None and rest.startswith(_VERB_PREFIXES):
                hit = strong_verb_lemma(rest)
                if hit is not None:
                    return prefix + hit
            if hit is not None:
                return prefix + hit
    return None


@lru_cache(maxsize=1)
def strong_verb_infinitives() -> frozenset[str]:
    """Infinitives of ``lang/de/data/strong_verbs.tsv``."""
    return frozenset(strong_verb_forms().values())


_KONJ_SUSPECT = frozenset({"ADJA", "ADJD", "ADV", "NN"})
_FUNCTION_TAGS = frozenset({"KOUS", "KON", "PWAV", "PWS", "KOKOM"})
_SUBJECT_TAGS = frozenset({"PPER", "PIS", "PDS", "NN", "NE"})
_CLAUSE_TAGS = frozenset({"$,", "$.", "$(", "KOUS", "KON", "PRELS", "PWS", "PWAV"})

_ADJ_ENDINGS = ("eren", "erem", "erer", "eres", "ere", "en", "em", "er", "es", "e")
_VERB_ENDINGS = ("test", "tet", "ten", "te", "est", "et", "st", "en", "t", "e", "n")


class Lemmatizer:
    """(form, tag) → lemma from a table, then suffix analogy, then inflection rules.

    The table is keyed by ``"form\ttag"`` strings, exactly as stored in ``lemmas.json``,
    so that loading is one ``json.loads`` (the tagger loads in well under a second).
    """

    def __init__(self, table: dict[str, str], by_form: dict[str, str]) -> None:
        self.table = table
        self.by_form = by_form
        self._verbs: frozenset[str] | None = None

    @property
    def verbs(self) -> frozenset[str]:
        """Known verb infinitives: they decide between "fürchte" (fürchten) and "prüfte"."""
        if self._verbs is None:
            self._verbs = frozenset(
                lemma.lower() for key, lemma in self.table.items() if "\tV" in key
            )
        return self._verbs

    def knows(self, form: str, tag: str) -> bool:
        """Whether the treebanks had ``form`` with ``tag``."""
        return f"{form}\t{tag}" in self.table

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[UDToken]], stts: bool) -> Lemmatizer:
        """Count (form, tag) → lemma (and form → lemma) and keep the most frequent lemma."""
        pairs: dict[str, Counter[str]] = defaultdict(Counter)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for sent in sentences:
            for t in sent:
                if not t.lemma or t.lemma == "_":
                    continue
                forms[t.form][t.lemma] += 1
                if stts:
                    pairs[f"{t.form}\t{t.xpos}"][t.lemma] += 1
        table = {k: c.most_common(1)[0][0] for k, c in pairs.items()}
        by_form = {k: c.most_common(1)[0][0] for k, c in forms.items()}
        return cls(table, by_form)

    def dump(self, path: Path, sources: str) -> None:
        """Write the table as JSON: ``tagged`` ("form\ttag" → lemma) and ``forms`` (form →
        lemma, the fallback when the tag was never seen with the form)."""
        data = {
            "note": (
                "Lemma table of the quellenlage tagger, learned from Universal Dependencies "
                f"German treebanks ({sources}); licences as in tagger.meta.json."
            ),
            "format_version": FORMAT_VERSION,
            "tagged": dict(sorted(self.table.items())),
            "forms": dict(sorted(self.by_form.items())),
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, text: str) -> Lemmatizer:
        """Read the JSON written by ``dump``."""
        try:
            data = json.loads(text)
            table, by_form = data["tagged"], data["forms"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"lemma table is unreadable: {exc}") from exc
        if not isinstance(table, dict) or not isinstance(by_form, dict):
            raise ModelError("lemma table is malformed: 'tagged' and 'forms' must be objects")
        return cls(table, by_form)

    def lemma(self, form: str, tag: str) -> str:
        """The lemma of ``form`` tagged ``tag``."""
        hit = self.table.get(f"{form}\t{tag}")
        if hit is not None:
            return hit
        low = form.lower()
        if form[:1].isupper() and not tag.startswith(("NN", "NE")):
            hit = self.table.get(f"{low}\t{tag}")
            if hit is not None:
                return hit
        if tag.startswith("$") or tag in {"CARD", "XY", "FM"}:
            return form
        hit = self.by_form.get(form)
        if hit is not None and tag.startswith("V") and not hit.endswith("n"):
            # known as a non-verb ("weise", "große"): a verb reading needs a known verb
            verb = strong_verb_lemma(low) or self._known_verb(low, tag)
            return verb if verb is not None else hit
        if hit is not None and tag != "NE":
            return hit
        if tag == "NN":
            plural = _noun_rule(form, safe_only=True)
            if plural != form:
                return plural
            return self._by_suffix(form, tag) or _noun_rule(form)
        if tag == "NE":
            return self._by_suffix(form, tag) or form
        if tag.startswith("V"):
            return (
                strong_verb_lemma(low)
                or self._by_suffix(low, tag)
                or self._known_verb(low, tag)
                or _verb_rule(low, tag)
            )
        if tag in {"ADJA", "ADJD"}:
            return self._by_suffix(low, tag) or _adj_rule(low, tag)
        return form if tag == "NE" else low if form[:1].isupper() else form

    def _known_verb(self, low: str, tag: str) -> str | None:
        """Infinitive of a finite form whose stem is a known verb (or ends in one)."""
        if not tag.endswith("FIN"):
            return None
        for end in ("e", "te", "ete", "t", "et", "st", "en", "ten", "eten"):
            if low.endswith(end) and len(low) - len(end) >= 2:
                stem = low[: -len(end)]
                for inf in (stem + "en", stem + "n"):
                    for k in range(0, max(1, len(inf) - 5)):
                        if inf[k:] in self.verbs:
                            return inf
        return None

    def _by_suffix(self, form: str, tag: str) -> str | None:
        """Lemma by analogy with the longest known suffix (compounds, prefixed verbs)."""
        for k in range(1, len(form) - 3):
            suffix = form[k:]
            if tag in {"NN", "NE"}:
                suffix = suffix[:1].upper() + suffix[1:]
            hit = self.table.get(f"{suffix}\t{tag}")
            if hit is None and tag == "NN" and len(suffix) > 4:
                hit = self.by_form.get(suffix)  # "Medienberichten": "Berichten" → "Bericht"
                if hit is not None and not hit[:1].isupper():
                    hit = None
            if hit is not None:
                if tag in {"NN", "NE"}:
                    return form[:k] + hit[:1].lower() + hit[1:]
                return form[:k] + hit
        return None


_FOREIGN_PLURAL = ("ings", "ets", "ts", "ks", "ps", "os", "ys", "ers")


_SAFE_PLURALS = (
    ("innen", "in"),
    ("ungen", "ung"),
    ("heiten", "heit"),
    ("keiten", "keit"),
    ("schaften", "schaft"),
    ("ionen", "ion"),
    ("täten", "tät"),
)


def _noun_rule(form: str, *, safe_only: bool = False) -> str:
    """Singular of an unknown plural noun, only where the ending is unambiguous:
    "Journalistinnen" → "Journalistin", "Zeitungen" → "Zeitung", "Insidern" → "Insider",
    "Tweets" → "Tweet". ``safe_only``: just the derivational suffixes (-ungen, -innen...)."""
    for plural, singular in _SAFE_PLURALS:
        if form.endswith(plural) and len(form) > len(plural) + 2:
            return form[: -len(plural)] + singular
    if safe_only:
        return form
    if form.endswith("ern") and len(form) > 5:
        return form[:-1]
    if form.endswith(_FOREIGN_PLURAL) and len(form) > 4 and not form.endswith("ss"):
        return form[:-1]
    return form


def _verb_rule(low: str, tag: str) -> str:
    """Infinitive of an unknown weak verb form: "gewandt" stays, "prüfte" → "prüfen"."""
    word = low
    if tag.endswith("IZU") and "zu" in word[1:-3]:
        i = word.index("zu", 1)
        word = word[:i] + word[i + 2 :]
        return word
    if tag.endswith("PP"):
        stem = word
        if stem.startswith("ge") and len(stem) > 5:
            stem = stem[2:]
        elif "ge" in stem[2:-3]:
            i = stem.index("ge", 2)
            stem = stem[:i] + stem[i + 2 :]
        if stem.endswith("en"):
            return stem
        if stem.endswith("t"):
            stem = stem[:-1]
            if stem.endswith("e") and len(stem) > 3:
                stem = stem[:-1]
        return stem + ("n" if stem.endswith(("el", "er")) else "en")
    if tag.endswith("INF"):
        return word
    for end in _VERB_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 3:
            stem = word[: -len(end)]
            return stem + ("n" if stem.endswith(("el", "er")) else "en")
    return word


def _adj_rule(low: str, tag: str) -> str:
    if tag == "ADJD":
        return low
    for end in _ADJ_ENDINGS:
        if low.endswith(end) and len(low) - len(end) >= 3:
            return low[: -len(end)]
    return low


# ------------------------------------------------------------------------------------ tagger


class _Scorer:
    """Linear-chain CRF inference in numpy on the weights exported from crfsuite.

    Same scores as crfsuite (state features with value 1, label transitions, Viterbi), but
    the feature weights of a word are summed once and cached per word and neighbour position,
    which makes tagging faster than feeding feature strings to crfsuite. Tried and dropped:
    a beam over each token's best labels (no faster, 0.15% of tags differ) and decoding
    sentences in batches (padding and (B, L, L) arrays cost more than the saved calls).
    """

    # Words per cache generation: when the young generation is full it becomes the old one
    # (words still in use move back), so frequent words survive and memory stays bounded
    # (two generations of 5 x L float32 vectors: about 17 MB with 52 labels).
    _CACHE_WORDS = 16_000

    def __init__(self, path: Path) -> None:
        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as z:
                fmt = int(z["format_version"][0])
                labels = [str(x) for x in z["labels"]]
                attributes = [str(x) for x in z["attributes"]]
                rows, cols, weights = z["rows"], z["cols"], z["weights"]
                transitions = z["transitions"].astype(np.float32)
        except Exception as exc:  # zip, key or dtype errors of a damaged file
            raise ModelError(f"cannot read tagger weights {path}: {exc}") from exc
        if fmt not in SUPPORTED_FORMATS:
            raise ModelError(f"tagger weights {path} have format {fmt}, not {SUPPORTED_FORMATS}")
        n_labels = len(labels)
        if transitions.shape != (n_labels, n_labels):
            raise ModelError(f"tagger weights {path}: transition matrix does not fit the labels")
        w = np.zeros((len(attributes) + 1, n_labels), dtype=np.float32)  # last row: unknown
        w[rows, cols] = weights
        self.np = np
        self.labels = labels
        self.index = {a: i for i, a in enumerate(attributes)}
        self.unknown = len(attributes)
        self.w = w
        self.t = transitions
        zero = np.zeros(n_labels, dtype=np.float32)
        self.bos = w[self.index["BOS"]] if "BOS" in self.index else zero
        self.cap_bos = w[self.index["capBOS"]] if "capBOS" in self.index else zero
        self.eos = w[self.index["EOS"]] if "EOS" in self.index else zero
        self._cache: dict[str, object] = {}
        self._old: dict[str, object] = {}
        self.ar = np.arange(n_labels)

    def _add_words(self, words: set[str]) -> None:
        """Sum and cache the weights of new words: one gather and one reduce for all."""
        np, index, unknown = self.np, self.index, self.unknown
        if len(self._cache) + len(words) > self._CACHE_WORDS:
            # rotate before choosing what is new: the sentence needs all its words young
            self._old, self._cache = self._cache, {}
        young, old = self._cache, self._old
        new = []
        for w in words:
            if w not in young:
                vec = old.get(w)
                if vec is None:
                    new.append(w)
                else:
                    young[w] = vec
        if not new:
            return
        ids: list[int] = []
        offsets: list[int] = []
        for word in new:
            for group in word_features(word):  # 5 groups
                offsets.append(len(ids))
                # only the model's features; the all-zero row keeps a group from being empty
                ids.extend([index[f] for f in group if f in index] or [unknown])
        sums = np.add.reduceat(self.w[ids], offsets, axis=0)
        for k, word in enumerate(new):
            self._cache[word] = sums[5 * k : 5 * k + 5]

    def tag(self, words: Sequence[str]) -> list[str]:
        """The best label sequence for one sentence of words."""
        np = self.np
        n = len(words)
        cache = self._cache
        if any(wd not in cache for wd in words):
            self._add_words(set(words))
            cache = self._cache
        m = np.stack([cache[wd] for wd in words])  # (n, 5, L)
        e = m[:, 0].copy()
        if n > 1:
            e[1:] += m[:-1, 2]
            e[:-1] += m[1:, 3]
        if n > 2:
            e[2:] += m[:-2, 1]
            e[:-2] += m[2:, 4]
        e[0] += self.bos
        if words[0][:1].isupper():
            e[0] += self.cap_bos
        e[-1] += self.eos
        t = self.t
        ar = self.ar
        score = e[0]
        back = []
        for i in range(1, n):
            cand = score[:, None] + t
            best = cand.argmax(axis=0)
            back.append(best)
            score = cand[best, ar] + e[i]
        path = [int(score.argmax())]
        for best in reversed(back):
            path.append(int(best[path[-1]]))
        labels = self.labels
        return [labels[k] for k in reversed(path)]


def export_weights(crf_path: Path, out_path: Path) -> None:
    """Write the weights of a trained crfsuite model as numpy arrays (``.npz``, no pickle)."""
    import numpy as np
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(crf_path))
    info = crf.info()
    labels = sorted(info.labels)
    lab = {x: i for i, x in enumerate(labels)}
    attributes = sorted({a for a, _ in info.state_features})
    att = {x: i for i, x in enumerate(attributes)}
    items = list(info.state_features.items())
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), wt in info.transitions.items():
        trans[lab[a], lab[b]] = wt
    np.savez_compressed(
        out_path,
        format_version=np.array([FORMAT_VERSION], dtype=np.int32),
        labels=np.array(labels),
        attributes=np.array(attributes),
        rows=np.array([att[a] for (a, _), _ in items], dtype=np.int32),
        cols=np.array([lab[x] for (_, x), _ in items], dtype=np.int32),
        weights=np.array([wt for _, wt in items], dtype=np.float32),
        transitions=trans,
    )


class Tagger:
    """The loaded tagger: CRF weights + lemmatizer + the metadata it was trained with."""

    _LEMMA_CACHE = 200_000

    def __init__(self, weights_path: Path, meta: dict, lemmatizer: Lemmatizer) -> None:
        self.meta = meta
        self.version = str(meta.get("version", "?"))
        self._scorer = _Scorer(weights_path)
        self._lemmatizer = lemmatizer
        self._lemmas: dict[tuple[str, str], str] = {}

    def knows(self, form: str, tag: str) -> bool:
        """Whether the training treebanks had ``form`` with the STTS tag ``tag``."""
        return self._lemmatizer.knows(form, tag)

    def labels(self, words: Sequence[str]) -> list[str]:
        """STTS tags for one sentence of words (the CRF's decision, before punctuation rules)."""
        if not words:
            return []
        return self._scorer.tag(words)

    def tag_sentence(self, sentence: Sentence) -> None:
        """Fill ``tag``, ``mood`` and ``lemma`` of every token of the sentence in place."""
        toks = sentence.tokens
        words = [t.text for t in toks]
        tags, lemmas, moods = self.analyse(words)
        for tok, tag, lemma, mood in zip(toks, tags, lemmas, moods, strict=True):
            tok.tag, tok.lemma, tok.mood = tag, lemma, mood

    def lemma(self, word: str, tag: str) -> str:
        """The lemma of ``word`` tagged ``tag`` (cached)."""
        key = (word, tag)
        hit = self._lemmas.get(key)
        if hit is None:
            hit = self._lemmatizer.lemma(word, tag)
            if len(self._lemmas) >= self._LEMMA_CACHE:
                self._lemmas.clear()
            self._lemmas[key] = hit
        return hit

    def _repair_konjunktiv(self, words: Sequence[str], tags: list[str]) -> None:
        """Retag a Konjunktiv I verb the CRF took for an adjective or adverb.

        The treebanks have few Konjunktiv I forms, so "man weise die Vorwürfe zurück" or "der
        Minister verspreche Hilfe" come out as ADV/ADJA. A lower-case word ending in -e whose
        stem + -en is a known verb, right after a subject (pronoun or noun), in a clause with no
        other finite verb, is taken as a finite verb (VVFIN); its mood is then decided as usual.
        """
        verbs = self._lemmatizer.verbs
        strong = strong_verb_infinitives()
        for i in range(1, len(words)):
            w = words[i]
            if tags[i] not in _KONJ_SUSPECT or not w.endswith("e") or not w[:1].islower():
                continue
            if tags[i - 1] not in _SUBJECT_TAGS:
                continue
            inf = w[:-1] + "en"
            if inf not in verbs and inf not in strong and w[:-1] + "n" not in verbs:
                continue
            start = i - 1
            while start > 0 and tags[start - 1] not in _CLAUSE_TAGS:
                start -= 1
            end = i + 1
            while end < len(words) and tags[end] not in _CLAUSE_TAGS:
                end += 1
            if any(t.endswith("FIN") for t in tags[start:end]):
                continue
            tags[i] = "VVFIN"

    def _repair_verb_class(self, words: Sequence[str], tags: list[str]) -> None:
        """Keep the closed verb classes closed: an auxiliary or modal tag (VA*, VM*) on a verb
        that is neither is a full verb's ("Den Vorwurf weist der Konzern zurück"), and a
        strong verb's finite form is no conjunction ("…, wies die Kritik zurück")."""
        aux, modal = de.word_class("auxiliary-verb"), de.word_class("modal-verb")
        forms = strong_verb_forms()
        for i, w in enumerate(words):
            tag = tags[i]
            if tag[:2] in {"VA", "VM"}:
                lemma = self.lemma(w, tag)
                if lemma not in (aux if tag[:2] == "VA" else modal):
                    tags[i] = "VV" + tag[2:]
            elif tag in _FUNCTION_TAGS and w in forms and w not in closed_class():
                tags[i] = "VVFIN"

    def analyse(self, words: Sequence[str]) -> tuple[list[str], list[str], list[str | None]]:
        """Tags, lemmas and moods of one sentence of words."""
        if not words:
            return [], [], []
        tags = self.labels(words)
        for i, w in enumerate(words):
            if not w[:1].isalnum():
                fixed = _punct_tag(w)
                if fixed is not None:
                    tags[i] = fixed
        self._repair_konjunktiv(words, tags)
        self._repair_verb_class(words, tags)
        lem = self.lemma
        lemmas = [lem(w, t) for w, t in zip(words, tags, strict=True)]
        moods = [
            mood_of(words, tags, lemmas, i) if t.endswith("FIN") else None
            for i, t in enumerate(tags)
        ]
        return tags, lemmas, moods

    def tag_doc(self, doc: Doc) -> Doc:
        """Tag every sentence of the document in place and return it."""
        for s in doc.sentences:
            self.tag_sentence(s)
        return doc


_LOADED: dict[str, Tagger] = {}
_LOAD_LOCK = threading.Lock()


def load_tagger(model_dir: Path | None = None) -> Tagger:
    """The tagger in ``model_dir`` (default: the shipped one), loaded once per process."""
    key = str(model_dir) if model_dir else "<shipped>"
    tagger = _LOADED.get(key)
    if tagger is not None:
        return tagger
    with _LOAD_LOCK:
        tagger = _LOADED.get(key)
        if tagger is None:
            tagger = _load(model_dir)
            _LOADED[key] = tagger
    return tagger


def _load(model_dir: Path | None) -> Tagger:
    if model_dir is None:
        base = resources.files(__package__).joinpath("data")
        with resources.as_file(base) as path:
            return _load(Path(path))
    meta_path = model_dir / META_FILE
    weights_path = model_dir / WEIGHTS_FILE
    lemma_path = model_dir / LEMMA_FILE
    for p in (meta_path, weights_path, lemma_path):
        if not p.is_file():
            raise ModelError(f"tagger model incomplete: {p} is missing (retrain with train_tagger)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"tagger metadata {meta_path} is unreadable: {exc}") from exc
    fmt = meta.get("format_version") if isinstance(meta, dict) else None
    if fmt not in SUPPORTED_FORMATS:
        raise ModelError(
            f"tagger model format {fmt!r} is not supported (supported: {SUPPORTED_FORMATS}); "
            "retrain it with this version of quellenlage"
        )
    if meta.get("name") != MODEL_NAME:
        raise ModelError(f"{meta_path} describes {meta.get('name')!r}, not {MODEL_NAME!r}")
    lemmatizer = Lemmatizer.load(lemma_path.read_text(encoding="utf-8"))
    return Tagger(weights_path, meta, lemmatizer)


def tag_doc(doc: Doc) -> Doc:
    """Tag a document with the shipped tagger (loaded on first use)."""
    return load_tagger().tag_doc(doc)


# ---------------------------------------------------------------------------------- training


def _train_crf(sentences: Sequence[Sequence[UDToken]], path: Path, max_iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        trainer.append(sentence_features([t.form for t in sent]), [label_of(t) for t in sent])
    trainer.set_params(
        {
            "c1": 0.15,  # L1 keeps the shipped model small
            "c2": 0.01,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(path))


def has_mood(sentences: Sequence[Sequence[UDToken]]) -> bool:
    """Whether a treebank annotates mood (LIT does not: it would count every Konjunktiv wrong)."""
    fin = [t for s in sentences for t in s if t.xpos.endswith("FIN") or t.mood]
    return sum(t.mood is not None for t in fin) > 0.5 * max(1, len(fin))


def _evaluate(
    tagger: Tagger, sentences: Sequence[Sequence[UDToken]], *, tags: bool, mood: bool, lemma: bool
) -> dict:
    """Accuracy figures of ``tagger`` on gold sentences; each part only where it is annotated."""
    n = tag_ok = lem_ok = 0
    sub_gold = sub_pred = sub_ok = fin = 0
    for sent in sentences:
        ptags, lemmas, moods = tagger.analyse([t.form for t in sent])
        for gold, tag, lem, md in zip(sent, ptags, lemmas, moods, strict=True):
            n += 1
            tag_ok += tag == gold.xpos
            # Lemma accuracy with predicted tags, case-insensitive as UD lemmas vary in case.
            lem_ok += lem.lower() == gold.lemma.lower()
            fin += gold.mood is not None
            p, g = md == "Sub", gold.mood == "Sub"
            sub_gold += g
            sub_pred += p
            sub_ok += p and g
    out: dict = {"sentences": len(sentences), "tokens": n}
    if tags:
        out["tag_accuracy"] = round(tag_ok / max(n, 1), 4)
    if lemma:
        out["lemma_accuracy"] = round(lem_ok / max(n, 1), 4)
    if mood:
        out |= {
            "finite_verbs": fin,
            "sub_gold": sub_gold,
            "sub_predicted": sub_pred,
            "sub_precision": round(sub_ok / max(sub_pred, 1), 4),
            "sub_recall": round(sub_ok / max(sub_gold, 1), 4),
        }
    return out


def train_tagger(
    conllu_paths: list[Path],
    out_dir: Path,
    *,
    max_iterations: int = 100,
    seed: int = 13,
    convert_other: bool = False,
) -> dict:
    """Train the tagger on CoNLL-U files and write the model files into ``out_dir``.

    Treebanks whose XPOS is STTS (GSD, LIT) train the CRF and the lemma table. A treebank in
    the Penn-like tagset (PUD) feeds only the lemma table and the Konjunktiv evaluation;
    with ``convert_other`` it is converted to STTS (``penn_to_stts``) and trains the CRF
    too. Off by default: measured on the GSD+LIT held-out split, the converted PUD cost
    0.4 points of tag accuracy (93.1% vs 93.5%), the conversion being noisier than it helps.
    A 10% held-out split of every bank is trained and scored first, for the report;
    the shipped model is then trained on everything. Returns the held-out figures (also
    stored in the metadata). Mood is scored only on banks that annotate it (not LIT).
    """
    t0 = time.monotonic()
    # (name, sentences, tagset: "STTS" | "converted" | "other", annotates mood)
    banks: list[tuple[str, list[list[UDToken]], str, bool]] = []
    for p in conllu_paths:
        sents = read_conllu(Path(p))
        if not sents:
            raise ModelError(f"{p}: no sentences")
        moods = has_mood(sents)
        if is_stts(sents):
            banks.append((Path(p).name, clean_stts(sents), "STTS", moods))
            continue
        conv = convert_bank(sents) if convert_other else []
        if len(conv) >= 0.8 * len(sents):
            banks.append((Path(p).name, conv, "converted", moods))
        else:
            banks.append((Path(p).name, sents, "other", moods))
    if not any(kind == "STTS" for _, _, kind, _ in banks):
        raise ModelError("no STTS-tagged treebank among the inputs: cannot train the tagger")
    rng = random.Random(seed)
    # (sentence, tagset, annotates mood, held out?)
    split = [
        (sent, kind, moods, rng.random() < 0.1) for _, sents, kind, moods in banks for sent in sents
    ]
    out_dir.mkdir(parents=True, exist_ok=True)

    # 1. held-out run, for the report
    tmp = out_dir / (MODEL_FILE + ".heldout")
    train = [s for s, kind, _, held in split if kind != "other" and not held]
    _train_crf(train, tmp, max_iterations)
    tmp_weights = out_dir / "heldout.weights.npz"
    export_weights(tmp, tmp_weights)
    lem = _lemmatizer([s for s, _, _, held in split if not held], split_kinds=split)
    tagger = Tagger(tmp_weights, {"version": "heldout"}, lem)

    def held(kind: str, need_mood: bool = False) -> list[list[UDToken]]:
        return [s for s, k, m, h in split if h and k == kind and (m or not need_mood)]

    report = {
        "heldout_stts": _evaluate(tagger, held("STTS"), tags=True, mood=False, lemma=True),
        "heldout_stts_with_mood": _evaluate(
            tagger, held("STTS", True), tags=True, mood=True, lemma=True
        ),
    }
    if held("converted"):
        report["heldout_converted"] = _evaluate(
            tagger, held("converted"), tags=True, mood=True, lemma=True
        )
    if held("other"):
        report["heldout_other_lemma"] = _evaluate(
            tagger, held("other"), tags=False, mood=False, lemma=True
        )
        # Banks in another tagset never trained the CRF: all their sentences are unseen.
        unseen = [s for s, k, m, _ in split if k == "other" and m]
        report["unseen_other_mood"] = _evaluate(tagger, unseen, tags=False, mood=True, lemma=False)
    del tagger
    tmp.unlink(missing_ok=True)
    tmp_weights.unlink(missing_ok=True)

    # 2. final model on everything
    _train_crf(
        [s for s, kind, _, _ in split if kind != "other"], out_dir / MODEL_FILE, max_iterations
    )
    export_weights(out_dir / MODEL_FILE, out_dir / WEIGHTS_FILE)
    final_lem = _lemmatizer([s for s, _, _, _ in split], split_kinds=split)
    names = ", ".join(name for name, _, _, _ in banks)
    final_lem.dump(out_dir / LEMMA_FILE, names)
    meta = {
        "name": MODEL_NAME,
        "format_version": FORMAT_VERSION,
        "version": f"{FORMAT_VERSION}.2.0",
        "trained": time.strftime("%Y-%m-%d"),
        "data": [
            {"file": name, "sentences": len(sents), "tagset": kind, "mood_annotated": moods}
            for name, sents, kind, moods in banks
        ],
        "licence": (
            "Trained on Universal Dependencies German treebanks: GSD (CC BY-SA 4.0), "
            "PUD (CC BY-SA 3.0), LIT (CC BY-NC-SA 4.0); distributional features from "
            "10kGNAD and SpkAtt tokens (CC BY-NC-SA 4.0). Because of the non-commercial "
            "sources, the shipped model and lemma table are CC BY-NC-SA 4.0."
        ),
        "labels": (
            "STTS tags (TIGER variant: PAV), treebank misspellings fixed or sentence dropped; "
            "mood (Konjunktiv) by rule after tagging"
        ),
        "converted_other_tagsets": convert_other,
        "max_iterations": max_iterations,
        "heldout": report,
        "train_seconds": round(time.monotonic() - t0, 1),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    _LOADED.pop(str(out_dir), None)
    return report


def _lemmatizer(
    sentences: list[list[UDToken]], *, split_kinds: list[tuple[list[UDToken], str, bool, bool]]
) -> Lemmatizer:
    """Lemma table from STTS-tagged sentences, plus form → lemma from all of them."""
    kind_of = {id(s): k for s, k, _, _ in split_kinds}
    tagged = [s for s in sentences if kind_of.get(id(s)) != "other"]
    lem = Lemmatizer.from_sentences(tagged, True)
    for k, v in Lemmatizer.from_sentences(sentences, False).by_form.items():
        lem.by_form.setdefault(k, v)
    return Lemmatizer(lem.table, lem.by_form)
