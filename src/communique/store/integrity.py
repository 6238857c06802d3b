"""Checking a database: it opens, its schema is complete, every table reads, and its rows agree.

:func:`check_file` opens a DuckDB file read-only and returns an
:class:`IntegrityReport` listing every :class:`Problem` found, each with the
table, the key of the row (``doc_id=d1, id=E2``; empty for the table as a
whole) and why. The invariants are those of ``docs/store-schema.md``:

- the schema: ``meta`` records this code's schema version, no upgrade was left
  half-done, and every table, view and column of a fresh store is there with
  its type (tables a command adds, such as ``watch_seen``, are allowed);
- every table and view can be read to its last row and column;
- keys are unique (``documents.id``, ``(doc_id, id)`` of the per-document
  tables, ``global_id``, ``thread_id``, …) and every ``doc_id`` names a stored
  document; a document's JSON record has the row's id and text;
- references within a document hold: mentions, event sources, targets and
  places, quote speakers and commitment parties name actors of the same
  document; sentences, quotes, quantities and events referred to exist;
- offsets lie within the document text (``0 <= start <= end <= length``) and
  the words stored with a span are the text at its offsets;
- every event report belongs to exactly one global event, every commitment
  report to exactly one thread, and those point back to stored reports;
- the actor memory: every sighting's document is stored and every global
  actor has its names.

A file that does not exist, or that DuckDB cannot open, raises
:class:`~communique.errors.StoreError` with one line saying so.

>>> from communique.store import open_store
>>> with open_store(":memory:") as store:
...     check_connection(store.con).ok
True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StoreError
from . import migrate as _migrate
from .db import RELINK_PENDING

DEFAULT_LIMIT = 20  # rows listed per failed check; the rest are counted


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong: the table, the key of the row ('' for the whole table), and why."""

    table: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.table} [{self.key}]: {self.reason}" if self.key else f"{self.table}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        return {"table": self.table, "key": self.key, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class IntegrityReport:
    """What :func:`check_file` found: the schema version, rows per table read, and the problems."""

    path: str
    schema_version: int
    rows: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()
    unlisted: int = 0  # problems beyond the per-check limit, counted but not listed

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_problems(self) -> int:
        return len(self.problems) + self.unlisted

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "schema_version": self.schema_version, "ok": self.ok,
                "rows": dict(self.rows), "problems": [p.to_dict() for p in self.problems],
                "unlisted": self.unlisted}


@dataclass(frozen=True, slots=True)
class Check:
    """One consistency rule: ``sql`` selects (key, detail) for every row that breaks it."""

    table: str
    reason: str
    sql: str
    needs: tuple[str, ...] = field(default=())


# -- building the rules ------------------------------------------------------------------------------------------


def _key(*cols: str, alias: str = "x") -> str:
    """SQL for ``'doc_id=d1, id=E2'`` from the named columns of ``alias``."""
    parts = []
    for i, col in enumerate(cols):
        parts.append(f"'{', ' if i else ''}{col}=', coalesce(CAST({alias}.\"{col}\" AS VARCHAR), 'NULL')")
    return "concat(" + ", ".join(parts) + ")"


def _unique(table: str, *cols: str) -> Check:
    quoted = ", ".join(f'"{c}"' for c in cols)
    return Check(table, f"duplicate key ({', '.join(cols)})",
                 f"SELECT {_key(*cols)}, count(*) || ' rows' FROM {table} x GROUP BY {quoted} HAVING count(*) > 1",
                 (table,))


def _orphan(table: str, keys: tuple[str, ...], col: str = "doc_id") -> Check:
    return Check(table, f"{col} names no stored document",
                 f"SELECT {_key(*keys)}, NULL FROM {table} x WHERE x.{col} IS NULL OR NOT EXISTS "
                 f"(SELECT 1 FROM documents d WHERE d.id = x.{col})", (table, "documents"))


def _refs(table: str, col: str, listed: bool) -> str:
    """The rows of ``table`` with ``ref``: the value of ``col``, or one row per element of a list ``col``."""
    if listed:
        return f"(SELECT *, unnest(x.{col}) AS ref FROM {table} x) x"
    return f"(SELECT *, {col} AS ref FROM {table}) x"


def _actor_ref(table: str, keys: tuple[str, ...], col: str, *, listed: bool = False) -> Check:
    """``col`` (a VARCHAR or, when ``listed``, a VARCHAR[]) names actors of the same document."""
    source = _refs(table, col, listed)
    return Check(table, f"{col} names no actor of its document",
                 f"SELECT {_key(*keys)}, 'actor ' || x.ref FROM {source} WHERE x.ref IS NOT NULL AND NOT EXISTS "
                 "(SELECT 1 FROM actors a WHERE a.doc_id = x.doc_id AND a.id = x.ref)", (table, "actors"))


def _item_ref(table: str, keys: tuple[str, ...], col: str, target: str, target_col: str, *,
              listed: bool = False) -> Check:
    source = _refs(table, col, listed)
    return Check(table, f"{col} names no row of {target} in its document",
                 f"SELECT {_key(*keys)}, '{target_col} ' || x.ref FROM {source} WHERE x.ref IS NOT NULL AND NOT EXISTS "
                 f"(SELECT 1 FROM {target} t WHERE t.doc_id = x.doc_id AND t.{target_col} = x.ref)", (table, target))


def _offsets(table: str, keys: tuple[str, ...], start: str = '"start"', end: str = '"end"',
             words: str | None = '"text"', source: str | None = None) -> tuple[Check, ...]:
    """Offsets within the text; and, when ``words`` is given, the words are the text at the offsets."""
    rows = source or f"{table} x"
    bad = (f"x.{start} IS NULL OR x.{end} IS NULL OR x.{start} < 0 OR x.{end} < x.{start} "
           f"OR x.{end} > length(d.text)")
    out = [Check(table, "offsets outside the document text",
                 f"SELECT {_key(*keys)}, 'start ' || coalesce(CAST(x.{start} AS VARCHAR), 'NULL') || ', end ' || "
                 f"coalesce(CAST(x.{end} AS VARCHAR), 'NULL') || ', text length ' || length(d.text) "
                 f"FROM {rows} JOIN documents d ON d.id = x.doc_id WHERE {bad}", (table, "documents"))]
    if words:
        out.append(Check(table, "its words are not the document text at its offsets",
                         f"SELECT {_key(*keys)}, 'start ' || x.{start} || ', end ' || x.{end} FROM {rows} "
                         f"JOIN documents d ON d.id = x.doc_id WHERE NOT ({bad}) AND coalesce(x.{words}, '') <> '' "
                         f"AND substring(d.text, x.{start} + 1, x.{end} - x.{start}) <> x.{words}",
                         (table, "documents")))
    return tuple(out)


_DOC = ("doc_id", "id")
_EVIDENCE = "(SELECT x.doc_id, x.id, e.ev.start AS s, e.ev.\"end\" AS e, e.ev.text AS w FROM commitments x, " \
            "(SELECT unnest(x.evidence) AS ev) e) x"


def checks() -> tuple[Check, ...]:
    """Every consistency rule, in the order they are reported."""
    per_doc = ("sentences", "actors", "mentions", "events", "quotes", "quantities", "commitments", "errors")
    keys = {"sentences": ("doc_id", "idx"), "mentions": ("doc_id", "actor_id", "start"),
            "errors": ("doc_id", "stage")}
    out: list[Check] = [
        Check("documents", "id or text is NULL", f"SELECT {_key('id')}, NULL FROM documents x "
              "WHERE x.id IS NULL OR x.text IS NULL", ("documents",)),
        _unique("documents", "id"),
        Check("documents", "record is not valid JSON", f"SELECT {_key('id')}, NULL FROM documents x "
              "WHERE x.record IS NULL OR NOT json_valid(x.record)", ("documents",)),
        Check("documents", "record disagrees with the row",
              f"SELECT {_key('id')}, CASE WHEN json_extract_string(x.record, '$.document.id') IS DISTINCT FROM x.id "
              "THEN 'record id ' || coalesce(json_extract_string(x.record, '$.document.id'), 'NULL') "
              "ELSE 'record text differs' END FROM documents x WHERE json_valid(x.record) AND "
              "(json_extract_string(x.record, '$.document.id') IS DISTINCT FROM x.id OR "
              "json_extract_string(x.record, '$.document.text') IS DISTINCT FROM x.text)", ("documents",)),
    ]
    out += [_orphan(t, keys.get(t, _DOC)) for t in per_doc]
    out += [_unique("sentences", "doc_id", "idx")]
    out += [_unique(t, "doc_id", "id") for t in ("actors", "events", "quotes", "quantities", "commitments")]
    out += [
        _actor_ref("mentions", keys["mentions"], "actor_id"),
        _actor_ref("events", _DOC, "source", listed=True), _actor_ref("events", _DOC, "target", listed=True),
        _actor_ref("events", _DOC, "location"), _actor_ref("quotes", _DOC, "speaker"),
        _actor_ref("commitments", _DOC, "by_actors", listed=True),
        _actor_ref("commitments", _DOC, "for_actors", listed=True),
        _item_ref("mentions", keys["mentions"], "sentence", "sentences", "idx"),
        _item_ref("events", _DOC, "sentence", "sentences", "idx"),
        _item_ref("quantities", _DOC, "sentence", "sentences", "idx"),
        _item_ref("events", _DOC, "quote", "quotes", "id"),
        _item_ref("commitments", _DOC, "quantities", "quantities", "id", listed=True),
        _item_ref("commitments", _DOC, "events", "events", "id", listed=True),
    ]
    out += _offsets("sentences", keys["sentences"], words=None)
    out += _offsets("mentions", keys["mentions"]) + _offsets("quotes", _DOC) + _offsets("quantities", _DOC)
    out += _offsets("events", _DOC, "trigger_start", "trigger_end", "trigger_text")
    out += _offsets("commitments", _DOC, "s", "e", "w", source=_EVIDENCE)
    out += _relations()
    return tuple(out)


def _relations() -> list[Check]:
    """The cross-document tables: global events, commitment threads, the actor memory."""
    mention_keys = ("doc_id", "event_id")
    update_keys = ("thread_id", "seq")
    return [
        _unique("global_events", "global_id"), _unique("event_mentions", "doc_id", "event_id"),
        _unique("commitment_threads", "thread_id"), _unique("commitment_updates", "thread_id", "seq"),
        _unique("actor_names", "actor", "norm"), _unique("actor_sightings", "actor", "doc_id", "sector", "role"),
        Check("events", "belongs to no global event (no event_mentions row)",
              f"SELECT {_key(*_DOC)}, NULL FROM events x WHERE NOT EXISTS (SELECT 1 FROM event_mentions m "
              "WHERE m.doc_id = x.doc_id AND m.event_id = x.id)", ("events", "event_mentions")),
        Check("event_mentions", "names no stored event report",
              f"SELECT {_key(*mention_keys)}, NULL FROM event_mentions x WHERE NOT EXISTS (SELECT 1 FROM events e "
              "WHERE e.doc_id = x.doc_id AND e.id = x.event_id)", ("events", "event_mentions")),
        Check("event_mentions", "global_id names no global event",
              f"SELECT {_key(*mention_keys)}, 'global_id ' || coalesce(CAST(x.global_id AS VARCHAR), 'NULL') "
              "FROM event_mentions x WHERE NOT EXISTS (SELECT 1 FROM global_events g WHERE g.global_id = x.global_id)",
              ("event_mentions", "global_events")),
        Check("global_events", "has no report (no event_mentions row)",
              f"SELECT {_key('global_id')}, NULL FROM global_events x WHERE NOT EXISTS "
              "(SELECT 1 FROM event_mentions m WHERE m.global_id = x.global_id)", ("event_mentions", "global_events")),
        Check("global_events", "its first report is not one of its reports",
              f"SELECT {_key('global_id')}, 'first_doc_id ' || coalesce(x.first_doc_id, 'NULL') || ', first_event_id '"
              " || coalesce(x.first_event_id, 'NULL') FROM global_events x WHERE NOT EXISTS (SELECT 1 FROM "
              "event_mentions m WHERE m.global_id = x.global_id AND m.doc_id = x.first_doc_id "
              "AND m.event_id = x.first_event_id)", ("event_mentions", "global_events")),
        _orphan("event_mentions", mention_keys),
        Check("commitments", "belongs to no tracked commitment (no commitment_updates row)",
              f"SELECT {_key(*_DOC)}, NULL FROM commitments x WHERE NOT EXISTS (SELECT 1 FROM commitment_updates u "
              "WHERE u.doc_id = x.doc_id AND u.commitment_id = x.id)", ("commitments", "commitment_updates")),
        Check("commitment_updates", "names no stored commitment report",
              f"SELECT {_key(*update_keys)}, 'doc_id ' || x.doc_id || ', commitment_id ' || x.commitment_id "
              "FROM commitment_updates x WHERE x.commitment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitments c "
              "WHERE c.doc_id = x.doc_id AND c.id = x.commitment_id)", ("commitments", "commitment_updates")),
        Check("commitment_updates", "names no stored event",
              f"SELECT {_key(*update_keys)}, 'doc_id ' || x.doc_id || ', event_id ' || x.event_id "
              "FROM commitment_updates x WHERE x.event_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e "
              "WHERE e.doc_id = x.doc_id AND e.id = x.event_id)", ("events", "commitment_updates")),
        Check("commitment_updates", "thread_id names no tracked commitment",
              f"SELECT {_key(*update_keys)}, NULL FROM commitment_updates x WHERE NOT EXISTS "
              "(SELECT 1 FROM commitment_threads t WHERE t.thread_id = x.thread_id)",
              ("commitment_threads", "commitment_updates")),
        Check("commitment_threads", "updates are not numbered 1, 2, … without gaps",
              f"SELECT {_key('thread_id')}, 'seq ' || coalesce(CAST(min(u.seq) AS VARCHAR), 'none') || ' to ' || "
              "coalesce(CAST(max(u.seq) AS VARCHAR), 'none') || ' in ' || count(u.seq) || ' updates' "
              "FROM commitment_threads x LEFT JOIN commitment_updates u ON u.thread_id = x.thread_id "
              "GROUP BY x.thread_id HAVING count(u.seq) = 0 OR min(u.seq) <> 1 OR max(u.seq) <> count(u.seq)",
              ("commitment_threads", "commitment_updates")),
        _orphan("commitment_updates", update_keys),
        _orphan("actor_sightings", ("actor", "doc_id")),
        Check("actor_sightings", "its actor has no name in actor_names",
              f"SELECT {_key('actor', 'doc_id')}, NULL FROM actor_sightings x WHERE NOT EXISTS "
              "(SELECT 1 FROM actor_names n WHERE n.actor = x.actor)", ("actor_sightings", "actor_names")),
    ]


# -- running them ------------------------------------------------------------------------------------------------


def expected_columns() -> dict[str, dict[str, str]]:
    """Table (or view) -> column -> type, as a freshly migrated store has them."""
    con = duckdb.connect(":memory:")
    try:
        _migrate.migrate(con)
        return _columns(con)
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    rows = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                       "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        out.setdefault(table, {})[column] = kind
    return out


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def schema_problems(con: duckdb.DuckDBPyConnection) -> tuple[int, list[Problem]]:
    """(the recorded schema version, what is wrong with the version, the upgrade or the tables)."""
    problems: list[Problem] = []
    try:
        version = _migrate.schema_version(con)
    except (StoreError, duckdb.Error) as exc:
        return 0, [Problem("meta", "key=schema_version", _one_line(exc))]
    latest = _migrate.SCHEMA_VERSION
    if version == 0:
        problems.append(Problem("meta", "key=schema_version", "no schema version: not a communique database"))
    elif version > latest:
        problems.append(Problem("meta", "key=schema_version",
                                f"schema version {version} is newer than this communique supports ({latest})"))
    elif version < latest:
        problems.append(Problem("meta", "key=schema_version", f"schema version {version} of {latest}: "
                                "migrations are missing (open it once without read-only to migrate it)"))
    elif con.execute("SELECT count(*) FROM meta WHERE key = ?", [RELINK_PENDING]).fetchone() != (0,):
        problems.append(Problem("meta", f"key={RELINK_PENDING}", "an upgrade was interrupted before its events "
                                "and commitments were linked (open it once without read-only to finish it)"))
    found = _columns(con)
    for table, columns in expected_columns().items():
        if table not in found:
            problems.append(Problem(table, "", "table or view is missing"))
            continue
        for column, kind in columns.items():
            if column not in found[table]:
                problems.append(Problem(table, "", f"column {column} is missing"))
            elif found[table][column] != kind:
                problems.append(Problem(table, "", f"column {column} is {found[table][column]}, expected {kind}"))
    return version, problems


def read_tables(con: duckdb.DuckDBPyConnection, tables: list[str]) -> tuple[list[tuple[str, int]], list[Problem]]:
    """Read every row and column of each table; (rows per readable table, the tables that fail)."""
    counts: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for table in tables:
        try:  # table names come from the catalogue; every column is hashed so every block is read
            row = con.execute(f'SELECT count(*), max(hash(COLUMNS(*))) FROM "{table}"').fetchone()  # noqa: S608
        except duckdb.Error as exc:
            problems.append(Problem(table, "", f"cannot be read: {_one_line(exc)}"))
        else:
            counts.append((table, int(row[0]) if row else 0))
    return counts, problems


def _run(con: duckdb.DuckDBPyConnection, check: Check, limit: int) -> Iterator[tuple[Problem | None, int]]:
    """(problem, 0) per listed row, then (None, rows beyond the limit)."""
    rows = con.execute(f"SELECT k, d, count(*) OVER () FROM ({check.sql}) AS bad(k, d) LIMIT ?",  # noqa: S608
                       [limit]).fetchall()
    for key, detail, _ in rows:
        yield Problem(check.table, str(key), f"{check.reason}: {detail}" if detail else check.reason), 0
    yield None, (int(rows[0][2]) - len(rows)) if rows else 0


def check_connection(con: duckdb.DuckDBPyConnection, *, path: str = ":memory:",
                     limit: int = DEFAULT_LIMIT) -> IntegrityReport:
    """Check an open database (see the module docstring); at most ``limit`` rows are listed per rule."""
    version, problems = schema_problems(con)
    present = _columns(con)
    counts, unreadable = read_tables(con, sorted(present))
    problems += unreadable
    broken = {p.table for p in unreadable} | {p.table for p in problems if "missing" in p.reason}
    unlisted = 0
    for check in checks():
        if any(t not in present or t in broken for t in check.needs):
            continue
        try:
            for problem, more in _run(con, check, limit):
                if problem is not None:
                    problems.append(problem)
                unlisted += more
        except duckdb.Error as exc:
            problems.append(Problem(check.table, "", f"cannot check that no row is '{check.reason}': "
                                    f"{_one_line(exc)}"))
    return IntegrityReport(path, version, tuple(counts), tuple(problems), unlisted)


def open_read_only(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A read-only connection to an existing DuckDB file; StoreError (one line) when there is none."""
    name = os.fspath(path)
    if not Path(name).exists():
        raise StoreError(f"no database at {name!r}")
    if not Path(name).is_file():
        raise StoreError(f"{name!r} is not a file")
    try:
        return duckdb.connect(name, read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"{name!r} cannot be opened as a DuckDB database: {_one_line(exc)}") from exc


def check_file(path: str | os.PathLike[str], *, limit: int = DEFAULT_LIMIT) -> IntegrityReport:
    """Open the database at ``path`` read-only and check it; see the module docstring."""
    con = open_read_only(path)
    try:
        return check_connection(con, path=os.fspath(path), limit=limit)
    finally:
        con.close()
