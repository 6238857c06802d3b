"""The relations map: countries and the balance of cooperation and conflict between each pair.

A query over the store's global events (one row per event however many
reports it has), written here because the store has no listing of every
pair at once. Events that report what did not happen are left out.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ..store.queries import check_limit
from ..store.relations import date_range

_PAIRS = """
SELECT least(g.country1, g.country2) AS a, greatest(g.country1, g.country2) AS b, count(*) AS events,
       count(*) FILTER (WHERE e.quad_class IN (1, 2)) AS cooperation,
       count(*) FILTER (WHERE e.quad_class IN (3, 4)) AS conflict,
       count(*) FILTER (WHERE e.quad_class = 1) AS verbal_coop,
       count(*) FILTER (WHERE e.quad_class = 2) AS material_coop,
       count(*) FILTER (WHERE e.quad_class = 3) AS verbal_conflict,
       count(*) FILTER (WHERE e.quad_class = 4) AS material_conflict,
       round(coalesce(sum(e.goldstein), 0), 2) AS goldstein_total,
       round(avg(e.goldstein), 2) AS goldstein_mean,
       min(g.first_date) AS first_date, max(g.first_date) AS last_date
FROM global_events g
JOIN events e ON e.doc_id = g.first_doc_id AND e.id = g.first_event_id
WHERE g.country1 IS NOT NULL AND g.country2 IS NOT NULL AND g.country1 <> g.country2 AND NOT g.negated
{range}
GROUP BY ALL
ORDER BY events DESC, a, b"""


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def balance(cooperation: int, conflict: int) -> float:
    """From -1 (all conflict) to 1 (all cooperation); 0 when there is neither.

    >>> balance(3, 1)
    0.5
    """
    total = cooperation + conflict
    return round((cooperation - conflict) / total, 3) if total else 0.0


def relations(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
              limit: int | None = None) -> dict[str, Any]:
    """``{"links": [...], "nodes": [...]}``: one link per pair of countries with its QuadClass counts,
    Goldstein total and mean and ``balance``; one node per country with its events and partners."""
    where, params = date_range(since, until)
    sql = _PAIRS.replace("{range}", " ".join(f"AND {w}" for w in where))
    n = check_limit(limit)
    if n is not None:
        sql += "\nLIMIT ?"
        params.append(n)
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or ()]
    links = [{k: _plain(v) for k, v in zip(names, row, strict=True)} for row in cursor.fetchall()]
    nodes: dict[str, dict[str, Any]] = {}
    for link in links:
        link["balance"] = balance(link["cooperation"], link["conflict"])
        for code in (link["a"], link["b"]):
            node = nodes.setdefault(code, {"id": code, "events": 0, "partners": 0})
            node["events"] += link["events"]
            node["partners"] += 1
    return {"since": since, "until": until, "links": links,
            "nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"]))}
