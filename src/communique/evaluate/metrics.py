"""Counting primitives shared by the scorers: layer scores, accuracies, matching.

>>> s = LayerScore(tp=3, fp=1, fn=2)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.75, 0.6, 0.67)
>>> (s + LayerScore(1, 0, 0)).tp
4
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class LayerScore:
    """True positives, false positives and false negatives of one layer.

    Precision, recall and F1 are ``None`` when undefined (nothing predicted,
    nothing in the gold, or neither), so an empty layer never reads as 0 or 1.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None

    def __add__(self, other: LayerScore) -> LayerScore:
        return LayerScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class Accuracy:
    """``correct`` out of ``n``; ``value`` is None when ``n`` is 0."""

    correct: int = 0
    n: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.n if self.n else None

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.n + other.n)

    @classmethod
    def of(cls, outcomes: Sequence[bool]) -> Accuracy:
        return cls(sum(1 for o in outcomes if o), len(outcomes))

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "n": self.n, "accuracy": self.value}


def max_matching(n_left: int, n_right: int, compatible: Callable[[int, int], bool],
                 weight: Callable[[int, int], float] | None = None) -> dict[int, int]:
    """A maximum one-to-one matching ``{left: right}`` (Kuhn's augmenting paths).

    Each left item tries its candidates best ``weight`` first (index order
    without one), so when several pairings are possible the closer pairs win.

    >>> max_matching(2, 2, lambda i, j: (i, j) != (1, 1))
    {1: 0, 0: 1}
    """
    edges = [[j for j in range(n_right) if compatible(i, j)] for i in range(n_left)]
    if weight is not None:
        edges = [sorted(js, key=functools.partial(_negated, weight, i))
                 for i, js in enumerate(edges)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_left):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _negated(weight: Callable[[int, int], float], i: int, j: int) -> float:
    return -weight(i, j)


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``text`` as a whole word or phrase.

    Case-sensitive first; only when that finds nothing, case-insensitive. A
    match may not start or end inside a word ("Iran" is not found in "Iranian").

    >>> find_all("Iran and Iranian ministers met in iran.", "Iran")
    [(0, 4)]
    >>> find_all("Talks in IRAN.", "Iran")
    [(9, 13)]
    """
    if not needle.strip():
        return []
    pattern = (r"(?<!\w)" if needle[0].isalnum() or needle[0] == "_" else "") + re.escape(needle)
    pattern += r"(?!\w)" if needle[-1].isalnum() or needle[-1] == "_" else ""
    spans = [m.span() for m in re.finditer(pattern, text)]
    if not spans:
        spans = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character ranges share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def tokens(text: str) -> Counter[str]:
    """Lower-cased word tokens with punctuation stripped, as a multiset.

    >>> sorted(tokens("The two countries' will.").elements())
    ['countries', 'the', 'two', 'will']
    """
    return Counter(re.findall(r"[^\W_]+", text.lower()))


def token_overlap(a: str, b: str) -> float:
    """Shared tokens as a share of the shorter text's tokens (0.0 when one is empty)."""
    ta, tb = tokens(a), tokens(b)
    shorter = min(sum(ta.values()), sum(tb.values()))
    return sum((ta & tb).values()) / shorter if shorter else 0.0


def same_text(a: str | None, b: str | None) -> bool:
    """Equality after case folding and whitespace normalisation."""
    if a is None or b is None:
        return a is b
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


__all__ = ["Accuracy", "LayerScore", "find_all", "max_matching", "overlaps", "same_text",
           "token_overlap", "tokens"]
