"""The Spark job in local[2]: the same rows as the batch runner, Parquet partitioned by publication month."""

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

from communique.scale import run_batch
from communique.store.rows import TABLE_NAMES
from test_scale_batch import SETTINGS, UNSTABLE, canonical, table_rows, write_corpus

JAVA = shutil.which("java") or (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java"))
pytestmark = pytest.mark.skipif(importlib.util.find_spec("pyspark") is None or not JAVA,
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


def test_spark_gives_the_same_rows_as_batch(outputs: tuple[Path, Path, dict[str, int]]) -> None:
    batch_out, spark_out, counts = outputs
    for table in TABLE_NAMES:
        assert spark_rows(spark_out, table) == table_rows(batch_out, table), table
        assert counts[table] == len(table_rows(batch_out, table)), table
    assert counts["documents"] == 7 and counts["events"] > 0 and counts["errors"] >= 1


def test_spark_partitions_by_publication_month(outputs: tuple[Path, Path, dict[str, int]]) -> None:
    _, spark_out, _ = outputs
    months = {p.name for p in (spark_out / "documents").iterdir() if p.is_dir()}
    assert months == {"month=2023-03", "month=2023-04", "month=2023-05", "month=unknown"}
    docs = ds.dataset(spark_out / "documents", format="parquet", partitioning="hive").to_table().to_pylist()
    for row in docs:
        published = json.loads(row["record"])["document"]["published"]
        assert row["month"] == (published[:7] if published else "unknown")
