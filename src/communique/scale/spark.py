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
2. One ``mapInArrow`` runs :func:`communique.api.extract_document` on each
   partition; the model is loaded once per Python worker
   (:func:`_worker_resources`, an ``lru_cache``; Spark reuses its Python
   workers). It turns each record straight into its rows of every table of
   the store (:data:`communique.store.rows.TABLES`, ``errors`` included), so
   each output row is one document: its key, its ``month`` (``YYYY-MM`` of
   the publication date, ``unknown`` without one) and, per table, a column
   holding the list of that document's rows with the store's columns and
   types (:func:`communique.scale.shards.arrow_schema`). A document whose
   extraction raises, and an unreadable input, has one row in ``errors`` and
   no other. The pipeline thus runs once per document; the result is cached.
3. Every table is then split off the cached frame inside the JVM (an
   ``explode`` of its column, no Python) and written as
   ``DIR/TABLE/month=…/*.parquet``.

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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from communique import api
from communique.errors import InputError
from communique.model import Document
from communique.pipeline import Resources
from communique.read import is_warning, iter_documents
from communique.scale.shards import arrow_schema, rows_table, utc_now
from communique.settings import Settings
from communique.store.rows import TABLE_NAMES, record_rows

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

MONTH = "month"
UNKNOWN_MONTH = "unknown"
KEY = "key"
INPUT_SCHEMA = pa.schema([(KEY, pa.string()), ("document", pa.string()), ("stage", pa.string()),
                          ("error", pa.string()), ("message", pa.string())])
#: Documents per output batch of the extraction step (bounds a Python worker's memory).
CHUNK = 64
Rows = dict[str, list[tuple[Any, ...]]]


def row_type(table: str) -> pa.StructType:
    """One row of ``table`` as an Arrow struct (the store's columns and types)."""
    return pa.struct(list(arrow_schema(table)))


def wide_schema() -> pa.Schema:
    """The extraction step's output: per document, its key, month and a list of rows for every table."""
    tables = [pa.field(table, pa.list_(row_type(table))) for table in TABLE_NAMES]
    return pa.schema([pa.field(KEY, pa.string()), pa.field(MONTH, pa.string()), *tables])


#: JVM options for a local session, whose driver JVM PySpark starts: the quick (C1) JIT alone. The JVM only
#: moves Arrow batches and writes Parquet, and a local job is short, so full (C2) compilation mostly costs
#: CPU that the Python workers need (it halved the JVM's CPU time in bench/spark.py).
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"


def spark_session(master: str | None = "local[2]", *, app: str = "communique", shuffle_partitions: int = 4,
                  conf: Mapping[str, str] | None = None) -> SparkSession:
    """A Spark session for this job: no UI, UTC, quiet logs, executors on this Python.

    A ``local[…]`` master also gets :data:`LOCAL_JAVA_OPTIONS` for the driver
    JVM (only effective when this call starts the JVM). ``conf`` adds or
    overrides settings.
    """
    from pyspark.sql import SparkSession

    # Python workers run on this interpreter (a virtualenv's packages included) unless told otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    settings = {
        "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.sql.session.timeZone": "UTC", "spark.pyspark.python": sys.executable,
        "spark.pyspark.driver.python": sys.executable, "spark.sql.execution.arrow.pyspark.enabled": "true",
    }
    if master and master.startswith("local"):
        settings["spark.driver.extraJavaOptions"] = LOCAL_JAVA_OPTIONS
    for key, value in {**settings, **(conf or {})}.items():
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
            rows.append({KEY: key, "document": None, "stage": "read", "error": type(item).__name__,
                         "message": item.reason})
        elif item.id not in seen:
            seen.add(item.id)
            rows.append({KEY: item.id, "document": json.dumps(item.to_dict()), "stage": None, "error": None,
                         "message": None})
    return rows


@lru_cache(maxsize=2)
def _worker_resources(settings: Settings) -> Resources:
    """The model and lexicon, loaded once per Python worker."""
    return api.resources(settings)


def document_rows(row: dict[str, Any], settings: Settings, ingested_at: datetime) -> tuple[str, Rows]:
    """The month and the rows of every table for one input row (a failure is one row of ``errors``)."""
    if row["document"] is None:
        return UNKNOWN_MONTH, _failure(row[KEY], row["stage"], row["error"], row["message"])
    document = Document.from_dict(json.loads(row["document"]))
    month = month_of(document.published)
    try:
        record = api.extract_document(document, settings)
    # Any exception: the document is recorded as failed, the partition goes on.
    except Exception as exc:  # noqa: BLE001
        return month, _failure(row[KEY], "extract", type(exc).__name__, str(exc))
    return month, record_rows(record, ingested_at)


def _failure(key: str, stage: str, error: str, message: str) -> Rows:
    return {table: [(key, stage, error, message)] if table == "errors" else [] for table in TABLE_NAMES}


def nested_rows(table: str, per_document: Sequence[list[tuple[Any, ...]]]) -> pa.ListArray:
    """One list of ``table`` rows per document, as an Arrow list-of-struct array."""
    offsets = [0]
    for rows in per_document:
        offsets.append(offsets[-1] + len(rows))
    flat = rows_table(table, [row for rows in per_document for row in rows])
    values = pa.StructArray.from_arrays([c.combine_chunks() for c in flat.columns], fields=list(flat.schema))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, type=pa.list_(row_type(table)))


def wide_batch(keys: Sequence[str], months: Sequence[str], rows: Sequence[Rows]) -> pa.RecordBatch:
    """The extraction step's output for some documents (see :func:`wide_schema`)."""
    tables = [nested_rows(table, [r[table] for r in rows]) for table in TABLE_NAMES]
    return pa.RecordBatch.from_arrays([pa.array(keys, pa.string()), pa.array(months, pa.string()), *tables],
                                      schema=wide_schema())


def extract_batches(settings: Settings, ingested_at: datetime,
                    batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` step: input rows to the rows of every table, :data:`CHUNK` documents per batch."""
    _worker_resources(settings)
    for batch in batches:
        inputs = batch.to_pylist()
        for start in range(0, len(inputs), CHUNK):
            chunk = inputs[start:start + CHUNK]
            done = [document_rows(row, settings, ingested_at) for row in chunk]
            yield wide_batch([row[KEY] for row in chunk], [month for month, _ in done], [rows for _, rows in done])


@contextlib.contextmanager
def _quiet_pandas() -> Iterator[None]:
    """Silence PySpark's FutureWarning about pandas 3 (the job hands Arrow batches, not pandas frames)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        yield


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema, prefer_timestamp_ntz=True)


def wide_frame(spark: SparkSession, rows: Sequence[dict[str, Any]], settings: Settings,
               ingested_at: datetime) -> DataFrame:
    """The cached DataFrame of the extraction step (:func:`wide_schema`) for these input rows."""
    partitions = max(1, min(len(rows), spark.sparkContext.defaultParallelism))
    table = pa.Table.from_pylist(list(rows), schema=INPUT_SCHEMA)
    with _quiet_pandas():
        frame = spark.createDataFrame(table.to_pandas(), schema=_spark_schema(INPUT_SCHEMA)).repartition(partitions)
        wide = frame.mapInArrow(partial(extract_batches, settings, ingested_at), _spark_schema(wide_schema()))
    return wide.cache()


def table_frame(wide: DataFrame, table: str) -> DataFrame:
    """The rows of one table, with the ``month`` column, split off the extraction step's output."""
    from pyspark.sql import functions as F  # noqa: N812 - PySpark's usual name

    return wide.select(F.explode(table).alias("row"), MONTH).select("row.*", MONTH)


def table_counts(wide: DataFrame) -> dict[str, int]:
    """Rows per table (one Spark job; it also fills the cache of ``wide``)."""
    from pyspark.sql import functions as F  # noqa: N812 - PySpark's usual name

    sums = wide.select([F.sum(F.size(table)).alias(table) for table in TABLE_NAMES]).first()
    return {table: int(sums[table] or 0) if sums is not None else 0 for table in TABLE_NAMES}


def run_spark(
    inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, master: str | None = "local[2]",
    settings: Settings | None = None, published: str | None = None, spark: SparkSession | None = None,
    conf: Mapping[str, str] | None = None,
) -> dict[str, int]:
    """Run the job (see the module docstring); return the rows written per table.

    Give ``spark`` to reuse a session (it is then left open); otherwise one is
    started on ``master`` (with ``conf``, see :func:`spark_session`) and stopped at the end.
    """
    s = settings or Settings.load()
    rows = input_rows(iter_documents([os.fspath(p) for p in inputs], published=published))
    session = spark or spark_session(master, conf=conf)
    try:
        wide = wide_frame(session, rows, s, utc_now())
        counts = table_counts(wide)
        for table in TABLE_NAMES:
            table_frame(wide, table).write.mode("overwrite").partitionBy(MONTH).parquet(str(Path(out) / table))
        wide.unpersist()
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
