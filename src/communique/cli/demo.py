"""``communique demo``: ingest the bundled corpus into a fresh database and show it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from .. import api
from ..settings import Settings
from .output import format_table


def run_demo(db: str, settings: Settings) -> None:
    path = Path(db)
    for stale in (path, path.with_name(path.name + ".wal")):
        if stale.exists():
            stale.unlink()
    corpus = api.demo_corpus()
    click.echo(f"Ingesting the demo corpus ({corpus.name}) into {path} …")
    with api.open_store(path, settings=settings) as store:
        report = api.ingest([corpus], store, settings=settings)
        click.echo(f"read {report.read}, stored {report.stored}, skipped as duplicate {report.duplicates}, "
                   f"failed {report.failed}\n")
        docs = store.documents()
        click.echo("DOCUMENTS")
        click.echo(format_table(docs, ("published", "dateline", "title", "n_events", "n_quotes")))
        click.echo("\nTOP COUNTRY PAIRS")
        click.echo(format_table([{"pair": f"{a}-{b}", "events": n} for a, b, n in store.top_dyads(8)],
                                ("pair", "events")))
        click.echo("\nSOME EVENTS")
        click.echo(format_table(store.events(limit=12),
                                ("date", "source", "cameo", "label", "target", "modality")))
        click.echo("\nQUOTES")
        for q in store.quotes(limit=6):
            click.echo(f"- {q.get('speaker') or q.get('speaker_text') or '?'}: "
                       + textwrap.shorten(q.get("text") or "", 110))
        click.echo("\nCOMMITMENTS")
        click.echo(format_table(store.commitments(limit=10), ("kind", "what", "by", "for", "status")))
        top = store.top_dyads(1)
    dyad = f"{top[0][0]}-{top[0][1]}" if top else "IRN-KAZ"
    click.echo(f"\nTry: communique events --db {path} --dyad {dyad} --format table")
