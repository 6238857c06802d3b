"""RSS and Atom feed files: one document per item.

An item's text is its longest content, else its summary (HTML cleaned to text);
its title, link (as ``url``) and published date (else its updated date) come
along. The feed's own title is not a publisher: feeds aggregate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import EmptyInputError, InputError
from ..model import Document
from .detect import detect_license, detect_publisher
from .document import build_document
from .html import html_to_text

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _value(detail: Any) -> str:
    value = str(detail.get("value") or "")
    return html_to_text(value) if detail.get("type") in _HTML_TYPES else value


def _item_text(entry: Any) -> str:
    contents = [_value(c) for c in entry.get("content") or ()]
    best = max(contents, key=len, default="")
    if best.strip():
        return best
    detail = entry.get("summary_detail")
    if detail is not None:
        return _value(detail)
    return html_to_text(str(entry.get("summary") or ""))


def _item_document(entry: Any, path: str, number: int) -> tuple[Document, tuple[InputError, ...]]:
    text = _item_text(entry)
    if not text.strip():
        raise EmptyInputError(f"feed item {number} has no content or summary", path)
    rights = str(entry.get("rights") or "")
    return build_document(
        text, path=path, title=entry.get("title"), url=entry.get("link"),
        # dict.get: feedparser's own get maps a missing "updated" to "published" with a DeprecationWarning
        published=entry.get("published") or dict.get(entry, "updated"),
        publisher=detect_publisher(rights) if rights else None,
        license=entry.get("license") or (detect_license(rights) if rights else None),
    )


def read_feed_bytes(data: bytes, *, path: str) -> Iterator[Document | InputError]:
    """Documents of every item (each followed by its warnings); an item without text is an error."""
    try:
        feed = feedparser.parse(data)
    # feedparser fails to decode a malformed XML declaration, or a character reference beyond Unicode
    except (ValueError, LookupError, OverflowError) as err:
        yield InputError(f"not a readable RSS or Atom feed: {type(err).__name__}: {err}", path)
        return
    if not feed.entries:
        if feed.bozo:
            reason = getattr(feed.bozo_exception, "getMessage", lambda: str(feed.bozo_exception))()
            yield InputError(f"not a readable RSS or Atom feed: {reason}", path)
        else:
            yield EmptyInputError("the feed has no items", path)
        return
    for number, entry in enumerate(feed.entries, 1):
        try:
            document, warnings = _item_document(entry, path, number)
        except InputError as err:
            yield err
            continue
        yield document
        yield from warnings
