"""Claims across outlets on the invented fixture corpus, through the real pipeline.

``quellenlage batch`` stores tests/fixtures/provenance/articles.jsonl (34 invented articles,
8 outlets, 5 stories with distractors and the traps of issue 11) in a temporary DuckDB store,
``quellenlage provenance`` runs on it, and the scorer compares the result with gold.json.
The floors below sit a few points under the figures measured when they were set, so that a
change that costs quality fails here; the acceptance figures are measured on a held-out
corpus, not on this one.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb", reason="the store extra (duckdb) is not installed")
pytest.importorskip("datasketch", reason="the provenance extra (datasketch) is not installed")

from typer.testing import CliRunner

from quellenlage.cli import app
from quellenlage.corpus.provenance import Options, compute, run_provenance
from quellenlage.corpus.provenance.read import read_articles
from quellenlage.corpus.provenance.result import ClaimOut
from quellenlage.corpus.provenance.score import b_cubed, score, texts_of
from quellenlage.corpus.store import DuckStore

FIXTURES = Path(__file__).parent / "fixtures" / "provenance"
ARTICLES = FIXTURES / "articles.jsonl"
GOLD = json.loads((FIXTURES / "gold.json").read_text("utf-8"))

FLOORS = {
    "stories": 0.95,
    "claims": 0.75,
    "citations": 0.95,
    "origin_accuracy": 0.85,
    "independent_sources_exact": 0.9,
}


def batch(inputs: list[Path], db: Path) -> None:
    """Store articles with the real command, as a user would."""
    result = CliRunner().invoke(
        app, ["batch", *map(str, inputs), "--db", str(db), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture corpus in a DuckDB store (batch only; each test copies it)."""
    db = tmp_path_factory.mktemp("provenance") / "corpus.duckdb"
    batch([ARTICLES], db)
    return db


@pytest.fixture
def store(fixture_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "corpus.duckdb"
    shutil.copy(fixture_store, db)
    return db


def _lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in ARTICLES.read_text("utf-8").splitlines() if line]


def test_fixture_corpus_is_what_the_issue_asks_for() -> None:
    lines = _lines()
    assert len(lines) >= 30
    assert len({r["outlet"] for r in lines}) >= 6
    assert all({"id", "outlet", "url", "published", "text"} <= set(r) for r in lines)
    multi = [s for s, arts in GOLD["stories"].items() if len(arts) >= 3]
    assert len(multi) >= 4
    assert {a for arts in GOLD["stories"].values() for a in arts} == {r["id"] for r in lines}


def test_scores_on_the_fixture_corpus(store: Path) -> None:
    result = CliRunner().invoke(
        app, ["provenance", "--db", str(store), "--gold", str(FIXTURES / "gold.json")]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    print(json.dumps(figures, indent=1))
    assert figures["stories"]["f1"] >= FLOORS["stories"]
    assert figures["claims"]["f1"] >= FLOORS["claims"]
    assert figures["citations"]["f1"] >= FLOORS["citations"]
    assert figures["origin_accuracy"] >= FLOORS["origin_accuracy"]
    assert figures["independent_sources_exact"] >= FLOORS["independent_sources_exact"]


def test_json_contract_offsets_and_ids(store: Path) -> None:
    result = CliRunner().invoke(app, ["provenance", "--db", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == "1"
    texts = {r["id"]: r for r in _lines()}
    con = DuckStore(store, read_only=True).con
    stored = {a.article_id: a.text for a in read_articles(con)}
    con.close()
    assert {a for s in data["stories"] for a in s["articles"]} == set(texts)
    story_ids = {s["id"] for s in data["stories"]}
    for claim in data["claims"]:
        assert set(claim) >= {
            "id", "story", "canonical", "speaker", "occurrences", "origin", "origin_article",
            "first_seen", "independent_sources", "sources", "status_by_article",
        }  # fmt: skip
        assert claim["story"] in story_ids and claim["origin"] in ("article", "external")
        for occ in claim["occurrences"]:
            assert stored[occ["article"]][occ["start"] : occ["end"]] == occ["text"]
    for cite in data["citations"]:
        assert set(cite) >= {"article", "cited", "start", "end", "text"}
        if cite["start"] is not None:
            assert stored[cite["article"]][cite["start"] : cite["end"]] == cite["text"]


def test_photo_credits_and_own_interviews_are_not_citations(store: Path) -> None:
    result = run_provenance(store)
    cited = {(c.article, c.cited) for c in result.citations}
    for trap in GOLD["not_citations"]:
        for c in result.citations:
            same = c.article == trap["article"] and c.cited.casefold() == trap["cited"].casefold()
            assert not (same and trap["text"] in c.text), trap
    assert ("s1-blitz-giftwolke", "dnd") not in cited  # "Foto: dnd"
    assert ("s2-dnd-dementi", "dnd") not in cited  # "sagte … der dnd" in a dnd article


def test_traps_stay_apart(store: Path) -> None:
    result = run_provenance(store)
    claim_of: dict[tuple[str, str], str] = {}
    for c in result.claims:
        for o in c.occurrences:
            claim_of[(o.article, o.text)] = c.id

    def claim(article: str, fragment: str) -> str:
        return next(cid for (a, t), cid in claim_of.items() if a == article and fragment in t)

    # opposite qualifier: leicht vs schwer verletzt
    assert claim("s1-weser-verletzte", "leicht verletzt") != claim("s1-dnd-brand", "Großbrand")
    # the same words from another speaker
    assert claim("s2-berg-erklaerungsnot", "Die Rente mit 63 ist nicht mehr zu halten") != claim(
        "s2-blitz-zitat", "Die Rente mit 63 ist nicht mehr zu halten"
    )
    # another number: the union's 1.500 against the company's 1.200
    assert claim("s3-dnd-gewerkschaft", "1.500") != claim("s3-dnd-gewerkschaft", "1200")
    # number formats and a conversion: 1.200 = 1200 = gut 1200; Franken = Dollar = Euro
    assert claim("s3-berg-polen", "gut 1200") == claim("s3-rap-betriebsrat", "1.200 Stellen")
    assert claim("s3-berg-polen", "Franken") == claim("s3-alpen-jobs", "Dollar")


def test_origin_compares_instants_not_strings(store: Path) -> None:
    result = run_provenance(store)
    quote = next(c for c in result.claims if "nichts mehr zu geben" in c.canonical)
    # "2025-04-02T07:30:00+02:00" (dnd) is before "2025-04-02T06:00:00Z" (Blitzblatt)
    assert quote.origin_article == "s4-dnd-bericht"
    assert quote.first_seen == "2025-04-02T05:30:00Z"
    assert quote.origin == "external"  # the first article relays the "Northern Herald"


def test_relayed_confirmation_adds_no_source(store: Path) -> None:
    result = run_provenance(store)
    claim = next(c for c in result.claims if "Rente mit 63 ist nicht mehr zu halten" in c.canonical
                 and c.speaker == "Hanna Wegrath")  # fmt: skip
    # The Weserwelle relays a "confirmation" and ends with the ministry calling the quote
    # invented again; the engine ties that denial to the quote, and denied outranks confirmed
    # (DESIGN.md precedence), as in the article's own analysis.
    assert claim.status_by_article["s2-weser-bestaetigt"] == "denied"
    assert claim.independent_sources == 2  # the post and the Wirtschaftskurier's informant
    assert not any("Rheinische Abendpost" in s for s in claim.sources)


def test_relays_denials_and_frames_do_not_split_claims(store: Path) -> None:
    """What the attribution engine may hand over differently: a relayed outlet or blogger as
    the source of a quote, a denier as the source of what it denies, a speech frame before a
    colon inside the message, a denial in the denier's own words."""
    result = run_provenance(store)
    by_occurrence = {(o.article, o.text): c for c in result.claims for o in c.occurrences}

    def claim(article: str, fragment: str) -> ClaimOut:
        return next(c for (a, t), c in by_occurrence.items() if a == article and fragment in t)

    quote = claim("s4-dnd-bericht", "Ich habe nichts mehr zu geben")
    assert claim("s4-alpen-absprung", "Freundeskreis") is quote  # "Laut dem 'Herald' soll …"
    assert quote.speaker == "Dario Menzel"
    wegrath = claim("s2-dnd-dementi", "die Rente mit 63 sei nicht mehr zu halten")
    assert claim("s2-blitz-zitat", "internen Sitzung") is wegrath  # "… Das schrieb der Blogger"
    report = claim("s4-dnd-bericht", "Zeitungsbericht zufolge")
    denial = claim("s4-rap-festhalten", "Berichte über einen bevorstehenden Rücktritt")
    assert denial is report and report.status_by_article["s4-rap-festhalten"] == "denied"
    assert claim("s1-blog-chlor", "Chlorwerte") is claim("s1-blitz-giftwolke", "Chlorwerte")
    invented = claim("s2-dnd-dementi", "frei erfunden")
    assert claim("s2-weser-bestaetigt", "frei erfunden") is invented


def test_incremental_run_keeps_ids_and_joins_new_articles(tmp_path: Path) -> None:
    lines = ARTICLES.read_text("utf-8").splitlines()
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("\n".join(lines[::2]) + "\n", "utf-8")
    second.write_text("\n".join(lines[1::2]) + "\n", "utf-8")
    db = tmp_path / "corpus.duckdb"
    batch([first], db)
    before = run_provenance(db)
    again = run_provenance(db)
    assert again.to_json() == before.to_json()  # a re-run gives the same ids
    batch([second], db)
    after = run_provenance(db)
    story_of = {a: s.id for s in after.stories for a in s.articles}
    for s in before.stories:
        assert {story_of[a] for a in s.articles} == {s.id}  # kept, not split, same id
    grown = [
        s
        for s in before.stories
        if len(next(x for x in after.stories if x.id == s.id).articles) > len(s.articles)
    ]
    assert grown  # new articles joined existing stories
    old_claims = {c.id for c in before.claims}
    assert old_claims <= {c.id for c in after.claims}
    assert run_provenance(db).to_json() == after.to_json()
    con = DuckStore(db, read_only=True).con
    fresh, arts = compute(con, Options(rebuild=True))
    con.close()
    figures = score(after, GOLD, texts_of(arts))
    assert figures["stories"]["f1"] >= FLOORS["stories"] - 0.05
    assert figures["claims"]["f1"] >= FLOORS["claims"] - 0.1
    assert len(fresh.stories) == len(after.stories)


def test_rebuild_is_deterministic(store: Path) -> None:
    a = run_provenance(store, Options(rebuild=True)).to_json()
    b = run_provenance(store, Options(rebuild=True)).to_json()
    assert a == b


def test_html_file_is_self_contained(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "provenance.html"
    result = CliRunner().invoke(
        app, ["provenance", "--db", str(store), "-f", "html", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)[1]
    )
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)[1]
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert "script-src 'none'" in policy and f"style-src 'sha256-{digest}'" in policy
    assert "<script" not in page and 'src="http' not in page and "@import" not in page
    assert page.count('class="timeline"') >= 4 and 'class="cite"' in page


def test_cli_errors_are_one_line(tmp_path: Path, store: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["provenance", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3 and "Traceback" not in missing.output
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", "utf-8")
    broken = runner.invoke(app, ["provenance", "--db", str(store), "--gold", str(bad)])
    assert broken.exit_code == 10 and len(broken.output.strip().splitlines()) == 1


def test_b_cubed_on_a_small_case() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    assert b_cubed(gold, {"a": 1, "b": 1, "c": 2})["f1"] == 1.0
    merged = b_cubed(gold, {"a": 1, "b": 1, "c": 1})
    assert merged["recall"] == 1.0 and merged["precision"] == pytest.approx(5 / 9)
