"""The evaluation gate: scores on the gold sets may not fall below tests/eval/floors.toml."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

import communique
from communique.evaluate import evaluate_dir, gold_pairs
from communique.model import Record
from communique.read import make_document
from conftest import SEED, SHARED, check_record

# spaCy 3.8.7 imports click.parser.split_arg_string, which click 8.2+ deprecates; with
# ``filterwarnings = error`` the first ``import spacy`` of the run would fail the test that does it.

TESTS = Path(__file__).resolve().parent
FLOORS = TESTS / "eval" / "floors.toml"
GOLD_SETS = {"team": TESTS / "gold", "seed": SEED}
EXTERNAL = SHARED / "data" / "external"
# Public gold in other formats, scored by their adapters (checked only when ../shared is there).
ADAPTED = {"plover": EXTERNAL / "plover-gsr" / "PLOVER_GSR_CAMEO.txt", "conflibert": EXTERNAL / "conflibert-cameo",
           "recognizers": EXTERNAL / "ms-recognizers-specs", "gum": EXTERNAL / "gum-news"}
LAYERS = {"actors", "sector", "events-root", "events-exact", "plover", "modality", "dates", "quotes",
          "speakers", "quantities", "commitments", "dateline", "publisher", "license",
          "actors-country", "actors-international", "actors-sector", "actors-found", "event-type", "dyads",
          "root", "root-lenient", "coverage", "relevance", "currency", "percent", "number"}
FIGURES = {"precision", "recall", "f1", "accuracy"}


def load_floors() -> dict[str, dict[str, dict[str, float]]]:
    return tomllib.loads(FLOORS.read_text(encoding="utf-8"))


def unchecked_extract(text: str, published: str | None) -> Record:
    """The public API (conftest checks every record against the contract)."""
    return communique.api.extract_document(make_document(text, published=published))


def below_floor(total: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]]) -> list[str]:
    """Every ``layer.figure`` whose measured value is missing or below its floor."""
    low = []
    for layer, figures in floors.items():
        for figure, floor in figures.items():
            measured = total[layer][figure]
            if measured is None or measured < floor:
                low.append(f"{layer}.{figure}: measured {measured}, floor {floor}")
    return low


def test_floors_file_is_well_formed() -> None:
    floors = load_floors()
    assert set(floors) == set(GOLD_SETS) | set(ADAPTED)
    for gold_set, layers in floors.items():
        assert layers, gold_set
        for layer, figures in layers.items():
            assert layer in LAYERS, f"[{gold_set}] unknown layer {layer!r}"
            for figure, floor in figures.items():
                assert figure in FIGURES, f"[{gold_set}] {layer}: unknown figure {figure!r}"
                assert 0.0 <= floor <= 1.0, f"[{gold_set}] {layer}.{figure} = {floor}"
                assert round(floor * 20) == pytest.approx(floor * 20), "floors are multiples of 0.05"


def test_below_floor_names_what_dropped() -> None:
    total = {"actors": {"f1": 0.6}, "speakers": {"accuracy": None}, "quotes": {"f1": 0.9}}
    floors = {"actors": {"f1": 0.7}, "speakers": {"accuracy": 0.5}, "quotes": {"f1": 0.9}}
    assert below_floor(total, floors) == ["actors.f1: measured 0.6, floor 0.7",
                                          "speakers.accuracy: measured None, floor 0.5"]


@pytest.mark.parametrize("gold_set", sorted(GOLD_SETS))
def test_scores_stay_above_the_floors(gold_set: str, tmp_path: Path) -> None:
    folder = GOLD_SETS[gold_set]
    if not folder.is_dir() or not gold_pairs(folder):
        pytest.skip(f"{folder} is not present")
    report = evaluate_dir(folder, unchecked_extract)
    total = report.total.to_dict()
    low = below_floor(total, load_floors()[gold_set])
    assert not low, (f"[{gold_set}] below the floors of {FLOORS.name}:\n  " + "\n  ".join(low)
                     + "\n" + report.format_table())
    assert json.loads(json.dumps(total)) == total  # the figures are plain JSON


@pytest.mark.parametrize("gold_set", sorted(ADAPTED))
def test_public_gold_stays_above_the_floors(gold_set: str) -> None:
    from communique.evaluate import evaluate_conflibert, evaluate_gum, evaluate_plover, evaluate_recognizers

    path = ADAPTED[gold_set]
    if not path.exists():
        pytest.skip(f"{path} is not present")
    evaluate = {"plover": evaluate_plover, "conflibert": evaluate_conflibert, "recognizers": evaluate_recognizers,
                "gum": evaluate_gum}[gold_set]
    report = evaluate(path, unchecked_extract)
    total = report.to_dict()["total"]
    low = below_floor(total, load_floors()[gold_set])
    assert not low, (f"[{gold_set}] below the floors of {FLOORS.name}:\n  " + "\n  ".join(low)
                     + "\n" + report.format_table())


def test_gold_and_demo_records_meet_the_contract() -> None:
    texts = [path.read_text(encoding="utf-8") for path, _ in gold_pairs(GOLD_SETS["team"])]
    with communique.api.demo_corpus().open(encoding="utf-8") as corpus:
        texts += [json.loads(line)["text"] for line in corpus if line.strip()]
    for text in texts:
        check_record(unchecked_extract(text, None))
