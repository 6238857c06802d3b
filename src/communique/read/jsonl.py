"""JSON Lines: one article per line.

Each line is an object with ``text`` and optionally ``title``, ``url``,
``published``, ``publisher`` and ``license`` (other keys are ignored). Blank
lines are skipped. A line that is not a JSON object or has no text is reported
with its line number, and the other lines are read. A document's path is
``"file.jsonl:LINE"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import EmptyInputError, InputError
from ..model import Document
from .document import build_document

FIELDS = ("title", "url", "published", "publisher", "license")


def _line_document(raw: str, path: str, number: int) -> tuple[Document, tuple[InputError, ...]]:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON: {err.msg} at column {err.colno}", path, number) from err
    except RecursionError as err:
        raise InputError("not readable JSON: nested too deeply", path, number) from err
    except ValueError as err:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise InputError(f"not readable JSON: {err}", path, number) from err
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, found {type(obj).__name__}", path, number)
    text = obj.get("text")
    if text is None:
        raise InputError('no "text" field', path, number)
    if not isinstance(text, str):
        raise InputError(f'"text" must be a string, found {type(text).__name__}', path, number)
    return build_document(text, path=path, line=number, **{k: obj.get(k) for k in FIELDS})


def read_jsonl_text(text: str, *, path: str) -> Iterator[Document | InputError]:
    """Documents of every line, each followed by its warnings; bad lines as errors in their place."""
    seen = False
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            continue
        seen = True
        try:
            document, warnings = _line_document(raw, path, number)
        except InputError as err:
            yield err
            continue
        yield document
        yield from warnings
    if not seen:
        yield EmptyInputError("no lines", path)
