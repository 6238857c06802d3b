"""Fetching one URL politely, with the standard library only: the fetch half of ``communique watch``.

A timeout per request; a size limit (the ``Content-Length`` is checked before
reading, the body is cut one byte past the limit); retries with exponential
backoff for transient failures (HTTP 5xx, 408, 425, 429, timeouts, connection
errors); a ``Retry-After`` on 429 or 503 honoured up to ``FetchPolicy.max_wait``
(a longer one ends the fetch, and says so in the error); extra request headers
(the conditional ``If-None-Match`` / ``If-Modified-Since``), a ``304`` answer
returned as such with the validators; and a User-Agent naming communique and
its version.

>>> parse_retry_after("120"), parse_retry_after("soon")
(120.0, None)
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Protocol

from .. import __version__
from ..errors import InputError

PROJECT_URL = "https://pypi.org/project/communique/"
USER_AGENT = f"communique/{__version__} (+{PROJECT_URL})"
_TRANSIENT_HTTP = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How one URL is fetched: seconds per request, the largest body read, retries and their backoff."""

    timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 3
    backoff: float = 1.0  # seconds before the first retry; doubled before each further one
    user_agent: str = USER_AGENT
    max_wait: float = 60.0  # the longest Retry-After waited for; a longer one ends the fetch (tried on a later poll)


@dataclass(frozen=True)
class Fetched:
    """A fetched body: the final URL (after redirects), the bytes and the Content-Type header; the HTTP
    status (304: not modified since the validators sent, empty body) and the validators to send next time."""

    url: str
    body: bytes
    content_type: str | None = None
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(InputError):
    """A URL that could not be fetched; ``transient`` failures are worth trying again later."""

    def __init__(self, message: str, url: str, *, status: int | None = None, transient: bool = False,
                 attempts: int = 1, retry_after: float | None = None) -> None:
        super().__init__(message, url)
        self.url = url
        self.status = status
        self.transient = transient
        self.attempts = attempts
        self.retry_after = retry_after  # seconds the server asked to wait (Retry-After on 429 or 503)


class TooLargeError(FetchError):
    """A body larger than the policy's ``max_bytes``; never retried."""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay in seconds, or an HTTP date); None if absent
    or unreadable.

    >>> parse_retry_after("120"), parse_retry_after("soon")
    (120.0, None)
    >>> parse_retry_after("Wed, 06 Mar 2024 09:01:00 GMT", datetime(2024, 3, 6, 9, 0, tzinfo=UTC))
    60.0
    """
    text = (value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _validators(headers: Message) -> dict[str, str | None]:
    return {"etag": headers.get("ETag"), "last_modified": headers.get("Last-Modified")}


def _fetch_once(url: str, policy: FetchPolicy, headers: Mapping[str, str] | None = None) -> Fetched:
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise FetchError("only http and https URLs are fetched", url)
    request = urllib.request.Request(url, headers={
        "User-Agent": policy.user_agent, "Accept-Encoding": "identity",
        "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, */*;q=0.5",
        **(headers or {}),
    })
    too_large = f"larger than the limit of {policy.max_bytes} bytes"
    try:
        with urllib.request.urlopen(request, timeout=policy.timeout) as response:  # noqa: S310 (scheme checked)
            length = response.headers.get("Content-Length", "")
            if length.strip().isdigit() and int(length) > policy.max_bytes:
                raise TooLargeError(f"{too_large} (Content-Length {int(length)})", url)
            body = response.read(policy.max_bytes + 1)
            if len(body) > policy.max_bytes:
                raise TooLargeError(too_large, url)
            return Fetched(response.geturl() or url, body, response.headers.get("Content-Type"),
                           status=response.status, **_validators(response.headers))
    except urllib.error.HTTPError as err:
        err.close()
        if err.code == 304:
            return Fetched(url, b"", None, status=304, **_validators(err.headers))
        wait = parse_retry_after(err.headers.get("Retry-After")) if err.code in (429, 503) else None
        raise FetchError(f"HTTP {err.code} {err.reason}", url, status=err.code,
                         transient=err.code in _TRANSIENT_HTTP, retry_after=wait) from err
    except urllib.error.URLError as err:
        timed_out = isinstance(err.reason, TimeoutError)
        why = f"timed out after {policy.timeout:g} s" if timed_out else f"cannot connect: {err.reason}"
        raise FetchError(why, url, transient=True) from err
    except TimeoutError as err:
        raise FetchError(f"timed out after {policy.timeout:g} s", url, transient=True) from err
    except (http.client.HTTPException, OSError) as err:
        raise FetchError(f"connection failed: {type(err).__name__}: {err}", url, transient=True) from err
    except ValueError as err:
        raise FetchError(f"not a fetchable URL: {err}", url) from err


def retry_wait(err: FetchError, attempt: int, policy: FetchPolicy) -> float | None:
    """Seconds to wait before trying again after ``err`` on try ``attempt`` (from 0); None: do not retry now.

    The backoff doubles from ``policy.backoff``; a Retry-After the server sent is
    honoured (the longer of the two) unless it is longer than ``policy.max_wait``.
    """
    if not err.transient or attempt >= policy.retries:
        return None
    backoff = policy.backoff * 2 ** attempt
    if err.retry_after is None:
        return backoff
    return None if err.retry_after > policy.max_wait else max(backoff, err.retry_after)


def fetch_url(url: str, policy: FetchPolicy | None = None, *, sleep: Callable[[float], None] = time.sleep,
              headers: Mapping[str, str] | None = None) -> Fetched:
    """Fetch one URL, retrying transient failures ``policy.retries`` times (see :func:`retry_wait`).

    ``headers`` are added to the request (e.g. ``If-None-Match``); a ``304``
    answer comes back as a :class:`Fetched` with ``status`` 304. Raises
    :class:`FetchError` (``transient`` says whether a later try may succeed,
    ``retry_after`` when the server said when) or :class:`TooLargeError`.
    """
    policy = policy or FetchPolicy()
    for attempt in range(policy.retries + 1):
        try:
            return _fetch_once(url, policy, headers)
        except FetchError as err:
            wait = retry_wait(err, attempt, policy)
            if wait is not None:
                sleep(wait)
                continue
            notes = []
            if err.retry_after is not None and err.retry_after > policy.max_wait:
                notes.append(f"the server asks to wait {err.retry_after:g} s, longer than the limit of "
                             f"{policy.max_wait:g} s")
            if attempt > 0:
                notes.append(f"after {attempt + 1} attempts")
            if not notes:
                raise
            raise type(err)(f"{err.reason} ({'; '.join(notes)})", url, status=err.status, transient=err.transient,
                            attempts=attempt + 1, retry_after=err.retry_after) from err
    raise AssertionError("unreachable")  # pragma: no cover


class Fetch(Protocol):
    """Fetch a URL, with extra request headers (the conditional ones for a feed); raises FetchError."""

    def __call__(self, url: str, headers: Mapping[str, str] | None = None) -> Fetched: ...
