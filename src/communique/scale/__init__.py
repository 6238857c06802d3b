"""Scale: the same stage functions over many documents, as Parquet shaped like the store's tables.

- :mod:`.shards`: Arrow tables with the store's schema, shard files and the manifest.
- :mod:`.batch`: :func:`run_batch`, a resumable pool of local worker processes.
- :mod:`.spark`: :func:`~.spark.run_spark`, the same pipeline as a Spark job (needs pyspark).
- :func:`load_shards`: put the shards of a batch run into a store.
"""

from __future__ import annotations

from .batch import BatchReport, Progress, run_batch
from .shards import arrow_schema, load_shards, read_manifest, record_tables, write_shard

__all__ = ["BatchReport", "Progress", "arrow_schema", "load_shards", "read_manifest", "record_tables",
           "run_batch", "write_shard"]
