"""The embedded DuckDB store: normalised tables of document records, and queries.

>>> from communique.store import open_store
>>> with open_store(":memory:") as store:
...     store.counts()["events"]
0

Tables (all keyed by document id): documents, sentences, actors, mentions,
events, quotes, quantities, commitments, errors; plus ``meta`` with the
schema version, and the actor memory across documents (``actor_names``,
``actor_sightings`` and the view ``actor_roles``, see :mod:`.actors`).
Migrations live in ``store/migrations/NNNN_*.sql``.
"""

from __future__ import annotations

from .db import Store, open_store
from .migrate import SCHEMA_VERSION
from .writes import IngestSummary

__all__ = ["SCHEMA_VERSION", "IngestSummary", "Store", "open_store"]
