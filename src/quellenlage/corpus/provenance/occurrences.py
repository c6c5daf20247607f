"""Claim occurrences: the places where an article states, quotes or relays a proposition.

Every speech event with content is an occurrence (a direct quote, Konjunktiv speech, a
*soll* report), and so is every other sentence (an outlet's own assertion, a headline
question). Two kinds of sentence are not occurrences but change the ones before them:

* a **back-reference** ("Das teilte die Polizei mit.", "Das berichtete das Blitzblatt."):
  its source becomes the speaker or the relay of the sentences before it in its paragraph;
* a **note** (a denial, confirmation or "konnte nicht überprüft werden" without content of its
  own): it changes the status of the occurrence it is about, and a confirming named source
  counts for it.

For each occurrence this module decides what independence and origin need: who speaks, which
outlet or post it relays, whether it is hedged, the outlet's own informant or check, a public
venue (a press conference, a post).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ...lang import de
from ...model import strongest_status
from .citations import Citation
from .lexicon import cue, hedge_markers, lexicon
from .outlets import outlet_key
from .read import ArticleRec, EventRec, StatementRec
from .speakers import NOBODY, Speaker, event_speaker, named_speaker, person_key
from .textnorm import TextFeatures, features, quantities, speaks, stem, tokens

_DATELINE = re.compile(r"^[^\n(]{0,60}\([^()\n]{1,30}\)\s*[–—-]\s*")
_QUOTE = re.compile(r"[\"„“”»«]")
_NOTE_STATUSES = frozenset({"denied", "unverified", "confirmed"})
# A message that opens with a clause and a colon, no quotation before it.
_COLON_FRAME = re.compile(r"^([^:\"„“”»«\n]{3,120}):\s+(?=\S)")


@dataclass(slots=True)
class Occurrence:
    """One occurrence of a claim in an article, with what matching and counting need."""

    art: int  # index of the article
    article_id: str
    outlet: str | None
    start: int
    end: int
    text: str
    statement: int
    block: str
    form: str  # an event's form, or "statement" / "question"
    status: str
    event_id: str | None
    speaker: Speaker
    hedged: bool
    feats: TextFeatures
    places: frozenset[str]
    persons: frozenset[str]
    cue: str | None = None
    relay: Citation | None = None
    anonymous: bool = False
    own: bool = False
    public: bool = False
    confirmers: list[Speaker] = field(default_factory=list)


def _events_by_statement(art: ArticleRec) -> dict[int, list[EventRec]]:
    by_id = {ev.event_id: ev for ev in art.events}
    out: dict[int, list[EventRec]] = {}
    placed: set[str] = set()
    for st in art.statements:
        evs = [by_id[e] for e in st.events if e in by_id and e not in placed]
        placed.update(e.event_id for e in evs)
        out[st.idx] = evs
    for ev in art.events:  # events no statement lists: the statement holding their message
        if ev.event_id in placed:
            continue
        for st in art.statements:
            if st.start <= ev.message[0] < st.end:
                out.setdefault(st.idx, []).append(ev)
                break
    return out


def _content_size(text: str) -> int:
    nouns = lexicon().note_nouns
    return sum(1 for s in features(text).stems if s not in nouns and not s.startswith("¬"))


def _is_note(st: StatementRec, evs: list[EventRec]) -> bool:
    """A denial/confirmation/unverified remark without claim content of its own: no quote,
    no number, hardly a word beyond "Bericht", "Zitat", "Darstellung"."""
    status = {st.status, *(e.status for e in evs)}
    if not status & _NOTE_STATUSES or _QUOTE.search(st.text) or quantities(st.text):
        return False
    size = _content_size(st.text)
    if evs and all(e.target for e in evs):
        return size <= 5
    return size <= 3 and all(_content_size(e.message[2]) <= 3 for e in evs)


def _own_words(st: StatementRec, evs: list[EventRec], art: ArticleRec) -> bool:
    """A note in its source's own words ("Das Ministerium nennt das Zitat weiterhin frei
    erfunden"): two content words or more beyond the note nouns, the source's name and verb
    particles, unlike "Das Ministerium weist die Darstellung zurück"."""
    speakers = [event_speaker(e, art) for e in evs]
    speakers = [s for s in speakers if s.display and s.type not in ("media", "social_media")]
    if not speakers:
        return False  # an outlet or post that relays says nothing of its own
    names = {stem(w) for s in speakers for w in (s.display or "").split()}
    skip = lexicon().note_nouns | names | _particles()
    return sum(1 for w in features(st.text).stems if w not in skip and w[:1] != "¬") >= 2


@cache
def _particles() -> frozenset[str]:
    return frozenset(stem(w) for w in de.word_list("separable-particle"))


def _paragraph_break(art: ArticleRec, a: int, b: int) -> bool:
    return "\n" in art.text[a:b]


class _Builder:
    """Builds the occurrences of one article (a class only to keep the pieces small)."""

    def __init__(
        self, art: ArticleRec, index: int, cites: list[Citation], own_statements: set[int]
    ) -> None:
        self.art, self.index, self.own_statements = art, index, own_statements
        self.cites = [c for c in cites if c.start is not None and c.kind != "credit"]
        self.out: list[Occurrence] = []
        self.notes: list[tuple[StatementRec, list[EventRec]]] = []
        self.last_cited: Citation | None = None

    def sentence_cites(self, st: StatementRec) -> list[Citation]:
        return [c for c in self.cites if c.start is not None and st.start <= c.start < st.end]

    def occurrence(self, st: StatementRec, ev: EventRec | None) -> Occurrence:
        art = self.art
        if ev is not None:
            start, end, text = ev.message
            # A reported denial ("Der Verein hat Berichte über X zurückgewiesen") states X
            # only to deny it: the one who denies is not the claim's speaker (and adds no
            # source); the occurrence leaves X denied.
            denial = ev.form == "Reported" and ev.status == "denied"
            speaker = NOBODY if denial else event_speaker(ev, art)
            form, status, cue = ev.form, ev.status, ev.cue
        else:
            start, end, text = st.start, st.end, st.text
            speaker = self._pattern_speaker(st)
            form = "question" if st.text.rstrip().endswith("?") else "statement"
            status, cue = st.status, None
        if not speaker.named:
            speaker = self._said_by(text, start) or speaker
        return Occurrence(
            art=self.index,
            article_id=art.article_id,
            outlet=art.outlet,
            start=start,
            end=end,
            text=text,
            statement=st.idx,
            block=st.block,
            form=form,
            status=status,
            event_id=ev.event_id if ev else None,
            cue=cue,
            speaker=speaker,
            hedged=bool(hedge_markers() & {m.casefold() for m in st.markers})
            or status == "hearsay",
            feats=TextFeatures(),
            places=frozenset(
                e.canonical.casefold()
                for e in art.entities
                if e.label == "LOC" and st.start <= e.start < st.end and e.canonical
            ),
            persons=frozenset(
                e.canonical
                for e in art.entities
                if e.label == "PER" and start <= e.start < max(end, start + 1) and e.canonical
            ),
        )

    def _said_by(self, text: str, start: int) -> Speaker | None:
        """The person a relayed message quotes: "Wegrath habe … gesagt, …" → Wegrath."""
        m = cue("said-by", text)
        if m is None or not m.group(1)[:1].isupper():
            return None
        found = named_speaker(m.group(1), self.art, start + m.start(1), start + m.end(1))
        return found if found.type == "person" and found.named else None

    def _quoted_person(self, occ: Occurrence) -> Speaker | None:
        """The one person a relayed message says spoke ("soll X … gesagt haben")."""
        if len(occ.persons) != 1 or not cue("speech-verb", occ.text):
            return None
        (name,) = occ.persons
        return named_speaker(name, self.art, occ.start, occ.end)

    def relay(self, occ: Occurrence, cited: Citation) -> None:
        """``occ`` passes on what ``cited`` published. When the cited outlet or account was
        taken for the speaker ("wie der 'Herald' berichtet, soll Menzel gesagt haben: …", "…
        gesagt haben: '…' Das schrieb der Blogger X"), the speaker is the person quoted."""
        occ.relay = cited
        if _is_cited(occ.speaker, cited):
            occ.speaker = self._quoted_person(occ) or NOBODY

    def _pattern_speaker(self, st: StatementRec) -> Speaker:
        m = cue("words-of", st.text)
        if m is None or not m.group(1)[:1].isupper():
            return NOBODY
        return named_speaker(m.group(1), self.art, st.start + m.start(), st.start + m.end())

    def relay_of(self, occ: Occurrence, st: StatementRec, ev: EventRec | None) -> None:
        """The outlet or post an occurrence passes on, and the outlet's own contribution."""
        cited = self.sentence_cites(st)
        if cited:
            self.last_cited = cited[-1]
            self.relay(occ, cited[0])
        elif ev is not None and ev.source_type == "media" and self.last_cited is not None:
            occ.relay = self.last_cited  # "wie die Zeitung bestätigt": the outlet cited before
        nxt = [s for s in self.art.statements if s.idx == st.idx + 1]
        anonymous = (ev is not None and ev.source_type == "anonymous") or bool(
            cue("anonymous", st.text)
        )
        if ev is not None and nxt and not occ.speaker.named and cue("anonymous", nxt[0].text):
            anonymous = True  # "Der Teilnehmer wollte namentlich nicht genannt werden."
        occ.anonymous = anonymous and occ.relay is None
        occ.own = st.idx in self.own_statements or bool(cue("own", st.text))
        occ.public = bool(cue("public", st.text))

    def back_reference(self, st: StatementRec, evs: list[EventRec]) -> None:
        """Give the source of "Das teilte X mit." to the sentences before it in its paragraph."""
        speaker = NOBODY
        for ev in evs:
            speaker = event_speaker(ev, self.art)
            if speaker.named:
                break
        if not speaker.named:
            speaker = _named_in(st, self.art)
        cited = self.sentence_cites(st)
        if any(_is_cited(speaker, c) for c in cited):
            speaker = NOBODY  # "Das schrieb der Blogger X auf X.": X relays, X is not quoted
        public = bool(cue("public", st.text))
        boundary = st.start
        for occ in reversed(self.out):
            if occ.start >= boundary or _paragraph_break(self.art, occ.end, boundary):
                break
            boundary = occ.start
            if cited and occ.relay is None:
                self.relay(occ, cited[0])
            if speaker.named and not occ.speaker.named:
                occ.speaker = speaker
            occ.public = occ.public or public
        if cited:
            self.last_cited = cited[-1]

    def apply_notes(self) -> None:
        """A note changes the status of its target (else the occurrence just before it)."""
        for st, evs in self.notes:
            status = strongest_status([st.status, *(e.status for e in evs)])  # type: ignore[list-item]
            targets = {e.target for e in evs if e.target} | ({st.target} if st.target else set())
            hit = [o for o in self.out if o.event_id in targets]
            if not hit:
                before = [o for o in self.out if o.start < st.start]
                hit = before[-1:]
            for occ in hit:
                occ.status = strongest_status([occ.status, status])  # type: ignore[list-item]
                if status == "confirmed":
                    occ.confirmers.extend(
                        s for s in (event_speaker(e, self.art) for e in evs) if s.named
                    )


def article_occurrences(
    art: ArticleRec, index: int, cites: list[Citation], own_statements: set[int]
) -> list[Occurrence]:
    """The occurrences of one article, in text order (``cites``: its citations;
    ``own_statements``: the statements that name the article's own outlet as the one asked)."""
    b = _Builder(art, index, cites, own_statements)
    by_statement = _events_by_statement(art)
    for st in art.statements:
        if st.boilerplate:
            continue
        evs = by_statement.get(st.idx, [])
        if cue("backref", st.text) and _content_size(_without_names(st, cites)) <= 6:
            b.back_reference(st, evs)
            continue
        if _is_note(st, evs):
            b.notes.append((st, evs))
            if _own_words(st, evs, art):  # also the claim of the one who speaks
                b.out.extend(b.occurrence(st, ev) for ev in evs)
            continue
        kept = [e for e in evs if not _nested_duplicate(e, evs)]
        if not kept:
            occ = b.occurrence(st, None)
            b.relay_of(occ, st, None)
            b.out.append(occ)
            continue
        for ev in kept:
            occ = b.occurrence(st, ev)
            child = next((c for c in evs if c.parent == ev.event_id), None)
            if not occ.speaker.named and child is not None:
                occ.speaker = event_speaker(child, art)
            b.relay_of(occ, st, ev)
            b.out.append(occ)
    b.apply_notes()
    _spread_venues(b.out)
    for occ in b.out:
        occ.feats = _features(occ, art)
    return b.out


def _features(occ: Occurrence, art: ArticleRec) -> TextFeatures:
    """What matching compares, without the dateline, the speaker's and the cited source's
    names, and the media nouns that only say where it was read."""
    drop = {w.casefold() for w in (occ.speaker.display or "").split()}
    drop |= set(outlet_key(art.outlet).split())
    if occ.relay is not None:
        drop |= {w.casefold().strip('"„“”') for w in occ.relay.cited.split()}
    drop |= set(lexicon().media_nouns)
    return features(_claim_text(_DATELINE.sub("", occ.text)), drop=frozenset(drop))


def _claim_text(text: str) -> str:
    """What a message claims: after a speech frame and a colon that open it ("Der Umweltbund
    erhebt schwere Vorwürfe: Bei Messungen seien …"), only what follows the colon; the
    frame names who speaks, which the speaker already compares."""
    m = _COLON_FRAME.match(text)
    if m is None or not speaks(m.group(1)) or len(tokens(text[m.end() :])) < 3:
        return text
    return text[m.end() :]


def _cited_keys(c: Citation) -> frozenset[str]:
    return frozenset({person_key(c.cited), *outlet_key(c.cited).split()} - {""})


def _is_cited(speaker: Speaker, c: Citation) -> bool:
    """Whether the speaker is the cited source itself (every word of one of its keys is a
    word of the cited name: "northern herald" for the "Northern Herald")."""
    cited = _cited_keys(c)
    return any(set(k.split()) <= cited for k in speaker.keys)


def _named_in(st: StatementRec, art: ArticleRec) -> Speaker:
    """The source a back-reference names: a person or organisation mentioned in it, else the
    first noun phrase after an article that is not a time ("am frühen Morgen")."""
    for ent in art.entities:
        if st.start <= ent.start < st.end and ent.label in ("PER", "ORG") and ent.canonical:
            found = named_speaker(ent.canonical, art, ent.start, ent.end)
            if found.named:
                return found
    for m in re.finditer(r"\b(?:der|die|das|dem|den)\s+((?:[A-ZÄÖÜ][\w-]+\s?){1,3})", st.text):
        found = named_speaker(m.group(1).strip(), art, st.start + m.start(1), st.start + m.end(1))
        if found.named:
            return found
    return NOBODY


def _without_names(st: StatementRec, cites: list[Citation]) -> str:
    """A sentence without the sources it cites (what is left is what it says itself)."""
    text = st.text
    for c in cites:
        if c.start is not None and st.start <= c.start < st.end:
            text = text.replace(c.cited, " ")
    return text


def _nested_duplicate(ev: EventRec, evs: list[EventRec]) -> bool:
    """An event nested in another of the same sentence whose message holds it."""
    if ev.parent is None:
        return False
    parent = next((p for p in evs if p.event_id == ev.parent), None)
    return parent is not None and parent.message[0] <= ev.message[0] < parent.message[1]


def _spread_venues(occs: list[Occurrence]) -> None:
    """A speaker heard at a press conference in one sentence was heard there in all of them."""
    public: set[str] = set()
    for occ in occs:
        if occ.public:
            public |= occ.speaker.keys
    for occ in occs:
        if occ.speaker.keys & public:
            occ.public = True
