"""Small helpers over offsets shared by the stages."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from ..model import Actor, Sentence

_PARAGRAPH = re.compile(r"\n|\s{2,}")


def sentence_at(sentences: Sequence[Sentence], char: int) -> int:
    """Index of the sentence containing (or nearest before) character offset ``char``."""
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, char) - 1)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def quote_regions(text: str) -> tuple[tuple[int, int], ...]:
    """Spans between quotation marks (marks excluded), in order.

    Curly quotes pair by direction; straight double quotes pair in turn. A
    quotation left open runs to the end of its paragraph, as news style leaves
    it open when the next paragraph continues it.
    """
    regions: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "“\"":
            closer = "”" if ch == "“" else '"'
            para = _PARAGRAPH.search(text, i + 1)
            limit = para.start() if para else n
            close = text.find(closer, i + 1, limit)
            if ch == "“":
                nested = text.find("“", i + 1, close if close >= 0 else limit)
                if nested >= 0 and close < 0:
                    limit = nested
            end = close if close >= 0 else limit
            if end > i + 1:
                regions.append((i + 1, end))
            i = end + 1
            continue
        i += 1
    return tuple(regions)


def in_regions(regions: Sequence[tuple[int, int]], char: int) -> int | None:
    """Index of the region containing ``char``, or None."""
    for k, (s, e) in enumerate(regions):
        if s <= char < e:
            return k
    return None


class ActorIndex:
    """Which actor a character offset belongs to (through the actors' mentions)."""

    def __init__(self, actors: Sequence[Actor]) -> None:
        self._by_char: dict[int, str] = {}
        self.actors = {a.id: a for a in actors}
        for actor in actors:
            for m in actor.mentions:
                for c in range(m.start, m.end):
                    self._by_char.setdefault(c, actor.id)

    def at(self, char: int) -> str | None:
        return self._by_char.get(char)

    def in_span(self, start: int, end: int) -> str | None:
        for c in range(start, end):
            found = self._by_char.get(c)
            if found:
                return found
        return None
