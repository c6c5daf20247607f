"""Frames without quotation marks: the speech of a sentence and who frames it.

Many outlets (and every text whose quotation marks a scraper dropped) write speech without
quotes; the frame alone says it is speech:

* ``postposed``: ``<Inhalt>, sagte der Sprecher (am Montag) (dem Sender).`` /
  ``<Inhalt>, so der Kremlchef.`` / ``<Inhalt>, erklärte er.`` — the content before the comma
  is the message, the verb (or ``so``) the cue, the NP after it the source;
* ``interposed``: ``<Teil>, lässt der Genealoge durchblicken, <Teil>.`` — both parts;
* ``colon``: ``X sagte zum STANDARD: <Inhalt>`` — the content after the colon.

A message in Konjunktiv I is Indirect speech, otherwise Direct (the words of the speaker). The
event the CRFs found for the same content keeps its message span only if it lies inside the
frame's content; it takes the frame's cue and source.
"""

from __future__ import annotations

from ...annotate import entities as names
from ...doc import Doc, Event, Form, Sentence
from ...lang.de import word_list
from ...lang.de.cues import cues
from ...lang.de.punctuation import QUOTE_CHARS
from .base import label, low, near, note, overlapping, particle, refs, rule, sent_body, tag
from .nphrase import CLAUSE_PUNCT, np_forward, subject_before, with_apposition

SO_FRAME = label(
    "so-frame",
    en="'..., so X.': X is the source of what comes before",
    de="„…, so X.“: X ist die Quelle des Vorangehenden",
)

# Words that may stand between a postposed verb and its subject ("sagte am Montag der Chef").
_BETWEEN_TAGS = frozenset({"ADV", "PTKNEG", "ADJD", "PAV", "PRF"})
_MAX_SUBJECT_GAP = 4
# A clause after the frame that starts with one of these describes the speaker, not speech.
_CLAUSE_OPENERS = frozenset({"PRELS", "PRELAT", "KOUS", "PWAV", "KON"})


def _speech_verb(sent: Sentence, i: int) -> bool:
    """A finite verb of saying, writing or thinking (the cue lexicon, kind verb)."""
    if not tag(sent, i).endswith("FIN"):
        return False
    hit = cues().reporting(low(sent, i))
    return hit is not None and hit[1] == "verb"


def _frame_verb(sent: Sentence, i: int) -> bool:
    """A verb that frames speech after a comma: a speech verb, a verb of the frame-only stems
    ("ärgert sich X", "gesteht X zu"), or a cue verb form the tagger took for something else
    when a noun phrase follows it ("…, meinte Präsident X")."""
    if _speech_verb(sent, i):
        return True
    word = low(sent, i)
    nxt = tag(sent, i + 1) if i + 1 < len(sent.tokens) else ""
    if tag(sent, i).endswith("FIN") and word.startswith(tuple(word_list("frame-verb-stem"))):
        return True
    hit = cues().reporting(word)
    return hit is not None and hit[1] == "verb" and nxt in {"ART", "NE", "NN", "PPER", "PPOSAT"}


def _lemma(sent: Sentence, i: int) -> str:
    return (sent.tokens[i].lemma or sent.tokens[i].text).lower()


def _has_finite(sent: Sentence, idx: list[int]) -> bool:
    return any(tag(sent, k).endswith("FIN") for k in idx)


def _form(sent: Sentence, idx: list[int]) -> Form:
    """Konjunktiv in the content (I, or II standing in for it: "würden steigen"): Indirect
    speech; indicative: the speaker's own words (Direct)."""
    return "Indirect" if any(sent.tokens[k].mood == "Sub" for k in idx) else "Direct"


def subject_after(sent: Sentence, v: int, hi: int) -> list[int]:
    """The subject right after a fronted or postposed verb: "sagte (am Montag) der Sprecher"."""
    j = v + 1
    gap = 0
    while j < hi and gap <= _MAX_SUBJECT_GAP:
        tg = tag(sent, j)
        if tg in {"APPRART", "APPR"} and low(sent, j) not in {"von"}:
            j = _skip_pp(sent, j, hi)
            gap += 1
            continue
        if tg in _BETWEEN_TAGS or sent.tokens[j].text == "auch":
            j += 1
            gap += 1
            continue
        np_ = np_forward(sent, j, hi)
        if np_ and low(sent, np_[0]) not in {"es", "sich", "dem", "den"}:
            return with_apposition(sent, np_, len(sent.tokens))
        return []
    return []


_SUBORDINATORS = frozenset({"KOUS", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT"})


def _main_clause(sent: Sentence, idx: list[int]) -> bool:
    """Whether the tokens ``idx`` hold a main clause: a comma-separated part with a finite verb
    that does not open like a subordinate clause ("Was X betrifft", ", der …", ", für den …")."""
    parts: list[list[int]] = [[]]
    for k in idx:
        if sent.tokens[k].text in CLAUSE_PUNCT:
            parts.append([])
        else:
            parts[-1].append(k)
    for part in parts:
        if not _has_finite(sent, part):
            continue
        first = part[0]
        if tag(sent, first) == "APPR" and len(part) > 1:
            first = part[1]
        if tag(sent, first) not in _SUBORDINATORS:
            return True
    return False


def _skip_pp(sent: Sentence, j: int, hi: int) -> int:
    """The position after a prepositional phrase at ``j`` ("am Montag", "im Ö1-Journal")."""
    np_ = np_forward(sent, j + 1, hi)
    return (np_[-1] + 1) if np_ else j + 1


@rule(
    "postposed-frame",
    en="'<content>, sagte X.': a speech verb after the content names its speaker",
    de="„<Inhalt>, sagte X.“: ein Verb des Sagens nach dem Inhalt nennt den Sprecher",
)
def postposed(doc: Doc, events: list[Event]) -> None:
    """``<Inhalt>, sagte X.`` / ``<Inhalt>, so X.`` / interposed frames."""
    for sent in doc.sentences:
        body = sent_body(sent)
        if any(sent.tokens[k].text in QUOTE_CHARS for k in body):
            continue  # quoted speech is the quote rules' (quote_frame)
        for c in [k for k in body if sent.tokens[k].text == ","]:
            found = _frame_after_comma(sent, body, c)
            if found is not None:
                cue, src, msg, label_ = found
                _apply(events, sent, cue, src, msg, label_)
                break


def _frame_after_comma(
    sent: Sentence, body: list[int], c: int
) -> tuple[list[int], list[int], list[int], str] | None:
    """(cue, source, message, label) of a frame that starts right after comma ``c``."""
    v = c + 1
    if v >= len(body) or c < 3:
        return None
    before = [k for k in body if k < c]
    if not _main_clause(sent, before):
        return None  # "Zidane, der … gehandelt wurde, wies …": no speech before the comma
    end = v + 1
    while end < len(body) and sent.tokens[end].text not in CLAUSE_PUNCT:
        end += 1
    follows = tag(sent, v + 1) if v + 1 < len(sent.tokens) else ""  # "…, so" may end the text
    if low(sent, v) == "so" and follows in {"ART", "NN", "NE", "PPOSAT", "PPER", "ADJA"}:
        src = np_forward(sent, v + 1, end)
        if src and (end >= len(body) or sent.tokens[end].text == ":"):  # "…, so X: <more>"
            return [v], src, before, SO_FRAME
        return None
    if not _frame_verb(sent, v):
        return None
    if _lemma(sent, v) == "heißen" and low(sent, v + 1) == "es":
        # "…, hieß es in dem Bericht": the document, or no source at all ("…, hieß es.")
        k = v + 2
        src = (
            np_forward(sent, k + 1, end) if k < end and low(sent, k) in {"in", "im", "aus"} else []
        )
        if end < len(body):
            return None
        return [v, v + 1], src, before, postposed.label
    src = subject_after(sent, v, end)
    if not src:
        return None
    cue = [v, *particle(sent, v, CLAUSE_PUNCT)]
    after = [k for k in body if k > end] if end < len(body) and sent.tokens[end].text == "," else []
    if after and (tag(sent, after[0]) in _CLAUSE_OPENERS or not _has_finite(sent, after)):
        return cue, src, before, postposed.label  # "…, sagte X, der Y vertritt": X's words
    if end < len(body) and not after:
        return None  # "…, sagte er, als …" without a second part of the message: not a frame
    return cue, src, before + after, postposed.label


@rule(
    "colon-frame",
    en="'X sagte: <content>' without quotation marks: the content after the colon",
    de="„X sagte: <Inhalt>“ ohne Anführungszeichen: der Inhalt nach dem Doppelpunkt",
)
def colon(doc: Doc, events: list[Event]) -> None:
    """``Peter Kolba sagt zum STANDARD: Rechtlich ändert sich nichts.``"""
    for sent in doc.sentences:
        body = sent_body(sent)
        colons = [k for k in body if sent.tokens[k].text == ":"]
        if not colons or any(sent.tokens[k].text in QUOTE_CHARS for k in body):
            continue
        k = colons[0]
        verbs = [i for i in range(k) if _frame_verb(sent, i)]
        msg = [i for i in body if i > k]
        if not verbs or len(msg) < 3 or not _has_finite(sent, msg):
            continue
        v = verbs[-1]
        src = subject_before(sent, 0, v) if v > 0 else []
        if not src or src[-1] >= v:
            src = subject_after(sent, v, k)
        if src:
            _apply(events, sent, [v, *particle(sent, v, CLAUSE_PUNCT)], src, msg, colon.label)


def _apply(
    events: list[Event], sent: Sentence, cue: list[int], src: list[int], msg: list[int], label_: str
) -> None:
    """The frame's event: the CRF's event for the same content gets the frame, or a new one."""
    fmsg, fcue, fsrc = refs(sent, msg), refs(sent, cue), refs(sent, src)
    form = _form(sent, msg)
    frame = set(fcue) | set(fsrc) | {sent.first + len(sent.tokens) - 1}
    hit = [k for k in overlapping(events, fmsg, 0.5) if set(events[k].message) - set(fmsg) <= frame]
    hit += [
        k
        for k in near(events, sent.first, sent.last)
        if k not in hit and set(fcue) & set(events[k].cue) and set(events[k].message) & set(fmsg)
    ]
    if not hit:
        events.append(Event(form, fmsg, cue=fcue, source=fsrc, medium="Speech", evidence=[label_]))
        return
    e = events[hit[0]]
    # the frame says exactly where the content is: the CRF's span yields to it
    e.message, e.form = fmsg, form
    e.cue, e.source = fcue, fsrc
    note(e, label_)


@rule(
    "anaphoric-frame",
    en="'… Das teilte die Polizei mit.': the frame names the source of the sentence before",
    de="„… Das teilte die Polizei mit.“: der Rahmensatz nennt die Quelle des Satzes davor",
)
def anaphoric(doc: Doc, events: list[Event]) -> None:
    """A short frame sentence with a demonstrative object (Das/Dies + speech verb + subject)
    or "Mit diesen Worten" + verb + subject makes the sentence before it an event of that
    subject."""
    for si in range(1, len(doc.sentences)):
        sent, prev = doc.sentences[si], doc.sentences[si - 1]
        body = sent_body(sent)
        v = _anaphoric_verb(sent, body)
        if v is None or prev.block != sent.block:
            continue
        src = subject_after(sent, v, len(body))
        msg = sent_body(prev)
        if not src or len(msg) < 3 or not _has_finite(prev, msg):
            continue
        cue = refs(sent, [v, *particle(sent, v, CLAUSE_PUNCT)])
        _apply_across(events, prev, sent, msg, cue, refs(sent, src))


_WITH_WORDS = frozenset({"diesen", "den", "seinen", "ihren", "jenen", "solchen"})


def _anaphoric_verb(sent: Sentence, body: list[int]) -> int | None:
    """The verb of an anaphoric frame sentence: "Das teilte X mit" (a speech verb after a
    demonstrative), "Mit diesen Worten reagierte X" (any finite verb after the phrase)."""
    if len(body) < 3 or len(body) > 14:
        return None
    if low(sent, 0) in {"das", "dies", "dieses"} and _speech_verb(sent, 1):
        return 1
    if (
        len(body) > 4
        and low(sent, 0) == "mit"
        and low(sent, 1) in _WITH_WORDS
        and low(sent, 2) == "worten"
        and tag(sent, 3).endswith("FIN")
    ):
        return 3
    return None


def _apply_across(
    events: list[Event],
    prev: Sentence,
    sent: Sentence,
    msg: list[int],
    cue: list[int],
    src: list[int],
) -> None:
    """The content sentence's event gets the frame sentence's cue and source."""
    fmsg = refs(prev, msg)
    own = set(range(sent.first, sent.last))
    # an event the CRFs made of the frame sentence itself is the same speech act
    events[:] = [e for e in events if not (set(e.message) <= own and not set(e.message) & set(src))]
    hit = overlapping(events, fmsg, 0.5)
    if not hit:
        events.append(
            Event("Indirect", fmsg, cue=cue, source=src, medium="SW", evidence=[anaphoric.label])
        )
        return
    e = events[hit[0]]
    e.cue, e.source = cue, src  # the frame sentence is explicit about who said it
    note(e, anaphoric.label)


_COPULA = frozenset({"ist", "sind", "sei", "seien", "war", "waren", "wäre", "wären", "bleibt"})


@rule(
    "fuer-x-frame",
    en="'für X ist klar, dass …' / 'ist für X eine Zwischenlösung': X's view",
    de="„für X ist klar, dass …“ / „ist für X eine Zwischenlösung“: die Sicht von X",
)
def fuer_x(doc: Doc, events: list[Event]) -> None:
    """A judgement "für <person> ist …" is that person's view: Indirect, source the person."""
    for sent in doc.sentences:
        body = sent_body(sent)
        if not any(low(sent, k) in _COPULA for k in body):
            continue
        for k in body:
            if low(sent, k) != "für" or k + 1 >= len(body):
                continue
            src = _person_np(doc, sent, k + 1)
            if not src:
                continue
            msg = _judged(sent, body, k, src)
            if msg:
                _apply(events, sent, [k], src, msg, fuer_x.label)
            break


def _person_np(doc: Doc, sent: Sentence, j: int) -> list[int]:
    """A personal pronoun, a named person or a person role NP starting at ``j``."""
    if low(sent, j) in {"ihn", "sie", "ihm", "ihnen", "mich", "uns"}:
        return [j]
    np_ = np_forward(sent, j)
    if not np_:
        return []
    start, end = sent.tokens[np_[0]].start, sent.tokens[np_[-1]].end
    if any(e.label == "PER" and start <= e.start and e.end <= end for e in doc.entities):
        return np_
    head = sent.tokens[np_[-1]].text
    return np_ if names.is_role_noun(head) else []


def _judged(sent: Sentence, body: list[int], k: int, src: list[int]) -> list[int]:
    """What the person judges: after "klar/fest …:" or "…, dass", else the sentence without
    the "für X" phrase."""
    taken = {k, *src}
    colon = [i for i in body if sent.tokens[i].text == ":" and i > k]
    if colon:
        return [i for i in body if i > colon[0]]
    dass = [i for i in body if low(sent, i) == "dass" and i > k]
    if dass and sent.tokens[dass[0] - 1].text == ",":
        return [i for i in body if i >= dass[0]]
    rest = [i for i in body if i not in taken]
    return rest if len(rest) >= 4 and _has_finite(sent, rest) else []


@rule(
    "demnach",
    en="'… wurde demnach …': reported from the source named before",
    de="„… wurde demnach …“: berichtet nach der zuvor genannten Quelle",
)
def demnach(doc: Doc, events: list[Event]) -> None:
    """A sentence with "demnach" reports what the last source said: Indirect, cue the word
    (its source is resolved by the sources stage, as a document anaphor)."""
    for sent in doc.sentences:
        body = sent_body(sent)
        hits = [k for k in body if low(sent, k) == "demnach"]
        if not hits or not _has_finite(sent, body):
            continue
        msg = refs(sent, [k for k in body if k != hits[0]])
        if overlapping(events, msg, 0.5):
            for e in events:
                if set(e.message) & set(msg) and not e.cue:
                    e.cue = refs(sent, [hits[0]])
                    note(e, demnach.label)
            continue
        events.append(
            Event("Indirect", msg, cue=refs(sent, [hits[0]]), medium="SW", evidence=[demnach.label])
        )
