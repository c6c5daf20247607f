"""Citations: every passage where an article names another outlet, agency, account, post or
forum as the source of what it reports.

Three kinds of evidence, each with its own label:

* a **cue** in a sentence (``unter Berufung auf``, ``wie X berichtete``, ``nach Informationen
  der X``, ``sagte … der Nachrichtenagentur X``, ``schrieb … auf X``) near a NAME: a corpus
  outlet in any inflection, an outlet of the lexicon, a quoted or capitalised name after a media
  noun ("die englische Zeitung "Northern Herald""), or the account behind a post;
* a **credit line** (``Mit Material von dpa``, ``(APA/dnd)``, ``Quelle: Reuters``), in the text
  or among the furniture the ingest removed (then without offsets);
* a **dateline** (``Wien (APA) –``).

Not citations: photo credits (``Foto: dnd``, ``Bild: APA/…``, ``©``), unnamed sources
("einem Zeitungsbericht zufolge", "mehrere Medien"), and the article's own outlet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...evidence import decision
from .lexicon import lexicon
from .outlets import OutletIndex, canonical_outlet, is_platform, outlet_canonical, outlet_key
from .read import ArticleRec

CITATION = decision(
    "provenance:citation",
    stage="provenance",
    en="the article names another outlet, agency, account or post as its source (cue after =)",
    de="der Artikel nennt ein anderes Medium, eine Agentur, ein Konto oder einen Post als Quelle "
    "(Signal nach =)",
)
CREDIT = decision(
    "provenance:credit-line",
    stage="provenance",
    en="a credit line names the agencies or outlets whose material the article uses",
    de="eine Quellenzeile nennt die Agenturen oder Medien, deren Material der Artikel nutzt",
)
DATELINE = decision(
    "provenance:dateline",
    stage="provenance",
    en="the dateline names the agency the report comes from",
    de="die Ortsmarke nennt die Agentur, von der die Meldung stammt",
)

_PHOTO = re.compile(
    r"^\W*(?:Fotos?|Bilder?|Grafik|Illustration|Video|Titelbild|Symbolbild|Foto\s*/\s*Video)"
    r"\s*:|©|\bcopyright\b",
    re.IGNORECASE,
)
_MATERIAL = re.compile(r"^\W*mit\s+material\s+(?:von|der|des|aus)\s+(.{2,80})$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^\W*quellen?\s*:\s*(.{2,80})$", re.IGNORECASE)
_PAREN_LINE = re.compile(r"^\s*\(([^()]{2,60})\)\s*\.?$")
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w.'/ -]{1,40}?\s*\(([^()]{2,40})\)\s*[–—-]")
_QUOTED = re.compile(r"[„“\"»]([A-ZÄÖÜ0-9][^„“”\"»«]{1,48}?)[“”\"«]")
_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÄÖÜ]\w*(?![\w-])")
_WORD = re.compile(r"[\w][\w.&'-]*\w|\w")
_DOMAIN = re.compile(r"\b[A-Za-z][\w-]*\.(?:com|de|at|ch|net|org|eu|info|fr|it|es|co\.uk)\b")
_NOT_AGENCIES = frozenset({"red", "red.", "ag", "mit", "und", "kna/red"})
# How far (characters) a cue may stand from the NAME it introduces.
_CUE_REACH = 90


@dataclass(slots=True)
class Citation:
    """One citation: the article, the named source, where (None: a removed credit line)."""

    article: str
    cited: str
    kind: str  # outlet | agency | post | forum | credit
    start: int | None
    end: int | None
    text: str
    evidence: str
    cited_outlet: str | None = None  # the corpus outlet it names, if any
    cited_article: str | None = None  # filled later: the corpus article it relays


@dataclass(frozen=True, slots=True)
class _Name:
    start: int
    end: int
    name: str
    kind: str


def find_citations(art: ArticleRec, outlets: OutletIndex) -> tuple[list[Citation], set[int]]:
    """The citations of one article in text order (one per source and passage), and the
    statements in which the article names its own outlet with a cue ("sagte … der dnd" in a
    dnd article: the outlet's own interview, not a citation)."""
    out: list[Citation] = []
    own_statements: set[int] = set()
    own = outlet_key(art.outlet)
    for st in art.statements:
        if _PHOTO.search(st.text):
            continue
        for c in _sentence_citations(art, st.start, st.end, outlets):
            if own and (outlet_key(c.cited) == own or outlets.same(c.cited, art.outlet)):
                own_statements.add(st.idx)
            else:
                out.append(c)
    out.extend(
        c
        for c in _credit_citations(art, outlets)
        if not (own and (outlet_key(c.cited) == own or outlets.same(c.cited, art.outlet)))
    )
    kept: list[Citation] = []
    seen: set[tuple[str, int | None, str]] = set()
    for c in sorted(out, key=lambda c: (c.start is None, c.start or 0, c.end or 0, c.cited)):
        key = (outlet_key(c.cited), c.start, c.text)
        overlapping = any(
            outlet_key(k.cited) == key[0] and _overlap(k, c) for k in kept if k.start is not None
        )
        if key in seen or overlapping:
            continue
        seen.add(key)
        kept.append(c)
    return kept, own_statements


def _overlap(a: Citation, b: Citation) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return False
    return a.start < b.end and b.start < a.end


def _names(art: ArticleRec, start: int, end: int, outlets: OutletIndex) -> list[_Name]:
    """Outlet, agency and account names in ``art.text[start:end]``."""
    text = art.text
    found = [_Name(m.start, m.end, m.name, "outlet") for m in outlets.mentions(text, start, end)]
    for ent in art.entities:
        if start <= ent.start < end and ent.label == "MEDIA":
            found.append(_Name(ent.start, ent.end, ent.canonical or ent.text, "outlet"))
    lex = lexicon()
    for m in _QUOTED.finditer(text, start, end):
        before = text[max(start, m.start() - 40) : m.start()].split()
        near = [w.strip(",.").casefold() for w in before[-3:]]
        if any(w in lex.media_nouns or w.endswith(("ische", "ischen", "ischer")) for w in near):
            found.append(_Name(m.start(1), m.end(1), m.group(1).strip(), "outlet"))
        elif near and near[-1] in ("der", "die", "das", "dem", "den", "des"):
            found.append(_Name(m.start(1), m.end(1), m.group(1).strip(), "quoted"))
    found.extend(_after_media_noun(text, start, end))
    for m in _DOMAIN.finditer(text, start, end):  # "berichtet Fool.com"
        found.append(_Name(m.start(), m.end(), m.group(0), "outlet"))
    found.extend(_lexicon_outlets(text, start, end))
    found.extend(_accounts(art, start, end))
    return found


def _after_media_noun(text: str, start: int, end: int) -> list[_Name]:
    """The name right after a media noun: "die Nachrichtenagentur SPA", "dem Sender RTS",
    "das US-Magazin Time", "der Agentur dpa" (a lower-case name only if it is a known one)."""
    media = lexicon().media_nouns
    words = list(_WORD.finditer(text, start, end))
    out: list[_Name] = []
    for i, w in enumerate(words[:-1]):
        noun = w.group(0).rsplit("-", 1)[-1].casefold()  # "US-Magazin" → magazin
        kind = media.get(noun)
        if kind not in ("agency", "outlet"):
            continue
        nxt = words[i + 1]
        if not (nxt.group(0)[:1].isupper() or outlet_canonical(nxt.group(0))):
            continue
        last = nxt
        for more in words[i + 2 : i + 4]:  # "Dagens Nyheter", "New York Times"
            if not more.group(0)[:1].isupper() or text[last.end() : more.start()] != " ":
                break
            last = more
        out.append(_Name(nxt.start(), last.end(), text[nxt.start() : last.end()], kind))
    return out


def _lexicon_outlets(text: str, start: int, end: int) -> list[_Name]:
    """Outlets of the lexicon written out ("der STANDARD", "die Bild-Zeitung", "Spiegel
    Online"). A name that is also a common word ("Welt", "Standard") counts in capitals or
    after an article only."""
    out: list[_Name] = []
    words = list(_CAPITALISED.finditer(text, start, end))
    for i, m in enumerate(words):
        spans = [(m.start(), m.end())]
        if i + 1 < len(words) and text[m.end() : words[i + 1].start()] == " ":
            spans.insert(0, (m.start(), words[i + 1].end()))  # two words first
        for s, e in spans:
            name = text[s:e].removesuffix("-Zeitung")
            # "der Deutschen Presse-Agentur": the lexicon has the nominative
            canon = outlet_canonical(name) or outlet_canonical(re.sub(r"^(\w+e)n\b", r"\1", name))
            if canon is None:
                continue
            common = " " not in name and name[1:].islower()
            article = re.search(r"\b(?:der|die|das|dem|den|des)\s+$", text[max(start, s - 5) : s])
            if not common or name.isupper() or article:
                out.append(_Name(s, e, canon, "outlet"))
            break
    return out


def _accounts(art: ArticleRec, start: int, end: int) -> list[_Name]:
    """The person or account behind a post: a PER mention before a platform name."""
    text = art.text
    out: list[_Name] = []
    persons = [e for e in art.entities if start <= e.start < end and e.label == "PER"]
    words = list(_CAPITALISED.finditer(text, start, end))
    for i, m in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        two = nxt is not None and text[m.end() : nxt.start()] == " "
        if two and nxt is not None and is_platform(text[m.start() : nxt.end()]):
            span = (m.start(), nxt.end())
        elif is_platform(m.group(0)):
            span = (m.start(), m.end())
        else:
            continue
        prefix = text[max(start, span[0] - 25) : span[0]].casefold()
        if not re.search(r"\b(?:auf|bei|im netzwerk|plattform|kanal|account)\s*$", prefix):
            continue
        before = [p for p in persons if p.end <= span[0]]
        if before:
            p = before[-1]
            out.append(_Name(p.start, span[1], p.canonical or p.text, "post"))
        else:
            out.append(_Name(span[0], span[1], text[span[0] : span[1]], "post"))
    return out


def _phrase_start(text: str, start: int, floor: int) -> int:
    """Where the phrase naming a source begins: "die englische Zeitung "Northern Herald""
    begins at "die" (up to four articles, adjectives and media nouns before the name)."""
    media = lexicon().media_nouns
    pos = start
    for _ in range(4):
        m = re.search(r"([^\s\"„“”»«]+)[\s\"„“”»«]*$", text[floor:pos])
        if m is None:
            break
        word = m.group(1).strip('"„“”»«,').casefold()
        is_article = word in ("der", "die", "das", "den", "dem", "des")
        is_adjective = word[:1].islower() and word.endswith(("e", "en", "er", "es"))
        if not (is_article or is_adjective or word in media):
            break
        pos = floor + m.start(1)
    return pos


def _cue_near(sentence: str, offset: int, name: _Name, others: Sequence[_Name] = ()) -> str | None:
    """The label of a citation cue that introduces ``name`` in the sentence, if any.

    Each cue has its reach: how far (characters) from the phrase naming the source it may
    stand. A quoted name after a bare article ('berichtet die "Y"') needs its cue right before
    it: further away, quotation marks are far more often a quote than a title.
    """
    n_end = name.end - offset
    n_start = _phrase_start(sentence, name.start - offset, 0)
    between = [(o.start - offset, o.end - offset) for o in others if o != name]
    for cue in lexicon().cues:
        reach = min(cue.reach, 14) if name.kind == "quoted" else cue.reach
        for m in cue.pattern.finditer(sentence):
            before = m.end() <= n_start + 1 and n_start - m.end() <= reach
            after = name.kind != "quoted" and m.start() >= n_end - 1 and m.start() - n_end <= reach
            # Another source named between cue and name is the one the cue introduces.
            if before and any(m.end() <= s and e <= n_start for s, e in between):
                before = False
            if after and any(n_end <= s and e <= m.start() for s, e in between):
                after = False
            # A cue that overlaps the name: "laut dem Bericht der X", "wie die "Y" berichtet".
            overlapping = m.start() < n_end and n_start < m.end()
            if (
                (cue.side in ("after", "either") and before)
                or (cue.side in ("before", "either") and after)
                or overlapping
            ):
                return cue.label
    return None


def _sentence_citations(
    art: ArticleRec, start: int, end: int, outlets: OutletIndex
) -> list[Citation]:
    sentence = art.text[start:end]
    out: list[Citation] = []
    names = _names(art, start, end, outlets)
    for name in names:
        label = _cue_near(sentence, start, name, names)
        if label is None:
            continue
        cited = name.name if name.kind == "post" else canonical_outlet(name.name)
        kind = name.kind if name.kind in ("post", "agency") else "outlet"
        out.append(
            Citation(
                article=art.article_id,
                cited=cited,
                kind=kind,
                start=start,
                end=end,
                text=sentence,
                evidence=f"{CITATION}={label}",
                cited_outlet=outlets.corpus_outlet(cited),
            )
        )
    return out


def _split_names(value: str) -> list[str]:
    parts = re.split(r"\s*(?:/|,|;|\bund\b|\bsowie\b|&|\+)\s*", value.strip(" .()"))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _agency_like(name: str, outlets: OutletIndex) -> bool:
    if name.casefold() in _NOT_AGENCIES:
        return False
    if outlets.corpus_outlet(name) or outlet_canonical(name) is not None:
        return True
    return len(name) <= 8 and name.isalpha() and (name.isupper() or name.islower())


def _credit_citations(art: ArticleRec, outlets: OutletIndex) -> list[Citation]:
    """Credit lines and datelines, in the text (with offsets) and in the removed furniture."""
    lines: list[tuple[int | None, str]] = []
    pos = 0
    for raw in art.text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    lines.extend((None, f) for f in art.furniture)
    out: list[Citation] = []
    for offset, line in lines:
        if _PHOTO.search(line):
            continue
        label, names = CREDIT, []
        m = _MATERIAL.match(line) or _SOURCE_LINE.match(line) or _PAREN_LINE.match(line)
        if m:
            names = _split_names(m.group(1))
        elif (d := _DATELINE.match(line)) is not None:
            label, names = DATELINE, _split_names(d.group(1))
            line = d.group(0)
        for name in names:
            if not _agency_like(name, outlets):
                continue
            cited = canonical_outlet(name)
            out.append(
                Citation(
                    article=art.article_id,
                    cited=cited,
                    kind="credit",
                    start=offset,
                    end=None if offset is None else offset + len(line),
                    text=line.strip() if offset is None else line,
                    evidence=label,
                    cited_outlet=outlets.corpus_outlet(cited),
                )
            )
    return out
