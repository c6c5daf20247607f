"""Language identification: German only when German clearly dominates (texts written here)."""

from __future__ import annotations

import pytest

from quellenlage.annotate.language import detect_language, language_scores
from quellenlage.settings import Settings

GERMAN = (
    "Die Bürgermeisterin hat am Montag angekündigt, dass die Brücke über den Fluss bis zum "
    "Sommer gesperrt bleibt. Nach Angaben der Stadt sind die Schäden größer als erwartet."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (GERMAN, "de"),
        (
            "The mayor announced on Monday that the bridge over the river will stay closed "
            "until the summer. According to the city, the damage is worse than expected.",
            "en",
        ),
        (
            "La maire a annoncé lundi que le pont sur la rivière restera fermé jusqu'à l'été. "
            "Selon la ville, les dégâts sont plus importants que prévu.",
            "fr",
        ),
        (
            "Belediye başkanı pazartesi günü yaptığı açıklamada nehir üzerindeki köprünün yaza "
            "kadar kapalı kalacağını söyledi. Şehre göre hasar beklenenden daha büyük ve "
            "onarım için bir plan yok.",
            "tr",
        ),
        (
            "La alcaldesa anunció el lunes que el puente sobre el río seguirá cerrado hasta "
            "el verano. Según la ciudad, los daños son mayores de lo esperado.",
            "es",
        ),
        (
            "Il sindaco ha annunciato lunedì che il ponte sul fiume resterà chiuso fino "
            "all'estate. Secondo la città, i danni sono più gravi del previsto.",
            "it",
        ),
        (
            "De burgemeester heeft maandag aangekondigd dat de brug over de rivier tot de "
            "zomer gesloten blijft. Volgens de stad is de schade groter dan verwacht.",
            "nl",
        ),
        (
            "Burmistrz ogłosił w poniedziałek, że most na rzece będzie zamknięty do lata. "
            "Według miasta szkody są większe, niż się spodziewano, i nie ma planu naprawy.",
            "pl",
        ),
        (
            "A prefeita anunciou na segunda-feira que a ponte sobre o rio ficará fechada até "
            "o verão. Segundo a cidade, os danos são maiores do que o esperado.",
            "pt",
        ),
    ],
)
def test_languages(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_too_little_evidence_is_undetermined() -> None:
    assert detect_language("Putin") == "und"
    assert detect_language("") == "und"
    assert detect_language("12345 67890 !!!") == "und"


def test_english_article_with_a_german_quote_is_not_german() -> None:
    text = (
        'The chancellor was asked about the plan on Tuesday. "Das ist nicht unser Plan", '
        "he said, before he left the room. Reporters were not allowed to ask questions, "
        "and the ministry did not comment on the report at all."
    )
    assert detect_language(text) == "en"


def test_threshold_comes_from_settings() -> None:
    assert detect_language(GERMAN, settings=Settings(min_german_score=0.99)) != "de"


def test_only_the_beginning_is_read() -> None:
    text = GERMAN * 12 + " the of and to is that " * 2000
    assert detect_language(text) == "de"
    assert language_scores(text)["de"] > language_scores(text)["en"]
