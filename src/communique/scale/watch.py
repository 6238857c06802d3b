"""Watch RSS/Atom feeds: fetch every new article once, extract it and store it.

>>> parse_duration("1h30m"), parse_duration("15m"), parse_duration("45")
(5400.0, 900.0, 45.0)

Each poll fetches every feed, and every item link not seen before is fetched
(once), read as an HTML page (:func:`~communique.read.html.read_html_document`),
extracted (:func:`communique.api.extract_document`) and stored
(:meth:`~communique.store.Store.ingest`). What was done with each link is kept
in the table ``watch_seen`` of the same DuckDB file (see ``docs/store-schema.md``),
so a restarted watcher fetches nothing it has already handled:

- ``stored``: extracted and stored;
- ``duplicate``: its text was already in the store (same id), not stored again;
- ``rejected``: will not be fetched again: HTTP 4xx, larger than the size
  limit, not an HTML page, no main text, or not an http(s) URL;
- ``failed``: a transient failure (HTTP 5xx, 408, 429, timeout, connection
  error) that outlasted the retries; it is tried again on later polls until it
  has failed ``max_attempts`` times.

Fetching (:mod:`.fetch`) uses the standard library only: a timeout per request, a
size limit (the ``Content-Length`` is checked before reading, the body is cut one
byte past the limit), retries with exponential backoff for transient failures and a
User-Agent naming communique and its version. One line per poll is logged on
the ``communique.watch`` logger, and one warning per failed or rejected link.

Politeness towards the feeds' servers:

- **conditional GET**: the ``ETag`` and ``Last-Modified`` of each feed's last
  answer are kept in the table ``watch_feeds`` (so they survive a restart) and
  sent back as ``If-None-Match`` and ``If-Modified-Since``; an answer ``304 Not
  Modified`` means the feed has not changed, and none of its links is looked
  at. The validators are saved only once every link of the feed has been
  handled, and not while one of them is still to be tried again, so a link is
  never missed because its feed answered 304;
- **Retry-After**: a 429 or 503 answer that says when to come back (seconds
  or an HTTP date) is retried after that long (at least the backoff) if it is
  no longer than ``FetchPolicy.max_wait``; otherwise the fetch ends at once,
  and a feed is not asked again before the time the server gave (kept in
  ``watch_feeds.retry_at``), the polls in between count it as waiting.

:func:`watch` takes the fetch function, the clock and the sleep function as
arguments, so tests run without a network and without waiting.
"""

from __future__ import annotations

import logging
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Literal

import duckdb
import feedparser

from .. import api
from ..errors import InputError, SettingsError
from ..lexicon.memory import Memory
from ..model import Document, replace
from ..read import parse_date
from ..read.html import read_html_document
from ..read.warc import HTML_TYPES, decode_body
from ..settings import Settings
from ..store import Store
from .fetch import (  # noqa: F401 (re-exported: the fetching half of watch lives in .fetch)
    PROJECT_URL,
    USER_AGENT,
    Fetch,
    Fetched,
    FetchError,
    FetchPolicy,
    TooLargeError,
    fetch_url,
    parse_retry_after,
    retry_wait,
)

LOG = logging.getLogger("communique.watch")
Status = Literal["stored", "duplicate", "rejected", "failed"]
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.I)
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}

SEEN_TABLE = """
CREATE TABLE IF NOT EXISTS watch_seen (
    url VARCHAR PRIMARY KEY,
    feed VARCHAR,
    status VARCHAR NOT NULL,
    doc_id VARCHAR,
    attempts INTEGER NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    last_tried TIMESTAMP NOT NULL,
    reason VARCHAR
)
"""

FEEDS_TABLE = """
CREATE TABLE IF NOT EXISTS watch_feeds (
    feed VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    last_status INTEGER,
    last_fetched TIMESTAMP,
    retry_at TIMESTAMP
)
"""


def parse_duration(text: str | float) -> float:
    """Seconds in a duration such as ``30s``, ``15m``, ``1h``, ``1h30m``, ``2d`` or a bare number of seconds."""
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        value = text.strip()
        parts = list(_DURATION.finditer(value))
        if not parts or "".join(m.group(0) for m in parts).replace(" ", "") != value.replace(" ", ""):
            raise SettingsError(f"not a duration: {text!r}; write e.g. 30s, 15m, 1h or 1h30m")
        seconds = sum(float(m.group(1)) * _UNITS[m.group(2).lower()] for m in parts)
    if seconds <= 0:
        raise SettingsError(f"the interval must be longer than zero, not {text!r}")
    return seconds


# -- feeds and articles -------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its link (absolute), and the title and date the feed gives."""

    url: str
    title: str | None = None
    published: str | None = None


def feed_items(data: bytes, feed_url: str) -> tuple[FeedItem, ...]:
    """The items of an RSS or Atom feed that have a link, in feed order; raises InputError for a non-feed."""
    feed = feedparser.parse(data)
    if not feed.entries and feed.bozo:
        raise InputError(f"not a readable RSS or Atom feed: {feed.bozo_exception}", feed_url)
    items: dict[str, FeedItem] = {}
    for entry in feed.entries:
        link = str(entry.get("link") or "").strip()
        if link:
            url = urllib.parse.urldefrag(urllib.parse.urljoin(feed_url, link)).url
            items.setdefault(url, FeedItem(url, entry.get("title"), entry.get("published") or entry.get("updated")))
    return tuple(items.values())


def article_document(item: FeedItem, fetched: Fetched) -> Document:
    """The page's main text as a document; the feed's title and date fill what the page lacks.

    Raises InputError (or NoMainTextError) for a page that is not HTML or has no main text.
    """
    media = (fetched.content_type or "").split(";", 1)[0].strip().lower()
    if media and media not in HTML_TYPES:
        raise InputError(f"not an HTML page ({media})", item.url)
    document, _ = read_html_document(decode_body(fetched.body, fetched.content_type), url=fetched.url)
    if document.published is None and parse_date(item.published):
        document = replace(document, published=parse_date(item.published))
    if document.title is None and item.title:
        document = replace(document, title=item.title.strip() or None)
    return document


# -- the seen table -----------------------------------------------------------


def ensure_seen_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create ``watch_seen`` and ``watch_feeds`` in the store's database if they are not there yet."""
    con.execute(SEEN_TABLE)
    con.execute(FEEDS_TABLE)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class FeedState:
    """What the last answer of a feed said: its validators, and when the server allows the next request."""

    etag: str | None = None
    last_modified: str | None = None
    retry_at: datetime | None = None  # UTC, naive

    def headers(self) -> dict[str, str]:
        """The conditional request headers these validators allow."""
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}

    def waiting(self, now: datetime) -> bool:
        return self.retry_at is not None and self.retry_at > now


def feed_state(con: duckdb.DuckDBPyConnection, feed: str) -> FeedState:
    """The kept state of a feed (empty for a feed never fetched)."""
    row = con.execute("SELECT etag, last_modified, retry_at FROM watch_feeds WHERE feed = ?", [feed]).fetchone()
    return FeedState() if row is None else FeedState(row[0], row[1], row[2])


def save_feed(con: duckdb.DuckDBPyConnection, feed: str, state: FeedState, *, status: int | None,
              fetched: bool) -> None:
    """Keep a feed's state after an answer with HTTP ``status`` (``fetched``: a 200 or a 304 came back)."""
    now = _utcnow()
    con.execute(
        "INSERT INTO watch_feeds VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET "
        "etag = excluded.etag, last_modified = excluded.last_modified, last_status = excluded.last_status, "
        "last_fetched = coalesce(excluded.last_fetched, watch_feeds.last_fetched), retry_at = excluded.retry_at",
        [feed, state.etag, state.last_modified, status, now if fetched else None, state.retry_at],
    )


def seen(con: duckdb.DuckDBPyConnection, url: str) -> tuple[str, int] | None:
    """The (status, attempts) of a link handled before, or None."""
    row = con.execute("SELECT status, attempts FROM watch_seen WHERE url = ?", [url]).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def mark(con: duckdb.DuckDBPyConnection, url: str, feed: str, status: Status, *, doc_id: str | None = None,
         reason: str | None = None) -> None:
    """Record what was done with a link (one more attempt)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute(
        "INSERT INTO watch_seen VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
        "feed = excluded.feed, status = excluded.status, doc_id = excluded.doc_id, "
        "attempts = watch_seen.attempts + 1, last_tried = excluded.last_tried, reason = excluded.reason",
        [url, feed, status, doc_id, now, now, reason],
    )


# -- polling ------------------------------------------------------------------


@dataclass(frozen=True)
class PollReport:
    """What one poll did. ``skipped`` links were handled before; ``problems`` says what failed and why."""

    number: int = 1
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    rejected: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0  # answered 304 Not Modified
    feeds_waiting: int = 0  # not asked: the server's Retry-After has not passed yet
    problems: tuple[str, ...] = ()

    def line(self) -> str:
        return (f"poll {self.number}: {self.new} new, {self.duplicates} duplicate, {self.skipped} skipped, "
                f"{self.failed} failed, {self.rejected} rejected, {self.feeds_failed} feeds failed, "
                f"{self.feeds_unchanged} feeds unchanged, {self.feeds_waiting} feeds waiting")


@dataclass(frozen=True)
class WatchReport:
    """Totals over every poll of a watch, and the last poll."""

    polls: int = 0
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    rejected: int = 0
    feeds_failed: int = 0
    feeds_unchanged: int = 0
    feeds_waiting: int = 0
    last: PollReport | None = field(default=None, compare=False)

    def add(self, poll: PollReport) -> WatchReport:
        return WatchReport(
            self.polls + 1, self.new + poll.new, self.duplicates + poll.duplicates, self.skipped + poll.skipped,
            self.failed + poll.failed, self.rejected + poll.rejected, self.feeds_failed + poll.feeds_failed,
            self.feeds_unchanged + poll.feeds_unchanged, self.feeds_waiting + poll.feeds_waiting, poll,
        )


@dataclass
class _Poll:
    """The running counts of one poll (local to :func:`poll`)."""

    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def problem(self, what: str, err: InputError) -> None:
        self.count(what)
        self.problems.append(str(err))
        LOG.warning("%s: %s", "feed failed" if what == "feeds_failed" else what, err)


def _handle(item: FeedItem, feed: str, store: Store, fetch: Fetch, settings: Settings,
            memory: Memory, state: _Poll) -> Memory:
    """Fetch, extract and store one new link, and mark it; returns the memory with its people learned."""
    con = store.con
    try:
        document = article_document(item, fetch(item.url))
    except FetchError as err:
        status: Status = "failed" if err.transient else "rejected"
        mark(con, item.url, feed, status, reason=err.reason)
        state.problem(status, err)
        return memory
    except InputError as err:
        mark(con, item.url, feed, "rejected", reason=err.reason)
        state.problem("rejected", err)
        return memory
    if store.has_document(document.id):
        mark(con, item.url, feed, "duplicate", doc_id=document.id)
        state.count("duplicates")
        return memory
    try:
        record = api.extract_document(document, settings, memory=memory)
    except InputError as err:  # a page over max_document_chars: reported, and the watch goes on
        mark(con, item.url, feed, "rejected", doc_id=document.id, reason=err.reason)
        state.problem("rejected", err)
        return memory
    summary = store.ingest([record])
    if summary.failures:
        reason = "; ".join(why for _, why in summary.failures)
        mark(con, item.url, feed, "failed", doc_id=document.id, reason=reason)
        state.problem("failed", InputError(f"not stored: {reason}", item.url))
        return memory
    mark(con, item.url, feed, "stored", doc_id=document.id)
    state.count("new")
    return memory.learn(record)


def _to_fetch(before: tuple[str, int] | None, max_attempts: int) -> bool:
    """Is a link to be fetched, given its ``seen`` (status, attempts)? New ones and failed ones with tries left."""
    return before is None or (before[0] == "failed" and before[1] < max_attempts)


def poll(feeds: Sequence[str], store: Store, *, fetch: Fetch, settings: Settings | None = None,
         max_attempts: int = 3, number: int = 1) -> PollReport:
    """Fetch every feed once and handle each link not handled before (or failed fewer than ``max_attempts`` times).

    A feed or a link that fails is logged and counted; the poll goes on with the rest.
    """
    s = settings or Settings.load()
    con = store.con
    ensure_seen_table(con)
    state = _Poll()
    memory = store.memory()
    done: set[str] = set()
    for feed in feeds:
        kept = feed_state(con, feed)
        if kept.waiting(_utcnow()):
            LOG.info("feed waiting until %s UTC (Retry-After): %s", kept.retry_at, feed)
            state.count("feeds_waiting")
            continue
        try:
            fetched = fetch(feed, headers=kept.headers())
            if fetched.not_modified:
                save_feed(con, feed, FeedState(fetched.etag or kept.etag, fetched.last_modified or kept.last_modified),
                          status=304, fetched=True)
                state.count("feeds_unchanged")
                continue
            items = feed_items(fetched.body, feed)
        except FetchError as err:
            if err.retry_after is not None:
                save_feed(con, feed, FeedState(kept.etag, kept.last_modified,
                                               _utcnow() + timedelta(seconds=err.retry_after)),
                          status=err.status, fetched=False)
            state.problem("feeds_failed", err)
            continue
        except InputError as err:
            state.problem("feeds_failed", err)
            continue
        for item in items:
            if item.url in done:
                continue
            done.add(item.url)
            if not _to_fetch(seen(con, item.url), max_attempts):
                state.count("skipped")
                continue
            memory = _handle(item, feed, store, fetch, s, memory, state)
        # Validators only once no link of the feed waits for another try: a 304 must not hide one.
        pending = any(_to_fetch(seen(con, item.url), max_attempts) for item in items)
        validators = FeedState() if pending else FeedState(fetched.etag, fetched.last_modified)
        save_feed(con, feed, validators, status=fetched.status, fetched=True)
    report = PollReport(number=number, problems=tuple(state.problems),
                        **{k: v for k, v in state.counts.items()})
    LOG.info("%s", report.line())
    return report


def watch(
    feeds: Iterable[str], store: Store, *, every: float | str = 900.0, once: bool = False,
    fetch: Fetch | None = None, policy: FetchPolicy | None = None, settings: Settings | None = None,
    max_attempts: int = 3, max_polls: int | None = None,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
) -> WatchReport:
    """Poll ``feeds`` every ``every`` seconds (or a duration such as ``"15m"``) and store each new article.

    ``once`` polls once and returns (for cron and tests); otherwise the loop
    runs until ``max_polls`` polls are done, or forever. The wait between polls
    counts from the start of the previous one. ``fetch`` (URL and optional
    ``headers=`` -> :class:`Fetched`, raising :class:`FetchError`; see :class:`Fetch`)
    defaults to :func:`fetch_url` with ``policy``, whose retries wait with ``sleep`` too.
    """
    urls = [f.strip() for f in feeds if f.strip()]
    if not urls:
        raise SettingsError("no feed URL to watch")
    interval = parse_duration(every)
    fetcher = fetch or partial(fetch_url, policy=policy or FetchPolicy(), sleep=sleep)
    s = settings or Settings.load()
    report = WatchReport()
    while True:
        started = clock()
        report = report.add(poll(urls, store, fetch=fetcher, settings=s, max_attempts=max_attempts,
                                 number=report.polls + 1))
        if once or (max_polls is not None and report.polls >= max_polls):
            return report
        sleep(max(0.0, interval - (clock() - started)))

