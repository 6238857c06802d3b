"""Query commands over a Parquet folder (batch, Spark-style or export output) give what they give over a
database made from the same shards; the folder is read-only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from communique import api
from communique.cli import main
from communique.errors import StoreError
from communique.scale import run_batch
from communique.scale.shards import read_manifest, read_shard, shard_dir
from communique.settings import Settings
from communique.store import open_store
from communique.store.parquet import ParquetStore, kind_of, open_parquet, view_sql
from communique.store.rows import TABLE_NAMES

# Short articles written for these tests.
ARTICLES = (
    ("2023-03-14", "NAIROBI — Kenya and Ethiopia signed an agreement on Tuesday to build a new power line across "
                   "their border. \"This line will light a million homes,\" Kenyan Foreign Minister Alfred Mutua "
                   "told reporters."),
    ("2023-03-16", "ADDIS ABABA — Ethiopia promised on Thursday to finish its half of the power line with Kenya by "
                   "2025, the energy ministry said."),
    ("2023-04-02", "HANOI — Vietnam hosted the Japanese prime minister on Sunday for talks on trade and shipping."),
    ("2023-04-11", "LIMA — Peru recalled its ambassador to Mexico on Tuesday after a dispute over the election. "
                   "Mutua, who visited Lima last year, called for calm."),
    ("2023-05-05", "ACCRA — Ghana and Nigeria agreed on Friday to cut tariffs on rice by 10 percent."),
    ("2023-05-19", "WARSAW — Poland criticised Germany on Friday for delaying the delivery of tanks. \"We cannot "
                   "wait any longer,\" said Polish Prime Minister Mateusz Morawiecki."),
    (None, "SEOUL — South Korea condemned North Korea for testing a missile, officials said."),
)
SETTINGS = Settings()

QUERIES = (
    ("events",),
    ("events", "--format", "json"),
    ("events", "--dyad", "KEN-ETH", "--format", "csv"),
    ("events", "--country", "POL", "--since", "2023-05-01", "--format", "json"),
    ("dyad", "KEN", "ETH"),
    ("dyad", "KEN", "ETH", "--format", "json"),
    ("dyad", "POL", "DEU", "--format", "json"),
    ("actors", "--format", "json"),
    ("actors", "--country", "KEN"),
    ("actor", "Mutua", "--format", "json"),
    ("quotes", "--format", "json"),
    ("quotes",),
    ("commitments", "--format", "json"),
    ("commitments", "--party", "ETH"),
    ("export", "--format", "gdelt", "--header"),
    ("export", "--format", "plover"),
    ("export", "--format", "csv"),
    ("export", "--format", "jsonl"),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A batch run over the articles (shards of three), and a database made from its shards."""
    root = tmp_path_factory.mktemp("parquet-store")
    corpus = root / "articles.jsonl"
    corpus.write_text("\n".join(json.dumps({"text": t, "published": d}) for d, t in ARTICLES) + "\n",
                      encoding="utf-8")
    out = root / "batch"
    report = run_batch([corpus], out, workers=0, shard_size=3, settings=SETTINGS)
    assert report.complete and report.shards == 3
    db = root / "store.duckdb"
    loaded = run("ingest", "--parquet", str(out), "--db", str(db))
    assert loaded.exit_code == 0 and f"stored {len(ARTICLES)}" in loaded.stdout, loaded.output
    return out, db


@pytest.fixture(scope="module")
def spark_style(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shards rewritten as ``communique spark`` lays them out: TABLE/month=YYYY-MM/*.parquet."""
    out, _ = built
    folder = tmp_path_factory.mktemp("spark-style")
    shards = [read_shard(out, sid) for sid in sorted(read_manifest(out))]
    months: dict[str, str] = {}
    for tables in shards:
        for row in tables["documents"].select(["id", "published"]).to_pylist():
            months[row["id"]] = row["published"].isoformat()[:7] if row["published"] else "unknown"
    for table in TABLE_NAMES:
        target = folder / table
        target.mkdir()
        (target / "_SUCCESS").write_bytes(b"")
        (target / ".part-0.crc").write_bytes(b"not parquet")
        rows = pa.concat_tables([tables[table] for tables in shards])
        if rows.num_rows == 0:
            continue  # Spark writes no part file for an empty table
        key = "id" if table == "documents" else "doc_id"
        month = pa.array([months.get(k, "unknown") for k in rows.column(key).to_pylist()], pa.string())
        pq.write_to_dataset(rows.append_column("month", month), str(target), partition_cols=["month"])
    return folder


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def stable(output: str) -> str:
    """Output without GDELT's DATEADDED: when the rows were stored (the shard's time, or the ingest's)."""
    return re.sub(r"\t\d{14}\t", "\tDATEADDED\t", output)


def query(args: tuple[str, ...], db: Path) -> Result:
    return run(*args, "--db", str(db))


@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q) for q in QUERIES])
def test_each_query_reads_the_batch_folder_as_it_reads_the_database(
    args: tuple[str, ...], built: tuple[Path, Path],
) -> None:
    out, db = built
    from_db, from_folder = query(args, db), query(args, out)
    assert from_db.exit_code == 0, from_db.output
    assert from_folder.exit_code == 0, from_folder.output
    assert stable(from_folder.stdout) == stable(from_db.stdout)
    assert from_db.stdout.strip(), "the query found nothing: a weak comparison"


def test_the_store_api_over_a_folder(built: tuple[Path, Path]) -> None:
    out, db = built
    with api.open_store(out, read_only=True) as folder, open_store(db, read_only=True) as database:
        assert isinstance(folder, ParquetStore) and folder.kind == "batch" and folder.read_only
        assert folder.counts() == database.counts()
        assert folder.schema_version == database.schema_version
        for listing in ("events", "quotes", "commitments", "tracked_commitments", "actors", "global_events",
                        "documents"):
            assert getattr(folder, listing)() == getattr(database, listing)(), listing
        assert folder.top_dyads() == database.top_dyads()
        assert folder.memory() == database.memory()
        doc_id = database.documents()[0]["id"]
        assert folder.document(doc_id) == database.document(doc_id)
        assert folder.has_document(doc_id) and not folder.has_document("d-nothing")
        assert folder.frame("events", dyad=("KEN", "ETH")).equals(database.frame("events", dyad=("KEN", "ETH")))
    assert "ParquetStore" in repr(folder) and "closed" in repr(folder)


def test_a_spark_style_folder_reads_the_same(built: tuple[Path, Path], spark_style: Path) -> None:
    _, db = built
    assert kind_of(spark_style) == "spark"
    for args in (("events", "--format", "json"), ("dyad", "KEN", "ETH", "--format", "json"),
                 ("commitments", "--format", "json"), ("export", "--format", "gdelt")):
        from_db, from_folder = query(args, db), query(args, spark_style)
        assert from_folder.exit_code == 0, from_folder.output
        assert stable(from_folder.stdout) == stable(from_db.stdout), args
    with api.open_parquet(spark_style) as store:
        assert "month" not in [c[0] for c in store.con.execute("SELECT * FROM events LIMIT 0").description]
        assert store.counts()["errors"] == 0


def test_an_export_folder_reads_the_same(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, db = built
    exported = tmp_path / "export"
    assert run("export", "--db", str(db), "--format", "parquet", "-o", str(exported)).exit_code == 0
    assert kind_of(exported) == "export"
    for args in (("events", "--format", "json"), ("actors", "--format", "json"), ("dyad", "KEN", "ETH"),
                 ("commitments", "--format", "json")):
        assert query(args, exported).stdout == query(args, db).stdout, args


def test_the_folder_is_read_only(built: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = built
    before = sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*"))
    with pytest.raises(StoreError, match="read-only"):
        api.open_store(out)
    with open_parquet(out) as store:
        for write in (lambda: store.ingest([]), store.relink, store.rebuild_memory,
                      lambda: store.import_parquet(out)):
            with pytest.raises(StoreError, match="folder of Parquet files"):
                write()
    refused = run("ingest", str(tmp_path / "none.txt"), "--db", str(out))
    assert refused.exit_code != 0
    assert sorted((p.relative_to(out), p.stat().st_mtime_ns) for p in out.rglob("*")) == before


def test_only_the_shards_the_manifest_counts_are_read(built: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = built
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "manifest.json").write_bytes((out / "manifest.json").read_bytes())
    for sid in read_manifest(out):
        target = shard_dir(copy, sid)
        target.mkdir(parents=True)
        for table in TABLE_NAMES:
            (target / f"{table}.parquet").write_bytes((shard_dir(out, sid) / f"{table}.parquet").read_bytes())
    leftover = shard_dir(copy, "000099-cut-off")  # an interrupted run's shard: on disk, not counted
    leftover.mkdir()
    (leftover / "documents.parquet").write_bytes(b"half a file")
    with open_parquet(copy) as store:
        assert store.counts()["documents"] == len(ARTICLES)
    first = sorted(read_manifest(out))[0]
    (shard_dir(copy, first) / "events.parquet").unlink()
    with pytest.raises(StoreError, match="missing"):
        open_parquet(copy)


def test_relations_can_be_skipped(built: tuple[Path, Path]) -> None:
    out, db = built
    with open_parquet(out, relations=False) as store, open_store(db, read_only=True) as database:
        assert store.global_events() == [] and store.tracked_commitments() == []
        strip = [{k: v for k, v in row.items() if k != "global_id"} for row in store.events()]
        assert strip == [{k: v for k, v in row.items() if k != "global_id"} for row in database.events()]


def test_a_folder_that_is_not_parquet_output_is_refused(tmp_path: Path) -> None:
    assert kind_of(tmp_path) is None and kind_of(tmp_path / "missing") is None
    result = run("events", "--db", str(tmp_path))
    assert result.exit_code == 1 and "not a folder of communique Parquet files" in result.stderr
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot read the manifest"):
        open_parquet(tmp_path)


def test_view_sql_quotes_paths_and_keeps_the_store_columns(tmp_path: Path) -> None:
    odd = tmp_path / "it's here.parquet"
    sql = view_sql("errors", [odd])
    assert "'" + str(odd).replace("'", "''") + "'" in sql
    assert sql.count("CAST(") == 4 and 'AS "doc_id"' in sql
