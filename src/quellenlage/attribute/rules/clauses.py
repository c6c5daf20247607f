"""Frames around a whole clause: ``X kommt zu dem Schluss, dass ...``, ``..., werden Quellen
zitiert``, ``..., da sind sich alle Experten einig``. Each adds the Indirect event the CRFs
miss (or gives the CRF's cue-less event its cue and source)."""

from __future__ import annotations

from ...doc import Doc, Event
from ...lang.de.punctuation import QUOTE_CHARS
from .base import frame_clause, is_reporting_verb, refs, rule, rule_lexicon, sent_body, tag
from .nphrase import np_forward


@rule(
    "conclusion",
    en="'X kommt zu dem Schluss, dass ...': X is the source of the dass-clause",
    de="„X kommt zu dem Schluss, dass …“: X ist die Quelle des dass-Satzes",
)
def conclusion(doc: Doc, events: list[Event]) -> None:
    """``X kommt zu dem Schluss/Ergebnis, dass ...``: Indirect, cue the phrase."""
    lex = rule_lexicon()
    for sent in doc.sentences:
        toks = [t.text.lower() for t in sent.tokens]
        for i, lw in enumerate(toks):
            if (sent.tokens[i].lemma or lw) != "kommen" and lw not in {
                "kommt",
                "kommen",
                "kam",
                "kamen",
            }:
                continue
            j = i + 1
            if j < len(toks) and toks[j] == "zu":
                j += 1
                if j < len(toks) and toks[j] in {"dem", "einem"}:
                    j += 1
            elif j < len(toks) and toks[j] == "zum":
                j += 1
            else:
                continue
            if j + 2 >= len(toks) or not lex.has("conclude", toks[j]) or toks[j + 1] != ",":
                continue
            subj = np_forward(sent, 0, i)
            if not subj or subj[-1] != i - 1:
                continue
            msg = refs(sent, [k for k in sent_body(sent) if k > j + 1])
            if any(set(e.message) & set(msg) for e in events):
                continue
            events.append(
                Event(
                    "Indirect",
                    msg,
                    cue=refs(sent, range(i, j + 1)),
                    source=refs(sent, subj),
                    medium="SW",
                    evidence=[conclusion.label],
                )
            )


@rule(
    "frame-after",
    en="'..., werden Quellen zitiert': a frame clause after the message",
    de="„…, werden Quellen zitiert“: ein Rahmensatz nach der Aussage",
)
def frame_after_clause(doc: Doc, events: list[Event]) -> None:
    """``Man werde ..., werden Quellen zitiert.``: one Indirect event, cue the (aux +) verb."""
    for sent in doc.sentences:
        body = sent_body(sent)
        commas = [k for k in body if sent.tokens[k].text == ","]
        if not commas or any(t.text in QUOTE_CHARS for t in sent.tokens):
            continue
        c = commas[-1]
        tail = [k for k in body if k > c]
        if not 2 <= len(tail) <= 8 or tag(sent, tail[0]) != "VAFIN":
            continue
        np_ = np_forward(sent, tail[0] + 1)
        if not np_ or np_[-1] + 2 != len(body) or not is_reporting_verb(sent, body[-1]):
            continue
        before = [k for k in body if k < c]
        if not any(tag(sent, k).endswith("FIN") for k in before):
            continue  # "Nach Angaben von X, einem Manager, wurde ... zusammengestellt"
        cue, msg = refs(sent, [tail[0], body[-1]]), refs(sent, before)
        frame_clause(events, msg, cue, refs(sent, np_), frame_after_clause.label)


@rule(
    "group-einig",
    en="'..., da sind sich alle Experten einig': the group is the source of the clause",
    de="„…, da sind sich alle Experten einig“: die Gruppe ist die Quelle des Satzes",
)
def group_einig(doc: Doc, events: list[Event]) -> None:
    """``..., da sind sich fast alle Experten einig``: the group is the source of the clause."""
    lex = rule_lexicon()
    for sent in doc.sentences:
        toks = [t.text.lower() for t in sent.tokens]
        for i, lw in enumerate(toks):
            if lw != "sich" or i < 3:
                continue
            np_ = np_forward(sent, i + 1)
            if not np_ or np_[-1] + 1 >= len(toks) or not lex.has("group", toks[np_[-1] + 1]):
                continue
            # the frame: "– da sind sich" / ", darin sind sich"
            k = i - 1
            while k > 0 and toks[k] not in {"–", "-", ",", ":"}:
                k -= 1
            if k <= 0:
                continue
            msg = refs(sent, range(0, k))
            if any(set(e.message) & set(msg) for e in events):
                continue
            events.append(
                Event(
                    "Indirect",
                    msg,
                    cue=refs(sent, [np_[-1] + 1]),
                    source=refs(sent, np_),
                    medium="ST",
                    evidence=[group_einig.label],
                )
            )
            break
