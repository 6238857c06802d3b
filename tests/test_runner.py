"""The stage runner: order checks and failure isolation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from communique.errors import PipelineError
from communique.model import Document, Quantity
from communique.pipeline import STAGES, Analysis, Stage, check_order, run_stages
from communique.settings import Settings


def _ok(analysis, resources, settings):  # type: ignore[no-untyped-def]
    q = Quantity("N1", "3", 0, 1, 0, "number", 3)
    return replace(analysis, quantities=(q,))


def _boom(analysis, resources, settings):  # type: ignore[no-untyped-def]
    raise ValueError("broken stage")


def test_default_order_is_valid() -> None:
    check_order(STAGES)
    assert [s.key for s in STAGES] == [
        "segment", "entities", "actors", "quotes", "events", "quantities", "commitments"]


def test_requirement_before_provider_is_refused() -> None:
    events_first = [s for s in STAGES if s.key == "events"] + [s for s in STAGES if s.key != "events"]
    with pytest.raises(PipelineError, match="events/1.*requires"):
        check_order(events_first)


def test_duplicate_stage_is_refused() -> None:
    with pytest.raises(PipelineError, match="twice"):
        check_order([STAGES[0], STAGES[0]])


def test_failing_stage_is_recorded_and_others_kept() -> None:
    stages = [
        Stage("boom/1", requires=("document",), provides=("thing",), run=_boom),
        Stage("needs-thing/1", requires=("thing",), provides=("other",), run=_ok),
        Stage("fine/1", requires=("document",), provides=("quantities",), run=_ok),
    ]
    check_order(stages)
    out = run_stages(Analysis(Document("d1", "3 ships.")), stages, None, Settings())  # type: ignore[arg-type]
    record = out.record()
    assert [(e.stage, e.error) for e in record.errors] == [("boom/1", "ValueError"), ("needs-thing/1", "Skipped")]
    assert "broken stage" in record.errors[0].message
    assert record.quantities[0].value == 3
    assert record.document.text == "3 ships."
