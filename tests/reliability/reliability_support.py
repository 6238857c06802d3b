"""Hypothesis strategies for bad and odd input, and the invariants every reader and stage keeps.

All generated text is built from our own word lists and random characters.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from communique.errors import InputError
from communique.model import Document
from communique.read import document_id, normalise_text

# Words that steer the generators into the interesting branches: datelines, dates, numbers,
# currencies, quotes, abbreviations, scripts other than Latin, and invisible characters.
WORDS = [
    "OSLO", "NEW DELHI", "—", "–", "-", ":", "(Reuters)", "Mr.", "Gen.", "U.S.", "J.", "said", "on", "Sunday",
    "next", "last", "Tuesday", "week", "yesterday", "ago", "three", "days", "31", "February", "2022", "99999",
    "March", "3rd", "19/06/2022", "2024-02-30", "in", "2021", "earlier", "this", "month", "$", "€", "US$",
    "3.5", "billion", "bn", "12%", "percent", "more", "than", "up", "to", "dozens", "of", "twenty-five",
    "thousand", "MOUs", "tonnes", "1,234,567.89", "-", "2-3", "\u201c", "\u201d", '"', "'", "(", ")", ".",
    "!", "?", ",", ";", "\n", "\n\n", "  ", "\t", "Norway", "Chile", "will", "meet", "pledged", "aid",
    "worth", "CC BY 4.0", "Copyright", "2024", "The", "Example", "Wire", "All", "rights", "reserved",
    "\u0627\u0644\u0633\u0644\u0627\u0645", "\u548c\u5e73", "\u043c\u0438\u0440", "\u0936\u093e\u0902\u0924\u093f",
    "\u200b", "\u200d", "\u202e", "\u2066", "\u2069", "\ufeff", "\u00ad", "e\u0301", "\ufffd", "\x00", "\r\n",
]

#: Any text, surrogates included (a JSON "\ud800" escape produces one).
any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=300)
#: Text that looks like news, mixed with random characters.
news_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map(" ".join)
texts = st.one_of(news_text, any_text)
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "koi8-r", "shift_jis"]


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    """Text in some encoding, sometimes with random bytes spliced in."""
    text = draw(news_text)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    return data


byte_inputs = st.one_of(st.binary(max_size=600), encoded())


def _json_value() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts)
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=6)


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    """JSON Lines with good, odd and broken lines."""
    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["article", "value", "broken", "blank"]))
        if kind == "article":
            obj = {"text": draw(texts), "published": draw(_json_value()), "title": draw(_json_value())}
            lines.append(json.dumps(obj, ensure_ascii=draw(st.booleans())))
        elif kind == "value":
            lines.append(json.dumps(draw(_json_value())))
        elif kind == "broken":
            lines.append(draw(st.text(max_size=40)))
        else:
            lines.append("")
    return "\n".join(lines).encode("utf-8", errors="surrogatepass" if draw(st.booleans()) else "replace")


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    """HTML made of random tags, entities, text and stray markup."""
    tags = ["p", "div", "article", "nav", "a", "b", "br", "script", "title", "h1", "li", "table", "td", "meta"]
    parts = ["<html><head><title>", escape(draw(news_text)), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(tags))
        body = draw(st.one_of(news_text, st.sampled_from(["&amp;", "&#1;", "&#xD800;", "&bogus;", "<", "]]>"])))
        parts.append(f"<{tag}>{body}" + (f"</{tag}>" if draw(st.booleans()) else ""))
    parts.append("</body></html>")
    text = "".join(parts)
    return text.encode(draw(st.sampled_from(["utf-8", "cp1252", "utf-16"])), errors="replace")


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    """RSS with random items (escaped and raw HTML, odd dates) or random bytes after an XML declaration."""
    items = []
    for _ in range(draw(st.integers(0, 4))):
        description = draw(texts) if draw(st.booleans()) else escape(draw(texts))
        items.append(f"<item><title>{escape(draw(news_text))}</title><pubDate>{escape(draw(texts))}</pubDate>"
                     f"<description>{description}</description></item>")
    rss = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{''.join(items)}</channel></rss>"
    return rss.encode("utf-8", errors="replace")


@st.composite
def warc_bytes(draw: st.DrawFn) -> bytes:
    """Something that starts like a WARC record and goes wrong somewhere."""
    headers = draw(st.lists(st.sampled_from([
        "WARC-Type: response", "WARC-Type: request", "WARC-Target-URI: https://example.org/a",
        "Content-Type: application/http; msgtype=response", "Content-Length: 40", "Content-Length: -5",
        "Content-Length: x", "WARC-Date: 2024-03-05T10:00:00Z", "WARC-Record-ID: <urn:uuid:1>",
    ]), max_size=6))
    http = draw(st.sampled_from(["HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "HTTP/1.1 x\r\n", ""]))
    body = draw(st.one_of(st.binary(max_size=60), news_text.map(lambda t: f"<p>{t}</p>".encode())))
    return ("WARC/1.0\r\n" + "\r\n".join(headers) + "\r\n\r\n" + http).encode() + body + b"\r\n\r\n"


# ---------------------------------------------------------------- invariants


def check_span(text: str, start: Any, end: Any, surface: str | None = None) -> None:
    assert isinstance(start, int) and isinstance(end, int)
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    if surface is not None:
        assert text[start:end] == surface


def check_document(doc: Document) -> None:
    """What every reader promises about a document: clean, stable text, and an id derived from it."""
    assert doc.text and doc.text == normalise_text(doc.text)
    assert doc.id == document_id(doc.text)
    doc.text.encode("utf-8")  # storable: no lone surrogates
    assert Document.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


def check_stream(items: list[object]) -> list[Document]:
    """Every item is a document or a typed input error with a message; the documents, checked."""
    documents = []
    for item in items:
        if isinstance(item, Document):
            check_document(item)
            documents.append(item)
        else:
            assert isinstance(item, InputError), type(item)
            assert str(item)
    return documents
