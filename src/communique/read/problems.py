"""Problems met while reading that do not stop a document from being read.

:class:`~communique.errors.InputError` means an input (a file, a JSON line, a
feed item) could not be turned into a document. Some problems are milder: the
document is read and yielded, and the problem is reported beside it. These are
:class:`InputWarning` subclasses; they are still ``InputError`` instances, so
code that reports every input problem keeps working, and code that counts
failures can tell them apart with :func:`severity`::

    InputError
    └── InputWarning              the document was read; something about it was dropped
        ├── InvalidDateWarning    a published date that is not a real date (kept as None)
        └── SkippedFileWarning    a file in a directory whose kind is not supported

A warning always follows the document it is about (when there is one) in the
stream that :func:`~communique.read.iter_documents` yields.
"""

from __future__ import annotations

from typing import Literal

from ..errors import InputError

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


def severity(problem: InputError) -> Severity:
    """``"warning"`` when the input's document was still read, else ``"error"``."""
    return "warning" if isinstance(problem, InputWarning) else "error"


def is_warning(item: object) -> bool:
    """True for an :class:`InputWarning` (a document or an error is not a warning)."""
    return isinstance(item, InputWarning)
