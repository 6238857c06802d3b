"""Stable document ids, derived from the text alone.

The id ignores what re-reading the same article from another format changes:
case, runs and kinds of whitespace, and curly versus straight quotes.

>>> document_id("Iran  hosted\\nthe talks.") == document_id("iran hosted the talks.")
True
>>> len(document_id("Iran hosted the talks.")), document_id("x")[0]
(17, 'd')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
_SPACE = re.compile(r"\s+")


def dedup_key(text: str) -> str:
    """The text as the id sees it: NFC, casefolded, straight quotes, single spaces, stripped."""
    text = unicodedata.normalize("NFC", text).casefold().translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def document_id(text: str) -> str:
    """``"d"`` and the first 16 hex digits of the SHA-256 of :func:`dedup_key`."""
    return "d" + hashlib.sha256(dedup_key(text).encode("utf-8")).hexdigest()[:16]
