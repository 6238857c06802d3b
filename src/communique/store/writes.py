"""Writing records: batched, idempotent, and one bad record never loses a batch.

Each batch is written in one transaction. A record whose document id is
already stored (or appears earlier in the same run) is skipped and counted as
a duplicate, so re-ingesting a corpus is harmless. If a batch fails, it is
rolled back and retried one record per transaction; the records that still
fail are reported in :attr:`IngestSummary.failures` with the reason, and the
others are stored. The actor memory (:mod:`.actors`) is updated in the same
transaction, for the stored records only, and so are the cross-document
events (:mod:`.linking`) and the tracked commitments (:mod:`.tracking`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import duckdb

from ..errors import StoreError
from ..model import Record
from . import actors as _actors
from . import linking as _linking
from . import rows as _rows
from . import tracking as _tracking


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What an ingest did: records read, stored, skipped as duplicates, failed."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: tuple[tuple[str, str], ...] = ()  # (document id, reason)

    def __add__(self, other: IngestSummary) -> IngestSummary:
        return IngestSummary(
            self.read + other.read, self.stored + other.stored,
            self.duplicates + other.duplicates, self.failed + other.failed,
            self.failures + other.failures,
        )


def batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Split an iterable into lists of at most ``size`` items, lazily."""
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _doc_id(record: Any) -> str:
    document = getattr(record, "document", None)
    return str(getattr(document, "id", "<no document id>"))


def _stored_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    found = con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids])
    return {row[0] for row in found.fetchall()}


def _insert(con: duckdb.DuckDBPyConnection, table_rows: dict[str, list[tuple[Any, ...]]]) -> None:
    for table, cols in _rows.TABLES.items():
        if table_rows[table]:
            con.execute(_rows.insert_sql(table), _rows.to_columns(table_rows[table], len(cols)))


RowMaker = Callable[[Record, datetime], dict[str, list[tuple[Any, ...]]]]


def write_batch(
    con: duckdb.DuckDBPyConnection, batch: list[Record], make_rows: RowMaker | None = None,
) -> tuple[int, int]:
    """Write one batch in one transaction; return (stored, duplicates).

    Ids already in the database, or repeated within the batch, are
    duplicates. Any exception rolls the batch back and propagates. ``make_rows`` defaults to :func:`rows.record_rows`.
    """
    make_rows = make_rows or _rows.record_rows
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN TRANSACTION")
    try:
        ids = [_doc_id(r) for r in batch]
        already = _stored_ids(con, ids)
        fresh: list[Record] = []
        fresh_ids: set[str] = set()
        for record, doc_id in zip(batch, ids, strict=True):
            if doc_id in already or doc_id in fresh_ids:
                continue
            fresh.append(record)
            fresh_ids.add(doc_id)
        _insert(con, _rows.merge_rows([make_rows(r, now) for r in fresh]))
        _actors.write(con, fresh)
        _linking.link(con, fresh)
        _tracking.track(con, fresh)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(fresh), len(batch) - len(fresh)


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def ingest(
    con: duckdb.DuckDBPyConnection, records: Iterable[Record], batch_size: int = 100,
    make_rows: RowMaker | None = None,
) -> IngestSummary:
    """Store records in batches of ``batch_size``; see the module docstring."""
    if batch_size < 1:
        raise StoreError(f"batch_size must be a positive integer, got {batch_size!r}")
    total = IngestSummary()
    for batch in batches(records, batch_size):
        try:
            stored, dups = write_batch(con, batch, make_rows)
        # Any exception: a bug in one record must not cost the rest of the batch.
        except Exception:  # noqa: BLE001 - retried record by record
            total += IngestSummary(read=len(batch)) + _one_by_one(con, batch, make_rows)
        else:
            total += IngestSummary(len(batch), stored, dups)
    return total


def _one_by_one(
    con: duckdb.DuckDBPyConnection, batch: list[Record], make_rows: RowMaker | None,
) -> IngestSummary:
    """Retry a failed batch one record per transaction, collecting the failures."""
    total = IngestSummary()
    for record in batch:
        try:
            stored, dups = write_batch(con, [record], make_rows)
        except Exception as exc:  # noqa: BLE001 - reported in the summary
            total += IngestSummary(failed=1, failures=((_doc_id(record), _reason(exc)),))
        else:
            total += IngestSummary(stored=stored, duplicates=dups)
    return total
