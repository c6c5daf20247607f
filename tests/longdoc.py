"""A generated German news article of any length (invented text, for cost-per-word tests).

Paragraphs from a few templates with direct and indirect speech, laut/zufolge frames,
evidential sollen, denials and unverified claims; people, places and bodies vary with the
paragraph number, so a long article names many sources (as a long report or a live blog
does), not one name a thousand times. Deterministic: the same length gives the same text.
"""

from __future__ import annotations

FIRST = ("Anna", "Jonas", "Miriam", "Stefan", "Lea", "Tobias", "Sabine", "Markus", "Eva", "Paul")
LAST = (
    "Albrecht", "Kessler", "Hoffmann", "Brandt", "Lorenz", "Winter", "Seidel", "Kraus",
    "Vogel", "Haas", "Roth", "Keller", "Franke", "Berger",
)  # fmt: skip
PLACES = ("Lindenau", "Oberfeld", "Kranzberg", "Mühlhausen", "Steinach", "Waldhof", "Rosental")
BODIES = ("Stadtverwaltung", "Bürgerinitiative", "Landesregierung", "Polizei", "Stadtwerke")

TEMPLATES = (
    "„Wir haben die Gutachten sofort weitergeleitet“, sagte {p1} am {day} in {place}. Die "
    "{body} habe schon im Frühjahr gewarnt, dass die Brücke nicht mehr sicher sei.",
    "Laut {body} sollen in {place} mehr als {n} Haushalte betroffen sein. {p2} bestritt das "
    "entschieden: Die Zahlen seien veraltet, erklärte sie am Abend.",
    "Ein Mitarbeiter der {body} soll intern vor einer Sperrung gewarnt haben. Das Schreiben "
    "liegt der Redaktion nicht vor, die Angaben konnten nicht unabhängig überprüft werden.",
    "{p1} zufolge fehlt für den Neubau in {place} bislang die Zusage des Bundes. Man werde "
    "aber weiter verhandeln, sagte {p3}, die Sprecherin der {body}.",
    "Nach Angaben der {body} wird eine Behelfsbrücke im Herbst eröffnet. Experten rechnen "
    "dennoch mit Verzögerungen von {n} Wochen, wie {p2} der Zeitung sagte.",
    "Die {body} wies die Vorwürfe von {p3} zurück. „Das ist völlig haltlos“, sagte ein "
    "Sprecher. Die Arbeiten in {place} liefen nach Plan.",
    "Im Internet kursieren Gerüchte, wonach die Brücke in {place} ganz abgerissen werden soll. "
    "{p1} sagte, davon wisse sie nichts; die {body} habe das nie erwogen.",
    "Am {day} kamen rund {n} Menschen zu einer Versammlung in {place}. Sie forderten eine "
    "schnelle Lösung, wie {p2} mitteilte, und kündigten weitere Proteste an.",
)
DAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag")


def _person(k: int) -> str:
    return f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}"


def paragraph(k: int) -> str:
    """Paragraph number ``k`` of the generated article."""
    return TEMPLATES[k % len(TEMPLATES)].format(
        p1=_person(3 * k),
        p2=_person(3 * k + 1),
        p3=_person(3 * k + 2),
        place=PLACES[k % len(PLACES)],
        body=BODIES[(k // 2) % len(BODIES)],
        day=DAYS[k % len(DAYS)],
        n=10 + 7 * k,
    )


def long_article(words: int) -> str:
    """A scraped-text article (title, lead, paragraphs) of about ``words`` whitespace words."""
    parts = [
        "Verkehr",
        "Streit um die Brücken: Stadt weist Vorwürfe zurück",
        "Die Sanierung der Brücken soll sich um Jahre verzögert haben. Die Stadt widerspricht.",
    ]
    total = sum(len(p.split()) for p in parts)
    k = 0
    while total < words:
        p = paragraph(k)
        parts.append(p)
        total += len(p.split())
        k += 1
    return "\n\n".join(parts)
