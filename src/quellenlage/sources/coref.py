"""Who a pronoun, a role noun or a document anaphor refers to.

The discourse is the list of referents seen so far, in text order: every named person (PER
entity, with the role nouns printed next to the name: "Ökonom James Butterfill", "Peter Kolba,
Leiter der Rechtsabteilung") and every typed source of an earlier event. A referent is found
by agreement (gender and number of the pronoun or role noun) and salience (the most recent
speaker first, then the most recent named person), each decision with its evidence label:

* ``coref:pronoun`` — er, sie, ihm, ihr … → the closest fitting speaker or person;
* ``coref:role-noun`` — der Ökonom, die Ministerin, der CDU-Politiker → the person introduced
  with that role (or, for a person role without one, the most recent speaker of that gender);
* ``coref:document`` — Demnach, darin, dem Bericht zufolge, das Papier → the last document or
  outlet that was a source.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from ..doc import Doc, EntitySpan, Token
from ..evidence import decision
from ..lang.de.sources import body, gender_of_name, gender_of_noun, noun_type
from ..model import SourceType

_STAGE = "sources.coref"
PRONOUN = decision(
    "coref:pronoun",
    stage=_STAGE,
    en="the pronoun refers to the closest earlier speaker or person that agrees with it",
    de="das Pronomen bezieht sich auf den nächsten passenden früheren Sprecher",
)
ROLE_NOUN = decision(
    "coref:role-noun",
    stage=_STAGE,
    en="the role noun ('der Ökonom', 'die Ministerin') refers to the person named with that role",
    de="das Rollennomen („der Ökonom“, „die Ministerin“) meint die so eingeführte Person",
)
DOCUMENT = decision(
    "coref:document",
    stage=_STAGE,
    en="'demnach', 'darin', 'dem Bericht zufolge' refer to the last document or outlet",
    de="„demnach“, „darin“, „dem Bericht zufolge“ beziehen sich auf das letzte Dokument",
)

_MASCULINE = frozenset({"er", "ihn", "ihm", "sein", "seine", "seiner", "seinem", "seinen"})
_FEMININE_OR_PLURAL = frozenset({"sie", "ihr", "ihre", "ihrer", "ihrem", "ihren"})
_PLURAL = frozenset({"ihnen"})
_BODY_TYPES: frozenset[SourceType] = frozenset(
    {"organisation", "government", "authority", "media", "document"}
)
_AGE = re.compile(r"(\d{1,3})-[Jj]ährige")
# The gender a definite article in the nominative gives a role noun ("der 48-Jährige").
_ARTICLE_GENDER = {"der": "m", "die": "f"}
# How far back (characters) a role noun printed before or after a name is taken as its role.
_ROLE_WINDOW = 60


@dataclass(slots=True)
class Referent:
    """Someone or something that can be referred back to."""

    start: int
    type: SourceType
    canonical: str | None
    text: str
    gender: str | None = None
    plural: bool = False
    roles: set[str] = field(default_factory=set)
    speaker: bool = False
    opens_sentence: bool = False


@dataclass(slots=True)
class Discourse:
    """The referents of a document, in text order, filled as the sources stage goes."""

    doc: Doc
    people: list[Referent] = field(default_factory=list)
    speakers: list[Referent] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> Discourse:
        """The named persons of ``doc`` with the role nouns printed next to their names."""
        out = cls(doc)
        starts = [s.start for s in doc.sentences]
        for ent in doc.entities:
            sent_start = starts[max(0, bisect_right(starts, ent.start) - 1)] if starts else 0
            if ent.label == "PER":
                out.people.append(_person(doc, ent, sent_start))
            elif ent.label == "ORG":
                found = _body_subject(doc, ent, sent_start)
                if found is not None:
                    out.people.append(found)
        for sent in doc.sentences:
            described = out._described_subject(sent.tokens)
            if described is not None:
                out.people.append(described)
        out.people.sort(key=lambda r: r.start)
        return out

    def _described_subject(self, toks: list[Token]) -> Referent | None:
        """ "Der Bürgermeister zeigte sich zufrieden.": a person described by a role noun that
        opens a sentence, without a name; a later "er" can take them up. Their identity is the
        person named with that role before, if any."""
        if len(toks) < 3 or toks[0].tag != "ART":
            return None
        if toks[0].text.lower() not in {"der", "die", "das"}:
            return None
        k = 1
        while k < len(toks) and toks[k].tag == "ADJA":
            k += 1
        kind = noun_type(toks[k].text) if k < len(toks) and toks[k].tag == "NN" else None
        if kind in _BODY_TYPES - {"document", "media"}:
            # "Das Bildungsministerium verschickte …": a body whose spokesperson may speak later
            return Referent(
                toks[0].start, kind, toks[k].text, toks[k].text, "f", False, set(), False, True
            )
        if kind != "person" or toks[0].text.lower() == "das":
            return None
        if k + 1 < len(toks) and toks[k + 1].tag in {"NE", "NN"}:
            return None  # "Der Bürgermeister Klaus Weber": the named person is an entity
        head = toks[k].text
        named = self.role(head, toks[0].start) if self.people else None
        gender = gender_of_noun(head) or ("m" if toks[0].text.lower() == "der" else None)
        roles = {head.lower()}
        canonical = named.canonical if named is not None and named.type == "person" else None
        return Referent(toks[0].start, "person", canonical, head, gender, False, roles, False, True)

    def add_speaker(self, ref: Referent) -> None:
        """A typed source of an event becomes the most salient referent of its kind."""
        ref.speaker = True
        self.speakers.append(ref)

    @staticmethod
    def _last(
        refs: list[Referent], start: int, fits: Callable[[Referent], bool]
    ) -> Referent | None:
        """The last referent of ``refs`` before ``start`` that fits: a backward scan that stops
        at the first hit, so a recent referent is found in time that does not grow with the
        document."""
        for r in reversed(refs):
            if r.start < start and fits(r):
                return r
        return None

    def pronoun(self, word: str, start: int) -> Referent | None:
        """The referent of personal pronoun ``word`` at ``start``, or None."""
        low = word.lower()
        if low in _MASCULINE:
            fits = _masculine
        elif low in _FEMININE_OR_PLURAL:
            fits = _feminine_or_plural
        elif low in _PLURAL:
            fits = _plural
        else:
            return None
        # The last speaker goes on speaking, unless a person was named after them as the
        # subject of a sentence (a name that opens it); a name in an object is not taken up.
        last_speaker = self._last(self.speakers, start, fits)
        last_person = self._last(
            self.people, start, lambda r: fits(r) and r.opens_sentence
        ) or self._last(self.people, start, fits)
        later = last_speaker and last_person and last_person.start > last_speaker.start
        if later and last_person is not None and last_person.opens_sentence:
            return last_person
        return last_speaker or last_person

    def role(self, head: str, start: int, article: str = "") -> Referent | None:
        """The person a definite role noun ("der Ökonom", "die 53-Jährige") refers to, or
        None; ``article`` ("der", "die") gives the gender where the noun does not."""
        low = head.lower()
        age = _AGE.search(head)
        if age is not None:
            years = age.group(1)
            aged = self._last(self.people, start, lambda r: years in r.roles)
            if aged is not None:
                return aged
        by_role = self._last(self.people, start, lambda r: low in r.roles)
        if by_role is not None:
            return by_role
        if self._in_teaser(start):
            # a headline or teaser names people by their role before the text names them:
            # "Der frühere Airport-Shopbetreiber …" is the "Shopbetreiber …, Rakesh Sardana"
            part = low.rsplit("-", 1)[-1]
            later = [
                r for r in self.people if r.start > start and (low in r.roles or part in r.roles)
            ]
            if later:
                return later[0]
        gender = gender_of_noun(low) or _ARTICLE_GENDER.get(article.lower())

        def fits(r: Referent) -> bool:
            return (
                r.type == "person"
                and bool(r.canonical)
                and (gender is None or r.gender in {None, gender})
            )

        # The last speaker who fits, or a person named later as the subject of a sentence
        # ("Friedrich Merz sprach in Berlin. …, sagte der CDU-Politiker").
        speaker = self._last(self.speakers, start, fits)
        subject = self._last(self.people, start, lambda r: r.opens_sentence and fits(r))
        if subject is not None and (speaker is None or subject.start > speaker.start):
            return subject
        return speaker

    def _in_teaser(self, start: int) -> bool:
        """Whether ``start`` lies in the title or teaser: the first two sentences."""
        sents = self.doc.sentences
        return bool(sents) and start < sents[min(1, len(sents) - 1)].end

    def last_of(self, types: tuple[str, ...], start: int) -> Referent | None:
        """The last source of one of ``types`` before ``start``."""
        return self._last(self.speakers, start, lambda r: r.type in types)

    def last_body(self, types: tuple[str, ...], start: int) -> Referent | None:
        """The last body of one of ``types`` before ``start`` that spoke or opened a sentence
        ("Das Bildungsministerium verschickte …": whom "eine Sprecherin" speaks for)."""
        spoke = self._last(self.speakers, start, lambda r: r.type in types)
        named = self._last(self.people, start, lambda r: r.type in types)
        found = [r for r in (spoke, named) if r is not None]
        return max(found, key=lambda r: r.start) if found else None

    def last_speaker(self, start: int) -> Referent | None:
        """The last source of any kind before ``start``."""
        return self._last(self.speakers, start, lambda r: True)

    def document(self, start: int) -> Referent | None:
        """The last document or outlet that was a source before ``start``."""
        return self._last(self.speakers, start, lambda r: r.type in {"document", "media"})


def _masculine(r: Referent) -> bool:
    return r.type == "person" and r.gender != "f" and not r.plural


def _feminine_or_plural(r: Referent) -> bool:
    return (r.type == "person" and r.gender != "m") or r.type in _BODY_TYPES or r.plural


def _plural(r: Referent) -> bool:
    return r.plural or r.type in _BODY_TYPES


def _body_subject(doc: Doc, ent: EntitySpan, sent_start: int) -> Referent | None:
    """A body that opens its sentence ("Die Feuerwehr kam um acht."): "sie" can take it up."""
    if len(doc.text[sent_start : ent.start].split()) > 1:
        return None
    known = body(ent.text)
    head = ent.text.split()[-1] if ent.text.split() else ent.text
    typ = known.type if known is not None else noun_type(head) or "organisation"
    if typ not in _BODY_TYPES:
        return None
    canonical = known.canonical if known is not None else ent.canonical
    return Referent(ent.start, typ, canonical, ent.text, "f", False, set(), False, True)


def _person(doc: Doc, ent: EntitySpan, sent_start: int) -> Referent:
    """A named person with its gender and the role nouns around its name."""
    around = doc.text[max(0, ent.start - _ROLE_WINDOW) : ent.start]
    after = doc.text[ent.end : ent.end + _ROLE_WINDOW]
    roles: set[str] = set()
    for word in re.findall(r"[\wÄÖÜäöüß-]+", around)[-6:] + re.findall(r"[\wÄÖÜäöüß-]+", after)[:4]:
        if word[:1].isupper() and noun_type(word) == "person":
            roles.add(word.lower())
            roles.add(word.lower().rsplit("-", 1)[-1])
    age = re.search(r"\((\d{1,3})\)|(\d{1,3})-[Jj]ährige", doc.text[ent.start - 20 : ent.end + 12])
    if age:
        roles.add(age.group(1) or age.group(2))
    gender = gender_of_name(ent.canonical)
    if gender is None:
        genders = {gender_of_noun(r) for r in roles} - {None}
        gender = genders.pop() if len(genders) == 1 else None
    opens = len(doc.text[sent_start : ent.start].split()) <= 2
    return Referent(
        ent.start, "person", ent.canonical, ent.text, gender, False, roles, False, opens
    )
