"""Small helpers shared by the assess modules: token refs → character spans, lemma access."""

from __future__ import annotations

from ..model import Doc, Span, Token, TokenRef


def tokens_of(doc: Doc, refs: list[TokenRef]) -> list[Token]:
    """The tokens named by ``(sentence, token)`` refs, in document order; bad refs are skipped."""
    out: list[Token] = []
    for s, t in sorted(refs):
        if 0 <= s < len(doc.sentences) and 0 <= t < len(doc.sentences[s].tokens):
            out.append(doc.sentences[s].tokens[t])
    return out


def span_of(doc: Doc, refs: list[TokenRef]) -> Span | None:
    """The covering character span of the refs (discontinuous roles are covered whole)."""
    toks = tokens_of(doc, refs)
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    return Span(text=doc.text[start:end], start=start, end=end)


def lemma(token: Token) -> str:
    """The token's lemma in lower case, or its lower-cased form when the tagger gave none."""
    return (token.lemma or token.text).lower()


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open character ranges share at least one character."""
    return a_start < b_end and b_start < a_end
