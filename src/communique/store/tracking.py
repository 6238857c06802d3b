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

STOP = frozenset(
    "the and for with from into its their our his her this that those these between two three both each "
    "will would which who whom other others any all new more than also per cent".split()
)
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
                                _parties(record, (*c.by, *c.for_)), _parties(record, c.by), c.status, iso_date(c.date) or published, _evidence(record, c))))
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


def assign(found: Sequence[Item], threads: Sequence[Thread], next_id: int) -> tuple[list[Thread], list[tuple[int, Item]]]:
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
_FULFILLING_EVENT = """
SELECT e.doc_id, e.id, coalesce(e.date, d.published) AS day,
       substring(d.text, s.start + 1, s."end" - s.start) AS sentence_text
FROM events e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
WHERE e.modality = 'asserted'
  AND EXISTS (SELECT 1 FROM (SELECT unnest($prefixes::VARCHAR[]) AS p) AS t WHERE starts_with(e.cameo, t.p))
  AND e.source_country IS NOT NULL AND e.target_country IS NOT NULL AND e.source_country <> e.target_country
  AND CASE WHEN len($parties) > 1
           THEN list_contains($parties, e.source_country) AND list_contains($parties, e.target_country)
           ELSE list_contains($parties, e.source_country) OR list_contains($parties, e.target_country) END
  AND coalesce(e.date, d.published) > $after
ORDER BY day, e.doc_id, e.sentence, e.id
LIMIT 1"""


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
    return written + fulfil(con, _countries(records))


def _countries(records: Sequence[Record]) -> list[str]:
    return sorted({a.country for r in records for a in r.actors if a.country})


def fulfil(con: duckdb.DuckDBPyConnection, countries: Sequence[str], r: Rules | None = None) -> int:
    """Add a ``fulfilled`` update to each open promise or agreement about ``countries`` that a later
    asserted event carries out; return the number added."""
    r = r or rules()
    if not countries:
        return 0
    threads = con.execute(
        _THREADS + " WHERE list_has_any(parties, ?::VARCHAR[]) AND kind IN (SELECT unnest(?::VARCHAR[])) "
        "ORDER BY thread_id", [list(countries), list(FULFILLING)]).fetchall()
    rows = []
    for thread_id, _kind, _what, stems, parties, _makers, first_date in threads:
        prefixes = r.prefixes(stems)
        if not prefixes or first_date is None:
            continue
        history = con.execute("SELECT date, status, seq FROM commitment_updates WHERE thread_id = ?",
                              [thread_id]).fetchall()
        if current(history, r) in r.closed:
            continue
        event = con.execute(_FULFILLING_EVENT, {"prefixes": list(prefixes), "parties": list(parties),
                                                "after": first_date}).fetchone()
        if event is None:
            continue
        doc_id, event_id, day, sentence = event
        seq = max((s for _, _, s in history), default=0) + 1
        rows.append((thread_id, seq, doc_id, None, event_id, None, "fulfilled", day, sentence or ""))
    _insert_updates(con, rows)
    return len(rows)


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
