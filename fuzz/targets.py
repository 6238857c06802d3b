"""Fuzz targets: one function per reader family, one for the whole extractor.

Each target takes arbitrary bytes and feeds them to one part of communique.
A :class:`~communique.errors.CommuniqueError` (a typed error with where and
why) is an accepted answer to bad input; any other exception, or a broken
invariant (an offset that does not index the text, a record that does not
survive its own round trip), is a crash.

The module does not import atheris, so the test suite can replay saved
crash inputs (``tests/reliability/crashes/<target>/``) without it; the
driver (:mod:`fuzz.driver`) wraps these functions for libFuzzer.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from communique.errors import CommuniqueError, InputError
from communique.model import Document, Record

Target = Callable[[bytes], None]

#: Contract problems already found, reported to the owner of the module at fault, and not yet fixed
#: there: (pattern of the problem line, where the fix belongs). The extractor target passes over
#: these (so the suite stays green meanwhile); ``replay(..., strict=True)`` does not.
KNOWN_ISSUES: tuple[tuple[str, str], ...] = ()


def as_text(data: bytes) -> str:
    """Bytes as text: UTF-8 with undecodable bytes replaced (every code point but surrogates is reachable)."""
    return data.decode("utf-8", errors="replace")


def split_once(data: bytes) -> tuple[bytes, bytes]:
    """The first line (a side input such as a published date) and the rest."""
    head, _, rest = data.partition(b"\n")
    return head, rest


def check_span(text: str, start: Any, end: Any, surface: str | None = None, what: str = "span") -> None:
    """Fail unless ``0 <= start <= end <= len(text)`` and ``text[start:end] == surface`` when given."""
    assert isinstance(start, int) and isinstance(end, int), f"{what}: offsets {start!r}..{end!r} not ints"
    assert 0 <= start <= end <= len(text), f"{what}: {start}..{end} outside text of length {len(text)}"
    if surface is not None:
        assert text[start:end] == surface, f"{what}: {surface!r} != {text[start:end]!r}"


def check_document(doc: Document) -> None:
    """What every reader promises about a document it yields."""
    from communique.read import document_id, normalise_text

    assert doc.text, "a document without text"
    assert doc.text == normalise_text(doc.text), "document text is not stable under normalise_text"
    assert doc.id == document_id(doc.text), "document id does not match its text"
    Document.from_dict(json.loads(json.dumps(doc.to_dict())))


def consume(items: Iterable[object]) -> None:
    """Read a reader's stream to the end, checking each document and each error."""
    for item in items:
        if isinstance(item, Document):
            check_document(item)
        else:
            assert isinstance(item, InputError), f"a reader yielded {type(item).__name__}"
            assert str(item), "an input error without a message"


def guarded(target: Target) -> Target:
    """The target with typed errors accepted: only other exceptions escape."""

    def run(data: bytes) -> None:
        try:
            target(data)
        except CommuniqueError:
            return

    run.__name__ = getattr(target, "__name__", "target")
    run.__doc__ = target.__doc__
    return run


# ---------------------------------------------------------------- readers


def fuzz_text(data: bytes) -> None:
    """Plain text files, and files of unknown kind (sniffed, as ``read_file`` does)."""
    from communique.read.encoding import looks_binary
    from communique.read.files import read_bytes_as, sniff_kind

    consume(read_bytes_as(data, "text", path="fuzz.txt"))
    if not looks_binary(data):
        kind = sniff_kind(data)
        if kind != "warc":
            consume(read_bytes_as(data, kind, path="fuzz"))


def fuzz_html(data: bytes) -> None:
    """HTML pages (trafilatura) and HTML fragments (feed items)."""
    from communique.read.files import read_bytes_as
    from communique.read.html import html_to_text

    consume(read_bytes_as(data, "html", path="fuzz.html"))
    html_to_text(as_text(data))


def fuzz_jsonl(data: bytes) -> None:
    """JSON Lines files."""
    from communique.read.files import read_bytes_as

    consume(read_bytes_as(data, "jsonl", path="fuzz.jsonl"))


def fuzz_feed(data: bytes) -> None:
    """RSS and Atom feeds."""
    from communique.read.files import read_bytes_as

    consume(read_bytes_as(data, "feed", path="fuzz.xml"))


def fuzz_warc(data: bytes) -> None:
    """Web archives, plain or gzipped, from a seekable and from an unseekable stream."""
    from communique.read.warc import read_warc_stream

    consume(read_warc_stream(io.BytesIO(data), path="fuzz.warc"))

    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

    consume(read_warc_stream(Unseekable(data), path="fuzz.warc"))


def fuzz_detect(data: bytes) -> None:
    """Decoding, cleaning, ids, dateline, licence and publisher detection, publication dates."""
    from communique.read import (
        detect_dateline,
        detect_license,
        detect_publisher,
        document_id,
        normalise_text,
        parse_date,
        read_text_bytes,
    )

    try:
        decoded = read_text_bytes(data)
    except InputError:
        decoded = as_text(data)
    text = normalise_text(decoded)
    assert normalise_text(text) == text, "normalise_text is not idempotent"
    document_id(text)
    for found in (detect_dateline(text), detect_publisher(text)):
        assert found is None or isinstance(found, str)
    licence = detect_license(text)
    assert licence is None or licence.startswith("CC")
    day = parse_date(text)
    assert day is None or (len(day) == 10 and parse_date(day) == day), f"parse_date gave {day!r}"


def fuzz_dates(data: bytes) -> None:
    """Date expressions in running text (pipeline) and publication dates (reader); first line is the date."""
    from communique.pipeline.dates import find_dates, resolve_date
    from communique.read import parse_date

    head, rest = split_once(data)
    published = as_text(head)
    text = as_text(rest)
    day = parse_date(published)
    for when in (published, day):
        for m in find_dates(text, when):
            check_span(text, m.start, m.end, m.text, "date mention")
            assert m.date is None or len(m.date) == 10
        resolve_date(text, when)
        resolve_date(text, when, future=True)


def fuzz_segment(data: bytes) -> None:
    """The sentence splitter and the quantity parser over any text."""
    from communique.pipeline.quantities import find_quantities
    from communique.pipeline.segment import split_sentences

    text = as_text(data)
    sentences = split_sentences(text)
    previous = 0
    for i, s in enumerate(sentences):
        assert s.index == i
        check_span(text, s.start, s.end, what="sentence")
        assert s.start >= previous and s.end > s.start, "sentences overlap or are empty"
        previous = s.end
    for found in (find_quantities(text, sentences), find_quantities(text, ())):
        for q in found:
            check_span(text, q.start, q.end, q.text, "quantity")
            assert q.value is None or q.value == q.value, "NaN value"


# ---------------------------------------------------------------- the whole extractor


def check_record(record: Record, *, strict: bool = True) -> None:
    """The output contract: schema, offsets, references, and a lossless JSON round trip.

    Not ``strict``: offset problems matching :data:`KNOWN_ISSUES` are passed over.
    """
    from communique.schema import offsets_ok, references_ok, validate_record

    data = record.to_dict()
    validate_record(data)
    known = () if strict else tuple(re.compile(pattern) for pattern, _ in KNOWN_ISSUES)
    problems = [p for p in offsets_ok(data) if not any(k.search(p) for k in known)]
    assert problems == [], problems
    assert references_ok(data) == [], references_ok(data)
    again = json.loads(json.dumps(data))
    assert Record.from_dict(again).to_dict() == again, "record does not survive to_dict/from_dict"


def fuzz_extract(data: bytes, strict: bool = False) -> None:
    """``api.extract`` on arbitrary text (first line: the published date); the model is loaded once."""
    from communique import api

    head, rest = split_once(data)
    check_record(api.extract(as_text(rest), published=as_text(head)[:40] or None), strict=strict)


TARGETS: dict[str, Target] = {
    "text": fuzz_text, "html": fuzz_html, "jsonl": fuzz_jsonl, "feed": fuzz_feed, "warc": fuzz_warc,
    "detect": fuzz_detect, "dates": fuzz_dates, "segment": fuzz_segment, "extract": fuzz_extract,
}


def warm_up(name: str) -> None:
    """Load what a target needs once, before fuzzing starts (the spaCy model for ``extract``)."""
    if name == "extract":
        from communique import api

        api.resources()


def replay(name: str, data: bytes, *, strict: bool = False) -> None:
    """Run one input through a target; raises on a crash, returns quietly on a typed error.

    ``strict``: the extractor target fails on :data:`KNOWN_ISSUES` too.
    """
    target = functools.partial(fuzz_extract, strict=True) if strict and name == "extract" else TARGETS[name]
    guarded(target)(data)
