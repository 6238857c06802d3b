"""Shared fixtures. Every record the suite produces is checked against the contract's JSON Schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from communique import api
from communique.model import Document, Record
from communique.schema import offsets_ok, references_ok, validate_record

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "corpus" / "seed"


def check_record(record: Record) -> None:
    """The contract: schema-valid, every offset indexes the text, every id points somewhere."""
    data = record.to_dict()
    validate_record(data)
    assert offsets_ok(data) == []
    assert references_ok(data) == []


@pytest.fixture(autouse=True)
def _validate_every_record(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = api.extract_document

    def checked(document: Document, settings=None, **options) -> Record:  # type: ignore[no-untyped-def]
        record = original(document, settings, **options)
        check_record(record)
        return record

    monkeypatch.setattr(api, "extract_document", checked)
    yield


@pytest.fixture
def extract() -> Callable[..., Record]:
    """``extract(text, published=...)`` through the public API."""
    return api.extract


@pytest.fixture
def seed_dir() -> Path:
    if not (SEED / "tehran-tokayev-visit.txt").is_file():
        pytest.skip("../shared/corpus/seed is not present")
    return SEED
