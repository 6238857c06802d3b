"""Shards: the store's tables for a slice of documents, as Parquet files, and the manifest that counts them.

A shard is a folder ``shards/ID/`` holding one ``TABLE.parquet`` per table of
:data:`communique.store.rows.TABLES`, with exactly those columns and types
(:func:`arrow_schema`). The manifest (``manifest.json`` at the top of the output
folder) lists every finished shard with its document ids and row counts. It is
rewritten atomically (a temporary file, then ``os.replace``) only after a
shard's files are all in place, so an interrupted run never counts a shard
that is incomplete: its leftovers are simply written again.

>>> from communique.model import Document, Record
>>> tables = record_tables([Record(Document(id="d1", text="Hello."))])
>>> tables["documents"].num_rows, tables["events"].num_rows
(1, 0)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from ..model import Record
from ..store.rows import TABLE_NAMES, TABLES, merge_rows, record_rows

if TYPE_CHECKING:
    from ..store import IngestSummary, Store

MANIFEST = "manifest.json"
SHARDS = "shards"
MANIFEST_VERSION = 1

_SCALARS: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "JSON": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"),
}
_EVIDENCE = pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32()), ("text", pa.string())]))


def arrow_type(duck: str) -> pa.DataType:
    """The Arrow type of a DuckDB column type used in :data:`TABLES`."""
    if duck in _SCALARS:
        return _SCALARS[duck]
    if duck.endswith("[]") and duck[:-2] in _SCALARS:
        return pa.list_(_SCALARS[duck[:-2]])
    if duck.startswith("STRUCT("):
        return _EVIDENCE
    raise ValueError(f"no Arrow type for the DuckDB type {duck!r}")


def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of one store table, column for column."""
    return pa.schema([(name, arrow_type(kind)) for name, kind in TABLES[table]])


def rows_table(table: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    """Rows in :data:`TABLES` column order as an Arrow table with the store's schema."""
    schema = arrow_schema(table)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def utc_now() -> datetime:
    """Now, in UTC without a time zone (how the store keeps ``ingested_at``)."""
    return datetime.now(UTC).replace(tzinfo=None)


def record_tables(
    records: Iterable[Record], ingested_at: datetime | None = None,
    extra_errors: Sequence[tuple[str, str, str, str]] = (),
) -> dict[str, pa.Table]:
    """One Arrow table per store table for these records (``errors`` also gets ``extra_errors``).

    ``ingested_at`` is the same for every document of the call (default: now).
    """
    when = ingested_at or utc_now()
    merged = merge_rows([record_rows(r, when) for r in records])
    merged["errors"] = [*merged["errors"], *extra_errors]
    return {table: rows_table(table, merged[table]) for table in TABLE_NAMES}


def shard_dir(out: str | os.PathLike[str], shard_id: str) -> Path:
    return Path(out) / SHARDS / shard_id


def write_shard(tables: dict[str, pa.Table], folder: str | os.PathLike[str], shard_id: str) -> list[Path]:
    """Write ``folder/shards/ID/TABLE.parquet`` for every table (each file via a temporary name)."""
    target = shard_dir(folder, shard_id)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in TABLE_NAMES:
        path = target / f"{table}.parquet"
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(tables[table], tmp)
        os.replace(tmp, path)
        paths.append(path)
    return paths


def read_shard(folder: str | os.PathLike[str], shard_id: str) -> dict[str, pa.Table]:
    """The tables of one written shard."""
    target = shard_dir(folder, shard_id)
    return {table: pq.read_table(target / f"{table}.parquet", schema=arrow_schema(table)) for table in TABLE_NAMES}


@dataclass(frozen=True, slots=True)
class ShardEntry:
    """One finished shard: its id, the document ids it stores, the ids that failed, rows per table."""

    id: str
    documents: tuple[str, ...]
    failed: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "documents": list(self.documents), "failed": list(self.failed), "rows": self.rows}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ShardEntry:
        return cls(id=d["id"], documents=tuple(d["documents"]), failed=tuple(d.get("failed", ())),
                   rows=dict(d.get("rows", {})))


def read_manifest(out: str | os.PathLike[str]) -> dict[str, ShardEntry]:
    """The finished shards recorded in ``out/manifest.json``, by id (empty if there is none yet)."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {d["id"]: ShardEntry.from_dict(d) for d in data.get("shards", ())}


def manifest_shard_size(out: str | os.PathLike[str]) -> int | None:
    """The shard size the run that wrote ``out/manifest.json`` cut its shards by (None: no manifest, or older)."""
    path = Path(out) / MANIFEST
    if not path.is_file():
        return None
    size = json.loads(path.read_text(encoding="utf-8")).get("shard_size")
    return size if isinstance(size, int) else None


def write_manifest(out: str | os.PathLike[str], entries: Iterable[ShardEntry], shard_size: int | None = None) -> Path:
    """Replace ``out/manifest.json`` atomically with these shards (sorted by id), and the size they were cut by."""
    path = Path(out) / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"version": MANIFEST_VERSION, "tables": list(TABLE_NAMES), "shard_size": shard_size,
            "shards": [e.to_dict() for e in sorted(entries, key=lambda e: e.id)]}
    tmp = path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(body, indent=1), encoding="utf-8")
    os.replace(tmp, path)
    return path


def shard_paths(out: str | os.PathLike[str], table: str) -> list[Path]:
    """The Parquet files of ``table`` in every shard the manifest counts, in shard order."""
    return [shard_dir(out, sid) / f"{table}.parquet" for sid in sorted(read_manifest(out))]


def manifest_records(out: str | os.PathLike[str]) -> Iterable[Record]:
    """The full records stored in the counted shards (the ``record`` column of ``documents``), in order."""
    for path in shard_paths(out, "documents"):
        column = pq.read_table(path, columns=["record"]).column("record")
        for value in column.to_pylist():
            yield Record.from_dict(json.loads(value))


def load_shards(store: Store, out: str | os.PathLike[str], *, batch_size: int = 100) -> IngestSummary:
    """Store the records of every counted shard of a batch run (duplicates are skipped, as in any ingest).

    The records go through :meth:`Store.ingest`, so the cross-document tables
    (actor memory, global events, tracked commitments) are built as usual.
    """
    if not (Path(out) / MANIFEST).is_file():
        raise StoreError(f"{out} is not the output of a batch run: it has no {MANIFEST}")
    return store.ingest(manifest_records(out), batch_size=batch_size)
