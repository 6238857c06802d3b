"""Direction of change of a money or percent quantity: "increase", "decrease" or None.

A quantity is a change when the words around it say that it is the size of a
rise or a fall, not a level reached:

* "by X" after a word of change earlier in the same clause: "trade increased by
  more than 50 percent", "cut its budget by $2 billion", "up by 3%";
* a word of change right before X: "exports rose 12 percent", "down 3% on the year";
* a noun of change right after X (one describing word may come between):
  "a 5 percent increase", "a $2bn aid cut", "10 percent lower";
* "of X" after a noun of change: "an increase of 5 percent", "a cut of $40 million".

"to X", "at X" and "from X" are levels and never a change: "rose to $3 billion"
and "fell from 10 percent" have no direction (the quantity is what was reached
or left, not by how much). Transitive verbs whose object may be the amount
itself ("raised $2 billion", "cut 500 jobs") count only with "by". A passive
agent ("a plan to cut emissions is backed by 60 percent of voters") is no
change: the word just before "by" must not be a participle other than a word
of change.

The words are data: ``pipeline/data/changes.tsv``.

>>> change_of("Trade increased by more than 50 percent.", 19, 39)
'increase'
>>> change_of("Trade rose to $3 billion.", 14, 24) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..model import CHANGES
from .datafile import tsv_rows

FILE = "changes.tsv"
DIRECTIONS = CHANGES
POSITIONS = ("by", "before", "after", "of")
_LEVEL = re.compile(r"(?<![A-Za-z])(?:to|at|from)\s+\Z", re.IGNORECASE)
_BY = re.compile(r"(?<![A-Za-z])by\s+(?:(?:a|an)\s+(?:further|additional|extra|estimated)\s+|another\s+)?\Z",
                 re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:.!?()“”\"]")
_WINDOW = 80  # characters of the clause before "by" searched for a word of change


@dataclass(frozen=True)
class _Cues:
    direction: Mapping[str, str]  # word (lower case) -> increase | decrease
    by: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    of: re.Pattern[str]


def _alternation(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    direction: dict[str, str] = {}
    where: dict[str, set[str]] = {p: set() for p in POSITIONS}
    stops: set[str] = set()
    for number, (word, kind, positions) in ((n, c[:3]) for n, c in tsv_rows(FILE, 3)):
        word = word.lower()
        if kind == "stop":
            stops.add(word)
            continue
        places = positions.split(",")
        if kind not in DIRECTIONS or not set(places) <= set(POSITIONS):
            raise LexiconError(f"expected a direction in {DIRECTIONS} and positions from {POSITIONS}",
                               f"pipeline/data/{FILE}", number)
        direction[word] = kind
        for place in places:
            where[place].add(word)
    gap = rf"(?:(?!{_alternation(stops)}\b)[a-z]+\s+)?" if stops else r"(?:[a-z]+\s+)?"
    return _Cues(
        direction=direction,
        by=re.compile(rf"(?<![A-Za-z])(?P<w>{_alternation(where['by'])})(?![A-Za-z])", re.IGNORECASE),
        before=re.compile(rf"(?<![A-Za-z])(?P<w>{_alternation(where['before'])})\s+(?:by\s+)?\Z", re.IGNORECASE),
        after=re.compile(rf"\A(?:\s*-\s*|\s+){gap}(?P<w>{_alternation(where['after'])})(?![A-Za-z])",
                         re.IGNORECASE),
        of=re.compile(rf"(?<![A-Za-z])(?P<w>{_alternation(where['of'])})\s+of\s+\Z", re.IGNORECASE),
    )


def _by_change(cues: _Cues, before: str) -> str | None:
    """The word of change governing "by X", when ``before`` ends in "by"."""
    by = _BY.search(before)
    if by is None:
        return None
    clause = _CLAUSE.split(before[:by.start()])[-1][-_WINDOW:]
    words = re.findall(r"[A-Za-z]+", clause)
    if words and words[-1].lower() not in cues.direction and re.search(r"(?:ed|en)\Z", words[-1].lower()):
        return None  # a passive agent: "backed by 60 percent of voters"
    found = list(cues.by.finditer(clause))
    return found[-1].group("w") if found else None


def change_of(text: str, start: int, end: int) -> str | None:
    """"increase", "decrease" or None for the quantity at ``text[start:end]`` (rules in the module doc)."""
    cues = _cues()
    before = text[max(0, start - 200):start]
    if _LEVEL.search(before):
        return None
    for pattern in (cues.before, cues.of):
        m = pattern.search(before)
        if m:
            return cues.direction[m.group("w").lower()]
    word = _by_change(cues, before)
    if word is not None:
        return cues.direction[word.lower()]
    m = cues.after.match(text[end:end + 60])
    return cues.direction[m.group("w").lower()] if m else None


__all__ = ["DIRECTIONS", "change_of"]
