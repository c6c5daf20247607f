"""Reported speech acts: ``X kritisierte die Pläne``, ``X bestritt, dass ...``.

Cue the finite reporting, denial or confirmation verb with its particle, source the subject
NP, message the object NP (Reported) or the dass/ob-clause (Indirect). A CRF event for the
sentence keeps its message and gains cue and source. ``verb_comma_clause`` turns a CRF
Reported event "NP verb , clause in Konjunktiv" into the Indirect event it is.
"""

from __future__ import annotations

from ...annotate.tokenize import closed_class
from ...doc import Doc, Event, Form, Sentence
from ...lang.de.claims import claim_key
from ...lang.de.punctuation import CLOSING_QUOTES, OPENING_QUOTES
from ...lang.de.punctuation import RULE_CLAUSE_PUNCT as CLAUSE_PUNCT
from ...lang.de.sources import noun_type
from .base import (
    is_reporting_verb,
    label,
    low,
    near,
    note,
    particle,
    refs,
    rule,
    rule_lexicon,
    sent_body,
    tag,
    verb_lemma,
    word_class,
)
from .nphrase import np_backward, np_forward, with_apposition

DENIAL_VERB = label(
    "denial-verb",
    en="a verb of denial (bestreiten, zurückweisen, dementieren) with its subject as source",
    de="ein Verb des Bestreitens (bestreiten, zurückweisen, dementieren), Subjekt als Quelle",
)


@rule(
    "reported-verb",
    en="a speech-act verb (kritisieren, fordern, warnen, zurückweisen …): a reported speech act",
    de="ein Verb eines Sprechakts (kritisieren, fordern, warnen …): ein berichteter Sprechakt",
)
def reported(doc: Doc, events: list[Event]) -> None:
    """``X kritisierte die Pläne`` (Reported: the whole sentence, as in SpkAtt), ``X bestritt,
    dass ...`` (Indirect: the dass-clause, cue the verb). The source is the verb's subject."""
    lex = rule_lexicon()
    for sent in doc.sentences:
        for i in range(len(sent.tokens)):
            lemma = _speech_act_lemma(sent, i)
            if lemma is None or not (
                any(lex.has(k, lemma) for k in ("reported", "denial", "confirm"))
                or _with_preposition(sent, i, lemma)
            ):
                continue
            if _passive(sent, i) or _parenthetical(sent, i) or _other_reflexive(sent, i, lemma):
                continue
            if _in_relative_clause(sent, i):
                continue  # "Gebiete, aus denen X berichtet": a description, not a speech act
            found = _speech_act(sent, i)
            if found is None:
                continue
            form, msg, subj, cue = found
            subj = _speaker_after_object(doc, sent, i, subj, lemma)
            rule_label = DENIAL_VERB if lex.has("denial", lemma) else reported.label
            act = (form, msg, cue, subj)
            _apply(events, sent, act, rule_label, sent.first + i, _can_speak(doc, sent, subj))
            break


def _speaker_after_object(
    doc: Doc, sent: Sentence, i: int, subj: list[int], lemma: str
) -> list[int]:
    """A fronted object and the speaker after the finite verb: "Den Vorwurf weist der Konzern
    zurück" (a claim noun before a verb of denial or confirmation), "Die Domain, auf der …,
    bezeichnete Prieth als Kunstprojekt" (a noun phrase that cannot speak) — when the NP after
    the verb can speak."""
    lex = rule_lexicon()
    polar = lex.has("denial", lemma) or lex.has("confirm", lemma)
    if not subj or subj[0] != 0:
        return subj
    if not (polar and claim_key(low(sent, subj[-1]))) and _can_speak(doc, sent, subj):
        return subj
    v = i if tag(sent, i) == "VVFIN" and not _after_auxiliary(sent, i) else _finite_before(sent, i)
    if v <= subj[-1]:
        return subj
    j = v + 1
    while j < len(sent.tokens) and tag(sent, j) in {"ADV", "PTKNEG"}:
        j += 1
    after = np_forward(sent, j)
    if after and low(sent, after[0]) in _NOT_NOMINATIVE:
        return subj  # "bestätigten den Bericht": an object, whatever the NP before the verb is
    if (
        after
        and len(subj) == 1
        and low(sent, subj[0]) not in closed_class()
        and tag(sent, after[0]) not in {"ART", "PDAT", "PPOSAT", "PIAT"}
        and not any(tag(sent, k) == "NE" for k in after)
    ):
        return subj  # "Rabmer-Koller wirft Ärztekammer Blockade vor": bare nouns are objects
    return after if after and _can_speak(doc, sent, after) else subj


# Articles that never open a subject: accusative masculine, dative.
_NOT_NOMINATIVE = frozenset({"den", "einen", "dem", "einem", "keinen", "keinem"})


def _passive(sent: Sentence, i: int) -> bool:
    """A participle with a form of *werden* in its clause ("wurde bestätigt", "nachgesagt
    wurden"): the grammatical subject is what was said, not who said it."""
    if tag(sent, i) != "VVPP" and not _after_auxiliary(sent, i):
        return False
    return any(
        (sent.tokens[k].lemma or "").lower() == "werden" and tag(sent, k).startswith("VA")
        for k in _clause(sent, i)
    )


def _clause(sent: Sentence, i: int) -> range:
    """The local positions of the clause around ``i`` (between clause punctuation)."""
    lo = i
    while lo > 0 and sent.tokens[lo - 1].text not in CLAUSE_PUNCT:
        lo -= 1
    hi = i
    while hi + 1 < len(sent.tokens) and sent.tokens[hi + 1].text not in CLAUSE_PUNCT:
        hi += 1
    return range(lo, hi + 1)


def _in_relative_clause(sent: Sentence, i: int) -> bool:
    """The verb ends a relative clause ("…, aus denen er berichtet", "…, der das erklärt")."""
    first = _clause(sent, i)[0]
    k = first + 1 if tag(sent, first) == "APPR" else first
    return first > 0 and k < len(sent.tokens) and tag(sent, k) in {"PRELS", "PRELAT"}


def _parenthetical(sent: Sentence, i: int) -> bool:
    """The verb stands in parentheses ("(Wikinews berichtete)"): a reference, not speech."""
    opened = [k for k in range(i) if sent.tokens[k].text == "("]
    closed = [k for k in range(i) if sent.tokens[k].text == ")"]
    return len(opened) > len(closed)


def _other_reflexive(sent: Sentence, i: int, lemma: str) -> bool:
    """A verb that means something else with *sich* ("meldete sich", "erwarten sich")."""
    if not rule_lexicon().has("reflexive-other", lemma):
        return False
    return any(low(sent, k) == "sich" for k in _clause(sent, i))


def _can_speak(doc: Doc, sent: Sentence, subj: list[int]) -> bool:
    """Whether the subject can be a speaker: a pronoun, a name, or a noun that names a kind of
    source ("die Regierung", "Aktivisten"); a typhoon or a picture book does not speak."""
    if any(tag(sent, k) in {"PPER", "NE"} and low(sent, k) != "es" for k in subj):
        return True
    if len(subj) == 1 and low(sent, subj[0]) in word_class("group-pronoun"):
        return True  # "Alle weisen die Vorwürfe zurück"
    start, end = sent.tokens[subj[0]].start, sent.tokens[subj[-1]].end
    if any(e.label != "OTHER" for e in doc.entities_within(start, end)):
        return True
    return any(
        # a capitalised word the tagger missed counts as a noun ("Regierungskreise" tagged ADV)
        (
            tag(sent, k) == "NN"
            or (sent.tokens[k].text[:1].isupper() and not _fronted_adverbial(sent, k))
        )
        and (noun_type(sent.tokens[k].text) or noun_type(sent.tokens[k].lemma or ""))
        for k in subj
    )


@rule(
    "verb-subject",
    en="a speech event with a verb cue but no speaker: the subject of that verb",
    de="ein Sprechereignis mit Verb, aber ohne Sprecher: das Subjekt dieses Verbs",
)
def verb_subject(doc: Doc, events: list[Event]) -> None:
    """Fill the source of cued events that have none with the subject of the cue's finite verb
    (past relative clauses, appositions, parentheses, coordinations, fronted phrases)."""
    for e in events:
        if e.source or not e.cue:
            continue
        sent = doc.sentences[doc.tokens[e.cue[0]].sent]
        inside = [i - sent.first for i in e.cue if sent.first <= i < sent.last]  # a cue may
        verbs = [k for k in inside if tag(sent, k).startswith("V")]  # run past its sentence
        if not verbs or any(sent.first + k in e.message for k in verbs):
            continue
        i = verbs[0]
        v = i if tag(sent, i).endswith("FIN") else _finite_before(sent, i)
        subj = _subject(sent, v)
        flat = refs(sent, subj)
        if subj and _can_speak(doc, sent, subj) and not set(flat) & set(e.message):
            e.source = flat
            note(e, verb_subject.label)


def _speech_act_lemma(sent: Sentence, i: int) -> str | None:
    """The lemma (with its particle) of a finite full verb, or of a participle after an
    auxiliary of its clause ("hat … zurückgewiesen"); None for anything else."""
    tg = tag(sent, i)
    if tg == "VVFIN":
        return verb_lemma(sent, i, CLAUSE_PUNCT)
    if tg == "VVPP" and any(tag(sent, k) == "VAFIN" for k in range(max(0, i - 12), i)):
        lemma = (sent.tokens[i].lemma or sent.tokens[i].text).lower()
        return lemma
    return None


def _with_preposition(sent: Sentence, i: int, lemma: str) -> bool:
    """A verb that reports speech with one word of its clause ("rechnet mit", "sprach von",
    "gab … die Schuld", "übte Kritik"): "lemma word" is listed as ``reported-with``."""
    lex = rule_lexicon()
    for k in _clause(sent, i):
        if k == i:
            continue
        word = _prep(sent, k) if tag(sent, k) in {"APPR", "APPRART"} else low(sent, k)
        if lex.has("reported-with", f"{lemma} {word}"):
            return True
    return False


def _prep(sent: Sentence, k: int) -> str:
    """The preposition of an APPR or APPRART token ("vom" is "von")."""
    word = low(sent, k)
    return {"vom": "von", "zum": "zu", "zur": "zu", "beim": "bei", "im": "in", "am": "an"}.get(
        word, word
    )


def _speech_act(sent: Sentence, i: int) -> tuple[Form, list[int], list[int], list[int]] | None:
    """(form, message, subject, cue) of the speech act of verb ``i`` (flat message and cue)."""
    n = len(sent.tokens)
    v = i if tag(sent, i) == "VVFIN" and not _after_auxiliary(sent, i) else _finite_before(sent, i)
    subj = _subject(sent, v)
    if not subj:
        return None
    rest = max(i, subj[-1]) + 1
    if (
        rest < n
        and sent.tokens[rest].text == ","
        and rest + 1 < n
        and low(sent, rest + 1) in {"dass", "ob"}
    ):
        cue = refs(sent, [i, *particle(sent, i, CLAUSE_PUNCT)])
        return "Indirect", refs(sent, [k for k in sent_body(sent) if k > rest]), subj, cue
    return "Reported", list(range(sent.first, sent.last)), subj, []


def _after_auxiliary(sent: Sentence, i: int) -> bool:
    """A clause-final full verb after an auxiliary of its clause: a participle the tagger
    called finite ("Sie hatte das mit X begründet.")."""
    end = (
        i + 1 >= len(sent.tokens)
        or sent.tokens[i + 1].text in CLAUSE_PUNCT
        or tag(sent, i + 1) == "KON"
    )
    k = i - 1
    while end and k >= 0 and sent.tokens[k].text not in CLAUSE_PUNCT:
        if tag(sent, k) == "VAFIN":
            return True
        k -= 1
    return False


def _finite_before(sent: Sentence, i: int) -> int:
    """The finite auxiliary of participle ``i`` (the closest VAFIN before it)."""
    for k in range(i - 1, -1, -1):
        if tag(sent, k) == "VAFIN":
            return k
    return i


def _subject(sent: Sentence, v: int) -> list[int]:
    """The subject of finite verb ``v``: the NP that starts the clause right before it (past a
    relative clause or an apposition set off by commas, or the first verb of a coordination),
    else the NP right after it ("Am Abend kritisierte nun die Opposition …")."""
    if v >= 2 and sent.tokens[v - 1].text == ",":
        subj = _subject_before_insertion(sent, v - 1)
        if subj:
            return subj
    if v >= 2 and tag(sent, v - 1) == "KON":
        first = _first_conjunct_verb(sent, v - 1)
        if first is not None:
            return _subject(sent, first)
    quoted = _quoted_name_before(sent, v)
    if quoted:
        return quoted
    end = v - 1
    if sent.tokens[end].text == ")":  # "Horst Seehofer (CSU) forderte", "Das RKI (…) meldete"
        opening = [k for k in range(max(0, end - 8), end) if sent.tokens[k].text == "("]
        end = opening[-1] - 1 if opening and opening[-1] > 0 else end
    lo = end + 1
    while lo > 0 and sent.tokens[lo - 1].text not in CLAUSE_PUNCT | {"„", "“", '"'}:
        lo -= 1
    before = np_backward(sent, end, lo) if end >= lo else []
    if (
        before
        and before[0] == lo
        and low(sent, before[0])
        not in word_class("object-pronoun") | word_class("oblique-determiner")
    ):
        return before
    if v - 1 == lo and (
        tag(sent, v - 1) in {"PPER", "PIS", "PDS"}
        or (sent.tokens[v - 1].text[:1].isupper() and not _fronted_adverbial(sent, v - 1))
    ):
        return [v - 1]  # a pronoun, or a capitalised word the tagger missed ("Regierungskreise")
    j = v + 1
    while j < len(sent.tokens) and (tag(sent, j) in {"ADV", "PRF"} or low(sent, j) == "sich"):
        j += 1  # "Genau das fordern nun Aktivisten", "schloss sich der Beirat an"
    after = np_forward(sent, j)
    fronted = v > 0  # something is fronted (a phrase or a clause): the NP after the verb speaks
    if (
        fronted
        and after
        and low(sent, after[0]) not in word_class("object-pronoun") | {"es", "sich"}
    ):
        return with_apposition(sent, after)
    return []


def _fronted_adverbial(sent: Sentence, k: int) -> bool:
    """A fronted function word that is no subject ("Allerdings dementierte Billa …", "Dort
    erklärte …"): a known adverb or conjunction, whatever the tagger says (it may tag an
    unknown name "ADV"; the closed-class list cannot be wrong about "allerdings")."""
    tags = closed_class().get(low(sent, k), ())
    return any(t in {"ADV", "PAV", "PROAV", "KON", "KOUS", "PTKNEG", "PWAV"} for t in tags)


def _quoted_name_before(sent: Sentence, v: int) -> list[int]:
    """A title in quotation marks right before the verb, with its article: "Die „Financial
    Times“ hatte berichtet", "Der „Spiegel“ meldete" (German news quotes outlet names)."""
    if v < 3 or sent.tokens[v - 1].text not in CLOSING_QUOTES:
        return []
    for k in range(v - 2, max(-1, v - 8), -1):
        if sent.tokens[k].text in OPENING_QUOTES:
            inner = range(k + 1, v - 1)
            if not inner or any(
                tag(sent, t).startswith("V") or tag(sent, t) == "$," for t in inner
            ):
                return []
            first = k - 1 if k > 0 and tag(sent, k - 1) in {"ART", "ADJA", "PPOSAT"} else k
            if first > 0 and sent.tokens[first - 1].text not in CLAUSE_PUNCT:
                return []  # "… laut der „Zeit“ hatte …": not the start of the clause
            return list(range(first, v))
        if tag(sent, k).startswith("V"):
            return []
    return []


def _subject_before_insertion(sent: Sentence, comma: int) -> list[int]:
    """The NP before a relative clause or an apposition that ends at ``comma``: "Zidane, der
    als Nachfolger gehandelt wurde, wies …", "Der Generaldirektor, Olivier Niggli, rechnet …"."""
    k = comma - 1
    while k > 0 and sent.tokens[k].text not in CLAUSE_PUNCT:
        k -= 1
    if k <= 0 or sent.tokens[k].text != ",":
        return []
    inner = k + 1
    relative = tag(sent, inner) in {"PRELS", "PRELAT"} or (
        tag(sent, inner) == "APPR"
        and inner + 1 < comma
        and tag(sent, inner + 1) in {"PRELS", "PRELAT"}
    )
    apposition = all(tag(sent, t) in {"NE", "NN", "ART", "ADJA", "FM"} for t in range(inner, comma))
    if not (relative or apposition):
        return []
    head = np_backward(sent, k - 1)
    if not head or (head[0] > 0 and sent.tokens[head[0] - 1].text not in CLAUSE_PUNCT):
        # "Die Vorsitzende im Hauptverband der X, Ulrike Y, fordert": the apposed name speaks
        names = [t for t in range(inner, comma) if tag(sent, t) in {"NE", "FM"}]
        return list(range(inner, comma)) if apposition and names else []
    return with_apposition(sent, head) if apposition else head


def _first_conjunct_verb(sent: Sentence, kon: int) -> int | None:
    """The finite full verb of the clause before a coordinating conjunction ("fühlt sich
    diskriminiert und klagt"), when that clause begins the sentence."""
    for k in range(kon - 1, -1, -1):
        if sent.tokens[k].text in CLAUSE_PUNCT:
            return None
        if tag(sent, k) in {"VVFIN", "VAFIN", "VMFIN"}:
            return k
    return None


def _apply(
    events: list[Event],
    sent: Sentence,
    act: tuple[Form, list[int], list[int], list[int]],
    rule_label: str,
    verb_at: int,
    speaker: bool,
) -> None:
    """Give the sentence's CRF event cue and source, or add the speech act's event (``act``
    is form, message, cue and local subject; ``verb_at`` the flat position of its verb; a new
    event only when the subject can be a ``speaker``)."""
    form, msg, cue, subj = act
    sent_refs = set(range(sent.first, sent.last))
    src = refs(sent, subj)
    verb = {verb_at}
    here = near(events, sent.first, sent.last)
    hit = [
        k
        for k in here
        if set(events[k].message) & sent_refs
        and (not events[k].cue or set(events[k].cue) & set(cue))
    ]
    cued = [events[k] for k in here if verb_at in events[k].cue and not events[k].source]
    if cued:  # the CRF found the speech act with its cue but no speaker
        cued[0].source = src
        note(cued[0], rule_label)
        return
    if hit:
        e = events[hit[0]]
        if e.source and set(e.source) <= sent_refs and e.form != "Reported":
            return
        if not e.cue:
            e.cue = cue
        e.source = src
        if e.form == "Reported":
            e.form, e.message = form, msg
        note(e, rule_label)
    elif speaker and not any(
        set(events[k].message) & verb or set(events[k].cue) & verb for k in here
    ):
        # other speech in the sentence ("wies einen Bericht zurück, wonach …") is another
        # event: the speech act is one of its own unless its verb lies inside one
        events.append(Event(form, msg, cue=cue, source=src, medium="SW", evidence=[rule_label]))


@rule(
    "verb-comma-konjunktiv",
    en="'X warnte, die Zahl könne steigen': a reporting verb, a comma and a clause in Konjunktiv",
    de="„X warnte, die Zahl könne steigen“: Verb des Sagens, Komma, Nebensatz im Konjunktiv",
)
def verb_comma_clause(doc: Doc, events: list[Event]) -> None:
    """``Experten warnen, die Zahl ... könne steigen``: a CRF Reported event over a sentence
    "NP reporting-verb , clause with Konjunktiv" is Indirect (cue the verb, message the clause)."""
    for e in events:
        if e.form != "Reported" or e.cue:
            continue
        sis = {doc.tokens[r].sent for r in e.message}
        if len(sis) != 1:
            continue
        sent = doc.sentences[sis.pop()]
        for i in range(1, len(sent.tokens) - 2):
            if sent.tokens[i + 1].text != "," or not is_reporting_verb(sent, i):
                continue
            subj = np_backward(sent, i - 1)
            clause = [k for k in sent_body(sent) if k > i + 1]
            if subj and subj[0] == 0 and any(sent.tokens[k].mood == "Sub" for k in clause):
                e.form, e.cue, e.source, e.message = (
                    "Indirect",
                    refs(sent, [i]),
                    refs(sent, subj),
                    refs(sent, clause),
                )
                note(e, verb_comma_clause.label)
            break
