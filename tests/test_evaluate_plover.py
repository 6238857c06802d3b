"""The PLOVER gold-records adapter: loading, actor matching, event choice and dyads, on records we write."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate import evaluate_plover, load_plover_gsr
from communique.evaluate.plover_gsr import score_sentence
from communique.lexicon import load_lexicon
from communique.model import Actor, Document, Event, Mention, Plover, Record, Span
from conftest import SHARED

REAL = SHARED / "data" / "external" / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
TEXT = "Chilean and Peruvian officials agreed to reopen the border, while Bolivian troops withdrew."


def write(tmp_path: Path, records: list[dict]) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps([{"id": "header", "event": "DOCUMENT"}, *records]), encoding="utf-8")
    return path


def joint_record() -> dict:
    return {"id": "T-AGREE-1", "event": "AGREE", "text": TEXT,
            "source": [{"actorText": "Chilean", "code": "CHL", "sector": "GOV"},
                       {"actorText": "Peruvian", "code": "PER", "sector": "GOVxyz"}],
            "target": "",
            "textInfo": {"markup": "(SRC/TAR: Chilean) and (SRC/TAR: Peruvian) officials (EVT: agreed) to reopen"}}


def test_loader_reads_actors_markup_and_old_names(tmp_path: Path) -> None:
    old = {"id": "T-2", "event": "DEMAND", "text": "Kenya asked Japan for aid.",
           "source": [{"actorText": "Kenya", "code": "KEN"}], "target": [{"actorText": "Japan", "code": "JAP"}],
           "textInfo": {"markup": "(SRC: Kenya) (EVT: asked) (TAR: Japan) for aid."}}
    first, second = load_plover_gsr(write(tmp_path, [joint_record(), old]))
    assert first.reciprocal and first.type == "AGREE"
    assert [(a.code, a.sector, a.role) for a in first.actors] == [("CHL", "GOV", "source"), ("PER", "GOV", "source")]
    assert first.triples() == {("CHL", "PER", "AGREE"), ("PER", "CHL", "AGREE")}
    assert first.triggers == ((TEXT.index("agreed"), TEXT.index("agreed") + len("agreed")),)
    assert second.type == "REQUEST"  # DEMAND is the 0.5b1 name
    assert second.triples() == {("KEN", "JPN", "REQUEST")}  # the old code JAP is Japan


@pytest.mark.parametrize("content, problem", [
    ("{not json", "not JSON"),
    ('{"id": 1}', "JSON array"),
    ('[{"id": "x", "event": "AGREE"}]', "without text"),
    ('[{"id": "x", "event": "AGREE", "text": "t", "source": [{"code": "USA"}]}]', "actorText"),
])
def test_malformed_file_is_a_gold_error(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=problem) as caught:
        load_plover_gsr(path)
    assert str(path) in str(caught.value)


def load_plover_gsr_from(record: dict) -> tuple:
    with tempfile.TemporaryDirectory() as folder:
        return load_plover_gsr(write(Path(folder), [record]))


def _actor(aid: str, name: str, country: str | None, sector: str | None, start: int, end: int) -> Actor:
    return Actor(aid, name, "group", country, sector, None, None, (Mention(start, end, TEXT[start:end], 0),))


def test_scoring_pairs_gold_actors_by_their_words_and_picks_the_event_at_the_trigger() -> None:
    [gold] = load_plover_gsr_from(joint_record())
    cl, pe, bo = TEXT.index("Chilean"), TEXT.index("Peruvian"), TEXT.index("Bolivian")
    actors = (_actor("A1", "Chile", "CHL", "GOV", cl, cl + 7),
              _actor("A2", "Peru", "PER", "MIL", pe, pe + len("Peruvian officials")),
              _actor("A3", "Bolivia", "BOL", "MIL", bo, bo + len("Bolivian troops")))
    agreed, withdrew = TEXT.index("agreed"), TEXT.index("withdrew")
    events = (Event("E1", 0, ("A3",), (), "0874", Span(withdrew, withdrew + 8, "withdrew"), confidence=0.9,
                    plover=Plover("RETREAT")),
              Event("E2", 0, ("A1", "A2"), (), "030", Span(agreed, agreed + 6, "agreed"), symmetric=True,
                    confidence=0.5, plover=Plover("AGREE")))
    score = score_sentence(gold, Record(Document("d", TEXT), actors=actors, events=events), load_lexicon())
    assert (score.country.correct, score.country.n) == (2, 2)
    assert (score.sector.correct, score.sector.n) == (1, 2)  # Peru's officials are not MIL
    assert score.predicted_type == "AGREE"  # the event at the gold trigger, not the more confident one
    assert (score.dyads.tp, score.dyads.fp, score.dyads.fn) == (2, 0, 0)


def test_no_event_counts_as_a_wrong_type_and_missed_dyads() -> None:
    [gold] = load_plover_gsr_from(joint_record())
    score = score_sentence(gold, Record(Document("d", TEXT)), load_lexicon())
    assert score.type.correct == 0 and score.predicted_type is None
    assert score.found.correct == 0 and score.country.n == 2
    assert (score.dyads.tp, score.dyads.fn) == (0, 2)


def test_real_records_load_and_score(tmp_path: Path) -> None:
    if not REAL.is_file():
        pytest.skip(f"{REAL} is not present")
    sentences = load_plover_gsr(REAL)
    assert len(sentences) == 322
    assert sum(len(s.actors) for s in sentences) == 650
    report = evaluate_plover(REAL, lambda text, published: Record(Document("d", text)))
    assert report.total.type.n == 322 and report.total.type.correct == 0
    assert "event type" in report.format_table()
