"""A posted request body to a Document: plain text, an HTML page, or JSON with metadata.

>>> document_from_body(b"NEW DELHI: India and Japan agreed to expand trade.", "text/plain").dateline
'NEW DELHI'
>>> document_from_body(b'{"text": "Talks resumed.", "title": "Talks"}', "application/json").title
'Talks'

JSON bodies are one object with ``text`` (or ``html``, an HTML page) and
optionally ``title``, ``url``, ``published``, ``publisher`` and ``license``.
For text and HTML bodies the same metadata may come as query parameters.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError
from ..model import Document
from ..read import build_document, read_text_bytes
from ..read.html import read_html_document

FIELDS = ("title", "url", "published", "publisher", "license")
WHERE = "<request body>"


class UnsupportedMediaType(InputError):
    """A body of a type the API does not read (the route answers 415)."""


class MalformedJSON(InputError):
    """A JSON body that does not parse (the route answers 400)."""


def media_type(content_type: str | None) -> str:
    """``"text/plain; charset=utf-8"`` -> ``"text/plain"``; a missing type is plain text."""
    return (content_type or "text/plain").split(";", 1)[0].strip().lower() or "text/plain"


def _from_json(body: bytes) -> tuple[Document, tuple[InputError, ...]]:
    try:
        obj = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise MalformedJSON("the JSON body must be UTF-8", WHERE) from exc
    except json.JSONDecodeError as exc:
        raise MalformedJSON(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", WHERE) from exc
    if not isinstance(obj, dict):
        raise InputError(f'expected a JSON object such as {{"text": "..."}}, found {type(obj).__name__}', WHERE)
    meta: dict[str, Any] = {k: obj.get(k) for k in FIELDS}
    text, html = obj.get("text"), obj.get("html")
    if isinstance(html, str) and text is None:
        url = meta.pop("url")
        return read_html_document(html, path=WHERE, url=url if isinstance(url, str) else None,
                                  **{k: v for k, v in meta.items() if v is not None})
    if text is None:
        raise InputError('the JSON object needs a "text" field (the article) or an "html" field (a page)', WHERE)
    if not isinstance(text, str):
        raise InputError(f'"text" must be a string, found {type(text).__name__}', WHERE)
    return build_document(text, path=WHERE, **meta)


def document_from_body(body: bytes, content_type: str | None, **meta: str | None) -> Document:
    """The document a posted body holds; InputError says what is wrong with it.

    A ``published`` value that is not a date is an error here (the readers of
    files only warn), so the client learns at once what to fix.
    """
    kind = media_type(content_type)
    given = {k: v for k, v in meta.items() if v is not None and k in FIELDS}
    if kind == "application/json":
        document, warnings = _from_json(body)
    elif kind in ("text/html", "application/xhtml+xml"):
        url = given.pop("url", None)
        document, warnings = read_html_document(body, path=WHERE, url=url, **given)
    elif kind == "text/plain":
        document, warnings = build_document(read_text_bytes(body, path=WHERE), path=WHERE, **given)
    else:
        raise UnsupportedMediaType(f"cannot read a body of type {kind!r}: send text/plain, text/html or "
                                   "application/json", WHERE)
    if warnings:
        raise InputError(f"published {warnings[0].value!r} is not a valid date: give an ISO date such as 2022-06-19",
                         WHERE)
    return document
