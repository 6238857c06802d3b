"""The store's relation commands: dyad, actors, quotes, commitments, export, import.

Each is a thin wrapper over :class:`communique.store.Store`; output as a
table, JSON (one object per line) or CSV.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .. import api
from ..model import COMMITMENT_KINDS
from ..store.exports import FORMATS
from ..store.relations import DyadReport
from . import main, settings_of, translate_errors
from .commands import DB_HELP, READ_DB_HELP
from .output import format_table, print_rows

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True)

_DYAD_COLUMNS: dict[str, tuple[str, ...]] = {
    "timeline": ("month", "events", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
                 "goldstein_total", "goldstein_mean", "articles", "top_event"),
    "events": ("date", "country1", "country2", "cameo", "label", "goldstein", "num_articles", "sentence_text"),
    "agreements": ("first_date", "what", "parties", "status", "status_date", "reports", "sentence_text"),
    "open": ("first_date", "kind", "what", "parties", "status", "status_date", "sentence_text"),
    "quotes": ("published", "speaker", "speaker_country", "text"),
}
_TITLES = {"timeline": "EVENTS PER MONTH (by QuadClass; Goldstein total and mean)",
           "events": "LATEST EVENTS (one row per event, however many reports)", "agreements": "AGREEMENTS",
           "open": "OPEN TARGETS AND PROMISES", "quotes": "LATEST QUOTES"}


def _print_dyad(report: DyadReport, fmt: str, section: str | None) -> None:
    sections = (section,) if section else DyadReport.SECTIONS
    if fmt == "json":
        data = report.to_dict()
        click.echo(json.dumps({k: data[k] for k in ("pair", *sections)}, default=str, ensure_ascii=False))
    elif fmt == "csv":
        name = section or "timeline"
        print_rows(getattr(report, name), "csv", _DYAD_COLUMNS[name])
    else:
        a, b = report.pair
        click.echo(f"{a} and {b}")
        for name in sections:
            click.echo(f"\n{_TITLES[name]}")
            click.echo(format_table(getattr(report, name), _DYAD_COLUMNS[name]))


@main.command()
@click.argument("country_a")
@click.argument("country_b")
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--since", default=None, metavar="YYYY-MM-DD")
@click.option("--until", default=None, metavar="YYYY-MM-DD")
@click.option("--limit", type=int, default=20, show_default=True, help="Rows of events and quotes.")
@click.option("--section", type=click.Choice(DyadReport.SECTIONS), default=None,
              help="Only this part (CSV shows one part: timeline unless given).")
@FORMAT
@click.pass_context
@translate_errors
def dyad(ctx: click.Context, country_a: str, country_b: str, db: str | None, since: str | None,
         until: str | None, limit: int, section: str | None, fmt: str) -> None:
    """The relation between two countries over time, e.g. ``communique dyad IRN KAZ``: events per month by
    QuadClass with Goldstein total and mean, events, agreements, open targets and promises, latest quotes."""
    a, b = country_a.upper(), country_b.upper()
    api.check_countries(a, b, settings=settings_of(ctx))
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        report = store.dyad(a, b, since=since, until=until, limit=limit)
    _print_dyad(report, fmt, section)


@main.command()
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--name", default=None, help="Actors whose name contains these words.")
@click.option("--country", default=None, metavar="ISO3")
@click.option("--kind", type=click.Choice(["person", "country", "organization", "group", "place"]), default=None)
@click.option("--limit", type=int, default=None)
@FORMAT
@click.pass_context
@translate_errors
def actors(ctx: click.Context, db: str | None, name: str | None, country: str | None, kind: str | None,
           limit: int | None, fmt: str) -> None:
    """Global actors with their names, roles and mention counts, most mentioned first."""
    if country:
        country = country.upper()
        api.check_countries(country, settings=settings_of(ctx))
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        rows = store.actors(name=name, country=country, kind=kind, limit=limit)
    print_rows(rows, fmt, columns=("actor", "name", "kind", "country", "names", "roles", "documents", "mentions"))


@main.command()
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--speaker", default=None, help="Speaker's name contains these words.")
@click.option("--country", default=None, metavar="ISO3", help="Speaker's country.")
@click.option("--text", default=None, help="Quoted words contain these words.")
@click.option("--limit", type=int, default=None)
@FORMAT
@click.pass_context
@translate_errors
def quotes(ctx: click.Context, db: str | None, speaker: str | None, country: str | None, text: str | None,
           limit: int | None, fmt: str) -> None:
    """List stored quotes, filtered by speaker, speaker country or text."""
    if country:
        country = country.upper()
        api.check_countries(country, settings=settings_of(ctx))
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        rows = store.quotes(speaker=speaker, speaker_country=country, text=text, limit=limit)
    print_rows(rows, fmt, columns=("published", "speaker", "speaker_country", "kind", "text"))


@main.command()
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--kind", type=click.Choice(COMMITMENT_KINDS), default=None)
@click.option("--party", default=None, metavar="ISO3", help="A party's country (by or for).")
@click.option("--status", default=None, help="Current status, e.g. promised, signed, in force, fulfilled.")
@click.option("--open", "open_only", is_flag=True, help="Only those not yet fulfilled or in force.")
@click.option("--limit", type=int, default=None)
@FORMAT
@click.pass_context
@translate_errors
def commitments(ctx: click.Context, db: str | None, kind: str | None, party: str | None, status: str | None,
                open_only: bool, limit: int | None, fmt: str) -> None:
    """Commitments tracked across documents, with their current status and history of evidence."""
    if party:
        party = party.upper()
        api.check_countries(party, settings=settings_of(ctx))
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        rows = store.tracked_commitments(kind=kind, party=party, status=status, open_only=open_only, limit=limit)
    print_rows(rows, fmt, columns=("first_date", "kind", "what", "parties", "status", "status_date", "reports"))


@main.command(name="export")
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="gdelt (GDELT 2.0 event TSV), plover (JSON lines), csv, jsonl (full records), parquet (folder).")
@click.option("--output", "-o", default="-", show_default=True,
              help="File to write, - for stdout; for parquet, a folder.")
@click.option("--header", is_flag=True, help="gdelt: add a header line (GDELT's own files have none).")
@click.pass_context
@translate_errors
def export(ctx: click.Context, db: str | None, fmt: str, output: str, header: bool) -> None:
    """Export the store; every field is documented in communique.store.exports."""
    from ..store import exports as _exports

    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        if fmt == "parquet":
            if output == "-":
                raise click.UsageError("the parquet export writes a folder: give it with --output")
            n: Any = store.export("parquet", output)
        elif fmt == "gdelt" and header:
            if output == "-":
                n = _exports.write_gdelt(store.con, sys.stdout, header=True)
            else:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    n = _exports.write_gdelt(store.con, handle, header=True)
        else:
            n = store.export(fmt, sys.stdout if output == "-" else output)
    click.echo(f"exported {n} {'documents' if fmt in ('parquet', 'jsonl') else 'rows'} as {fmt}", err=True)


@main.command()
@click.option("--db", default=None, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@translate_errors
def check(ctx: click.Context, db: str | None, fmt: str) -> None:
    """Verify a database (read-only): schema complete, every table readable, rows consistent.
    Lists each problem with its table, row key and reason; exit status 1 when there is any."""
    report = api.check_store(db, settings=settings_of(ctx))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(str(problem))
        if report.unlisted:
            click.echo(f"… and {report.unlisted} more rows with the problems above")
        rows = sum(n for _, n in report.rows)
        verdict = "ok" if report.ok else f"{report.total_problems} problems"
        click.echo(f"{report.path}: schema version {report.schema_version}, {len(report.rows)} tables and views "
                   f"read, {rows} rows: {verdict}")
    if not report.ok:
        ctx.exit(1)


@main.command(name="import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help=DB_HELP)
@click.pass_context
@translate_errors
def import_(ctx: click.Context, folder: str, db: str | None) -> None:
    """Load a Parquet export (``communique export --format parquet``) into an empty database."""
    with api.open_store(db, settings=settings_of(ctx)) as store:
        counts = store.import_parquet(folder)
    click.echo(", ".join(f"{table} {n}" for table, n in counts.items()))
