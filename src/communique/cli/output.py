"""Rendering for people: tables of rows, a readable summary of one record."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from typing import Any

import click

from ..model import Record


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else (", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value))
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 60) -> str:
    if not rows:
        return "(no rows)"
    cells = [[_cell(r.get(c), max_width) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(out)


def print_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    if fmt == "json":
        for r in rows:
            click.echo(json.dumps(r, default=str, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        names = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(format_table(rows, [c for c in columns if not rows or c in rows[0]]))


def record_table(record: Record) -> str:
    """A readable summary of one document record."""
    d = record.document
    names = {a.id: a.name for a in record.actors}
    head = [f"document {d.id}  published {d.published or '?'}  dateline {d.dateline or '-'}  "
            f"publisher {d.publisher or '-'}  license {d.license or '-'}",
            f"{len(record.sentences)} sentences, {len(record.actors)} actors, {len(record.events)} events, "
            f"{len(record.quotes)} quotes, {len(record.quantities)} quantities, "
            f"{len(record.commitments)} commitments"]
    actors = format_table([{"id": a.id, "name": a.name, "kind": a.kind, "code": a.code, "role": a.role,
                            "mentions": len(a.mentions)} for a in record.actors],
                          ("id", "name", "kind", "code", "role", "mentions"))
    events = format_table([{"id": e.id, "date": e.date, "source": [names[i] for i in e.source],
                            "cameo": e.cameo, "label": e.cameo_label,
                            "target": [names[i] for i in e.target], "modality": e.modality,
                            "trigger": e.trigger.text} for e in record.events],
                          ("id", "date", "source", "cameo", "label", "target", "modality", "trigger"))
    quotes = "\n".join(
        f"{q.id} {names.get(q.speaker or '', q.speaker_text or '?')} ({q.kind}): "
        + textwrap.shorten(q.text, 100) for q in record.quotes) or "(none)"
    quantities = format_table([{"text": q.text, "kind": q.kind, "value": q.value, "unit": q.unit,
                                "qualifier": q.qualifier, "about": q.about} for q in record.quantities],
                              ("text", "kind", "value", "unit", "qualifier", "about"))
    commitments = format_table([{"kind": c.kind, "what": c.what, "by": [names.get(i, i) for i in c.by],
                                 "for": [names.get(i, i) for i in c.for_], "status": c.status}
                                for c in record.commitments], ("kind", "what", "by", "for", "status"))
    errors = "\n".join(f"{e.stage}: {e.error}: {e.message}" for e in record.errors)
    parts = ["\n".join(head), "ACTORS\n" + actors, "EVENTS\n" + events, "QUOTES\n" + quotes,
             "QUANTITIES\n" + quantities, "COMMITMENTS\n" + commitments]
    if errors:
        parts.append("ERRORS\n" + errors)
    return "\n\n".join(parts)
