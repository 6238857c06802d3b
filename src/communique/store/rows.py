"""Pure functions that turn a Record into rows of the store's tables.

Each table is described once, in :data:`TABLES`, as (column, DuckDB type)
pairs. :func:`record_rows` produces plain tuples in that column order, and
:func:`insert_sql` builds the one parameterised statement that inserts a
whole batch column-wise (``SELECT unnest(?::T[]), …``), which is far faster
in DuckDB than ``executemany``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from ..model import Actor, Commitment, Event, Record

_EVIDENCE = 'STRUCT(start INTEGER, "end" INTEGER, text VARCHAR)[]'

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("id", "VARCHAR"), ("text", "VARCHAR"), ("title", "VARCHAR"), ("url", "VARCHAR"),
        ("path", "VARCHAR"), ("publisher", "VARCHAR"), ("license", "VARCHAR"),
        ("published", "DATE"), ("dateline", "VARCHAR"), ("language", "VARCHAR"),
        ("schema", "VARCHAR"), ("ingested_at", "TIMESTAMP"), ("record", "JSON"),
    ),
    "sentences": (("doc_id", "VARCHAR"), ("idx", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER")),
    "actors": (
        ("doc_id", "VARCHAR"), ("id", "VARCHAR"), ("name", "VARCHAR"), ("kind", "VARCHAR"),
        ("country", "VARCHAR"), ("sector", "VARCHAR"), ("role", "VARCHAR"), ("code", "VARCHAR"),
    ),
    "mentions": (
        ("doc_id", "VARCHAR"), ("actor_id", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("sentence", "INTEGER"),
    ),
    "events": (
        ("doc_id", "VARCHAR"), ("id", "VARCHAR"), ("sentence", "INTEGER"),
        ("source", "VARCHAR[]"), ("target", "VARCHAR[]"),
        ("source_country", "VARCHAR"), ("target_country", "VARCHAR"), ("symmetric", "BOOLEAN"),
        ("cameo", "VARCHAR"), ("cameo_root", "VARCHAR"), ("cameo_label", "VARCHAR"),
        ("goldstein", "DOUBLE"), ("quad_class", "INTEGER"),
        ("plover_type", "VARCHAR"), ("plover_mode", "VARCHAR"), ("plover_context", "VARCHAR[]"),
        ("modality", "VARCHAR"), ("date", "DATE"), ("date_text", "VARCHAR"), ("location", "VARCHAR"),
        ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"), ("trigger_text", "VARCHAR"),
        ("quote", "VARCHAR"), ("confidence", "DOUBLE"), ("reason", "VARCHAR"),
    ),
    "quotes": (
        ("doc_id", "VARCHAR"), ("id", "VARCHAR"), ("speaker", "VARCHAR"), ("speaker_text", "VARCHAR"),
        ("cue", "VARCHAR"), ("kind", "VARCHAR"), ("text", "VARCHAR"),
        ("start", "INTEGER"), ("end", "INTEGER"),
    ),
    "quantities": (
        ("doc_id", "VARCHAR"), ("id", "VARCHAR"), ("text", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("sentence", "INTEGER"), ("kind", "VARCHAR"), ("value", "DOUBLE"),
        ("unit", "VARCHAR"), ("qualifier", "VARCHAR"), ("about", "VARCHAR"), ("change", "VARCHAR"),
    ),
    "commitments": (
        ("doc_id", "VARCHAR"), ("id", "VARCHAR"), ("kind", "VARCHAR"), ("what", "VARCHAR"),
        ("by_actors", "VARCHAR[]"), ("for_actors", "VARCHAR[]"), ("quantities", "VARCHAR[]"),
        ("status", "VARCHAR"), ("date", "DATE"), ("events", "VARCHAR[]"), ("evidence", _EVIDENCE),
    ),
    "errors": (("doc_id", "VARCHAR"), ("stage", "VARCHAR"), ("error", "VARCHAR"), ("message", "VARCHAR")),
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def insert_sql(table: str) -> str:
    """``INSERT INTO table (…) SELECT unnest(?::T[]), …``: one list parameter per column.

    Identifiers come from :data:`TABLES`, never from input; values are parameters.
    """
    cols = TABLES[table]
    names = ", ".join(f'"{name}"' for name, _ in cols)
    values = ", ".join(f"unnest(?::{kind}[])" for _, kind in cols)
    return f"INSERT INTO {table} ({names}) SELECT {values}"  # noqa: S608 - identifiers are constants


def iso_date(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` string as a date; None for None or anything else."""
    if value is None or not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def record_json(record: Record) -> str:
    """The record as strict JSON (NaN and infinities are refused with ValueError)."""
    return json.dumps(record.to_dict(), allow_nan=False, separators=(",", ":"))


def _country(record: Record, actor_ids: tuple[str, ...]) -> str | None:
    actor: Actor | None = record.actor(actor_ids[0]) if actor_ids else None
    return actor.country if actor else None


def _event_row(doc_id: str, record: Record, e: Event) -> tuple[Any, ...]:
    p = e.plover
    return (
        doc_id, e.id, e.sentence, list(e.source), list(e.target),
        _country(record, e.source), _country(record, e.target), e.symmetric,
        e.cameo, e.cameo[:2] if e.cameo else None, e.cameo_label, e.goldstein, e.quad_class,
        p.type if p else None, p.mode if p else None, list(p.context) if p else None,
        e.modality, iso_date(e.date), e.date_text, e.location,
        e.trigger.start, e.trigger.end, e.trigger.text, e.quote, e.confidence, e.reason,
    )


def _commitment_row(doc_id: str, c: Commitment) -> tuple[Any, ...]:
    evidence = [{"start": s.start, "end": s.end, "text": s.text} for s in c.evidence]
    return (
        doc_id, c.id, c.kind, c.what, list(c.by), list(c.for_), list(c.quantities),
        c.status, iso_date(c.date), list(c.events), evidence,
    )


def record_rows(record: Record, ingested_at: datetime) -> dict[str, list[tuple[Any, ...]]]:
    """The rows one record adds to each table, in :data:`TABLES` column order."""
    d = record.document
    doc_id = d.id
    return {
        "documents": [(
            d.id, d.text, d.title, d.url, d.path, d.publisher, d.license, iso_date(d.published),
            d.dateline, d.language, record.schema, ingested_at, record_json(record),
        )],
        "sentences": [(doc_id, s.index, s.start, s.end) for s in record.sentences],
        "actors": [
            (doc_id, a.id, a.name, a.kind, a.country, a.sector, a.role, a.code) for a in record.actors
        ],
        "mentions": [
            (doc_id, a.id, m.start, m.end, m.text, m.sentence)
            for a in record.actors for m in a.mentions
        ],
        "events": [_event_row(doc_id, record, e) for e in record.events],
        "quotes": [
            (doc_id, q.id, q.speaker, q.speaker_text, q.cue, q.kind, q.text, q.start, q.end)
            for q in record.quotes
        ],
        "quantities": [
            (doc_id, q.id, q.text, q.start, q.end, q.sentence, q.kind, q.value, q.unit,
             q.qualifier, q.about, q.change)
            for q in record.quantities
        ],
        "commitments": [_commitment_row(doc_id, c) for c in record.commitments],
        "errors": [(doc_id, e.stage, e.error, e.message) for e in record.errors],
    }


def merge_rows(
    batches: list[dict[str, list[tuple[Any, ...]]]],
) -> dict[str, list[tuple[Any, ...]]]:
    """Concatenate the per-record rows of several records, table by table."""
    return {table: [row for rows in batches for row in rows[table]] for table in TABLE_NAMES}


def to_columns(rows: list[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Transpose rows into one list per column (the parameters of :func:`insert_sql`)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(col) for col in zip(*rows, strict=True)]
