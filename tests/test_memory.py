"""Actor memory across documents: learning, lookup, the store's tables, and ingest end to end."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from communique import api
from communique.lexicon import KnownActor, Memory
from communique.model import Actor, Document, Mention, Record
from communique.read import make_document
from communique.store import actors as store_actors
from communique.store import open_store

# -- fixtures: records written by hand ------------------------------------------------------------


def _person(text: str, name: str, country: str | None, sector: str | None, role: str | None,
            *mentions: str, aid: str = "A1") -> Actor:
    found = []
    for words in mentions:
        start = text.index(words)
        found.append(Mention(start, start + len(words), words, 0))
    return Actor(aid, name, "person", country, sector, role, None, tuple(found))


def _record(doc_id: str, published: str | None, text: str, *actors: Actor) -> Record:
    return Record(Document(doc_id, text, published=published), actors=actors)


def minister(doc_id: str = "d1", published: str | None = "2024-03-04") -> Record:
    text = "Foreign Minister Zarina Beisembayeva opened the forum. Ms. Beisembayeva then left."
    actor = _person(text, "Zarina Beisembayeva", "KAZ", "GOV", "foreign minister",
                    "Foreign Minister Zarina Beisembayeva", "Ms. Beisembayeva")
    return _record(doc_id, published, text, actor)


def premier(doc_id: str = "d2", published: str | None = "2025-01-10") -> Record:
    text = "Prime Minister Zarina Beisembayeva named a new cabinet."
    actor = _person(text, "Zarina Beisembayeva", "KAZ", "GOV", "prime minister",
                    "Prime Minister Zarina Beisembayeva")
    return _record(doc_id, published, text, actor)


# -- Memory: learning ------------------------------------------------------------------------------


def test_learn_keeps_name_surname_office_and_date() -> None:
    memory = Memory().learn(minister())
    assert len(memory) == 1
    assert memory.actors == (KnownActor("Zarina Beisembayeva", ("Beisembayeva",), "KAZ", "GOV",
                                        "foreign minister", "2024-03-04", "2024-03-04", 1),)
    assert memory.lookup("Beisembayeva") == memory.lookup("zarina  BEISEMBAYEVA") == memory.actors[0]
    assert memory.lookup("Zarina") is None  # first names alone are not learned
    assert memory.lookup("Beisembayeva's") == memory.actors[0]


def test_learn_is_pure_and_counts_documents() -> None:
    empty = Memory()
    one = empty.learn(minister())
    two = one.learn(minister("d3", "2024-05-01"))
    assert len(empty) == 0 and len(one) == 1
    assert one.actors[0].documents == 1
    assert (two.actors[0].documents, two.actors[0].first_seen, two.actors[0].last_seen) == (
        2, "2024-03-04", "2024-05-01")
    assert empty.lookup("Beisembayeva") is None


def test_only_named_people_with_country_and_office_are_learned() -> None:
    text = "The Kazakh foreign minister met Arman Dosov and Ruslan Temirov. He smiled."
    untitled = _person(text, "Arman Dosov", "KAZ", None, None, "Arman Dosov", aid="A1")
    stateless = _person(text, "Ruslan Temirov", None, "GOV", "minister", "Ruslan Temirov", aid="A2")
    office = _person(text, "foreign minister of Kazakhstan", "KAZ", "GOV", "foreign minister",
                     "The Kazakh foreign minister", "He", aid="A3")
    memory = Memory().learn(_record("d", "2024-01-01", text, untitled, stateless, office))
    assert len(memory) == 0
    assert memory.learn(_record("e", None, "Nothing here.")) is memory


def test_pronouns_and_titles_are_not_aliases() -> None:
    text = "Foreign Minister Zarina Beisembayeva arrived. She said the minister was tired."
    actor = _person(text, "Zarina Beisembayeva", "KAZ", "GOV", "foreign minister",
                    "Foreign Minister Zarina Beisembayeva", "She", "the minister")
    known = Memory().learn(_record("d", "2024-01-01", text, actor)).actors[0]
    assert known.aliases == ("Beisembayeva",)


def test_unknown_date_is_none_and_does_not_hide_known_dates() -> None:
    memory = Memory().learn(minister(published=None))
    assert (memory.actors[0].first_seen, memory.actors[0].last_seen) == (None, None)
    memory = memory.learn(minister("d3", "2024-05-01"))
    assert (memory.actors[0].first_seen, memory.actors[0].last_seen, memory.actors[0].documents) == (
        "2024-05-01", "2024-05-01", 2)


# -- Memory: lookup --------------------------------------------------------------------------------


def test_office_held_on_a_date_is_preferred() -> None:
    memory = Memory().learn(minister()).learn(premier())
    assert len(memory) == 2
    assert memory.lookup("Beisembayeva", on="2024-06-01").role == "foreign minister"  # type: ignore[union-attr]
    assert memory.lookup("Beisembayeva", on="2025-02-01").role == "prime minister"  # type: ignore[union-attr]
    assert memory.lookup("Beisembayeva").role == "prime minister"  # type: ignore[union-attr]
    # before anything was seen: the latest office
    assert memory.lookup("Beisembayeva", on="2020-01-01").role == "prime minister"  # type: ignore[union-attr]
    assert [k.role for k in memory.history("Zarina Beisembayeva")] == ["foreign minister", "prime minister"]


def test_same_name_in_two_countries_is_ambiguous() -> None:
    text = "Finance Minister Zarina Beisembayeva of Kyrgyzstan spoke."
    other = _person(text, "Zarina Beisembayeva", "KGZ", "GOV", "finance minister",
                    "Finance Minister Zarina Beisembayeva")
    memory = Memory().learn(minister()).learn(_record("k", "2024-04-01", text, other))
    assert memory.lookup("Zarina Beisembayeva") is None
    assert memory.lookup("Beisembayeva") is None


def test_shared_surname_is_ambiguous_but_full_names_are_not() -> None:
    text = "Defence Minister Daniyar Beisembayev and Interior Minister Olzhas Beisembayev met."
    one = _person(text, "Daniyar Beisembayev", "KAZ", "GOV", "defence minister",
                  "Defence Minister Daniyar Beisembayev", aid="A1")
    two = _person(text, "Olzhas Beisembayev", "KAZ", "GOV", "interior minister",
                  "Interior Minister Olzhas Beisembayev", aid="A2")
    memory = Memory().learn(_record("d", "2024-01-01", text, one, two))
    assert memory.lookup("Beisembayev") is None
    assert memory.lookup("Olzhas Beisembayev").role == "interior minister"  # type: ignore[union-attr]


def test_memory_built_from_a_tuple_merges_repeats() -> None:
    k = KnownActor("Zarina Beisembayeva", (), "KAZ", "GOV", "foreign minister", "2024-01-01", "2024-02-01", 1)
    later = KnownActor("Zarina Beisembayeva", ("Beisembayeva",), "KAZ", "GOV", "foreign minister",
                       "2024-03-01", "2024-04-01", 2)
    memory = Memory((k, later))
    assert memory.actors == (KnownActor("Zarina Beisembayeva", ("Beisembayeva",), "KAZ", "GOV",
                                        "foreign minister", "2024-01-01", "2024-04-01", 3),)
    assert memory == Memory().extend([k, later])


# -- the store -------------------------------------------------------------------------------------


def test_store_memory_round_trip_and_no_double_count(tmp_path: Path) -> None:
    with open_store(tmp_path / "m.duckdb") as store:
        assert len(store.memory()) == 0
        store.ingest([minister(), premier(), minister("d3", "2024-05-01")])
        store.ingest([minister(), premier()])  # duplicates: stored once, counted once
        memory = store.memory()
    assert memory == Memory().learn(minister()).learn(premier()).learn(minister("d3", "2024-05-01"))
    assert memory.lookup("Beisembayeva", on="2024-04-01").documents == 2  # type: ignore[union-attr]
    with open_store(tmp_path / "m.duckdb", read_only=True) as store:
        history = store.actor_history("beisembayeva")
        assert store.actor_history("Nobody Atall") == []
    assert history == [
        {"actor": "KAZ/zarina beisembayeva", "name": "Zarina Beisembayeva", "country": "KAZ", "sector": "GOV",
         "role": "foreign minister", "first_seen": "2024-03-04", "last_seen": "2024-05-01", "documents": 2,
         "doc_ids": ["d1", "d3"]},
        {"actor": "KAZ/zarina beisembayeva", "name": "Zarina Beisembayeva", "country": "KAZ", "sector": "GOV",
         "role": "prime minister", "first_seen": "2025-01-10", "last_seen": "2025-01-10", "documents": 1,
         "doc_ids": ["d2"]},
    ]


def test_memory_is_written_in_the_document_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    real = store_actors.memory_rows

    def flaky(records):  # type: ignore[no-untyped-def] # a bug that strikes one document's memory only
        if any(r.document.id == "d2" for r in records):
            raise RuntimeError("boom")
        return real(records)

    monkeypatch.setattr(store_actors, "memory_rows", flaky)
    with open_store(":memory:") as store:
        summary = store.ingest([minister(), premier()])
        assert (summary.stored, summary.failed) == (1, 1)
        assert not store.has_document("d2")  # rolled back with its memory
        assert [k.role for k in store.memory().actors] == ["foreign minister"]


def test_rebuild_memory_from_stored_records(tmp_path: Path) -> None:
    with open_store(":memory:") as store:
        store.ingest([minister(), premier()])
        before = store.memory()
        store.con.execute("DELETE FROM actor_sightings")
        store.con.execute("DELETE FROM actor_names")
        assert len(store.memory()) == 0
        assert store.rebuild_memory() == 2
        assert store.memory() == before


def test_upgrade_from_version_one_keeps_documents(tmp_path: Path) -> None:
    from communique.store import migrate

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate.migrate(con, migrate.MIGRATIONS[:1])
    con.close()
    with open_store(path) as store:
        assert store.schema_version >= 2
        store.ingest([minister()])
        assert store.memory().lookup("Beisembayeva") is not None


# -- end to end through the public API -------------------------------------------------------------

FIRST = ("ASTANA — Foreign Minister Zarina Beisembayeva of Kazakhstan met her Turkish counterpart on Monday "
         "to talk about rail freight across the Caspian. The two ministers signed a memorandum on transit.")
BETWEEN = "Grain prices rose in Chicago on Tuesday as traders weighed the weather in the Midwest."
LATER = ("Officials gathered in Geneva on Thursday for talks on water sharing. Beisembayeva said the region "
         "needed new canals and pledged support for a joint commission.")


def _documents() -> list[Document]:
    return [make_document(FIRST, title="One", published="2024-03-04"),
            make_document(BETWEEN, title="Two", published="2024-03-05"),
            make_document(LATER, title="Three", published="2024-05-02")]


def _her_or_him(record: Record, name: str) -> Actor:
    return next(a for a in record.actors if a.kind == "person" and name in a.name)


def _her(record: Record) -> Actor:
    return _her_or_him(record, "Beisembayeva")


def _stored(store, document: Document) -> Actor:  # type: ignore[no-untyped-def]
    record = store.document(document.id)
    assert record is not None
    return _her(record)


@pytest.fixture(scope="module")
def alone() -> Actor:
    """Without memory, the later document cannot code her: otherwise the tests below prove nothing."""
    return _her(api.extract_document(_documents()[2]))


def test_without_memory_she_is_not_coded(alone: Actor) -> None:
    assert (alone.country, alone.sector, alone.role) == (None, None, None)


def test_ingest_resolves_her_in_a_later_document_of_the_same_run(tmp_path: Path, alone: Actor) -> None:
    first, _, later = _documents()
    with api.open_store(tmp_path / "x.duckdb") as store:
        report = api.ingest_documents(_documents(), store)
        assert report.stored == 3
        assert _stored(store, first).role == "foreign minister"
        her = _stored(store, later)
        assert (her.name, her.country, her.sector, her.role, her.code) == (
            "Zarina Beisembayeva", "KAZ", "GOV", "foreign minister", "KAZGOV")
        assert [m.text for m in her.mentions] == [m.text for m in alone.mentions]
        # what memory supplied is not evidence: only the document that wrote her office counts
        assert [h["doc_ids"] for h in store.actor_history("Beisembayeva")] == [[first.id]]


def test_ingest_resolves_her_in_a_later_run_and_can_be_turned_off(tmp_path: Path) -> None:
    first, _, later = _documents()
    with api.open_store(tmp_path / "x.duckdb") as store:
        api.ingest_documents([first], store)
    with api.open_store(tmp_path / "x.duckdb") as store:
        api.ingest_documents([later], store)
        assert _stored(store, later).country == "KAZ"
    with api.open_store(tmp_path / "y.duckdb") as store:
        api.ingest_documents([first], store)
        api.ingest_documents([later], store, memory=False)
        assert _stored(store, later).country is None


def test_extract_document_takes_a_memory() -> None:
    first, _, later = _documents()
    memory = Memory().learn(api.extract_document(first))
    her = _her(api.extract_document(later, memory=memory))
    assert (her.country, her.role) == ("KAZ", "foreign minister")


def test_the_curated_lexicon_wins_over_memory() -> None:
    wrong = Memory((KnownActor("Ebrahim Raisi", ("Raisi",), "KAZ", "GOV", "foreign minister",
                               "2022-01-01", "2022-01-01", 1),))
    text = "Officials met in Geneva on Thursday. Raisi said the talks had gone well."
    for published, sector in (("2022-06-19", "GOV"), ("2025-01-01", "ELI")):  # out of office: former, not memory's
        record = api.extract_document(make_document(text, published=published), memory=wrong)
        raisi = _her_or_him(record, "Raisi")
        assert (raisi.country, raisi.sector) == ("IRN", sector)
