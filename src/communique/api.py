"""What every shell calls: the CLI, the HTTP server and the batch jobs are thin wrappers over this.

>>> import communique
>>> record = communique.extract("TEHRAN — Iran hosted Kazakhstan's president on Sunday.",
...                             published="2022-06-19")            # doctest: +SKIP
>>> record.document.dateline                                       # doctest: +SKIP
'TEHRAN'
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .errors import InputError, QueryError, StoreError
from .lexicon import Lexicon, Memory, load_lexicon
from .model import Document, Record
from .nlp import load_model
from .pipeline import STAGES, Analysis, Resources, check_order, run_stages
from .read import check_size, is_warning, iter_documents, make_document, oversize
from .settings import Settings
from .store import IngestSummary, Store
from .store import open_store as _open_store
from .store.integrity import IntegrityReport, check_file
from .store.parquet import open_parquet as _open_parquet


@lru_cache(maxsize=4)
def _resources(model: str, lexicon: tuple[str, ...]) -> Resources:
    return Resources(nlp=load_model(model), lexicon=load_lexicon(lexicon))


def resources(settings: Settings | None = None) -> Resources:
    """The model and lexicon for these settings, loaded once per process."""
    s = settings or Settings.load()
    return _resources(s.model, tuple(s.lexicon))


def extract_document(
    document: Document, settings: Settings | None = None, *, memory: Memory | None = None,
) -> Record:
    """Run every stage over a document and return its record (stage failures are in ``errors``).

    ``memory`` (see :meth:`Store.memory`) resolves people named alone who were
    coded with an office in earlier documents; the curated lexicon wins over it.
    Raises :class:`~communique.read.DocumentTooLargeError` (an ``InputError``) for a
    text longer than the ``max_document_chars`` setting, before any stage runs.
    """
    s = settings or Settings.load()
    check_size(document, s.max_document_chars)
    check_order(STAGES)
    res = resources(s)
    if memory is not None:
        res = replace(res, memory=memory)
    analysis = run_stages(Analysis(document), STAGES, res, s)
    return analysis.record()


def extract(
    text: str, *, published: str | None = None, title: str | None = None, url: str | None = None,
    publisher: str | None = None, license: str | None = None, settings: Settings | None = None,
) -> Record:
    """Extract the document record of one article's text."""
    document = make_document(text, title=title, url=url, published=published,
                             publisher=publisher, license=license)
    return extract_document(document, settings)


def extract_paths(
    paths: Iterable[str | os.PathLike[str]], *, published: str | None = None,
    settings: Settings | None = None,
) -> Iterator[Record | InputError]:
    """Records for every document found under ``paths``; unreadable inputs come back as errors."""
    s = settings or Settings.load()
    for item in iter_documents(paths, published=published):
        if isinstance(item, InputError):
            yield item
        else:
            yield oversize(item, s.max_document_chars) or extract_document(item, s)


def open_store(path: str | os.PathLike[str] | None = None, *, settings: Settings | None = None,
               read_only: bool = False) -> Store:
    """Open (creating and migrating) the DuckDB store; the default path comes from the settings.

    A folder of Parquet files (the output of ``communique batch``, ``spark`` or
    ``export --format parquet``) opens as a read-only store (:func:`open_parquet`);
    it needs ``read_only=True``, and anything else raises StoreError.
    """
    s = settings or Settings.load()
    target = path or s.db
    if os.path.isdir(target):
        if not read_only:
            raise StoreError(f"{os.fspath(target)!r} is a folder, not a database file: a folder of Parquet files "
                             "opens read-only (read_only=True); to write, give a DuckDB file")
        return open_parquet(target)
    return _open_store(target, read_only=read_only)


def open_parquet(folder: str | os.PathLike[str], *, relations: bool = True) -> Store:
    """Open the Parquet output of ``communique batch``, ``spark`` or ``export --format parquet`` as a
    read-only store, without loading it into a database (see :mod:`communique.store.parquet`)."""
    return _open_parquet(folder, relations=relations)


def check_store(path: str | os.PathLike[str] | None = None, *, settings: Settings | None = None) -> IntegrityReport:
    """Check a database file read-only: it opens, its schema is complete, every table reads and its rows
    agree (see :mod:`communique.store.integrity`); StoreError when it is missing or not a DuckDB file."""
    s = settings or Settings.load()
    return check_file(path or s.db)


def check_countries(*codes: str | None, settings: Settings | None = None) -> None:
    """Raise QueryError for a country code that is not in the lexicon, saying what is accepted."""
    known = resources_lexicon(settings).countries
    for code in codes:
        if code is not None and code.upper() not in known:
            raise QueryError(
                f"unknown country code {code!r}: use an ISO 3166 alpha-3 code such as IRN, KAZ, USA or CHN "
                f"({len(known)} are known; see communique/lexicon/data/countries.tsv)"
            )


def resources_lexicon(settings: Settings | None = None) -> Lexicon:
    """The lexicon alone (no language model is loaded)."""
    s = settings or Settings.load()
    return load_lexicon(tuple(s.lexicon))


@dataclass
class IngestReport:
    """What an ingest run did: counts and every input problem with where and why."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, summary: IngestSummary) -> None:
        self.stored += summary.stored
        self.duplicates += summary.duplicates
        self.failed += summary.failed
        self.problems.extend(f"{doc}: {why}" for doc, why in summary.failures)


def ingest(
    paths: Iterable[str | os.PathLike[str]], store: Store, *, published: str | None = None,
    settings: Settings | None = None, progress: Callable[[int], None] | None = None, memory: bool = True,
) -> IngestReport:
    """Read, extract and store every document under ``paths``, one transaction per batch.

    With ``memory`` (the default), people coded with an office in stored or
    earlier documents are resolved when a later document names them alone.
    """
    return ingest_documents(iter_documents(paths, published=published), store, settings=settings,
                            progress=progress, memory=memory)


def ingest_documents(
    items: Iterable[Document | InputError], store: Store, *, settings: Settings | None = None,
    progress: Callable[[int], None] | None = None, memory: bool = True,
) -> IngestReport:
    """Extract and store documents already read; input errors are counted and kept in the report.

    With ``memory`` (the default) the store's actor memory is loaded first and
    every extracted record is learned from, in order, so a person coded with an
    office in one document is resolved in the later documents of this run (and
    of later runs, through the store). After each committed batch the memory is
    reloaded from the store, so a run resumed after an interruption (the stored
    documents skipped) stores exactly what an uninterrupted run would.
    ``memory=False`` resolves each document alone.
    """
    s = settings or Settings.load()
    report = IngestReport()
    batch: list[Record] = []
    known = store.memory() if memory else None
    learned: set[str] = set()
    for item in items:
        if is_warning(item):
            report.problems.append(f"warning: {item}")
        elif isinstance(item, InputError):
            report.failed += 1
            report.problems.append(str(item))
        elif too_large := oversize(item, s.max_document_chars):  # refused before extraction; the run goes on
            report.failed += 1
            report.problems.append(str(too_large))
        else:
            report.read += 1
            if store.has_document(item.id):
                report.duplicates += 1
            else:
                record = extract_document(item, s, memory=known)
                if known is not None and item.id not in learned:
                    known = known.learn(record)
                    learned.add(item.id)
                batch.append(record)
            if len(batch) >= s.batch_size:
                report.add(store.ingest(batch, batch_size=s.batch_size))
                batch = []
                # From the store, as a run resumed at this point would: its results are the same.
                known = store.memory() if memory else None
        if progress:
            progress(1)
    if batch:
        report.add(store.ingest(batch, batch_size=s.batch_size))
    return report


def demo_corpus() -> Path:
    """The bundled demo corpus (JSON Lines, written by the communique team)."""
    return Path(__file__).parent / "demo" / "corpus.jsonl"
