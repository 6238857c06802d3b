"""The store's actor memory: who was seen with which office, when, under which names.

Tables (migration 0002): ``actor_sightings`` has one row per global actor,
document and office; ``actor_names`` every name a global actor is found under;
the view ``actor_roles`` sums the sightings per (actor, country, sector, role)
into first and last dates seen and a document count. :func:`write` runs inside
the ingest transaction, for the records that are actually stored, so a
duplicate document never counts twice. What a record contributes is decided by
:func:`communique.lexicon.memory.sightings`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import duckdb

from ..lexicon.memory import KnownActor, Memory, sightings
from ..lexicon.records import normalise
from ..model import Record
from .rows import iso_date, to_columns

_SIGHTINGS = (
    "INSERT INTO actor_sightings (actor, doc_id, name, country, sector, role, published) "
    "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
    "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DATE[])"
)
_NAMES = (
    "INSERT INTO actor_names (actor, name, norm) "
    "SELECT s.actor, s.name, s.norm FROM (SELECT unnest(?::VARCHAR[]) AS actor, unnest(?::VARCHAR[]) AS name, "
    "unnest(?::VARCHAR[]) AS norm) AS s "
    "WHERE NOT EXISTS (SELECT 1 FROM actor_names n WHERE n.actor = s.actor AND n.norm = s.norm)"
)
_ROLES = (
    "SELECT actor, name, country, sector, role, first_seen, last_seen, documents FROM actor_roles "
    "ORDER BY first_seen NULLS FIRST, actor, sector NULLS FIRST, role NULLS FIRST"
)
_HISTORY = """
SELECT s.actor, arg_min(s.name, coalesce(s.published, DATE '9999-12-31')) AS name, s.country, s.sector, s.role,
       min(s.published) AS first_seen, max(s.published) AS last_seen,
       count(DISTINCT s.doc_id) AS documents, list(DISTINCT s.doc_id ORDER BY s.doc_id) AS doc_ids
FROM actor_sightings s
WHERE s.actor IN (SELECT actor FROM actor_names WHERE norm = ?)
GROUP BY s.actor, s.country, s.sector, s.role
ORDER BY first_seen NULLS LAST, last_seen NULLS LAST, s.actor, s.role
"""


def memory_rows(records: Iterable[Record]) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str]]]:
    """(sighting rows, name rows) for records about to be stored; names once per actor."""
    seen_rows: list[tuple[Any, ...]] = []
    names: dict[tuple[str, str], str] = {}
    for record in records:
        day = iso_date(record.document.published)
        for known in sightings(record):
            key = known.key
            seen_rows.append((key, record.document.id, known.name, known.country, known.sector, known.role, day))
            for name in (known.name, *known.aliases):
                norm = normalise(name)
                if norm:
                    names.setdefault((key, norm), name)
    return seen_rows, [(key, name, norm) for (key, norm), name in names.items()]


def write(con: duckdb.DuckDBPyConnection, records: Sequence[Record]) -> int:
    """Add what ``records`` teach to the memory tables (call inside the ingest transaction);
    return the number of sightings written."""
    seen_rows, name_rows = memory_rows(records)
    if seen_rows:
        con.execute(_SIGHTINGS, to_columns(seen_rows, 7))
    if name_rows:
        con.execute(_NAMES, to_columns(name_rows, 3))
    return len(seen_rows)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def load(con: duckdb.DuckDBPyConnection) -> Memory:
    """The memory of every stored document."""
    aliases: dict[str, list[str]] = {}
    for actor, name in con.execute("SELECT actor, name FROM actor_names ORDER BY rowid").fetchall():
        aliases.setdefault(actor, []).append(name)
    known = []
    for actor, name, country, sector, role, first, last, documents in con.execute(_ROLES).fetchall():
        full = normalise(name)
        own = tuple(a for a in aliases.get(actor, ()) if normalise(a) != full)
        known.append(KnownActor(name, own, country, sector, role, _day(first), _day(last), int(documents)))
    return Memory(tuple(known))


def history(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    """The offices and dates seen for the people found under ``name``, earliest first."""
    cursor = con.execute(_HISTORY, [normalise(name)])
    cols = [c[0] for c in cursor.description or ()]
    out = []
    for row in cursor.fetchall():
        item = dict(zip(cols, row, strict=True))
        item["first_seen"] = _day(item["first_seen"])
        item["last_seen"] = _day(item["last_seen"])
        item["documents"] = int(item["documents"])
        item["doc_ids"] = list(item["doc_ids"])
        out.append(item)
    return out


def rebuild(con: duckdb.DuckDBPyConnection, batch_size: int = 500) -> int:
    """Recompute the memory tables from the stored records (e.g. after upgrading an older
    database, or after the learning rules changed); return the number of sightings."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM actor_sightings")
        con.execute("DELETE FROM actor_names")
        ids = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY published NULLS FIRST, id").fetchall()]
        total = 0
        for start in range(0, len(ids), batch_size):
            chunk = con.execute("SELECT record FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [ids[start:start + batch_size]]).fetchall()
            records = [Record.from_dict(json.loads(row[0])) for row in chunk]
            total += write(con, records)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return total
