"""Score quantity normalisation on the Microsoft Recognizers-Text test specifications.

The specs (``ms-recognizers-specs``: MIT licence, English only) are JSON lists
of ``{Input, Results: [{Text, Start, End, TypeName, Resolution}]}``. Three are
read, one category each:

=========  ==============================================  =========================================
category   file                                            compared
=========  ==============================================  =========================================
currency   ``NumberWithUnit/English/CurrencyModel.json``   value in whole units and ISO 4217 code
percent    ``Number/English/PercentModel.json``            value and unit ``percent``
number     ``Number/English/NumberModel.json``             value only (any kind of quantity)
=========  ==============================================  =========================================

Each spec input is extracted on its own (``extract(input, None)``). Every
expected result is judged separately: it is correct when one of our
quantities overlaps its span (``Start``..``End``, end inclusive in the specs)
with an equal value (relative tolerance 1e-6) and, for currency and percent,
the same unit. Figures are accuracies over expected results, so a spec with
several results counts each of them; a spec with no expected result counts
only as a spurious case when we report a quantity of that category.

Currency units come from ``Resolution.isoCurrency`` when the spec gives one,
else from the unit name: "Dollar" is USD, "Pound" GBP, "Franc" CHF, "Rupee"
INR, and subunits ("Cent", "Pence", "Penny", "Sen") are converted to their
main unit (64.2 cents = 0.642 USD), as our extractor reports them. Withdrawn
currencies keep their historical ISO code (markka FIM, peseta ESP, guilder
NLG). Units with no ISO 4217 code (Bitcoin, Satoshi) are ``skipped`` and
listed, not scored. ``NotSupported`` names the Microsoft ports that fail a
case; it is not a label and is ignored. Expected values that are not plain
numbers (fractions written "1/2" stay scored: the spec resolves them to a
decimal) are skipped when they do not parse.

>>> report = evaluate_recognizers("/nonexistent", lambda text, published: None)
Traceback (most recent call last):
communique.errors.GoldError: /nonexistent: not a folder
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import GoldError
from ..model import Quantity, Record
from .metrics import Accuracy, overlaps

Extract = Callable[[str, str | None], Record]

#: The spec file of each category, under the specs folder.
SPEC_FILES: Mapping[str, str] = MappingProxyType({
    "currency": "NumberWithUnit/English/CurrencyModel.json",
    "percent": "Number/English/PercentModel.json",
    "number": "Number/English/NumberModel.json",
})
#: Currency unit names without ``isoCurrency`` in the specs: (ISO 4217 code, factor to the main unit).
UNIT_NAMES: Mapping[str, tuple[str, float]] = MappingProxyType({
    "dollar": ("USD", 1.0), "cent": ("USD", 0.01), "pound": ("GBP", 1.0), "pence": ("GBP", 0.01),
    "penny": ("GBP", 0.01), "franc": ("CHF", 1.0), "rupee": ("INR", 1.0), "sen": ("JPY", 0.01),
    "finnish markka": ("FIM", 1.0), "peseta": ("ESP", 1.0), "netherlands guilder": ("NLG", 1.0),
    "euro": ("EUR", 1.0), "yen": ("JPY", 1.0), "yuan": ("CNY", 1.0),
})
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Expected:
    """One expected result of one spec: its span (end exclusive), value and unit in our terms."""

    category: str
    input: str
    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    skipped: str | None = None  # why it is not scored


@dataclass(frozen=True, slots=True)
class Judged:
    expected: Expected
    correct: bool
    predicted: tuple[tuple[str, float | None, str | None], ...] = ()  # our overlapping quantities

    def to_dict(self) -> dict[str, Any]:
        e = self.expected
        return {"category": e.category, "input": e.input, "text": e.text, "value": e.value, "unit": e.unit,
                "skipped": e.skipped, "correct": self.correct, "predicted": [list(p) for p in self.predicted]}


def _float(raw: Any) -> float | None:
    try:
        value = float(str(raw).strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _expected(category: str, case: Mapping[str, Any], result: Mapping[str, Any]) -> Expected:
    text, resolution = str(result.get("Text", "")), result.get("Resolution") or {}
    start = int(result.get("Start", 0))
    end = int(result.get("End", start + len(text) - 1)) + 1
    value, unit, skipped = _float(resolution.get("value")), None, None
    if category == "currency":
        name = str(resolution.get("unit", "")).strip().lower()
        iso = resolution.get("isoCurrency")
        if iso:
            unit = str(iso)
        elif name in UNIT_NAMES:
            unit, factor = UNIT_NAMES[name]
            value = value * factor if value is not None else None
        else:
            skipped = f"no ISO 4217 code for {resolution.get('unit')!r}"
    elif category == "percent":
        unit = "percent"
    if value is None and skipped is None:
        skipped = f"value {resolution.get('value')!r} is not a number"
    return Expected(category, str(case["Input"]), text, start, end, value, unit, skipped)


def _cases(folder: Path, category: str) -> Iterator[tuple[str, list[Expected]]]:
    path = folder / SPEC_FILES[category]
    if not path.is_file():
        return
    try:
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise GoldError(f"cannot read the spec file: {exc}", str(path)) from None
    if not isinstance(cases, list):
        raise GoldError("expected a JSON list of cases", str(path))
    for case in cases:
        if not isinstance(case, dict) or not isinstance(case.get("Input"), str):
            raise GoldError("a case without an Input string", str(path))
        wanted = "currency" if category == "currency" else ("percentage" if category == "percent" else "number")
        results = [r for r in case.get("Results") or () if r.get("TypeName", wanted) == wanted]
        yield case["Input"], [_expected(category, case, r) for r in results]


def _matches(e: Expected, q: Quantity) -> bool:
    if q.value is None or e.value is None:
        return False
    if not math.isclose(float(q.value), e.value, rel_tol=TOLERANCE, abs_tol=1e-9):
        return False
    if e.category == "currency":
        return q.kind == "money" and (q.unit or "").upper() == e.unit
    if e.category == "percent":
        return q.kind == "percent"
    return True


def _kind_of(category: str) -> set[str]:
    return {"currency": {"money"}, "percent": {"percent"}}.get(category, {"number", "count"})


@dataclass(frozen=True, slots=True)
class RecognizersReport:
    """Judged expected results of every category, and the cases where we reported something unexpected."""

    judged: tuple[Judged, ...] = ()
    spurious: Mapping[str, int] = field(default_factory=dict)  # category -> cases without results where we found one
    cases: Mapping[str, int] = field(default_factory=dict)  # category -> spec cases read

    def accuracy(self, category: str) -> Accuracy:
        return Accuracy.of([j.correct for j in self.judged
                            if j.expected.category == category and j.expected.skipped is None])

    def skipped(self, category: str) -> int:
        return sum(1 for j in self.judged if j.expected.category == category and j.expected.skipped)

    def to_dict(self) -> dict[str, Any]:
        return {"total": {c: self.accuracy(c).to_dict() for c in SPEC_FILES},
                "counts": {c: {"cases": self.cases.get(c, 0), "skipped": self.skipped(c),
                               "spurious": self.spurious.get(c, 0)} for c in SPEC_FILES},
                "results": [j.to_dict() for j in self.judged]}

    def format_table(self) -> str:
        """Value-and-unit accuracy per category, with cases read, skipped results and spurious finds."""
        header = f"{'category':<12}{'acc':>7}{'n':>6}{'cases':>7}{'skipped':>9}{'spurious':>10}"
        lines = ["Microsoft Recognizers-Text specs (English): value and unit accuracy", header, "-" * len(header)]
        for c in SPEC_FILES:
            acc = self.accuracy(c)
            figure = "-" if acc.value is None else f"{acc.value:.3f}"
            lines.append(f"{c:<12}{figure:>7}{acc.n:>6}{self.cases.get(c, 0):>7}{self.skipped(c):>9}"
                         f"{self.spurious.get(c, 0):>10}")
        return "\n".join(lines)

    def format_detail(self) -> str:
        """Every wrong or skipped expected result with what we found over its span."""
        lines: list[str] = []
        for j in self.judged:
            e = j.expected
            if j.correct:
                continue
            ours = "; ".join(f"{t!r} {v} {u}" for t, v, u in j.predicted) or "nothing"
            why = f"skipped: {e.skipped}" if e.skipped else f"want {e.value} {e.unit or ''}".rstrip()
            lines.append(f"  {e.category:<9} {e.text!r}: {why}; ours {ours}  | {e.input[:90]!r}")
        return "\n".join(lines)


def evaluate_recognizers(folder: str | Path, extract: Extract) -> RecognizersReport:
    """Extract every spec input of the currency, percent and number files under ``folder`` and judge it."""
    root = Path(folder)
    if not root.is_dir():
        raise GoldError("not a folder", str(folder))
    loaded = {c: list(_cases(root, c)) for c in SPEC_FILES}
    if not any(loaded.values()):
        raise GoldError("no Recognizers-Text spec files found", str(folder))
    judged: list[Judged] = []
    spurious: dict[str, int] = {}
    for category, cases in loaded.items():
        for text, expected in cases:
            quantities = extract(text, None).quantities
            if not expected:
                if any(q.kind in _kind_of(category) for q in quantities):
                    spurious[category] = spurious.get(category, 0) + 1
                continue
            for e in expected:
                near = [q for q in quantities if overlaps((q.start, q.end), (e.start, e.end))]
                judged.append(Judged(e, e.skipped is None and any(_matches(e, q) for q in near),
                                     tuple((q.text, q.value, q.unit) for q in near)))
    return RecognizersReport(tuple(judged), MappingProxyType(spurious),
                             MappingProxyType({c: len(v) for c, v in loaded.items()}))


__all__ = ["Expected", "Judged", "RecognizersReport", "SPEC_FILES", "UNIT_NAMES", "evaluate_recognizers"]
