"""Files, directories and standard input to documents, never stopping at a bad input.

Kinds by extension: ``.txt .text .md`` text, ``.html .htm`` HTML,
``.jsonl .ndjson`` JSON Lines, ``.xml .rss .atom`` feeds, ``.warc .warc.gz`` web
archives (read record by record, see :mod:`.warc`). In a directory
(walked recursively, hidden files and folders ignored, sorted by path) files
of other kinds are reported as skipped. A file named explicitly whose extension
is unknown is sniffed: markup that looks like a feed or a page is read as one,
anything else as text.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from ..errors import EmptyInputError, InputError
from ..model import Document, replace
from .dates import parse_date
from .document import build_document
from .encoding import looks_binary, read_text_bytes
from .feeds import read_feed_bytes
from .html import read_html_document
from .jsonl import read_jsonl_text
from .problems import InvalidDateWarning, SkippedFileWarning
from .warc import read_warc, read_warc_stream

Kind = Literal["text", "html", "jsonl", "feed", "warc"]
KINDS: dict[str, Kind] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".warc.gz": "warc",
}
STDIN = "-"
STDIN_PATH = "<stdin>"

Item = Document | InputError


def kind_of(path: str | os.PathLike[str]) -> Kind | None:
    """The kind a file's extension names (``.warc.gz`` counts as one), or None for an unsupported extension."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    return KINDS.get("".join(suffixes[-2:])) or KINDS.get(Path(path).suffix.lower())


def sniff_kind(data: bytes) -> Kind:
    """The kind of a file whose extension says nothing, from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith(b"warc/1."):
        return "warc"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "feed" if head.startswith(b"<?xml") else "text"


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as err:
        raise InputError("no such file or directory", path) from err
    except IsADirectoryError as err:
        raise InputError("is a directory", path) from err
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror or err}", path) from err


def _with_warnings(result: tuple[Document, tuple[InputError, ...]]) -> Iterator[Item]:
    document, warnings = result
    yield document
    yield from warnings


def read_bytes_as(data: bytes, kind: Kind, *, path: str) -> Iterator[Item]:
    """Documents (and problems) from the bytes of one input of a known kind."""
    if not data.strip():
        yield EmptyInputError("empty file", path)
        return
    try:
        if kind == "feed":
            yield from read_feed_bytes(data, path=path)
        elif kind == "html":
            yield from _with_warnings(read_html_document(data, path=path))
        elif kind == "warc":
            yield from read_warc_stream(io.BytesIO(data), path=path)
        elif kind == "jsonl":
            yield from read_jsonl_text(read_text_bytes(data, path=path), path=path)
        else:
            yield from _with_warnings(build_document(read_text_bytes(data, path=path), path=path))
    except InputError as err:
        yield err


def read_file(path: str | os.PathLike[str]) -> Iterator[Item]:
    """Documents of one file of any supported kind; JSON Lines and feeds give several.

    Never raises for bad content: an unreadable, empty or binary file, a bad JSON
    line or a page without main text comes back as an
    :class:`~communique.errors.InputError` (with path, and line for JSON Lines)
    in the stream, and warnings (:mod:`~communique.read.problems`) follow the
    document they are about.
    """
    name = os.fspath(path)
    kind = kind_of(name)
    if kind == "warc":  # streamed: a crawl does not fit in memory
        yield from read_warc(name)
        return
    try:
        data = _read_bytes(name)
    except InputError as err:
        yield err
        return
    if kind is None:
        if looks_binary(data) and not data.startswith(b"WARC/1."):  # a crawl holds images
            yield InputError("binary data, not text", name)
            return
        kind = sniff_kind(data)
    if kind in ("text", "jsonl") and looks_binary(data):
        yield InputError("binary data, not text", name)
        return
    yield from read_bytes_as(data, kind, path=name)


def _hidden(name: str) -> bool:
    return name.startswith(".")


def walk_directory(root: str) -> Iterator[str | InputError]:
    """Every non-hidden file under ``root`` sorted by path, and errors for folders that cannot be listed."""
    errors: list[InputError] = []

    def on_error(err: OSError) -> None:
        errors.append(InputError(f"cannot list directory: {err.strerror or err}", err.filename or root))

    found: list[tuple[tuple[str, ...], str]] = []
    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs[:] = [d for d in dirs if not _hidden(d)]
        for name in files:
            if not _hidden(name):
                full = os.path.join(folder, name)
                found.append((Path(os.path.relpath(full, root)).parts, full))
    yield from errors
    for _, full in sorted(found):
        yield full


def _read_directory(root: str) -> Iterator[Item]:
    for entry in walk_directory(root):
        if isinstance(entry, InputError):
            yield entry
        elif kind_of(entry) is None:
            yield SkippedFileWarning(entry, Path(entry).suffix.lower())
        else:
            yield from read_file(entry)


def _read_stdin() -> Iterator[Item]:
    try:
        data = sys.stdin.buffer.read()
    except (OSError, ValueError, AttributeError) as err:
        yield InputError(f"cannot read standard input: {err}", STDIN_PATH)
        return
    if looks_binary(data):
        yield InputError("binary data, not text", STDIN_PATH)
        return
    yield from read_bytes_as(data, "text", path=STDIN_PATH)


def _read_path(path: str | os.PathLike[str]) -> Iterator[Item]:
    name = os.fspath(path)
    if name == STDIN:
        yield from _read_stdin()
    elif os.path.isdir(name):
        yield from _read_directory(name)
    else:
        yield from read_file(name)


def iter_documents(
    paths: Iterable[str | os.PathLike[str]], *, published: str | None = None,
) -> Iterator[Item]:
    """Documents of every file and directory in ``paths``, in order; ``"-"`` reads standard input as text.

    Bad inputs never stop the run: each comes back as an
    :class:`~communique.errors.InputError` in its place (path, line, why), and
    everything else is read. Warnings (:class:`~communique.read.problems.InputWarning`,
    still ``InputError`` instances) follow the document they are about, or
    stand alone for skipped files.

    ``published`` fills in the date of documents that have none. If it is not a
    valid date it is reported once, as the first item, and not used.
    """
    fallback = None
    if published is not None and published != "":
        fallback = parse_date(published)
        if fallback is None:
            yield InvalidDateWarning(published)
    for path in paths:
        for item in _read_path(path):
            if fallback and isinstance(item, Document) and item.published is None:
                item = replace(item, published=fallback)
            yield item
