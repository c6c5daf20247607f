"""Who a claim is by: one comparable identity per source, across articles and outlets.

A speaker is *named* (a person, a government, an authority, an organisation, a document: every
type of ``model.SOURCE_TYPES`` except the unnamed kinds below) or *unnamed* (no source, a vague
group, an anonymous insider, or an outlet or post that only relays). Named speakers get keys:
a person's surname stem ("Hanna Wegrath", "Wegrath", "Ministerin Wegrath" → ``wegrath``), an
organisation's name stems without legal form ("Korvex Chemie AG" → ``korvex chemi``), and the
body a spokesperson speaks for ("Feuerwehrsprecher Jens Pahlke" → also ``feuerwehr``). Two
speakers are one when a key of one is contained in a key of the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...model import SOURCE_TYPES
from .lexicon import lexicon
from .read import ArticleRec, EventRec
from .textnorm import stem

# Source types that do not name who stands behind a claim. Every other type of the taxonomy
# (also types added later, such as "authority") names one.
UNNAMED_TYPES = frozenset({"media", "social_media", "anonymous", "vague", "unknown"})
NAMED_TYPES = frozenset(t for t in SOURCE_TYPES if t not in UNNAMED_TYPES)

_LEADING = re.compile(
    r"^(?:(?:den|dem|des|der|die|das|ein|eine|einer|einem|eines|ihr|ihre|ihrem|ihren|sein|"
    r"seine|seinem|seinen|unser|unsere)\s+)?(?:(?:Angaben|Informationen|Darstellung|Worten|"
    r"Aussagen?|Berichten?|Auskunft|Mitteilung|Einschätzung)\s+(?:der|des|von|vom)\s+)?",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s+(?:sagte|sagt|erklärte|teilte|bestätigte|soll|habe|hat|ist|auf|am|im|bei)\b.*$"
)
_SPOKESPERSON = re.compile(
    r"\b([A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ][\w]*)*?)-?(?:[Ss]precher|[Cc]hef|[Ll]eiter)(?:in)?\b"
)
_SPEAKS_FOR = re.compile(
    r"\b(?:Sprecher|Sprecherin|Chef|Chefin|Leiter|Leiterin)\s+(?:des|der|von|vom)\s+"
    r"((?:[A-ZÄÖÜ][\w-]*\s?){1,3})"
)
_LEGAL = frozenset({"ag", "gmbh", "se", "kg", "ev", "e.v", "co", "inc", "ltd", "sa"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A claim's speaker as matching sees it: a name to show, keys, named or not."""

    display: str | None
    type: str | None
    keys: frozenset[str]

    @property
    def named(self) -> bool:
        return bool(self.keys)


NOBODY = Speaker(None, None, frozenset())


def _generic(word: str) -> bool:
    lex = lexicon()
    return word.casefold() in lex.generic_speakers or stem(word) in _generic_stems()


@cache
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(w.capitalize()) for w in lexicon().generic_speakers)


def _name_key(name: str) -> str:
    """Stems of the capitalised words of a name, legal forms and generic words left out."""
    words = [w for w in re.split(r"[\s-]+", name) if w and (w[:1].isupper() or w.isupper())]
    kept = [w for w in words if w.casefold().strip(".") not in _LEGAL and not _generic(w)]
    return " ".join(stem(w) for w in kept)


def person_key(name: str) -> str:
    """A person's key: the stem of the surname (the last capitalised word)."""
    words = [w for w in re.split(r"\s+", name.strip()) if w[:1].isupper()]
    return stem(words[-1]) if words else ""


def _aliases(text: str) -> set[str]:
    """The bodies a spokesperson or head speaks for, as keys ("Polizeisprecherin" → polizei)."""
    out: set[str] = set()
    for m in _SPOKESPERSON.finditer(text):
        prefix = m.group(1).rstrip("s") if m.group(1).endswith("s") else m.group(1)
        if len(prefix) >= 3 and not _generic(prefix):
            key = _name_key(prefix)
            if key:
                out.add(key)
    for m in _SPEAKS_FOR.finditer(text):
        key = _name_key(m.group(1))
        if key:
            out.add(key)
    return out


def clean_name(name: str) -> str:
    """A source as written without its article, "Angaben der", or a swallowed verb phrase."""
    name = name.split(" + ")[-1] if " + " in name else name
    name = " ".join(name.split())
    name = _LEADING.sub("", name)
    return _CUT.sub("", name).strip(" ,.:;\"'„“”")


def event_speaker(ev: EventRec, art: ArticleRec) -> Speaker:
    """The speaker of an event: a person named in its source span first, else the source."""
    if ev.source_text is None and ev.source_canonical is None:
        return NOBODY
    stype = ev.source_type
    aliases = _aliases(ev.source_text or "")
    if ev.source_span is not None and stype not in ("media", "social_media"):
        s, e = ev.source_span
        persons = [x for x in art.entities if x.label == "PER" and s <= x.start and x.end <= e]
        if persons:
            display = persons[-1].canonical or persons[-1].text
            key = person_key(display)
            return Speaker(display, "person", frozenset({key, *aliases} - {""}))
    display = clean_name(ev.source_canonical or ev.source_text or "")
    if stype in UNNAMED_TYPES or stype not in NAMED_TYPES:
        return Speaker(display or None, stype, frozenset())
    key = person_key(display) if stype == "person" else _name_key(display)
    if stype == "person" and not re.search(r"[A-ZÄÖÜ]\w+\s+[A-ZÄÖÜ]", display or ""):
        key = ""  # "ein Sprecher", "die Ministerin": a role without a name
    keys = frozenset({key, *aliases} - {""})
    return Speaker(display or None, stype, keys)


def named_speaker(name: str, art: ArticleRec, start: int, end: int) -> Speaker:
    """A speaker found by a pattern ("nach Oesers Worten", "Das teilte die Polizei mit")."""
    persons = [x for x in art.entities if x.label == "PER" and start <= x.start < end]
    if persons:
        display = persons[-1].canonical or persons[-1].text
        return Speaker(display, "person", frozenset({person_key(display)} - {""}))
    for ent in art.entities:
        if ent.label == "PER" and ent.canonical and person_key(ent.canonical) == stem(name):
            return Speaker(ent.canonical, "person", frozenset({stem(name)}))
    key = _name_key(clean_name(name))
    aliases = _aliases(name)
    return Speaker(clean_name(name) or None, "organisation", frozenset({key, *aliases} - {""}))


def keys_match(a: str, b: str) -> bool:
    """One key contained in the other, word by word ("korvex" in "korvex chemi")."""
    wa, wb = set(a.split()), set(b.split())
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two speakers may be one: unnamed fits anyone; named ones must share a key."""
    if not a or not b:
        return True
    return any(keys_match(x, y) for x in a for y in b)
