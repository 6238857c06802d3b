"""Readers that turn inputs into :class:`~communique.model.Document` records.

>>> from communique.read import make_document
>>> doc = make_document("NEW DELHI: India and Japan agreed on Sunday to expand trade.")
>>> doc.dateline, doc.id[:1], len(doc.id)
('NEW DELHI', 'd', 17)

Plain text, HTML pages, JSON Lines, RSS/Atom feeds, web archives (WARC) and directories of them
(:func:`iter_documents`). Text is decoded with encoding detection
(:func:`read_text_bytes`), cleaned (:func:`normalise_text`) and given a stable
id (:func:`document_id`); the dateline, licence and publisher are detected from
it unless given. Bad inputs are yielded as
:class:`~communique.errors.InputError` values, never raised from the iterators;
milder problems as :class:`InputWarning` values (see :mod:`.problems`).
"""

from __future__ import annotations

from .dates import parse_date
from .detect import canonical_publisher, detect_dateline, detect_license, detect_publisher
from .document import build_document, make_document
from .encoding import read_text_bytes
from .files import KINDS, iter_documents, kind_of, read_file
from .html import html_to_text, read_html
from .ids import document_id
from .problems import (
    DocumentTooLargeError,
    InputWarning,
    InvalidDateWarning,
    SkippedFileWarning,
    check_size,
    is_warning,
    oversize,
    severity,
)
from .text import normalise_text
from .warc import WarcRecordError, read_warc

__all__ = [
    "KINDS", "DocumentTooLargeError", "InputWarning", "InvalidDateWarning", "SkippedFileWarning", "build_document",
    "canonical_publisher", "check_size", "detect_dateline", "detect_license", "detect_publisher", "document_id",
    "html_to_text", "is_warning", "iter_documents", "kind_of", "make_document", "normalise_text",
    "oversize", "parse_date", "read_file", "read_html", "read_text_bytes", "read_warc", "severity", "WarcRecordError",
]
