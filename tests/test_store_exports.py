"""Exports: GDELT 2.0 columns, PLOVER JSON, CSV, JSON Lines and Parquet, loaded back in DuckDB and pandas."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.errors import QueryError, StoreError
from communique.model import Record
from communique.store import Store, open_store
from communique.store.exports import GDELT_COLUMNS, MIRROR_OFFSET, STORE_TABLES, fraction_date
from test_store import record_one, record_two, records
from test_store_relations import two_reports


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "x.duckdb")
    s.ingest([*two_reports(), record_one(), record_two()])
    yield s
    s.close()


def test_gdelt_columns_are_gdelt_2_order() -> None:
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:6] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_COLUMNS[14:16] == ("Actor1Type3Code", "Actor2Code")
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[35] == "Actor1Geo_Type" and GDELT_COLUMNS[43] == "Actor2Geo_Type"
    assert GDELT_COLUMNS[51:59] == ("ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
                                    "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long",
                                    "ActionGeo_FeatureID")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_fraction_date() -> None:
    from datetime import date
    assert fraction_date(date(2022, 6, 19)) == round(2022 + (6 * 30 + 19) / 365, 4)


def test_gdelt_export_loads_in_pandas_and_duckdb(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    n = store.export("gdelt", path)
    frame = pd.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype={"EventCode": str,
                        "EventBaseCode": str, "EventRootCode": str})
    assert frame.shape == (n, 61)
    con = duckdb.connect()
    table = con.execute("SELECT * FROM read_csv(?, delim='\t', header=false, all_varchar=true)", [str(path)])
    assert len(table.description) == 61 and len(table.fetchall()) == n
    visit = frame[(frame.Actor1CountryCode == "IRN") & (frame.EventRootCode == "04")
                  & (frame.Actor2CountryCode == "KAZ")].iloc[0]
    assert (visit.SQLDATE, visit.MonthYear, visit.Year) == (20220619, 202206, 2022)
    assert (visit.NumMentions, visit.NumArticles, visit.NumSources, visit.IsRootEvent) == (3, 3, 2, 1)
    assert (visit.Actor1Code, visit.Actor1Name, visit.EventCode, visit.EventBaseCode) == ("IRN", "IRAN", "043", "043")
    assert pd.isna(visit.AvgTone) and len(str(visit.DATEADDED)) == 14
    mirrored = frame[frame.GLOBALEVENTID > MIRROR_OFFSET]
    assert set(mirrored.Actor1CountryCode) == {"SAU", "VEN"}  # symmetric signings are written both ways
    persons = frame[frame.Actor1Code == "IRNGOV"]
    assert set(persons.Actor1Type1Code) == {"GOV"} and persons.Actor1Type2Code.isna().all()


def test_plover_csv_and_jsonl_exports_load(store: Store, tmp_path: Path) -> None:
    plover = io.StringIO()
    n = store.export("plover", plover)
    rows = pd.read_json(io.StringIO(plover.getvalue()), lines=True)
    assert len(rows) == n > 0
    first = json.loads(plover.getvalue().splitlines()[0])
    assert {"id", "date", "event", "mode", "context", "source", "target", "text", "num_articles"} <= set(first)
    path = tmp_path / "events.csv"
    n = store.export("csv", path)
    flat = pd.read_csv(path)
    assert len(flat) == n == store.counts()["events"] and "global_id" in flat.columns
    con = duckdb.connect()
    assert con.execute("SELECT count(*) FROM read_csv_auto(?)", [str(path)]).fetchone() == (n,)
    lines = io.StringIO()
    assert store.export("jsonl", lines) == 6
    back = [Record.from_dict(json.loads(line)) for line in lines.getvalue().splitlines()]
    assert record_one() in back
    with pytest.raises(QueryError, match="gdelt, plover"):
        store.export("xml", io.StringIO())
    with pytest.raises(StoreError, match="folder"):
        store.export("parquet", io.StringIO())


def _tables(s: Store) -> dict[str, list[tuple]]:
    return {t: s.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in STORE_TABLES}


def test_parquet_export_and_reimport_give_the_same_tables(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    assert store.export("parquet", folder) == 6
    assert pd.read_parquet(folder / "events.parquet").shape[0] == store.counts()["events"]
    with open_store(tmp_path / "copy.duckdb") as copy:
        counts = copy.import_parquet(folder)
        assert counts["documents"] == 6
        assert _tables(copy) == _tables(store)
        assert copy.dyad("IRN", "KAZ").timeline == store.dyad("IRN", "KAZ").timeline
        with pytest.raises(StoreError, match="empty store"):
            copy.import_parquet(folder)
    with open_store(":memory:") as other, pytest.raises(StoreError, match="no meta.parquet"):
        other.import_parquet(tmp_path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(records(), max_size=3, unique_by=lambda r: r.document.id))
def test_hypothesis_parquet_round_trip(tmp_path: Path, batch: list[Record]) -> None:
    with open_store(":memory:") as store:
        store.ingest(batch)
        folder = tmp_path / f"pq{abs(hash(tuple(r.document.id for r in batch)))}"
        store.export("parquet", folder)
        with open_store(":memory:") as copy:
            copy.import_parquet(folder)
            assert _tables(copy) == _tables(store)
            for record in batch:
                assert copy.document(record.document.id) == record
