"""Words for readers, in German and English: statuses, forms, media, source types, page text.

The analysis speaks the annotation scheme's vocabulary (``FreeIndirect``, ``SW``, rule ids);
readers get plain language instead. Everything a report, a page or the terminal view shows
to people goes through ``UI``; the raw codes stay in the JSON, the exports and on hover.
German is the default for German articles (``choose_lang``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..errors import InvalidInput
from ..evidence import explain

UILang = Literal["de", "en"]
UI_LANGS: tuple[UILang, ...] = ("de", "en")

# (German, English). Statuses: short label, then what it means for a reader.
STATUS_TEXT: dict[str, tuple[str, str, str, str]] = {
    "asserted": (
        "Aussage der Redaktion",
        "outlet's own voice",
        "die Redaktion sagt es selbst: keine Quelle, keine Einschränkung",
        "the outlet says it itself: no source, no hedge",
    ),
    "attributed": (
        "zugeschrieben",
        "attributed",
        "gesagt oder geschrieben von einer genannten Quelle",
        "said or written by a named source",
    ),
    "hearsay": (
        "Hörensagen",
        "hearsay",
        "aus zweiter Hand: die Quelle fehlt oder bleibt vage (soll, angeblich)",
        "second-hand: the source is missing or vague (soll, angeblich)",
    ),
    "denied": (
        "dementiert",
        "denied",
        "eine Seite weist die Behauptung zurück",
        "a party rejects the claim",
    ),
    "unverified": (
        "nicht überprüfbar",
        "unverified",
        "der Text sagt, dass es nicht überprüft werden konnte",
        "the text says it could not be checked",
    ),
    "confirmed": (
        "bestätigt",
        "confirmed",
        "eine weitere Quelle bestätigt es",
        "a further source confirms it",
    ),
}

# The act of denying, told apart from the claim it denies (same colour, other words).
DENIAL_TEXT = (
    "Dementi",
    "denial",
    "jemand weist eine Behauptung zurück; der Link führt zur dementierten Behauptung",
    "someone rejects a claim; the link leads to the denied claim",
)

FORM_TEXT: dict[str, tuple[str, str]] = {
    "Direct": ("wörtliches Zitat", "direct quote"),
    "Indirect": ("indirekte Rede", "indirect speech"),
    "FreeIndirect": ("Wiedergabe ohne Redeeinleitung", "report without a speech frame"),
    "IndirectFreeIndirect": ("fortgesetzte indirekte Rede", "continued indirect speech"),
    "Reported": ("erwähnte Äußerung", "speech act mentioned"),
}

MEDIUM_TEXT: dict[str, tuple[str, str]] = {
    "Speech": ("gesprochen", "spoken"),
    "Writing": ("geschrieben", "written"),
    "Thought": ("gedacht", "thought"),
    "ST": ("gesprochen oder gedacht", "spoken or thought"),
    "SW": ("gesprochen oder geschrieben", "spoken or written"),
    "TW": ("gedacht oder geschrieben", "thought or written"),
}

SOURCE_TYPE_TEXT: dict[str, tuple[str, str]] = {
    "person": ("Person", "person"),
    "government": ("Regierung, Staat", "government"),
    "authority": ("Behörde", "authority"),
    "organisation": ("Organisation", "organisation"),
    "media": ("Medium", "media"),
    "social_media": ("soziale Medien", "social media"),
    "anonymous": ("anonym", "anonymous"),
    "vague": ("unbestimmte Gruppe", "vague group"),
    "document": ("Dokument", "document"),
    "unknown": ("unbekannt", "unknown"),
    "outlet": ("Redaktion", "outlet"),
}

# Page and report text. Keys are short English names; "{n}" style fields are filled by t().
TEXT: dict[str, tuple[str, str]] = {
    "tagline": ("wer was sagt, laut wem", "who says what, according to whom"),
    "skip_content": ("Zum Inhalt springen", "Skip to the content"),
    "skip_article": ("Zum Artikel springen", "Skip to the article"),
    "nav_analyse": ("Analysieren", "Analyse"),
    "nav_corpus": ("Korpus", "Corpus"),
    "nav_articles": ("Artikel", "Articles"),
    "nav_statements": ("Aussagen", "Statements"),
    "nav_sources": ("Quellen", "Sources"),
    "nav_outlets": ("Medien", "Outlets"),
    "nav_stories": ("Geschichten", "Stories"),
    "nav_api": ("API", "API"),
    "other_lang": ("English", "Deutsch"),
    "report_eyebrow": ("Quellenbericht", "Sourcing report"),
    "untitled": ("Artikel ohne Titel", "Untitled article"),
    "not_analysed": ("Dieser Text wurde nicht analysiert", "This text was not analysed"),
    "verdict": (
        "{k} von {n} Aussagen stützen sich auf fremde Worte oder sind eingeschränkt",
        "{k} of {n} statements rest on someone else's word or carry a caveat",
    ),
    "verdict_events": ("{n} Redewiedergaben gefunden", "{n} speech events found"),
    "chart_status": ("Aussagen nach Status", "Statements by status"),
    "chart_sources": ("Quellen nach Art", "Sources by type"),
    "no_sources": (
        "Keine Quellen gefunden: nichts in diesem Text wird jemandem zugeschrieben.",
        "No sources found: nothing in this text is attributed to anyone.",
    ),
    "howto_title": ("So lesen Sie diesen Bericht", "How to read this report"),
    "howto_1": (
        "Jeder Satz ist nach seinem Status markiert: Farbe, Unterstreichung und Zeichen "
        "sagen, ob die Redaktion selbst spricht, wem die Aussage zugeschrieben wird oder ob "
        "sie nur vom Hörensagen stammt.",
        "Every sentence is marked by its status: colour, underline and symbol say whether "
        "the outlet speaks itself, whom the statement is attributed to, or whether it is "
        "only hearsay.",
    ),
    "howto_2": (
        "Fett unterstrichene Namen sind Quellen; kursive Wörter sind die Signale der "
        "Redewiedergabe (sagte, laut, soll).",
        "Names in bold with a line are sources; italic words are the signals of reported "
        "speech (sagte, laut, soll).",
    ),
    "howto_3": (
        "Klicken Sie auf einen markierten Satz (oder Tab und Eingabetaste): rechts stehen "
        "Quelle, Form, Begründung und die Kette, über die die Aussage zur Redaktion kam.",
        "Click a marked sentence (or Tab and Enter): the panel shows its source, form, the "
        "reasons and the chain by which it reached the outlet.",
    ),
    "howto_4": (
        "Die Analyse ist maschinell. Die Begründungen zeigen, welche Regel entschieden hat "
        "(die Regel-ID steht im Tooltip); prüfen Sie, bevor Sie zitieren.",
        "The analysis is automatic. The reasons say which rule decided (the rule id is in "
        "the tooltip); check before you quote.",
    ),
    "legend": ("Legende", "Legend"),
    "legend_source": ("Quelle", "Source"),
    "legend_source_help": (
        "wer spricht; führt zur Redewiedergabe",
        "who speaks; links to the speech event",
    ),
    "legend_cue": ("Signal", "cue"),
    "legend_cue_help": (
        "das Wort, das die Redewiedergabe anzeigt (sagte, laut, soll)",
        "the word that signals speech (sagte, laut, soll)",
    ),
    "article_text": ("Artikeltext", "Article text"),
    "no_text": ("Der Artikel hat keinen Text.", "The article has no text."),
    "details": ("Details", "Details"),
    "close_details": ("Details schließen", "Close details"),
    "details_hint": (
        "Klicken Sie auf einen markierten Satz (oder fokussieren Sie ihn mit Tab und drücken "
        "Sie die Eingabetaste), um Status, Quellen und die Kette der Weitergabe zu sehen.",
        "Click a highlighted statement (or focus it with Tab and press Enter) to see its "
        "status, its sources and the chain of who reports whom.",
    ),
    "who_quoted": ("Wer zitiert wird", "Who is quoted"),
    "who_none": ("Niemand wird zitiert.", "Nobody is quoted."),
    "col_source": ("Quelle", "Source"),
    "col_type": ("Art", "Type"),
    "col_statements": ("Aussagen", "Statements"),
    "col_share": ("Textanteil", "Share of text"),
    "col_passages": ("Stellen", "Passages"),
    "share_help": (
        "Anteil der Zeichen des Artikeltexts, die diese Quelle wiedergibt",
        "share of the article's characters that reproduce this source",
    ),
    "events": ("Redewiedergaben", "Speech events"),
    "no_events": ("Keine Redewiedergaben gefunden.", "No speech events found."),
    "media": ("Bilder und Bildunterschriften", "Images and captions"),
    "furniture": ("Entfernte Seitenelemente", "Removed page furniture"),
    "nothing_removed": ("Nichts wurde entfernt.", "Nothing was removed."),
    "ev_source": ("Quelle", "Source"),
    "ev_none_named": ("keine genannt", "none named"),
    "ev_cue": ("Signal", "Cue"),
    "ev_says": ("Sagt", "Says"),
    "ev_to": ("An", "To"),
    "ev_markers": ("Hinweise", "Markers"),
    "ev_via": ("Über", "Via"),
    "ev_chain": ("Kette", "Chain"),
    "ev_why": ("Warum", "Why"),
    "ev_label": ("Redewiedergabe", "speech event"),
    "chain_label": ("Kette der Weitergabe", "attribution chain"),
    "show_in_text": ("im Text zeigen", "show in text"),
    "unnamed_source": ("ungenannte Quelle", "unnamed source"),
    "the_outlet": ("die Redaktion", "the outlet"),
    "verb_denies": ("dementiert", "denies"),
    "verb_unverified": ("nicht überprüfbar:", "could not verify"),
    "verb_confirms": ("bestätigt", "confirms"),
    "verb_about": ("betrifft", "about"),
    "verb_denied_by": ("dementiert durch", "denied by"),
    "not_found_here": ("nicht in dieser Analyse gefunden", "not found in this analysis"),
    "no_source_asserted": (
        "Keine Quelle genannt: die Redaktion sagt das selbst.",
        "No source is named: the outlet says this itself.",
    ),
    "markers": ("Hinweise", "Markers"),
    "footer_lang": ("Sprache", "language"),
    "analyse_title": (
        "Einen deutschen Nachrichtentext analysieren",
        "Analyse a German news article",
    ),
    "analyse_another": ("Einen weiteren Text analysieren", "Analyse another article"),
    "paste_label": ("Artikeltext einfügen", "Paste the article text"),
    "paste_placeholder": (
        "Dachzeile, Titel, Vorspann und Text, wie von der Seite kopiert…",
        "Kicker, title, lead and body as copied from the page…",
    ),
    "paste_submit": ("Text analysieren", "Analyse text"),
    "limits": (
        "Bis {max_body} Bytes; eine Analyse dauert höchstens {timeout} s. Nichts wird gespeichert.",
        "Up to {max_body} bytes; an analysis may take {timeout} s at most. Nothing is stored.",
    ),
    "upload_title": ("…oder eine Datei hochladen", "…or upload a file"),
    "upload_label": ("Text- oder HTML-Datei", "Text or HTML file"),
    "upload_submit": ("Datei analysieren", "Analyse file"),
    "url_title": ("…oder die Webadresse angeben", "…or give its web address"),
    "url_label": ("URL des Artikels", "URL of the article"),
    "url_submit": ("Abrufen und analysieren", "Fetch and analyse"),
    "url_fine": (
        "Nur öffentliche Seiten; robots.txt wird beachtet.",
        "Public pages only; robots.txt is respected.",
    ),
    "back": ("Zurück zum Formular", "Back to the form"),
    "error": ("Fehler", "Error"),
    "invalid_request": ("Ungültige Anfrage", "Invalid request"),
    "not_found": ("Nicht gefunden", "Not found"),
}


def choose_lang(lang: str | None, article_language: str | None = None) -> UILang:
    """The reader's language: the one asked for, else German for German articles."""
    if lang in (None, "", "auto"):
        return "de" if (article_language or "de") == "de" else "en"
    if lang not in UI_LANGS:
        raise InvalidInput(f"unknown interface language {lang!r}; known: de, en")
    return "de" if lang == "de" else "en"


@dataclass(frozen=True, slots=True)
class UI:
    """Plain-language names and page text in one language (``UI("de")``)."""

    lang: UILang = "de"

    @property
    def _i(self) -> int:
        return 0 if self.lang == "de" else 1

    def t(self, key: str, **fields: object) -> str:
        """The page text ``key``, with ``{fields}`` filled in; an unknown key shows as is."""
        pair = TEXT.get(key)
        text = pair[self._i] if pair else key
        return text.format(**fields) if fields else text

    def status(self, status: str) -> str:
        row = STATUS_TEXT.get(status)
        return row[self._i] if row else status

    def status_help(self, status: str) -> str:
        row = STATUS_TEXT.get(status)
        return row[2 + self._i] if row else ""

    def denial(self) -> str:
        return DENIAL_TEXT[self._i]

    def denial_help(self) -> str:
        return DENIAL_TEXT[2 + self._i]

    def form(self, form: str | None) -> str:
        pair = FORM_TEXT.get(form or "")
        return pair[self._i] if pair else (form or "")

    def medium(self, medium: str | None) -> str:
        pair = MEDIUM_TEXT.get(medium or "")
        return pair[self._i] if pair else (medium or "")

    def source_type(self, type_: str | None) -> str:
        pair = SOURCE_TYPE_TEXT.get(type_ or "")
        return pair[self._i] if pair else (type_ or "")

    def reason(self, label: str) -> tuple[str, str]:
        """``(label, reason)`` of an evidence string; unregistered labels show as they are."""
        return explain(label, self.lang)

    def number(self, value: float, digits: int = 1) -> str:
        """A decimal number in the reader's notation (8,8 in German, 8.8 in English)."""
        text = f"{value:,.{digits}f}"
        if self.lang == "de":
            text = text.replace(",", "\u2009").replace(".", ",")
        return text

    def percent(self, part: float, whole: float, digits: int = 1) -> str:
        """``part`` of ``whole`` as a percentage (“8,8 %”); an empty whole gives “–”."""
        if not whole:
            return "–"
        return f"{self.number(100 * part / whole, digits)} %"
