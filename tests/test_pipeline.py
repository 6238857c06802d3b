"""The whole pipeline: a failing stage is isolated, and awkward text never crashes it.

Every record here also passes conftest's contract check (schema, offsets, references).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique import api
from communique.model import Record
from communique.pipeline import STAGES, Stage

# spaCy 3.8.7 imports click.parser.split_arg_string, which click 8.2+ deprecates; with
# ``filterwarnings = error`` the first ``import spacy`` of the run would fail the test that does it.

Extract = Callable[..., Record]

# Written for these tests.
VISIT = (
    "TEHRAN — Iranian President Ebrahim Raisi hosted Kazakh President Kassym-Jomart Tokayev "
    "in Tehran on Sunday.\n"
    "The two presidents signed nine cooperation agreements worth $3 billion.\n"
    '"Our countries will double their trade within three years," Raisi told reporters.\n'
)


def _broken(analysis, resources, settings):  # type: ignore[no-untyped-def]
    raise RuntimeError("events stage exploded")


def test_failing_events_stage_keeps_the_rest(monkeypatch: pytest.MonkeyPatch, extract: Extract) -> None:
    stages = tuple(Stage(s.name, s.requires, s.provides, _broken) if s.key == "events" else s
                   for s in STAGES)
    monkeypatch.setattr(api, "STAGES", stages)

    record = extract(VISIT, published="2022-06-19")

    assert record.events == () and record.commitments == ()
    assert {a.code for a in record.actors} >= {"IRNGOV", "KAZGOV"}
    assert [q.speaker_text for q in record.quotes] == ["Raisi"]
    assert {(q.kind, q.value, q.unit) for q in record.quantities} >= {("money", 3e9, "USD")}
    errors = {e.stage: e for e in record.errors}
    assert set(errors) == {"events/1", "commitments/1"}
    assert errors["events/1"].error == "RuntimeError"
    assert "events stage exploded" in errors["events/1"].message
    assert errors["commitments/1"].error == "Skipped"
    assert "events" in errors["commitments/1"].message
    assert record.to_dict()["errors"][0]["stage"] == "events/1"


def test_pipeline_is_restored_after_the_patch(extract: Extract) -> None:
    record = extract(VISIT, published="2022-06-19")
    assert record.errors == ()
    assert any(e.cameo == "043" for e in record.events)


def test_document_without_events_is_a_valid_record(extract: Extract) -> None:
    record = extract("The weather in Almaty was sunny and warm on Tuesday afternoon.")
    assert record.events == () and record.errors == ()
    assert len(record.sentences) == 1


LONG_SENTENCE = "Iran and Kazakhstan " + " ".join(
    ["discussed trade, transport and energy with visiting officials"] * 250) + "."

AWKWARD = {
    "german": "Der iranische Präsident empfing am Sonntag seinen kasachischen Amtskollegen in Teheran. "
              "Beide Seiten unterzeichneten mehrere Abkommen.",
    "russian": "Президент Ирана принял президента Казахстана в Тегеране.",
    "chinese": "伊朗总统周日在德黑兰会见了哈萨克斯坦总统。",
    "long sentence": LONG_SENTENCE,
    "unclosed straight quote":
        'Raisi said "we will expand trade with Kazakhstan. Tokayev agreed. "And more',
    "unclosed curly quote": "Tokayev said: \u201cOur ties are strong. Iran welcomed him.",
    "stray closing quote": "Iran welcomed the visit.\u201d Kazakhstan agreed\u201d on Monday.",
    "only punctuation": "!!! ... ,,, ??? \u2014 ; : ( ) [ ] -- ...",
    "punctuation and quotation marks": "!!! ,,, ??? ( ) \" ' \u201c \u201d \u00ab\u00bb",
    "only quotation marks": "\" ' \u201c \u201d \u00ab\u00bb \u2018 \u2019",
}


@pytest.mark.parametrize("text", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_text_gives_a_valid_record(text: str, extract: Extract) -> None:
    record = extract(text, published="2022-06-19")
    assert record.errors == ()
    assert record.document.text
    assert record.sentences


def test_long_sentence_is_one_sentence(extract: Extract) -> None:
    assert len(LONG_SENTENCE.split()) > 2000
    record = extract(LONG_SENTENCE)
    assert len(record.sentences) == 1
    assert record.sentences[0].end - record.sentences[0].start == len(LONG_SENTENCE)


@pytest.mark.parametrize("text", ['( ) " \' “ ” «»', '- " - - - - "', "“ … ”"])
def test_wordless_quotation_is_no_quote(text: str, extract: Extract) -> None:
    record = extract(text)
    assert record.quotes == ()
