"""Property-based tests: arbitrary text and bytes never crash a reader, a stage or the record serialiser.

A typed :class:`~communique.errors.CommuniqueError` is an accepted answer to
bad input; any other exception is a bug. Every offset indexes the text.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_support import (
    any_text,
    byte_inputs,
    check_document,
    check_span,
    check_stream,
    feed_bytes,
    html_bytes,
    jsonl_bytes,
    news_text,
    texts,
    warc_bytes,
)

from communique.errors import EmptyInputError, InputError
from communique.model import (
    Actor,
    Commitment,
    Document,
    Event,
    Mention,
    Plover,
    Quantity,
    Quote,
    Record,
    Sentence,
    Span,
    StageError,
)
from communique.pipeline.dates import find_dates, resolve_date
from communique.pipeline.quantities import find_quantities
from communique.pipeline.segment import split_sentences
from communique.read import (
    detect_dateline,
    detect_license,
    detect_publisher,
    document_id,
    html_to_text,
    make_document,
    normalise_text,
    parse_date,
    read_text_bytes,
)
from communique.read.encoding import looks_binary
from communique.read.files import read_bytes_as, sniff_kind
from communique.read.warc import read_warc_stream
from communique.schema import SchemaError, offsets_ok, validate_record

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- readers


@FAST
@given(byte_inputs)
def test_text_reader_never_crashes(data: bytes) -> None:
    check_stream(list(read_bytes_as(data, "text", path="in.txt")))
    if not looks_binary(data) and (kind := sniff_kind(data)) != "warc":
        check_stream(list(read_bytes_as(data, kind, path="in")))


@FAST
@given(byte_inputs)
def test_read_text_bytes_decodes_or_says_why(data: bytes) -> None:
    try:
        text = read_text_bytes(data, path="in.txt")
    except InputError as err:
        assert err.path == "in.txt" and err.reason
        return
    assert isinstance(text, str)


@SLOW
@given(st.one_of(html_bytes(), byte_inputs))
def test_html_reader_never_crashes(data: bytes) -> None:
    check_stream(list(read_bytes_as(data, "html", path="in.html")))


@FAST
@given(st.one_of(texts, html_bytes().map(lambda b: b.decode("utf-8", "replace"))))
def test_html_fragments_become_clean_text(fragment: str) -> None:
    text = html_to_text(fragment)
    assert isinstance(text, str) and text == text.strip()
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", text)  # what lxml refuses


def test_html_fragment_drops_scripts() -> None:
    assert html_to_text("<p>Talks <script>alert(1)</script>resumed.</p><p>\x01More.</p>") == "Talks resumed.\n\nMore."


@FAST
@given(st.one_of(jsonl_bytes(), byte_inputs))
def test_jsonl_reader_never_crashes(data: bytes) -> None:
    items = list(read_bytes_as(data, "jsonl", path="in.jsonl"))
    check_stream(items)
    for item in items:
        if isinstance(item, InputError) and item.line is not None:
            assert item.line >= 1 and item.path == "in.jsonl"


@SLOW
@given(st.one_of(feed_bytes(), byte_inputs))
def test_feed_reader_never_crashes(data: bytes) -> None:
    check_stream(list(read_bytes_as(data, "feed", path="in.xml")))


@FAST
@given(st.one_of(warc_bytes(), byte_inputs))
def test_warc_reader_never_crashes(data: bytes) -> None:
    check_stream(list(read_warc_stream(io.BytesIO(data), path="in.warc")))


# ---------------------------------------------------------------- cleaning, ids and detection


@FAST
@given(any_text)
def test_normalise_text_is_idempotent_and_storable(text: str) -> None:
    clean = normalise_text(text)
    assert normalise_text(clean) == clean
    assert clean == clean.strip() and "\r" not in clean and "\x00" not in clean
    assert unicodedata.is_normalized("NFC", clean)
    clean.encode("utf-8")
    assert document_id(clean) == document_id(normalise_text(clean))


@FAST
@given(texts)
def test_make_document_makes_a_clean_document_or_says_empty(text: str) -> None:
    try:
        doc = make_document(text, published=text[:12], title=text[:20])
    except EmptyInputError:
        assert not normalise_text(text)
        return
    check_document(doc)


@FAST
@given(texts)
def test_detectors_return_text_found_where_they_say(text: str) -> None:
    clean = normalise_text(text)
    dateline = detect_dateline(clean)
    assert dateline is None or clean.startswith(dateline)
    licence = detect_license(clean)
    assert licence is None or licence.startswith("CC")
    publisher = detect_publisher(clean)
    assert publisher is None or (isinstance(publisher, str) and publisher)


# ---------------------------------------------------------------- dates


def _is_iso_day(value: str) -> bool:
    return date.fromisoformat(value).isoformat() == value


@FAST
@given(st.one_of(texts, st.integers(), st.floats(), st.none(), st.lists(st.text(max_size=3), max_size=2),
                 st.dates().map(str), st.datetimes().map(lambda d: d.isoformat())))
def test_parse_date_never_raises_and_gives_a_real_day(value: object) -> None:
    day = parse_date(value)
    assert day is None or (_is_iso_day(day) and parse_date(day) == day)


@FAST
@given(news_text, st.one_of(st.none(), st.dates().map(str), texts))
def test_date_mentions_index_the_text(text: str, published: str | None) -> None:
    for m in find_dates(text, published):
        check_span(text, m.start, m.end, m.text)
        assert m.date is None or _is_iso_day(m.date)
    for future in (False, True):
        found = resolve_date(text, published, future)
        assert found is None or _is_iso_day(found)


# ---------------------------------------------------------------- sentences and quantities


@FAST
@given(texts)
def test_sentences_are_ordered_trimmed_and_cover_every_word(text: str) -> None:
    sentences = split_sentences(text)
    previous = 0
    covered = set()
    for i, s in enumerate(sentences):
        assert s.index == i and previous <= s.start < s.end <= len(text)
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        covered.update(range(s.start, s.end))
        previous = s.end
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


@FAST
@given(texts)
def test_quantities_index_the_text_inside_their_sentence(text: str) -> None:
    sentences = split_sentences(text)
    for q in find_quantities(text, sentences):
        check_span(text, q.start, q.end, q.text)
        s = sentences[q.sentence]
        assert s.start <= q.start <= q.end <= s.end
        assert q.value is None or math.isfinite(q.value)
    for q in find_quantities(text, ()):
        check_span(text, q.start, q.end, q.text)


# ---------------------------------------------------------------- records


names = st.text(min_size=1, max_size=12)
optional = st.none() | names
finite = st.floats(allow_nan=False, allow_infinity=False)
spans = st.builds(Span, st.integers(0, 50), st.integers(0, 50), st.text(max_size=8))
mentions = st.builds(Mention, st.integers(0, 50), st.integers(0, 50), st.text(max_size=8), st.integers(0, 5))
documents = st.builds(Document, id=names, text=texts, title=optional, url=optional, path=optional,
                      publisher=optional, license=optional, published=st.none() | st.dates().map(str),
                      dateline=optional)
records = st.builds(
    Record,
    document=documents,
    sentences=st.lists(st.builds(Sentence, st.integers(0, 9), st.integers(0, 50), st.integers(0, 50)),
                       max_size=3).map(tuple),
    actors=st.lists(st.builds(Actor, id=names, name=names, kind=st.sampled_from(["person", "country"]),
                              country=optional, role=optional, code=optional,
                              mentions=st.lists(mentions, max_size=2).map(tuple)), max_size=2).map(tuple),
    events=st.lists(st.builds(
        Event, id=names, sentence=st.integers(0, 5), source=st.lists(names, max_size=2).map(tuple),
        target=st.lists(names, max_size=2).map(tuple), cameo=names, trigger=spans, symmetric=st.booleans(),
        goldstein=st.none() | finite, quad_class=st.none() | st.integers(1, 4),
        plover=st.none() | st.builds(Plover, names, optional, st.lists(names, max_size=2).map(tuple)),
        modality=st.sampled_from(["asserted", "negated"]), date=optional, confidence=finite, reason=st.text()),
        max_size=2).map(tuple),
    quotes=st.lists(st.builds(Quote, id=names, text=st.text(), start=st.integers(0, 50), end=st.integers(0, 50),
                              speaker=optional, kind=st.sampled_from(["direct", "indirect"])),
                    max_size=2).map(tuple),
    quantities=st.lists(st.builds(Quantity, id=names, text=st.text(), start=st.integers(0, 50),
                                  end=st.integers(0, 50), sentence=st.integers(0, 5),
                                  kind=st.sampled_from(["money", "count"]), value=st.none() | finite,
                                  unit=optional, about=optional), max_size=2).map(tuple),
    commitments=st.lists(st.builds(Commitment, id=names, kind=st.sampled_from(["agreement", "promise"]),
                                   what=st.text(), by=st.lists(names, max_size=2).map(tuple),
                                   for_=st.lists(names, max_size=2).map(tuple),
                                   evidence=st.lists(spans, max_size=2).map(tuple)), max_size=2).map(tuple),
    errors=st.lists(st.builds(StageError, names, names, st.text()), max_size=2).map(tuple),
)


@FAST
@given(records)
def test_records_survive_json_round_trip(record: Record) -> None:
    data = json.loads(json.dumps(record.to_dict()))
    assert Record.from_dict(data) == record
    try:
        validate_record(data)
    except SchemaError as err:  # a typed error that says where
        assert err.path and err.problems
    assert isinstance(offsets_ok(data), list)


# ---------------------------------------------------------------- the whole extractor


@pytest.mark.slow
@SLOW
@given(texts, st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)))
def test_extract_never_crashes_and_every_offset_indexes_the_text(text: str, published: str | None) -> None:
    from communique import api

    try:
        record = api.extract(text, published=published)  # the conftest checks schema, offsets and references
    except EmptyInputError:
        assert not normalise_text(text)
        return
    assert not [e for e in record.errors if e.error != "Skipped"], record.errors
    body = record.document.text
    for a in record.actors:
        for m in a.mentions:
            check_span(body, m.start, m.end, m.text)
    for e in record.events:
        check_span(body, e.trigger.start, e.trigger.end, e.trigger.text)
    for q in record.quotes:
        check_span(body, q.start, q.end)
    for n in record.quantities:
        check_span(body, n.start, n.end, n.text)
    for c in record.commitments:
        for ev in c.evidence:
            check_span(body, ev.start, ev.end)
