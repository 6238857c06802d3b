"""One document from its text and whatever is known about it.

>>> doc = make_document("TEHRAN \\u2014 Talks resumed.\\r\\n(Reuters)", published="2022-06-19T08:00:00Z")
>>> doc.dateline, doc.published, doc.text
('TEHRAN', '2022-06-19', 'TEHRAN — Talks resumed.\\n(Reuters)')
"""

from __future__ import annotations

from ..errors import EmptyInputError
from ..model import Document
from .dates import parse_date
from .detect import canonical_publisher, detect_dateline, detect_license, detect_publisher
from .ids import document_id
from .problems import InvalidDateWarning
from .text import clean_line, normalise_text


def build_document(
    text: str, *, path: str | None = None, line: int | None = None, url: object = None,
    title: object = None, published: object = None, publisher: object = None, license: object = None,
) -> tuple[Document, tuple[InvalidDateWarning, ...]]:
    """The document and the warnings about it (an invalid ``published`` is one; it is left None).

    ``path`` and ``line`` say where the text came from: the warning carries both,
    and the document's path is ``"path:line"`` when a line is given. Values
    given here win over those detected in the text. Raises
    :class:`~communique.errors.EmptyInputError` when the cleaned text is empty.
    """
    clean = normalise_text(text)
    if not clean:
        raise EmptyInputError("no text", path, line)
    doc_id = document_id(clean)
    warnings: tuple[InvalidDateWarning, ...] = ()
    day = None
    if published is not None and published != "":
        day = parse_date(published)
        if day is None:
            warnings = (InvalidDateWarning(published, path, line, document_id=doc_id),)
    given_publisher = clean_line(_text(publisher))
    given_license = clean_line(_text(license))
    document = Document(
        id=doc_id,
        text=clean,
        title=clean_line(_text(title)),
        url=clean_line(_text(url)),
        path=path if line is None or path is None else f"{path}:{line}",
        publisher=(canonical_publisher(given_publisher) or given_publisher) if given_publisher
        else detect_publisher(clean),
        license=(detect_license(given_license) or given_license) if given_license
        else detect_license(clean),
        published=day,
        dateline=detect_dateline(clean),
    )
    return document, warnings


def _text(value: object) -> str | None:
    """A metadata value as a string; JSON numbers and the like are stringified, None kept."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def make_document(
    text: str, *, path: str | None = None, url: str | None = None, title: str | None = None,
    published: str | None = None, publisher: str | None = None, license: str | None = None,
) -> Document:
    """Normalise the text, detect dateline, licence and publisher, and give the document its id.

    Explicit values win over detected ones. A ``published`` value that is not a
    real date is dropped (the document gets None); readers that must report it
    use :func:`build_document`. Raises :class:`~communique.errors.EmptyInputError`
    when there is no text.
    """
    document, _ = build_document(text, path=path, url=url, title=title, published=published,
                                 publisher=publisher, license=license)
    return document
