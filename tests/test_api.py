"""The public Python API."""

from __future__ import annotations

import communique


def test_public_api_is_pinned() -> None:
    assert sorted(communique.__all__) == sorted([
        "Actor", "Commitment", "CommuniqueError", "Document", "Event", "Memory", "Mention", "Quantity", "Quote",
        "Record", "Sentence", "Settings", "StageError", "__version__", "extract", "extract_document",
        "extract_paths", "ingest", "ingest_documents", "open_store",
    ])
    for name in communique.__all__:
        assert hasattr(communique, name), name
