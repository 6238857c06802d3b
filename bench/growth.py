"""How extraction time and memory grow with document length and corpus size (not a test).

    .venv/bin/python bench/growth.py [--lengths 100 200 500 1000 2000 5000 10000 20000]
                                     [--sizes 1000 10000] [--workers 2] [--repeat 3]

Document length: for each length a fresh process (so that its peak memory is
that document's alone) loads the model, extracts one short document to warm
up, then extracts a document of that many words (:func:`corpus.document_text`)
``--repeat`` times. It reports the best time, the time of each stage (the
spaCy parse is most of ``entities``), the resident memory after the warm-up
and the peak (``VmHWM``) after the long document.

Corpus size: the batch runner over corpora of ``--sizes`` documents (the demo
articles as they are, ~225 words, each copy distinct) with ``--workers``
workers: seconds, documents/s and the peak RSS of each worker.

Writes ``bench/results/growth-length.csv`` and ``growth-size.csv`` and the
figure ``bench/growth.svg`` (:mod:`svgplot`). ``--lengths`` or ``--sizes``
with no value skips that part (the figure then reuses the other part's CSV
if there is one).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from batch import time_batch
from corpus import LENGTHS, document_text, word_count, write_corpus
from procmem import peak_rss_mb
from svgplot import Panel, Series, render

HERE = Path(__file__).parent
RESULTS = HERE / "results"
LENGTH_CSV = RESULTS / "growth-length.csv"
SIZE_CSV = RESULTS / "growth-size.csv"
FIGURE = HERE / "growth.svg"
SIZES = (1000, 10000)


def rss_mb() -> float:
    """The current resident set size of this process (``VmRSS``), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_length(words: int, repeat: int) -> dict[str, Any]:
    """Time and memory of the whole pipeline on one document of ``words`` words (run in a fresh process)."""
    from dataclasses import replace

    from communique import api
    from communique.pipeline import STAGES, Analysis
    from communique.read import make_document
    from communique.settings import Settings

    settings = Settings.load()
    resources = api.resources(settings)
    api.extract_document(make_document(document_text(150, start=5)), settings)  # warm up
    base_mb = rss_mb()
    document = make_document(document_text(words))
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        api.extract_document(document, settings)
        best = min(best, time.perf_counter() - started)
    stages: dict[str, float] = {}
    analysis = Analysis(document)
    for stage in STAGES:
        started = time.perf_counter()
        analysis = stage.run(analysis, resources, settings)
        stages[stage.key] = time.perf_counter() - started
    analysis = replace(analysis, doc=None)
    peak = peak_rss_mb(os.getpid())
    return {"words": word_count(document.text), "target": words, "seconds": round(best, 4),
            "ms_per_word": round(best / word_count(document.text) * 1000, 4),
            "base_rss_mb": round(base_mb, 1), "peak_rss_mb": round(peak or float("nan"), 1),
            **{f"{name}_s": round(secs, 4) for name, secs in stages.items()}}


def length_rows(lengths: Sequence[int], repeat: int) -> list[dict[str, Any]]:
    rows = []
    for words in lengths:
        command = [sys.executable, str(Path(__file__).resolve()), "--one-length", str(words), "--repeat", str(repeat)]
        done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{row['words']:6d} words: {row['seconds']:7.3f} s ({row['ms_per_word']:.3f} ms/word), "
              f"entities {row.get('entities_s', 0):.3f} s, peak RSS {row['peak_rss_mb']:.0f} MB "
              f"(after warm-up {row['base_rss_mb']:.0f} MB)", flush=True)
        rows.append(row)
    return rows


def size_rows(sizes: Sequence[int], workers: int, shard_size: int) -> list[dict[str, Any]]:
    rows = []
    for docs in sizes:
        with tempfile.TemporaryDirectory(prefix="communique-growth-") as tmp:
            corpus = write_corpus(Path(tmp), docs, None)
            run = time_batch(corpus, Path(tmp) / "out", workers, shard_size)
        print(run.line(), flush=True)
        rows.append({"documents": run.documents, "words": run.words,
                     "workers": workers, "seconds": round(run.seconds, 2),
                     "docs_per_second": round(run.docs_per_second, 3),
                     "worker_peak_rss_mb": round(max(run.worker_peak_mb, default=float("nan")), 1)})
    return rows


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, float]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as lines:
        return [{k: float(v) for k, v in row.items() if v not in ("", None)} for row in csv.DictReader(lines)]


def figure(lengths: Sequence[dict[str, float]], sizes: Sequence[dict[str, float]]) -> str:
    """Three panels: time and memory against document length, and time against corpus size."""
    panels = []
    if lengths:
        words = tuple(r["words"] for r in lengths)
        total = tuple(r["seconds"] for r in lengths)
        linear = tuple(total[0] * w / words[0] for w in words)
        stage_series = tuple(Series(name, words, tuple(r.get(f"{name}_s", float("nan")) for r in lengths))
                             for name in ("entities", "actors", "events") if f"{name}_s" in lengths[0])
        panels.append(Panel("Time per document", "words in the document", "seconds",
                            (Series("whole pipeline", words, total), *stage_series,
                             Series("linear from the first point", words, linear, dashed=True)),
                            log_x=True, log_y=True))
        panels.append(Panel("Peak memory (one process)", "words in the document", "MB",
                            (Series("peak RSS", words, tuple(r["peak_rss_mb"] for r in lengths)),
                             Series("after model load and warm-up", words, tuple(r["base_rss_mb"] for r in lengths),
                                    dashed=True)), log_x=True))
    if sizes:
        docs = tuple(r["documents"] for r in sizes)
        seconds = tuple(r["seconds"] for r in sizes)
        workers = int(sizes[0].get("workers", 0))
        peak = max(r["worker_peak_rss_mb"] for r in sizes)
        panels.append(Panel(f"Corpus size: batch, {workers} workers (peak {peak:.0f} MB a worker)",
                            "documents (~225 words each)", "seconds",
                            (Series("whole run, start-up included", docs, seconds),
                             Series("linear from the first point", docs,
                                    tuple(seconds[0] * d / docs[0] for d in docs), dashed=True)),
                            log_x=True, log_y=True))
    return render(panels, columns=3, title="communique: extraction time and memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="*", default=list(LENGTHS))
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--workers", type=int, default=2, help="workers of the corpus-size runs")
    parser.add_argument("--shard-size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="timed extractions per length (best kept)")
    parser.add_argument("--one-length", type=int, help=argparse.SUPPRESS)  # the child process of one length
    args = parser.parse_args()
    if args.one_length:
        sys.stdout.write(json.dumps(measure_length(args.one_length, args.repeat)) + "\n")
        return
    if args.lengths:
        write_csv(LENGTH_CSV, length_rows(args.lengths, args.repeat))
    if args.sizes:
        write_csv(SIZE_CSV, size_rows(args.sizes, args.workers, args.shard_size))
    FIGURE.write_text(figure(read_csv(LENGTH_CSV), read_csv(SIZE_CSV)), encoding="utf-8")
    print(f"wrote {FIGURE.relative_to(HERE.parent)} and CSV under {RESULTS.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
