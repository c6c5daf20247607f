"""Sources: who speaks in each event, what kind of source it is, and which identity.

The stage orders the events, numbers them (``e1``, ``e2``, … in document order) and gives
each the typed ``SourceInfo`` of its source tokens: ``mention.py`` cuts the tokens to the
phrase that names the speaker (no addressee, no adverbials, the X of "Angaben des X"),
``classify.py`` types it (taxonomy v2) and finds its identity, ``coref.py`` resolves pronouns,
role nouns and document anaphors against the discourse so far. Konjunktiv speech that goes on
without a source of its own keeps the previous speaker.
"""

from __future__ import annotations

import re

from ..annotate.tokenize import closed_class
from ..attribute.rules.continuation import CONTINUED_SOURCE
from ..attribute.rules.frames import subject_after
from ..attribute.rules.nphrase import (
    cut_after_name,
    dative_np,
    np_backward,
    np_forward,
    subject_before,
)
from ..attribute.rules.sollen import PLANNED, sollen
from ..doc import Doc, Event, SourceInfo, Token
from ..evidence import decision
from ..lang import de
from ..lang.de.sources import gender_of_name, gender_of_noun
from ..model import SOURCE_TYPES
from ..registry import stage
from ..settings import Settings
from .channel import CAN_POST, through_channel
from .classify import GROUP_PRONOUNS, classify
from .coref import Discourse, Referent
from .mention import clean

_STAGE = "sources"
TYPED = {
    t: decision(
        f"source-type:{t}",
        stage=_STAGE,
        en=f"the source is of type {t} (by its name, head noun or what it refers to)",
        de=f"die Quelle ist vom Typ {t} (nach Name, Kopfnomen oder Bezug)",
    )
    for t in SOURCE_TYPES
}
IMPLAUSIBLE = decision(
    "source:implausible",
    stage=_STAGE,
    en="the span given as source names no one who can speak; the context decides",
    de="die als Quelle erkannte Spanne nennt niemanden, der spricht; der Kontext entscheidet",
)
GROUP = decision(
    "source:unnamed-group",
    stage=_STAGE,
    en="an unnamed group speaks ('Die Rebellen sagten'): a vague source",
    de="eine ungenannte Gruppe spricht („Die Rebellen sagten“): eine vage Quelle",
)
IFI_CONTINUES = decision(
    "rule:ifi-continues-source",
    stage=_STAGE,
    en="reported speech goes on in Konjunktiv: the speaker of the previous event",
    de="die indirekte Rede geht im Konjunktiv weiter: der Sprecher des vorigen Ereignisses",
)


OWN_STATEMENT = decision(
    "source:own-statement",
    stage=_STAGE,
    en="'nach eigenen Angaben': the subject of the clause says it about itself",
    de="„nach eigenen Angaben“: das Subjekt des Satzes sagt es über sich selbst",
)


def _own_statement(doc: Doc, span: list[int]) -> list[int]:
    """The clause's subject when the source is "eigenen Angaben", "eigener Darstellung": the
    NP before the finite verb ("Die Armee habe nach eigenen Angaben …"), else the one right
    after it ("Damit reagierte sie nach eigenen Angaben …")."""
    words = [doc.tokens[i].text.lower() for i in span]
    if not any(w in {"eigenen", "eigener", "eigene"} for w in words):
        return []
    sent = doc.sentences[doc.tokens[span[0]].sent]
    j = span[0] - sent.first
    finite = [k for k, t in enumerate(sent.tokens) if (t.tag or "").endswith("FIN")]
    before = [k for k in finite if k < j]
    if before:
        v = before[-1]
        subj = subject_before(sent, 0, v) if v > 0 else []
        if not subj or subj[-1] >= v or (len(subj) == 1 and v > 1):
            subj = subject_after(sent, v, j)
    else:  # "Nach eigenen Angaben reagierte sie …": the subject follows the verb
        after = [k for k in finite if k > span[-1] - sent.first]
        subj = subject_after(sent, after[0], len(sent.tokens)) if after else []
    return [sent.first + k for k in subj]


def order_events(doc: Doc) -> None:
    """Events with a message, in document order (message, then cue), numbered e1, e2, …"""
    doc.events = sorted(
        (e for e in doc.events if e.message),
        key=lambda e: (min(e.message), min(e.cue) if e.cue else 0),
    )
    for i, e in enumerate(doc.events, 1):
        e.id = f"e{i}"


@stage(
    "quellenlage.sources.resolve.v1",
    needs=("events", "entities"),
    sets=("events", "ids", "sources"),
)
def resolve_stage(doc: Doc, settings: Settings) -> None:
    """Number the events and type each event's source with its canonical identity."""
    order_events(doc)
    discourse = Discourse.of(doc)
    earlier: list[Event] = []
    for e in doc.events:
        span = _frame_np(doc, e) or (e.source if _own_source(doc, e) else [])
        own = _own_statement(doc, span)
        if own:
            span = own
            e.evidence.append(OWN_STATEMENT)
        info = _typed(doc, e, span, discourse)
        if info is not None and info.type in CAN_POST:
            info = through_channel(doc, e, info)
        if info is not None:
            e.source_info = info
            discourse.add_speaker(_referent(info))
            e.evidence.append(f"{TYPED[info.type]}={info.head}")
            e.evidence.extend(info.evidence)
        elif e.form in _RUNS_ON and (not _has_frame(doc, e) or _anaphoric_cue(doc, e)):
            prev = _previous_speaker(doc, e, earlier)
            if prev is not None and prev.source_info is not None:
                e.source_info = _copy(prev.source_info)
                e.evidence.append(f"{IFI_CONTINUES}@{prev.id}")
        earlier.append(e)
    _drop_speakerless_acts(doc)


def _drop_speakerless_acts(doc: Doc) -> None:
    """A Reported speech act whose speaker names no one who can speak is no speech event
    ("Der Flughafen hat die Verträge gekündigt"), nor is what the article's own outlet
    reports ("nach Informationen des STANDARD" in derStandard); the rest are numbered again."""
    own = _outlet_key(doc.article.meta.outlet) if doc.article and doc.article.meta else None
    keep = [
        e
        for e in doc.events
        if (e.form != "Reported" or e.source_info is not None)
        and not (own and _is_outlet(e.source_info, own))
    ]
    if len(keep) == len(doc.events):
        return
    ids = {e.id: f"e{i}" for i, e in enumerate(keep, 1)}
    for e in keep:
        e.id = ids[e.id]
        e.evidence = [_renumbered(ev, ids) for ev in e.evidence]
    doc.events = keep


def _outlet_key(name: str | None) -> str | None:
    """A comparable key of an outlet name: "derStandard", "DER STANDARD", "derstandard.at"
    and "STANDARD" are one ("standard")."""
    if not name:
        return None
    low = name.casefold().strip()
    low = re.sub(r"\.(?:at|de|ch|com|net|org)$", "", low)
    low = re.sub(r"[^0-9a-zäöüß]", "", low)
    for article in ("der", "die", "das"):
        if low.startswith(article) and len(low) > len(article) + 3:
            low = low[len(article) :]
            break
    return low or None


def _is_outlet(info: SourceInfo | None, own: str) -> bool:
    """Whether the source is the article's own outlet."""
    if info is None or info.type != "media":
        return False
    key = _outlet_key(info.canonical or info.text)
    return key is not None and (key == own or (len(key) >= 5 and own.startswith(key)))


def _renumbered(label: str, ids: dict[str, str]) -> str:
    """An evidence label that points at an event ("…@e12") with the event's new id."""
    head, sep, ref = label.rpartition("@")
    return f"{head}{sep}{ids[ref]}" if sep and ref in ids else label


# A phrase that begins with a negative determiner names no one who speaks ("Von diesen
# Leuten geht keine Gefahr aus"); "kein Politiker" does not say anything either.
_NONE = frozenset({"kein", "keine", "keinen", "keinem", "keiner", "keines", "keinerlei"})


def _typed(doc: Doc, e: Event, span: list[int], discourse: Discourse) -> SourceInfo | None:
    """The typed source of the span, or None when it names no one who can speak."""
    mention = clean(doc, span) if span else None
    if mention is None:
        return None
    if len(mention.toks) == 1 and mention.toks[0].text.lower() in _FIRST_PERSON:
        return _first_person(doc, e, mention.toks[0])
    lone = mention.toks[0].text.lower() if len(mention.toks) == 1 else ""
    if lone not in GROUP_PRONOUNS and (
        all(_function_word(t) for t in mention.toks) or mention.toks[0].text.lower() in _NONE
    ):
        e.evidence.append(f"{IMPLAUSIBLE}={mention.toks[0].text}")
        return None  # "Wie", "Zudem", "Das", "der", "keine Gefahr": no one is named
    if _bare_report(mention.toks):
        e.evidence.append(f"{NO_AUTHOR}={mention.toks[-1].text}")
        return None  # "nach Angaben vom Mittwoch", "den Angaben zufolge": no one is named
    # e.source keeps the attribution's span (the SpkAtt convention, which counts appositions
    # and "Angaben des" in); the typed source is the cleaned mention
    if mention.addressee and not e.addr:
        e.addr = [t.i for t in mention.addressee]
    info = classify(doc, mention, discourse)
    if info.type != "unknown" or _has_name(mention.toks, doc):
        return info
    inverted = _inverted_subject(doc, e, mention.toks, discourse)
    if inverted is not None:
        e.evidence.append(f"{INVERTED}={info.text}")
        return inverted
    if lone in _PERSONAL and e.cue:
        # "„Wir prüfen das“, sagte sie.": the speaker, whoever the text means by the pronoun
        info.type = "person"
        info.evidence.append(UNRESOLVED)
        return info
    if _framed(e) or (_subject_of_cue(doc, e, mention.toks) and _plural(mention.toks)):
        if _plural(mention.toks):
            info.type = "vague"  # "Die Rebellen sagten": an unnamed group
            info.canonical = None
            info.evidence.append(f"{GROUP}={info.head}")
        return info
    e.evidence.append(f"{IMPLAUSIBLE}={info.text}")
    return None  # "die Insolvenz", "Die Frage": no speaker; try the context


UNRESOLVED = decision(
    "coref:unresolved",
    stage=_STAGE,
    en="a pronoun speaks whose person the text does not name before: a person, unnamed",
    de="ein Pronomen spricht, dessen Person der Text vorher nicht nennt: eine Person, ungenannt",
)
_PERSONAL = frozenset({"er", "sie"})


NO_AUTHOR = decision(
    "source:no-author",
    stage=_STAGE,
    en="'nach Angaben', 'Informationen zufolge' without saying whose: no source is named",
    de="„nach Angaben“, „Informationen zufolge“ ohne Urheber: keine Quelle genannt",
)
_AUTHORLESS = frozenset({"angaben", "informationen", "erkenntnissen", "erkenntnisse", "auskunft"})


_REFERRING = de.word_class("source-pronoun") | de.word_class("speaker-pronoun")


def _function_word(tok: Token) -> bool:
    """A closed-class word that names no one by itself; pronouns that refer to someone
    ("er", "sie", "ich") are resolved instead."""
    low = tok.text.lower()
    if low in _REFERRING or low in {"sie", "er", "ihn"} or low in _ANAPHORIC_CUES:
        return False  # resolved by coreference ("Demnach", "darin": the last source)
    return low in closed_class()


def _bare_report(toks: list[Token]) -> bool:
    """Only articles, adjectives and a report noun that never names its author ("den ersten
    Angaben"); "Polizeiangaben", "eigenen Angaben" and "Angaben des X" are cut before."""
    if toks[-1].text.lower() not in _AUTHORLESS:
        return False
    return all((t.tag or "") in {"ART", "ADJA", "PDAT"} for t in toks[:-1]) and not any(
        t.text.lower() in {"eigenen", "eigener"} for t in toks
    )


FIRST_PERSON = decision(
    "source:first-person",
    stage=_STAGE,
    en="'ich' or 'wir' inside someone's words is that speaker",
    de="„ich“ oder „wir“ in den Worten eines Sprechers ist dieser Sprecher",
)
# first person, and the second person of someone's words ("Du weißt, …"): never the source
_FIRST_PERSON = frozenset({"ich", "wir", "mich", "mir", "uns", "du", "dich", "dir", "euch"})


def _first_person(doc: Doc, e: Event, tok: Token) -> SourceInfo | None:
    """ "Jagland: Ich erwarte mir …": a first-person subject is the speaker of the words it
    stands in; an object ("mich", "uns") or a first person outside anyone's words is no
    speaker the text names."""
    if tok.text.lower() not in {"ich", "wir"}:
        e.evidence.append(f"{IMPLAUSIBLE}={tok.text}")
        return None
    for outer in doc.events:
        if outer is e or outer.source_info is None or tok.i not in set(outer.message):
            continue
        info = _copy(outer.source_info)
        info.evidence.append(f"{FIRST_PERSON}@{outer.id}")
        return info
    e.evidence.append(f"{IMPLAUSIBLE}={tok.text}")
    return None


INVERTED = decision(
    "source:inverted-subject",
    stage=_STAGE,
    en="the noun phrase before the verb is its object; the speaker follows the verb",
    de="die Nominalphrase vor dem Verb ist sein Objekt; der Sprecher folgt dem Verb",
)


def _inverted_subject(
    doc: Doc, e: Event, toks: list[Token], discourse: Discourse
) -> SourceInfo | None:
    """ "Die Domain … bezeichnete Prieth als Kunstprojekt": a fronted object that cannot
    speak, and a name or pronoun right after the finite verb cue that can."""
    taken = {t.i for t in toks}
    for c in e.cue:
        tok = doc.tokens[c]
        if not (tok.tag or "").endswith("FIN") or c < max(taken):
            continue
        sent = doc.sentences[tok.sent]
        np_ = subject_after(sent, c - sent.first, len(sent.tokens))
        flat = [sent.first + k for k in np_]
        if not flat or set(flat) & taken or set(flat) & set(e.message):
            continue
        mention = clean(doc, flat)
        if mention is None:
            continue
        info = classify(doc, mention, discourse)
        if info.type not in {"unknown", "document"}:
            return info
    return None


# Speech that runs on without a frame of its own keeps the speaker: Konjunktiv continuation,
# and quotes and reported speech whose frame is elsewhere.
_RUNS_ON = frozenset({"IndirectFreeIndirect", "Direct", "Indirect"})
_RUN_ON_SENTENCES = 2


_ANAPHORIC_CUES = frozenset({"demnach", "danach", "darin", "dort"})


def _frame_np(doc: Doc, e: Event) -> list[int]:
    """The speaker's noun phrase as the frame gives it, where the frame is exact: the NP next to
    a laut/gemäß/zufolge cue (the attribution's span may follow other conventions)."""
    if len(e.cue) != 1:
        return []
    tok = doc.tokens[e.cue[0]]
    word = tok.text.lower()
    if word not in {"laut", "gemäß", "zufolge"}:
        return []
    sent = doc.sentences[tok.sent]
    j = tok.i - sent.first
    np_ = (
        dative_np(sent, np_backward(sent, j - 1)) if word == "zufolge" else np_forward(sent, j + 1)
    )
    np_ = cut_after_name(doc, sent, np_)
    return [sent.first + k for k in np_]


def _anaphoric_cue(doc: Doc, e: Event) -> bool:
    """ "Demnach …", "Darin heißt es …": a cue that points back at the last source."""
    return any(doc.tokens[i].text.lower() in _ANAPHORIC_CUES for i in e.cue)


def _has_frame(doc: Doc, e: Event) -> bool:
    """The event has a frame of its own: a cue other than an evidential soll."""
    return any(doc.tokens[i].text.lower() not in {"soll", "sollen"} for i in e.cue)


def _own_source(doc: Doc, e: Event) -> bool:
    """Whether the event's source tokens are its own: given by its frame, or by the roles
    model outside the sentences of its message. A source the rules only carried over from the
    event before (``rule:continued-source``), or an NP the roles model found inside a
    frameless sentence of reported content (its grammatical subject), or any source of an
    evidential FreeIndirect sentence without a frame, is not."""
    if CONTINUED_SOURCE in e.evidence:
        return False
    if _has_frame(doc, e) or _framed(e) or _colon_frame(doc, e):
        return True
    if e.form == "FreeIndirect":
        return False  # "Der Mann soll …": hearsay of no one named, whoever spoke before
    msg_sents = {doc.tokens[i].sent for i in e.message}
    return not any(doc.tokens[i].sent in msg_sents for i in e.source)


def _colon_frame(doc: Doc, e: Event) -> bool:
    """ "CDU-Chef Friedrich Merz: „Das ist Trickserei.“": the source ends at a colon right
    before the message."""
    if not e.source or not e.message or max(e.source) + 1 >= min(e.message):
        return False
    between = [doc.tokens[i].text for i in range(max(e.source) + 1, min(e.message))]
    return bool(between) and between[0] == ":" and len(between) <= 2


def _previous_speaker(doc: Doc, e: Event, earlier: list[Event]) -> Event | None:
    """The speaker of the last event with a frame of its own, at most two sentences back (any
    distance for a Konjunktiv continuation, which only exists as the continuation of something):
    speech that runs on continues its frame, not whatever event came last."""
    here = doc.tokens[e.message[0]].sent
    gap: int | None = None  # sentences since the last speech of the run (frame or continuation)
    for prev in reversed(earlier):
        if prev.source_info is None or prev.is_nested:
            continue
        if gap is None:
            gap = here - doc.tokens[prev.message[-1]].sent
        if not _has_frame(doc, prev) and prev.source_info.inherited:
            continue  # a continuation itself: look further back for its frame
        if e.form == "IndirectFreeIndirect" or _anaphoric_cue(doc, e) or gap <= _RUN_ON_SENTENCES:
            return prev
        return None
    return None


def _framed(e: Event) -> bool:
    """The source came from an exact frame rule (the subject of a speech verb, the NP of a
    laut phrase), not only from the learned roles model."""
    return any(ev.startswith("rule:") and ev.split("=")[0] not in _NOT_FRAMES for ev in e.evidence)


_NOT_FRAMES = frozenset({CONTINUED_SOURCE, sollen.label, PLANNED})


def _subject_of_cue(doc: Doc, e: Event, toks: list[Token]) -> bool:
    """The mention stands right next to a verb cue of the event (its subject)."""
    verbs = [i for i in e.cue if (doc.tokens[i].tag or "").startswith("V")]
    return any(min(abs(i - toks[-1].i), abs(toks[0].i - i)) <= 2 for i in verbs)


def _plural(toks: list[Token]) -> bool:
    """A bare or "die" noun phrase whose noun ends like a plural ("Rebellen", "Anrainer"); a
    proper noun ("Koller") or a genitive singular ("Einwohners") is none."""
    first = toks[0].text.lower()
    head_tok = toks[-1]
    head = head_tok.text.lower()
    if head_tok.tag in {"NE", "PPER"} or "-" in head_tok.text:
        return False
    return first in {"die", head} and head.endswith(("en", "er", "e"))


def _has_name(toks: list[Token], doc: Doc) -> bool:
    """A proper noun or a recognised entity in the mention (a name we cannot type is still
    someone; a plain abstract noun is not)."""
    if any(t.tag == "NE" for t in toks):
        return True
    start, end = toks[0].start, toks[-1].end
    return any(start <= ent.start and ent.end <= end for ent in doc.entities)


def _copy(info: SourceInfo) -> SourceInfo:
    """A copy of a source for another event (chains are built per event)."""
    return SourceInfo(
        info.text,
        info.start,
        info.end,
        info.type,
        info.canonical,
        list(info.parts),
        inherited=True,
        aliases=list(info.aliases),
    )


_PLURAL_ENDINGS = ("en", "er", "innen", "kreisen", "kreise")
# A person taken up by a pronoun has the pronoun's gender ("Sie fügte hinzu": a woman).
_PRONOUN_GENDER = {"er": "m", "ihm": "m", "ihn": "m", "sie": "f", "ihr": "f"}


def _referent(info: SourceInfo) -> Referent:
    """What later pronouns and role nouns can refer back to."""
    gender = None
    if info.type == "person":
        gender = (
            gender_of_name(info.canonical or "")
            or gender_of_noun(info.head)
            or _PRONOUN_GENDER.get(info.head.lower())
        )
    plural = info.type in {"vague", "anonymous"} and info.head.lower().endswith(_PLURAL_ENDINGS)
    return Referent(
        info.start, info.type, info.canonical, info.text, gender, plural or bool(info.parts)
    )
