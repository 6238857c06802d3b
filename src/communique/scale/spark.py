"""The Spark job: the same stage functions over a Spark cluster (or ``local[N]``), written as Parquet.

Run it from Python (:func:`run_spark`), from the shell (``communique spark
INPUT… --out DIR``, ``python -m communique.scale.spark INPUT… --out DIR``) or
with ``spark-submit src/communique/scale/spark.py INPUT… --out DIR`` (the
package must be installed on the executors; this module imports it by its
absolute name so that spark-submit can run the file as a script).

How it works:

1. The driver reads the inputs with :func:`communique.read.iter_documents`
   (so every format the readers know works here too), drops repeated
   document ids, and parallelizes the documents as JSON strings, together
   with the inputs that could not be read.
2. ``mapInArrow`` runs :func:`communique.api.extract_document` on each
   partition; the model is loaded once per Python worker
   (:func:`_worker_resources`, an ``lru_cache``; Spark reuses its Python
   workers). A document whose extraction raises becomes an error row.
   The records (JSON) are cached.
3. For every table of the store (:data:`communique.store.rows.TABLES`, all
   of them, ``errors`` included) a second, cheap ``mapInArrow`` turns the
   records into rows with the store's columns and types
   (:func:`communique.scale.shards.arrow_schema`) plus a ``month`` column
   (``YYYY-MM`` of the document's publication date, ``unknown`` without one),
   written as ``DIR/TABLE/month=…/*.parquet``.

Each document is resolved alone (no actor memory across documents), as in
the batch runner, so both give the same rows for the same inputs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from communique import api
from communique.errors import InputError
from communique.model import Document, Record
from communique.pipeline import Resources
from communique.read import is_warning, iter_documents
from communique.scale.shards import arrow_schema, record_tables, utc_now
from communique.settings import Settings
from communique.store.rows import TABLE_NAMES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

MONTH = "month"
UNKNOWN_MONTH = "unknown"
INPUT_SCHEMA = pa.schema([("key", pa.string()), ("document", pa.string()), ("stage", pa.string()),
                          ("error", pa.string()), ("message", pa.string())])
RECORD_SCHEMA = pa.schema([("key", pa.string()), (MONTH, pa.string()), ("record", pa.string()),
                           ("stage", pa.string()), ("error", pa.string()), ("message", pa.string())])


def spark_session(master: str | None = "local[2]", *, app: str = "communique",
                  shuffle_partitions: int = 4) -> SparkSession:
    """A Spark session for this job: no UI, UTC, quiet logs, executors on this Python."""
    from pyspark.sql import SparkSession

    # Python workers run on this interpreter (a virtualenv's packages included) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    for key, value in {
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.sql.session.timeZone": "UTC", "spark.pyspark.python": sys.executable,
        "spark.pyspark.driver.python": sys.executable, "spark.sql.execution.arrow.pyspark.enabled": "true",
    }.items():
        builder = builder.config(key, value)
    with _quiet_pandas():
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def month_of(published: str | None) -> str:
    """The partition value of a publication date: ``YYYY-MM``, or ``unknown``."""
    return published[:7] if published and len(published) >= 7 and published[4] == "-" else UNKNOWN_MONTH


def input_rows(items: Iterable[Document | InputError]) -> list[dict[str, Any]]:
    """The job's input rows: one per new document (as JSON) and one per unreadable input; warnings dropped."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in items:
        if is_warning(item):
            continue
        if isinstance(item, InputError):
            where = item.path or "input"
            key = f"{where}:{item.line}" if item.line is not None else where
            rows.append({"key": key, "document": None, "stage": "read", "error": type(item).__name__,
                         "message": item.reason})
        elif item.id not in seen:
            seen.add(item.id)
            rows.append({"key": item.id, "document": json.dumps(item.to_dict()), "stage": None, "error": None,
                         "message": None})
    return rows


@lru_cache(maxsize=2)
def _worker_resources(settings: Settings) -> Resources:
    """The model and lexicon, loaded once per Python worker."""
    return api.resources(settings)


def _extract_row(row: dict[str, Any], settings: Settings) -> dict[str, Any]:
    if row["document"] is None:
        return {**row, MONTH: UNKNOWN_MONTH, "record": None}
    document = Document.from_dict(json.loads(row["document"]))
    out = {"key": row["key"], MONTH: month_of(document.published), "record": None, "stage": None,
           "error": None, "message": None}
    try:
        record = api.extract_document(document, settings)
    # Any exception: the document is recorded as failed, the partition goes on.
    except Exception as exc:  # noqa: BLE001
        return {**out, "stage": "extract", "error": type(exc).__name__, "message": str(exc)}
    return {**out, "record": json.dumps(record.to_dict())}


def extract_batches(settings: Settings, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` step 1: input rows to records (JSON), one output batch per input batch."""
    _worker_resources(settings)
    for batch in batches:
        rows = [_extract_row(row, settings) for row in batch.to_pylist()]
        yield pa.RecordBatch.from_pylist(rows, schema=RECORD_SCHEMA)


def table_schema(table: str) -> pa.Schema:
    """The store's schema of ``table`` plus the ``month`` partition column."""
    return arrow_schema(table).append(pa.field(MONTH, pa.string()))


def table_batches(table: str, ingested_at: datetime, batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` step 2: records to the rows of one store table (failures go to ``errors``)."""
    schema = table_schema(table)
    for batch in batches:
        parts = []
        for row in batch.to_pylist():
            failure = [] if row["record"] is not None else [(row["key"], row["stage"], row["error"], row["message"])]
            records = [Record.from_dict(json.loads(row["record"]))] if row["record"] is not None else []
            rows = record_tables(records, ingested_at, failure)[table]
            parts.append(rows.append_column(MONTH, pa.array([row[MONTH]] * rows.num_rows, pa.string())))
        if parts:
            yield from pa.concat_tables(parts).combine_chunks().cast(schema).to_batches()


@contextlib.contextmanager
def _quiet_pandas() -> Iterator[None]:
    """Silence PySpark's FutureWarning about pandas 3 (the job hands Arrow batches, not pandas frames)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        yield


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema, prefer_timestamp_ntz=True)


def records_frame(spark: SparkSession, rows: Sequence[dict[str, Any]], settings: Settings) -> DataFrame:
    """The cached DataFrame of records (step 1) for these input rows."""
    partitions = max(1, min(len(rows), spark.sparkContext.defaultParallelism))
    table = pa.Table.from_pylist(list(rows), schema=INPUT_SCHEMA)
    with _quiet_pandas():
        frame = spark.createDataFrame(table.to_pandas(), schema=_spark_schema(INPUT_SCHEMA)).repartition(partitions)
    with _quiet_pandas():
        return frame.mapInArrow(partial(extract_batches, settings), _spark_schema(RECORD_SCHEMA)).cache()


def run_spark(
    inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, master: str | None = "local[2]",
    settings: Settings | None = None, published: str | None = None, spark: SparkSession | None = None,
) -> dict[str, int]:
    """Run the job (see the module docstring); return the rows written per table.

    Give ``spark`` to reuse a session (it is then left open); otherwise one is
    started on ``master`` and stopped at the end.
    """
    s = settings or Settings.load()
    rows = input_rows(iter_documents([os.fspath(p) for p in inputs], published=published))
    session = spark or spark_session(master)
    try:
        records = records_frame(session, rows, s)
        when = utc_now()
        counts = {}
        for table in TABLE_NAMES:
            with _quiet_pandas():
                frame = records.mapInArrow(partial(table_batches, table, when),
                                           _spark_schema(table_schema(table))).cache()
            frame.write.mode("overwrite").partitionBy(MONTH).parquet(str(Path(out) / table))
            counts[table] = frame.count()
            frame.unpersist()
        records.unpersist()
    finally:
        if spark is None:
            session.stop()
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``python -m communique.scale.spark`` and ``spark-submit``."""
    parser = argparse.ArgumentParser(prog="communique.scale.spark", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="files or directories to read")
    parser.add_argument("--out", required=True, help="folder for the Parquet datasets")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[2])")
    parser.add_argument("--published", default=None, help="publication date for documents without one")
    args = parser.parse_args(argv)
    master = args.master or (None if os.environ.get("SPARK_ENV_LOADED") else "local[2]")
    # The module by its package name, not __main__, so that Spark pickles its functions by reference.
    from communique.scale import spark as job

    counts = job.run_spark(args.inputs, args.out, master=master, published=args.published)
    sys.stdout.write(json.dumps(counts) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
