"""Tests for the DuckDB store: round trips, idempotence, queries, migrations, failures."""

from __future__ import annotations

import math
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.errors import QueryError, StoreError
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
    replace,
)
from communique.store import SCHEMA_VERSION, IngestSummary, Store, open_store
from communique.store import migrate as store_migrate
from communique.store import rows as store_rows

# -- fixtures -----------------------------------------------------------------


def _sentences(text: str) -> tuple[Sentence, ...]:
    """Split hand-written text at ". " into sentences with offsets."""
    out, start = [], 0
    for i, part in enumerate(text.split(". ")):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        out.append(Sentence(i, start, min(end, len(text))))
        start += len(part) + 2
    return tuple(out)


def _span(text: str, words: str, after: int = 0) -> Span:
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def _mention(text: str, words: str, sentence: int) -> Mention:
    s = _span(text, words)
    return Mention(s.start, s.end, words, sentence)


def record_one() -> Record:
    """Iran hosts Venezuela; a signed agreement; a quote, a quantity, a commitment."""
    text = (
        "The Iranian president welcomed his Venezuelan counterpart in the capital. "
        "The two leaders signed a trade pact worth two billion dollars. "
        "We will deepen our ties, the president said."
    )
    sents = _sentences(text)
    quote = _span(text, "We will deepen our ties")
    return Record(
        document=Document(
            id="doc-irn-ven", text=text, title="A state visit", publisher="Example Wire",
            license="CC BY 4.0", published="2022-06-19", dateline="TEHRAN",
        ),
        sentences=sents,
        actors=(
            Actor("A1", "President of Iran", "person", "IRN", "GOV", "President", "IRNGOV",
                  (_mention(text, "Iranian president", 0),)),
            Actor("A2", "President of Venezuela", "person", "VEN", "GOV", "President", "VENGOV",
                  (_mention(text, "Venezuelan counterpart", 0),)),
        ),
        events=(
            Event("E1", 0, ("A1",), ("A2",), "043", _span(text, "welcomed"),
                  cameo_label="Host a visit", goldstein=2.8, quad_class=1,
                  plover=Plover("CONSULT", "visit", ("diplomatic",)), date="2022-06-19",
                  date_text="on Sunday", confidence=0.9, reason="host verb"),
            Event("E2", 1, ("A1", "A2"), (), "057", _span(text, "signed"), symmetric=True,
                  cameo_label="Sign formal agreement", goldstein=8.0, quad_class=1,
                  plover=Plover("AGREE"), confidence=0.8, reason="joint signing"),
        ),
        quotes=(Quote("Q1", quote.text, quote.start, quote.end, "A1", "the president", "said"),),
        quantities=(Quantity("N1", "two billion dollars", *_offsets(text, "two billion dollars"),
                             sentence=1, kind="money", value=2e9, unit="USD", about="trade pact"),),
        commitments=(Commitment("C1", "agreement", "trade pact", by=("A1", "A2"),
                                quantities=("N1",), status="signed", events=("E2",),
                                evidence=(_span(text, "signed a trade pact"),)),),
        errors=(StageError("quantities", "ValueError", "a number could not be read"),),
    )


def _offsets(text: str, words: str) -> tuple[int, int]:
    s = _span(text, words)
    return s.start, s.end


def record_two() -> Record:
    """Venezuela praises Iran (no event date); America accuses China (dated)."""
    text = "Caracas praised Tehran for its help. Washington accused Beijing of dumping steel."
    sents = _sentences(text)
    actors = (
        Actor("A1", "Venezuela", "country", "VEN", mentions=(_mention(text, "Caracas", 0),)),
        Actor("A2", "Iran", "country", "IRN", mentions=(_mention(text, "Tehran", 0),)),
        Actor("A3", "United States", "country", "USA", mentions=(_mention(text, "Washington", 1),)),
        Actor("A4", "China", "country", "CHN", mentions=(_mention(text, "Beijing", 1),)),
    )
    return Record(
        document=Document(id="doc-two", text=text, published="2022-07-01"),
        sentences=sents,
        actors=actors,
        events=(
            Event("E1", 0, ("A1",), ("A2",), "051", _span(text, "praised"),
                  cameo_label="Praise or endorse", goldstein=3.4, quad_class=1),
            Event("E2", 1, ("A3",), ("A4",), "112", _span(text, "accused"),
                  cameo_label="Accuse", goldstein=-2.0, quad_class=3, date="2022-07-02"),
        ),
        commitments=(Commitment("C1", "policy", "steel tariffs", by=("A3",), for_=("A4",)),),
    )


def record_three() -> Record:
    """A document with nothing extracted and no date."""
    return Record(Document(id="doc-empty", text="Nothing of note happened today."))


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "test.duckdb") as store:
        yield store


@pytest.fixture
def full_store(tmp_store: Store) -> Store:
    tmp_store.ingest([record_one(), record_two(), record_three()])
    return tmp_store


# -- opening, round trips, idempotence ----------------------------------------


def test_new_store_is_empty_and_versioned(tmp_store: Store) -> None:
    assert tmp_store.schema_version == SCHEMA_VERSION >= 1
    assert set(tmp_store.counts()) == {
        "documents", "sentences", "actors", "mentions", "events", "quotes", "quantities",
        "commitments", "errors"}
    assert all(n == 0 for n in tmp_store.counts().values())
    assert tmp_store.documents() == []
    assert tmp_store.events() == []


def test_ingest_returns_counts_and_fills_tables(tmp_store: Store) -> None:
    summary = tmp_store.ingest([record_one(), record_two(), record_three()])
    assert summary == IngestSummary(read=3, stored=3, duplicates=0, failed=0, failures=())
    assert tmp_store.counts() == {
        "documents": 3, "sentences": 5, "actors": 6, "mentions": 6, "events": 4, "quotes": 1,
        "quantities": 1, "commitments": 2, "errors": 1}


@pytest.mark.parametrize("make", [record_one, record_two, record_three])
def test_document_reads_back_equal(full_store: Store, make) -> None:
    record = make()
    assert full_store.has_document(record.document.id)
    assert full_store.document(record.document.id) == record


def test_unknown_document(full_store: Store) -> None:
    assert full_store.document("no-such-id") is None
    assert not full_store.has_document("no-such-id")


def test_reingest_is_idempotent(full_store: Store) -> None:
    before = full_store.counts()
    summary = full_store.ingest([record_two(), record_one(), record_three()], batch_size=2)
    assert summary == IngestSummary(read=3, stored=0, duplicates=3)
    assert full_store.counts() == before


def test_duplicates_within_one_ingest_are_skipped(tmp_store: Store) -> None:
    summary = tmp_store.ingest([record_one(), record_one(), record_two(), record_one()], batch_size=3)
    assert (summary.read, summary.stored, summary.duplicates) == (4, 2, 2)
    assert tmp_store.counts()["documents"] == 2


def test_store_persists_and_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "db" / "x.duckdb"
    path.parent.mkdir()
    with open_store(path) as store:
        store.ingest([record_one()])
    with open_store(str(path), read_only=True) as store:
        assert store.document("doc-irn-ven") == record_one()
        with pytest.raises(StoreError, match="read-only"):
            store.ingest([record_two()])


def test_closed_store_raises(tmp_path: Path) -> None:
    store = open_store(tmp_path / "c.duckdb")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.counts()


def test_memory_store_and_bad_opens(tmp_path: Path) -> None:
    with open_store(":memory:") as store:
        assert store.ingest([record_three()]).stored == 1
    with pytest.raises(StoreError, match="read-only"):
        open_store(":memory:", read_only=True)
    with pytest.raises(StoreError, match="no database"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(StoreError, match="batch_size"):
        open_store(":memory:").ingest([record_one()], batch_size=0)


def test_unparsable_published_is_kept_in_record_but_null_in_column(tmp_store: Store) -> None:
    record = Record(Document(id="odd-date", text="Text.", published="June 2022"))
    tmp_store.ingest([record])
    assert tmp_store.document("odd-date") == record
    assert tmp_store.documents() == [{
        "id": "odd-date", "title": None, "published": None, "dateline": None,
        "publisher": None, "n_events": 0, "n_quotes": 0}]


# -- queries ------------------------------------------------------------------


def _ids(rows: list[dict]) -> list[tuple[str, str]]:
    return sorted((r["doc_id"], r["event_id"]) for r in rows)


def test_event_rows_resolve_actors_and_sentence(full_store: Store) -> None:
    rows = {(r["doc_id"], r["event_id"]): r for r in full_store.events()}
    e1 = rows[("doc-irn-ven", "E1")]
    assert e1["source"] == ["President of Iran"] and e1["target"] == ["President of Venezuela"]
    assert (e1["source_country"], e1["target_country"]) == ("IRN", "VEN")
    assert e1["date"] == "2022-06-19" and e1["published"] == "2022-06-19"
    assert (e1["cameo"], e1["label"], e1["goldstein"], e1["quad_class"]) == ("043", "Host a visit", 2.8, 1)
    assert (e1["plover_type"], e1["modality"], e1["trigger_text"]) == ("CONSULT", "asserted", "welcomed")
    assert e1["sentence_text"] == record_one().sentence_text(0)
    e2 = rows[("doc-irn-ven", "E2")]
    assert e2["source"] == ["President of Iran", "President of Venezuela"] and e2["target"] == []
    assert e2["symmetric"] is True and e2["target_country"] is None
    assert e2["sentence_text"] == record_one().sentence_text(1)


def test_events_filter_by_country(full_store: Store) -> None:
    assert _ids(full_store.events(country="IRN")) == [
        ("doc-irn-ven", "E1"), ("doc-irn-ven", "E2"), ("doc-two", "E1")]
    assert _ids(full_store.events(country="CHN")) == [("doc-two", "E2")]
    assert full_store.events(country="FRA") == []


def test_events_dyad_matches_both_directions(full_store: Store) -> None:
    expected = [("doc-irn-ven", "E1"), ("doc-two", "E1")]
    assert _ids(full_store.events(dyad=("IRN", "VEN"))) == expected
    assert _ids(full_store.events(dyad=("VEN", "IRN"))) == expected
    assert _ids(full_store.events(dyad=["CHN", "USA"])) == [("doc-two", "E2")]


def test_events_since_until_use_event_date_then_published(full_store: Store) -> None:
    # doc-two E1 has no date of its own: its document's published date (07-01) counts.
    assert _ids(full_store.events(since="2022-07-01")) == [("doc-two", "E1"), ("doc-two", "E2")]
    assert _ids(full_store.events(since="2022-07-02")) == [("doc-two", "E2")]
    assert _ids(full_store.events(until="2022-06-30")) == [("doc-irn-ven", "E1"), ("doc-irn-ven", "E2")]
    assert _ids(full_store.events(since="2022-06-19", until="2022-06-19")) == [
        ("doc-irn-ven", "E1"), ("doc-irn-ven", "E2")]


def test_events_cameo_prefix_limit_and_order(full_store: Store) -> None:
    assert _ids(full_store.events(cameo="05")) == [("doc-irn-ven", "E2"), ("doc-two", "E1")]
    assert _ids(full_store.events(cameo="043")) == [("doc-irn-ven", "E1")]
    assert _ids(full_store.events(cameo="05", country="VEN", since="2022-07-01")) == [("doc-two", "E1")]
    newest = full_store.events(limit=1)
    assert [(r["doc_id"], r["event_id"]) for r in newest] == [("doc-two", "E2")]
    assert full_store.events(limit=0) == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"country": "irn"}, "3 upper-case letters"),
    ({"country": "IR"}, "3 upper-case letters"),
    ({"country": "IRN'; DROP TABLE events; --"}, "such as 'IRN'"),
    ({"dyad": ("IRN",)}, "pair of country codes"),
    ({"dyad": ("IRN", "ve")}, "dyad country must be"),
    ({"since": "19/06/2022"}, "ISO date YYYY-MM-DD"),
    ({"until": "2022-13-01"}, "until must be an ISO date"),
    ({"since": "2022-07-01", "until": "2022-06-01"}, "is after until"),
    ({"cameo": "a4"}, "2 to 4 digits"),
    ({"limit": -1}, "non-negative integer"),
])
def test_bad_event_filters_raise_query_error(full_store: Store, kwargs: dict, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        full_store.events(**kwargs)
    assert full_store.counts()["events"] == 4


def test_query_error_is_a_store_error() -> None:
    assert issubclass(QueryError, StoreError)


def test_quotes(full_store: Store) -> None:
    rows = full_store.quotes(speaker_country="IRN")
    assert len(rows) == 1
    q = rows[0]
    assert (q["doc_id"], q["quote_id"], q["speaker"], q["speaker_country"]) == (
        "doc-irn-ven", "Q1", "President of Iran", "IRN")
    assert q["text"] == "We will deepen our ties" and q["cue"] == "said"
    assert full_store.quotes(speaker_country="VEN") == []
    assert len(full_store.quotes()) == 1
    with pytest.raises(QueryError, match="speaker_country must be"):
        full_store.quotes(speaker_country="Iran")


def test_commitments(full_store: Store) -> None:
    (agreement,) = full_store.commitments(kind="agreement")
    assert agreement["by"] == ["President of Iran", "President of Venezuela"]
    assert agreement["quantities"] == ["two billion dollars"] and agreement["event_ids"] == ["E2"]
    (policy,) = full_store.commitments(kind="policy")
    assert (policy["by"], policy["for"]) == (["United States"], ["China"])
    assert len(full_store.commitments()) == 2
    assert len(full_store.commitments(limit=1)) == 1
    with pytest.raises(QueryError, match="agreement, policy"):
        full_store.commitments(kind="treaty")


def test_documents_listing(full_store: Store) -> None:
    rows = full_store.documents()
    assert [r["id"] for r in rows] == ["doc-two", "doc-irn-ven", "doc-empty"]
    assert rows[1] == {
        "id": "doc-irn-ven", "title": "A state visit", "published": "2022-06-19",
        "dateline": "TEHRAN", "publisher": "Example Wire", "n_events": 2, "n_quotes": 1}
    assert len(full_store.documents(limit=2)) == 2


def test_top_dyads_are_unordered(full_store: Store) -> None:
    assert full_store.top_dyads() == [("IRN", "VEN", 2), ("CHN", "USA", 1)]
    assert full_store.top_dyads(limit=1) == [("IRN", "VEN", 2)]


# -- failures inside a batch --------------------------------------------------


def test_failing_record_does_not_lose_its_batch(tmp_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = store_rows.record_rows

    def flaky(record: Record, now):  # a bug that strikes one document only
        if record.document.id == "doc-two":
            raise RuntimeError("boom")
        return real(record, now)

    monkeypatch.setattr(store_rows, "record_rows", flaky)
    summary = tmp_store.ingest([record_one(), record_two(), record_three()], batch_size=10)
    assert (summary.read, summary.stored, summary.duplicates, summary.failed) == (3, 2, 0, 1)
    assert summary.failures == (("doc-two", "RuntimeError: boom"),)
    assert tmp_store.has_document("doc-irn-ven") and tmp_store.has_document("doc-empty")
    assert not tmp_store.has_document("doc-two")
    assert tmp_store.counts()["events"] == 2  # nothing half-written for doc-two

    monkeypatch.setattr(store_rows, "record_rows", real)
    again = tmp_store.ingest([record_one(), record_two()])
    assert (again.stored, again.duplicates, again.failed) == (1, 1, 0)


def test_unserialisable_record_is_reported(tmp_store: Store) -> None:
    one = record_one()
    bad_event = replace(one.events[0], goldstein=math.nan)
    bad = replace(record_two(), events=(bad_event,), document=replace(record_two().document, id="nan"))
    summary = tmp_store.ingest([one, bad, record_three()], batch_size=2)
    assert (summary.stored, summary.failed) == (2, 1)
    assert summary.failures[0][0] == "nan" and summary.failures[0][1].startswith("ValueError")
    assert tmp_store.counts()["documents"] == 2


# -- migrations ---------------------------------------------------------------


def test_schema_version_recorded_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "m.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    try:
        value = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        con.close()
    assert value == (str(SCHEMA_VERSION),)
    with open_store(path) as store:  # reopening migrates nothing and keeps the version
        assert store.schema_version == SCHEMA_VERSION


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this communique"):
            open_store(path, read_only=read_only)


def test_read_only_open_of_unmigrated_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a communique database"):
        open_store(path, read_only=True)


def test_migrations_apply_in_order_and_roll_back_on_failure() -> None:
    con = duckdb.connect(":memory:")
    try:
        base = store_migrate.MIGRATIONS
        extra = store_migrate.Migration(len(base) + 1, "9999_extra.sql",
                                        "ALTER TABLE events ADD COLUMN global_id VARCHAR;")
        assert store_migrate.migrate(con, base + (extra,)) == len(base) + 1
        assert store_migrate.schema_version(con) == len(base) + 1
        broken = store_migrate.Migration(len(base) + 2, "9999_broken.sql",
                                         "CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;")
        with pytest.raises(StoreError, match="9999_broken.sql failed"):
            store_migrate.migrate(con, base + (extra, broken))
        assert store_migrate.schema_version(con) == len(base) + 1
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "half" not in tables and "events" in tables
    finally:
        con.close()


def test_migration_numbering_must_have_no_gaps() -> None:
    first = store_migrate.MIGRATIONS[0]
    gap = store_migrate.Migration(first.version + 2, "0003_gap.sql", "SELECT 1;")
    with pytest.raises(StoreError, match="without gaps"):
        store_migrate.check_sequence([first, gap])


# -- Hypothesis round trip ----------------------------------------------------

_short = st.text(max_size=12)
_opt = st.none() | _short
_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
_date = st.none() | st.dates().map(lambda d: d.isoformat()) | st.text(max_size=10)


@st.composite
def records(draw: st.DrawFn) -> Record:
    text = draw(st.text(max_size=60))
    n = len(text)
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=3)))
    bounds = [0, *cuts, n]
    sentences = tuple(Sentence(i, a, b) for i, (a, b) in enumerate(pairwise(bounds)))

    def span() -> tuple[int, int]:
        a = draw(st.integers(0, n))
        return a, draw(st.integers(a, n))

    def sentence() -> int:
        return draw(st.integers(0, len(sentences) - 1))

    actor_ids = [f"A{i}" for i in range(1, draw(st.integers(0, 3)) + 1)]
    actors = []
    for aid in actor_ids:
        mentions = []
        for _ in range(draw(st.integers(0, 2))):
            a, b = span()
            mentions.append(Mention(a, b, text[a:b], sentence()))
        actors.append(Actor(
            aid, draw(_short), draw(st.sampled_from(["person", "country", "organization"])),
            draw(st.none() | st.sampled_from(["IRN", "VEN", "USA"])), draw(_opt), draw(_opt),
            draw(_opt), tuple(mentions)))
    ids = st.lists(st.sampled_from(actor_ids), max_size=2, unique=True) if actor_ids else st.just([])
    events = []
    for i in range(draw(st.integers(0, 3))):
        a, b = span()
        plover = draw(st.none() | st.builds(Plover, _short, _opt, st.lists(_short, max_size=2).map(tuple)))
        events.append(Event(
            f"E{i}", sentence(), tuple(draw(ids)), tuple(draw(ids)),
            draw(st.text("0123456789", min_size=2, max_size=4)), Span(a, b, text[a:b]),
            symmetric=draw(st.booleans()), cameo_label=draw(_opt),
            goldstein=draw(st.none() | _finite), quad_class=draw(st.none() | st.integers(1, 4)),
            plover=plover, modality=draw(st.sampled_from(["asserted", "future", "negated"])),
            date=draw(_date), date_text=draw(_opt), location=draw(_opt), quote=draw(_opt),
            confidence=draw(_finite), reason=draw(_short)))
    a, b = span()
    quotes = draw(st.lists(st.builds(Quote, st.just("Q1"), st.just(text[a:b]), st.just(a), st.just(b),
                                     _opt, _opt, _opt, st.sampled_from(["direct", "indirect"])), max_size=1))
    quantities = draw(st.lists(st.builds(
        Quantity, st.just("N1"), _short, st.just(a), st.just(b), st.just(sentence()),
        st.sampled_from(["money", "count"]), st.none() | _finite, _opt,
        st.none() | st.just("about"), _opt), max_size=1))
    commitments = draw(st.lists(st.builds(
        Commitment, st.just("C1"), st.sampled_from(["policy", "target"]), _short,
        st.lists(_short, max_size=2).map(tuple), st.lists(_short, max_size=2).map(tuple),
        st.lists(_short, max_size=2).map(tuple), _opt, _date, st.lists(_short, max_size=2).map(tuple),
        st.just((Span(a, b, text[a:b]),))), max_size=1))
    errors = draw(st.lists(st.builds(StageError, _short, _short, _short), max_size=2))
    document = Document(draw(st.text(min_size=1, max_size=12)), text, draw(_opt), draw(_opt),
                        draw(_opt), draw(_opt), draw(_opt), draw(_date), draw(_opt), draw(_short))
    return Record(document, sentences, tuple(actors), tuple(events), tuple(quotes),
                  tuple(quantities), tuple(commitments), tuple(errors))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_hypothesis_round_trip(record: Record) -> None:
    with open_store(":memory:") as store:
        summary = store.ingest([record])
        assert summary == IngestSummary(read=1, stored=1)
        assert store.document(record.document.id) == record
        counts = store.counts()
        assert counts["events"] == len(record.events)
        assert counts["mentions"] == sum(len(a.mentions) for a in record.actors)
        for row in store.events():
            event = next(e for e in record.events if e.id == row["event_id"])
            assert row["sentence_text"] == record.sentence_text(event.sentence)
            assert row["source_ids"] == list(event.source)
        assert store.ingest([record]).duplicates == 1
