"""Benchmark the batch runner (not a test): the demo corpus repeated, 1 and 2 workers.

    .venv/bin/python bench/batch.py [--docs 2000] [--workers 1 2]

Prints documents/s, documents/s per worker and the peak RSS of the workers.
Each copy of an article gets a distinct line so that it is a distinct document.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path

from communique import api
from communique.scale import run_batch


def write_corpus(folder: Path, docs: int) -> Path:
    base = [json.loads(line) for line in api.demo_corpus().read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(docs):
            row = dict(base[i % len(base)])
            row["text"] = f"{row['text']}\n\nCopy {i} of the benchmark corpus."
            out.write(json.dumps(row) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shard-size", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp), args.docs)
        for workers in args.workers:
            started = time.monotonic()
            report = run_batch([corpus], Path(tmp) / f"out{workers}", workers=workers, shard_size=args.shard_size)
            seconds = time.monotonic() - started
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            rate = report.documents / seconds
            print(f"workers {workers}: {report.documents} docs in {seconds:.1f} s (with start-up), "
                  f"{rate:.1f} docs/s, {rate / workers:.1f} docs/s per worker, "
                  f"peak worker RSS so far {rss:.0f} MB")


if __name__ == "__main__":
    main()
