"""Quote and punctuation characters of German news text, each class defined once.

Some classes differ on purpose and are named for their job: the tokenizer's and the tagger's
classes (``TOKEN_*``, ``TAGGER_*``) and the attribution features' ``FEATURE_CLAUSE_MARKS`` are
what the shipped models were trained with, so they change only together with a retrain.
"""

from __future__ import annotations

# --- quotation marks: German „…“ (and „…”), »…« or «…», ‚…‘, English “…”, straight "…" '…'
QUOTE_OPENERS: dict[str, tuple[str, ...]] = {
    "„": ("“", "”"),
    "‚": ("‘", "’"),
    "“": ("”",),  # English-style “…”; only an opener when no „ is waiting for it
    "‹": ("›",),
    "›": ("‹",),
}
"""Opening quote mark → the closing marks it accepts (guillemets take their direction from
the first one seen in a document, see ``attribute/quotes.py``)."""
STRAIGHT_QUOTES: tuple[str, ...] = ('"', "'", "''", "``")
GUILLEMETS: tuple[str, str] = ("»", "«")
QUOTE_CHARS = frozenset({*QUOTE_OPENERS, "“", "”", "‘", "’", *GUILLEMETS, *STRAIGHT_QUOTES})
"""Every quotation-mark token the attribution stage pairs."""
OPENING_QUOTES = frozenset("„“\"»«‚‘'")
"""Marks that can open a quoted name ("die Zeitung „Daily NK“")."""
CLOSING_QUOTES = frozenset('“”"»«‘')
"""Marks that can close one (German “, English ”, either guillemet, straight)."""

# --- sentence and clause punctuation
SENTENCE_END = frozenset({".", "!", "?"})
CLAUSE_MARKS = frozenset({",", ":", ";", "–", "-", "(", ")", "—"})
"""Punctuation that ends a clause inside a sentence."""
CLAUSE_OR_SENTENCE_END = CLAUSE_MARKS | SENTENCE_END
RULE_CLAUSE_PUNCT = CLAUSE_OR_SENTENCE_END - {"—"}
"""Where the attribution rules end a clause (they do not treat the em dash as a clause end)."""
FEATURE_CLAUSE_MARKS = frozenset({",", ":", ";", "–", "-", "(", ")", "—"})
"""Clause marks of the attribution CRF features (model-coupled)."""

# --- the tokenizer (model-coupled: the tagger was trained on its tokens)
TOKEN_QUOTES = frozenset("„“”\"»«‹›‚‘'’`´") | {"''", "``", ",,"}
TOKEN_CLOSERS = frozenset("“”\"»«‹›‘'’)]}") | {"''"}
TOKEN_OPENERS = frozenset("„“\"»«‹›‚‘'([{") | {"``", ",,"}
TOKEN_OPENING_CHARS = "„“\"»«‚‘'([¿¡-–—@#"
TOKEN_END_PUNCT = frozenset({".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "....", ".."})
NO_SPACE_BEFORE = frozenset(",.;:!?)]}“”«%…") | {"''", "...", "“"}
NO_SPACE_AFTER = frozenset("„([{»") | {"``"}

# --- the tagger (model-coupled)
TAGGER_PUNCT_TAGS = {".": "$.", ",": "$,", ":": "$.", ";": "$.", "!": "$.", "?": "$."}
TAGGER_QUOTE_NORM = {
    q: '"' for q in ("„", "“", "”", "»", "«", "‹", "›", "‚", "‘", "’", "''", "``", ",,")
}
TAGGER_PUNCT_ONLY = frozenset("„“”\"»«‹›‚‘’'`´()[]{}-–—/…*•·|")
TAGGER_SENTENCE_OPENERS = frozenset({"„", "“", '"', "»", "«", "‚", "'", ":", "(", "–", "-"})
TAGGER_CLAUSE_BREAK = frozenset({",", ";", ":", "(", ")", "–", "-", "„", "“", '"', "»", "«"})
