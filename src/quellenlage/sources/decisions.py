"""The named decisions of source typing: each rule's evidence label, in English and German.

``classify.py`` applies them; an editor reads which one typed a source by its label
(``source:person``, ``source:spokesperson`` …) in the report and the JSON.
"""

from __future__ import annotations

from ..evidence import decision

_STAGE = "sources.classify"


def _by(name: str, en: str, german: str) -> str:
    """The evidence label ``source:<name>`` of one typing rule, registered with its reasons."""
    return decision(f"source:{name}", stage=_STAGE, en=en, de=german)


BY = {
    "coordination": _by(
        "coordination", "several sources speak together", "mehrere Quellen sprechen gemeinsam"
    ),
    "pronoun": _by(
        "pronoun",
        "a pronoun, typed by what it refers to",
        "ein Pronomen, typisiert nach seinem Bezug",
    ),
    "platform": _by(
        "platform",
        "a post or account on a platform; the author is the next link",
        "ein Beitrag auf einer Plattform; der Urheber ist das nächste Glied",
    ),
    "outlet": _by("outlet", "a news outlet or agency", "ein Medium oder eine Nachrichtenagentur"),
    "person": _by("person", "a named person", "eine namentlich genannte Person"),
    "body": _by("body", "a known body by its name", "eine bekannte Institution, nach ihrem Namen"),
    "head-noun": _by(
        "head-noun",
        "the kind of source its head noun names",
        "die Art der Quelle nach ihrem Kernnomen",
    ),
    "spokesperson": _by(
        "spokesperson",
        "a spokesperson: the identity is the body they speak for",
        "ein Sprecher: die Identität ist die vertretene Institution",
    ),
    "organisation": _by(
        "organisation", "an organisation by its name", "eine Organisation, nach ihrem Namen"
    ),
    "state": _by(
        "state",
        "a country or capital as actor: its government",
        "ein Staat oder eine Hauptstadt als Akteur: die Regierung",
    ),
    "unknown": _by(
        "unknown",
        "no rule knows what kind of source this is",
        "keine Regel kennt die Art dieser Quelle",
    ),
}
