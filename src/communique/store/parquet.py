"""A folder of Parquet files, queried as a read-only store.

Three kinds of folder hold the store's tables as Parquet, and each can be
opened with :func:`open_parquet` (or ``communique events --db FOLDER`` and the
other query commands) without loading it into a database first:

- ``batch``: the output of ``communique batch`` (a ``manifest.json`` and
  ``shards/ID/TABLE.parquet``); only the shards the manifest counts are read,
  so the leftovers of an interrupted run are never seen;
- ``spark``: the output of ``communique spark`` (``TABLE/month=…/*.parquet``,
  partitioned by publication month); the ``month`` column is left out and
  hidden files (``_SUCCESS``, ``_temporary/``, ``.crc``) are skipped;
- ``export``: the output of ``communique export --format parquet``
  (``TABLE.parquet`` for every table and ``meta.parquet``), which must have
  this code's schema version.

The store is an in-memory DuckDB database with the current schema in which
every per-document table (:data:`communique.store.rows.TABLES`) is replaced by
a view over the Parquet files, so the store's query code runs unchanged and
the files are read, never copied or written. A ``batch`` or ``spark`` folder
has no tables across documents (actor memory, global events, tracked
commitments): they are computed in memory when the folder is opened, from the
stored records in date order and in steps of 500, as ``Store.relink`` and
``Store.rebuild_memory`` compute them for a database (so they can differ at the
edges of the matching window from a database ingested in another order). This
parses every record twice; give ``relations=False`` to skip it when only the
per-document tables are wanted. An ``export`` folder has them all, as views too.

Every write (``ingest``, ``import_parquet``, ``relink``, ``rebuild_memory``)
raises :class:`~communique.errors.StoreError`.

>>> kind_of("/nonexistent") is None
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from ..errors import StoreError
from ..model import Record
from . import actors as _actors
from . import linking as _linking
from . import migrate as _migrate
from . import tracking as _tracking
from .db import Store
from .exports import STORE_TABLES
from .rows import TABLE_NAMES, TABLES
from .writes import IngestSummary

Kind = Literal["batch", "spark", "export"]
MANIFEST = "manifest.json"  # communique.scale.shards.MANIFEST
META = "meta.parquet"
RELATIONS_BATCH = 500  # records per step when computing the tables across documents (as the rebuilds do)


@dataclass(frozen=True, slots=True)
class ParquetFolder:
    """A folder of Parquet files: its kind and the files of each table it has."""

    path: Path
    kind: Kind
    files: dict[str, tuple[Path, ...]]


def kind_of(folder: str | os.PathLike[str]) -> Kind | None:
    """What a folder holds: ``batch``, ``spark`` or ``export`` Parquet output; None for anything else."""
    root = Path(folder)
    if not root.is_dir():
        return None
    if (root / MANIFEST).is_file():
        return "batch"
    if (root / META).is_file():
        return "export"
    if (root / "documents").is_dir():
        return "spark"
    return None


def _visible(path: Path, root: Path) -> bool:
    """Not a hidden or bookkeeping file of a writer (``_SUCCESS``, ``_temporary/``, ``.part.crc``)."""
    return not any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)


def _batch_files(root: Path) -> dict[str, tuple[Path, ...]]:
    from ..scale.shards import shard_paths  # the manifest's reader (scale depends on store, not the reverse)

    try:
        files = {table: tuple(shard_paths(root, table)) for table in TABLE_NAMES}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"cannot read the manifest of {root}: {exc}") from exc
    missing = [str(p) for paths in files.values() for p in paths if not p.is_file()]
    if missing:
        raise StoreError(f"the manifest of {root} counts shard files that are missing: {', '.join(missing[:3])}")
    return files


def _spark_files(root: Path) -> dict[str, tuple[Path, ...]]:
    files = {}
    for table in TABLE_NAMES:
        folder = root / table
        if not folder.is_dir():
            raise StoreError(f"{root} looks like the output of `communique spark` but has no {table}/ folder")
        files[table] = tuple(sorted(p for p in folder.rglob("*.parquet") if p.is_file() and _visible(p, folder)))
    return files


def _export_files(root: Path) -> dict[str, tuple[Path, ...]]:
    missing = [f"{t}.parquet" for t in STORE_TABLES if not (root / f"{t}.parquet").is_file()]
    if missing:
        raise StoreError(f"the export in {root} lacks {', '.join(missing)}")
    return {table: (root / f"{table}.parquet",) for table in STORE_TABLES}


def read_folder(folder: str | os.PathLike[str]) -> ParquetFolder:
    """The kind and the files of a Parquet folder; StoreError if it is not one communique wrote."""
    root = Path(folder)
    kind = kind_of(root)
    if kind is None:
        raise StoreError(f"{root} is not a folder of communique Parquet files: expected {MANIFEST} "
                         f"(communique batch), documents/ (communique spark) or {META} (communique export)")
    listing = {"batch": _batch_files, "spark": _spark_files, "export": _export_files}[kind]
    return ParquetFolder(root, kind, listing(root))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(table: str, files: Sequence[Path], *, hive: bool = False) -> str:
    """``CREATE VIEW table`` over Parquet files, with the store's columns and types (others are left out)."""
    columns = ", ".join(f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in TABLES[table])
    paths = ", ".join(_literal(str(p)) for p in files)
    source = f"read_parquet([{paths}], hive_partitioning = {str(hive).lower()}, union_by_name = true)"
    return f"CREATE VIEW {table} AS SELECT {columns} FROM {source}"  # noqa: S608 - names from TABLES, paths quoted


def _export_view_sql(table: str, path: Path) -> str:
    return f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_literal(str(path))})"  # noqa: S608 - constants


def _check_export_version(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    found = con.execute("SELECT value FROM read_parquet(?) WHERE key = 'schema_version'",
                        [str(root / META)]).fetchone()
    if found is None or found[0] != str(_migrate.SCHEMA_VERSION):
        raise StoreError(f"the export in {root} has schema version {found[0] if found else 'none'}; this "
                         f"communique reads version {_migrate.SCHEMA_VERSION}: export it again with this version")


def _records(con: duckdb.DuckDBPyConnection, order: str, size: int) -> Iterator[list[Record]]:
    """The stored records in ``order``, ``size`` at a time (read on a cursor of their own)."""
    reader = con.cursor()
    try:
        reader.execute(f"SELECT record FROM documents ORDER BY {order}")  # noqa: S608 - order is a constant
        while rows := reader.fetchmany(size):
            yield [Record.from_dict(json.loads(row[0])) for row in rows]
    finally:
        reader.close()


def build_relations(con: duckdb.DuckDBPyConnection, size: int = RELATIONS_BATCH) -> tuple[int, int, int]:
    """Fill the (empty) tables across documents from the stored records, in the rebuilds' order;
    return (actor sightings, event reports linked, commitment updates)."""
    sightings = sum(_actors.write(con, batch) for batch in _records(con, "published NULLS FIRST, id", size))
    linked = updates = 0
    for batch in _records(con, "published NULLS LAST, id", size):
        linked += _linking.link(con, batch)
        updates += _tracking.track(con, batch)
    return sightings, linked, updates


class ParquetStore(Store):
    """A read-only :class:`Store` over a Parquet folder; open it with :func:`open_parquet`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, folder: ParquetFolder) -> None:
        super().__init__(con, str(folder.path), read_only=True)
        self.folder = folder

    @property
    def kind(self) -> Kind:
        return self.folder.kind

    def __repr__(self) -> str:
        state = "closed" if self._con is None else self.kind
        return f"<ParquetStore {self.path!r} {state}>"

    def _refuse(self, what: str) -> StoreError:
        return StoreError(f"{self.path!r} is a folder of Parquet files ({self.kind}), read-only: cannot {what}; "
                          "load it into a database with `communique ingest --parquet` or `communique import`")

    def ingest(self, records: object, *, batch_size: int = 100) -> IngestSummary:
        raise self._refuse("ingest")

    def import_parquet(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        raise self._refuse("import")

    def relink(self) -> tuple[int, int]:
        raise self._refuse("relink")

    def rebuild_memory(self) -> int:
        raise self._refuse("rebuild its memory")


def open_parquet(folder: str | os.PathLike[str], *, relations: bool = True) -> ParquetStore:
    """Open a Parquet folder (``batch``, ``spark`` or ``export`` output) as a read-only store.

    See the module docstring. Raises StoreError for a folder communique did not
    write, a manifest that counts missing files, an export of another schema
    version, or files DuckDB cannot read.
    """
    found = read_folder(folder)
    con = duckdb.connect(":memory:")
    try:
        _migrate.migrate(con)
        if found.kind == "export":
            _check_export_version(con, found.path)
        for table, files in found.files.items():
            if not files:
                continue  # no rows anywhere: the empty table of the schema stands in
            con.execute(f"DROP TABLE {table}")  # noqa: S608 - names from TABLES / STORE_TABLES
            if found.kind == "export":
                con.execute(_export_view_sql(table, files[0]))
            else:
                con.execute(view_sql(table, files, hive=found.kind == "spark"))
        if relations and found.kind != "export":
            build_relations(con)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot read the Parquet files in {found.path}: {exc}") from exc
    except BaseException:
        con.close()
        raise
    return ParquetStore(con, found)
