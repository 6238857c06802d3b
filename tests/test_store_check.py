"""`communique check` and store.integrity: a clean database passes, each kind of damage is reported."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from communique import api
from communique.cli import main
from communique.errors import StoreError
from communique.model import Actor, Document, Event, Mention, Record, Sentence, Span
from communique.store import open_store
from communique.store.integrity import IntegrityReport, Problem, check_connection, check_file, checks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus, extracted and stored once for the module."""
    path = tmp_path_factory.mktemp("check") / "clean.duckdb"
    with open_store(path) as store:
        report = api.ingest([api.demo_corpus()], store)
        assert report.stored == 16
    return path


@pytest.fixture
def damaged(clean_db: Path, tmp_path: Path) -> Callable[..., Path]:
    """A copy of the clean database with these SQL statements applied."""

    def make(*statements: str) -> Path:
        path = tmp_path / "damaged.duckdb"
        shutil.copy(clean_db, path)
        con = duckdb.connect(str(path))
        for sql in statements:
            changed = con.execute(sql).fetchall()
            assert sql.startswith(("ALTER", "DROP")) or changed[0][0] > 0, f"no row changed by {sql}"
        con.close()
        return path

    return make


def reasons(report: IntegrityReport) -> set[tuple[str, str]]:
    return {(p.table, p.reason.split(":")[0]) for p in report.problems}


def test_a_clean_database_passes(clean_db: Path) -> None:
    report = check_file(clean_db)
    assert report.ok and report.problems == () and report.unlisted == 0
    assert report.schema_version == api.open_store(":memory:").schema_version
    rows = dict(report.rows)
    assert rows["documents"] == 16 and rows["events"] > 0 and rows["event_mentions"] == rows["events"]
    assert {"global_event_counts", "actor_roles", "meta"} <= set(rows)  # views are read too


def test_a_fresh_empty_store_passes(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.duckdb"):
        pass
    assert check_file(tmp_path / "empty.duckdb").ok
    with open_store(":memory:") as store:
        assert check_connection(store.con).ok


def test_orphan_rows_are_reported_with_their_keys(damaged: Callable[..., Path]) -> None:
    path = damaged(
        "INSERT INTO events (doc_id, id, sentence, source, target) VALUES ('dnowhere', 'E9', 0, [], [])",
        "INSERT INTO quotes (doc_id, id, text, start, \"end\") VALUES ('dnowhere', 'Q1', 'hello', 0, 5)",
        "INSERT INTO event_mentions (global_id, doc_id, event_id, source) VALUES (999999, 'dmissing', 'E1', 's')",
    )
    report = check_file(path)
    assert not report.ok
    found = {str(p) for p in report.problems}
    assert "events [doc_id=dnowhere, id=E9]: doc_id names no stored document" in found
    assert "quotes [doc_id=dnowhere, id=Q1]: doc_id names no stored document" in found
    assert "events [doc_id=dnowhere, id=E9]: belongs to no global event (no event_mentions row)" in found
    assert "event_mentions [doc_id=dmissing, event_id=E1]: names no stored event report" in found
    assert "event_mentions [doc_id=dmissing, event_id=E1]: global_id names no global event: global_id 999999" in found


def test_offsets_out_of_range_and_words_that_do_not_match(clean_db: Path, damaged: Callable[..., Path]) -> None:
    con = duckdb.connect(str(clean_db), read_only=True)
    doc, actor, start = con.execute("SELECT doc_id, actor_id, start FROM mentions ORDER BY ALL LIMIT 1").fetchone()
    quote = con.execute("SELECT doc_id, id FROM quotes ORDER BY ALL LIMIT 1").fetchone()
    con.close()
    path = damaged(
        f"UPDATE mentions SET \"end\" = 999999 WHERE doc_id = '{doc}' AND actor_id = '{actor}' AND start = {start}",
        f"UPDATE quotes SET text = 'words nobody wrote' WHERE doc_id = '{quote[0]}' AND id = '{quote[1]}'",
        "UPDATE sentences SET start = -3 WHERE idx = 0",
    )
    problems = check_file(path).problems
    out_of_range = [p for p in problems if p.reason.startswith("offsets outside the document text")]
    mention = [p for p in out_of_range if p.table == "mentions"]
    assert [p.key for p in mention] == [f"doc_id={doc}, actor_id={actor}, start={start}"]
    assert "end 999999" in mention[0].reason
    assert sum(p.table == "sentences" for p in out_of_range) == 16  # idx 0 of every document
    assert Problem("quotes", f"doc_id={quote[0]}, id={quote[1]}",
                   next(p.reason for p in problems if p.table == "quotes")) in problems
    assert any(p.table == "quotes" and p.reason.startswith("its words are not the document text") for p in problems)


def test_broken_references_within_a_document(clean_db: Path, damaged: Callable[..., Path]) -> None:
    path = damaged(
        "UPDATE events SET source = ['A404'] WHERE rowid = 0",
        "UPDATE commitments SET by_actors = ['A405'] WHERE rowid = 0",
        "UPDATE mentions SET sentence = 777 WHERE rowid = 0",
        "INSERT INTO events SELECT * FROM events WHERE rowid = 1",
        "DELETE FROM commitment_updates WHERE rowid = 0",
    )
    found = reasons(check_file(path))
    assert ("events", "source names no actor of its document") in found
    assert ("commitments", "by_actors names no actor of its document") in found
    assert ("mentions", "sentence names no row of sentences in its document") in found
    assert ("events", "duplicate key (doc_id, id)") in found
    assert ("commitment_threads", "updates are not numbered 1, 2, … without gaps") in found or (
        "commitments", "belongs to no tracked commitment (no commitment_updates row)") in found


def test_record_and_row_disagree(damaged: Callable[..., Path]) -> None:
    path = damaged("UPDATE documents SET text = text || ' (edited)' WHERE rowid = 0")
    found = reasons(check_file(path))
    assert found == {("documents", "record disagrees with the row")}


def test_schema_problems(damaged: Callable[..., Path]) -> None:
    old = check_file(damaged("UPDATE meta SET value = '2' WHERE key = 'schema_version'"))
    assert old.schema_version == 2
    assert any("migrations are missing" in p.reason for p in old.problems)
    dropped = check_file(damaged("ALTER TABLE quantities DROP COLUMN change", "DROP VIEW global_event_counts"))
    assert Problem("quantities", "", "column change is missing") in dropped.problems
    assert Problem("global_event_counts", "", "table or view is missing") in dropped.problems
    pending = check_file(damaged("INSERT INTO meta VALUES ('relink_pending', '1')"))
    assert [p.key for p in pending.problems] == ["key=relink_pending"]


def test_many_problems_are_counted_beyond_the_limit(damaged: Callable[..., Path]) -> None:
    report = check_file(damaged("DELETE FROM event_mentions"), limit=3)
    events = [p for p in report.problems if p.table == "events"]
    assert len(events) == 3 and report.unlisted > 0
    assert report.total_problems == len(report.problems) + report.unlisted


def test_files_that_are_not_databases(tmp_path: Path, clean_db: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        check_file(tmp_path / "absent.duckdb")
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(StoreError, match="cannot be opened as a DuckDB database"):
        check_file(garbage)
    truncated = tmp_path / "truncated.duckdb"
    truncated.write_bytes(clean_db.read_bytes()[: 300_000])
    report = check_file(truncated)  # the header survives: the file opens, but its tables cannot be read
    assert not report.ok
    assert any("cannot be read" in p.reason for p in report.problems)


def test_cli_check(clean_db: Path, damaged: Callable[..., Path], tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--db", str(clean_db)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.strip().endswith(": ok") and "schema version" in ok.output
    bad = runner.invoke(main, ["check", "--db", str(damaged("UPDATE mentions SET \"end\" = 999999 WHERE rowid = 0"))])
    assert bad.exit_code == 1
    lines = bad.output.strip().splitlines()
    assert lines[0].startswith("mentions [doc_id=") and "offsets outside the document text" in lines[0]
    assert lines[-1].endswith("1 problems")
    as_json = runner.invoke(main, ["check", "--db", str(clean_db), "--format", "json"])
    assert json.loads(as_json.output)["ok"] is True
    absent = runner.invoke(main, ["check", "--db", str(tmp_path / "absent.duckdb")])
    assert absent.exit_code == 1 and absent.output.count("\n") == 1 and "no database at" in absent.output
    (tmp_path / "text.duckdb").write_text("not a database\n", encoding="utf-8")
    text = runner.invoke(main, ["check", "--db", str(tmp_path / "text.duckdb")])
    assert text.exit_code == 1 and text.output.count("\n") == 1 and "not a valid DuckDB database" in text.output


def test_hand_made_records_are_checked_against_their_own_text(tmp_path: Path) -> None:
    text = "Iran hosted Kazakhstan."
    good = Record(Document("d1", text, published="2024-01-02"), sentences=(Sentence(0, 0, len(text)),),
                  actors=(Actor("A1", "Iran", "country", "IRN", mentions=(Mention(0, 4, "Iran", 0),)),
                          Actor("A2", "Kazakhstan", "country", "KAZ", mentions=(Mention(12, 22, "Kazakhstan", 0),))),
                  events=(Event("E1", 0, ("A1",), ("A2",), "042", Span(5, 11, "hosted")),))
    with open_store(tmp_path / "h.duckdb") as store:
        store.ingest([good])
    assert check_file(tmp_path / "h.duckdb").ok
    assert len(checks()) > 40
