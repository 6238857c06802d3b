"""Cross-document events: reports of the same event become one global event.

GDELT keeps one row per event and one per mention of it; so does the store
(``global_events`` and ``event_mentions``, migration 0003). Every stored event
report belongs to exactly one global event.

The matching rule
-----------------
A report is *keyed* by its country pair, its code class and its polarity:

- the **countries**: ``country1`` is the first country among its source actors,
  ``country2`` the first different country among its target actors (for a
  symmetric event without a target, the second country among its sources);
- the **direction**: ``both`` for a symmetric event, else ``one``;
- the **code class**: the CAMEO root, the first two digits;
- **negated**: a report that something did not happen never joins one that it did.

Two reports are the same event when their unordered country pairs, roots and
polarity are equal, their directions agree (equal pairs in the same order, or
either report symmetric), and the report's date (the event's date, else the
document's published date) lies within :data:`WINDOW_DAYS` days of the global
event's anchor date. The anchor is the earliest report's date; a report dated
earlier than the anchor becomes the earliest report and moves the anchor. When
several global events qualify, the one with the nearest anchor wins, then the
lowest id. A report with no country on either side, or with no date at all,
is never matched: it is a global event of its own.

Reports are linked in arrival order (within a batch: by date, then the
document's published date, then document id, then position), so the grouping of a corpus ingested in another order can
differ at the window's edges; :func:`rebuild` relinks everything in date order.

>>> from communique.model import Actor, Document, Event, Record, Span
>>> r = Record(Document("d", "x", published="2023-03-10"),
...            actors=(Actor("A1", "Iran", "country", "IRN"), Actor("A2", "Saudi Arabia", "country", "SAU")),
...            events=(Event("E1", 0, ("A1",), ("A2",), "043", Span(0, 1, "x")),))
>>> report_of(r, r.events[0], 0).key
'IRN|SAU|04|0'
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlparse

import duckdb

from ..model import Event, Record
from .rows import iso_date, to_columns

WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class Report:
    """One event report, as the matching rule sees it."""

    doc_id: str
    event_id: str
    position: int
    country1: str | None
    country2: str | None
    direction: str  # "one" | "both"
    root: str
    negated: bool
    date: date | None
    source: str
    published: date | None = None

    @property
    def key(self) -> str | None:
        """``A|B|root|negated`` with A <= B; None when the report can never be matched."""
        if self.date is None or (self.country1 is None and self.country2 is None):
            return None
        a, b = sorted((self.country1 or "", self.country2 or ""))
        return f"{a}|{b}|{self.root}|{int(self.negated)}"


@dataclass(frozen=True, slots=True)
class GlobalEvent:
    """A global event while linking: its key and its earliest report."""

    global_id: int
    country1: str | None
    country2: str | None
    direction: str
    root: str
    negated: bool
    key: str | None
    first_date: date | None
    first_doc_id: str
    first_event_id: str


def _countries(record: Record, ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    for actor_id in ids:
        actor = record.actor(actor_id)
        if actor is not None and actor.country and actor.country not in out:
            out.append(actor.country)
    return out


def dyad(record: Record, event: Event) -> tuple[str | None, str | None]:
    """The (acting, other) countries of an event; see the module docstring."""
    sources = _countries(record, event.source)
    targets = [c for c in _countries(record, event.target) if not sources or c != sources[0]]
    first = sources[0] if sources else None
    if targets:
        return first, targets[0]
    if event.symmetric and len(sources) > 1:
        return first, sources[1]
    return first, None


def source_name(publisher: str | None, url: str | None, doc_id: str) -> str:
    """What counts as one source for NumSources: publisher, else the url's host, else the document."""
    if publisher:
        return publisher
    host = urlparse(url).netloc if url else ""
    return host or doc_id


def report_of(record: Record, event: Event, position: int) -> Report:
    c1, c2 = dyad(record, event)
    day = iso_date(event.date) or iso_date(record.document.published)
    d = record.document
    return Report(
        d.id, event.id, position, c1, c2, "both" if event.symmetric else "one",
        (event.cameo or "")[:2], event.modality == "negated", day, source_name(d.publisher, d.url, d.id),
        iso_date(d.published),
    )


def reports(records: Sequence[Record]) -> list[Report]:
    """Every event report of ``records``, in linking order (date, published, document id, position)."""
    out = [report_of(r, e, i) for r in records for i, e in enumerate(r.events)]
    return sorted(out, key=lambda r: (r.date or date.max, r.published or date.max, r.doc_id, r.position))


def compatible(g: GlobalEvent, r: Report) -> bool:
    """Same key, and directions agree; the date window is checked by :func:`choose`."""
    if g.key is None or g.key != r.key:
        return False
    if g.direction == "both" or r.direction == "both":
        return True
    return (g.country1, g.country2) == (r.country1, r.country2)


def choose(candidates: Sequence[GlobalEvent], r: Report, window: int = WINDOW_DAYS) -> GlobalEvent | None:
    """The global event a report joins, or None for a new one."""
    if r.date is None:
        return None
    fits = [g for g in candidates if compatible(g, r) and g.first_date is not None
            and abs((g.first_date - r.date).days) <= window]
    if not fits:
        return None
    return min(fits, key=lambda g: (abs((g.first_date - r.date).days), g.global_id))  # type: ignore[operator]


def joined(g: GlobalEvent, r: Report) -> GlobalEvent:
    """The global event after ``r`` joined it: an earlier report becomes the earliest."""
    if r.date is not None and g.first_date is not None and r.date < g.first_date:
        return replace(g, first_date=r.date, first_doc_id=r.doc_id, first_event_id=r.event_id)
    return g


def new_event(global_id: int, r: Report) -> GlobalEvent:
    return GlobalEvent(global_id, r.country1, r.country2, r.direction, r.root, r.negated, r.key, r.date,
                       r.doc_id, r.event_id)


def assign(
    found: Sequence[Report], existing: Sequence[GlobalEvent], next_id: int, window: int = WINDOW_DAYS,
) -> tuple[dict[int, GlobalEvent], list[tuple[int, Report]]]:
    """Pure matching: (global events created or changed, by id; (global id, report) links)."""
    by_key: dict[str, list[int]] = {}
    events: dict[int, GlobalEvent] = {}
    for g in existing:
        events[g.global_id] = g
        if g.key is not None:
            by_key.setdefault(g.key, []).append(g.global_id)
    touched: set[int] = set()
    links: list[tuple[int, Report]] = []
    for r in found:
        key = r.key
        candidates = [events[i] for i in by_key.get(key, ())] if key is not None else []
        g = choose(candidates, r, window)
        if g is None:
            g = new_event(next_id, r)
            next_id += 1
            if key is not None:
                by_key.setdefault(key, []).append(g.global_id)
        else:
            g = joined(g, r)
        events[g.global_id] = g
        touched.add(g.global_id)
        links.append((g.global_id, r))
    return {i: events[i] for i in touched}, links


# -- SQL ----------------------------------------------------------------------

_COLUMNS = ("global_id", "country1", "country2", "direction", "cameo_root", "negated", "match_key",
            "first_date", "first_doc_id", "first_event_id")
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM global_events"  # noqa: S608 - constant
_INSERT = (f"INSERT INTO global_events ({', '.join(_COLUMNS)}) SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]), "
           "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BOOLEAN[]), "
           "unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[])")
_UPDATE = (
    "UPDATE global_events SET first_date = v.d, first_doc_id = v.doc, first_event_id = v.ev "
    "FROM (SELECT unnest(?::BIGINT[]) AS id, unnest(?::DATE[]) AS d, unnest(?::VARCHAR[]) AS doc, "
    "unnest(?::VARCHAR[]) AS ev) AS v WHERE global_events.global_id = v.id"
)
_MENTIONS = ("INSERT INTO event_mentions (global_id, doc_id, event_id, date, source) SELECT unnest(?::BIGINT[]), "
             "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::VARCHAR[])")


def _row(g: GlobalEvent) -> tuple[Any, ...]:
    return (g.global_id, g.country1, g.country2, g.direction, g.root, g.negated, g.key, g.first_date,
            g.first_doc_id, g.first_event_id)


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the years 1 to 9999."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


def _candidates(con: duckdb.DuckDBPyConnection, found: Sequence[Report], window: int) -> list[GlobalEvent]:
    keyed = [r for r in found if r.key is not None and r.date is not None]
    if not keyed:
        return []
    low = _shift(min(r.date for r in keyed), -window)  # type: ignore[type-var]
    high = _shift(max(r.date for r in keyed), window)  # type: ignore[type-var]
    rows = con.execute(
        _SELECT + " WHERE match_key IN (SELECT unnest(?::VARCHAR[])) AND first_date BETWEEN ? AND ?",
        [sorted({r.key for r in keyed}), low, high],  # type: ignore[type-var]
    ).fetchall()
    return [GlobalEvent(*row) for row in rows]


def link(con: duckdb.DuckDBPyConnection, records: Sequence[Record], window: int = WINDOW_DAYS) -> int:
    """Link the event reports of ``records`` to global events (call inside the ingest transaction);
    return the number of reports linked."""
    found = reports(records)
    if not found:
        return 0
    existing = _candidates(con, found, window)
    known = {g.global_id for g in existing}
    row = con.execute("SELECT coalesce(max(global_id), 0) FROM global_events").fetchone()
    changed, links = assign(found, existing, int(row[0] if row else 0) + 1, window)
    fresh = [_row(g) for i, g in sorted(changed.items()) if i not in known]
    moved = [g for i, g in sorted(changed.items()) if i in known]
    if fresh:
        con.execute(_INSERT, to_columns(fresh, len(_COLUMNS)))
    if moved:
        con.execute(_UPDATE, to_columns([(g.global_id, g.first_date, g.first_doc_id, g.first_event_id)
                                         for g in moved], 4))
    con.execute(_MENTIONS, to_columns([(i, r.doc_id, r.event_id, r.date, r.source) for i, r in links], 5))
    return len(links)


def load_records(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[Record]:
    rows = con.execute("SELECT record FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)])
    return [Record.from_dict(json.loads(r[0])) for r in rows.fetchall()]


def rebuild(con: duckdb.DuckDBPyConnection, window: int = WINDOW_DAYS, batch_size: int = 500) -> int:
    """Relink every stored report in date order, from scratch; return the number of reports.

    Runs in one transaction. Needed once for a database written before
    schema version 3, and after the rule or the window changed.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM event_mentions")
        con.execute("DELETE FROM global_events")
        ids = [r[0] for r in con.execute("SELECT id FROM documents ORDER BY published NULLS LAST, id").fetchall()]
        total = 0
        for start in range(0, len(ids), batch_size):
            total += link(con, load_records(con, ids[start:start + batch_size]), window)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return total
