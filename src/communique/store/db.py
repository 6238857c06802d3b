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
from typing import IO, TYPE_CHECKING, Any

import duckdb

from ..errors import QueryError, StoreError
from ..lexicon.memory import Memory
from ..model import Record
from . import actors as _actors
from . import exports as _exports
from . import linking as _linking
from . import migrate as _migrate
from . import queries as _q
from . import relations as _rel
from . import tracking as _tracking
from . import writes as _writes
from .writes import IngestSummary

if TYPE_CHECKING:
    import pandas as pd

MEMORY = ":memory:"
RELATIONS_VERSION = 3  # the schema version that brought cross-document events and commitment tracking


RELINK_PENDING = "relink_pending"  # a meta key present while an upgrade's relink has not finished


def _relink_pending(con: duckdb.DuckDBPyConnection) -> bool:
    if _migrate.schema_version(con) == 0:
        return False
    return con.execute("SELECT count(*) FROM meta WHERE key = ?", [RELINK_PENDING]).fetchone() != (0,)


def _relink(con: duckdb.DuckDBPyConnection) -> None:
    """After upgrading a database older than version 3: build its global events and threads.

    The ``relink_pending`` row of ``meta`` is written before the upgrade starts and removed only
    after both rebuilds have committed, so an upgrade killed half-way is finished by the next open
    (each rebuild starts from scratch, so running it again is harmless).
    """
    _linking.rebuild(con)
    _tracking.rebuild(con, _linking.load_records)
    con.execute("DELETE FROM meta WHERE key = ?", [RELINK_PENDING])


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
        limit: int | None = None, actor: str | None = None, root: str | None = None,
        quad_class: int | None = None, plover: str | None = None, modality: str | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        """Events as dict rows; see :mod:`communique.store.queries` for the filters.

        Each row has doc_id, event_id, date, published, sentence, source /
        target (actor names), source_ids / target_ids, source_country /
        target_country, symmetric, cameo, label, goldstein, quad_class,
        plover_type, modality, trigger_text, confidence, sentence_text and
        global_id (the cross-document event it reports). ``dyad=(A, B)``
        matches A→B and B→A; ``actor`` and ``text`` search names and sentences.
        """
        return _q.events(
            self.con, country=country, dyad=dyad, since=since, until=until, cameo=cameo, limit=limit,
            actor=actor, root=root, quad_class=quad_class, plover=plover, modality=modality, text=text,
        )

    def quotes(
        self, *, speaker_country: str | None = None, limit: int | None = None, speaker: str | None = None,
        text: str | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes with speaker name and country resolved through the actors table."""
        return _q.quotes(self.con, speaker_country=speaker_country, limit=limit, speaker=speaker, text=text)

    def commitments(
        self, *, kind: str | None = None, limit: int | None = None, party: str | None = None,
        status: str | None = None,
    ) -> list[dict[str, Any]]:
        """Commitment reports with by / for actor names and quantity texts resolved."""
        return _q.commitments(self.con, kind=kind, limit=limit, party=party, status=status)

    # -- relations across documents -------------------------------------------

    def global_events(
        self, *, dyad: tuple[str, str] | None = None, since: str | None = None, until: str | None = None,
        min_articles: int = 1, limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Cross-document events: one row each, with num_mentions / num_sources / num_articles and the
        earliest report's sentence and document (see :mod:`communique.store.linking` for the rule)."""
        return _rel.global_events(self.con, dyad=dyad, since=since, until=until, min_articles=min_articles,
                                  limit=limit)

    def event_mentions(self, global_id: int) -> list[dict[str, Any]]:
        """The reports of one global event, earliest first."""
        return _rel.mentions(self.con, global_id)

    def dyad(self, a: str, b: str, *, since: str | None = None, until: str | None = None,
             limit: int = 20) -> _rel.DyadReport:
        """The relation between two countries over time: see :func:`communique.store.relations.dyad`."""
        return _rel.dyad(self.con, a, b, since=since, until=until, limit=limit)

    def tracked_commitments(
        self, *, kind: str | None = None, party: str | None = None, status: str | None = None,
        open_only: bool = False, limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Commitments tracked across documents, with current status and history
        (see :mod:`communique.store.tracking`)."""
        return _rel.threads(self.con, kind=kind, party=party, status=status, open_only=open_only, limit=limit)

    def actors(
        self, *, name: str | None = None, country: str | None = None, kind: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Global actors with their names, roles, documents and mention counts."""
        return _rel.actors(self.con, name=name, country=country, kind=kind, limit=limit)

    def frame(self, what: str, **filters: Any) -> pd.DataFrame:
        """Any listing as a pandas DataFrame: ``store.frame("events", dyad=("IRN", "KAZ"))``.

        ``what`` is one of events, global_events, quotes, commitments,
        tracked_commitments, actors, documents, or one of the dyad parts
        timeline, dyad_events, agreements, open, quotes_of_dyad (then give ``pair=(A, B)``).
        """
        import pandas as pd

        listings = {"events": self.events, "global_events": self.global_events, "quotes": self.quotes,
                    "commitments": self.commitments, "tracked_commitments": self.tracked_commitments,
                    "actors": self.actors, "documents": self.documents}
        parts = {"timeline": "timeline", "dyad_events": "events", "agreements": "agreements", "open": "open",
                 "quotes_of_dyad": "quotes"}
        if what in listings:
            return pd.DataFrame(listings[what](**filters))
        if what in parts:
            pair = filters.pop("pair", None)
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise QueryError(f"frame({what!r}) needs pair=(A, B), two country codes")
            return pd.DataFrame(getattr(self.dyad(pair[0], pair[1], **filters), parts[what]))
        raise QueryError(f"frame() shows one of {', '.join([*listings, *parts])}; got {what!r}")

    def export(self, fmt: str, out: IO[str] | str | os.PathLike[str]) -> int:
        """Write the store as ``gdelt``, ``plover``, ``csv`` or ``jsonl`` to a text stream or file, or as
        ``parquet`` to a folder; return the number of rows (for parquet, documents) written.
        See :mod:`communique.store.exports` for every field."""
        if fmt == "parquet":
            if not isinstance(out, (str, os.PathLike)):
                raise StoreError("the parquet export writes a folder: give its path")
            return _exports.export_parquet(self.con, out)["documents"]
        writers = {"gdelt": _exports.write_gdelt, "plover": _exports.write_plover, "csv": _exports.write_csv,
                   "jsonl": _exports.write_jsonl}
        if fmt not in writers:
            raise QueryError(f"export format must be one of {', '.join(_exports.FORMATS)}; got {fmt!r}")
        if isinstance(out, (str, os.PathLike)):
            with open(out, "w", encoding="utf-8", newline="") as handle:
                return writers[fmt](self.con, handle)
        return writers[fmt](self.con, out)

    def import_parquet(self, folder: str | os.PathLike[str]) -> dict[str, int]:
        """Load a Parquet export into this empty store; return rows per table."""
        if self.read_only:
            raise StoreError(f"the store {self.path!r} is open read-only; cannot import")
        return _exports.import_parquet(self.con, folder)

    def relink(self) -> tuple[int, int]:
        """Rebuild the global events and the tracked commitments from the stored records, in date
        order; return (event reports linked, commitment updates written)."""
        if self.read_only:
            raise StoreError(f"the store {self.path!r} is open read-only; cannot relink")
        return _linking.rebuild(self.con), _tracking.rebuild(self.con, _linking.load_records)

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
    Upgrading a database older than version 3 links its stored events into
    global events and its commitments into threads (see :mod:`.linking`, :mod:`.tracking`);
    an upgrade interrupted before that finished is completed by the next open.
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
            if _relink_pending(con):
                raise StoreError(f"the upgrade of {name!r} was interrupted before its events were linked: "
                                 "open it once without read_only to finish it")
        else:
            before = _migrate.schema_version(con)
            if 0 < before < RELATIONS_VERSION:
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", [RELINK_PENDING])
            _migrate.migrate(con)
            if _relink_pending(con):
                _relink(con)
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot read the schema of {name!r}: {exc}") from exc
    except BaseException:
        con.close()
        raise
    return Store(con, name, read_only=read_only)
