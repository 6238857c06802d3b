"""Queries over relations across documents: global events, a dyad's story, tracked commitments, actors.

Every row carries the words it rests on (``sentence_text``) and the document
(``doc_id``) they come from. Global events are counted once however many
reports they have (see :mod:`.linking`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..errors import QueryError
from ..model import ACTOR_KINDS
from . import tracking as _tracking
from .queries import (
    _dicts,
    _like,
    check_commitment_kind,
    check_country,
    check_date,
    check_dyad,
    check_limit,
    check_words,
)

_SENTENCE = 'substring(d.text, s.start + 1, s."end" - s.start)'

_GLOBAL = f"""
SELECT g.global_id, g.first_date AS date, g.country1, g.country2, g.direction,
       e.cameo, e.cameo_label AS label, e.cameo_root, e.quad_class, e.goldstein, e.plover_type, e.modality,
       c.num_mentions, c.num_sources, c.num_articles, c.last_date,
       g.first_doc_id AS doc_id, g.first_event_id AS event_id, d.title, d.url, d.published,
       {_SENTENCE} AS sentence_text
FROM global_events g
JOIN global_event_counts c ON c.global_id = g.global_id
JOIN events e ON e.doc_id = g.first_doc_id AND e.id = g.first_event_id
JOIN documents d ON d.id = g.first_doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence"""

_PAIR = "((g.country1 = ? AND g.country2 = ?) OR (g.country1 = ? AND g.country2 = ?))"


def date_range(since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``g.first_date``) and their parameters for a checked date range."""
    where: list[str] = []
    params: list[Any] = []
    start = check_date(since, "since") if since is not None else None
    end = check_date(until, "until") if until is not None else None
    if start and end and start > end:
        raise QueryError(f"since ({since}) is after until ({until}); no date can match")
    if start:
        where.append("g.first_date >= ?")
        params.append(start)
    if end:
        where.append("g.first_date <= ?")
        params.append(end)
    return where, params


def global_events(
    con: duckdb.DuckDBPyConnection, *, dyad: tuple[str, str] | None = None, since: str | None = None,
    until: str | None = None, min_articles: int = 1, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Global events (one row per event, its earliest report's words), newest first."""
    where, params = date_range(since, until)
    if dyad is not None:
        a, b = check_dyad(dyad)
        where.append(_PAIR)
        params += [a, b, b, a]
    if isinstance(min_articles, bool) or not isinstance(min_articles, int) or min_articles < 1:
        raise QueryError(f"min_articles must be a positive integer; got {min_articles!r}")
    if min_articles > 1:
        where.append("c.num_articles >= ?")
        params.append(min_articles)
    sql = _GLOBAL + ("\nWHERE " + " AND ".join(where) if where else "")
    sql += "\nORDER BY g.first_date DESC NULLS LAST, g.global_id"
    n = check_limit(limit)
    if n is not None:
        sql += "\nLIMIT ?"
        params.append(n)
    return _dicts(con.execute(sql, params))


def mentions(con: duckdb.DuckDBPyConnection, global_id: int) -> list[dict[str, Any]]:
    """The reports of one global event, earliest first, each with its sentence and document."""
    if isinstance(global_id, bool) or not isinstance(global_id, int):
        raise QueryError(f"global_id must be an integer; got {global_id!r}")
    sql = f"""
SELECT m.global_id, m.doc_id, m.event_id, m.date, m.source, d.title, d.url, d.published, e.cameo,
       e.trigger_text, {_SENTENCE} AS sentence_text
FROM event_mentions m
JOIN events e ON e.doc_id = m.doc_id AND e.id = m.event_id
JOIN documents d ON d.id = m.doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
WHERE m.global_id = ?
ORDER BY m.date NULLS LAST, d.published NULLS LAST, m.doc_id, e.sentence"""
    return _dicts(con.execute(sql, [global_id]))


# -- a dyad's story -----------------------------------------------------------

_TIMELINE = f"""
WITH ev AS ({_GLOBAL}
  WHERE {_PAIR} AND g.first_date IS NOT NULL {{range}})
SELECT strftime(date, '%Y-%m') AS month, count(*) AS events,
       count(*) FILTER (WHERE quad_class = 1) AS verbal_coop,
       count(*) FILTER (WHERE quad_class = 2) AS material_coop,
       count(*) FILTER (WHERE quad_class = 3) AS verbal_conflict,
       count(*) FILTER (WHERE quad_class = 4) AS material_conflict,
       round(sum(goldstein), 2) AS goldstein_total, round(avg(goldstein), 2) AS goldstein_mean,
       sum(num_articles) AS articles,
       arg_max(label, abs(coalesce(goldstein, 0))) AS top_event,
       arg_max(sentence_text, abs(coalesce(goldstein, 0))) AS sentence_text,
       arg_max(doc_id, abs(coalesce(goldstein, 0))) AS doc_id
FROM ev
GROUP BY month
ORDER BY month"""

_DYAD_DOCS = f"""
SELECT DISTINCT m.doc_id FROM event_mentions m JOIN global_events g ON g.global_id = m.global_id WHERE {_PAIR}"""

_QUOTES = f"""
SELECT q.doc_id, q.id AS quote_id, d.published, a.name AS speaker, a.country AS speaker_country, q.text,
       d.title
FROM quotes q
JOIN documents d ON d.id = q.doc_id
JOIN actors a ON a.doc_id = q.doc_id AND a.id = q.speaker
WHERE a.country IN (?, ?) AND q.doc_id IN ({_DYAD_DOCS})
ORDER BY d.published DESC NULLS LAST, q.doc_id, q.start
LIMIT ?"""


@dataclass(frozen=True, slots=True)
class DyadReport:
    """The relation between two countries: each part a list of dict rows."""

    pair: tuple[str, str]
    timeline: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    agreements: list[dict[str, Any]] = field(default_factory=list)
    open: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)

    SECTIONS = ("timeline", "events", "agreements", "open", "quotes")

    def to_dict(self) -> dict[str, Any]:
        return {"pair": list(self.pair), **{name: getattr(self, name) for name in self.SECTIONS}}


def dyad(
    con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None, until: str | None = None,
    limit: int = 20,
) -> DyadReport:
    """Events per month by QuadClass with Goldstein total and mean, the latest global events, the
    agreements, the open targets and promises, and the latest quotes between countries ``a`` and ``b``."""
    a, b = check_country(a, "first country"), check_country(b, "second country")
    if a == b:
        raise QueryError(f"a dyad needs two different countries; got {a} twice")
    n = check_limit(limit)
    pair = [a, b, b, a]
    where, params = date_range(since, until)
    extra = "".join(f" AND {w}" for w in where)
    timeline = _dicts(con.execute(_TIMELINE.replace("{range}", extra), pair + params))
    events = global_events(con, dyad=(a, b), since=since, until=until, limit=n)
    commitments = threads(con, parties=(a, b))
    agreements = [t for t in commitments if t["kind"] == "agreement"]
    promised = [t for t in commitments if t["kind"] in ("target", "promise") and t["open"]]
    quotes = _dicts(con.execute(_QUOTES, [a, b, *pair, n if n is not None else 10]))
    return DyadReport((a, b), timeline, events, agreements, promised, quotes)


# -- tracked commitments ------------------------------------------------------

_THREADS = """
SELECT t.thread_id, t.kind, t.what, t.parties, t.makers, t.first_date,
       list({'seq': u.seq, 'date': u.date, 'status': u.status, 'doc_id': u.doc_id,
              'commitment_id': u.commitment_id, 'event_id': u.event_id, 'evidence': u.evidence}
            ORDER BY u.seq) AS history
FROM commitment_threads t
JOIN commitment_updates u ON u.thread_id = t.thread_id
{where}
GROUP BY ALL
ORDER BY t.first_date DESC NULLS LAST, t.thread_id"""


def _thread_row(row: dict[str, Any], rules: _tracking.Rules) -> dict[str, Any]:
    updates = [{**u, "date": u["date"].isoformat() if u["date"] is not None else None} for u in row["history"]]
    history = sorted(updates, key=lambda u: (u["date"] or "", rules.rank(u["status"]), u["seq"]))
    latest = history[-1]
    out = {k: row[k] for k in ("thread_id", "kind", "what", "parties", "makers", "first_date")}
    out.update(status=latest["status"], status_date=latest["date"], open=latest["status"] not in rules.closed,
               reports=len({u["doc_id"] for u in history}), doc_id=latest["doc_id"],
               sentence_text=latest["evidence"], history=history)
    return out


def threads(
    con: duckdb.DuckDBPyConnection, *, kind: str | None = None, party: str | None = None,
    parties: tuple[str, ...] = (), status: str | None = None, open_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Tracked commitments with their current status and history (each update with its evidence).

    ``party``: a country among the parties; ``parties``: all of these countries among them;
    ``status``: the current status; ``open_only``: not yet closed (see ``tracking.tsv``).
    """
    where: list[str] = []
    params: list[Any] = []
    if kind is not None:
        where.append("t.kind = ?")
        params.append(check_commitment_kind(kind))
    for code in ((party,) if party is not None else ()) + tuple(parties):
        where.append("list_contains(t.parties, ?)")
        params.append(check_country(code, "party"))
    sql = _THREADS.replace("{where}", "WHERE " + " AND ".join(where) if where else "")
    rules = _tracking.rules()
    rows = [_thread_row(r, rules) for r in _dicts(con.execute(sql, params))]
    if status is not None:
        wanted = check_words(status, "status")
        rows = [r for r in rows if r["status"] == wanted]
    if open_only:
        rows = [r for r in rows if r["open"]]
    n = check_limit(limit)
    return rows if n is None else rows[:n]


# -- global actors ------------------------------------------------------------

_ACTORS = """
WITH keyed AS (
  SELECT a.doc_id, a.id, a.name, a.kind, a.country, a.role,
         coalesce((SELECT min(s.actor) FROM actor_sightings s WHERE s.doc_id = a.doc_id AND s.name = a.name),
                  CASE WHEN a.kind = 'country' AND a.country IS NOT NULL THEN a.country
                       ELSE coalesce(a.country, '') || '/' || lower(a.name) END) AS actor,
         (SELECT count(*) FROM mentions m WHERE m.doc_id = a.doc_id AND m.actor_id = a.id) AS n_mentions
  FROM actors a)
SELECT actor, arg_max(name, n_mentions) AS name, min(kind) AS kind, min(country) AS country,
       list(DISTINCT name ORDER BY name) AS names,
       list(DISTINCT role ORDER BY role) FILTER (WHERE role IS NOT NULL) AS roles,
       count(DISTINCT doc_id) AS documents, sum(n_mentions)::BIGINT AS mentions
FROM keyed
{where}
GROUP BY actor
ORDER BY mentions DESC, actor"""


def actors(
    con: duckdb.DuckDBPyConnection, *, name: str | None = None, country: str | None = None,
    kind: str | None = None, limit: int | None = None,
) -> list[dict[str, Any]]:
    """Global actors (people by country and name, countries by code, others by country and name)
    with every name they were found under, their roles, documents and mention counts, most mentioned first."""
    where: list[str] = []
    params: list[Any] = []
    if name is not None:
        where.append("name ILIKE ? ESCAPE '\\'")
        params.append(_like(check_words(name, "name")))
    if country is not None:
        where.append("country = ?")
        params.append(check_country(country))
    if kind is not None:
        if kind not in ACTOR_KINDS:
            raise QueryError(f"kind must be one of {', '.join(ACTOR_KINDS)}; got {kind!r}")
        where.append("kind = ?")
        params.append(kind)
    sql = _ACTORS.replace("{where}", "WHERE " + " AND ".join(where) if where else "")
    n = check_limit(limit)
    if n is not None:
        sql += "\nLIMIT ?"
        params.append(n)
    rows = _dicts(con.execute(sql, params))
    for row in rows:
        row["roles"] = row["roles"] or []
    return rows
