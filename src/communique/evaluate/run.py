"""Run an extractor over a folder of gold-annotated articles and report scores.

>>> from communique.model import Document, Record
>>> report = evaluate_dir("/nonexistent", lambda text, published: Record(Document("x", text)))
Traceback (most recent call last):
communique.errors.GoldError: /nonexistent: not a folder
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..model import Record
from .confusion import Confusion, root_confusion
from .gold import load_gold
from .metrics import Accuracy, LayerScore
from .score import DocumentScore, Scores, score_record

Extract = Callable[[str, str | None], Record]


@dataclass(frozen=True, slots=True)
class Report:
    """Per-document scores and their micro-averaged total (counts summed first)."""

    documents: tuple[DocumentScore, ...] = ()
    confusion: Confusion = field(default_factory=Confusion)  # events by CAMEO root, all documents

    @property
    def total(self) -> Scores:
        return reduce(lambda a, b: a + b, (d.scores for d in self.documents), Scores())

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total.to_dict(),
                "documents": [d.to_dict() for d in self.documents],
                "confusion": self.confusion.to_dict()}

    def format_table(self, per_document: bool = False) -> str:
        """A plain-text table: one row per layer with P, R, F1 (or accuracy) and n.

        ``n`` is the number of gold items for P/R/F1 layers and the number of
        judged items for accuracies; ``-`` marks an undefined figure.
        """
        blocks = [_table(f"total ({len(self.documents)} documents)", self.total)]
        if per_document:
            blocks += [_table(d.name, d.scores) for d in self.documents]
        return "\n\n".join(blocks)

    def format_detail(self) -> str:
        """The missed and spurious event tuples of every document, level by level, then the confusion by root."""
        lines: list[str] = []
        for doc in self.documents:
            lines.append(f"== {doc.name}")
            for detail in doc.detail:
                for label, refs in (("missed", detail.missed), ("spurious", detail.spurious)):
                    for r in refs:
                        lines.append(f"  {detail.level:<6} {label:<8} {r.source or '-'} -> "
                                     f"{r.target or '-'} {r.code}  ({', '.join(r.events)})")
        lines += ["", self.confusion.format("events by CAMEO root (gold rows, our columns)")]
        return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(title: str, scores: Scores) -> str:
    header = f"{'layer':<14}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}{'n':>6}{'tp':>6}{'fp':>6}{'fn':>6}"
    lines = [title, header, "-" * len(header)]
    for label, score in scores.rows():
        if isinstance(score, LayerScore):
            lines.append(f"{label:<14}{_figure(score.precision):>7}{_figure(score.recall):>7}"
                         f"{_figure(score.f1):>7}{'':>7}{score.tp + score.fn:>6}"
                         f"{score.tp:>6}{score.fp:>6}{score.fn:>6}")
        elif isinstance(score, Accuracy):
            lines.append(f"{label:<14}{'':>7}{'':>7}{'':>7}{_figure(score.value):>7}{score.n:>6}")
    return "\n".join(lines)


def gold_pairs(gold_dir: str | Path) -> list[tuple[Path, Path]]:
    """``(NAME.txt, NAME.gold.yaml)`` pairs in a folder, sorted, not recursive."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError("not a folder", str(gold_dir))
    pairs = []
    for text in sorted(folder.glob("*.txt")):
        gold = text.with_name(text.name[: -len(".txt")] + ".gold.yaml")
        if gold.is_file():
            pairs.append((text, gold))
    return pairs


def evaluate_dir(gold_dir: str | Path, extract: Extract) -> Report:
    """Extract every ``NAME.txt`` that has a ``NAME.gold.yaml`` beside it and score it.

    ``extract(text, published)`` receives the article text and the gold's
    ``document.published`` date. All gold files are checked before the first
    extraction, so a malformed one fails fast with :class:`GoldError`.
    """
    loaded = [(text, load_gold(gold)) for text, gold in gold_pairs(gold_dir)]
    documents, confusion = [], Confusion()
    for text_path, gold in loaded:
        record = extract(text_path.read_text(encoding="utf-8"), gold.document.published)
        documents.append(score_record(record, gold, name=text_path.stem))
        confusion += root_confusion(record, gold)
    return Report(tuple(documents), confusion)


__all__ = ["Extract", "Report", "evaluate_dir", "gold_pairs"]
