"""Store speed: ingest throughput (excluding extraction) and dyad query time; figures for notes, never asserted.

    python bench/store.py [--events 100000] [--per-doc 10] [--batch 100]

Builds synthetic records (no language model) with ``--per-doc`` events each
between 30 countries over three years, ingests them into a fresh DuckDB file
(with cross-document linking and commitment tracking), and times
``Store.dyad`` and ``Store.events(dyad=…)`` on the full store.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from communique.model import Actor, Commitment, Document, Event, Record, Sentence, Span
from communique.store import open_store

COUNTRIES = ("IRN", "KAZ", "SAU", "CHN", "RUS", "USA", "IND", "TUR", "ARM", "AZE", "UKR", "FRA", "MAR", "JPN", "KOR",
             "BRA", "ARG", "CAN", "POL", "SWE", "FIN", "ETH", "SDN", "DEU", "GBR", "EGY", "ISR", "PAK", "VEN", "MEX")
CODES = ("010", "036", "040", "042", "043", "046", "057", "061", "112", "130", "163", "173", "190")


def make_record(n: int, per_doc: int, rng: random.Random) -> Record:
    start = date(2021, 1, 1)
    day = start + timedelta(days=rng.randrange(3 * 365))
    sentences, events, parts, pos = [], [], [], 0
    a, b = rng.sample(COUNTRIES, 2)
    for i in range(per_doc):
        words = f"Sentence {i} of document {n}: {a} acted on {b}."
        parts.append(words)
        sentences.append(Sentence(i, pos, pos + len(words)))
        code = rng.choice(CODES)
        events.append(Event(f"E{i + 1}", i, ("A1",), ("A2",), code, Span(pos, pos + 8, words[:8]),
                            cameo_label=f"code {code}", goldstein=rng.uniform(-10, 10), quad_class=rng.randint(1, 4),
                            date=(day - timedelta(days=rng.randrange(3))).isoformat()))
        pos += len(words) + 1
    text = " ".join(parts)
    actors = (Actor("A1", a, "country", a, code=a), Actor("A2", b, "country", b, code=b))
    commitments = (Commitment("C1", "promise", rng.choice(("a state visit", "trade talks", "a grain deal")),
                              by=("A1",), for_=("A2",), status="promised", evidence=(Span(0, 8, text[:8]),)),)
    return Record(Document(f"doc-{n}", text, publisher=f"wire-{n % 7}", published=day.isoformat()),
                  tuple(sentences), actors, tuple(events), commitments=commitments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=10)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(7)
    docs = args.events // args.per_doc
    records = [make_record(n, args.per_doc, rng) for n in range(docs)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        with open_store(path) as store:
            t0 = time.perf_counter()
            summary = store.ingest(records, batch_size=args.batch)
            ingest_s = time.perf_counter() - t0
            g = store.con.execute("SELECT count(*), sum(num_mentions) FROM global_event_counts").fetchone()
            print(f"ingest: {summary.stored} documents, {store.counts()['events']} events in {ingest_s:.1f} s "
                  f"= {summary.stored / ingest_s:.0f} documents/s, {store.counts()['events'] / ingest_s:.0f} events/s "
                  f"(batch {args.batch}); {g[0] if g else 0} global events")
            pairs = [tuple(rng.sample(COUNTRIES, 2)) for _ in range(10)]
            for name, call in (("dyad report", lambda p: store.dyad(*p)),
                               ("events(dyad=)", lambda p: store.events(dyad=p)),
                               ("global_events(dyad=)", lambda p: store.global_events(dyad=p))):
                call(pairs[0])
                times = []
                for p in pairs:
                    t0 = time.perf_counter()
                    call(p)
                    times.append(time.perf_counter() - t0)
                print(f"{name}: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
                      f"over {len(pairs)} pairs")
        print(f"database size: {path.stat().st_size / 1e6:.0f} MB" if path.exists() else "")


if __name__ == "__main__":
    main()
