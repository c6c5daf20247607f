"""The rules layer: exact repairs and completions of the CRF's speech events, in order.

Each module handles one phenomenon of German news attribution; each rule's name is the
evidence label it writes (``rule:NAME``, documented in ``evidence.py``). ``RULES`` is the
order in which they run over the CRF's events; span conventions follow the SpkAtt data (a
Direct message includes its quote marks, a ``laut`` message is the rest of the sentence
without the final punctuation, a cue-less FreeIndirect message is the whole sentence).

To add a rule: write it in the module of its phenomenon (or a new one) with ``@rule(name,
en=..., de=...)``, put it into ``RULES`` where it must run, and add German test sentences to
``tests/test_attribute_refine.py``.
"""

from __future__ import annotations

from ...doc import Doc
from ...registry import stage
from ...settings import Settings
from ..events import normalise, set_nesting
from .base import Rule, reset_index
from .clauses import conclusion, frame_after_clause, group_einig
from .continuation import (
    continue_sources,
    counterfactual_past,
    direct_continuation,
    konjunktiv_continuation,
)
from .frames import anaphoric, colon, demnach, fuer_x, postposed
from .headline import headline_colon
from .laut import laut_frame
from .quote_frame import quote_frame
from .reported import reported, verb_comma_clause, verb_subject
from .say_clause import say_clause
from .sollen import sollen
from .subject import aus_kreisen
from .wie_clause import source_np, wie_clause
from .wonach import wonach

RULES_VERSION = "1"

RULES: tuple[Rule, ...] = (
    quote_frame,
    laut_frame,
    wonach,
    conclusion,
    frame_after_clause,
    wie_clause,
    postposed,
    colon,
    headline_colon,
    say_clause,
    anaphoric,
    fuer_x,
    demnach,
    verb_comma_clause,
    reported,
    sollen,
    group_einig,
    source_np,
    aus_kreisen,
    verb_subject,
    konjunktiv_continuation,
    direct_continuation,
)


def refine(doc: Doc) -> None:
    """Repair and complete ``doc.events`` by the rules, in order; events end sorted."""
    events = [e.copy() for e in doc.events]
    for r in RULES:
        doc.check_deadline()
        reset_index()  # a rule may have moved messages: index the events afresh
        r.func(doc, events)
    events = normalise(events)
    set_nesting(events)
    continue_sources(events)
    # A speech act is someone's act: a Reported event without a speaker is none (4 of 297
    # in the SpkAtt train split); the learned engine proposes many such sentences.
    doc.events = [
        e for e in events if (e.form != "Reported" or e.source) and not counterfactual_past(doc, e)
    ]


@stage("quellenlage.attribute.rules.v1", needs=("events", "tags"), sets=("events",))
def rules_stage(doc: Doc, settings: Settings) -> None:
    """The exact rules over the learned engine's events (quote frames, laut, sollen, ...)."""
    refine(doc)
