"""Publication dates to ISO ``YYYY-MM-DD``.

>>> parse_date("2022-06-19T10:30:00+04:30"), parse_date("Sun, 19 Jun 2022 08:00:00 GMT")
('2022-06-19', '2022-06-19')
>>> parse_date("2022-02-31") is None, parse_date("99999-01-01") is None
(True, True)

A datetime keeps the calendar date it was written in (its own offset): the
date the publisher printed, not the date in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](.*))?")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# English month-name forms, as written in bylines and feeds that ignore RFC 822.
_NAMED = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%A, %B %d, %Y",
          "%A, %d %B %Y")


def _ymd(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _iso(m: re.Match[str]) -> str | None:
    day = _ymd(m[1], m[2], m[3])
    if day is None or m[4] is None:
        return day
    # A time part must be a real time too ("2022-06-19T25:00" is not a date we trust).
    try:
        dt.datetime.fromisoformat(f"{day}T{m[4].strip()}")
    except ValueError:
        return None
    return day


def _rfc822(value: str) -> str | None:
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _named(value: str) -> str | None:
    cleaned = re.sub(r"\s+", " ", value).replace("Sept.", "Sep.").replace("Sept ", "Sep ")
    for fmt in _NAMED:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def parse_date(value: object) -> str | None:
    """The ISO date of ``value``, or None when it is not a real date. Never raises.

    Accepted: ISO dates and datetimes ("2022-06-19", "2022-06-19T10:30:00Z"),
    RFC 822 dates as used in feeds ("Sun, 19 Jun 2022 08:00:00 +0430"),
    "2022/06/19", "20220619", and English forms such as "June 19, 2022" and
    "19 June 2022". Anything else, including impossible dates (2022-02-31) and
    years outside 1..9999, gives None.
    """
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if m := _ISO.fullmatch(s):
        return _iso(m)
    if m := (_SLASHED.fullmatch(s) or _COMPACT.fullmatch(s)):
        return _ymd(m[1], m[2], m[3])
    if re.match(r"\d{5,}-", s):
        return None
    return _rfc822(s) or _named(s)
