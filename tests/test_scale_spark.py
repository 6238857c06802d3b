"""The Spark job in local[2]: the same rows as the batch runner, Parquet partitioned by publication month.

The extraction step's output (one row per document, a list of rows per table)
is checked without Spark; the job itself needs pyspark and a Java runtime.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from communique.read import iter_documents
from communique.scale import record_tables, run_batch
from communique.scale.shards import utc_now
from communique.scale.spark import KEY, LOCAL_JAVA_OPTIONS, MONTH, document_rows, input_rows, wide_batch, wide_schema
from communique.store.rows import TABLE_NAMES
from test_scale_batch import SETTINGS, UNSTABLE, canonical, expected_records, table_rows, write_corpus

JAVA = shutil.which("java") or (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java"))
needs_spark = pytest.mark.skipif(importlib.util.find_spec("pyspark") is None or not JAVA,
                                 reason="needs pyspark and a Java runtime")


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from communique.scale.spark import spark_session

    session = spark_session("local[2]", app="communique-tests", shuffle_partitions=2)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def outputs(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    from communique.scale.spark import run_spark

    corpus = write_corpus(tmp_path_factory.mktemp("corpus"))
    batch_out, spark_out = tmp_path_factory.mktemp("batch"), tmp_path_factory.mktemp("spark")
    run_batch([corpus], batch_out, workers=0, shard_size=4, settings=SETTINGS)
    counts = run_spark([corpus], spark_out, settings=SETTINGS, spark=spark)
    return batch_out, spark_out, counts


def spark_rows(out: Path, table: str) -> list[str]:
    folder = out / table
    if not any(folder.rglob("*.parquet")):
        return []
    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    return sorted(canonical(row, UNSTABLE | {"month"}) for row in dataset.to_table().to_pylist())


@needs_spark
def test_spark_gives_the_same_rows_as_batch(outputs: tuple[Path, Path, dict[str, int]]) -> None:
    batch_out, spark_out, counts = outputs
    for table in TABLE_NAMES:
        assert spark_rows(spark_out, table) == table_rows(batch_out, table), table
        assert counts[table] == len(table_rows(batch_out, table)), table
    assert counts["documents"] == 7 and counts["events"] > 0 and counts["errors"] >= 1


@needs_spark
def test_spark_partitions_by_publication_month(outputs: tuple[Path, Path, dict[str, int]]) -> None:
    _, spark_out, _ = outputs
    months = {p.name for p in (spark_out / "documents").iterdir() if p.is_dir()}
    assert months == {"month=2023-03", "month=2023-04", "month=2023-05", "month=unknown"}
    docs = ds.dataset(spark_out / "documents", format="parquet", partitioning="hive").to_table().to_pylist()
    for row in docs:
        published = json.loads(row["record"])["document"]["published"]
        assert row["month"] == (published[:7] if published else "unknown")


def test_one_wide_row_per_document_holds_every_table(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path)
    rows = input_rows(iter_documents([corpus]))
    assert len(rows) == 8 and sum(r["document"] is None for r in rows) == 1  # the repeat dropped, one bad line
    when = utc_now()
    done = [document_rows(row, SETTINGS, when) for row in rows]
    batch = wide_batch([r[KEY] for r in rows], [month for month, _ in done], [tables for _, tables in done])
    assert batch.schema == wide_schema() and batch.num_rows == 8
    assert batch.column(MONTH).to_pylist()[:3] == ["2023-03", "2023-03", "2023-04"]
    want = record_tables(expected_records(corpus), when)
    for table in TABLE_NAMES:
        flat = [row for rows_of_doc in batch.column(table).to_pylist() for row in rows_of_doc]
        if table != "errors":
            assert flat == want[table].to_pylist(), table
    errors = [row for rows_of_doc in batch.column("errors").to_pylist() for row in rows_of_doc]
    assert [(e["stage"], e["error"]) for e in errors] == [("read", "InputError")]
    unreadable = batch.column(KEY).to_pylist().index(errors[0]["doc_id"])
    assert batch.column(MONTH)[unreadable].as_py() == "unknown"
    assert all(len(batch.column(t)[unreadable].as_py()) == 0 for t in TABLE_NAMES if t != "errors")


@needs_spark
def test_local_session_uses_the_quick_jit(spark: Any) -> None:
    jvm = spark.sparkContext._jvm  # the driver JVM that PySpark started with the session
    assert LOCAL_JAVA_OPTIONS in list(jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
