"""Benchmark the Spark job against the batch runner on the same cores (not a test): local[1] and local[2].

    .venv/bin/python bench/spark.py [--docs 2000] [--words 800] [--masters 'local[1]' 'local[2]'] [--no-batch]

For each master ``local[N]`` the batch runner is timed with N workers, then
the Spark job (a fresh session each time: JVM, Python workers and one model
load per Python worker included, as the batch times include the pool's
start-up). Prints documents/s, documents/s per core, the peak RSS of Spark's
Python workers and of the JVM, and Spark's cost over the batch run:
``spark seconds / batch seconds - 1`` (the issue's target: within 25%).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from batch import BatchRun, time_batch
from corpus import DEFAULT_DOCS, DEFAULT_WORDS, corpus_words, write_corpus
from procmem import ChildMemory, is_jvm, is_python_worker

from communique.scale.spark import run_spark


def cores(master: str) -> int:
    found = re.fullmatch(r"local\[(\d+)\]", master)
    if not found:
        raise SystemExit(f"expected a master like local[2], got {master!r}")
    return int(found.group(1))


def time_spark(corpus: Path, out: Path, master: str) -> tuple[float, int, tuple[float, ...], float, str]:
    """Seconds, documents written, peak MB of each Python worker, peak MB of the JVM, CPU seconds used."""
    with ChildMemory() as mem:
        started = time.monotonic()
        counts = run_spark([corpus], out, master=master)
        seconds = time.monotonic() - started
    workers = tuple(sorted(mem.select(is_python_worker).values(), reverse=True))
    cpu = f"CPU s: Python workers {mem.cpu_seconds(is_python_worker):.0f}, JVM {mem.cpu_seconds(is_jvm):.0f}"
    return seconds, counts["documents"], workers, mem.peak_mb(is_jvm), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words per document")
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--shard-size", type=int, default=100, help="batch runner shard size")
    parser.add_argument("--no-batch", action="store_true", help="time Spark alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        corpus = write_corpus(Path(tmp), args.docs, args.words)
        print(f"corpus: {args.docs} documents, {corpus_words(corpus)} words")
        for master in args.masters:
            n = cores(master)
            batch: BatchRun | None = None
            if not args.no_batch:
                batch = time_batch(corpus, Path(tmp) / f"batch{n}", n, args.shard_size)
                print(batch.line(), flush=True)
            seconds, docs, workers, jvm, cpu = time_spark(corpus, Path(tmp) / f"spark{n}", master)
            peaks = ", ".join(f"{mb:.0f}" for mb in workers) or "n/a"
            cost = f", cost over batch {seconds / batch.seconds - 1:+.0%}" if batch else ""
            print(f"spark {master}: {docs} docs in {seconds:.1f} s, {docs / seconds:.2f} docs/s, "
                  f"{docs / seconds / n:.2f} docs/s per core{cost}; peak RSS of Python workers (MB): {peaks}; "
                  f"JVM {jvm:.0f} MB; {cpu}", flush=True)


if __name__ == "__main__":
    main()
