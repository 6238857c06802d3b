"""The Store: one DuckDB database of document records.

>>> from communique.model import Document, Record
>>> with open_store(":memory:") as store:
...     summary = store.ingest([Record(Document(id="d1", text="Hello."))])
...     (summary.stored, store.has_document("d1"), store.counts()["documents"])
(1, True, 1)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from ..errors import StoreError
from ..lexicon.memory import Memory
from ..model import Record
from . import actors as _actors
from . import migrate as _migrate
from . import queries as _q
from . import writes as _writes
from .writes import IngestSummary

MEMORY = ":memory:"


class Store:
    """A DuckDB database of records; open it with :func:`open_store`.

    Not safe for concurrent use from several threads: give each thread its
    own Store (read-only opens may share a file).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool = False) -> None:
        self._con: duckdb.DuckDBPyConnection | None = con
        self.path = path
        self.read_only = read_only

    # -- lifecycle ------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database; closing twice is harmless."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __repr__(self) -> str:
        state = "closed" if self._con is None else ("read-only" if self.read_only else "open")
        return f"<Store {self.path!r} {state}>"

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The underlying DuckDB connection, for ad-hoc SQL."""
        if self._con is None:
            raise StoreError(f"the store {self.path!r} is closed")
        return self._con

    @property
    def schema_version(self) -> int:
        return _migrate.schema_version(self.con)

    # -- writes ---------------------------------------------------------------

    def ingest(self, records: Iterable[Record], *, batch_size: int = 100) -> IngestSummary:
        """Store records, one transaction per batch; already stored ids count as duplicates.

        A batch that fails is retried one record at a time; records that
        still fail are listed in ``failures`` as (document id, reason).
        """
        if self.read_only:
            raise StoreError(f"the store {self.path!r} is open read-only; cannot ingest")
        return _writes.ingest(self.con, records, batch_size)

    # -- reads ----------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self.con.execute("SELECT count(*) FROM documents WHERE id = ?", [doc_id]).fetchone()
        return bool(row and row[0])

    def document(self, doc_id: str) -> Record | None:
        """The stored record, exactly as ingested, or None."""
        row = self.con.execute("SELECT record FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            return None
        return Record.from_dict(json.loads(row[0]))

    def documents(self, limit: int | None = None) -> list[dict[str, Any]]:
        """id, title, published, dateline, publisher, n_events, n_quotes; newest first."""
        return _q.documents(self.con, limit)

    def events(
        self, *, country: str | None = None, dyad: tuple[str, str] | None = None,
        since: str | None = None, until: str | None = None, cameo: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events as dict rows; see :mod:`communique.store.queries` for the filters.

        Each row has doc_id, event_id, date, published, sentence, source /
        target (actor names), source_ids / target_ids, source_country /
        target_country, symmetric, cameo, label, goldstein, quad_class,
        plover_type, modality, trigger_text, confidence and sentence_text.
        ``dyad=(A, B)`` matches A→B and B→A.
        """
        return _q.events(
            self.con, country=country, dyad=dyad, since=since, until=until, cameo=cameo, limit=limit,
        )

    def quotes(self, *, speaker_country: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Quotes with speaker name and country resolved through the actors table."""
        return _q.quotes(self.con, speaker_country=speaker_country, limit=limit)

    def commitments(self, *, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Commitments with by / for actor names and quantity texts resolved."""
        return _q.commitments(self.con, kind=kind, limit=limit)

    def top_dyads(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """Unordered pairs of different countries with their event counts, most first."""
        return _q.top_dyads(self.con, limit)

    def memory(self) -> Memory:
        """The people seen with an office in the stored documents, for resolving later ones."""
        return _actors.load(self.con)

    def actor_history(self, name: str) -> list[dict[str, Any]]:
        """The offices and dates seen for the people found under ``name`` (full name or alias).

        One dict per (actor, country, sector, role), earliest first: actor (the
        global id, ``"KAZ/zarina beisembayeva"``), name, country, sector, role,
        first_seen, last_seen (ISO dates or None), documents, doc_ids.
        """
        return _actors.history(self.con, name)

    def rebuild_memory(self) -> int:
        """Recompute the actor memory from the stored records; return the number of sightings.

        Needed once for a database written before schema version 2, whose
        documents were stored before the memory existed.
        """
        if self.read_only:
            raise StoreError(f"the store {self.path!r} is open read-only; cannot rebuild its memory")
        return _actors.rebuild(self.con)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return _q.counts(self.con)


def open_store(path: str | os.PathLike[str], *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the database at ``path``; ``":memory:"`` works.

    A read-only open never migrates: the database must already have this
    code's schema version. A database newer than this code raises StoreError.
    """
    name = os.fspath(path)
    if read_only and name == MEMORY:
        raise StoreError("an in-memory store cannot be opened read-only: it would be empty")
    if read_only and not Path(name).is_file():
        raise StoreError(f"no database at {name!r} to open read-only")
    try:
        con = duckdb.connect(name, read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the database {name!r}: {exc}") from exc
    try:
        if read_only:
            _migrate.check_current(con)
        else:
            _migrate.migrate(con)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot read the schema of {name!r}: {exc}") from exc
    except BaseException:
        con.close()
        raise
    return Store(con, name, read_only=read_only)
