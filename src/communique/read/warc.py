"""Web archives (WARC, plain or gzipped): one document per archived HTML page.

A crawl keeps every exchange as a record; only HTTP ``response`` records with a
2xx status whose Content-Type is HTML (``text/html``, ``application/xhtml+xml``)
are read. Requests, metadata, revisits, images, scripts, redirects and error
pages are passed over without a word. Each page's body (transfer and content
encodings undone) is decoded with the usual detection
(:func:`~communique.read.read_text_bytes`, after a charset the HTTP header
declares, when the body is not UTF-8) and its main text extracted by the HTML
reader (:func:`~communique.read.html.read_html_document`).

The document's ``url`` is the record's ``WARC-Target-URI``; ``published`` is
the date the page itself gives, or None: ``WARC-Date`` is when the page was
crawled, not when it was published, and is never used as the publication
date. The document's ``path`` is ``FILE#OFFSET``, the byte offset of its record
in the (compressed) file, so ``warcio extract FILE OFFSET`` finds it again.

A record that cannot be read becomes a :class:`WarcRecordError` (an
:class:`~communique.errors.InputError` with the file and the record's offset)
in the stream, and reading goes on: with a page without main text, with the
next record; with a broken record, from the next place in the file where a
record starts (the next gzip member, or the next ``WARC/1.x`` line).
"""

from __future__ import annotations

import codecs
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import EmptyInputError, InputError
from ..model import Document, replace
from .html import read_html_document

HTML_TYPES = ("text/html", "application/xhtml+xml")
# A record body larger than this is not an article page (or not worth parsing whole).
MAX_RECORD_BYTES = 20 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)WARC/1\.\d\r?\n")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]{2,40})", re.I)
_SCAN_CHUNK = 1024 * 1024
# What a damaged file makes warcio (or the decompressors under it) raise; warcio's header parser
# also trips over its own None and index checks (a response record without WARC-Target-URI).
_BROKEN = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, OSError, AttributeError, TypeError, IndexError,
           KeyError)

Item = Document | InputError


class WarcRecordError(InputError):
    """A WARC record that could not be read as a document; ``offset`` is its byte offset in the file."""

    def __init__(self, message: str, path: str, offset: int, url: str | None = None) -> None:
        where = f"record at byte {offset}" + (f" ({url})" if url else "")
        super().__init__(f"{where}: {message}", path)
        self.offset = offset
        self.url = url


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The codec a Content-Type header names, or None when it names none Python knows.

    >>> header_charset("text/html; charset=ISO-8859-1")
    'iso8859-1'
    """
    m = _CHARSET.search(content_type or "")
    if not m:
        return None
    try:
        return codecs.lookup(m[1]).name
    except LookupError:
        return None


def decode_body(body: bytes, content_type: str | None) -> str | bytes:
    """The body as text when the HTTP header's charset reads it and it is not UTF-8; else the bytes.

    Bytes are left to :func:`~communique.read.read_text_bytes` (byte order marks,
    UTF-8, the page's own ``<meta charset>``, then a guess).
    """
    charset = header_charset(content_type)
    if charset is None or charset in ("utf-8", "ascii"):
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        return body.decode(charset)
    except UnicodeDecodeError:
        return body


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return False
    return _media_type(record.http_headers.get_header("Content-Type")) in HTML_TYPES


def _page(record: Any, body: bytes, path: str, offset: int) -> Iterator[Item]:
    url = record.rec_headers.get_header("WARC-Target-URI")
    if len(body) > MAX_RECORD_BYTES:
        yield WarcRecordError(f"page larger than {MAX_RECORD_BYTES} bytes", path, offset, url)
        return
    content_type = record.http_headers.get_header("Content-Type")
    where = f"{path}#{offset}"
    try:
        document, warnings = read_html_document(decode_body(body, content_type), path=where, url=url)
    except InputError as err:
        yield WarcRecordError(err.reason, path, offset, url)
        return
    yield replace(document, path=where)
    yield from warnings


@dataclass(frozen=True)
class _Break:
    """Where reading broke off: the offset of the record being read, and why."""

    offset: int
    reason: str


def _records(fh: IO[bytes], path: str) -> Iterator[Item | _Break]:
    """Items of the records from the handle's position on, then a :class:`_Break` if the file is damaged."""
    archive = ArchiveIterator(fh)
    records = iter(archive)
    while True:
        try:  # only warcio's parsing is guarded: a failure in the HTML reader is not a broken record
            record = next(records, None)
            if record is None:
                return
            offset = archive.offset
            if not _is_html_response(record):
                continue
            body = record.content_stream().read(MAX_RECORD_BYTES + 1)
        except _BROKEN as err:
            yield _Break(archive.offset, " ".join(str(err).split())[:200] or type(err).__name__)
            return
        yield from _page(record, body, path, offset)


def _next_start(fh: IO[bytes], after: int, gzipped: bool) -> int | None:
    """The offset of the next place after ``after`` where a record may start, or None at the end of the file."""
    position = after + 1
    overlap = 16
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        if gzipped:
            found = chunk.find(_GZIP_MAGIC)
        else:
            m = _WARC_LINE.search(chunk)
            found = -1 if m is None else m.start() + (1 if chunk[m.start():m.start() + 1] == b"\n" else 0)
        if found >= 0:
            return position + found
        if len(chunk) < _SCAN_CHUNK:
            return None
        position += len(chunk) - overlap


def read_warc_stream(fh: IO[bytes], *, path: str) -> Iterator[Item]:
    """Documents (each followed by its warnings) and errors of a WARC read from a binary handle.

    The handle must be seekable for reading to resume after a broken record;
    from one that is not, a broken record ends the stream. One damaged stretch
    is one error: places after it that look like a record start but do not
    parse are passed over silently.
    """
    seekable = fh.seekable()
    position = fh.tell() if seekable else 0
    head = b""
    if seekable:
        head = fh.read(2)
        if not head:
            yield EmptyInputError("empty file", path)
            return
    gzipped = seekable and head == _GZIP_MAGIC[:2]
    resyncing = False
    while True:
        if seekable:
            fh.seek(position)
        broke: _Break | None = None
        for item in _records(fh, path):
            if isinstance(item, _Break):
                broke = item
            else:
                yield item
        if broke is None:
            return
        if broke.offset > position or not resyncing:
            yield WarcRecordError(f"broken record: {broke.reason}", path, broke.offset)
        if not seekable:
            return
        following = _next_start(fh, broke.offset, gzipped)
        if following is None:
            return
        position, resyncing = following, True


def read_warc(path: str | os.PathLike[str]) -> Iterator[Item]:
    """Documents and errors of a ``.warc`` or ``.warc.gz`` file, streamed record by record (see the module)."""
    name = os.fspath(path)
    try:
        fh = open(name, "rb")  # noqa: SIM115  (closed below, after the generator is done with it)
    except FileNotFoundError:
        yield InputError("no such file or directory", name)
        return
    except IsADirectoryError:
        yield InputError("is a directory", name)
        return
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror or err}", name)
        return
    with fh:
        yield from read_warc_stream(fh, path=name)
