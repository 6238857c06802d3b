"""Score CAMEO roots against the ConfliBERT annotator-training sentences (``summary.csv``).

Each ``summary.csv`` holds one sentence per row (``sentences``; ``ids`` names
it) and, for every rater ``k``, a relevance judgement ``1_Relevant_k``
(True/False in any case; empty when the rater did not judge the row) and the
coded actions ``ActionN_CAMEO_k``. An action label reads ``"P-R Name"``
(``"3-11 Disapprove"``): ``P`` is the rater's five-way class (0 statement,
1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
conflict) and ``R`` the CAMEO root number, 1 to 20, which becomes the root
code ``"11"``. The separate ``ActionN-PentaClass_k`` columns are not read:
the label already carries its class, and a few rows disagree with it. A
rater with no relevance column at all (an annotator who dropped out) is no
rater of that file; a rater who left a row empty abstains on it.

How the votes are counted (every rule is over the raters who judged the row):

- **relevance**: relevant when more than half say True, not relevant when
  more than half say False, undecided (None) on a tie or when nobody judged.
- **majority root**: each rater votes once for every distinct root among
  their actions; the roots named by more than half of the raters are
  *accepted*. With one accepted root that is the majority root; with several
  (everyone coded both the statement and the act reported in it, say) the one
  with more votes wins, then the one more raters coded as their first action;
  a tie beyond that leaves no majority root.
- a rater's single answer is their **first root** (``Action1``, else the
  lowest-numbered action).

Scoring (:func:`evaluate_conflibert`) extracts every sentence with a decided
relevance on its own. The *evaluated* sentences are those relevant with a
majority root; our root there is the root of our most confident asserted
event, else of our most confident event, else none (which counts wrong).
``accuracy`` compares it with the majority root, ``lenient`` with any
accepted root, ``coverage`` is the share of evaluated sentences where we
coded any event, and ``relevance`` is P/R/F1 of "we coded at least one event"
against the majority relevance. Two ceilings, over the same sentences:
``pairwise`` is how often two raters' first roots are equal, and
``leave-one-out`` how often a rater's first root equals the majority root of
the other raters (where the others have one), the fairer comparison with our
single answer against a majority.

>>> from communique.model import Document, Record
>>> report = evaluate_conflibert("/nonexistent", lambda text, published: Record(Document("x", text)))
Traceback (most recent call last):
communique.errors.GoldError: /nonexistent: no such file or folder
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..model import Record
from .confusion import Confusion
from .metrics import Accuracy, LayerScore
from .run import Extract

_RELEVANT = re.compile(r"1_Relevant_(\w+)")
_ACTION = re.compile(r"Action(\d+)_CAMEO_(\w+)")
_LABEL = re.compile(r"\s*([0-4])\s*-\s*(\d{1,2})(?:\s+\S.*)?\s*", re.DOTALL)


@dataclass(frozen=True, slots=True)
class RaterLabel:
    """One rater's judgement of one sentence."""

    rater: str  # the column suffix ``k``
    relevant: bool
    roots: tuple[str, ...] = ()  # distinct CAMEO roots ("01".."20") of the rater's actions, in action order

    @property
    def first(self) -> str | None:
        return self.roots[0] if self.roots else None


@dataclass(frozen=True, slots=True)
class RatedSentence:
    """One sentence and the judgements of the raters who judged it."""

    id: str
    text: str
    where: str  # "path: row N", N counting the header as row 1
    raters: tuple[RaterLabel, ...] = ()

    @property
    def relevant(self) -> bool | None:
        return majority_relevance(self.raters)

    @property
    def accepted(self) -> tuple[str, ...]:
        return accepted_roots(self.raters)

    @property
    def root(self) -> str | None:
        return majority_root(self.raters)


def majority_relevance(labels: Sequence[RaterLabel]) -> bool | None:
    """True or False when more than half the raters say so, else None."""
    yes = sum(1 for x in labels if x.relevant)
    if 2 * yes > len(labels):
        return True
    if 2 * (len(labels) - yes) > len(labels):
        return False
    return None


def _votes(labels: Sequence[RaterLabel]) -> Counter[str]:
    return Counter(root for x in labels for root in set(x.roots))


def accepted_roots(labels: Sequence[RaterLabel]) -> tuple[str, ...]:
    """The roots named by more than half of the raters, sorted."""
    return tuple(sorted(r for r, n in _votes(labels).items() if 2 * n > len(labels)))


def majority_root(labels: Sequence[RaterLabel]) -> str | None:
    """The accepted root with most votes, then most first-action votes; None when none or still tied."""
    votes, firsts = _votes(labels), Counter(x.first for x in labels if x.first)
    ranked = sorted(((votes[r], firsts[r], r) for r in accepted_roots(labels)), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][:2] == ranked[1][:2]):
        return None
    return ranked[0][2]


# -- loading ---------------------------------------------------------------------------------------


def _root(label: str, where: str) -> str:
    match = _LABEL.fullmatch(label)
    if not match or not 1 <= int(match.group(2)) <= 20:
        raise GoldError(f"not a CAMEO action label like '3-11 Disapprove': {label!r}", where)
    return f"{int(match.group(2)):02d}"


def _rater(row: dict[str, str], rater: str, actions: list[tuple[int, str]], where: str) -> RaterLabel | None:
    judged = (row.get(f"1_Relevant_{rater}") or "").strip()
    labels = [(n, (row.get(column) or "").strip()) for n, column in actions]
    labels = [(n, label) for n, label in sorted(labels) if label]
    if not judged:
        if labels:
            raise GoldError(f"rater {rater} coded actions without a relevance judgement", where)
        return None
    if judged.lower() not in ("true", "false"):
        raise GoldError(f"1_Relevant_{rater} is neither true nor false: {judged!r}", where)
    roots = tuple(dict.fromkeys(_root(label, where) for _, label in labels))
    return RaterLabel(rater, judged.lower() == "true", roots)


def _columns(header: Sequence[str], path: str) -> dict[str, list[tuple[int, str]]]:
    """Each rater's action columns as (action number, column name)."""
    raters: dict[str, list[tuple[int, str]]] = {m.group(1): [] for h in header if (m := _RELEVANT.fullmatch(h))}
    if "sentences" not in header or not raters:
        raise GoldError("expected a 'sentences' column and 1_Relevant_k columns", path)
    for h in header:
        if (m := _ACTION.fullmatch(h)) and m.group(2) in raters:
            raters[m.group(2)].append((int(m.group(1)), h))
    return raters


def load_summary(path: str | Path) -> tuple[RatedSentence, ...]:
    """The rated sentences of one ``summary.csv``."""
    name = str(path)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            raters = _columns(reader.fieldnames or [], name)
            sentences = []
            for n, row in enumerate(reader, start=2):
                where = f"{name}: row {n}"
                if None in row or any(v is None for v in row.values()):
                    raise GoldError("the row has a different number of fields than the header", where)
                text = " ".join(row["sentences"].split())
                if not text:
                    raise GoldError("empty sentence", where)
                labels = (_rater(row, k, actions, where) for k, actions in raters.items())
                sentences.append(RatedSentence((row.get("ids") or "").strip() or where, text, where,
                                               tuple(x for x in labels if x is not None)))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GoldError(f"cannot read: {exc}", name) from None
    return tuple(sentences)


def summary_files(path: str | Path) -> list[Path]:
    """``path`` itself when it is a file, else every ``summary.csv`` below it, sorted."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise GoldError("no such file or folder", str(path))
    files = sorted(p.rglob("summary.csv"))
    if not files:
        raise GoldError("no summary.csv below this folder", str(path))
    return files


def load_conflibert(folder: str | Path) -> tuple[RatedSentence, ...]:
    """Every rated sentence of the ``summary.csv`` files at or below ``folder``, file by file."""
    return tuple(s for f in summary_files(folder) for s in load_summary(f))


# -- scoring ---------------------------------------------------------------------------------------


def predicted_root(record: Record) -> str | None:
    """The root of our most confident asserted event, else of our most confident event, else None."""
    coded = [e for e in record.events if e.cameo]
    pool = [e for e in coded if e.modality == "asserted"] or coded
    if not pool:
        return None
    return max(pool, key=lambda e: (e.confidence, -e.trigger.start)).cameo[:2]


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """What the raters and we said about one sentence (no text: the sentences are not ours to copy)."""

    id: str
    where: str
    relevant: bool | None  # majority relevance
    root: str | None  # majority root
    accepted: tuple[str, ...] = ()
    predicted: str | None = None  # our root
    events: int = 0  # how many events we coded

    @property
    def evaluated(self) -> bool:
        return self.relevant is True and self.root is not None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "where": self.where, "relevant": self.relevant, "root": self.root,
                "accepted": list(self.accepted), "predicted": self.predicted, "events": self.events}


def score_rated(sentence: RatedSentence, record: Record) -> SentenceResult:
    return SentenceResult(sentence.id, sentence.where, sentence.relevant, sentence.root, sentence.accepted,
                          predicted_root(record), len(record.events))


@dataclass(frozen=True, slots=True)
class Ceiling:
    """Agreement among the raters on the evaluated sentences (rules in the module doc)."""

    pairwise: Accuracy = field(default_factory=Accuracy)
    leave_one_out: Accuracy = field(default_factory=Accuracy)
    leave_one_out_lenient: Accuracy = field(default_factory=Accuracy)

    def to_dict(self) -> dict[str, Any]:
        return {"pairwise": self.pairwise.to_dict(), "leave-one-out": self.leave_one_out.to_dict(),
                "leave-one-out-lenient": self.leave_one_out_lenient.to_dict()}


def ceiling(sentences: Sequence[RatedSentence]) -> Ceiling:
    """Pairwise and leave-one-out agreement on root over the relevant sentences with a majority root."""
    pairwise: list[bool] = []
    strict: list[bool] = []
    lenient: list[bool] = []
    for s in sentences:
        if s.relevant is not True or s.root is None:
            continue
        pairwise += [a.first == b.first for a, b in combinations(s.raters, 2)]
        for i, rater in enumerate(s.raters):
            others = s.raters[:i] + s.raters[i + 1:]
            if (root := majority_root(others)) is not None:
                strict.append(rater.first == root)
                lenient.append(rater.first in accepted_roots(others))
    return Ceiling(Accuracy.of(pairwise), Accuracy.of(strict), Accuracy.of(lenient))


@dataclass(frozen=True, slots=True)
class ConfliReport:
    """Per-sentence results, the raters' ceiling and the figures derived from them."""

    sentences: tuple[SentenceResult, ...] = ()
    ceiling: Ceiling = field(default_factory=Ceiling)
    loaded: int = 0  # sentences in the files, judged or not

    @property
    def evaluated(self) -> tuple[SentenceResult, ...]:
        return tuple(s for s in self.sentences if s.evaluated)

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy.of([s.predicted == s.root for s in self.evaluated])

    @property
    def lenient(self) -> Accuracy:
        return Accuracy.of([s.predicted in s.accepted for s in self.evaluated])

    @property
    def coverage(self) -> Accuracy:
        return Accuracy.of([s.events > 0 for s in self.evaluated])

    @property
    def relevance(self) -> LayerScore:
        judged = [(s.relevant, s.events > 0) for s in self.sentences if s.relevant is not None]
        return LayerScore(sum(1 for g, p in judged if g and p), sum(1 for g, p in judged if p and not g),
                          sum(1 for g, p in judged if g and not p))

    @property
    def confusion(self) -> Confusion:
        return Confusion.of((s.root, s.predicted) for s in self.evaluated)

    def _counts(self) -> dict[str, int]:
        return {"loaded": self.loaded, "judged": sum(1 for s in self.sentences if s.relevant is not None),
                "relevant": sum(1 for s in self.sentences if s.relevant), "evaluated": len(self.evaluated)}

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self._counts(),
                "total": {"root": self.accuracy.to_dict(), "root-lenient": self.lenient.to_dict(),
                          "coverage": self.coverage.to_dict(), "relevance": self.relevance.to_dict()},
                "ceiling": self.ceiling.to_dict(), "confusion": self.confusion.to_dict(),
                "sentences": [s.to_dict() for s in self.sentences]}

    def format_table(self) -> str:
        """Root accuracy, coverage and relevance detection, with the raters' ceilings below."""
        c = self._counts()
        lines = [f"ConfliBERT CAMEO sentences ({c['loaded']} loaded, {c['judged']} judged, "
                 f"{c['relevant']} relevant, {c['evaluated']} with a majority root)",
                 f"{'figure':<28}{'value':>7}{'n':>6}", "-" * 41]
        for label, acc in (("root accuracy", self.accuracy), ("root accuracy (lenient)", self.lenient),
                           ("coverage", self.coverage), ("ceiling: pairwise", self.ceiling.pairwise),
                           ("ceiling: leave-one-out", self.ceiling.leave_one_out),
                           ("ceiling: leave-one-out, len.", self.ceiling.leave_one_out_lenient)):
            lines.append(f"{label:<28}{_figure(acc.value):>7}{acc.n:>6}")
        r = self.relevance
        lines.append(f"{'relevance F1':<28}{_figure(r.f1):>7}{r.tp + r.fn:>6}   "
                     f"P {_figure(r.precision)} R {_figure(r.recall)}")
        return "\n".join(lines)

    def format_detail(self) -> str:
        """The confusion by root, the most frequent confusions, and every evaluated sentence we got wrong."""
        confusion = self.confusion
        lines = [confusion.format("CAMEO root: majority of raters (rows) against ours (columns)"), "",
                 "most frequent confusions (gold -> ours: count)"]
        lines += [f"  {g or 'none':<5} -> {p or 'none':<5} {n}" for g, p, n in confusion.top_confusions()]
        lines.append("evaluated sentences with a wrong root")
        lines += [f"  {s.where} [{s.id}]: {s.root} (accepted {', '.join(s.accepted)}) -> {s.predicted or 'none'}"
                  for s in self.evaluated if s.predicted != s.root]
        return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def evaluate_conflibert(folder: str | Path, extract: Extract) -> ConfliReport:
    """Extract every sentence with a decided relevance on its own and score its root.

    All files are read and checked before the first extraction, so a malformed
    one fails fast with :class:`GoldError`.
    """
    sentences = load_conflibert(folder)
    results = tuple(score_rated(s, extract(s.text, None)) for s in sentences if s.relevant is not None)
    return ConfliReport(results, ceiling(sentences), len(sentences))


__all__ = ["Ceiling", "ConfliReport", "RatedSentence", "RaterLabel", "SentenceResult", "accepted_roots",
           "ceiling", "evaluate_conflibert", "load_conflibert", "load_summary", "majority_relevance",
           "majority_root", "predicted_root", "score_rated", "summary_files"]
