"""Cross-document events in the store: the matching rule, counts, dyads, upgrades, the demo corpus."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from communique import api
from communique.errors import QueryError
from communique.model import Actor, Commitment, Document, Event, Quote, Record, Sentence, Span
from communique.read import make_document
from communique.store import linking, open_store
from communique.store import migrate as store_migrate
from communique.store import rows as store_rows
from communique.store.linking import GlobalEvent, Report

# -- hand-written records -----------------------------------------------------

COUNTRIES = {"IRN": "Iran", "KAZ": "Kazakhstan", "SAU": "Saudi Arabia", "CHN": "China"}


def article(doc_id: str, published: str | None, events: list[tuple[str, str, str, str | None]], *,
            publisher: str | None = None, symmetric: bool = False,
            commitments: tuple[Commitment, ...] = (), quote: str | None = None) -> Record:
    """A record whose sentence i reports events[i] = (source country, target country, cameo, date)."""
    sentences, parts, start = [], [], 0
    for i, (a, b, cameo, _) in enumerate(events):
        words = f"{COUNTRIES[a]} acted on {COUNTRIES[b]} under code {cameo}."
        parts.append(words)
        sentences.append(Sentence(i, start, start + len(words)))
        start += len(words) + 1
    if quote:
        words = f"We are pleased, {COUNTRIES[events[0][0]]} said."
        parts.append(words)
        sentences.append(Sentence(len(events), start, start + len(words)))
    text = " ".join(parts)
    used = sorted({c for a, b, _, _ in events for c in (a, b)})
    actors = tuple(Actor(f"A{c}", COUNTRIES[c], "country", c, code=c) for c in used)
    evs = []
    for i, (a, b, cameo, day) in enumerate(events):
        s = sentences[i]
        trigger = Span(s.start, s.start + 5, text[s.start:s.start + 5])
        evs.append(Event(f"E{i + 1}", i, (f"A{a}",), (f"A{b}",), cameo, trigger,
                         symmetric=symmetric, cameo_label=f"code {cameo}", goldstein=float(len(cameo)),
                         quad_class=1 if cameo < "10" else 3, date=day))
    quotes = ()
    if quote:
        s = sentences[-1]
        quotes = (Quote("Q1", "We are pleased", s.start, s.start + 15, f"A{events[0][0]}", COUNTRIES[events[0][0]],
                        "said"),)
    return Record(Document(doc_id, text, title=doc_id, publisher=publisher, published=published),
                  tuple(sentences), actors, tuple(evs), quotes, commitments=commitments)


# -- the rule, pure -----------------------------------------------------------


def report(doc: str, day: date | None, c1: str | None = "IRN", c2: str | None = "KAZ", *, direction: str = "one",
           root: str = "04", negated: bool = False) -> Report:
    return Report(doc, "E1", 0, c1, c2, direction, root, negated, day, doc)


def test_same_key_within_window_is_one_event() -> None:
    changed, links = linking.assign([report("a", date(2022, 6, 19)), report("b", date(2022, 6, 25))], [], 1)
    assert [g for g, _ in links] == [1, 1] and list(changed) == [1]
    assert changed[1].first_doc_id == "a" and changed[1].first_date == date(2022, 6, 19)


@pytest.mark.parametrize("other", [
    report("b", date(2022, 6, 27)),                      # 8 days later: outside the window
    report("b", date(2022, 6, 20), root="05"),            # another code class
    report("b", date(2022, 6, 20), "KAZ", "IRN"),          # the other direction
    report("b", date(2022, 6, 20), negated=True),          # it did not happen
    report("b", date(2022, 6, 20), "IRN", "SAU"),          # another pair
    report("b", None),                                     # no date: never matched
])
def test_different_reports_stay_apart(other: Report) -> None:
    _, links = linking.assign([report("a", date(2022, 6, 19)), other], [], 1)
    assert [g for g, _ in links] == [1, 2]


def test_symmetric_report_matches_either_direction_and_earlier_report_becomes_first() -> None:
    first = report("a", date(2022, 6, 19))
    both = report("b", date(2022, 6, 17), "KAZ", "IRN", direction="both")
    changed, links = linking.assign([first, both], [], 1)
    assert [g for g, _ in links] == [1, 1]
    assert (changed[1].first_doc_id, changed[1].first_date) == ("b", date(2022, 6, 17))


def test_reports_without_countries_never_match_and_nearest_anchor_wins() -> None:
    _, links = linking.assign([report("a", date(2022, 1, 1), None, None), report("b", date(2022, 1, 1), None, None)],
                              [], 1)
    assert [g for g, _ in links] == [1, 2]
    key = report("x", date(2022, 1, 1)).key
    old = [GlobalEvent(5, "IRN", "KAZ", "one", "04", False, key, date(2022, 1, 1), "x", "E1"),
           GlobalEvent(3, "IRN", "KAZ", "one", "04", False, key, date(2022, 1, 7), "y", "E1")]
    _, links = linking.assign([report("c", date(2022, 1, 6))], old, 9)
    assert links[0][0] == 3


def test_dyad_of_a_joint_event_uses_its_second_source() -> None:
    r = article("d", "2022-01-01", [("IRN", "KAZ", "057", None)])
    joint = Event("E9", 0, ("AIRN", "AKAZ"), (), "057", Span(0, 1, "I"), symmetric=True)
    assert linking.dyad(r, joint) == ("IRN", "KAZ")
    assert linking.source_name(None, "https://news.example/a", "d") == "news.example"


# -- in the store ----------------------------------------------------------------


def two_reports() -> list[Record]:
    return [
        article("tehran-1", "2022-06-19", [("IRN", "KAZ", "043", "2022-06-19"), ("IRN", "KAZ", "112", "2022-06-19")],
                publisher="Wire A", quote="yes"),
        article("astana-1", "2022-06-20", [("IRN", "KAZ", "042", None)], publisher="Wire B"),
        article("astana-2", "2022-06-21", [("IRN", "KAZ", "046", "2022-06-19")], publisher="Wire B"),
        article("riyadh-1", "2023-03-10", [("IRN", "SAU", "057", "2023-03-10")], symmetric=True),
    ]


def test_reports_from_several_documents_become_one_event(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.duckdb") as store:
        store.ingest(two_reports())
        events = store.global_events()
        assert len(events) == 3
        visit = next(e for e in events if e["cameo_root"] == "04")
        assert (visit["num_mentions"], visit["num_articles"], visit["num_sources"]) == (3, 3, 2)
        assert (visit["doc_id"], visit["event_id"], visit["date"]) == ("tehran-1", "E1", "2022-06-19")
        assert visit["sentence_text"].startswith("Iran acted on Kazakhstan")
        reports = store.event_mentions(visit["global_id"])
        assert [r["doc_id"] for r in reports] == ["tehran-1", "astana-2", "astana-1"]
        rows = store.events(dyad=("IRN", "KAZ"), root="04")
        assert {r["global_id"] for r in rows} == {visit["global_id"]}
        assert store.global_events(dyad=("SAU", "IRN"))[0]["direction"] == "both"
        assert len(store.global_events(min_articles=2)) == 1


def test_reingest_and_relink_change_nothing(tmp_path: Path) -> None:
    tables = ("global_events", "event_mentions", "commitment_threads", "commitment_updates")
    with open_store(tmp_path / "r.duckdb") as store:
        store.ingest(two_reports())

        def snapshot() -> dict[str, list[tuple]]:
            return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}

        before = snapshot()
        assert store.ingest(two_reports()).duplicates == 4
        assert snapshot() == before
        store.relink()
        assert snapshot() == before


def test_order_of_arrival_moves_the_first_report(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.duckdb") as store:
        later, earlier = two_reports()[1], two_reports()[0]
        store.ingest([later])
        store.ingest([earlier])
        visit = store.global_events(dyad=("IRN", "KAZ"), limit=None)
        assert {(e["cameo_root"], e["num_articles"], e["doc_id"]) for e in visit} == {
            ("04", 2, "tehran-1"), ("11", 1, "tehran-1")}


def test_dyad_report(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.duckdb") as store:
        store.ingest(two_reports())
        report = store.dyad("KAZ", "IRN")
        assert report.pair == ("KAZ", "IRN")
        (month,) = report.timeline
        assert (month["month"], month["events"], month["verbal_coop"], month["verbal_conflict"]) == ("2022-06", 2, 1, 1)
        assert month["goldstein_total"] == 6.0 and month["goldstein_mean"] == 3.0 and month["articles"] == 4
        assert month["doc_id"] == "tehran-1" and month["sentence_text"]
        assert [e["cameo"] for e in report.events] == ["043", "112"] or len(report.events) == 2
        assert [q["speaker"] for q in report.quotes] == ["Iran"]
        assert store.dyad("IRN", "KAZ", since="2023-01-01").timeline == []
        assert set(report.to_dict()) == {"pair", *report.SECTIONS}
        assert len(store.frame("timeline", pair=("IRN", "KAZ"))) == 1
        assert list(store.frame("global_events", dyad=("IRN", "SAU"))["num_articles"]) == [1]


@pytest.mark.parametrize(("call", "message"), [
    (lambda s: s.dyad("IRN", "iran"), "second country must be a country code of 3 upper-case letters"),
    (lambda s: s.dyad("IRN", "IRN"), "two different countries"),
    (lambda s: s.dyad("IRN", "KAZ", since="June 2022"), "since must be an ISO date YYYY-MM-DD"),
    (lambda s: s.events(root="4"), "two-digit CAMEO root from 01 to 20"),
    (lambda s: s.events(quad_class=5), "quad_class must be 1"),
    (lambda s: s.events(modality="maybe"), "asserted, future"),
    (lambda s: s.events(plover="consult"), "PLOVER event type in upper case"),
    (lambda s: s.events(text="  "), "text must be some words"),
    (lambda s: s.tracked_commitments(kind="treaty"), "agreement, policy"),
    (lambda s: s.frame("everything"), "frame\\(\\) shows one of"),
])
def test_bad_queries_say_what_is_accepted(call, message: str) -> None:
    with open_store(":memory:") as store, pytest.raises(QueryError, match=message):
        call(store)


def test_event_filters(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.duckdb") as store:
        store.ingest(two_reports())
        assert len(store.events(actor="kazakh")) == 4
        assert len(store.events(actor="saudi")) == 1
        assert len(store.events(quad_class=3)) == 1
        assert len(store.events(text="code 046")) == 1
        assert len(store.events(text="100%")) == 0
        assert len(store.events(modality="asserted", root="05")) == 1
        assert len(store.quotes(speaker="iran", text="pleased")) == 1
        assert store.frame("events", country="SAU").shape[0] == 1


def test_upgrading_a_version_2_database_links_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    store_migrate.migrate(con, store_migrate.MIGRATIONS[:2])
    now = datetime(2024, 1, 1)
    rows = store_rows.merge_rows([store_rows.record_rows(r, now) for r in two_reports()])
    for table in ("documents", "sentences", "actors", "events"):
        con.execute(store_rows.insert_sql(table), store_rows.to_columns(rows[table], len(store_rows.TABLES[table])))
    con.close()
    with open_store(path) as store:
        assert store.schema_version >= 3
        assert len(store.global_events()) == 3


def test_actors_listing(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.duckdb") as store:
        store.ingest(two_reports())
        rows = store.actors()
        assert [r["actor"] for r in rows][:2] == ["IRN", "KAZ"]
        iran = rows[0]
        assert iran["names"] == ["Iran"] and iran["documents"] == 4 and iran["mentions"] == 0
        assert [r["actor"] for r in store.actors(country="SAU")] == ["SAU"]
        assert store.actors(name="xyz") == []


# -- the demo corpus, through the whole pipeline -----------------------------------


@pytest.mark.slow
def test_demo_corpus_then_a_second_article_links_one_event() -> None:
    with open_store(":memory:") as store:
        api.ingest([api.demo_corpus()], store)
        before = {e["global_id"] for e in store.global_events(min_articles=2)}
        text = ("ASTANA — Kazakhstan's foreign minister held talks with China's ambassador in Astana on Friday, "
                "as visa-free travel between the two countries began.\n\n"
                "The minister said the new rules would bring more tourists and traders to both sides of the border.")
        doc = make_document(text, published="2023-11-11", publisher="Steppe Daily")
        assert api.ingest_documents([doc], store).stored == 1
        linked = [e for e in store.global_events(dyad=("KAZ", "CHN"), min_articles=2)
                  if e["global_id"] not in before]
        assert linked, "the second article's talks were not linked to the demo corpus's event"
        talks = next(e for e in linked if e["cameo_root"] == "04")
        reports = store.event_mentions(talks["global_id"])
        assert len(reports) == 2 and doc.id in {r["doc_id"] for r in reports}
        assert talks["num_articles"] == 2 and talks["num_sources"] == 2
        pairs = [(a, b) for a, b, _ in store.top_dyads(10)]
        shown = [p for p in pairs if store.dyad(*p).timeline and store.dyad(*p).events]
        assert len(shown) >= 3
