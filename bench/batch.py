"""Benchmark the batch runner (not a test): 800-word articles built from the demo corpus, 1 and 2 workers.

    .venv/bin/python bench/batch.py [--docs 2000] [--words 800] [--workers 1 2] [--shard-size 100]

For each worker count, prints documents/s (wall clock, start-up included),
documents/s per core (one worker per core), words/s, and the peak RSS of each
worker process (``VmHWM`` read from /proc while the run goes). The issue's
targets: at least 12 articles/s per core, under 600 MB per worker.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import DEFAULT_DOCS, DEFAULT_WORDS, corpus_words, write_corpus
from procmem import ChildMemory, is_pool_worker

from communique.scale import Progress, run_batch


@dataclass(frozen=True)
class BatchRun:
    workers: int
    documents: int
    words: int
    seconds: float
    worker_peak_mb: tuple[float, ...]
    worker_cpu_seconds: float = 0.0
    steady_docs_per_second: float | None = None  # one worker: after the first shard (start-up left out)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds

    @property
    def per_core(self) -> float:
        return self.docs_per_second / max(1, self.workers)

    def line(self) -> str:
        peaks = ", ".join(f"{mb:.0f}" for mb in self.worker_peak_mb) or "n/a"
        steady = (f" (after the first shard: {self.steady_docs_per_second / max(1, self.workers):.2f} per core)"
                  if self.steady_docs_per_second else "")
        return (f"batch, {self.workers} worker(s): {self.documents} docs in {self.seconds:.1f} s, "
                f"{self.docs_per_second:.2f} docs/s, {self.per_core:.2f} docs/s per core{steady}, "
                f"{self.words / self.seconds:.0f} words/s; peak RSS per worker (MB): {peaks}; "
                f"CPU s of the workers {self.worker_cpu_seconds:.0f}")


def time_batch(corpus: Path, out: Path, workers: int, shard_size: int) -> BatchRun:
    """One batch run over ``corpus`` into ``out`` (a fresh folder), timed, with its workers' peak memory."""
    marks: list[Progress] = []
    with ChildMemory() as mem:
        started = time.monotonic()
        report = run_batch([corpus], out, workers=workers, shard_size=shard_size, progress=marks.append)
        seconds = time.monotonic() - started
    peaks = tuple(sorted(mem.select(is_pool_worker).values(), reverse=True))
    steady = None
    # With one worker the shards are done one after another: the rate after the first is start-up free.
    if workers == 1 and len(marks) > 1 and marks[-1].seconds > marks[0].seconds:
        steady = (marks[-1].done - marks[0].done) / (marks[-1].seconds - marks[0].seconds)
    return BatchRun(workers, report.documents, corpus_words(corpus), seconds, peaks,
                    mem.cpu_seconds(is_pool_worker), steady)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS, help="words per document")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shard-size", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        corpus = write_corpus(Path(tmp), args.docs, args.words)
        print(f"corpus: {args.docs} documents, {corpus_words(corpus)} words")
        for workers in args.workers:
            print(time_batch(corpus, Path(tmp) / f"batch{workers}", workers, args.shard_size).line(), flush=True)


if __name__ == "__main__":
    main()
