"""The Recognizers-Text spec adapter: unit mapping, judging, skipped units, reports; the real specs when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate import RecognizersReport, evaluate_recognizers
from communique.model import Document, Record
from communique.pipeline.quantities import find_quantities
from conftest import SHARED

SPECS = SHARED / "data" / "external" / "ms-recognizers-specs"


def quantities_only(text: str, published: str | None) -> Record:
    return Record(Document("x", text), quantities=find_quantities(text, ()))


def result(text: str, start: int, type_name: str, resolution: dict[str, str]) -> dict[str, object]:
    return {"Text": text, "Start": start, "End": start + len(text) - 1, "TypeName": type_name,
            "Resolution": resolution}


def write_specs(root: Path) -> Path:
    (root / "NumberWithUnit" / "English").mkdir(parents=True)
    (root / "Number" / "English").mkdir(parents=True)
    currency = [
        {"Input": "the port cost $ 4 million to build .",
         "Results": [result("$ 4 million", 13, "currency", {"value": "4000000", "unit": "Dollar"})]},
        {"Input": "a ticket is 80 cents today",
         "Results": [result("80 cents", 12, "currency", {"value": "80", "unit": "Cent"})]},
        {"Input": "they paid 7 euros",
         "Results": [result("7 euros", 10, "currency", {"value": "7", "unit": "Euro", "isoCurrency": "EUR"})]},
        {"Input": "he mined 3 bitcoins",
         "Results": [result("3 bitcoins", 9, "currency", {"value": "3", "unit": "Bitcoin"})]},
        {"Input": "it costs 12 pounds", "NotSupported": "javascript",
         "Results": [result("12 pounds", 9, "currency", {"value": "12", "unit": "Yen"})]},
        {"Input": "nothing costly here", "Results": []},
    ]
    percent = [{"Input": "turnout was 61 percent",
                "Results": [result("61 percent", 12, "percentage", {"value": "61%"})]}]
    number = [{"Input": "forty-two boats", "Results": [result("forty-two", 0, "number", {"value": "42"})]}]
    (root / "NumberWithUnit/English/CurrencyModel.json").write_text(json.dumps(currency), encoding="utf-8")
    (root / "Number/English/PercentModel.json").write_text(json.dumps(percent), encoding="utf-8")
    (root / "Number/English/NumberModel.json").write_text(json.dumps(number), encoding="utf-8")
    return root


def test_value_and_unit_are_judged_per_expected_result(tmp_path: Path) -> None:
    report = evaluate_recognizers(write_specs(tmp_path), quantities_only)
    currency = report.accuracy("currency")
    assert (currency.correct, currency.n) == (3, 4)  # dollars, cents as 0.80 USD, euros; the pounds are not yen
    assert report.skipped("currency") == 1  # bitcoin has no ISO 4217 code
    assert report.accuracy("percent").value == 1.0
    assert report.accuracy("number").value == 1.0
    total = report.to_dict()["total"]
    assert set(total) == {"currency", "percent", "number"}
    assert total["currency"]["accuracy"] == pytest.approx(0.75)
    assert "currency" in report.format_table()
    assert "Bitcoin" in report.format_detail()


def test_missing_or_malformed_specs_raise_gold_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError):
        evaluate_recognizers(tmp_path / "absent", quantities_only)
    with pytest.raises(GoldError):
        evaluate_recognizers(tmp_path, quantities_only)
    (tmp_path / "Number" / "English").mkdir(parents=True)
    (tmp_path / "Number/English/PercentModel.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError):
        evaluate_recognizers(tmp_path, quantities_only)


def test_the_real_specs_meet_the_targets() -> None:
    if not (SPECS / "NumberWithUnit" / "English" / "CurrencyModel.json").is_file():
        pytest.skip("the Recognizers-Text specs are not in ../shared")
    report: RecognizersReport = evaluate_recognizers(SPECS, quantities_only)
    assert report.accuracy("currency").value >= 0.85
    assert report.accuracy("percent").value >= 0.90
