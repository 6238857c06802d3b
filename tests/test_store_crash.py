"""Crashes: a store-writing command killed with SIGKILL mid-run leaves a sound database, and rerunning it
gives exactly the database of an uninterrupted run.

The commands run as real subprocesses (``python -m communique``). The moment of each kill is random but
seeded, and measured in bytes written rather than seconds (the size of the database file and its
write-ahead log, as a fraction of what the uninterrupted run wrote), so it lands mid-run however
loaded the machine is. Compared: every table and view of the main schema, rows as sorted sets; the
only column left out is ``documents.ingested_at``, the wall-clock time of the ingest.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from communique import api
from communique.errors import StoreError
from communique.lexicon.memory import Memory
from communique.model import Actor, Document, Event, Mention, Record, Sentence, Span
from communique.read.ids import document_id
from communique.scale.shards import ShardEntry, record_tables, write_manifest, write_shard
from communique.store import migrate as store_migrate
from communique.store import open_store
from communique.store import rows as store_rows
from communique.store.integrity import check_file

pytestmark = pytest.mark.slow

WALL_CLOCK = {("documents", "ingested_at")}  # the only columns whose values legitimately differ between runs
N_DOCS = 1000
BATCH = 100


# -- running and killing a command ---------------------------------------------------------------------------


def written(db: Path, *, wal_only: bool = False) -> int:
    """Bytes of the database and its write-ahead log (or the log alone) now on disk."""
    total = 0
    for f in (Path(f"{db}.wal"),) if wal_only else (db, Path(f"{db}.wal")):
        with contextlib.suppress(FileNotFoundError):  # not yet created, or removed by a checkpoint
            total += f.stat().st_size
    return total


def run(args: list[str], db: Path, *, batch: int, kill_at: int | None = None,
        wal_only: bool = False) -> tuple[str, int, float]:
    """Run ``communique ARGS --db DB``; SIGKILL it once ``written`` reaches ``kill_at`` bytes.

    Returns (its stdout, or "killed"; the most bytes seen written; seconds).
    """
    env = {**os.environ, "COMMUNIQUE_BATCH_SIZE": str(batch)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "communique", *args, "--db", str(db)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    try:
        while proc.poll() is None:
            now = written(db, wal_only=wal_only)
            peak = max(peak, now)
            if kill_at is not None and now >= kill_at:
                proc.send_signal(signal.SIGKILL)
                proc.communicate()
                return "killed", peak, time.perf_counter() - started
            time.sleep(0.002)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return out, peak, time.perf_counter() - started


def contents(db: Path) -> dict[str, list[str]]:
    """Every table and view of the main schema as a sorted list of rows (wall-clock columns left out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        out = {}
        for table in names:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall() if (table, r[0]) not in WALL_CLOCK]
            query = f"SELECT {', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)} FROM {table}"  # noqa: S608
            out[table] = sorted(repr(row) for row in con.execute(query).fetchall())
        return out
    finally:
        con.close()


def stored(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def kill_and_resume(args: list[str], tmp: Path, seeds: tuple[int, ...], *, total: int, batch: int,
                    span: tuple[float, float], wal_only: bool = False) -> list[tuple[int, float, float]]:
    """The uninterrupted run, then one killed run and its rerun per seed, each compared with it.

    Returns (documents stored at the kill, seconds to the kill, seconds of the rerun) per seed.
    """
    reference = tmp / "reference.duckdb"
    out, peak, _ = run(args, reference, batch=batch, wal_only=wal_only)
    assert f"stored {total}," in out
    expected = contents(reference)
    assert check_file(reference).ok
    timings = []
    for seed in seeds:
        db = tmp / f"killed-{seed}.duckdb"
        kill_at = int(random.Random(seed).uniform(*span) * peak)
        status, _, to_kill = run(args, db, batch=batch, kill_at=kill_at, wal_only=wal_only)
        assert status == "killed"
        report = check_file(db)  # opens after the crash, schema complete, rows consistent
        assert report.ok, [str(p) for p in report.problems]
        n = stored(db)
        assert 0 < n < total, f"seed {seed}: the kill at {kill_at} bytes did not land mid-run ({n} stored)"
        assert n % batch == 0, f"seed {seed}: {n} documents stored, not whole batches of {batch}"
        out, _, rerun = run(args, db, batch=batch)
        assert f"stored {total - n}, skipped as duplicate {n}," in out
        got = contents(db)
        assert got.keys() == expected.keys()
        for table in expected:
            assert got[table] == expected[table], f"seed {seed}: table {table} differs from the uninterrupted run"
        timings.append((n, to_kill, rerun))
    return timings


# -- the corpora -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_records() -> list[Record]:
    """The demo corpus, extracted once."""
    records = [r for r in api.extract_paths([api.demo_corpus()]) if isinstance(r, Record)]
    assert len(records) == 16
    return records


def copy_of(record: Record, k: int, shift_days: int) -> Record:
    """A distinct document made from an extracted record: a note appended to its text (offsets stay
    valid), its own id, url and a publication date moved by ``shift_days``."""
    d = record.document
    text = f"{d.text}\n\nArchive copy {k}."
    published = (date.fromisoformat(d.published) + timedelta(days=shift_days)).isoformat() if d.published else None
    return replace(record, document=replace(d, id=document_id(text), text=text, url=f"https://example.org/copy/{k}",
                                            published=published))


@pytest.fixture(scope="module")
def shards(demo_records: list[Record], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 distinct records as the output of a batch run (shards and manifest), for ``ingest --parquet``."""
    n = len(demo_records)
    records = [copy_of(demo_records[k % n], k, 3 * (k // n)) for k in range(N_DOCS)]
    assert len({r.document.id for r in records}) == N_DOCS
    out = tmp_path_factory.mktemp("crash") / "batch"
    entries = []
    for first in range(0, N_DOCS, 100):
        chunk = records[first:first + 100]
        shard_id = f"s{first // 100:04d}"
        tables = record_tables(chunk, datetime(2024, 1, 1))
        write_shard(tables, out, shard_id)
        entries.append(ShardEntry(shard_id, tuple(r.document.id for r in chunk), (),
                                  {t: v.num_rows for t, v in tables.items()}))
    write_manifest(out, entries)
    return out


# -- the tests ---------------------------------------------------------------------------------------------------


def test_killed_parquet_ingest_resumes_to_the_same_database(shards: Path, tmp_path: Path) -> None:
    timings = kill_and_resume(["ingest", "--parquet", str(shards)], tmp_path, seeds=(1, 5, 2), total=N_DOCS,
                              batch=BATCH, span=(0.15, 0.8))
    assert len(timings) == 3


def test_killed_text_ingest_resumes_to_the_same_database(tmp_path: Path) -> None:
    """``communique ingest`` of 40 articles (the demo corpus and copies of it with a note added), which
    extracts each one, resolving people through the actor memory, before storing batches of 4."""
    lines = api.demo_corpus().read_text(encoding="utf-8").splitlines()
    corpus = tmp_path / "articles.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for k in range(40):
            item = json.loads(lines[k % len(lines)])
            if k >= len(lines):
                item["text"] += f"\n\nThis is archive copy {k} of the report."
                item["published"] = (date.fromisoformat(item["published"]) + timedelta(days=k // 16)).isoformat()
            handle.write(json.dumps(item) + "\n")
    timings = kill_and_resume(["ingest", str(corpus)], tmp_path, seeds=(21,), total=40, batch=4,
                              span=(0.25, 0.75), wal_only=True)
    assert len(timings) == 1


def _version_2_database(path: Path) -> None:
    """A database written before schema version 3: documents and events, no global events yet."""
    def report(doc_id: str, day: str) -> Record:
        text = "Iran hosted Kazakhstan."
        actors = (Actor("A1", "Iran", "country", "IRN"), Actor("A2", "Kazakhstan", "country", "KAZ"))
        return Record(Document(doc_id, text, published=day), sentences=(Sentence(0, 0, len(text)),), actors=actors,
                      events=(Event("E1", 0, ("A1",), ("A2",), "042", Span(5, 11, "hosted")),))

    con = duckdb.connect(str(path))
    store_migrate.migrate(con, store_migrate.MIGRATIONS[:2])
    rows = store_rows.merge_rows([store_rows.record_rows(report(d, day), datetime(2024, 1, 1))
                                  for d, day in (("d1", "2024-01-02"), ("d2", "2024-01-04"), ("d3", "2024-03-01"))])
    for table in ("documents", "sentences", "actors", "events"):
        con.execute(store_rows.insert_sql(table), store_rows.to_columns(rows[table], len(store_rows.TABLES[table])))
    con.close()


def test_upgrade_killed_before_linking_is_finished_by_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _version_2_database(path)
    # Killed for real right after the events were linked, before the commitments were tracked.
    code = ("import os, signal, sys\nfrom communique.store import open_store, tracking\n"
            "tracking.rebuild = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)\nopen_store(sys.argv[1])\n")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    report = check_file(path)
    assert [p.key for p in report.problems] == ["key=relink_pending"]
    with pytest.raises(StoreError, match="interrupted"):
        open_store(path, read_only=True)
    with open_store(path) as store:
        assert len(store.global_events()) == 2
    assert check_file(path).ok


def test_pending_relink_is_cleared_on_a_normal_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _version_2_database(path)
    with open_store(path) as store:
        assert store.con.execute("SELECT count(*) FROM meta WHERE key = 'relink_pending'").fetchone() == (0,)
        assert len(store.global_events()) == 2
    assert check_file(path).ok


def test_memory_is_reloaded_between_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each committed batch reloads the actor memory from the store, as a resumed run starts from it."""
    calls: list[int] = []
    with open_store(":memory:") as store:
        original: Callable[[], object] = store.memory

        def counted() -> object:
            calls.append(store.counts()["documents"])
            return original()

        monkeypatch.setattr(store, "memory", counted)
        docs = [Document(f"d{i}", f"Note number {i}.") for i in range(5)]
        settings = api.Settings().with_values({"batch_size": 2})
        report = api.ingest_documents(docs, store, settings=settings)
    assert report.stored == 5
    assert calls == [0, 2, 4]


def test_memory_read_back_from_the_store_can_differ_from_one_learned_in_a_run() -> None:
    """Why the reload matters: the store keeps a person's names across offices, a run's memory per office,
    so without it a run resumed after a crash could resolve a later mention differently."""
    def seen(doc_id: str, day: str, role: str, *names: str) -> Record:
        text = " and ".join(names) + " spoke."
        mentions, at = [], 0
        for name in names:
            mentions.append(Mention(at, at + len(name), name, 0))
            at += len(name) + len(" and ")
        person = Actor("A1", "Recep Tayyip Erdogan", "person", "TUR", "GOV", role, mentions=tuple(mentions))
        return Record(Document(doc_id, text, published=day), sentences=(Sentence(0, 0, len(text)),), actors=(person,))

    first = seen("d1", "2010-05-01", "prime minister", "Recep Tayyip Erdogan", "Tayyip Erdogan")
    second = seen("d2", "2020-05-01", "president", "Recep Tayyip Erdogan")
    learned = Memory().learn(first).learn(second)
    with open_store(":memory:") as store:
        store.ingest([first, second])
        loaded = store.memory()
    assert learned.lookup("Tayyip Erdogan", on="2021-01-01").role == "prime minister"  # type: ignore[union-attr]
    assert loaded.lookup("Tayyip Erdogan", on="2021-01-01").role == "president"  # type: ignore[union-attr]
