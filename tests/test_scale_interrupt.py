"""`communique batch` killed midway (SIGKILL of the whole process group, or Ctrl-C), then rerun:
the same rows as an uninterrupted run, no document lost and none stored twice.

Each run is a real subprocess in its own session, so the signal reaches the
parent and its worker processes together, as it would from a terminal or a
job scheduler.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from communique.model import Document
from communique.read import iter_documents
from communique.scale.shards import MANIFEST, read_manifest, shard_dir
from communique.store.rows import TABLE_NAMES

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")

SHARD_SIZE = 2
DOCUMENTS = 64
UNSTABLE = {"ingested_at"}  # the time a shard was written

# Sentence patterns written for this test; the corpus is generated from them.
COUNTRIES = ("Kenya", "Ethiopia", "Canada", "Japan", "Vietnam", "Peru", "Mexico", "Ghana", "Nigeria", "Poland",
             "Germany", "Brazil", "Argentina", "India", "Indonesia", "Egypt")
CITIES = ("NAIROBI", "OTTAWA", "HANOI", "LIMA", "ACCRA", "WARSAW", "BRASILIA", "CAIRO")
PATTERNS = (
    "{city} — {a} and {b} signed an accord on {day} to expand trade in grain and fertiliser.",
    "{city} — The foreign minister of {a} met her counterpart from {b} on {day} to talk about fishing rights.",
    "{city} — {a} criticised {b} on {day} for closing a border crossing without warning.",
    "{city} — {a} promised on {day} to send 200 tonnes of medicine to {b} before the end of the year.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def corpus_lines(n: int) -> list[str]:
    """``n`` short articles as JSON Lines, each with its own URL (so its own document id)."""
    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b]
    lines = []
    for i in range(n):
        a, b = pairs[(i * 7) % len(pairs)]
        text = PATTERNS[i % len(PATTERNS)].format(city=CITIES[i % len(CITIES)], a=a, b=b, day=DAYS[i % len(DAYS)])
        lines.append(json.dumps({"text": text, "url": f"https://news.example/world/{i:03d}",
                                 "published": f"2023-{1 + i % 12:02d}-{1 + i % 27:02d}"}, ensure_ascii=False))
    return lines


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("COMMUNIQUE_")}


def batch_command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "communique", "batch", str(corpus), "--out", str(out), "--workers", "2",
            "--shard-size", str(SHARD_SIZE), "--quiet"]


def run_to_end(corpus: Path, out: Path) -> str:
    done = subprocess.run(batch_command(corpus, out), cwd=out.parent, env=_env(), capture_output=True, text=True,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def counted(out: Path) -> int:
    """Shards the manifest counts (0 while there is none, or while it cannot be read)."""
    try:
        return len(read_manifest(out))
    except (OSError, ValueError):
        return 0


def run_and_stop(corpus: Path, out: Path, sig: signal.Signals, total: int) -> subprocess.CompletedProcess[str]:
    """Start the batch, wait until at least one shard is counted, signal the whole process group."""
    process = subprocess.Popen(batch_command(corpus, out), cwd=out.parent, env=_env(), start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    try:
        while counted(out) < 1:
            if process.poll() is not None:
                pytest.fail(f"the batch ended before it could be interrupted: {process.stderr.read()}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                pytest.fail("no shard was finished within two minutes")
            time.sleep(0.005)
        os.killpg(process.pid, sig)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert counted(out) < total, "the run finished before the signal: nothing was interrupted"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def table_rows(out: Path, table: str) -> list[str]:
    """Every row of ``table`` in the counted shards, as canonical JSON, sorted (repeats kept)."""
    rows = []
    for sid in sorted(read_manifest(out)):
        for row in pq.read_table(shard_dir(out, sid) / f"{table}.parquet").to_pylist():
            rows.append(canonical(row))
    return sorted(rows)


def canonical(row: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in UNSTABLE}, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interrupt-corpus") / "world.jsonl"
    path.write_text("\n".join(corpus_lines(DOCUMENTS)) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected_ids(corpus: Path) -> set[str]:
    ids = {item.id for item in iter_documents([corpus]) if isinstance(item, Document)}
    assert len(ids) == DOCUMENTS
    return ids


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    run_to_end(corpus, out)
    return out


def check_same_as_uninterrupted(out: Path, reference: Path, expected_ids: set[str]) -> None:
    manifest = read_manifest(out)
    assert set(manifest) == set(read_manifest(reference))
    ids = [doc for entry in manifest.values() for doc in entry.documents]
    assert len(ids) == len(set(ids)), "a document was stored twice"
    assert set(ids) == expected_ids, "a document was lost"
    for table in TABLE_NAMES:
        assert table_rows(out, table) == table_rows(reference, table), table
    documents = table_rows(out, "documents")
    assert len(documents) == DOCUMENTS


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "ctrl-c"])
def test_interrupted_batch_resumes_to_the_uninterrupted_result(
    sig: signal.Signals, corpus: Path, uninterrupted: Path, expected_ids: set[str], tmp_path: Path,
) -> None:
    total = len(read_manifest(uninterrupted))
    assert total == DOCUMENTS // SHARD_SIZE
    out = tmp_path / "out"
    stopped = run_and_stop(corpus, out, sig, total)
    if sig == signal.SIGKILL:
        assert stopped.returncode == -signal.SIGKILL
    else:
        assert stopped.returncode != 0  # click reports "Aborted!"
    before = counted(out)
    assert 1 <= before < total
    assert (out / MANIFEST).is_file()
    summary = run_to_end(corpus, out)
    assert f"shards {total} ({total - before} written, {before} already done)" in summary
    check_same_as_uninterrupted(out, uninterrupted, expected_ids)
