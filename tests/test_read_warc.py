"""WARC input: HTML responses become documents, everything else is passed over, a broken record is reported."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.errors import EmptyInputError, InputError
from communique.model import Document
from communique.read import iter_documents, kind_of, read_file
from communique.read.warc import WarcRecordError, decode_body, header_charset, read_warc, read_warc_stream

CRAWLED = "2024-03-05T10:00:00Z"


def page(title: str, body: str, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1><p>{body}</p>"
            "<p>Officials from both delegations said further rounds would follow within a month.</p></article>"
            "<footer>Copyright and cookie notice of the demo site</footer></body></html>")


TALKS = page("Envoys meet in Vienna", "VIENNA — Negotiators from Norway and Chile held a second day of talks "
             "on fishing quotas on Tuesday, a spokesperson said.", published="2024-03-04")
VISIT = page("Minister visits Accra", "ACCRA — The Dutch trade minister arrived in Ghana on Monday for a "
             "three-day visit focused on cocoa exports and port investment.")


class Crawl:
    """A WARC file under construction; ``offsets`` maps each target URI to its record's byte offset."""

    def __init__(self, path: Path, *, gz: bool) -> None:
        self.path = path
        self.fh = path.open("wb")
        self.writer = WARCWriter(self.fh, gzip=gz)
        self.offsets: dict[str, int] = {}
        self.writer.write_record(self.writer.create_warcinfo_record(path.name, {"software": "test"}))

    def response(self, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                 status: str = "200 OK", extra: list[tuple[str, str]] | None = None) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                warc_headers_dict={"WARC-Date": CRAWLED})
        self.offsets[uri] = self.fh.tell()
        self._write(record)

    def request(self, uri: str) -> None:
        headers = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        self._write(self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers))

    def _write(self, record: Any) -> None:
        self.writer.write_record(record)
        record.raw_stream.close()  # warcio buffers the block in a temporary file it leaves open

    def close(self) -> Path:
        self.fh.close()
        return self.path


def standard_crawl(tmp_path: Path, *, gz: bool) -> Crawl:
    crawl = Crawl(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    crawl.request("https://news.example/talks")
    crawl.response("https://news.example/talks", TALKS.encode())
    crawl.response("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png")
    crawl.response("https://news.example/gone", page("Gone", "Nothing here " * 5).encode(), status="404 Not Found")
    crawl.response("https://news.example/visit", VISIT.encode())
    crawl.close()
    return crawl


def split(items: list) -> tuple[list[Document], list[InputError]]:
    return ([i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)])


@pytest.mark.parametrize("gz", [False, True])
def test_html_responses_become_documents_and_the_rest_is_passed_over(tmp_path: Path, gz: bool) -> None:
    crawl = standard_crawl(tmp_path, gz=gz)
    docs, errors = split(list(read_warc(crawl.path)))
    assert errors == []
    assert [d.url for d in docs] == ["https://news.example/talks", "https://news.example/visit"]
    talks, visit = docs
    assert talks.text.startswith("VIENNA — Negotiators from Norway and Chile")
    assert "Home" not in talks.text and "cookie" not in talks.text
    assert (talks.title, talks.dateline, talks.published) == ("Envoys meet in Vienna", "VIENNA", "2024-03-04")
    assert visit.published is None  # the crawl date is not a publication date
    assert talks.path == f"{crawl.path}#{crawl.offsets['https://news.example/talks']}"


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz", "CRAWL.WARC.GZ"])
def test_kind_of_knows_warc_files(name: str) -> None:
    assert kind_of(name) == "warc"


@pytest.mark.parametrize("name,kind", [("a.tar.gz", None), ("notes.2024.txt", "text"), ("x.gz", None)])
def test_kind_of_other_double_suffixes(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def test_iter_documents_reads_warc_in_directories(tmp_path: Path) -> None:
    standard_crawl(tmp_path, gz=True)
    (tmp_path / "note.txt").write_text("LIMA — Peru and Bolivia agreed on Friday to reopen a border post.")
    items = list(iter_documents([tmp_path], published="2024-01-01"))
    docs, errors = split(items)
    assert errors == []
    assert [d.url for d in docs] == ["https://news.example/talks", "https://news.example/visit", None]
    assert [d.published for d in docs] == ["2024-03-04", "2024-01-01", "2024-01-01"]  # the fallback fills gaps


def _break_uncompressed(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    assert data[offset:offset + 5] == b"WARC/"
    data[offset:offset + 5] = b"WARX/"
    path.write_bytes(bytes(data))


def _break_gzipped(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    assert data[offset:offset + 2] == b"\x1f\x8b"
    data[offset + 12:offset + 60] = b"\x00" * 48
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("gz", [False, True])
def test_a_broken_record_is_reported_with_its_offset_and_the_rest_is_read(tmp_path: Path, gz: bool) -> None:
    crawl = Crawl(tmp_path / ("c.warc.gz" if gz else "c.warc"), gz=gz)
    crawl.response("https://news.example/talks", TALKS.encode())
    crawl.response("https://news.example/broken", page("Broken", "This record will be damaged " * 3).encode())
    crawl.response("https://news.example/visit", VISIT.encode())
    crawl.close()
    broken_at = crawl.offsets["https://news.example/broken"]
    (_break_gzipped if gz else _break_uncompressed)(crawl.path, broken_at)

    docs, errors = split(list(read_file(crawl.path)))
    assert [d.url for d in docs] == ["https://news.example/talks", "https://news.example/visit"]
    assert len(errors) == 1
    error = errors[0]
    assert isinstance(error, WarcRecordError)
    assert (error.path, error.offset) == (str(crawl.path), broken_at)
    assert "broken record" in str(error) and f"byte {broken_at}" in str(error)


def test_a_page_without_main_text_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    crawl = Crawl(tmp_path / "c.warc", gz=False)
    crawl.response("https://news.example/menu", b"<html><body><nav>Home</nav></body></html>")
    crawl.response("https://news.example/visit", VISIT.encode())
    crawl.close()
    docs, errors = split(list(read_warc(crawl.path)))
    assert [d.url for d in docs] == ["https://news.example/visit"]
    assert len(errors) == 1
    assert isinstance(errors[0], WarcRecordError)
    assert errors[0].url == "https://news.example/menu"
    assert errors[0].offset == crawl.offsets["https://news.example/menu"]
    assert "main text" in str(errors[0])


def test_header_charset_and_content_encoding(tmp_path: Path) -> None:
    latin = page("Envoy quote", "PARIS — The envoy called the plan “a fair start” and left for Brussels "
                 "on Monday evening after the meeting.").encode("cp1252")
    crawl = Crawl(tmp_path / "c.warc.gz", gz=True)
    crawl.response("https://news.example/quote", latin, content_type="text/html; charset=windows-1252")
    crawl.response("https://news.example/visit", gzip.compress(VISIT.encode()),
                   extra=[("Content-Encoding", "gzip")])
    crawl.response("https://news.example/x", VISIT.encode(), content_type="application/xhtml+xml")
    crawl.close()
    docs, errors = split(list(read_warc(crawl.path)))
    assert errors == []
    assert "“a fair start”" in docs[0].text
    assert docs[1].text.startswith("ACCRA — The Dutch trade minister")
    assert docs[2].id == docs[1].id  # the same text gets the same id, whatever the URL


def test_decode_body_helpers() -> None:
    assert header_charset("text/html; charset=ISO-8859-1") == "iso8859-1"
    assert header_charset("text/html; charset=no-such-codec") is None
    assert header_charset(None) is None
    utf8 = "café".encode()
    assert decode_body(utf8, "text/html; charset=iso-8859-1") == utf8  # valid UTF-8 is left to the detector
    assert decode_body("café".encode("latin-1"), "text/html; charset=iso-8859-1") == "café"


def test_missing_file_and_unseekable_stream(tmp_path: Path) -> None:
    [error] = list(read_warc(tmp_path / "nope.warc"))
    assert isinstance(error, InputError) and "no such file" in str(error)
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    [empty] = list(read_file(tmp_path / "empty.warc.gz"))
    assert isinstance(empty, EmptyInputError)

    crawl = standard_crawl(tmp_path, gz=False)

    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

    docs, errors = split(list(read_warc_stream(Unseekable(crawl.path.read_bytes()), path="stream")))
    assert [d.url for d in docs] == ["https://news.example/talks", "https://news.example/visit"]
    assert errors == []


def test_a_warc_named_without_extension_is_sniffed(tmp_path: Path) -> None:
    crawl = standard_crawl(tmp_path, gz=False)
    renamed = crawl.path.rename(tmp_path / "crawl.data")
    docs, errors = split(list(read_file(renamed)))
    assert [d.url for d in docs] == ["https://news.example/talks", "https://news.example/visit"]
    assert errors == []
