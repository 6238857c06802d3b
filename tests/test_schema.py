"""The JSON Schema of the output contract and the offset checks."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from communique.errors import CommuniqueError
from communique.model import (
    Actor,
    Commitment,
    Document,
    Event,
    Mention,
    Plover,
    Quantity,
    Quote,
    Record,
    Sentence,
    Span,
    StageError,
)
from communique.schema import (
    SchemaError,
    document_schema,
    offsets_ok,
    references_ok,
    validate_record,
)

TEXT = (
    "VIENNA — Hungarian Foreign Minister Lena Varga met Austrian officials in Vienna on Monday. "
    "The two countries signed a river agreement worth $2 billion. "
    "“We will work together on the river,” Varga said."
)


def _span(text: str, start_after: int = 0) -> tuple[int, int]:
    start = TEXT.index(text, start_after)
    return start, start + len(text)


def full_record() -> Record:
    ends = [TEXT.index("Monday.") + 7, TEXT.index("billion.") + 8, len(TEXT)]
    sentences = (Sentence(0, 0, ends[0]), Sentence(1, ends[0] + 1, ends[1]),
                 Sentence(2, ends[1] + 1, ends[2]))
    varga = _span("Lena Varga")
    varga2 = _span("Varga", varga[1])
    austria = _span("Austrian")
    met = _span("met")
    signed = _span("signed")
    money = _span("$2 billion")
    quote = _span("We will work together on the river,")
    return Record(
        document=Document(id="d-1", text=TEXT, publisher="Example Wire", license="CC BY 4.0",
                          published="2024-03-04", dateline="VIENNA", path="x.txt"),
        sentences=sentences,
        actors=(
            Actor("A1", "Lena Varga", "person", country="HUN", sector="GOV",
                  role="Foreign Minister", code="HUNGOV",
                  mentions=(Mention(*varga, "Lena Varga", 0), Mention(*varga2, "Varga", 2))),
            Actor("A2", "Austria", "country", country="AUT", code="AUT",
                  mentions=(Mention(*austria, "Austrian", 0),)),
            Actor("A3", "Vienna", "place", country="AUT"),
        ),
        events=(
            Event("E1", 0, ("A1",), ("A2",), "042", Span(*met, "met"), cameo_label="Make a visit",
                  goldstein=1.9, quad_class=1, plover=Plover("CONSULT", "visit", ("diplomatic",)),
                  date="2024-03-04", date_text="on Monday", location="A3", confidence=0.8,
                  reason="verb pattern 'meet'"),
            Event("E2", 1, ("A1",), ("A2",), "057", Span(*signed, "signed"), symmetric=True,
                  modality="asserted", plover=Plover("AGREE")),
        ),
        quotes=(Quote("Q1", "We will work together on the river,", *quote, speaker="A1",
                      speaker_text="Varga", cue="said"),),
        quantities=(Quantity("N1", "$2 billion", *money, 1, "money", 2e9, "USD"),),
        commitments=(Commitment("C1", "agreement", "river agreement", by=("A1", "A2"),
                                quantities=("N1",), status="signed", events=("E2",),
                                evidence=(Span(*_span("The two countries signed")),)),),
        errors=(StageError("dates", "ValueError", "could not parse a date"),),
    )


def broken(change: Any) -> dict[str, Any]:
    d = copy.deepcopy(full_record().to_dict())
    change(d)
    return d


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(document_schema())


def test_full_record_is_valid_and_consistent() -> None:
    d = full_record().to_dict()
    validate_record(d)
    assert offsets_ok(d) == []
    assert references_ok(d) == []


def test_empty_record_and_added_fields_are_valid() -> None:
    d = Record(Document("d", "")).to_dict()
    d["extra"] = {"anything": 1}
    d["document"]["source_feed"] = "rss"
    validate_record(d)


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d["events"][0].update(modality="probable"), "events/0/modality"),
    (lambda d: d["actors"][0].pop("id"), "actors/0"),
    (lambda d: d["events"][1].update(cameo="57a"), "events/1/cameo"),
    (lambda d: d["events"][1].update(cameo="05701"), "events/1/cameo"),
    (lambda d: d["actors"][1].update(country="Austria"), "actors/1/country"),
    (lambda d: d["actors"][1].update(kind="nation"), "actors/1/kind"),
    (lambda d: d.update(schema="communique.document/2"), "schema"),
    (lambda d: d["quotes"][0].update(kind="reported"), "quotes/0/kind"),
    (lambda d: d["quantities"][0].update(kind="weight"), "quantities/0/kind"),
    (lambda d: d["quantities"][0].update(qualifier="nearly"), "quantities/0/qualifier"),
    (lambda d: d["commitments"][0].update(kind="treaty"), "commitments/0/kind"),
    (lambda d: d["sentences"][0].update(start=-1), "sentences/0/start"),
    (lambda d: d["document"].update(published="4 March 2024"), "document/published"),
    (lambda d: d["document"].pop("text"), "document"),
    (lambda d: d.pop("events"), "(record)"),
])
def test_broken_records_are_rejected(change: Any, where: str) -> None:
    with pytest.raises(SchemaError) as info:
        validate_record(broken(change))
    assert isinstance(info.value, CommuniqueError)
    assert info.value.path == where
    assert info.value.problems


def test_nullable_fields_accept_null() -> None:
    def nulls(d: dict[str, Any]) -> None:
        d["actors"][0].update(country=None, sector=None, role=None, code=None)
        d["events"][0].update(plover=None, date=None, goldstein=None, location=None)
        d["quantities"][0].update(value=None, unit=None, qualifier=None)
        d["document"].update(published=None, dateline=None)
    validate_record(broken(nulls))


def test_offsets_ok_reports_each_kind_of_bad_span() -> None:
    def damage(d: dict[str, Any]) -> None:
        d["actors"][0]["mentions"][0]["start"] += 1
        d["events"][0]["trigger"]["text"] = "visited"
        d["quantities"][0]["end"] = len(TEXT) + 5
        d["quotes"][0]["start"] += 10
        d["sentences"][1]["start"] = 3
    problems = offsets_ok(broken(damage))
    joined = "\n".join(problems)
    assert "actor A1 mention 0" in joined
    assert "event E1 trigger" in joined
    assert "quantity N1" in joined and "outside the text" in joined
    assert "quote Q1" in joined
    assert "sentences[1]" in joined
    assert len(problems) == 5


def test_offsets_ok_checks_spans_sit_in_their_sentence() -> None:
    d = broken(lambda d: d["actors"][0]["mentions"][1].update(sentence=0))
    assert offsets_ok(d) == ["actor A1 mention 1: span "
                             f"{d['actors'][0]['mentions'][1]['start']}.."
                             f"{d['actors'][0]['mentions'][1]['end']} is not inside sentence 0"]


def test_references_ok_finds_dangling_ids() -> None:
    d = broken(lambda d: (d["events"][0].update(target=["A9"]),
                          d["commitments"][0].update(quantities=["N7"])))
    assert references_ok(d) == ["event E1: unknown actor 'A9'",
                                "commitment C1: unknown quantity 'N7'"]
