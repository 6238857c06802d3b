"""Date expressions in running text, resolved against the publication date.

:func:`find_dates` finds explicit dates ("3 March 2022", "March 3", "June 19th",
"2022-06-19", "19/06/2022"), weekdays ("on Sunday", "next Tuesday"), relative
days ("yesterday", "today", "three days ago"), weeks ("last week", the Monday
that opens it) and vague periods ("earlier this month", "in recent months",
"in 2021"). Each becomes a
:class:`DateMention` whose ``date`` is an ISO ``YYYY-MM-DD`` day, or ``None``
when the expression names no single day or cannot be resolved.

Conventions (news usage):

* A bare weekday refers to the past seven days, the publication day included
  ("said on Monday" in a Monday article is that Monday), unless a future verb
  ("will", "is due to", "plans to", …) comes before it in the same clause; then
  it is the next such weekday (again the publication day included). "last X" is
  strictly before the publication day, "next X" strictly after.
* A day and month without a year take the publication year, or the year before
  when that would put the day more than 60 days after publication.
* Without a publication date, only expressions that carry their own year
  resolve; "Sunday", "yesterday" and "3 March" give ``None``.
* "last week", "this week" and "next week" resolve to the Monday that opens
  that week (a week is short enough that news readers date an event by it);
  longer periods ("last month", "in 2021", "June 2022") are kept as mentions
  with ``date=None``.
* A mention includes a preposition that opens it ("on Sunday", "in 2021").
* Impossible days ("31 February 2022") keep their mention and resolve to None.
* "19/06/2022" is read day-first when the first number is above 12, month-first
  when the second is, and is left unresolved when both are 12 or less.

The vocabulary (month and weekday names, relative and vague phrases) is in
``pipeline/data/dates.tsv``.

>>> [m.date for m in find_dates("Talks were held on Sunday.", "2022-06-22")]
['2022-06-19']
>>> resolve_date("3 March 2022", None)
'2022-03-03'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources as importlib_resources

from ..errors import LexiconError

_FILE = "data/dates.tsv"
_ROLES = ("month", "weekday", "relative", "week", "vague", "number", "preposition")
_YEAR_WINDOW = timedelta(days=60)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|going to|plans? to|intends? to|is to|are to|to be held"
    r"|(?:is|are|was|were)\s+(?:due|set|expected|scheduled|slated|planned)\s+to|scheduled\s+for)\b"
    r"|'ll\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text; ``date`` is ISO ``YYYY-MM-DD`` or None."""

    start: int
    end: int
    text: str
    date: str | None


@dataclass(frozen=True)
class _Vocabulary:
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    relative: Mapping[str, int]
    numbers: Mapping[str, int]
    pattern: re.Pattern[str]
    weeks: Mapping[str, int]


def _alternation(words: list[tuple[str, bool]]) -> str:
    """A regex alternation, longest first; ``cased`` words match only as written."""
    parts = []
    for word, cased in sorted(words, key=lambda w: -len(w[0])):
        body = r"\s+".join(re.escape(w) for w in word.split())
        parts.append(f"(?-i:{body})" if cased else body)
    return "(?:" + "|".join(parts) + r")\b"


def _rows(text: str) -> list[tuple[int, str, str, str, bool]]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 3 or not all(cells[:3]):
            raise LexiconError("expected phrase, role and value separated by tabs", _FILE, number)
        if cells[1] not in _ROLES:
            raise LexiconError(f"unknown role {cells[1]!r}; expected one of {_ROLES}", _FILE, number)
        if cells[1] not in ("vague", "preposition") and not re.fullmatch(r"-?[0-9]+", cells[2]):
            raise LexiconError(f"value {cells[2]!r} is not a whole number", _FILE, number)
        cased = len(cells) > 3 and cells[3] == "cased"
        rows.append((number, cells[0], cells[1], cells[2], cased))
    return rows


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    text = importlib_resources.files("communique.pipeline").joinpath(_FILE).read_text("utf-8")
    by_role: dict[str, list[tuple[str, bool]]] = {role: [] for role in _ROLES}
    values: dict[str, dict[str, int]] = {role: {} for role in _ROLES}
    for _, phrase, role, value, cased in _rows(text):
        by_role[role].append((phrase, cased))
        if role not in ("vague", "preposition"):
            values[role][" ".join(phrase.lower().split())] = int(value)
    month = _alternation(by_role["month"])
    month_dot = rf"{month}(?:\.(?=\s*[0-9]))?"
    weekday = _alternation(by_role["weekday"])
    small = _alternation(by_role["number"])
    alternatives = [
        r"(?<![0-9-])(?P<iso_y>[0-9]{4})-(?P<iso_m>[0-9]{1,2})-(?P<iso_d>[0-9]{1,2})(?![0-9-])",
        rf"(?:the\s+)?(?<![0-9])(?P<dm_d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{month_dot})"
        r"(?:,?\s+(?P<dm_y>[0-9]{4})(?![0-9]))?",
        rf"(?P<md_m>{month_dot})\s+(?P<md_d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?![0-9:])\b"
        r"(?:,?\s+(?P<md_y>[0-9]{4})(?![0-9]))?",
        rf"(?P<my_m>{month_dot}),?\s+(?P<my_y>[0-9]{{4}})(?![0-9])",
        r"(?<![0-9/.])(?P<n_a>[0-9]{1,2})/(?P<n_b>[0-9]{1,2})/(?P<n_y>[0-9]{4})(?![0-9/])",
        rf"(?P<ago_n>[0-9]{{1,3}}|{small})\s+(?P<ago_u>days?|weeks?|months?|years?)\s+ago\b",
        rf"(?P<rel>{_alternation(by_role['relative'])})",
        rf"(?P<week>{_alternation(by_role['week'])})",
        rf"(?P<vague>{_alternation(by_role['vague'])})",
        rf"(?:(?P<wd_mod>last|next|this|coming|past)\s+)?(?P<wd>{weekday})"
        r"(?:\s+(?:morning|afternoon|evening|night))?",
        r"(?:(?P<yr_mod>early|late|mid-?)\s*|(?<![0-9,.$€£-]))(?P<yr>[0-9]{4})(?![0-9]|[-/][0-9]|,[0-9])",
    ]
    prepositions = _alternation(by_role["preposition"])
    pattern = re.compile(
        rf"(?<!\w)(?:(?P<prep>{prepositions})\s+)?(?:" + "|".join(alternatives) + ")",
        re.IGNORECASE,
    )
    return _Vocabulary(values["month"], values["weekday"], values["relative"], values["number"], pattern,
                       values["week"])


def _published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(vocabulary: _Vocabulary, name: str) -> int:
    return vocabulary.months.get(name.lower().rstrip("."), 0)


def _without_year(month: int, day: int, published: date | None) -> date | None:
    if published is None or _day(2000, month, day) is None:  # 2000 is a leap year
        return None
    for year in (published.year, published.year - 1):
        found = _day(year, month, day)
        if found is not None and found <= published + _YEAR_WINDOW:
            return found
    return None


def _weekday(weekday: int, modifier: str, published: date | None, future: bool) -> date | None:
    if published is None:
        return None
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if modifier in ("last", "past"):
        return published - timedelta(days=back or 7)
    if modifier in ("next", "coming"):
        return published + timedelta(days=ahead or 7)
    return published + timedelta(days=ahead) if future else published - timedelta(days=back)


def _ago(vocabulary: _Vocabulary, count: str, unit: str, published: date | None) -> date | None:
    n = int(count) if count.isdigit() else vocabulary.numbers.get(count.lower(), 0)
    days = {"day": 1, "week": 7}.get(unit.lower().rstrip("s"))
    if published is None or days is None or not n:
        return None
    try:
        return published - timedelta(days=n * days)
    except OverflowError:
        return None


def _resolve(vocabulary: _Vocabulary, m: re.Match[str], published: date | None, future: bool) -> date | None:
    g = m.group
    if g("iso_y"):
        return _day(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
    if g("dm_d") or g("md_d"):
        month = _month(vocabulary, g("dm_m") or g("md_m"))
        day, year = int(g("dm_d") or g("md_d")), g("dm_y") or g("md_y")
        return _day(int(year), month, day) if year else _without_year(month, day, published)
    if g("n_a"):
        a, b, year = int(g("n_a")), int(g("n_b")), int(g("n_y"))
        if a > 12 >= b:
            return _day(year, b, a)
        if b > 12 >= a:
            return _day(year, a, b)
        return _day(year, a, b) if a == b else None
    if g("ago_n"):
        return _ago(vocabulary, g("ago_n"), g("ago_u"), published)
    if g("rel"):
        offset = vocabulary.relative.get(" ".join(g("rel").lower().split()))
        return None if published is None or offset is None else published + timedelta(days=offset)
    if g("week"):  # "last week": the Monday that opens that week
        offset = vocabulary.weeks.get(" ".join(g("week").lower().split()))
        if published is None or offset is None:
            return None
        return published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
    if g("wd"):
        weekday = vocabulary.weekdays.get(g("wd").lower(), 0)
        return _weekday(weekday, (g("wd_mod") or "").lower(), published, future)
    return None  # month and year, a year, a vague period


def _is_future(text: str, start: int) -> bool:
    """Whether a future verb comes before ``start`` in the same clause."""
    window = text[max(0, start - 120):start]
    clause = re.split(r"[.;!?]", window)[-1]
    return bool(_FUTURE.search(clause))


def _scan(text: str, published: str | None, future: bool | None) -> tuple[DateMention, ...]:
    vocabulary = _vocabulary()
    day = _published(published)
    found = []
    for m in vocabulary.pattern.finditer(text):
        if m.group("yr") and not (m.group("prep") or m.group("yr_mod")):
            continue  # a bare four-digit number is not taken for a year here
        is_future = _is_future(text, m.start()) if future is None else future
        resolved = _resolve(vocabulary, m, day, is_future)
        found.append(DateMention(m.start(), m.end(), m.group(0), resolved.isoformat() if resolved else None))
    return tuple(found)


def find_dates(text: str, published: str | None) -> tuple[DateMention, ...]:
    """Every date expression in ``text``, in order, resolved against ``published``.

    >>> [(m.text, m.date) for m in find_dates("He arrived yesterday and leaves next Tuesday.", "2022-06-22")]
    [('yesterday', '2022-06-21'), ('next Tuesday', '2022-06-28')]
    """
    if not text:
        return ()
    return _scan(text, published, None)


def resolve_date(expression: str, published: str | None, future: bool = False) -> str | None:
    """The ISO day that one date expression names, or None when vague or unresolvable.

    ``future`` picks the next such weekday for a bare weekday ("Monday").

    >>> resolve_date("Monday", "2022-06-22")
    '2022-06-20'
    >>> resolve_date("Monday", "2022-06-22", future=True)
    '2022-06-27'
    >>> resolve_date("last month", "2022-06-22") is None
    True
    """
    if not expression or not expression.strip():
        return None
    mentions = _scan(expression, published, future)
    return mentions[0].date if mentions else None


__all__ = ["DateMention", "find_dates", "resolve_date"]
