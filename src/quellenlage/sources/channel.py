"""The platform a speaker wrote or spoke on: a post is a social-media source with its author
behind it ("Auf Instagram schrieb die Sängerin", "schrieb X im Kurznachrichtendienst Twitter")."""

from __future__ import annotations

from ..annotate.entities import lookup_platform
from ..doc import Doc, Event, SourceInfo
from ..evidence import decision

_STAGE = "sources"
CHANNEL = decision(
    "source:channel",
    stage=_STAGE,
    en="the speaker wrote or spoke on a platform ('auf Instagram schrieb X'): social media",
    de="der Sprecher schrieb oder sprach auf einer Plattform („auf Instagram schrieb X“)",
)
CAN_POST = frozenset({"person", "organisation", "government", "authority"})
_CHANNEL_PREPOSITIONS = frozenset({"auf", "bei", "via", "über", "im", "in"})
_CHANNEL_NOUNS = ("kurznachrichtendienst", "netzwerk", "plattform", "kanal", "account", "profil")


def through_channel(doc: Doc, e: Event, info: SourceInfo) -> SourceInfo:
    """A speaker whose frame names a platform ("Auf Instagram schrieb die Sängerin", "in
    einem Video auf TikTok erklärte X", "schrieb X im Kurznachrichtendienst Twitter"): the
    source is the post (social media), the speaker behind it the next link."""
    anchor = e.cue or e.source
    if not anchor:
        return info
    sent = doc.sentences[doc.tokens[anchor[0]].sent]
    inside = set(e.message)
    for k, tok in enumerate(sent.tokens):
        if tok.i in inside or k == 0 or not lookup_platform(tok.text):
            continue
        prev = sent.tokens[k - 1].text.lower()
        nxt = sent.tokens[k + 1].text if k + 1 < len(sent.tokens) else "."
        if len(tok.text) < 2 and not (prev == "auf" and nxt in {",", ".", ":"}):
            continue  # "X" is the platform only in "schrieb auf X, …"
        if prev in _CHANNEL_PREPOSITIONS or prev.endswith(_CHANNEL_NOUNS):
            post = SourceInfo(
                info.text, info.start, info.end, "social_media", info.canonical,
                head=info.head, behind=info, aliases=list(info.aliases),
                evidence=[*info.evidence, f"{CHANNEL}={tok.text}"],
            )  # fmt: skip
            return post
    return info
