"""Read queries over the store, with validated filters.

Every filter is checked before any SQL runs; a malformed one raises
:class:`~communique.errors.QueryError` saying what is accepted. Values always
travel as parameters; only constant SQL fragments are joined.

Conventions shared by the queries:

- ``country`` matches an event whose *source or target* country is the code.
  An event's countries are those of its first source and first target actor.
- ``dyad=(A, B)`` matches events between A and B **in either direction**
  (A→B or B→A), symmetric or not; the row's ``source_country`` and
  ``target_country`` tell the direction.
- ``since`` / ``until`` are inclusive ISO dates compared with the event's
  date, or, when the event has none, the document's published date; events
  with neither are left out when either bound is given.
- ``cameo`` is a prefix: ``"04"`` matches 040–046 and their sub-codes; ``root``
  is the two-digit CAMEO root exactly.
- ``actor`` matches an event with an actor whose name contains the words
  (case-insensitive) on either side; ``text`` one whose sentence contains them.
- ``quad_class`` is 1–4, ``plover`` a PLOVER type (upper case), ``modality`` one
  of the model's modalities.
- Rows are dicts; dates come back as ISO strings; newest first.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import duckdb

from ..errors import QueryError
from ..model import COMMITMENT_KINDS, MODALITIES
from .rows import TABLE_NAMES, iso_date

_COUNTRY = re.compile(r"[A-Z]{3}")
_CAMEO = re.compile(r"[0-9]{2,4}")
MAX_LIMIT = 2**62  # DuckDB's LIMIT takes a BIGINT


# -- validation ---------------------------------------------------------------

def check_country(value: object, what: str = "country") -> str:
    """A 3-letter upper-case country code, or QueryError."""
    if isinstance(value, str) and _COUNTRY.fullmatch(value):
        return value
    raise QueryError(
        f"{what} must be a country code of 3 upper-case letters (ISO 3166 alpha-3 or CAMEO), "
        f"such as 'IRN' or 'USA'; got {value!r}"
    )


def check_dyad(value: object) -> tuple[str, str]:
    """A pair of country codes, or QueryError."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise QueryError(f"dyad must be a pair of country codes such as ('IRN', 'VEN'); got {value!r}")
    return check_country(value[0], "dyad country"), check_country(value[1], "dyad country")


def check_date(value: object, what: str) -> date:
    """An ISO ``YYYY-MM-DD`` date, or QueryError."""
    parsed = iso_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise QueryError(f"{what} must be an ISO date YYYY-MM-DD, such as '2022-06-19'; got {value!r}")
    return parsed


def check_cameo(value: object) -> str:
    """A CAMEO code or prefix of 2 to 4 digits, or QueryError."""
    if isinstance(value, str) and _CAMEO.fullmatch(value):
        return value
    raise QueryError(
        f"cameo must be a CAMEO code or prefix of 2 to 4 digits, such as '04' or '043'; got {value!r}"
    )


def check_limit(value: object) -> int | None:
    """None (no limit) or a non-negative integer (below 2**62), or QueryError."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_LIMIT):
        return value
    raise QueryError(f"limit must be a non-negative integer below {MAX_LIMIT} or None; got {value!r}")


def check_root(value: object) -> str:
    """A two-digit CAMEO root (01–20), or QueryError."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{2}", value) and 1 <= int(value) <= 20:
        return value
    raise QueryError(f"root must be a two-digit CAMEO root from 01 to 20, such as '04'; got {value!r}")


def check_quad_class(value: object) -> int:
    """A QuadClass 1–4, or QueryError."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4:
        return value
    raise QueryError("quad_class must be 1 (verbal cooperation), 2 (material cooperation), "
                     f"3 (verbal conflict) or 4 (material conflict); got {value!r}")


def check_modality(value: object) -> str:
    if value in MODALITIES:
        return str(value)
    raise QueryError(f"modality must be one of {', '.join(MODALITIES)}; got {value!r}")


def check_words(value: object, what: str) -> str:
    """Non-empty words to search for, or QueryError."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise QueryError(f"{what} must be some words to search for; got {value!r}")


def check_plover(value: object) -> str:
    if isinstance(value, str) and re.fullmatch(r"[A-Z_]+", value):
        return value
    raise QueryError(f"plover must be a PLOVER event type in upper case, such as 'CONSULT' or 'AGREE'; got {value!r}")


def _like(words: str) -> str:
    return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def check_commitment_kind(value: object) -> str:
    if value in COMMITMENT_KINDS:
        return str(value)
    raise QueryError(f"kind must be one of {', '.join(COMMITMENT_KINDS)}; got {value!r}")


# -- helpers ------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or ()]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cursor.fetchall()]


def _run(
    con: duckdb.DuckDBPyConnection, sql: str, where: list[str], params: list[Any],
    order: str, limit: int | None,
) -> list[dict[str, Any]]:
    """Assemble constant SQL fragments; every value is in ``params``."""
    parts = [sql]
    if where:
        parts.append("WHERE " + " AND ".join(where))
    parts.append("ORDER BY " + order)
    if limit is not None:
        parts.append("LIMIT ?")
        params = [*params, limit]
    return _dicts(con.execute("\n".join(parts), params))


def _names(ids: str, alias: str) -> str:
    """SQL for the names of the actors whose ids are in list column ``ids``, in list order."""
    return (
        f"coalesce((SELECT list(a.name ORDER BY list_position({ids}, a.id)) FROM actors a "
        f"WHERE a.doc_id = {alias}.doc_id AND list_contains({ids}, a.id)), [])"
    )


# -- queries ------------------------------------------------------------------

_DOCUMENTS = """
SELECT d.id, d.title, d.published, d.dateline, d.publisher,
       (SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS n_events,
       (SELECT count(*) FROM quotes q WHERE q.doc_id = d.id) AS n_quotes
FROM documents d"""


def documents(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> list[dict[str, Any]]:
    """One row per stored document, newest published first."""
    return _run(con, _DOCUMENTS, [], [], "d.published DESC NULLS LAST, d.id", check_limit(limit))


_EVENTS = f"""
SELECT e.doc_id, e.id AS event_id, e.date, d.published, e.sentence,
       e.source AS source_ids, {_names("e.source", "e")} AS source,
       e.source_country,
       e.target AS target_ids, {_names("e.target", "e")} AS target,
       e.target_country,
       e."symmetric", e.cameo, e.cameo_label AS label, e.goldstein, e.quad_class,
       e.plover_type, e.modality, e.trigger_text, e.confidence,
       substring(d.text, s.start + 1, s."end" - s.start) AS sentence_text, m.global_id
FROM events e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
LEFT JOIN event_mentions m ON m.doc_id = e.doc_id AND m.event_id = e.id"""


def events(
    con: duckdb.DuckDBPyConnection, *, country: str | None = None,
    dyad: tuple[str, str] | None = None, since: str | None = None, until: str | None = None,
    cameo: str | None = None, limit: int | None = None, actor: str | None = None,
    root: str | None = None, quad_class: int | None = None, plover: str | None = None,
    modality: str | None = None, text: str | None = None,
) -> list[dict[str, Any]]:
    """Events matching every filter given; see the module docstring for their meaning."""
    where: list[str] = []
    params: list[Any] = []
    if actor is not None:
        where.append("EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = e.doc_id "
                     "AND (list_contains(e.source, a.id) OR list_contains(e.target, a.id)) "
                     "AND a.name ILIKE ? ESCAPE '\\')")
        params.append(_like(check_words(actor, "actor")))
    if root is not None:
        where.append("e.cameo_root = ?")
        params.append(check_root(root))
    if quad_class is not None:
        where.append("e.quad_class = ?")
        params.append(check_quad_class(quad_class))
    if plover is not None:
        where.append("e.plover_type = ?")
        params.append(check_plover(plover))
    if modality is not None:
        where.append("e.modality = ?")
        params.append(check_modality(modality))
    if text is not None:
        where.append("substring(d.text, s.start + 1, s.\"end\" - s.start) ILIKE ? ESCAPE '\\'")
        params.append(_like(check_words(text, "text")))
    if country is not None:
        where.append("(e.source_country = ? OR e.target_country = ?)")
        params += [check_country(country)] * 2
    if dyad is not None:
        a, b = check_dyad(dyad)
        where.append(
            "((e.source_country = ? AND e.target_country = ?) "
            "OR (e.source_country = ? AND e.target_country = ?))"
        )
        params += [a, b, b, a]
    start = check_date(since, "since") if since is not None else None
    end = check_date(until, "until") if until is not None else None
    if start and end and start > end:
        raise QueryError(f"since ({since}) is after until ({until}); no date can match")
    if start:
        where.append("coalesce(e.date, d.published) >= ?")
        params.append(start)
    if end:
        where.append("coalesce(e.date, d.published) <= ?")
        params.append(end)
    if cameo is not None:
        where.append("starts_with(e.cameo, ?)")
        params.append(check_cameo(cameo))
    order = "coalesce(e.date, d.published) DESC NULLS LAST, e.doc_id, e.sentence, e.trigger_start, e.id"
    return _run(con, _EVENTS, where, params, order, check_limit(limit))


_QUOTES = """
SELECT q.doc_id, q.id AS quote_id, q.text, q.start, q."end",
       q.speaker AS speaker_id, a.name AS speaker, q.speaker_text, a.country AS speaker_country,
       q.cue, q.kind, d.published
FROM quotes q
JOIN documents d ON d.id = q.doc_id
LEFT JOIN actors a ON a.doc_id = q.doc_id AND a.id = q.speaker"""


def quotes(
    con: duckdb.DuckDBPyConnection, *, speaker_country: str | None = None, limit: int | None = None,
    speaker: str | None = None, text: str | None = None,
) -> list[dict[str, Any]]:
    """Quotes, optionally only those whose speaker is an actor of ``speaker_country``, whose speaker's
    name (or the words naming the speaker) contains ``speaker``, or whose words contain ``text``."""
    where: list[str] = []
    params: list[Any] = []
    if speaker is not None:
        where.append("(a.name ILIKE ? ESCAPE '\\' OR q.speaker_text ILIKE ? ESCAPE '\\')")
        params += [_like(check_words(speaker, "speaker"))] * 2
    if text is not None:
        where.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(_like(check_words(text, "text")))
    if speaker_country is not None:
        where.append("a.country = ?")
        params.append(check_country(speaker_country, "speaker_country"))
    order = "d.published DESC NULLS LAST, q.doc_id, q.start, q.id"
    return _run(con, _QUOTES, where, params, order, check_limit(limit))


_COMMITMENTS = f"""
SELECT c.doc_id, c.id AS commitment_id, c.kind, c.what, c.status, c.date,
       c.by_actors AS by_ids, {_names("c.by_actors", "c")} AS "by",
       c.for_actors AS for_ids, {_names("c.for_actors", "c")} AS "for",
       c.quantities AS quantity_ids,
       coalesce((SELECT list(n.text ORDER BY list_position(c.quantities, n.id)) FROM quantities n
                 WHERE n.doc_id = c.doc_id AND list_contains(c.quantities, n.id)), []) AS quantities,
       c.events AS event_ids, d.published
FROM commitments c
JOIN documents d ON d.id = c.doc_id"""


def commitments(
    con: duckdb.DuckDBPyConnection, *, kind: str | None = None, limit: int | None = None,
    party: str | None = None, status: str | None = None,
) -> list[dict[str, Any]]:
    """Commitments, optionally of one kind (agreement, policy, target, promise, indicator), with a
    party (``by`` or ``for``) of country ``party``, or with the status (as reported) ``status``."""
    where: list[str] = []
    params: list[Any] = []
    if party is not None:
        where.append("EXISTS (SELECT 1 FROM actors a WHERE a.doc_id = c.doc_id AND a.country = ? "
                     "AND (list_contains(c.by_actors, a.id) OR list_contains(c.for_actors, a.id)))")
        params.append(check_country(party, "party"))
    if status is not None:
        where.append("c.status = ?")
        params.append(check_words(status, "status"))
    if kind is not None:
        where.append("c.kind = ?")
        params.append(check_commitment_kind(kind))
    order = "coalesce(c.date, d.published) DESC NULLS LAST, c.doc_id, c.id"
    return _run(con, _COMMITMENTS, where, params, order, check_limit(limit))


_TOP_DYADS = """
SELECT least(source_country, target_country) AS a, greatest(source_country, target_country) AS b,
       count(*) AS n
FROM events
WHERE source_country IS NOT NULL AND target_country IS NOT NULL
  AND source_country <> target_country
GROUP BY 1, 2
ORDER BY n DESC, a, b
LIMIT ?"""


def top_dyads(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[tuple[str, str, int]]:
    """Unordered pairs of different countries, (A, B) with A < B, by number of events."""
    n = check_limit(limit)
    rows = con.execute(_TOP_DYADS, [n]).fetchall()
    return [(a, b, int(count)) for a, b, count in rows]


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table."""
    result: dict[str, int] = {}
    for table in TABLE_NAMES:  # constant names, not input
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
        result[table] = int(row[0]) if row else 0
    return result
