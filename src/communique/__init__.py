"""communique: news about international relations as structured, sourced, queryable data.

>>> import communique
>>> sorted(communique.__all__)[:3]
['Actor', 'CommuniqueError', 'Commitment']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import extract, extract_document, extract_paths, ingest, ingest_documents, open_store
from .errors import CommuniqueError
from .lexicon.memory import Memory
from .model import (
    Actor,
    Commitment,
    Document,
    Event,
    Mention,
    Quantity,
    Quote,
    Record,
    Sentence,
    StageError,
)
from .settings import Settings

try:
    __version__ = version("communique")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "Actor",
    "Commitment",
    "CommuniqueError",
    "Document",
    "Event",
    "Memory",
    "Mention",
    "Quantity",
    "Quote",
    "Record",
    "Sentence",
    "Settings",
    "StageError",
    "__version__",
    "extract",
    "extract_document",
    "extract_paths",
    "ingest",
    "ingest_documents",
    "open_store",
]
