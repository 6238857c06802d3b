"""Extraction speed on the demo corpus: figures for the issue notes, never asserted in tests.

    python bench/run.py [--repeat N]

Prints documents and words per second for the spaCy parse alone and for the
whole pipeline, the time each stage takes, and the peak memory of the process.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections import defaultdict
from dataclasses import replace

from communique import api
from communique.nlp import parse
from communique.pipeline import STAGES, Analysis
from communique.pipeline.segment import split_sentences
from communique.read import make_document
from communique.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the demo corpus")
    args = parser.parse_args()
    settings = Settings.load()
    rows = [json.loads(line) for line in api.demo_corpus().read_text("utf-8").splitlines() if line.strip()]
    docs = [make_document(r["text"], published=r.get("published")) for r in rows] * args.repeat
    words = sum(len(d.text.split()) for d in docs)
    res = api.resources(settings)
    api.extract_document(docs[0], settings)  # warm up

    t0 = time.perf_counter()
    for d in docs:
        parse(res.nlp, d.text, split_sentences(d.text))
    parse_s = time.perf_counter() - t0

    per_stage: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    for d in docs:
        analysis = Analysis(d)
        for stage in STAGES:
            s0 = time.perf_counter()
            analysis = stage.run(analysis, res, settings)
            per_stage[stage.name] += time.perf_counter() - s0
        analysis = replace(analysis, doc=None)
    total_s = time.perf_counter() - t0

    print(f"{len(docs)} documents, {words} words ({args.repeat} passes over the demo corpus), one process")
    print(f"spaCy parse alone : {len(docs) / parse_s:7.1f} docs/s  {words / parse_s:9.0f} words/s")
    print(f"whole pipeline    : {len(docs) / total_s:7.1f} docs/s  {words / total_s:9.0f} words/s")
    for name, secs in per_stage.items():
        print(f"  {name:16s} {secs / len(docs) * 1000:7.2f} ms/doc  {secs / total_s:6.1%}")
    print(f"peak memory       : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
