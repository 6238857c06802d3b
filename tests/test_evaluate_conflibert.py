"""The ConfliBERT CAMEO adapter (communique.evaluate.conflibert) on tiny invented summary files.

The real sentences are for internal evaluation only and never copied here; the
last test reads them from ../shared and skips when they are absent.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate import ConfliReport, RaterLabel, evaluate_conflibert, load_conflibert
from communique.evaluate.conflibert import (
    accepted_roots,
    ceiling,
    majority_relevance,
    majority_root,
    predicted_root,
)
from communique.model import Document, Event, Record, Span
from conftest import SHARED

CONFLIBERT = SHARED / "data" / "external" / "conflibert-cameo"

#: (id, sentence, {rater: (relevance, [action labels])}); a rater left out abstains.
Row = tuple[str, str, dict[str, tuple[str, list[str]]]]

ROWS: list[Row] = [
    ("s1", "The foreign minister of Freedonia condemned the raid on the border post.",
     {"1": ("TRUE", ["3-11 Disapprove"]), "2": ("TRUE", ["3-11 Disapprove", "4-18 Assualt"]),
      "3": ("TRUE", ["0-1 Make Public Statement"])}),
    ("s2", "A village bakery in the hills won a prize for its rye loaf.",
     {k: ("FALSE", []) for k in "123"}),
    ("s3", "Officials said soldiers shot at marchers outside the parliament.",
     {"1": ("TRUE", ["0-1 Make Public Statement", "4-19 Fight"]),
      "2": ("TRUE", ["4-19 Fight", "0-1 Make Public Statement"]), "3": ("TRUE", ["0-1 Make Public Statement"])}),
    ("s4", "The ministry said rebels stormed a police station overnight.",
     {"1": ("TRUE", ["0-1 Make Public Statement", "4-18 Assualt"]),
      "2": ("TRUE", ["4-18 Assualt", "0-1 Make Public Statement"]),
      "3": ("true", ["4-18 Assualt", "0-1 Make Public Statement"])}),
    ("s5", "Envoys from the two kingdoms met and pledged closer ties.",
     {"1": ("TRUE", ["1-4 Consult", "1-5 Engage in Dip Coop"]),
      "2": ("TRUE", ["1-5 Engage in Dip Coop", "1-4 Consult"])}),
    ("s6", "The mayor may visit the neighbouring province next spring.",
     {"1": ("TRUE", ["1-4 Consult"]), "2": ("FALSE", [])}),
    ("s7", "Nobody judged this invented sentence about a harbour.", {}),
    ("s8", "A football club fined two of its players after a brawl.",
     {k: ("False", []) for k in "123"}),
]


def write_summary(path: Path, rows: Sequence[Row], raters: str = "123") -> Path:
    """A summary.csv laid out like the real ones, with a dropped-out rater 9 (no relevance columns)."""
    header = ["ids", "plain_text", "No", "sentences"]
    for k in raters:
        actions = ["Action1-PentaClass", "Action1_CAMEO", "Action2-PentaClass", "Action2_CAMEO"]
        if k == "3":  # the real files sometimes list Action2 before Action1
            actions = actions[2:] + actions[:2]
        header += [f"anncomplete_{k}", f"entities_{k}", f"relations_{k}", f"1_Relevant_{k}"]
        header += [f"{a}_{k}" for a in actions]
    header += ["anncomplete_9", "entities_9", "relations_9"]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, restval="")
        writer.writeheader()
        for n, (sid, text, labels) in enumerate(rows):
            row = {"ids": sid, "No": f"No. {n} ", "sentences": text, "plain_text": f"No. {n} sentences {text}"}
            for k, (relevant, actions) in labels.items():
                row[f"1_Relevant_{k}"] = relevant
                row[f"anncomplete_{k}"] = "TRUE"
                for i, label in enumerate(actions, start=1):
                    row[f"Action{i}_CAMEO_{k}"] = label
                    row[f"Action{i}-PentaClass_{k}"] = label.split()[0].split("-")[0]
            writer.writerow(row)
    return path


def fake_extract(codes: dict[str, list[tuple[str, str, float]]], seen: list[str]):  # type: ignore[no-untyped-def]
    """An extractor that codes each known sentence with (cameo, modality, confidence) events."""

    def extract(text: str, published: str | None) -> Record:
        assert published is None
        seen.append(text)
        sid = next(sid for sid, t, _ in ROWS if t == text)
        events = tuple(Event(f"E{i}", 0, (), (), cameo, Span(i, i + 1), modality=modality,  # type: ignore[arg-type]
                             confidence=confidence)
                       for i, (cameo, modality, confidence) in enumerate(codes.get(sid, [])))
        return Record(Document(sid, text), events=events)

    return extract


@pytest.fixture
def summary(tmp_path: Path) -> Path:
    return write_summary(tmp_path / "set" / "round_1" / "summary.csv", ROWS)


# ---------------------------------------------------------------- loading and votes


def test_loader_reads_raters_roots_and_majorities(summary: Path) -> None:
    sentences = load_conflibert(summary)
    assert [s.id for s in sentences] == [r[0] for r in ROWS]
    s1, s2, s3, s4, s5, s6, s7, _ = sentences
    assert s1.text == ROWS[0][1] and s1.where.endswith("summary.csv: row 2")
    assert s1.raters == (RaterLabel("1", True, ("11",)), RaterLabel("2", True, ("11", "18")),
                         RaterLabel("3", True, ("01",)))
    assert (s1.relevant, s1.accepted, s1.root) == (True, ("11",), "11")
    assert (s2.relevant, s2.root) == (False, None)
    assert (s3.accepted, s3.root) == (("01", "19"), "01")  # more votes wins
    assert (s4.accepted, s4.root) == (("01", "18"), "18")  # equal votes: more first actions wins
    assert [r.rater for r in s5.raters] == ["1", "2"]  # rater 3 abstained, rater 9 dropped out
    assert (s5.relevant, s5.accepted, s5.root) == (True, ("04", "05"), None)  # a tie all the way
    assert s6.relevant is None  # one for, one against
    assert (s7.raters, s7.relevant, s7.root) == ((), None, None)


def test_loader_finds_every_summary_below_a_folder(tmp_path: Path) -> None:
    write_summary(tmp_path / "b" / "summary.csv", ROWS[:2])
    write_summary(tmp_path / "a" / "deeper" / "summary.csv", ROWS[2:5])
    (tmp_path / "a" / "notes.csv").write_text("not a summary", encoding="utf-8")
    assert [s.id for s in load_conflibert(tmp_path)] == ["s3", "s4", "s5", "s1", "s2"]
    assert len(load_conflibert(tmp_path / "b")) == 2


def test_vote_rules_on_their_own() -> None:
    yes, no = RaterLabel("1", True, ("17", "01")), RaterLabel("2", False)
    assert majority_relevance([yes, no]) is None and majority_relevance([yes, yes, no]) is True
    assert majority_relevance([]) is None and majority_relevance([no]) is False
    assert accepted_roots([yes, yes, no]) == ("01", "17")
    assert majority_root([yes, yes, no]) == "17"  # same votes, 17 is everyone's first action
    assert majority_root([yes, no]) is None  # one vote of two is no majority


@pytest.mark.parametrize(("label", "relevance", "says"), [
    ("11 Disapprove", "TRUE", "not a CAMEO action label"),
    ("3-25 Unknown", "TRUE", "not a CAMEO action label"),
    ("Disapprove", "TRUE", "not a CAMEO action label"),
    ("3-11 Disapprove", "maybe", "neither true nor false"),
    ("3-11 Disapprove", "", "without a relevance judgement"),
])
def test_malformed_labels_name_the_file_and_row(tmp_path: Path, label: str, relevance: str, says: str) -> None:
    rows: list[Row] = [ROWS[1], ("bad", "An invented line about a treaty.", {"1": (relevance, [label])})]
    path = write_summary(tmp_path / "summary.csv", rows)
    with pytest.raises(GoldError, match=says) as info:
        load_conflibert(tmp_path)
    assert info.value.file == f"{path}: row 3"


def test_malformed_files_raise_gold_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such file"):
        load_conflibert(tmp_path / "missing")
    with pytest.raises(GoldError, match="no summary.csv"):
        load_conflibert(tmp_path)
    (tmp_path / "summary.csv").write_text("ids,text\nx,An invented line.\n", encoding="utf-8")
    with pytest.raises(GoldError, match="'sentences' column"):
        load_conflibert(tmp_path)
    (tmp_path / "summary.csv").write_text("ids,sentences,1_Relevant_1\nx,Invented.,TRUE,extra\n",
                                          encoding="utf-8")
    with pytest.raises(GoldError, match="row 2: .*number of fields"):
        load_conflibert(tmp_path)


# ---------------------------------------------------------------- scoring


def test_predicted_root_prefers_confident_asserted_events() -> None:
    def record(*events: tuple[str, str, float]) -> Record:
        return Record(Document("d", "x"), events=tuple(
            Event(f"E{i}", 0, (), (), c, Span(0, 1), modality=m, confidence=p)  # type: ignore[arg-type]
            for i, (c, m, p) in enumerate(events)))

    assert predicted_root(record()) is None
    assert predicted_root(record(("190", "asserted", 0.4), ("010", "negated", 0.9))) == "19"
    assert predicted_root(record(("190", "future", 0.4), ("0311", "intended", 0.6))) == "03"
    assert predicted_root(record(("042", "asserted", 0.5), ("111", "asserted", 0.7))) == "11"


def test_evaluate_conflibert_figures(summary: Path) -> None:
    seen: list[str] = []
    codes = {"s1": [("112", "asserted", 0.9)], "s3": [("190", "asserted", 0.4), ("010", "negated", 0.9)],
             "s5": [("040", "asserted", 0.5)], "s6": [("040", "asserted", 0.5)], "s8": [("173", "asserted", 0.5)]}
    report = evaluate_conflibert(summary.parent, fake_extract(codes, seen))
    assert isinstance(report, ConfliReport)
    assert sorted(seen) == sorted(t for sid, t, _ in ROWS if sid not in ("s6", "s7"))  # undecided ones skipped
    assert [s.id for s in report.evaluated] == ["s1", "s3", "s4"]
    assert (report.accuracy.correct, report.accuracy.n) == (1, 3)
    assert (report.lenient.correct, report.coverage.correct) == (2, 2)
    assert (report.relevance.tp, report.relevance.fp, report.relevance.fn) == (3, 1, 1)
    confusion = report.confusion
    assert (confusion.count("11", "11"), confusion.count("01", "19"), confusion.count("18", None)) == (1, 1, 1)
    # ceilings over s1, s3, s4 (worked out by hand in the module's rules)
    assert (report.ceiling.pairwise.correct, report.ceiling.pairwise.n) == (3, 9)
    assert (report.ceiling.leave_one_out.correct, report.ceiling.leave_one_out.n) == (1, 4)
    assert report.ceiling.leave_one_out_lenient.correct == 2
    assert report.ceiling == ceiling(load_conflibert(summary))

    table = report.format_table()
    assert "8 loaded, 6 judged, 4 relevant, 3 with a majority root" in table
    for label in ("root accuracy", "coverage", "ceiling: pairwise", "ceiling: leave-one-out", "relevance F1"):
        assert label in table
    detail = report.format_detail()
    assert "01    -> 19    1" in detail and "18    -> none  1" in detail
    assert "[s4]: 18 (accepted 01, 18) -> none" in detail
    assert ROWS[0][1] not in detail  # ids only: no sentence is repeated in the report
    data = json.loads(json.dumps(report.to_dict()))
    assert data["counts"] == {"loaded": 8, "judged": 6, "relevant": 4, "evaluated": 3}
    assert data["total"]["root"]["correct"] == 1 and data["ceiling"]["leave-one-out"]["n"] == 4
    assert all("text" not in s for s in data["sentences"])


def test_malformed_file_fails_before_any_extraction(tmp_path: Path) -> None:
    write_summary(tmp_path / "a" / "summary.csv", ROWS[:2])
    write_summary(tmp_path / "b" / "summary.csv", [("bad", "Invented.", {"1": ("TRUE", ["nonsense"])})])
    seen: list[str] = []
    with pytest.raises(GoldError):
        evaluate_conflibert(tmp_path, fake_extract({}, seen))
    assert seen == []


# ---------------------------------------------------------------- the real files


def test_real_conflibert_files_load_with_a_moderate_ceiling() -> None:
    if not (CONFLIBERT / "training_round_7" / "summary.csv").is_file():
        pytest.skip(f"ConfliBERT CAMEO files not found at {CONFLIBERT}")
    sentences = load_conflibert(CONFLIBERT)
    assert len(sentences) == 200
    assert len(load_conflibert(CONFLIBERT / "training_round_10")) == 100
    assert all(len(s.raters) in (0, 3, 4) for s in sentences)
    assert sum(1 for s in sentences if s.relevant and s.root) > 50
    c = ceiling(sentences)
    for acc in (c.pairwise, c.leave_one_out, c.leave_one_out_lenient):
        assert acc.value is not None and 0 < acc.value < 1
