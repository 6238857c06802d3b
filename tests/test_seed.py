"""Acceptance points of the project's issue, on the real seed article (../shared/corpus/seed).

Skipped when the shared folder is absent. The article text is read at run time
and never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import communique
from communique.evaluate import load_gold, score_record
from communique.model import Event, Quantity, Record
from communique.read import make_document
from conftest import check_record

# spaCy 3.8.7 imports click.parser.split_arg_string, which click 8.2+ deprecates; with
# ``filterwarnings = error`` the first ``import spacy`` of the run would fail the test that does it.

NAME = "tehran-tokayev-visit"
PUBLISHED = "2022-06-19"


def _text(seed_dir: Path) -> str:
    return (seed_dir / f"{NAME}.txt").read_text(encoding="utf-8")


@pytest.fixture
def record(seed_dir: Path) -> Record:
    """The seed record, through the public API (conftest checks it against the contract)."""
    return communique.api.extract_document(make_document(_text(seed_dir), published=PUBLISHED))


def test_seed_record_meets_the_contract(seed_dir: Path) -> None:
    check_record(communique.extract(_text(seed_dir), published=PUBLISHED))


def _countries(record: Record, ids: tuple[str, ...]) -> set[str | None]:
    return {actor.country for actor in map(record.actor, ids) if actor is not None}


def _events(record: Record, cameo: str, source: str, target: str) -> list[Event]:
    return [e for e in record.events if e.cameo == cameo
            and source in _countries(record, e.source) and target in _countries(record, e.target)]


def _quantity(record: Record, kind: str, value: float, unit: str) -> Quantity:
    found = [q for q in record.quantities if q.kind == kind and q.value == pytest.approx(value)
             and q.unit == unit]
    assert found, f"no {kind} quantity {value} {unit}"
    return found[0]


def test_presidents_are_resolved(record: Record) -> None:
    by_name = {a.name: a for a in record.actors}
    raisi, tokayev = by_name["Ebrahim Raisi"], by_name["Kassym-Jomart Tokayev"]
    assert (raisi.kind, raisi.country, raisi.sector, raisi.code) == ("person", "IRN", "GOV", "IRNGOV")
    assert (tokayev.kind, tokayev.country, tokayev.sector, tokayev.code) == ("person", "KAZ", "GOV", "KAZGOV")


def test_host_and_visit_events_are_dated(record: Record) -> None:
    hosted = _events(record, "043", "IRN", "KAZ")
    visited = _events(record, "042", "KAZ", "IRN")
    assert hosted and visited
    assert {e.date for e in hosted} == {PUBLISHED}
    assert {e.date for e in visited} == {PUBLISHED}
    assert all(e.modality == "asserted" for e in hosted + visited)


def test_agreements_are_signed(record: Record) -> None:
    signed = [e for e in record.events if e.cameo == "057"]
    assert signed
    assert any(_countries(record, e.source) | _countries(record, e.target) >= {"IRN", "KAZ"}
               for e in signed)


def test_direct_quotes_and_speakers(seed_dir: Path, record: Record) -> None:
    gold = load_gold(seed_dir / f"{NAME}.gold.yaml")
    assert len(gold.quotes) == 15
    scores = score_record(record, gold, name=NAME).scores
    assert scores.quotes.tp >= 10
    assert scores.speakers.correct >= 10


def test_quantities(record: Record) -> None:
    assert _quantity(record, "money", 3e9, "USD").text == "$3 billion"
    assert _quantity(record, "duration", 14, "day")
    assert _quantity(record, "percent", 50, "percent").qualifier == "more_than"


def test_dateline_licence_and_publisher(record: Record) -> None:
    document = record.document
    assert document.dateline == "TEHRAN"
    assert document.license == "CC BY 4.0"
    assert document.published == PUBLISHED


def test_no_stage_failed(record: Record) -> None:
    assert record.errors == ()
