"""Commitment tracking: later reports about the same commitment update it, keeping the history.

Every stored commitment report joins one tracked commitment (a *thread*,
``commitment_threads``), and adds one row to its history
(``commitment_updates``). The rule, with the data in ``store/data/tracking.tsv``:

- A report's **terms** are the content words of its ``what`` (three letters
  or more, not in :data:`STOP`), each cut to its first five letters
  ("reopening embassies" → ``reope``, ``embas``). Its **parties** are the
  countries of its ``by`` and ``for`` actors.
- A report joins a thread when it comes from a document that has not yet
  reported on the thread (one document's commitments are distinct), their
  kinds are compatible (agreement, promise and policy with each other; target
  with target; indicator with indicator), their makers' (``by``) countries
  share one when both have any, their parties share two countries (or the one
  that the smaller side has), and their terms share at least two stems, or
  all of the shorter side's, and at least half of the shorter side's. The
  earliest-created matching thread wins. A report without parties or terms
  starts a thread of its own.
- A promise or agreement whose terms include a *fulfil* word of the data file
  (visit, meet, talks, sign, release, …) is **fulfilled** by the first later
  asserted event between its countries whose CAMEO code has one of that word's
  prefixes: the history gains a ``fulfilled`` row whose evidence is the
  event's sentence.
- A thread's **status** is that of its latest update by date; on the same
  date the higher rank of the data file wins, then the later arrival. So a
  policy reported ``announced`` and later ``in force`` is in force.

>>> terms("reopen their embassies within two months")
('reope', 'embas', 'withi', 'month')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import duckdb

from ..errors import LexiconError
from ..model import Commitment, Record
from .rows import iso_date, to_columns

STOP = frozenset((
    "the", "and", "for", "with", "from", "into", "its", "their", "our", "his", "her", "this", "that", "those",
    "these", "between", "two", "three", "both", "each", "will", "would", "which", "who", "whom", "other", "others",
    "any", "all", "new", "more", "than", "also", "per", "cent",
))
_WORD = re.compile(r"[a-z]+")
_GROUPS = ({"agreement", "promise", "policy"}, {"target"}, {"indicator"})
FULFILLING = ("promise", "agreement")


@dataclass(frozen=True, slots=True)
class Rules:
    """The data of ``tracking.tsv``: status ranks and states, and the fulfilling words."""

    ranks: dict[str, int]
    closed: frozenset[str]
    fulfil: dict[str, tuple[str, ...]]  # five-letter stem -> CAMEO prefixes

    def rank(self, status: str | None) -> int:
        return self.ranks.get(status or "", 0)

    def prefixes(self, stems: Sequence[str]) -> tuple[str, ...]:
        return tuple(sorted({p for s in stems for p in self.fulfil.get(s, ())}))


def parse_rules(text: str, file: str = "tracking.tsv") -> Rules:
    """Read the tracking data; a malformed line raises LexiconError with its file and line."""
    ranks: dict[str, int] = {}
    closed: set[str] = set()
    fulfil: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0] == "status" and len(cells) == 4 and cells[2].isdigit() and cells[3] in ("open", "closed"):
            ranks[cells[1]] = int(cells[2])
            if cells[3] == "closed":
                closed.add(cells[1])
        elif cells[0] == "fulfil" and len(cells) == 3 and cells[2].split():
            codes = tuple(cells[2].split())
            if not all(c.isdigit() for c in codes):
                raise LexiconError(f"CAMEO prefixes must be digits: {cells[2]!r}", file, n)
            fulfil[stem(cells[1])] = codes
        else:
            raise LexiconError("expected 'status<TAB>word<TAB>rank<TAB>open|closed' or "
                               f"'fulfil<TAB>word<TAB>prefixes'; got {line!r}", file, n)
    return Rules(ranks, frozenset(closed), fulfil)


@lru_cache(maxsize=1)
def rules() -> Rules:
    text = resources.files(__package__).joinpath("data", "tracking.tsv").read_text(encoding="utf-8")
    return parse_rules(text)


def stem(word: str) -> str:
    return word.lower()[:5]


def terms(what: str) -> tuple[str, ...]:
    """The content stems of a commitment's words, in order, once each."""
    out: list[str] = []
    for word in _WORD.findall(what.lower()):
        if len(word) >= 3 and word not in STOP and stem(word) not in out:
            out.append(stem(word))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Item:
    """One commitment report, as the tracking rule sees it."""

    doc_id: str
    commitment_id: str
    kind: str
    what: str
    terms: tuple[str, ...]
    parties: tuple[str, ...]
    makers: tuple[str, ...]
    status: str | None
    date: date | None
    evidence: str


@dataclass(frozen=True, slots=True)
class Thread:
    thread_id: int
    kind: str
    what: str
    terms: tuple[str, ...]
    parties: tuple[str, ...]
    makers: tuple[str, ...]
    first_date: date | None
    docs: frozenset[str] = frozenset()


def _parties(record: Record, ids: Sequence[str]) -> tuple[str, ...]:
    found = {a.country for i in ids if (a := record.actor(i)) is not None and a.country}
    return tuple(sorted(found))


def _evidence(record: Record, c: Commitment) -> str:
    text = record.document.text
    if not c.evidence:
        return c.what
    first = c.evidence[0]
    for s in record.sentences:
        if s.start <= first.start < s.end:
            return text[s.start:s.end]
    return " … ".join(e.text or text[e.start:e.end] for e in c.evidence)


def items(records: Sequence[Record]) -> list[Item]:
    """Every commitment report of ``records``, by date, then document, then position."""
    out = []
    for record in records:
        published = iso_date(record.document.published)
        for i, c in enumerate(record.commitments):
            out.append((i, Item(record.document.id, c.id, c.kind, c.what, terms(c.what),
                                _parties(record, (*c.by, *c.for_)), _parties(record, c.by), c.status,
                                iso_date(c.date) or published, _evidence(record, c))))
    out.sort(key=lambda p: (p[1].date or date.max, p[1].doc_id, p[0]))
    return [item for _, item in out]


def same(thread: Thread, item: Item) -> bool:
    """Does ``item`` report on ``thread``? See the module docstring."""
    if item.doc_id in thread.docs or not thread.terms or not item.terms:
        return False
    if thread.makers and item.makers and not set(thread.makers) & set(item.makers):
        return False
    common = len(set(thread.parties) & set(item.parties))
    if common < 1 or common < min(2, len(thread.parties), len(item.parties)):
        return False
    if not any(thread.kind in g and item.kind in g for g in _GROUPS):
        return False
    shared = len(set(thread.terms) & set(item.terms))
    shorter = min(len(thread.terms), len(item.terms))
    return shared >= min(2, shorter) and shared * 2 >= shorter


def assign(
    found: Sequence[Item], threads: Sequence[Thread], next_id: int,
) -> tuple[list[Thread], list[tuple[int, Item]]]:
    """Pure matching: (threads created, (thread id, item) links)."""
    known = sorted(threads, key=lambda t: t.thread_id)
    created: list[Thread] = []
    links: list[tuple[int, Item]] = []
    for item in found:
        index = next((n for n, t in enumerate(known) if same(t, item)), None)
        if index is None:
            match = Thread(next_id, item.kind, item.what, item.terms, item.parties, item.makers, item.date)
            next_id += 1
            created.append(match)
            index = len(known)
            known.append(match)
        match = known[index]
        known[index] = replace(match, docs=match.docs | {item.doc_id})
        links.append((match.thread_id, item))
    return created, links


def current(updates: Sequence[tuple[date | None, str | None, int]], r: Rules) -> str | None:
    """The status of a thread from its (date, status, seq) updates: latest date, then rank, then arrival."""
    if not updates:
        return None
    return max(updates, key=lambda u: (u[0] or date.min, r.rank(u[1]), u[2]))[1]


# -- SQL ----------------------------------------------------------------------

_THREADS = "SELECT thread_id, kind, what, terms, parties, makers, first_date FROM commitment_threads"
_THREADS_WITH_DOCS = (
    "SELECT t.thread_id, t.kind, t.what, t.terms, t.parties, t.makers, t.first_date, "
    "(SELECT list(DISTINCT u.doc_id) FROM commitment_updates u WHERE u.thread_id = t.thread_id) "
    "FROM commitment_threads t WHERE list_has_any(t.parties, ?::VARCHAR[])"
)
_INSERT_THREADS = ("INSERT INTO commitment_threads (thread_id, kind, what, terms, parties, makers, first_date) "
                   "SELECT unnest(?::BIGINT[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                   "unnest(?::VARCHAR[][]), unnest(?::VARCHAR[][]), unnest(?::VARCHAR[][]), unnest(?::DATE[])")
_INSERT_UPDATES = (
    "INSERT INTO commitment_updates (thread_id, seq, doc_id, commitment_id, event_id, kind, status, date, evidence) "
    "SELECT unnest(?::BIGINT[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
    "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::DATE[]), unnest(?::VARCHAR[])"
)
_FULFILLING_EVENTS = """
WITH t AS (
  SELECT unnest($ids::BIGINT[]) AS thread_id, unnest($a::VARCHAR[]) AS a, unnest($b::VARCHAR[]) AS b,
         unnest($prefix::VARCHAR[]) AS prefix, unnest($after::DATE[]) AS after, unnest($fresh::BOOLEAN[]) AS fresh),
base AS (
  SELECT e.doc_id, e.id, e.sentence, e.cameo, e.source_country, e.target_country,
         coalesce(e.date, d.published) AS day, list_contains($docs::VARCHAR[], e.doc_id) AS new
  FROM events e JOIN documents d ON d.id = e.doc_id
  WHERE e.modality = 'asserted' AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL
    AND e.source_country <> e.target_country),
ev AS (
  SELECT *, source_country AS x, target_country AS y FROM base
  UNION ALL SELECT *, target_country AS x, source_country AS y FROM base),
won AS (
  SELECT t.thread_id, ev.doc_id, ev.id, ev.sentence, ev.day
  FROM t JOIN ev ON ev.x = t.a AND (t.b IS NULL OR ev.y = t.b)
  WHERE starts_with(ev.cameo, t.prefix) AND ev.day > t.after AND (t.fresh OR ev.new)
  QUALIFY row_number() OVER (PARTITION BY t.thread_id ORDER BY ev.day, ev.doc_id, ev.sentence, ev.id) = 1)
SELECT won.thread_id, won.doc_id, won.id, won.day,
       coalesce(substring(d.text, s.start + 1, s."end" - s.start), '') AS sentence_text
FROM won JOIN documents d ON d.id = won.doc_id
LEFT JOIN sentences s ON s.doc_id = won.doc_id AND s.idx = won.sentence
ORDER BY won.thread_id"""


def _insert_updates(con: duckdb.DuckDBPyConnection, rows: list[tuple[Any, ...]]) -> None:
    if rows:
        con.execute(_INSERT_UPDATES, to_columns(rows, 9))


def _next_seq(con: duckdb.DuckDBPyConnection, ids: Sequence[int]) -> dict[int, int]:
    found = con.execute("SELECT thread_id, max(seq) FROM commitment_updates WHERE thread_id IN "
                        "(SELECT unnest(?::BIGINT[])) GROUP BY thread_id", [list(ids)]).fetchall()
    return {int(t): int(s) + 1 for t, s in found}


def track(con: duckdb.DuckDBPyConnection, records: Sequence[Record]) -> int:
    """Add the commitments of ``records`` to their threads and look for fulfilling events
    (call inside the ingest transaction, after the events are stored); return the updates written."""
    found = items(records)
    written = 0
    if found:
        parties = sorted({p for i in found for p in i.parties})
        threads = [Thread(int(t), k, w, tuple(ts), tuple(ps), tuple(ms), d, frozenset(docs or ()))
                   for t, k, w, ts, ps, ms, d, docs in con.execute(_THREADS_WITH_DOCS, [parties]).fetchall()]
        row = con.execute("SELECT coalesce(max(thread_id), 0) FROM commitment_threads").fetchone()
        created, links = assign(found, threads, int(row[0] if row else 0) + 1)
        if created:
            con.execute(_INSERT_THREADS, to_columns(
                [(t.thread_id, t.kind, t.what, list(t.terms), list(t.parties), list(t.makers), t.first_date)
                 for t in created], 7))
        seq = _next_seq(con, sorted({t for t, _ in links}))
        rows = []
        for thread_id, item in links:
            n = seq.get(thread_id, 1)
            seq[thread_id] = n + 1
            rows.append((thread_id, n, item.doc_id, item.commitment_id, None, item.kind, item.status, item.date,
                         item.evidence))
        _insert_updates(con, rows)
        written += len(rows)
    fresh = sorted({t for t, _ in links}) if found else []
    return written + fulfil(con, _countries(records), docs=[x.document.id for x in records], fresh=fresh)


def _countries(records: Sequence[Record]) -> list[str]:
    return sorted({a.country for r in records for a in r.actors if a.country})


def _pairs(parties: Sequence[str]) -> list[tuple[str, str | None]]:
    """The (one side, other side) country pairs an event must have; None: any other country."""
    if len(parties) == 1:
        return [(parties[0], None)]
    return [(a, b) for a in parties for b in parties if a != b]


def fulfil(
    con: duckdb.DuckDBPyConnection, countries: Sequence[str], r: Rules | None = None,
    docs: Sequence[str] = (), fresh: Sequence[int] = (),
) -> int:
    """Add a ``fulfilled`` update to each open promise or agreement about ``countries`` that a later
    asserted event carries out; return the number added. Threads in ``fresh`` are checked against
    every stored event, the others only against the events of ``docs`` (the batch just stored)."""
    r = r or rules()
    if not countries:
        return 0
    threads = con.execute(
        _THREADS + " WHERE list_has_any(parties, ?::VARCHAR[]) AND kind IN (SELECT unnest(?::VARCHAR[])) "
        "AND first_date IS NOT NULL ORDER BY thread_id", [list(countries), list(FULFILLING)]).fetchall()
    wanted = {int(t[0]): (r.prefixes(t[3]), tuple(t[4]), t[6]) for t in threads if r.prefixes(t[3])}
    if not wanted:
        return 0
    history: dict[int, list[tuple[Any, ...]]] = {}
    for thread_id, day, status, seq in con.execute(
            "SELECT thread_id, date, status, seq FROM commitment_updates WHERE thread_id IN "
            "(SELECT unnest(?::BIGINT[]))", [sorted(wanted)]).fetchall():
        history.setdefault(int(thread_id), []).append((day, status, seq))
    rows: list[tuple[Any, ...]] = []
    fresh_set = set(fresh)
    for thread_id, (prefixes, parties, after) in sorted(wanted.items()):
        if current(history.get(thread_id, []), r) in r.closed:
            continue
        for a, b in _pairs(parties):
            rows += [(thread_id, a, b, p, after, thread_id in fresh_set) for p in prefixes]
    if not rows:
        return 0
    cols = to_columns(rows, 6)
    found = con.execute(_FULFILLING_EVENTS, {"ids": cols[0], "a": cols[1], "b": cols[2], "prefix": cols[3],
                                             "after": cols[4], "fresh": cols[5], "docs": list(docs)}).fetchall()
    updates = []
    for thread_id, doc_id, event_id, day, sentence in found:
        seq = max((u[2] for u in history.get(int(thread_id), [])), default=0) + 1
        updates.append((thread_id, seq, doc_id, None, event_id, None, "fulfilled", day, sentence))
    _insert_updates(con, updates)
    return len(updates)


def rebuild(con: duckdb.DuckDBPyConnection, records_of: Any, batch_size: int = 500) -> int:
    """Recompute every thread from the stored records, in date order, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM commitment_updates")
        con.execute("DELETE FROM commitment_threads")
        ids = [x[0] for x in con.execute("SELECT id FROM documents ORDER BY published NULLS LAST, id").fetchall()]
        total = 0
        for start in range(0, len(ids), batch_size):
            total += track(con, records_of(con, ids[start:start + batch_size]))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return total
