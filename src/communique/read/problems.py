"""Problems met while reading that do not stop a document from being read.

:class:`~communique.errors.InputError` means an input (a file, a JSON line, a
feed item) could not be turned into a document. Some problems are milder: the
document is read and yielded, and the problem is reported beside it. These are
:class:`InputWarning` subclasses; they are still ``InputError`` instances, so
code that reports every input problem keeps working, and code that counts
failures can tell them apart with :func:`severity`::

    InputError
    ├── DocumentTooLargeError     a document longer than the ``max_document_chars`` setting: not extracted
    └── InputWarning              the document was read; something about it was dropped
        ├── InvalidDateWarning    a published date that is not a real date (kept as None)
        └── SkippedFileWarning    a file in a directory whose kind is not supported

A warning always follows the document it is about (when there is one) in the
stream that :func:`~communique.read.iter_documents` yields.
"""

from __future__ import annotations

from typing import Literal

from ..errors import InputError
from ..model import Document

Severity = Literal["error", "warning"]


class InputWarning(InputError):
    """A problem with an input that did not stop its document from being read."""

    severity: Severity = "warning"


class InvalidDateWarning(InputWarning):
    """A published date that cannot be read as a real calendar date; the document keeps None."""

    def __init__(self, value: object, path: str | None = None, line: int | None = None,
                 document_id: str | None = None) -> None:
        what = "the published date" if document_id is None else f"the published date of {document_id}"
        super().__init__(f"{what} {value!r} is not a valid date; it was left empty", path, line)
        self.value = value
        self.document_id = document_id


class SkippedFileWarning(InputWarning):
    """A file met while walking a directory whose extension is not a supported kind."""

    def __init__(self, path: str, suffix: str) -> None:
        kind = f"{suffix!r} files" if suffix else "files without an extension"
        super().__init__(f"skipped: {kind} are not read", path)
        self.suffix = suffix


class DocumentTooLargeError(InputError):
    """A document whose text is longer than the extractor is allowed to take (``Settings.max_document_chars``)."""

    def __init__(self, document_id: str, length: int, limit: int, path: str | None = None) -> None:
        super().__init__(f"document {document_id} has {length:,} characters, more than the {limit:,} that "
                         "are extracted (setting max_document_chars); it was not extracted", path or document_id)
        self.document_id = document_id
        self.length = length
        self.limit = limit


def oversize(document: Document, limit: int) -> DocumentTooLargeError | None:
    """The error for a document longer than ``limit`` characters (0: no limit), else None.

    >>> doc = Document("d1", "Talks resumed.", path="talks.txt")
    >>> oversize(doc, 100) is None, oversize(doc, 5).length, oversize(doc, 5).path
    (True, 14, 'talks.txt')
    """
    if limit > 0 and len(document.text) > limit:
        return DocumentTooLargeError(document.id, len(document.text), limit, document.path)
    return None


def check_size(document: Document, limit: int) -> None:
    """Raise :class:`DocumentTooLargeError` when the document is longer than ``limit`` characters (0: no limit)."""
    if (error := oversize(document, limit)) is not None:
        raise error


def severity(problem: InputError) -> Severity:
    """``"warning"`` when the input's document was still read, else ``"error"``."""
    return "warning" if isinstance(problem, InputWarning) else "error"


def is_warning(item: object) -> bool:
    """True for an :class:`InputWarning` (a document or an error is not a warning)."""
    return isinstance(item, InputWarning)
