"""Cleaning of decoded text: the one form of the text that every offset downstream refers to.

>>> normalise_text("\\ufeffTEHRAN \\u2014 Talks\\r\\nended.\\x00\\r")
'TEHRAN — Talks\\nended.'
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks other than LF: CRLF first so it becomes one LF, then lone CR, and
# the form feed / vertical tab (page and line breaks in old text files), which
# would otherwise glue the words on either side together when removed.
_BREAKS = re.compile(r"\r\n|[\r\f\v]")
# C0 and C1 controls except \t and \n, DEL, and the byte order mark / zero-width
# no-break space that a concatenation of UTF-8-with-BOM files leaves behind.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")
# Lone surrogates (a JSON "\\ud800" escape decodes to one) cannot be written as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Clean text without changing its wording.

    CRLF and CR become LF (as do form feeds and vertical tabs), NUL and the other
    control characters except newline and tab are removed, a lone surrogate
    (which no UTF-8 file or database can hold) becomes U+FFFD, the text is put in
    Unicode NFC and the whole text is stripped of leading and trailing
    whitespace. Typographic quotes, dashes and inner whitespace are kept.
    """
    text = _BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text).strip()


def clean_line(value: str | None) -> str | None:
    """A one-line field (title, url, publisher): whitespace collapsed, None when empty."""
    if value is None:
        return None
    value = " ".join(normalise_text(str(value)).split())
    return value or None
