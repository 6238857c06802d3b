"""Exports of the store: GDELT 2.0 events, PLOVER JSON, flat CSV, JSON Lines records, Parquet tables.

``gdelt``
    One tab-separated line per global event, no header, the 61 columns of the
    GDELT 2.0 event table in GDELT's order (:data:`GDELT_COLUMNS`):
    GLOBALEVENTID, SQLDATE, MonthYear, Year, FractionDate; Actor1Code, Actor1Name,
    Actor1CountryCode, Actor1KnownGroupCode, Actor1EthnicCode, Actor1Religion1Code,
    Actor1Religion2Code, Actor1Type1Code, Actor1Type2Code, Actor1Type3Code; the same
    ten for Actor2; IsRootEvent, EventCode, EventBaseCode, EventRootCode, QuadClass,
    GoldsteinScale, NumMentions, NumSources, NumArticles, AvgTone; Actor1Geo_Type,
    _FullName, _CountryCode, _ADM1Code, _ADM2Code, _Lat, _Long, _FeatureID; the same
    eight for Actor2Geo and ActionGeo; DATEADDED, SOURCEURL. Field by field:

    - GLOBALEVENTID: the store's ``global_id``. A symmetric event ("the two
      countries signed") is written twice, once per direction; the mirrored
      line has the id plus :data:`MIRROR_OFFSET`.
    - SQLDATE (YYYYMMDD), MonthYear (YYYYMM), Year: the global event's anchor
      date (its earliest report); FractionDate is YYYY + (MONTH * 30 + DAY) / 365
      to four places, as GDELT computes it. Events with no date are left out.
    - ActorN: the first source actor (Actor1) and the first target actor
      (Actor2, or the second source of a symmetric event) of the earliest
      report. Code is the CAMEO actor code, Name the canonical name in upper
      case, CountryCode the country, KnownGroupCode the code of an organisation
      without a country, Type1–3Code the sector codes after the country in the
      actor code (``IRNGOVMIL`` → GOV, MIL). Ethnic and religion codes are empty:
      communique does not code them.
    - IsRootEvent: 1 when the earliest report is in the document's first
      sentence (GDELT: the lead paragraph), else 0.
    - EventCode, EventBaseCode (three digits), EventRootCode (two), QuadClass,
      GoldsteinScale: of the earliest report.
    - NumMentions, NumSources, NumArticles: all the reports, the distinct
      publishers (else url hosts, else documents) and the distinct documents.
    - AvgTone: empty; communique does not score tone.
    - Geo: ActionGeo_FullName is the event's place, when the record has one,
      with ActionGeo_Type 4 (a world city or place); everything else is empty:
      communique does not geocode, and GDELT's country codes there are FIPS.
    - DATEADDED: when the earliest report was ingested, YYYYMMDDHHMMSS UTC.
    - SOURCEURL: the earliest report's url, else its path, else ``doc:`` + its id.

``plover``
    One JSON object per line per global event with a PLOVER type (symmetric
    events once per direction, the mirrored id ending in ``-r``): id, date,
    event (the PLOVER type), mode, context, source and target (name, country,
    agent = sector, code), cameo, quad_class, goldstein, num_mentions,
    num_sources, num_articles, text (the earliest report's sentence), doc_id, url.

``csv``
    One row per event report: the columns of :meth:`Store.events` plus
    ``global_id``; lists are joined with ``; ``.

``jsonl``
    The full document records, exactly as ingested, one per line.

``parquet``
    A folder with one ``TABLE.parquet`` file per table of the store (same
    columns and types), and ``meta.parquet`` with the schema version;
    :func:`import_parquet` loads it back into an empty store.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import duckdb

from ..errors import StoreError
from . import queries as _q
from .migrate import schema_version
from .rows import TABLE_NAMES

GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
               "Type1Code", "Type2Code", "Type3Code")
GDELT_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in GDELT_ACTOR), *(f"Actor2{f}" for f in GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in GDELT_GEO), *(f"Actor2Geo_{f}" for f in GDELT_GEO),
    *(f"ActionGeo_{f}" for f in GDELT_GEO),
    "DATEADDED", "SOURCEURL",
)
MIRROR_OFFSET = 1_000_000_000_000
FORMATS = ("gdelt", "plover", "csv", "jsonl", "parquet")
STORE_TABLES: tuple[str, ...] = (
    *TABLE_NAMES, "actor_names", "actor_sightings", "global_events", "event_mentions",
    "commitment_threads", "commitment_updates",
)

_BASE = """
SELECT g.global_id, g.first_date, c.num_mentions, c.num_sources, c.num_articles,
       e.doc_id, e.sentence, e.cameo, e.quad_class, e.goldstein, e."symmetric", e.plover_type, e.plover_mode,
       e.plover_context,
       substring(d.text, s.start + 1, s."end" - s.start) AS text,
       d.url, d.path, d.ingested_at,
       {actor1}, {actor2},
       p.name AS place
FROM global_events g
JOIN global_event_counts c ON c.global_id = g.global_id
JOIN events e ON e.doc_id = g.first_doc_id AND e.id = g.first_event_id
JOIN documents d ON d.id = e.doc_id
LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
LEFT JOIN actors x1 ON x1.doc_id = e.doc_id AND x1.id = e.source[1]
LEFT JOIN actors x2 ON x2.doc_id = e.doc_id
     AND x2.id = CASE WHEN len(e.target) > 0 THEN e.target[1] WHEN e."symmetric" THEN e.source[2] END
LEFT JOIN actors p ON p.doc_id = e.doc_id AND p.id = e.location
WHERE g.first_date IS NOT NULL
ORDER BY g.global_id"""


def _actor_cols(alias: str, n: int) -> str:
    return ", ".join(f"{alias}.{c} AS a{n}_{c}" for c in ("name", "kind", "country", "sector", "code"))


def _base_rows(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    cursor = con.execute(_BASE.format(actor1=_actor_cols("x1", 1), actor2=_actor_cols("x2", 2)))
    names = [d[0] for d in cursor.description or ()]
    while batch := cursor.fetchmany(2000):
        for row in batch:
            yield dict(zip(names, row, strict=True))


def _gdelt_actor(row: dict[str, Any], n: int) -> list[Any]:
    code, country, kind = row[f"a{n}_code"], row[f"a{n}_country"], row[f"a{n}_kind"]
    name = row[f"a{n}_name"]
    rest = code[len(country):] if code and country and code.startswith(country) else ""
    types = [rest[i:i + 3] for i in range(0, min(len(rest), 9), 3)]
    group = code if kind in ("organization", "group") and not country else None
    return [code, name.upper() if name else None, country, group, None, None, None,
            *(types + [None] * 3)[:3]]


def fraction_date(day: date) -> float:
    """GDELT's FractionDate: YYYY + (MONTH * 30 + DAY) / 365, to four places."""
    return round(day.year + (day.month * 30 + day.day) / 365, 4)


def gdelt_rows(con: duckdb.DuckDBPyConnection) -> Iterator[list[Any]]:
    """The GDELT 2.0 event rows, in :data:`GDELT_COLUMNS` order (symmetric events twice)."""
    for row in _base_rows(con):
        day: date = row["first_date"]
        cameo = row["cameo"] or ""
        added: datetime = row["ingested_at"]
        url = row["url"] or row["path"] or f"doc:{row['doc_id']}"
        action_geo = [4 if row["place"] else None, row["place"], *([None] * 6)]
        actor1, actor2 = _gdelt_actor(row, 1), _gdelt_actor(row, 2)
        middle = [
            1 if row["sentence"] == 0 else 0, cameo, cameo[:3], cameo[:2], row["quad_class"], row["goldstein"],
            row["num_mentions"], row["num_sources"], row["num_articles"], None,
            *([None] * 16), *action_geo, added.strftime("%Y%m%d%H%M%S"), url,
        ]
        head = [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year, fraction_date(day)]
        yield [row["global_id"], *head, *actor1, *actor2, *middle]
        if row["symmetric"] and row["a2_name"] is not None:
            yield [row["global_id"] + MIRROR_OFFSET, *head, *actor2, *actor1, *middle]


def _plover_actor(row: dict[str, Any], n: int) -> dict[str, Any] | None:
    if row[f"a{n}_name"] is None:
        return None
    return {"name": row[f"a{n}_name"], "country": row[f"a{n}_country"], "agent": row[f"a{n}_sector"],
            "code": row[f"a{n}_code"]}


def plover_records(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """PLOVER JSON records, one per global event with a PLOVER type (symmetric events twice)."""
    for row in _base_rows(con):
        if not row["plover_type"]:
            continue
        source, target = _plover_actor(row, 1), _plover_actor(row, 2)
        record = {
            "id": str(row["global_id"]), "date": row["first_date"].isoformat(), "event": row["plover_type"],
            "mode": row["plover_mode"], "context": list(row["plover_context"] or []),
            "source": source, "target": target, "cameo": row["cameo"], "quad_class": row["quad_class"],
            "goldstein": row["goldstein"], "num_mentions": row["num_mentions"],
            "num_sources": row["num_sources"], "num_articles": row["num_articles"],
            "text": row["text"], "doc_id": row["doc_id"], "url": row["url"],
        }
        yield record
        if row["symmetric"] and target is not None:
            yield {**record, "id": record["id"] + "-r", "source": target, "target": source}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join("" if v is None else str(v) for v in value)
    return value


def write_gdelt(con: duckdb.DuckDBPyConnection, out: IO[str], header: bool = False) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(GDELT_COLUMNS)
    n = 0
    for row in gdelt_rows(con):
        writer.writerow([_cell(v) for v in row])
        n += 1
    return n


def write_plover(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    n = 0
    for record in plover_records(con):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    rows = _q.events(con)
    names = list(rows[0]) if rows else ["doc_id", "event_id", "global_id"]
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return len(rows)


def write_jsonl(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    cursor = con.execute("SELECT record FROM documents ORDER BY published NULLS LAST, id")
    n = 0
    while batch := cursor.fetchmany(500):
        for (record,) in batch:
            out.write(record + "\n")
            n += 1
    return n


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(con: duckdb.DuckDBPyConnection, folder: str | Path) -> dict[str, int]:
    """Write every table (and ``meta``) to ``folder/TABLE.parquet``; return rows per table."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in (*STORE_TABLES, "meta"):  # constant names
        target = out / f"{table}.parquet"
        con.execute(f"COPY (SELECT * FROM {table}) TO {_quoted(target)} (FORMAT PARQUET)")  # noqa: S608
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
        counts[table] = int(row[0]) if row else 0
    return counts


def import_parquet(con: duckdb.DuckDBPyConnection, folder: str | Path) -> dict[str, int]:
    """Load a folder written by :func:`export_parquet` into this (empty, current) store, in one transaction."""
    src = Path(folder)
    meta = src / "meta.parquet"
    if not meta.is_file():
        raise StoreError(f"{src} is not a communique Parquet export: it has no meta.parquet")
    found = con.execute("SELECT value FROM read_parquet(?) WHERE key = 'schema_version'", [str(meta)]).fetchone()
    version = schema_version(con)
    if found is None or found[0] != str(version):
        raise StoreError(f"the export in {src} has schema version {found[0] if found else 'none'}; this store "
                         f"has {version}: open the export's store with a matching communique and export again")
    row = con.execute("SELECT count(*) FROM documents").fetchone()
    if row and row[0]:
        raise StoreError("import_parquet needs an empty store; this one already holds documents")
    counts = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for table in STORE_TABLES:
            path = src / f"{table}.parquet"
            if not path.is_file():
                raise StoreError(f"the export in {src} lacks {path.name}")
            con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [str(path)])  # noqa: S608
            counted = con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
            counts[table] = int(counted[0]) if counted else 0
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
