"""Direction of change on money and percentages: the rules, the record, the schema and the store."""

from __future__ import annotations

import duckdb
import pytest
from jsonschema import Draft202012Validator

from communique.model import Document, Quantity, Record
from communique.pipeline.quantities import find_quantities
from communique.pipeline.quantity_change import change_of
from communique.schema import document_schema
from communique.store import migrate as store_migrate
from communique.store import open_store


def changes(text: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.change) for q in find_quantities(text, ())]


@pytest.mark.parametrize(("text", "expected"), [
    # "by X" after a word of change in the same clause
    ("Trade between them increased by more than 50 percent.", [("more than 50 percent", "increase")]),
    ("The ministry cut its aid budget by $2 billion.", [("$2 billion", "decrease")]),
    ("Spending rose sharply last year by 7 percent.", [("7 percent", "increase")]),
    ("Imports were down by 4 percent.", [("4 percent", "decrease")]),
    ("They plan to reduce emissions by 30%.", [("30%", "decrease")]),
    ("Exports grew by a further 3 percent.", [("3 percent", "increase")]),
    # a word of change right before X
    ("Exports jumped 40 percent, while imports slumped 12 percent.",
     [("40 percent", "increase"), ("12 percent", "decrease")]),
    ("Grain prices were up 3% on the year.", [("3%", "increase")]),
    ("Remittances fell $1.5 billion in the quarter.", [("$1.5 billion", "decrease")]),
    # a noun of change right after X, or "of X" after it
    ("Beijing announced a 5 percent increase in tariffs.", [("5 percent", "increase")]),
    ("Parliament approved a $2bn aid cut.", [("$2bn", "decrease")]),
    ("They saw a 10-percent drop in arrivals.", [("10-percent", "decrease")]),
    ("An increase of 8 percent was agreed.", [("8 percent", "increase")]),
    ("The currency traded 6 percent lower than a year ago.", [("6 percent", "decrease")]),
])
def test_changes_are_found_with_their_direction(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert changes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # levels: "to X", "at X", "from X" say what was reached or left, not by how much
    ("Trade rose to $3 billion last year.", [("$3 billion", None)]),
    ("Inflation fell from 10 percent to 5 percent.", [("10 percent", None), ("5 percent", None)]),
    ("Exports rose 12 percent to $3 billion.", [("12 percent", "increase"), ("$3 billion", None)]),
    ("The rate was held at 4 percent.", [("4 percent", None)]),
    # amounts with no change
    ("They raised $2 billion for the fund.", [("$2 billion", None)]),
    ("The deal is worth $3 billion.", [("$3 billion", None)]),
    ("They gave $5 million to boost trade.", [("$5 million", None)]),
    ("Half of them said 50 percent of the increase came from oil.", [("50 percent", None)]),
    # a passive agent is no change
    ("The plan to cut emissions is backed by 60 percent of voters.", [("60 percent", None)]),
    # only money and percentages take a direction
    ("Troop numbers rose by 200 soldiers.", [("200 soldiers", None)]),
])
def test_levels_and_other_quantities_have_no_direction(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert changes(text) == expected


def test_change_of_reads_offsets_into_the_text() -> None:
    text = "Trade increased by more than 50 percent."
    start = text.index("more")
    assert change_of(text, start, text.index(".")) == "increase"
    assert change_of("Trade rose to $3 billion.", 14, 24) is None


def test_change_round_trips_through_the_record_and_the_schema() -> None:
    text = "Tariffs rose by 5 percent."
    (q,) = find_quantities(text, ())
    assert q.change == "increase"
    d = q.to_dict()
    assert d["change"] == "increase" and list(d)[-1] == "change"
    assert Quantity.from_dict(d) == q
    old = {k: v for k, v in d.items() if k != "change"}  # written before the field existed
    assert Quantity.from_dict(old).change is None
    schema = document_schema()["$defs"]["quantity"]
    validator = Draft202012Validator({**schema, "$defs": document_schema()["$defs"]})
    assert not list(validator.iter_errors(d))
    assert not list(validator.iter_errors(old))
    assert list(validator.iter_errors({**d, "change": "sideways"}))


def _record(doc_id: str) -> Record:
    text = "Trade rose by 5 percent to $3 billion."
    return Record(document=Document(id=doc_id, text=text), quantities=find_quantities(text, ()))


def test_the_store_keeps_the_change() -> None:
    with open_store(":memory:") as store:
        store.ingest([_record("d-1")])
        rows = store.con.execute('SELECT text, "change" FROM quantities ORDER BY id').fetchall()
        assert rows == [("5 percent", "increase"), ("$3 billion", None)]
        assert store.document("d-1") == _record("d-1")


def test_the_migration_adds_the_column_to_an_older_store() -> None:
    version = next(m.version for m in store_migrate.MIGRATIONS if m.name.endswith("_quantity_change.sql"))
    con = duckdb.connect(":memory:")
    try:
        store_migrate.migrate(con, store_migrate.MIGRATIONS[:version - 1])
        con.execute("INSERT INTO quantities (doc_id, id, text) VALUES ('old', 'N1', '5 percent')")
        assert store_migrate.migrate(con) == store_migrate.SCHEMA_VERSION
        assert con.execute('SELECT "change" FROM quantities').fetchall() == [(None,)]
    finally:
        con.close()
