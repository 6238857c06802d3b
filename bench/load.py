"""Load test of ``communique serve``: concurrent writers and readers against a real server on loopback.

    .venv/bin/python bench/load.py                     # 50 clients for 30 s
    .venv/bin/python bench/load.py --clients 80 --seconds 10 --writes 0.3 --json /tmp/load.json

The server runs in a subprocess (``python -m communique serve``) on a free
127.0.0.1 port over a temporary DuckDB file seeded with the demo corpus, with a
write token set. Each client loops until the time is up (and at most
``--max-requests`` requests in all), choosing a write (POST /documents with an
article of its own, so every write has its own document id) or a read
(events, events of a dyad, the dyad report, actors, documents, quotes,
relations). Afterwards the server is stopped and the database opened
read-only to check that every acknowledged write is stored exactly once and
nothing else was added. Prints latency percentiles per kind and throughput;
exits 1 when a write was lost or duplicated or a request failed.

Never run by the test suite (see tests/test_serve_load.py for the in-process check).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx

from communique import api

TOKEN = "load-test-token"
READS = (
    ("events", "/events", {"limit": 50}),
    ("events_dyad", "/events", {"dyad": "RUS-UKR", "limit": 100}),
    ("events_filtered", "/events", {"country": "IRN", "quad_class": 1, "since": "2020-01-01"}),
    ("dyad", "/dyads/RUS/UKR", {}),
    ("actors", "/actors", {"limit": 50}),
    ("documents", "/documents", {"limit": 50}),
    ("quotes", "/quotes", {"limit": 50}),
    ("relations", "/relations", {}),
)
PLACES = (("NAIROBI", "Kenya", "Tanzania"), ("LIMA", "Peru", "Chile"), ("HANOI", "Vietnam", "Laos"),
          ("OSLO", "Norway", "Sweden"), ("ACCRA", "Ghana", "Togo"), ("SEOUL", "South Korea", "Japan"))
VERBS = ("signed a fisheries accord with", "criticised", "agreed to expand trade with", "met officials from",
         "promised to send aid to", "rejected a proposal from")


@dataclass
class Tally:
    """What the clients saw: latencies per kind, failures, and the ids of acknowledged writes."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    requests: int = 0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def article(client: int, n: int) -> dict[str, str]:
    """An article of our own words, unique to (client, n): its text hash is its document id."""
    city, a, b = PLACES[(client + n) % len(PLACES)]
    verb = VERBS[(client * 7 + n) % len(VERBS)]
    text = (f"{city} — {a} {verb} {b} on Monday, the foreign ministry said in statement {client}-{n}. "
            f"Officials expect further talks next month, according to note {n} of desk {client}.")
    return {"text": text, "title": f"Load test {client}-{n}", "published": "2024-05-06", "publisher": "bench"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def client_loop(index: int, http: httpx.AsyncClient, deadline: float, write_share: float,
                      budget: list[int], tally: Tally) -> None:
    rng = random.Random(index)
    n = 0
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        tally.requests += 1
        if rng.random() < write_share:
            n += 1
            body = article(index, n)
            start = time.perf_counter()
            try:
                response = await http.post("/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            except httpx.HTTPError as exc:
                tally.failures.append(f"write {index}-{n}: {type(exc).__name__}")
                continue
            tally.add("write", time.perf_counter() - start)
            if response.status_code == 201:
                tally.written.append(response.json()["document"]["id"])
            else:
                tally.failures.append(f"write {index}-{n}: {response.status_code} {response.text[:200]}")
                tally.unacknowledged.append(body["text"])
        else:
            kind, path, params = READS[rng.randrange(len(READS))]
            start = time.perf_counter()
            try:
                response = await http.get(path, params=params)
            except httpx.HTTPError as exc:
                tally.failures.append(f"read {kind}: {type(exc).__name__}")
                continue
            tally.add("read", time.perf_counter() - start)
            tally.add(kind, time.perf_counter() - start)
            if not response.is_success:
                tally.failures.append(f"read {kind}: {response.status_code} {response.text[:200]}")


async def drive(base: str, clients: int, seconds: float, write_share: float, max_requests: int) -> tuple[Tally, float]:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        start = time.monotonic()
        budget = [max_requests]
        await asyncio.gather(*(client_loop(i, http, start + seconds, write_share, budget, tally)
                               for i in range(clients)))
        elapsed = time.monotonic() - start
    return tally, elapsed


def start_server(db: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "COMMUNIQUE_SERVE_TOKEN": TOKEN}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "communique", "serve", "--db", str(db), "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).is_success:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not answer /health within 60 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def verify(db: Path, seeded: int, tally: Tally) -> dict[str, Any]:
    """Every acknowledged id stored exactly once; no other document added (unless its write timed out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        total = int(con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]
        duplicated = con.execute("SELECT id, count(*) FROM documents GROUP BY id HAVING count(*) > 1").fetchall()
        found = {row[0]: row[1] for row in con.execute(
            "SELECT id, count(*) FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[])) GROUP BY id",
            [tally.written]).fetchall()}
    finally:
        con.close()
    lost = [i for i in tally.written if found.get(i, 0) == 0]
    repeated_acks = len(tally.written) - len(set(tally.written))
    extra = total - seeded - len(set(tally.written))
    return {"documents_before": seeded, "documents_after": total, "acknowledged_writes": len(tally.written),
            "lost": len(lost), "duplicated_rows": len(duplicated), "repeated_acknowledgements": repeated_acks,
            "unacknowledged_but_stored": extra, "ok": not lost and not duplicated and not repeated_acks
            and extra <= len(tally.unacknowledged)}


def summary(tally: Tally, elapsed: float) -> dict[str, Any]:
    kinds = {}
    for kind, values in sorted(tally.latencies.items()):
        kinds[kind] = {"n": len(values), **{f"p{q}_ms": round(percentile(values, q) * 1000, 1) for q in (50, 90, 99)},
                       "max_ms": round(max(values) * 1000, 1), "per_s": round(len(values) / elapsed, 1)}
    return {"seconds": round(elapsed, 1), "requests": tally.requests,
            "throughput_per_s": round(sum(len(v) for k, v in tally.latencies.items()
                                          if k in ("read", "write")) / elapsed, 1),
            "failures": len(tally.failures), "first_failures": tally.failures[:5], "latency": kinds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--writes", type=float, default=0.25, help="share of requests that are writes")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap on requests in all")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="communique-load-") as tmp:
        db = Path(tmp) / "load.duckdb"
        with api.open_store(db) as store:
            api.ingest([api.demo_corpus()], store)
            seeded = store.counts()["documents"]
        port = free_port()
        process = start_server(db, port, Path(tmp) / "server.log")
        try:
            tally, elapsed = asyncio.run(drive(f"http://127.0.0.1:{port}", args.clients, args.seconds,
                                               args.writes, args.max_requests))
        finally:
            stop_server(process)
        result = {"clients": args.clients, "write_share": args.writes, **summary(tally, elapsed),
                  "integrity": verify(db, seeded, tally)}
    text = json.dumps(result, indent=2)
    sys.stdout.write(text + "\n")
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0 if result["integrity"]["ok"] and not tally.failures else 1


if __name__ == "__main__":
    sys.exit(main())
