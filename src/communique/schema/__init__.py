"""The JSON Schema of the output contract, and checks a schema cannot express.

``document.schema.json`` (draft 2020-12) describes one record as produced by
:meth:`communique.model.Record.to_dict` (``spec/OUTPUT.md``). Additional
properties are allowed everywhere: the contract lets fields be added.

- :func:`validate_record` raises :class:`SchemaError` for a record that breaks
  the schema;
- :func:`offsets_ok` lists spans whose offsets do not index ``document.text``;
- :func:`references_ok` lists actor, quote and quantity ids that point nowhere.

>>> from communique.model import Document, Record
>>> validate_record(Record(Document("d1", "Hello.")).to_dict())
>>> offsets_ok(Record(Document("d1", "Hello.")).to_dict())
[]
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

from ..errors import CommuniqueError

SCHEMA_FILE = "document.schema.json"


class SchemaError(CommuniqueError):
    """A record does not match ``document.schema.json``.

    ``path`` is where the first problem sits (``events/0/modality``) and
    ``problems`` lists every problem found, one line each.
    """

    def __init__(self, message: str, path: str = "", problems: tuple[str, ...] = ()) -> None:
        self.path = path
        self.problems = problems or (message,)
        super().__init__(message)


@lru_cache(maxsize=1)
def document_schema() -> dict[str, Any]:
    """The schema, read once from the package data."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = document_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(error: jsonschema.ValidationError) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(record)"


def validate_record(d: dict[str, Any]) -> None:
    """Raise :class:`SchemaError` if ``d`` does not match the output contract."""
    errors = sorted(_validator().iter_errors(d), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    problems = tuple(f"{_where(e)}: {e.message}" for e in errors)
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise SchemaError(f"record does not match {SCHEMA_FILE}: {problems[0]}{more}",
                      _where(first), problems) from first


# ---------------------------------------------------------------- offsets


def _bounds(where: str, start: Any, end: Any, size: int) -> list[str]:
    if not isinstance(start, int) or not isinstance(end, int):
        return [f"{where}: offsets {start!r}..{end!r} are not integers"]
    if not 0 <= start <= end <= size:
        return [f"{where}: offsets {start}..{end} fall outside the text (length {size})"]
    return []


def _same(where: str, text: str, span: dict[str, Any]) -> list[str]:
    """Bounds, then ``span['text'] == text[start:end]``."""
    start, end = span.get("start"), span.get("end")
    problems = _bounds(where, start, end, len(text))
    if not problems and text[start:end] != span.get("text"):
        problems.append(f"{where}: text {span.get('text')!r} != document text "
                        f"{text[start:end]!r} at {start}..{end}")
    return problems


def _in_sentence(where: str, sentences: list[dict[str, Any]], index: Any,
                 start: int, end: int) -> list[str]:
    if not sentences:
        return []
    if not isinstance(index, int) or not 0 <= index < len(sentences):
        return [f"{where}: sentence {index!r} does not exist"]
    s = sentences[index]
    if not s.get("start", 0) <= start <= end <= s.get("end", 0):
        return [f"{where}: span {start}..{end} is not inside sentence {index}"]
    return []


def _sentence_problems(text: str, sentences: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    previous_end = 0
    for i, s in enumerate(sentences):
        where = f"sentences[{i}]"
        if s.get("index") != i:
            problems.append(f"{where}: index {s.get('index')!r} should be {i}")
        found = _bounds(where, s.get("start"), s.get("end"), len(text))
        problems += found
        if not found:
            if s["start"] < previous_end:
                problems.append(f"{where}: starts at {s['start']}, before the previous "
                                f"sentence ends ({previous_end})")
            previous_end = s["end"]
    return problems


def offsets_ok(d: dict[str, Any]) -> list[str]:
    """Problems with the offsets of a record dict; an empty list when all is well.

    Checks that sentences are in order and within the text; that every
    mention, trigger and quantity has ``text == document.text[start:end]``
    and lies inside its sentence; that every quote span is within the text
    and (for direct quotes) contains the quoted words, whitespace aside; that
    commitment evidence is within the text.
    """
    text: str = d.get("document", {}).get("text", "")
    sentences: list[dict[str, Any]] = d.get("sentences", [])
    problems = _sentence_problems(text, sentences)
    for a in d.get("actors", []):
        for k, m in enumerate(a.get("mentions", [])):
            where = f"actor {a.get('id')} mention {k}"
            found = _same(where, text, m)
            problems += found or _in_sentence(where, sentences, m.get("sentence"),
                                              m["start"], m["end"])
    for e in d.get("events", []):
        where = f"event {e.get('id')} trigger"
        trigger = e.get("trigger") or {}
        found = _same(where, text, trigger)
        problems += found or _in_sentence(where, sentences, e.get("sentence"),
                                          trigger["start"], trigger["end"])
    for q in d.get("quotes", []):
        where = f"quote {q.get('id')}"
        found = _bounds(where, q.get("start"), q.get("end"), len(text))
        if not found and q.get("kind", "direct") == "direct":
            inside = " ".join(text[q["start"]:q["end"]].split())
            if " ".join(str(q.get("text", "")).split()) not in inside:
                found.append(f"{where}: quoted words are not within text[{q['start']}:{q['end']}]")
        problems += found
    for n in d.get("quantities", []):
        where = f"quantity {n.get('id')}"
        found = _same(where, text, n)
        problems += found or _in_sentence(where, sentences, n.get("sentence"),
                                          n["start"], n["end"])
    for c in d.get("commitments", []):
        for k, ev in enumerate(c.get("evidence", [])):
            problems += _bounds(f"commitment {c.get('id')} evidence {k}",
                                ev.get("start"), ev.get("end"), len(text))
    return problems


def references_ok(d: dict[str, Any]) -> list[str]:
    """Ids that point nowhere: actors named by events, quotes and commitments,
    quote ids named by events, quantity and event ids named by commitments."""
    actors = {a.get("id") for a in d.get("actors", [])}
    quotes = {q.get("id") for q in d.get("quotes", [])}
    quantities = {n.get("id") for n in d.get("quantities", [])}
    events = {e.get("id") for e in d.get("events", [])}
    problems: list[str] = []

    def check(where: str, values: list[Any], known: set[Any], what: str) -> None:
        problems.extend(f"{where}: unknown {what} {v!r}" for v in values
                        if v is not None and v not in known)

    for e in d.get("events", []):
        where = f"event {e.get('id')}"
        check(where, [*e.get("source", []), *e.get("target", []), e.get("location")],
              actors, "actor")
        check(where, [e.get("quote")], quotes, "quote")
    for q in d.get("quotes", []):
        check(f"quote {q.get('id')}", [q.get("speaker")], actors, "actor")
    for c in d.get("commitments", []):
        where = f"commitment {c.get('id')}"
        check(where, [*c.get("by", []), *c.get("for", [])], actors, "actor")
        check(where, c.get("quantities", []), quantities, "quantity")
        check(where, c.get("events", []), events, "event")
    return problems


__all__ = ["SCHEMA_FILE", "SchemaError", "document_schema", "offsets_ok", "references_ok",
           "validate_record"]
