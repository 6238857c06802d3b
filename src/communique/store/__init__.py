"""The embedded DuckDB store: normalised tables of document records, and queries.

>>> from communique.store import open_store
>>> with open_store(":memory:") as store:
...     store.counts()["events"]
0

Tables: ``meta`` (the schema version); per document, keyed by document id:
documents, sentences, actors, mentions, events, quotes, quantities,
commitments, errors; the actor memory across documents: ``actor_names``,
``actor_sightings`` and the view ``actor_roles`` (:mod:`.actors`); relations
across documents: ``global_events``, ``event_mentions`` and the view
``global_event_counts`` (:mod:`.linking`), ``commitment_threads`` and
``commitment_updates`` (:mod:`.tracking`). Every column is described in
``docs/store-schema.md``. Migrations live in ``store/migrations/NNNN_*.sql``.
"""

from __future__ import annotations

from .db import Store, open_store
from .migrate import SCHEMA_VERSION
from .writes import IngestSummary

__all__ = ["SCHEMA_VERSION", "IngestSummary", "Store", "open_store"]
