"""The batch runner: shards and manifest, same records as extract_document, resume, errors, ingest --parquet."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from communique import api
from communique.cli import main
from communique.errors import SettingsError
from communique.model import Document, Record
from communique.read import iter_documents
from communique.scale import read_manifest, record_tables, run_batch
from communique.scale.batch import Progress, plan_shards, shard_id
from communique.scale.shards import MANIFEST, shard_dir
from communique.settings import Settings
from communique.store import open_store
from communique.store.rows import TABLE_NAMES

# Short articles written for these tests.
ARTICLES = (
    ("2023-03-14", "NAIROBI — Kenya and Ethiopia signed an agreement on Tuesday to build a new power line."),
    ("2023-03-20", "OTTAWA — Canada expelled a Chinese diplomat on Monday, the foreign ministry said."),
    ("2023-04-02", "HANOI — Vietnam hosted the Japanese prime minister on Sunday for talks on trade."),
    ("2023-04-11", "LIMA — Peru recalled its ambassador to Mexico on Tuesday after a dispute over the election."),
    ("2023-05-05", "ACCRA — Ghana and Nigeria agreed on Friday to cut tariffs on rice by 10 percent."),
    ("2023-05-19", "WARSAW — Poland asked Germany on Friday to send more tanks to Ukraine."),
    (None, "SEOUL — South Korea condemned North Korea for testing a missile, officials said."),
)
SETTINGS = Settings()
UNSTABLE = {"ingested_at"}


def write_corpus(folder: Path) -> Path:
    """Seven articles, one line that is not JSON and one repeated article, as JSON Lines."""
    lines = [json.dumps({"text": text, "published": day}) for day, text in ARTICLES]
    lines.insert(3, "{this is not json")
    lines.append(lines[0])
    path = folder / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def table_rows(out: Path, table: str, drop: set[str] = UNSTABLE) -> list[str]:
    """Every row of ``table`` across the counted shards, as sorted JSON (ingestion time left out)."""
    rows = []
    for sid in sorted(read_manifest(out)):
        for row in pq.read_table(shard_dir(out, sid) / f"{table}.parquet").to_pylist():
            rows.append(canonical(row, drop))
    return sorted(rows)


def canonical(row: dict[str, Any], drop: set[str]) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in drop}, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def pooled(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, list[Progress]]:
    """One run with two worker processes (the model is loaded once in each)."""
    out = tmp_path_factory.mktemp("pooled")
    seen: list[Progress] = []
    report = run_batch([corpus], out, workers=2, shard_size=3, settings=SETTINGS, progress=seen.append)
    return out, report, seen


def expected_records(corpus: Path) -> list[Record]:
    docs = [item for item in iter_documents([corpus]) if isinstance(item, Document)]
    first: dict[str, Document] = {}
    for d in docs:
        first.setdefault(d.id, d)  # the first of repeated documents wins
    unique = list(first.values())
    return [api.extract_document(d, SETTINGS) for d in unique]


def test_two_workers_write_shards_and_manifest(pooled: tuple[Path, Any, list[Progress]]) -> None:
    out, report, seen = pooled
    manifest = read_manifest(out)
    # 7 articles + 1 unreadable line = 8 items (the repeat is dropped): shards of 3, 3 and 2.
    assert report.complete and report.shards == report.written == 3 and report.skipped == 0
    assert (report.documents, report.failed, report.duplicates) == (7, 1, 1)
    assert [len(e.documents) + len(e.failed) for e in manifest.values()] == [3, 3, 2]
    assert (out / MANIFEST).is_file()
    for sid, entry in manifest.items():
        assert {p.name for p in shard_dir(out, sid).iterdir()} == {f"{t}.parquet" for t in TABLE_NAMES}
        assert entry.rows["documents"] == len(entry.documents)
    assert seen[-1].done == seen[-1].total == 8 and seen[-1].eta_seconds == 0
    assert all(p.docs_per_second > 0 for p in seen)


def test_shard_records_equal_extract_document(pooled: tuple[Path, Any, list[Progress]], corpus: Path) -> None:
    out, _, _ = pooled
    expected = expected_records(corpus)
    stored = [json.loads(r) for sid in sorted(read_manifest(out))
              for r in pq.read_table(shard_dir(out, sid) / "documents.parquet").column("record").to_pylist()]
    assert stored == [r.to_dict() for r in expected]
    tables = record_tables(expected)
    for table in TABLE_NAMES:
        if table == "errors":
            continue
        want = sorted(canonical(row, UNSTABLE) for row in tables[table].to_pylist())
        assert table_rows(out, table) == want, table
    assert tables["events"].num_rows > 0


def test_unreadable_line_is_an_error_row(pooled: tuple[Path, Any, list[Progress]]) -> None:
    out, _, _ = pooled
    errors = [json.loads(r) for r in table_rows(out, "errors")]
    read = [e for e in errors if e["stage"] == "read"]
    assert len(read) == 1
    assert read[0]["doc_id"].endswith("corpus.jsonl:4") and read[0]["error"] == "InputError"
    assert "not JSON" in read[0]["message"]


def test_interrupted_run_resumes_to_the_same_shards(
    pooled: tuple[Path, Any, list[Progress]], corpus: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "resumed"
    first = run_batch([corpus], out, workers=0, shard_size=3, settings=SETTINGS, stop_after=1)
    assert not first.complete and first.written == 1 and len(read_manifest(out)) == 1
    # A shard cut off mid-write: files on disk but not in the manifest, so not counted.
    leftover = shard_dir(out, shard_id(1, "x"))
    leftover.mkdir(parents=True)
    (leftover / "documents.parquet").write_bytes(b"half a file")
    second = run_batch([corpus], out, workers=0, shard_size=3, settings=SETTINGS)
    assert second.complete and second.skipped == 1 and second.written == 2
    assert set(read_manifest(out)) == set(read_manifest(pooled[0]))
    ids = [doc for entry in read_manifest(out).values() for doc in entry.documents]
    assert len(ids) == len(set(ids)) == 7
    for table in TABLE_NAMES:
        assert table_rows(out, table) == table_rows(pooled[0], table), table
    third = run_batch([corpus], out, workers=0, shard_size=3, settings=SETTINGS)
    assert (third.written, third.skipped) == (0, 3)


def test_a_resume_with_another_shard_size_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "sized"
    run_batch([corpus], out, workers=0, shard_size=2, settings=SETTINGS, stop_after=1)
    with pytest.raises(SettingsError, match="--shard-size 2"):  # the shards would not line up: documents lost
        run_batch([corpus], out, workers=0, shard_size=3, settings=SETTINGS)
    finished = run_batch([corpus], out, workers=0, shard_size=2, settings=SETTINGS)
    ids = [doc for entry in read_manifest(out).values() for doc in entry.documents]
    assert finished.complete and len(ids) == len(set(ids)) == 7


def test_failing_document_goes_to_errors(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = api.extract_document

    def flaky(document: Document, settings: Settings | None = None, **options: Any) -> Record:
        if "Ottawa" in document.text or "OTTAWA" in document.text:
            raise RuntimeError("the parser fell over")
        return original(document, settings, **options)

    monkeypatch.setattr(api, "extract_document", flaky)
    out = tmp_path / "flaky"
    report = run_batch([corpus], out, workers=0, shard_size=4, settings=SETTINGS)
    assert (report.documents, report.failed) == (6, 2)
    errors = [json.loads(r) for r in table_rows(out, "errors")]
    failed = [e for e in errors if e["stage"] == "extract"]
    assert len(failed) == 1 and failed[0]["error"] == "RuntimeError"
    assert failed[0]["message"] == "the parser fell over"
    stored = {json.loads(r)["id"] for r in table_rows(out, "documents")}
    assert failed[0]["doc_id"] not in stored and len(stored) == 6


def test_plan_shards_is_deterministic_and_drops_repeats(corpus: Path) -> None:
    plans = list(plan_shards(iter_documents([corpus]), 3))
    again = list(plan_shards(iter_documents([corpus]), 3))
    assert [p.id for p in plans] == [p.id for p in again]
    assert [len(p.items) for p in plans] == [3, 3, 2]
    with pytest.raises(ValueError):
        list(plan_shards([], 0))


def test_cli_batch_then_ingest_parquet(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("COMMUNIQUE_"):
            monkeypatch.delenv(name)
    out, db = tmp_path / "shards", tmp_path / "store.duckdb"
    runner = CliRunner()
    result = runner.invoke(main, ["batch", str(corpus), "--out", str(out), "--workers", "0", "--shard-size", "5",
                                  "--quiet"])
    assert result.exit_code == 0, result.output
    assert "documents 7, failed 1, duplicates 1" in result.output
    result = runner.invoke(main, ["ingest", "--parquet", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "stored 7" in result.output
    with open_store(db, read_only=True) as store:
        assert store.counts()["documents"] == 7
        events = store.events()
        assert events and {e["doc_id"] for e in events} <= {json.loads(r)["id"]
                                                             for r in table_rows(out, "documents")}
    again = runner.invoke(main, ["ingest", "--parquet", str(out), "--db", str(db)])
    assert again.exit_code == 0 and "skipped as duplicate 7" in again.output
    missing = runner.invoke(main, ["ingest", "--parquet", str(tmp_path), "--db", str(db)])
    assert missing.exit_code == 1 and "no manifest.json" in missing.output
