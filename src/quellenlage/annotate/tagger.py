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
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from ..model import Doc, Sentence
from .tokenize import closed_class

FORMAT_VERSION = 1
"""Version of the model files' layout and feature set; bump when either changes."""
SUPPORTED_FORMATS = (1,)
MODEL_NAME = "quellenlage-tagger-de"
MODEL_FILE = "tagger.crfsuite"
META_FILE = "tagger.meta.json"
LEMMA_FILE = "lemmas.tsv"

# ---------------------------------------------------------------------------------- CoNLL-U


@dataclass(slots=True)
class UDToken:
    """One surface token of a UD sentence (multi-word tokens like "am" are merged)."""

    form: str
    xpos: str
    lemma: str
    mood: str | None  # "Sub", "Ind" or None
    upos: str


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
                continue
            current.append(UDToken(cols[1], cols[4], cols[2], mood, cols[3]))
    if current:
        sentences.append(current)
    return sentences


def is_stts(sentences: Sequence[Sequence[UDToken]]) -> bool:
    """Whether a treebank's XPOS column is STTS (GSD, LIT) rather than another tagset (PUD)."""
    tags = Counter(t.xpos for s in sentences[:300] for t in s)
    return sum(tags[m] for m in _STTS_MARKERS) > 0.2 * max(1, sum(tags.values()))


def label_of(tok: UDToken) -> str:
    """The CRF label: the STTS tag."""
    return tok.xpos


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


_KONJ: frozenset[str] | None = None


def konjunktiv_forms() -> frozenset[str]:
    """Finite verb forms that are always Konjunktiv (``data/konjunktiv.tsv``)."""
    global _KONJ
    if _KONJ is None:
        _KONJ = frozenset(
            line.split("\t", 1)[0]
            for line in _data_text("konjunktiv.tsv").splitlines()
            if line.strip() and not line.startswith("#")
        )
    return _KONJ


_UMLAUT = str.maketrans("äöü", "aou")
_FIRST_PERSON = frozenset({"ich"})
_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "–", "-", "„", "“", '"', "»", "«"})


def mood_of(words: Sequence[str], tags: Sequence[str], lemmas: Sequence[str], i: int) -> str | None:
    """Mood of token ``i``: "Sub" (Konjunktiv), "Ind" for other finite verbs, else None."""
    tag = tags[i]
    if not tag.endswith("FIN"):
        return None
    word = words[i]
    if word[:1].isupper() and i > 0 and words[i - 1] not in _CLAUSE_BREAK:
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


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word[:8]:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


class _Features:
    """Feature strings per word, cached: static features plus their neighbour variants."""

    def __init__(self) -> None:
        self._cc = closed_class()
        self._cache: dict[str, tuple[list[str], list[str], list[str], list[str], list[str]]] = {}
        self._lock = threading.Lock()

    def _word(self, word: str) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
        low = word.lower()
        feats = ["b", "w=" + low, "sh=" + _shape(word)]
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
        cc = self._cc.get(low)
        if cc:
            feats.append("cc=" + ",".join(cc))
        if len(word) > 12:
            feats.append("long")
        # Neighbour variants: the word, its closed-class tags, suffix and capitalisation.
        ctx: list[list[str]] = []
        for off in ("-2", "-1", "+1", "+2"):
            c = [f"w{off}=" + low]
            if off in ("-1", "+1"):
                c.append(f"s3{off}=" + low[-3:])
                c.append(f"sh{off}=" + _shape(word))
                if cc:
                    c.append(f"cc{off}=" + ",".join(cc))
            ctx.append(c)
        entry = (feats, ctx[0], ctx[1], ctx[2], ctx[3])
        if len(self._cache) < 500_000:
            with self._lock:
                self._cache[word] = entry
        return entry

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """One feature list per token of the sentence."""
        cache = self._cache
        entries = [cache.get(w) or self._word(w) for w in words]
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

_ADJ_ENDINGS = ("eren", "erem", "erer", "eres", "ere", "en", "em", "er", "es", "e")
_VERB_ENDINGS = ("test", "tet", "ten", "te", "est", "et", "st", "en", "t", "e", "n")


class Lemmatizer:
    """(form, tag) → lemma from a table, then suffix analogy, then inflection rules."""

    def __init__(self, table: dict[tuple[str, str], str], by_form: dict[str, str]) -> None:
        self.table = table
        self.by_form = by_form
        # Known verb infinitives: they decide between "fürchte" (fürchten) and "prüfte".
        self.verbs = frozenset(
            lemma.lower() for (_, tag), lemma in table.items() if tag.startswith("V")
        )

    @classmethod
    def from_sentences(cls, sentences: Iterable[Sequence[UDToken]], stts: bool) -> Lemmatizer:
        """Count (form, tag) → lemma (and form → lemma) and keep the most frequent lemma."""
        pairs: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        forms: dict[str, Counter[str]] = defaultdict(Counter)
        for sent in sentences:
            for t in sent:
                if not t.lemma or t.lemma == "_":
                    continue
                forms[t.form][t.lemma] += 1
                if stts:
                    pairs[(t.form, t.xpos)][t.lemma] += 1
        table = {k: c.most_common(1)[0][0] for k, c in pairs.items()}
        by_form = {k: c.most_common(1)[0][0] for k, c in forms.items()}
        return cls(table, by_form)

    def dump(self, path: Path, sources: str) -> None:
        """Write the table as TSV (form, tag, lemma); tag "*" marks the tag-free fallback."""
        lines = [
            "# Lemma table of the quellenlage tagger, learned from Universal Dependencies German",
            f"# treebanks ({sources}); licences as in tagger.meta.json.",
            '# Columns: form<TAB>STTS tag ("*" = any tag)<TAB>lemma',
        ]
        for (form, tag), lemma in sorted(self.table.items()):
            lines.append(f"{form}\t{tag}\t{lemma}")
        for form, lemma in sorted(self.by_form.items()):
            lines.append(f"{form}\t*\t{lemma}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, text: str) -> Lemmatizer:
        """Read the TSV written by ``dump``."""
        table: dict[tuple[str, str], str] = {}
        by_form: dict[str, str] = {}
        for line in text.splitlines():
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise ModelError(f"lemma table: malformed line {line[:60]!r}")
            form, tag, lemma = parts
            if tag == "*":
                by_form[form] = lemma
            else:
                table[(form, tag)] = lemma
        return cls(table, by_form)

    def lemma(self, form: str, tag: str) -> str:
        """The lemma of ``form`` tagged ``tag``."""
        hit = self.table.get((form, tag))
        if hit is not None:
            return hit
        low = form.lower()
        if form[:1].isupper() and not tag.startswith(("NN", "NE")):
            hit = self.table.get((low, tag))
            if hit is not None:
                return hit
        if tag.startswith("$") or tag in {"CARD", "XY", "FM"}:
            return form
        hit = self.by_form.get(form)
        if hit is not None and tag not in {"NE"}:
            return hit
        if tag in {"NN", "NE"}:
            return self._by_suffix(form, tag) or form
        if tag.startswith("V"):
            return self._by_suffix(low, tag) or self._known_verb(low, tag) or _verb_rule(low, tag)
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
            hit = self.table.get((suffix, tag))
            if hit is not None:
                if tag in {"NN", "NE"}:
                    return form[:k] + hit[:1].lower() + hit[1:]
                return form[:k] + hit
        return None


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


class Tagger:
    """The loaded tagger: CRF + lemmatizer + the metadata it was trained with."""

    def __init__(self, model_path: Path, meta: dict, lemmatizer: Lemmatizer) -> None:
        import pycrfsuite

        self.meta = meta
        self.version = str(meta.get("version", "?"))
        self._features = _Features()
        self._lemmatizer = lemmatizer
        self._crf = pycrfsuite.Tagger()
        try:
            self._crf.open(str(model_path))
        except Exception as exc:  # crfsuite raises a bare ValueError/IOError on bad files
            raise ModelError(f"cannot open tagger model {model_path}: {exc}") from exc
        self._lock = threading.Lock()  # a crfsuite Tagger is not re-entrant

    def labels(self, words: Sequence[str]) -> list[str]:
        """STTS tags for one sentence of words."""
        if not words:
            return []
        feats = self._features.sentence(words)
        with self._lock:
            return self._crf.tag(feats)

    def tag_sentence(self, sentence: Sentence) -> None:
        """Fill ``tag``, ``mood`` and ``lemma`` of every token of the sentence in place."""
        toks = sentence.tokens
        words = [t.text for t in toks]
        tags, lemmas, moods = self.analyse(words)
        for tok, tag, lemma, mood in zip(toks, tags, lemmas, moods, strict=True):
            tok.tag, tok.lemma, tok.mood = tag, lemma, mood

    def analyse(self, words: Sequence[str]) -> tuple[list[str], list[str], list[str | None]]:
        """Tags, lemmas and moods of one sentence of words."""
        tags = self.labels(words)
        lem = self._lemmatizer.lemma
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
    model_path = model_dir / MODEL_FILE
    lemma_path = model_dir / LEMMA_FILE
    for p in (meta_path, model_path, lemma_path):
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
    return Tagger(model_path, meta, lemmatizer)


def tag_doc(doc: Doc) -> Doc:
    """Tag a document with the shipped tagger (loaded on first use)."""
    return load_tagger().tag_doc(doc)


# ---------------------------------------------------------------------------------- training


def _train_crf(sentences: Sequence[Sequence[UDToken]], path: Path, max_iterations: int) -> None:
    import pycrfsuite

    feats = _Features()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        trainer.append(feats.sentence([t.form for t in sent]), [label_of(t) for t in sent])
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
    conllu_paths: list[Path], out_dir: Path, *, max_iterations: int = 150, seed: int = 13
) -> dict:
    """Train the tagger on CoNLL-U files and write the model files into ``out_dir``.

    Treebanks whose XPOS is STTS train the CRF and the lemma table; others (PUD uses a
    different tagset) feed only the lemma table and are scored for Konjunktiv and lemmas.
    A 10% held-out split is trained and scored first for the report; the shipped model is
    then trained on everything. Returns the held-out figures (also stored in the metadata).
    """
    t0 = time.monotonic()
    banks: list[tuple[str, list[list[UDToken]], bool]] = []
    for p in conllu_paths:
        sents = read_conllu(Path(p))
        if not sents:
            raise ModelError(f"{p}: no sentences")
        banks.append((Path(p).name, sents, is_stts(sents)))
    rng = random.Random(seed)
    # (sentence, bank is STTS, bank annotates mood, held out?)
    split: list[tuple[list[UDToken], bool, bool, bool]] = []
    for _, sents, stts in banks:
        moods = has_mood(sents)
        split.extend((sent, stts, moods, rng.random() < 0.1) for sent in sents)
    train = [s for s, stts, _, held in split if stts and not held]
    if not train:
        raise ModelError("no STTS-tagged treebank among the inputs: cannot train the tagger")
    out_dir.mkdir(parents=True, exist_ok=True)

    # 1. held-out run, for the report
    tmp = out_dir / (MODEL_FILE + ".heldout")
    _train_crf(train, tmp, max_iterations)
    lem = Lemmatizer.from_sentences(train, True)
    other_train = [s for s, stts, _, held in split if not stts and not held]
    for k, v in Lemmatizer.from_sentences(other_train, False).by_form.items():
        lem.by_form.setdefault(k, v)
    tagger = Tagger(tmp, {"version": "heldout"}, lem)
    held_stts = [s for s, stts, _, held in split if stts and held]
    report = {
        "heldout_stts": _evaluate(tagger, held_stts, tags=True, mood=False, lemma=True),
        "heldout_stts_with_mood": _evaluate(
            tagger, [s for s, st, m, h in split if st and m and h], tags=True, mood=True, lemma=True
        ),
    }
    other_held = [s for s, stts, _, held in split if not stts and held]
    if other_held:
        report["heldout_other_lemma"] = _evaluate(
            tagger, other_held, tags=False, mood=False, lemma=True
        )
        # Banks in another tagset never trained the CRF: all their sentences are unseen.
        unseen = [s for s, stts, m, _ in split if not stts and m]
        report["unseen_other_mood"] = _evaluate(tagger, unseen, tags=False, mood=True, lemma=False)
    del tagger
    tmp.unlink(missing_ok=True)

    # 2. final model on everything
    all_stts = [s for _, sents, stts in banks if stts for s in sents]
    all_other = [s for _, sents, stts in banks if not stts for s in sents]
    _train_crf(all_stts, out_dir / MODEL_FILE, max_iterations)
    final_lem = Lemmatizer.from_sentences(all_stts, True)
    for k, v in Lemmatizer.from_sentences(all_other, False).by_form.items():
        final_lem.by_form.setdefault(k, v)
    names = ", ".join(name for name, _, _ in banks)
    final_lem.dump(out_dir / LEMMA_FILE, names)
    meta = {
        "name": MODEL_NAME,
        "format_version": FORMAT_VERSION,
        "version": f"{FORMAT_VERSION}.0.0",
        "trained": time.strftime("%Y-%m-%d"),
        "data": [
            {"file": name, "sentences": len(sents), "tagset": "STTS" if stts else "other"}
            for name, sents, stts in banks
        ],
        "licence": (
            "Trained on Universal Dependencies German treebanks: GSD (CC BY-SA 4.0), "
            "PUD (CC BY-SA 3.0), LIT (CC BY-NC-SA 4.0). Because LIT is non-commercial, "
            "the shipped model and lemma table are for non-commercial use (CC BY-NC-SA 4.0)."
        ),
        "labels": "STTS tag, '|Sub' appended for Konjunktiv finite verbs",
        "max_iterations": max_iterations,
        "heldout": report,
        "train_seconds": round(time.monotonic() - t0, 1),
    }
    (out_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    _LOADED.pop(str(out_dir), None)
    return report
