"""The batch runner: documents to Parquet shards with a pool of local processes, resumable.

>>> from communique.scale.batch import shard_id
>>> shard_id(3, "d0123456789abcdef")
'000003-d0123456789abcdef'

:func:`run_batch` reads its inputs with :func:`communique.read.iter_documents`
(in order), drops repeated document ids (the first one wins), and cuts the
stream into shards of ``shard_size`` items (documents and unreadable inputs)
in that order, so the same inputs always give the same shards with the same
ids. Each shard is extracted by one worker process (``spawn`` context; the
language model is loaded once per worker by the pool's initializer) with
:func:`communique.api.extract_document`, each document resolved alone (no
actor memory across documents), and written by the worker
(:func:`.shards.write_shard`); the parent then adds it to the manifest.

A rerun over the same output folder skips the shards the manifest already
counts, so an interrupted run loses nothing and stores nothing twice. A
document whose extraction raises, and an input that cannot be read, gets a
row in the shard's ``errors`` table (stage ``extract`` or ``read``, the
exception's class and message) instead of a document row.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from .. import api
from ..errors import InputError, SettingsError
from ..model import Document, Record
from ..read import is_warning, iter_documents
from ..read.files import STDIN
from ..settings import Settings
from .shards import (
    ShardEntry,
    manifest_shard_size,
    read_manifest,
    record_tables,
    utc_now,
    write_manifest,
    write_shard,
)

Item = Document | InputError
ErrorRow = tuple[str, str, str, str]
DEFAULT_SHARD_SIZE = 200


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """The items of one shard, in input order."""

    id: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a run is: items done (of ``total`` when known), rate and estimated seconds left."""

    done: int
    total: int | None
    seconds: float
    docs_per_second: float
    eta_seconds: float | None


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did."""

    out: str
    shards: int  # finished shards in the manifest after the run
    written: int  # shards written by this run
    skipped: int  # shards found finished and not redone
    documents: int  # documents stored by this run's shards
    failed: int  # documents and inputs of this run's shards that went to ``errors``
    duplicates: int  # repeated document ids dropped while reading
    warnings: tuple[str, ...]
    seconds: float
    complete: bool  # False when the run was stopped before every shard was written

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0


def shard_id(index: int, first_key: str) -> str:
    """The id of the ``index``-th shard, named after its first item."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in first_key)[:40]
    return f"{index:06d}-{safe}"


def item_key(item: Item) -> str:
    """A document's id; for an unreadable input, where it is (path and line)."""
    if isinstance(item, Document):
        return item.id
    where = item.path or "input"
    return f"{where}:{item.line}" if item.line is not None else where


def plan_shards(items: Iterable[Item], shard_size: int, *, seen: set[str] | None = None) -> Iterator[ShardPlan]:
    """Cut an item stream into shards of ``shard_size``, in order, dropping repeated document ids.

    Warnings are not items of a shard (the caller sees them in ``iter_documents``).
    ``seen`` collects the document ids met so far (pass a set to count duplicates).
    """
    if shard_size < 1:
        raise ValueError(f"shard_size must be a positive integer, got {shard_size!r}")
    known = seen if seen is not None else set()
    chunk: list[Item] = []
    index = 0
    for item in items:
        if is_warning(item):
            continue
        if isinstance(item, Document):
            if item.id in known:
                continue
            known.add(item.id)
        chunk.append(item)
        if len(chunk) == shard_size:
            yield ShardPlan(shard_id(index, item_key(chunk[0])), tuple(chunk))
            index += 1
            chunk = []
    if chunk:
        yield ShardPlan(shard_id(index, item_key(chunk[0])), tuple(chunk))


def _error_row(key: str, stage: str, exc: BaseException) -> ErrorRow:
    reason = exc.reason if isinstance(exc, InputError) else str(exc)
    return (key, stage, type(exc).__name__, reason)


def process_shard(plan: ShardPlan, out: str, settings: Settings) -> ShardEntry:
    """Extract and write one shard; a failing document becomes a row of ``errors``."""
    records: list[Record] = []
    errors: list[ErrorRow] = []
    for item in plan.items:
        if isinstance(item, InputError):
            errors.append(_error_row(item_key(item), "read", item))
            continue
        try:
            records.append(api.extract_document(item, settings))
        # Any exception: one bad document must not cost the shard; it is recorded in errors.
        except Exception as exc:  # noqa: BLE001
            errors.append(_error_row(item.id, "extract", exc))
    tables = record_tables(records, utc_now(), errors)
    write_shard(tables, out, plan.id)
    return ShardEntry(plan.id, tuple(r.document.id for r in records), tuple(e[0] for e in errors),
                      {name: t.num_rows for name, t in tables.items()})


def _init_worker(settings: Settings) -> None:
    """Pool initializer: load the model and lexicon once per worker process."""
    api.resources(settings)


class _InlineExecutor(Executor):
    """Runs each task in this process when it is submitted (``workers=0``)."""

    def submit(self, fn: Callable[..., ShardEntry], /, *args: object, **kwargs: object) -> Future[ShardEntry]:
        future: Future[ShardEntry] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def _executor(workers: int, settings: Settings) -> Executor:
    if workers == 0:
        return _InlineExecutor()
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(settings,))


def count_items(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many distinct documents and unreadable inputs the inputs hold (None for standard input)."""
    paths = list(inputs)
    if any(os.fspath(p) == STDIN for p in paths):
        return None
    ids: set[str] = set()
    errors = 0
    for item in iter_documents(paths):
        if isinstance(item, Document):
            ids.add(item.id)
        elif not is_warning(item):
            errors += 1
    return len(ids) + errors


def _progress(done: int, total: int | None, processed: int, started: float) -> Progress:
    seconds = time.monotonic() - started
    rate = processed / seconds if seconds > 0 else 0.0
    eta = (total - done) / rate if total is not None and rate > 0 else None
    return Progress(done, total, seconds, rate, eta)


def run_batch(
    inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, workers: int = 2,
    shard_size: int = DEFAULT_SHARD_SIZE, settings: Settings | None = None,
    progress: Callable[[Progress], None] | None = None, published: str | None = None,
    stop_after: int | None = None,
) -> BatchReport:
    """Extract every document under ``inputs`` into Parquet shards in ``out`` (see the module docstring).

    ``workers=0`` runs in this process. ``stop_after`` stops once that many
    shards have been written by this run (as an interruption would; for tests).
    """
    if workers < 0:
        raise ValueError(f"workers must be 0 or more, got {workers!r}")
    s = settings or Settings.load()
    paths = [os.fspath(p) for p in inputs]
    folder = str(out)
    Path(folder).mkdir(parents=True, exist_ok=True)
    done_before = read_manifest(folder)
    cut_by = manifest_shard_size(folder)
    if done_before and cut_by is not None and cut_by != shard_size:  # the shards would not line up: loss
        raise SettingsError(f"{folder} holds shards of {cut_by} documents: resume it with --shard-size {cut_by}, "
                            f"or write to a new folder")
    entries = dict(done_before)
    total = count_items(paths) if progress else None
    started = time.monotonic()
    warnings: list[str] = []
    seen: set[str] = set()
    docs_read = 0

    def stream() -> Iterator[Item]:
        nonlocal docs_read
        for item in iter_documents(paths, published=published):
            if is_warning(item):
                warnings.append(str(item))
            elif isinstance(item, Document):
                docs_read += 1
            yield item

    written: list[ShardEntry] = []
    skipped = done = processed = 0
    in_flight: dict[Future[ShardEntry], int] = {}
    stopped = False
    limit = max(1, workers) * 2

    def finish(futures: Iterable[Future[ShardEntry]]) -> None:
        nonlocal done, processed
        for future in futures:
            size = in_flight.pop(future)
            entry = future.result()
            entries[entry.id] = entry
            written.append(entry)
            write_manifest(folder, entries.values(), shard_size)
            done += size
            processed += size
            if progress:
                progress(_progress(done, total, processed, started))

    executor = _executor(workers, s)
    try:
        for plan in plan_shards(stream(), shard_size, seen=seen):
            if stop_after is not None and len(written) >= stop_after:
                stopped = True
                break
            if plan.id in done_before:
                skipped += 1
                done += len(plan.items)
                continue
            in_flight[executor.submit(process_shard, plan, folder, s)] = len(plan.items)
            while len(in_flight) >= limit or (in_flight and workers == 0):
                finish(wait(list(in_flight), return_when=FIRST_COMPLETED).done)
            if stop_after is not None and len(written) >= stop_after:
                stopped = True
                break
        if stopped:
            for future in list(in_flight):
                future.cancel()
            in_flight.clear()
        while in_flight:
            finish(wait(list(in_flight), return_when=FIRST_COMPLETED).done)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
    return BatchReport(
        out=folder, shards=len(entries), written=len(written), skipped=skipped,
        documents=sum(len(e.documents) for e in written), failed=sum(len(e.failed) for e in written),
        duplicates=docs_read - len(seen),
        warnings=tuple(warnings), seconds=time.monotonic() - started, complete=not stopped,
    )
