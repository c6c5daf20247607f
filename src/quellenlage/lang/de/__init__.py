"""German language data: the tables of ``data/`` and the character and tag classes.

Every table has one accessor here, which states its header once; the code that uses a table
calls the accessor. The checked loader (``lang/loader.py``) verifies header, cell count,
required cells and duplicate keys at load, once per process. ``punctuation.py`` has the quote
and punctuation characters, ``tags.py`` the STTS tag groups.
"""

from __future__ import annotations

from functools import cache

from ...errors import LexiconError
from ..loader import Table, load_table


def table(name: str, *columns: str, key: tuple[str, ...] | None = None) -> Table:
    """The checked German table ``data/name`` with the given header."""
    return load_table(__name__, name, tuple(columns), key)


# --- tokenizer, tagger, language identification
def abbreviations() -> Table:
    """Abbreviations that keep their final period; whether they may end a sentence."""
    return table("abbreviations.tsv", "abbreviation", "may_end", "note?")


def closed_class() -> Table:
    """Function words with their usual STTS tags."""
    return table("closed_class.tsv", "word", "tags")


def konjunktiv() -> Table:
    """Konjunktiv verb forms with their mood and the parts of quellenlage that use them."""
    return table("konjunktiv.tsv", "form", "mood", "tagger?", "feature?", "note?")


def strong_verbs() -> Table:
    """Strong, mixed and irregular verbs: infinitive, past, participle, present 3rd sg."""
    return table("strong_verbs.tsv", "infinitive", "past", "participle", "present?")


def inflection() -> Table:
    """Inflection endings by class (lemmatizer and Konjunktiv rule), in the order tried."""
    columns = ("ending", "class", "replacement?", "note?")
    return table("inflection.tsv", *columns, key=("ending", "class"))


@cache
def endings(name: str) -> tuple[tuple[str, str], ...]:
    """``(ending, replacement)`` of one class of ``inflection.tsv`` in file order."""
    table_ = inflection()
    rows = tuple((e, r) for e, c, r, _n in table_ if c == name)
    if not rows:
        known = sorted({c for _e, c, _r, _n in table_})
        raise LexiconError(f"{table_.path}: no ending class {name!r}; classes: {known}")
    return rows


# --- names and entities
def first_names() -> Table:
    """Common first names with their usual gender."""
    return table("first_names.tsv", "name", "gender?")


def places() -> Table:
    """Place names (states, cities, regions) for the NER's gazetteer feature."""
    return table("places.tsv", "name", "kind?", key=("name", "kind"))


def surnames() -> Table:
    """Frequent family names for the NER's gazetteer feature."""
    return table("surnames.tsv", "name")


def outlets() -> Table:
    """News outlets and agencies: name as written, canonical name, kind."""
    return table("outlets.tsv", "name", "canonical", "kind", "note?")


def platforms() -> Table:
    """Social platforms: name as written, canonical name."""
    return table("platforms.tsv", "name", "canonical")


def countries() -> Table:
    """Countries: German name, adjective stem, government, other names."""
    return table("countries.tsv", "name", "adjective", "government", "government_en", "aliases?")


def metonyms() -> Table:
    """Institutions and capitals that stand for a government."""
    return table("metonyms.tsv", "name", "kind", "government")


def bodies() -> Table:
    """Known bodies by name: their source type, canonical name and other names."""
    return table("bodies.tsv", "name", "type", "canonical", "aliases?", "note?")


def org_cues() -> Table:
    """Words that mark an organisation name (suffixes, legal forms, known names)."""
    return table("org_cues.tsv", "cue", "kind", "note?", key=("cue", "kind"))


def person_roles() -> Table:
    """Role nouns that introduce a person's name."""
    return table("person_roles.tsv", "role")


def agencies() -> Table:
    """News and photo agencies as they appear in credit lines."""
    return table("agencies.tsv", "name", "kind", "comment?")


def outlet_domains() -> Table:
    """German-language news outlets by web domain: domain, canonical outlet, country, kind."""
    return table("outlet_domains.tsv", "domain", "outlet", "country", "kind")


# --- attribution
def reporting_verbs() -> Table:
    """Stems of reporting verbs and nouns (speech-event cues) with medium and kind."""
    return table("reporting_verbs.tsv", "stem", "medium", "kind", "note?")


def frames() -> Table:
    """Words that frame a message without a reporting verb (laut, zufolge, wonach ...)."""
    return table("frames.tsv", "word", "kind", "note?")


def rules_cues() -> Table:
    """Cue words and word classes of the attribution rules, by kind."""
    return table("rules_cues.tsv", "word", "kind", "note?", key=("word", "kind"))


# --- sources and statuses
def source_nouns() -> Table:
    """Head-noun suffixes that name a kind of source, with the type when unnamed."""
    return table("source_nouns.tsv", "suffix", "type", "note?", "unnamed_type?")


def denial_phrases() -> Table:
    """Phrases that reject a claim without a verb of denial ("Das stimmt nicht")."""
    return table("denial_phrases.tsv", "pattern", "name", "note?", "needs?")


def status_cues() -> Table:
    """Lemmas of cues that deny or confirm a claim."""
    return table("status_cues.tsv", "lemma", "role", "note?")


def claim_nouns() -> Table:
    """Nouns by which a note points back at an earlier claim."""
    return table("claim_nouns.tsv", "word", "claim", "note?", "scope?")


def evidential_sollen() -> Table:
    """Words that make sollen + infinitive evidential (reported) rather than a plan."""
    return table("evidential_sollen.tsv", "word", "kind", "note?")


def markers() -> Table:
    """Status markers found in a sentence (regular expressions)."""
    return table("markers.tsv", "pattern", "status", "name", "note?", "strength?")


# --- page furniture
def furniture() -> Table:
    """Page furniture of news sites: lines or line endings that are not article text."""
    return table("furniture.tsv", "type", "kind", "pattern", "comment?", key=("type", "pattern"))


def word_classes() -> Table:
    """Closed word classes (determiners, genitive articles, modal verbs, ...)."""
    return table("word_classes.tsv", "word", "class", "note?", key=("word", "class"))


# --- claims across outlets (corpus/provenance)
def provenance_citation_cues() -> Table:
    """Cues by which an article names another outlet or a post as its source."""
    return table("provenance_citation_cues.tsv", "label", "pattern", "side", "reach", "example?")


def provenance_generic_speakers() -> Table:
    """Speaker heads that do not identify one source by themselves ("das Unternehmen")."""
    return table("provenance_generic_speakers.tsv", "word", "note?")


def provenance_media_nouns() -> Table:
    """Nouns that name a kind of outlet, agency, platform or forum ("die Zeitung X")."""
    return table("provenance_media_nouns.tsv", "noun", "kind")


def provenance_note_nouns() -> Table:
    """Stems of nouns by which a note points at a claim without restating it."""
    return table("provenance_note_nouns.tsv", "stem")


def provenance_qualifiers() -> Table:
    """Negations and the poles of opposite pairs that make two claims different."""
    return table(
        "provenance_qualifiers.tsv", "word", "kind", "pair?", "pole?", key=("word", "pair")
    )


def provenance_quantities() -> Table:
    """Number words, scales, hedges, currencies and units that build quantities in claims."""
    return table("provenance_quantities.tsv", "word", "kind", "value", key=("word", "kind"))


def provenance_source_cues() -> Table:
    """How an article says where a claim comes from (public, own, anonymous, backref)."""
    return table(
        "provenance_source_cues.tsv", "kind", "pattern", "example?", key=("kind", "pattern")
    )


def provenance_stopwords() -> Table:
    """Function words claim matching ignores on top of ``closed_class.tsv``."""
    return table("provenance_stopwords.tsv", "word")


def provenance_synonyms() -> Table:
    """Words news reports use for one another when they repeat a claim, by group."""
    return table("provenance_synonyms.tsv", "word", "others")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """The words of one class of ``word_classes.tsv`` in file order (unknown class: error)."""
    table_ = word_classes()
    words = tuple(w for w, c, _n in table_ if c == name)
    if not words:
        known = sorted({c for _w, c, _n in table_})
        raise LexiconError(f"{table_.path}: no word class {name!r}; classes: {known}")
    return words


@cache
def word_class(name: str) -> frozenset[str]:
    """The words of one class of ``word_classes.tsv`` as a set (unknown class: error)."""
    return frozenset(word_list(name))
