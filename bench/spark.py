"""Benchmark the Spark job (not a test): the demo corpus repeated, local[1] and local[2], against the batch runner.

    .venv/bin/python bench/spark.py [--docs 2000] [--masters 'local[1]' 'local[2]']

Times include Spark's start-up (JVM, Python workers, model load per worker).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from batch import write_corpus

from communique.scale import run_batch
from communique.scale.spark import run_spark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp), args.docs)
        started = time.monotonic()
        run_batch([corpus], Path(tmp) / "batch", workers=2, shard_size=100)
        batch_seconds = time.monotonic() - started
        print(f"batch, 2 workers: {args.docs / batch_seconds:.1f} docs/s ({batch_seconds:.1f} s)")
        for master in args.masters:
            started = time.monotonic()
            counts = run_spark([corpus], Path(tmp) / master.replace("[", "_").replace("]", ""), master=master)
            seconds = time.monotonic() - started
            print(f"spark {master}: {counts['documents']} docs, {counts['documents'] / seconds:.1f} docs/s "
                  f"({seconds:.1f} s, {seconds / batch_seconds:.2f}x the batch time)")


if __name__ == "__main__":
    main()
