"""Confusion counts of (gold label, predicted label) pairs, and the pairing of events by root.

A :class:`Confusion` is a bag of pairs: ``(gold, predicted)`` where ``None``
on the gold side is a spurious prediction and ``None`` on the predicted side a
miss. It prints as a compact matrix (gold rows, predicted columns, ``none``
last) followed by per-class precision, recall and F1, weakest class first.

:func:`root_confusion` fills one from a record and its gold file, pairing
required gold events with predicted events one-to-one in two rounds:

1. as ``events.py`` pairs them: same direction (source and target countries)
   and an acceptable root, the trigger nearest the gold ``sentence`` fragment
   first; these are the diagonal cells (one per gold event, where
   ``events-root`` counts collapsed tuples);
2. what is left: same direction and the predicted event lies in the sentence
   that holds the gold fragment, whatever its root; these are the
   off-diagonal cells (a gold event without a fragment found in the text
   cannot pair here).

An unpaired required gold event is ``(root, None)``; an unpaired prediction is
``(None, root)`` unless some gold event (optional ones included) accepts it by
direction and root, so repeats and optional events count neither way, as in
the tuple scores.

>>> c = Confusion.of([("04", "04"), ("04", "01"), ("18", None), (None, "11")])
>>> c.count("04", "01"), c.accuracy.value
(1, 0.3333333333333333)
>>> [label for label, _ in c.per_class()]
['18', '01', '11', '04']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Event, Record
from .events import _anchor, _countries, _distance, _pairs
from .gold import Gold, GoldEvent
from .metrics import Accuracy, LayerScore, max_matching, overlaps

Label = str | None
NONE = "none"
CORNER = "gold/ours"


def _order(cell: tuple[Label, Label]) -> tuple[bool, str, bool, str]:
    gold, predicted = cell
    return (gold is None, gold or "", predicted is None, predicted or "")


@dataclass(frozen=True, slots=True)
class Confusion:
    """How often each (gold, predicted) label pair occurred; ``None`` marks no label."""

    cells: tuple[tuple[Label, Label, int], ...] = ()

    @classmethod
    def of(cls, pairs: Iterable[tuple[Label, Label]]) -> Confusion:
        counts = Counter(pairs)
        counts.pop((None, None), None)
        return cls(tuple((g, p, n) for (g, p), n in sorted(counts.items(), key=lambda kv: _order(kv[0]))))

    def pairs(self) -> Counter[tuple[Label, Label]]:
        return Counter({(g, p): n for g, p, n in self.cells})

    def __add__(self, other: Confusion) -> Confusion:
        return Confusion.of((self.pairs() + other.pairs()).elements())

    def count(self, gold: Label, predicted: Label) -> int:
        return sum(n for g, p, n in self.cells if (g, p) == (gold, predicted))

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label seen on either side, sorted."""
        return tuple(sorted({x for g, p, _ in self.cells for x in (g, p) if x is not None}))

    @property
    def accuracy(self) -> Accuracy:
        """Correct predictions over gold items (a miss counts wrong; spurious items are left out)."""
        return Accuracy(sum(n for g, p, n in self.cells if g is not None and g == p),
                        sum(n for g, _, n in self.cells if g is not None))

    def score(self, label: str) -> LayerScore:
        """One class against the rest: tp on the diagonal, fp in its column, fn in its row."""
        tp = self.count(label, label)
        fp = sum(n for g, p, n in self.cells if p == label and g != label)
        fn = sum(n for g, p, n in self.cells if g == label and p != label)
        return LayerScore(tp, fp, fn)

    def per_class(self) -> list[tuple[str, LayerScore]]:
        """Every label's score, weakest F1 first; among equals the more frequent gold class first."""
        scores = [(label, self.score(label)) for label in self.labels]
        return sorted(scores, key=lambda ls: (ls[1].f1 or 0.0, -(ls[1].tp + ls[1].fn), ls[0]))

    def top_confusions(self, n: int = 10) -> list[tuple[Label, Label, int]]:
        """The most frequent off-diagonal cells (misses and spurious ones included)."""
        wrong = [c for c in self.cells if c[0] != c[1]]
        return sorted(wrong, key=lambda c: (-c[2], _order((c[0], c[1]))))[:n]

    def to_dict(self) -> dict[str, Any]:
        return {"cells": [{"gold": g, "predicted": p, "n": n} for g, p, n in self.cells],
                "accuracy": self.accuracy.to_dict(),
                "classes": {label: s.to_dict() for label, s in self.per_class()}}

    def format(self, title: str) -> str:
        """The matrix (gold rows, predicted columns, '.' for 0) and per-class P/R/F1 rows."""
        labels = self.labels
        rows: list[Label] = [*labels, None]
        width = max([len(NONE), *(len(x) for x in labels)]) + 2
        counts = self.pairs()
        header = f"{CORNER:<12}" + "".join(f"{x or NONE:>{width}}" for x in rows) + f"{'n':>{width}}"
        lines = [title, header, "-" * len(header)]
        for g in rows:
            row = [counts.get((g, p), 0) for p in rows]
            if not any(row):
                continue
            lines.append(f"{g or NONE:<12}" + "".join(f"{n or '.':>{width}}" for n in row)
                         + f"{sum(row):>{width}}")
        acc = self.accuracy
        lines.append(f"accuracy {_figure(acc.value)} ({acc.correct}/{acc.n})")
        lines += ["", f"{'class':<12}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}{'ours':>6}"]
        for label, s in self.per_class():
            lines.append(f"{label:<12}{_figure(s.precision):>7}{_figure(s.recall):>7}{_figure(s.f1):>7}"
                         f"{s.tp + s.fn:>6}{s.tp + s.fp:>6}")
        return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


# -- pairing gold and predicted events of one document ---------------------------------------------


def _root(event: Event) -> str | None:
    return event.cameo[:2] if event.cameo else None


def _same_direction(record: Record, gold: Gold, g: GoldEvent, e: Event) -> bool:
    gold_pairs = _pairs([gold.country(a) for a in g.source], [gold.country(a) for a in g.target], g.symmetric)
    ours = _pairs(_countries(record, e.source), _countries(record, e.target), e.symmetric)
    return not set(gold_pairs).isdisjoint(ours)


def _same_sentence(record: Record, anchor: tuple[int, int] | None, e: Event) -> bool:
    """Whether the prediction's sentence holds the gold fragment (False when it was not found)."""
    if anchor is None or not 0 <= e.sentence < len(record.sentences):
        return False
    s = record.sentences[e.sentence]
    return overlaps((s.start, s.end), anchor)


def _accepts(g: GoldEvent, e: Event) -> bool:
    return _root(e) in {c[:2] for c in g.cameo}


def root_confusion(record: Record, gold: Gold) -> Confusion:
    """Gold events against predicted events of one document, by CAMEO root (rules in the module doc)."""
    required = [g for g in gold.events if not g.optional]
    predicted = [e for e in record.events if e.cameo]
    anchors = [_anchor(record.document.text, g) for g in required]

    def nearness(i: int, j: int) -> float:
        return -_distance(predicted[j], anchors[i])

    agree = max_matching(len(required), len(predicted), lambda i, j: _accepts(required[i], predicted[j])
                         and _same_direction(record, gold, required[i], predicted[j]), nearness)
    left = [i for i in range(len(required)) if i not in agree]
    free = [j for j in range(len(predicted)) if j not in set(agree.values())]

    def near_miss(a: int, b: int) -> bool:
        g, e = required[left[a]], predicted[free[b]]
        return _same_sentence(record, anchors[left[a]], e) and _same_direction(record, gold, g, e)

    differ = max_matching(len(left), len(free), near_miss, lambda a, b: nearness(left[a], free[b]))
    matching = {**agree, **{left[a]: free[b] for a, b in differ.items()}}
    pairs: list[tuple[Label, Label]] = []
    for i, g in enumerate(required):
        j = matching.get(i)
        root = None if j is None else _root(predicted[j])
        pairs.append((root if j is not None and _accepts(g, predicted[j]) else g.cameo[0][:2], root))
    used = set(matching.values())
    for j, e in enumerate(predicted):
        if j not in used and not any(_accepts(g, e) and _same_direction(record, gold, g, e) for g in gold.events):
            pairs.append((None, _root(e)))
    return Confusion.of(pairs)


__all__ = ["Confusion", "root_confusion"]
