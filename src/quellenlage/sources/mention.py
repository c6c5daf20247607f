"""The source mention itself: which tokens name the speaker, and which do not.

Attribution gives a span of tokens for an event's source; this module cuts it to the noun
phrase that names the speaker (one decision per cut, each with its evidence label):

* ``nach Angaben des Ministeriums`` / ``einem Bericht der Zeitung X`` / ``Informationen der X``:
  the genitive after a report noun is the source, not the report (``mention:of-report``);
* ``ein Anwohner der Nachrichtenagentur Reuters`` / ``sagte Nadeschdin der DW``: an outlet
  after a person is the addressee, not part of the source (``mention:addressee``);
* ``der Sprecher am Mittwoch in Bern``: adverbials after the head are not the name
  (``mention:adverbial``);
* a span longer than a noun phrase is cut to the NP around its head (``mention:runaway``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..annotate.entities import is_role_noun, lookup_outlet
from ..doc import Doc, EntitySpan, Token
from ..evidence import decision
from ..lang import de
from ..lang.de import tags as T
from ..lang.de.punctuation import CLOSING_QUOTES, OPENING_QUOTES
from ..lang.de.sources import noun_type

_STAGE = "sources.mention"
OF_REPORT = decision(
    "mention:of-report",
    stage=_STAGE,
    en="'Angaben/Bericht/Informationen of X': X is the source, not the report",
    de="„Angaben/Bericht/Informationen von X“: X ist die Quelle, nicht der Bericht",
)
ADDRESSEE = decision(
    "mention:addressee",
    stage=_STAGE,
    en="the outlet after the speaker is the addressee (the interviewer), not the source",
    de="das Medium nach dem Sprecher ist der Adressat (das Interview), nicht die Quelle",
)
ADVERBIAL = decision(
    "mention:adverbial",
    stage=_STAGE,
    en="time and place phrases after the speaker are not part of the name",
    de="Zeit- und Ortsangaben nach dem Sprecher gehören nicht zum Namen",
)
RUNAWAY = decision(
    "mention:runaway",
    stage=_STAGE,
    en="the span was longer than a noun phrase: cut to the phrase around its head",
    de="die Spanne war länger als eine Nominalphrase: auf die Phrase um den Kern gekürzt",
)

AFTER_NAME = decision(
    "mention:after-name",
    stage=_STAGE,
    en="a new noun phrase right after the speaker's name is not part of it (an object)",
    de="eine neue Nominalphrase direkt nach dem Namen gehört nicht dazu (ein Objekt)",
)
CLAUSE = decision(
    "mention:clause",
    stage=_STAGE,
    en="the span ran over a verb or a pronoun: the speaker's phrase is the part that names them",
    de="die Spanne lief über ein Verb oder Pronomen: der Sprecher ist der Teil, der ihn nennt",
)

MAX_TOKENS = 12
"""A source mention longer than this (after the cuts) is a runaway span."""
# Prepositions that may stay inside a name ("Zentrum für Luft- und Raumfahrt", "Bürgermeister
# von Valea Brazilor"); every other preposition after the head opens an adverbial.
_NAME_PREPOSITIONS = frozenset({"von", "für", "ohne", "de", "del", "of"})


@dataclass(slots=True)
class Mention:
    """The cleaned source tokens and what the cuts decided."""

    toks: list[Token]
    evidence: list[str] = field(default_factory=list)
    addressee: list[Token] = field(default_factory=list)
    """Tokens cut off as the addressee ("der DW", "dem STANDARD")."""

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


def _report_nouns() -> frozenset[str]:
    return de.word_class("report-noun")


def _is_media(tok: Token, entities: list[EntitySpan]) -> bool:
    return any(e.label == "MEDIA" and e.start <= tok.start < e.end for e in entities)


def _compound_author(tok: Token) -> Token | None:
    """The first part of a report compound, as a token of its own, when it names who made the
    report: "Polizeiangaben" → "Polizei", "APA-Informationen" → "APA", "Times-Bericht" → "Times"."""
    low = tok.text.lower()
    for noun in _report_nouns():
        if len(noun) < 5 or not low.endswith(noun) or len(low) - len(noun) < 3:
            continue
        prefix = tok.text[: len(tok.text) - len(noun)].rstrip("-")
        for cand in (prefix, prefix[:-1] if prefix.endswith("s") else None):
            if cand and len(cand) >= 3 and _names_author(cand):
                tag = "NE" if cand.isupper() or not noun_type(cand) else "NN"
                return Token(cand, tok.start, tok.start + len(cand), tok.i, tok.sent, tag, cand)
    return None


def _names_author(word: str) -> bool:
    """A word that names a body as the author of a report ("Polizei", "Regierung"), an outlet
    or an acronym; generic groups stay in their compound ("Medienberichten", "Augenzeugen-")."""
    kind = noun_type(word)
    return (
        kind in {"authority", "government", "organisation"} or word.isupper() or lookup_outlet(word)
    )


def _of_report(toks: list[Token], ev: list[str]) -> list[Token]:
    """``Angaben des X`` → ``X``; ``nach Polizeiangaben`` → ``Polizei``."""
    if not toks:
        return toks
    if len(toks) <= 2:
        author = _compound_author(toks[-1])
        if author is not None:
            ev.append(OF_REPORT)
            return [author]
    for k, tok in enumerate(toks):
        if tok.text.lower() not in _report_nouns():
            continue
        if k and toks[k - 1].tag == "PPOSAT":  # "nach ihrer Darstellung": she said it
            ev.append(OF_REPORT)
            return [toks[k - 1]]
        if k == len(toks) - 1:
            continue
        rest = toks[k + 1 :]
        while rest and rest[0].text.lower() in de.word_class("genitive-article") | {"von", "vom"}:
            rest = rest[1:]
        if rest and any((t.tag or "") in T.NAME_LIKE for t in rest):
            ev.append(OF_REPORT)
            return rest
    return toks


def _cut_addressee(
    toks: list[Token], entities: list[EntitySpan], ev: list[str], addressee: list[Token]
) -> list[Token]:
    """A person followed by an outlet in the dative or genitive: the outlet is the addressee."""
    for k in range(1, len(toks)):
        low = toks[k].text.lower()
        if low not in {"der", "dem", "den", "zum", "zur", "gegenüber"}:
            continue
        after = toks[k + 1 :]
        media_noun = bool(after) and after[0].text.lower().endswith(de.word_list("media-cue"))
        if (
            after
            and (media_noun or _is_media(after[0], entities))
            and _has_person_head(toks[:k], entities)
        ):
            ev.append(ADDRESSEE)
            addressee.extend(toks[k:])
            return toks[:k]
    return toks


def _has_person_head(toks: list[Token], entities: list[EntitySpan]) -> bool:
    """A role noun, a proper noun, or a person the entity stage found ("Demirtaş")."""
    if any((t.tag or "") in T.NAME_LIKE and noun_type(t.text) == "person" for t in toks):
        return True
    if any((t.tag or "") == "NE" for t in toks):
        return True
    return any(
        e.label == "PER" and e.start < toks[-1].end and toks[0].start < e.end for e in entities
    )


_NEW_NP = frozenset({"die", "das", "den", "dem", "ein", "eine", "einen", "einem"})


def _cut_after_name(toks: list[Token], entities: list[EntitySpan], ev: list[str]) -> list[Token]:
    """A name ends the speaker's phrase when a new noun phrase follows it without a comma or
    conjunction ("Pressesprecher Steven McNamara | die Idee", "Hugo Chávez | Fidel Castro");
    ``entities`` are those within the tokens."""
    ends = {e.end for e in entities if e.label in {"PER", "ORG", "MEDIA"}}
    starts = {e.start for e in entities if e.label in {"PER", "ORG", "MEDIA"}}
    person_ends = {e.end for e in entities if e.label == "PER"}
    for k in range(1, len(toks)):
        tok = toks[k]
        if toks[k - 1].end not in ends:
            # "die Stadt | die Anwohner": an article after a noun opens the next noun phrase
            # (a genitive article continues it: "der Sprecher der Polizei")
            if toks[k - 1].tag == "NN" and tok.tag == "ART" and tok.text.lower() in _NEW_NP:
                ev.append(AFTER_NAME)
                return toks[:k]
            continue
        # "Innenminister Karl Huber | Bürgermeisterin Eva Roth": a role noun right after a
        # person's name begins the next person (an addressee, an object), not an apposition.
        next_person = toks[k - 1].end in person_ends and tok.tag == "NN" and is_role_noun(tok.text)
        if (
            (tok.tag == "ART" and tok.text.lower() not in {"des", "der"})
            or tok.start in starts
            or next_person
        ):
            ev.append(AFTER_NAME)
            return toks[:k]
    return toks


def _cut_clause(toks: list[Token], ev: list[str]) -> list[Token]:
    """A span over a finite verb names the speaker after it ("In Italien wurde
    Medienberichten" → "Medienberichten"); a personal pronoun with more after it is the
    pronoun alone ("Er das Parlament")."""
    verbs = [k for k, t in enumerate(toks) if (t.tag or "").endswith("FIN")]
    if verbs and verbs[-1] < len(toks) - 1:
        ev.append(CLAUSE)
        toks = toks[verbs[-1] + 1 :]
    if len(toks) > 1 and toks[0].tag == "PPER" and (toks[1].tag or "") in {"ART", "NN", "NE"}:
        ev.append(CLAUSE)
        toks = toks[:1]
    return toks


def _cut_adverbials(toks: list[Token], ev: list[str]) -> list[Token]:
    """Stop at a preposition after the first noun unless it belongs to a name."""
    seen_noun = False
    for k, tok in enumerate(toks):
        tag = tok.tag or ""
        if tag in T.NAME_LIKE:
            seen_noun = True
            continue
        if seen_noun and tag in T.PREPOSITIONS and tok.text.lower() not in _NAME_PREPOSITIONS:
            ev.append(ADVERBIAL)
            return toks[:k]
        if seen_noun and tok.text in {"(", "–", "—", ":"}:
            return toks[:k]
    return toks


def _opens_quote(toks: list[Token]) -> bool:
    """Whether a quotation mark opens among the tokens (a closing one then belongs to it)."""
    return any(t.text in OPENING_QUOTES for t in toks)


def _strip_edges(toks: list[Token]) -> list[Token]:
    """No punctuation, conjunction or preposition at the edges of a name."""
    lead = {"laut", "nach", "zufolge", "gemäß", "aus", "bei", "von", "vom", "seitens"}
    while toks and (
        toks[0].text in {",", "(", '"', "„", "“", "»", "«"} or toks[0].text.lower() in lead
    ):
        toks = toks[1:]
    while toks and (
        toks[-1].text in {",", ")", ".", ":", "–", "-"}
        or (toks[-1].tag or "") in {"KON", "APPR"}
        or (toks[-1].text in CLOSING_QUOTES and not _opens_quote(toks[:-1]))
    ):
        toks = toks[:-1]
    return toks


def _strip_dateline(toks: list[Token]) -> list[Token]:
    """ "Wien – Die Vorsitzende …": the place of the dateline is not part of the speaker."""
    for k in range(1, min(4, len(toks) - 1)):
        if toks[k].text in {"–", "-", "—"} and all(
            t.text[:1].isupper() or t.text == "/" for t in toks[:k]
        ):
            return toks[k + 1 :]
    return toks


def _one_run(doc: Doc, toks: list[Token]) -> list[Token]:
    """One stretch of text: the sentence holding most of the tokens (the later on a tie), and
    in it the first run without a gap that is not just a place. A span over a paragraph
    break ("HDP-Chef | Selahattin Demirtas sagte") or around the verb ("Der Guardian …
    berichteten unter Berufung auf Unterlagen der …") names two things; the first speaks."""
    if not toks:
        return toks
    counts: dict[int, int] = {}
    for t in toks:
        counts[t.sent] = counts.get(t.sent, 0) + 1
    best = max(counts, key=lambda s: (counts[s], s))
    toks = [t for t in toks if t.sent == best]
    runs: list[list[Token]] = [[toks[0]]]
    for t in toks[1:]:
        if t.i == runs[-1][-1].i + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    # a run that is only a place ("Peking" | "Ai Weiwei") gives way to the next
    while len(runs) > 1 and _only_place(doc, runs[0]):
        runs = runs[1:]
    return runs[0]


def _only_place(doc: Doc, run: list[Token]) -> bool:
    """Whether a short run of tokens is nothing but a place name (no one who speaks)."""
    ents = doc.entities_within(run[0].start, run[-1].end)
    return bool(ents) and all(e.label == "LOC" for e in ents) and len(run) <= 2


def clean(doc: Doc, idx: list[int]) -> Mention | None:
    """The mention that names the speaker within the source tokens ``idx``."""
    toks = _strip_dateline(_one_run(doc, doc.tokens_at(idx)))
    ev: list[str] = []
    addressee: list[Token] = []
    toks = _strip_edges(toks)
    toks = _cut_clause(toks, ev)
    toks = _of_report(toks, ev)
    # Only the entities around the span (one may begin a little before it): looking through
    # the whole document's per mention would make the stage quadratic.
    near = doc.entities_within(max(toks[0].start - 100, 0), toks[-1].end) if toks else []
    toks = _cut_addressee(toks, near, ev, addressee)
    toks = _cut_adverbials(toks, ev)
    if toks:
        toks = _cut_after_name(toks, doc.entities_within(toks[0].start, toks[-1].end), ev)
    toks = _strip_edges(toks)
    if len(toks) > MAX_TOKENS:
        ev.append(RUNAWAY)
        toks = _head_phrase(toks)
    return Mention(toks, ev, addressee) if toks else None


def _head_phrase(toks: list[Token]) -> list[Token]:
    """The last determiner-led noun phrase of a runaway span (the speaker is usually last)."""
    starts = [k for k, t in enumerate(toks) if (t.tag or "") in {"ART", "PPOSAT", "PDAT"}]
    k = starts[-1] if starts else max(0, len(toks) - 4)
    return toks[k : k + MAX_TOKENS]
