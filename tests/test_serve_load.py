"""Concurrent writers and readers against the app in process: nothing lost, duplicated or failed.

Twenty clients (ten writing, ten reading) share the app for a few seconds through httpx's ASGI transport;
the routes' work runs in worker threads as under uvicorn, so DuckDB sees real concurrency. Some articles
are posted by two writers at once: each must be stored once, one answered 201 and the other 200.
The figures of the full load test (bench/load.py, a real server on loopback) are in the README.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from communique import api  # noqa: E402
from communique.serve import ServerConfig, create_app  # noqa: E402
from communique.settings import Settings  # noqa: E402

SECONDS = 4.0
WRITERS = 10
READERS = 10
TOKEN = "load-token"
READS = ("/events?limit=50", "/events?dyad=RUS-UKR", "/dyads/RUS/UKR", "/actors", "/documents", "/quotes",
         "/relations", "/commitments", "/health")


def article(writer: int, n: int) -> str:
    """Our own words; writers 0 and 1 post the same articles, so each is sent twice at about the same time."""
    author = min(writer, 1) if writer < 2 else writer
    return (f"LUSAKA — Zambia and Malawi agreed on Friday to open a new border post, officials said in note "
            f"{author}-{n}. The two governments promised to meet again next month, statement {n} added.")


async def writer(http: httpx.AsyncClient, index: int, deadline: float, acks: list[tuple[str, int]],
                 failures: list[str]) -> None:
    n = 0
    while time.monotonic() < deadline:
        n += 1
        response = await http.post("/documents", json={"text": article(index, n), "published": "2024-04-05"},
                                   headers={"Authorization": f"Bearer {TOKEN}"})
        if response.status_code in (200, 201):
            acks.append((response.json()["document"]["id"], response.status_code))
        else:
            failures.append(f"POST {response.status_code} {response.text[:200]}")


async def reader(http: httpx.AsyncClient, index: int, deadline: float, counts: list[int], failures: list[str]) -> None:
    i = index
    while time.monotonic() < deadline:
        path = READS[i % len(READS)]
        i += 1
        response = await http.get(path)
        counts.append(response.status_code)
        if not response.is_success:
            failures.append(f"GET {path} {response.status_code} {response.text[:200]}")


async def run_clients(app: object) -> tuple[list[tuple[str, int]], list[int], list[str]]:
    acks: list[tuple[str, int]] = []
    reads: list[int] = []
    failures: list[str] = []
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=120) as http:
        deadline = time.monotonic() + SECONDS
        await asyncio.gather(*(writer(http, i, deadline, acks, failures) for i in range(WRITERS)),
                             *(reader(http, i, deadline, reads, failures) for i in range(READERS)))
    return acks, reads, failures


def test_concurrent_writers_and_readers_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    path = tmp_path / "load.duckdb"
    with api.open_store(path) as store:
        api.ingest([api.demo_corpus()], store)
        seeded = store.counts()["documents"]
    app = create_app(Settings(), path, config=ServerConfig(token=TOKEN, timeout=120))
    state = app.state.communique
    try:
        acks, reads, failures = asyncio.run(run_clients(app))
        assert failures == []
        assert len(reads) >= READERS and len(acks) >= WRITERS
        created = Counter(doc_id for doc_id, status in acks if status == 201)
        assert all(n == 1 for n in created.values()), "an id was answered 201 twice"
        shared = [doc_id for doc_id, status in acks if status == 200]
        assert all(doc_id in created for doc_id in shared)  # a 200 names a document another request created
        with state.reader() as store:
            per_id = dict(store.con.execute("SELECT id, count(*) FROM documents GROUP BY id").fetchall())
            total = store.counts()["documents"]
        assert all(per_id.get(doc_id) == 1 for doc_id in created), "a written document is missing or twice"
        assert total == seeded + len(created)
        assert max(per_id.values()) == 1
    finally:
        state.close()
