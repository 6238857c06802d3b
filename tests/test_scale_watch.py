"""``watch``: feeds polled from a local HTTP server; each new article fetched once, stored, remembered."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from communique import api
from communique.cli import main
from communique.errors import SettingsError
from communique.scale.watch import (
    USER_AGENT,
    Fetched,
    FetchError,
    FetchPolicy,
    TooLargeError,
    ensure_seen_table,
    feed_items,
    fetch_url,
    parse_duration,
    parse_retry_after,
    watch,
)
from communique.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "store-schema.md"


def article(title: str, lead: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
            "<nav><a href='/'>Home</a></nav>"
            f"<article><h1>{title}</h1><p>{lead}</p>"
            "<p>Both sides said officials would meet again before the end of the quarter.</p></article>"
            "<footer>About this demo site</footer></body></html>").encode()


PAGES = {
    "/a1": article("Ministers meet in Oslo", "OSLO — The foreign ministers of Norway and Chile met on Tuesday "
                   "to discuss fishing rights in the southern Pacific.", "2024-03-05"),
    "/a2": article("Trade talks in Accra", "ACCRA — Ghana and the Netherlands opened talks on Wednesday on "
                   "cocoa exports and a new container terminal."),
}


def rss(*paths: str) -> bytes:
    items = "".join(f"<item><title>Item {p}</title><link>{p}</link>"
                    "<pubDate>Wed, 06 Mar 2024 09:00:00 GMT</pubDate></item>" for p in paths)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Demo wire</title>"
            f"<link>/</link><description>test feed</description>{items}</channel></rss>").encode()


@dataclass(frozen=True)
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    send_length: bool = True
    etag: str | None = None  # sent as ETag; a request with a matching If-None-Match gets 304
    last_modified: str | None = None  # sent as Last-Modified; without an ETag, If-Modified-Since equal to it: 304
    headers: tuple[tuple[str, str], ...] = ()

    def not_modified(self, request: Message) -> bool:
        if self.etag is not None:
            return request.get("If-None-Match") == self.etag
        return self.last_modified is not None and request.get("If-Modified-Since") == self.last_modified


class Site:
    """A local web site: ``routes`` by path (``queued`` ones are answered once each, first); ``hits`` counts
    requests per path, ``agents`` their User-Agents and ``requests`` their (path, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.queued: dict[str, list[Route]] = {}
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server API)
                with site.lock:
                    site.hits[self.path] += 1
                    site.agents.append(self.headers.get("User-Agent", ""))
                    site.requests.append((self.path, dict(self.headers.items())))
                    queue = site.queued.get(self.path)
                    route = queue.pop(0) if queue else site.routes.get(self.path, Route(b"not here", 404,
                                                                                         "text/plain"))
                fresh = route.not_modified(self.headers)
                try:
                    if route.delay:
                        time.sleep(route.delay)
                    self.send_response(304 if fresh else route.status)
                    for name, value in (("ETag", route.etag), ("Last-Modified", route.last_modified),
                                        *route.headers):
                        if value is not None:
                            self.send_header(name, value)
                    if fresh:
                        self.end_headers()
                        return
                    self.send_header("Content-Type", route.content_type)
                    if route.send_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of a slow route

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the http.server API)
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    s.thread.start()
    s.routes.update({path: Route(body) for path, body in PAGES.items()})
    s.routes["/feed.xml"] = Route(rss("/a1", "/a2"), content_type="application/rss+xml")
    yield s
    s.server.shutdown()
    s.server.server_close()
    s.thread.join(5)


FAST = FetchPolicy(timeout=2.0, retries=2, backoff=0.01, max_bytes=100_000)


def no_wait(seconds: float) -> None:
    pass


def stored_urls(store: api.Store) -> list[str]:
    return sorted(r[0] for r in store.con.execute("SELECT url FROM documents").fetchall())


def statuses(store: api.Store) -> dict[str, tuple[str, int]]:
    rows = store.con.execute("SELECT url, status, attempts FROM watch_seen").fetchall()
    return {re.sub(r"^http://[^/]+", "", url): (status, attempts) for url, status, attempts in rows}


def test_first_poll_stores_second_fetches_nothing_and_a_restart_refetches_nothing(
    site: Site, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    db = tmp_path / "watch.duckdb"
    feed = site.url("/feed.xml")
    with caplog.at_level(logging.INFO, logger="communique.watch"), api.open_store(db) as store:
        first = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (first.polls, first.new, first.skipped, first.failed) == (1, 2, 0, 0)
        assert stored_urls(store) == [site.url("/a1"), site.url("/a2")]
        oslo = store.document(store.con.execute("SELECT id FROM documents WHERE url LIKE '%/a1'").fetchone()[0])
        assert oslo is not None and oslo.document.published == "2024-03-05"  # the page's own date
        accra = store.con.execute("SELECT published FROM documents WHERE url LIKE '%/a2'").fetchone()[0]
        assert str(accra) == "2024-03-06"  # no date on the page: the feed item's date

        second = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (second.new, second.skipped) == (0, 2)
    assert site.hits["/a1"] == site.hits["/a2"] == 1
    assert site.hits["/feed.xml"] == 2
    assert any(r.getMessage().startswith("poll 1: 2 new, 0 duplicate, 0 skipped") for r in caplog.records)

    with api.open_store(db) as store:  # a restart: a new connection, nothing carried over but the file
        third = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (third.new, third.skipped) == (0, 2)
        assert statuses(store) == {"/a1": ("stored", 1), "/a2": ("stored", 1)}
    assert site.hits["/a1"] == site.hits["/a2"] == 1
    assert all(agent == USER_AGENT for agent in site.agents)
    assert re.fullmatch(r"communique/\S+ \(\+https://\S+\)", USER_AGENT)


def test_failures_are_retried_reported_and_do_not_stop_the_poll(site: Site, tmp_path: Path) -> None:
    site.routes.update({
        "/boom": Route(b"server error", 500, "text/plain"),
        "/slow": Route(PAGES["/a1"], delay=1.5),
        "/huge": Route(b"<p>" + b"word " * 30_000 + b"</p>"),
        "/huge-unannounced": Route(b"<p>" + b"word " * 30_000 + b"</p>", send_length=False),
        "/gone": Route(b"gone", 404, "text/plain"),
        "/pdf": Route(b"%PDF-1.4", content_type="application/pdf"),
    })
    site.routes["/feed.xml"] = Route(rss("/boom", "/slow", "/huge", "/huge-unannounced", "/gone", "/pdf", "/a2"))
    waits: list[float] = []
    policy = FetchPolicy(timeout=0.3, retries=2, backoff=0.01, max_bytes=100_000)
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch([site.url("/feed.xml")], store, once=True, policy=policy, sleep=waits.append,
                       max_attempts=2)
        assert (report.new, report.failed, report.rejected) == (1, 2, 4)
        assert stored_urls(store) == [site.url("/a2")]  # the last item was still handled
        assert site.hits["/boom"] == site.hits["/slow"] == 3  # one try and two retries
        assert site.hits["/huge"] == site.hits["/huge-unannounced"] == site.hits["/gone"] == 1  # not retried
        assert waits == [0.01, 0.02, 0.01, 0.02]  # exponential backoff, through the injected sleep
        problems = "\n".join(report.last.problems if report.last else ())
        assert "HTTP 500" in problems and "after 3 attempts" in problems
        assert "timed out after 0.3 s" in problems
        assert "larger than the limit of 100000 bytes" in problems
        assert "not an HTML page (application/pdf)" in problems
        assert statuses(store)["/boom"] == ("failed", 1)
        assert statuses(store)["/huge"] == ("rejected", 1)

        # the next poll tries the failed links again (the server has recovered), the rejected ones never
        site.routes["/boom"] = Route(PAGES["/a1"])
        site.routes["/slow"] = Route(b"still down", 503, "text/plain")
        again = watch([site.url("/feed.xml")], store, once=True, policy=policy, sleep=no_wait, max_attempts=2)
        assert (again.new, again.failed, again.skipped) == (1, 1, 5)
        assert statuses(store)["/boom"] == ("stored", 2)
        assert statuses(store)["/slow"] == ("failed", 2)
        third = watch([site.url("/feed.xml")], store, once=True, policy=policy, sleep=no_wait, max_attempts=2)
        assert (third.new, third.failed, third.skipped) == (0, 0, 7)  # /slow has used its two attempts
    assert site.hits["/huge"] == site.hits["/gone"] == site.hits["/pdf"] == 1


def test_a_failing_feed_is_reported_and_the_other_feeds_are_read(site: Site, tmp_path: Path) -> None:
    site.routes["/broken.xml"] = Route(b"this is not a feed at all", content_type="text/plain")
    feeds = [site.url("/missing.xml"), site.url("/broken.xml"), site.url("/feed.xml")]
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch(feeds, store, once=True, policy=FAST, sleep=no_wait)
    assert (report.feeds_failed, report.new) == (2, 2)
    assert report.last is not None and any("HTTP 404" in p for p in report.last.problems)


def test_the_same_text_under_two_links_is_stored_once(site: Site, tmp_path: Path) -> None:
    site.routes["/copy"] = Route(PAGES["/a1"])
    site.routes["/feed.xml"] = Route(rss("/a1", "/copy", "/a1"))
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch([site.url("/feed.xml")], store, once=True, policy=FAST, sleep=no_wait)
        assert (report.new, report.duplicates) == (1, 1)
        assert statuses(store)["/copy"] == ("duplicate", 1)
    assert site.hits["/a1"] == 1


def test_an_article_over_the_size_limit_is_rejected_and_the_watch_goes_on(site: Site, tmp_path: Path) -> None:
    long_lead = " ".join(["Ministers of both countries met again in the capital to discuss the border."] * 60)
    site.routes["/long"] = Route(article("A very long report", long_lead))
    site.routes["/feed.xml"] = Route(rss("/long", "/a1"))
    settings = Settings(max_document_chars=3000)
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch([site.url("/feed.xml")], store, once=True, policy=FAST, sleep=no_wait, settings=settings)
        assert report.new == 1
        assert statuses(store)["/long"][0] == "rejected" and statuses(store)["/a1"] == ("stored", 1)


def test_fetch_url_refuses_other_schemes_and_oversized_bodies(site: Site) -> None:
    with pytest.raises(FetchError, match="only http and https") as err:
        fetch_url("file:///etc/hostname", FAST)
    assert not err.value.transient
    site.routes["/big"] = Route(b"x" * 2_000, send_length=False)
    with pytest.raises(TooLargeError):
        fetch_url(site.url("/big"), FetchPolicy(max_bytes=1_000))
    assert fetch_url(site.url("/big"), FetchPolicy(max_bytes=2_000)).body == b"x" * 2_000


def test_the_loop_waits_between_polls_with_the_injected_clock_and_sleep(tmp_path: Path) -> None:
    """No server and no waiting: fetch, clock and sleep are all given."""
    now = [100.0]
    waits: list[float] = []
    pages = {"https://wire.example/feed": rss("/x"),
             "https://wire.example/x": PAGES["/a2"]}

    def fetch(url: str, headers: Mapping[str, str] | None = None) -> Fetched:
        now[0] += 4.0  # every fetch takes four seconds
        return Fetched(url, pages[url], "application/rss+xml" if url.endswith("feed") else "text/html")

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch(["https://wire.example/feed"], store, every="1m", fetch=fetch, max_polls=3,
                       clock=lambda: now[0], sleep=sleep)
    assert (report.polls, report.new, report.skipped) == (3, 1, 2)
    assert waits == [52.0, 56.0]  # 60 s from the start of each poll; none after the last


@pytest.mark.parametrize("text,seconds", [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("1h30m", 5400.0),
                                          ("2d", 172800.0), ("45", 45.0), ("1.5h", 5400.0), (" 10 m ", 600.0)])
def test_parse_duration(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "0s", "m", "-5m", "10m later"])
def test_parse_duration_refuses_nonsense(text: str) -> None:
    with pytest.raises(SettingsError):
        parse_duration(text)


def test_feed_items_resolve_relative_links_and_drop_repeats() -> None:
    items = feed_items(rss("/a1", "/a1#comments", "https://other.example/b"), "https://wire.example/rss")
    assert [i.url for i in items] == ["https://wire.example/a1", "https://other.example/b"]
    assert items[0].title == "Item /a1"


def test_watch_needs_a_feed(tmp_path: Path) -> None:
    with api.open_store(tmp_path / "w.duckdb") as store, pytest.raises(SettingsError, match="no feed"):
        watch(["  "], store, once=True)


def test_cli_watch_once_and_again(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    first = runner.invoke(main, ["watch", site.url("/feed.xml"), "--db", db, "--once"])
    assert first.exit_code == 0, first.output
    assert "poll 1: 2 new" in first.stderr
    assert "1 poll(s): 2 new" in first.stdout
    again = runner.invoke(main, ["watch", site.url("/feed.xml"), "--db", db, "--once", "--every", "30s"])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 duplicate, 2 skipped" in again.stdout
    assert site.hits["/a1"] == 1
    bad = runner.invoke(main, ["watch", site.url("/feed.xml"), "--db", db, "--once", "--every", "often"])
    assert bad.exit_code == 1 and "not a duration" in bad.stderr
    down = runner.invoke(main, ["watch", site.url("/nothing.xml"), "--db", db, "--once"])
    assert down.exit_code == 1 and "HTTP 404" in down.stderr


@pytest.mark.parametrize("table", ["watch_seen", "watch_feeds"])
def test_the_watch_tables_match_their_documentation(table: str, tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = re.split(r"\n##+ ", text.split(f"### `{table}`", 1)[1], maxsplit=1)[0]
    documented = dict(re.findall(r"^\| `([a-z_]+)` \| `([A-Z]+)` \|", section, flags=re.M))
    with api.open_store(tmp_path / "s.duckdb") as store:
        ensure_seen_table(store.con)
        ensure_seen_table(store.con)  # idempotent
        actual = dict(store.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
            "ORDER BY ordinal_position", [table]).fetchall())
    assert documented == actual


# -- politeness: conditional GET and Retry-After ------------------------------------------------------------


def feed_requests(site: Site, path: str = "/feed.xml") -> list[dict[str, str]]:
    return [headers for p, headers in site.requests if p == path]


def kept(store: api.Store, feed: str) -> tuple[object, ...]:
    row = store.con.execute("SELECT etag, last_modified, last_status, retry_at FROM watch_feeds WHERE feed = ?",
                            [feed]).fetchone()
    assert row is not None
    return tuple(row)


LAST_MODIFIED = "Wed, 06 Mar 2024 09:00:00 GMT"


@pytest.mark.parametrize("validators", [{"etag": '"v1"', "last_modified": LAST_MODIFIED},
                                        {"last_modified": LAST_MODIFIED}], ids=["etag", "last-modified"])
def test_an_unchanged_feed_is_not_read_again_even_after_a_restart(
    validators: dict[str, str], site: Site, tmp_path: Path,
) -> None:
    site.routes["/feed.xml"] = Route(rss("/a1", "/a2"), content_type="application/rss+xml", **validators)
    feed, db = site.url("/feed.xml"), tmp_path / "w.duckdb"
    with api.open_store(db) as store:
        first = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (first.new, first.feeds_unchanged) == (2, 0)
        assert kept(store, feed)[:3] == (validators.get("etag"), LAST_MODIFIED, 200)
        second = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (second.new, second.skipped, second.feeds_unchanged) == (0, 0, 1)
        assert second.last is not None and second.last.line().endswith("1 feeds unchanged, 0 feeds waiting")
    with api.open_store(db) as store:  # a restart: the validators come from the file
        third = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert third.feeds_unchanged == 1 and kept(store, feed)[2] == 304
    sent = feed_requests(site)
    assert "If-None-Match" not in sent[0] and "If-Modified-Since" not in sent[0]
    for headers in sent[1:]:
        assert headers.get("If-None-Match") == validators.get("etag")
        assert headers["If-Modified-Since"] == LAST_MODIFIED
    assert site.hits["/a1"] == site.hits["/a2"] == 1

    # the feed changes: a full answer, the new link is stored and the new validators kept
    site.routes["/a3"] = Route(article("Port deal in Mombasa", "MOMBASA — Kenya and Tanzania agreed on Monday to "
                                       "share a new container terminal."))
    site.routes["/feed.xml"] = Route(rss("/a3", "/a1", "/a2"), content_type="application/rss+xml",
                                     etag='"v2"', last_modified="Thu, 07 Mar 2024 09:00:00 GMT")
    with api.open_store(db) as store:
        fourth = watch([feed], store, once=True, policy=FAST, sleep=no_wait)
        assert (fourth.new, fourth.skipped, fourth.feeds_unchanged) == (1, 2, 0)
        assert kept(store, feed)[:2] == ('"v2"', "Thu, 07 Mar 2024 09:00:00 GMT")


def test_validators_wait_until_no_link_of_the_feed_is_left_to_retry(site: Site, tmp_path: Path) -> None:
    site.routes["/boom"] = Route(b"server error", 500, "text/plain")
    site.routes["/feed.xml"] = Route(rss("/a1", "/boom"), content_type="application/rss+xml", etag='"v1"')
    feed = site.url("/feed.xml")
    once = FetchPolicy(timeout=2.0, retries=0, max_bytes=100_000)
    with api.open_store(tmp_path / "w.duckdb") as store:
        first = watch([feed], store, once=True, policy=once, sleep=no_wait)
        assert (first.new, first.failed) == (1, 1)
        assert kept(store, feed)[0] is None  # a 304 next time would hide /boom
        site.routes["/boom"] = Route(PAGES["/a2"])  # the server has recovered
        second = watch([feed], store, once=True, policy=once, sleep=no_wait)
        assert (second.new, second.skipped, second.feeds_unchanged) == (1, 1, 0)
        assert kept(store, feed)[0] == '"v1"'
        third = watch([feed], store, once=True, policy=once, sleep=no_wait)
        assert third.feeds_unchanged == 1
    assert "If-None-Match" not in feed_requests(site)[1]


def test_retry_after_is_honoured_within_the_limit(site: Site, tmp_path: Path) -> None:
    site.queued["/feed.xml"] = [Route(b"busy", 503, "text/plain", headers=(("Retry-After", "2"),))]
    site.queued["/a1"] = [Route(b"slow down", 429, "text/plain", headers=(("Retry-After", "1"),))]
    waits: list[float] = []
    policy = FetchPolicy(timeout=2.0, retries=2, backoff=0.01, max_bytes=100_000, max_wait=5.0)
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch([site.url("/feed.xml")], store, once=True, policy=policy, sleep=waits.append)
    assert (report.new, report.feeds_failed, report.failed) == (2, 0, 0)
    assert waits == [2.0, 1.0]  # what the server asked (longer than the backoff), through the injected sleep
    assert site.hits["/feed.xml"] == site.hits["/a1"] == 2


def test_a_longer_retry_after_ends_the_fetch_and_the_feed_waits(site: Site, tmp_path: Path) -> None:
    site.queued["/feed.xml"] = [Route(b"later", 429, "text/plain", headers=(("Retry-After", "3600"),))]
    waits: list[float] = []
    policy = FetchPolicy(timeout=2.0, retries=2, backoff=0.01, max_bytes=100_000, max_wait=5.0)
    feed = site.url("/feed.xml")
    with api.open_store(tmp_path / "w.duckdb") as store:
        first = watch([feed], store, once=True, policy=policy, sleep=waits.append)
        assert (first.feeds_failed, first.new) == (1, 0) and waits == []  # no retry, no wait
        assert first.last is not None
        assert "the server asks to wait 3600 s, longer than the limit of 5 s" in first.last.problems[0]
        etag, _, status, retry_at = kept(store, feed)
        assert status == 429 and isinstance(retry_at, datetime)
        assert 3500 < (retry_at - datetime.now(UTC).replace(tzinfo=None)).total_seconds() <= 3600
        second = watch([feed], store, once=True, policy=policy, sleep=waits.append)
        assert (second.feeds_waiting, second.feeds_failed, second.new) == (1, 0, 0)
        assert site.hits["/feed.xml"] == 1  # not asked before the time the server gave
        store.con.execute("UPDATE watch_feeds SET retry_at = retry_at - INTERVAL 2 HOUR")
        third = watch([feed], store, once=True, policy=policy, sleep=waits.append)
        assert (third.new, third.feeds_waiting) == (2, 0)
        assert kept(store, feed)[3] is None


def test_article_retry_after_beyond_the_limit_is_a_passing_failure(site: Site, tmp_path: Path) -> None:
    site.routes["/a1"] = Route(b"later", 503, "text/plain", headers=(("Retry-After", "600"),))
    with api.open_store(tmp_path / "w.duckdb") as store:
        report = watch([site.url("/feed.xml")], store, once=True, policy=FAST, sleep=no_wait)
        assert (report.new, report.failed) == (1, 1)
        assert statuses(store)["/a1"] == ("failed", 1)
    assert site.hits["/a1"] == 1


@pytest.mark.parametrize("value,seconds", [("0", 0.0), ("45", 45.0), (" 7 ", 7.0), ("", None), (None, None),
                                           ("soon", None), ("-5", None),
                                           ("Wed, 06 Mar 2024 09:02:00 GMT", 120.0),
                                           ("Wed, 06 Mar 2024 08:00:00 GMT", 0.0)])
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, datetime(2024, 3, 6, 9, 0, tzinfo=UTC)) == seconds


def test_fetch_url_returns_304_with_the_validators(site: Site) -> None:
    site.routes["/feed.xml"] = Route(rss("/a1"), content_type="application/rss+xml", etag='"abc"')
    full = fetch_url(site.url("/feed.xml"), FAST)
    assert (full.status, full.etag, full.not_modified) == (200, '"abc"', False)
    again = fetch_url(site.url("/feed.xml"), FAST, headers={"If-None-Match": '"abc"'})
    assert (again.status, again.body, again.etag, again.not_modified) == (304, b"", '"abc"', True)


def test_cli_watch_max_wait(site: Site, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    site.queued["/feed.xml"] = [Route(b"later", 503, "text/plain", headers=(("Retry-After", "30"),))]
    result = CliRunner().invoke(main, ["watch", site.url("/feed.xml"), "--db", db, "--once", "--max-wait", "2s"])
    assert result.exit_code == 1 and "longer than the limit of 2 s" in result.stderr
    bad = CliRunner().invoke(main, ["watch", site.url("/feed.xml"), "--db", db, "--once", "--max-wait", "a bit"])
    assert bad.exit_code == 1 and "not a duration" in bad.stderr
