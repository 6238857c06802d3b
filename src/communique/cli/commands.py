"""The commands: extract, ingest, events, actor, evaluate, demo."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import api
from ..errors import InputError
from ..model import Record
from ..read import is_warning, iter_documents
from . import main, settings_of, translate_errors
from .output import print_rows, record_table

DB_HELP = "DuckDB database file; default communique.duckdb or $COMMUNIQUE_DB."
READ_DB_HELP = (DB_HELP + " Or a folder of Parquet files written by `communique batch`, `spark` or "
                "`export --format parquet`, read in place (read-only).")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date, used to resolve relative dates.")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
@click.pass_context
@translate_errors
def extract(ctx: click.Context, inputs: tuple[str, ...], published: str | None, fmt: str) -> None:
    """Print the document record of each input (files, directories, or - for stdin).

    One JSON object per document: JSON Lines when there are several.
    """
    settings = settings_of(ctx)
    failed = 0
    for item in api.extract_paths(inputs, published=published, settings=settings):
        if is_warning(item):
            click.echo(f"warning: {item}", err=True)
        elif isinstance(item, InputError):
            failed += 1
            click.echo(f"error: {item}", err=True)
        elif fmt == "json":
            click.echo(json.dumps(item.to_dict(), ensure_ascii=False))
        else:
            click.echo(record_table(item))
    if failed:
        ctx.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help=DB_HELP)
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none.")
@click.option("--parquet", is_flag=True, help="PATHS are output folders of `communique batch`: store their shards.")
@click.pass_context
@translate_errors
def ingest(ctx: click.Context, paths: tuple[str, ...], db: str | None, published: str | None,
           parquet: bool = False) -> None:
    """Extract and store documents in the embedded database (one transaction per batch)."""
    if parquet:
        from .scale_commands import ingest_shards

        return ingest_shards(ctx, paths, db)
    settings = settings_of(ctx)
    items = list(iter_documents(paths, published=published))
    with (api.open_store(db, settings=settings) as store,
          click.progressbar(length=len(items), label="ingesting", file=sys.stderr, show_pos=True,
                            show_eta=True) as bar):
        report = api.ingest_documents(items, store, settings=settings, progress=bar.update)
    for problem in report.problems:
        click.echo(problem if problem.startswith("warning:") else f"error: {problem}", err=True)
    click.echo(f"read {report.read}, stored {report.stored}, skipped as duplicate {report.duplicates}, "
               f"failed {report.failed}  ->  {store.path}")
    if report.failed and not report.read:
        ctx.exit(1)


@main.command()
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--country", default=None, metavar="ISO3", help="Events with this country on either side.")
@click.option("--dyad", default=None, metavar="AAA-BBB", help="Events between two countries, e.g. IRN-KAZ.")
@click.option("--since", default=None, metavar="YYYY-MM-DD")
@click.option("--until", default=None, metavar="YYYY-MM-DD")
@click.option("--cameo", default=None, help="CAMEO code or prefix, e.g. 04 or 057.")
@click.option("--root", default=None, help="CAMEO root class, 01 to 20.")
@click.option("--quad-class", "quad_class", type=click.IntRange(1, 4), default=None,
              help="QuadClass: 1 verbal and 2 material cooperation, 3 verbal and 4 material conflict.")
@click.option("--plover", default=None, help="PLOVER event type, e.g. CONSULT or ASSAULT.")
@click.option("--modality", default=None, help="asserted, future, intended, hypothetical or negated.")
@click.option("--actor", default=None, help="Events with an actor whose name contains this text.")
@click.option("--text", default=None, help="Events whose sentence contains this text.")
@click.option("--limit", type=int, default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
@translate_errors
def events(ctx: click.Context, db: str | None, country: str | None, dyad: str | None, since: str | None,
           until: str | None, cameo: str | None, root: str | None, quad_class: int | None, plover: str | None,
           modality: str | None, actor: str | None, text: str | None, limit: int | None, fmt: str) -> None:
    """List stored events, filtered (the filters combine)."""
    pair = None
    if dyad:
        parts = dyad.replace(",", "-").split("-")
        if len(parts) != 2:
            raise click.BadParameter("use two ISO 3166 alpha-3 codes joined by '-', e.g. IRN-KAZ",
                                     param_hint="--dyad")
        pair = (parts[0].upper(), parts[1].upper())
    api.check_countries(country, *(pair or ()), settings=settings_of(ctx))
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        rows = store.events(country=country.upper() if country else None, dyad=pair, since=since,
                            until=until, cameo=cameo, limit=limit, root=root, quad_class=quad_class,
                            plover=plover, modality=modality, actor=actor, text=text)
    print_rows(rows, fmt, columns=("date", "source", "cameo", "label", "target", "modality", "sentence_text"))


@main.command()
@click.argument("name")
@click.option("--db", default=None, help=READ_DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
@translate_errors
def actor(ctx: click.Context, name: str, db: str | None, fmt: str) -> None:
    """What the store remembers of a person: each office and country, with the dates first and last seen."""
    with api.open_store(db, settings=settings_of(ctx), read_only=True) as store:
        rows = store.actor_history(name)
    if not rows and fmt == "table":
        click.echo(f"nothing remembered of {name!r}", err=True)
        ctx.exit(1)
    print_rows(rows, fmt, columns=("name", "country", "sector", "role", "first_seen", "last_seen", "documents"))


@main.command()
@click.option("--gold", "gold_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="Folder of NAME.txt files with NAME.gold.yaml beside them.")
@click.option("--plover", "plover_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A PLOVER gold-standard records file (PLOVER_GSR_CAMEO.txt): actors and event types.")
@click.option("--conflibert", "conflibert_dir", type=click.Path(exists=True), default=None,
              help="The ConfliBERT CAMEO rater annotations (a folder of summary.csv files): CAMEO roots.")
@click.option("--recognizers", "recognizers_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="The Microsoft Recognizers-Text English specs folder: currency, percent and number values.")
@click.option("--gum", "gum_dir", type=click.Path(exists=True, file_okay=False), default=None,
              help="The GUM news folder (xml/ and dep/): quotation spans.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), default=None,
              help="Also write the full report as JSON to this file.")
@click.option("--detail", is_flag=True,
              help="Also print the confusion table by class and what was missed or wrong.")
@click.pass_context
@translate_errors
def evaluate(ctx: click.Context, gold_dir: str | None, plover_file: str | None, conflibert_dir: str | None,
             recognizers_dir: str | None, gum_dir: str | None, json_out: str | None, detail: bool) -> None:
    """Score extraction against gold: our own gold format, the PLOVER records, the ConfliBERT raters,
    the Recognizers-Text specs or GUM's news quotations.

    Give exactly one of --gold, --plover, --conflibert, --recognizers and --gum.
    """
    from ..evaluate import evaluate_conflibert, evaluate_dir, evaluate_gum, evaluate_plover, evaluate_recognizers

    chosen = [(name, value) for name, value in (("gold", gold_dir), ("plover", plover_file),
                                                 ("conflibert", conflibert_dir), ("recognizers", recognizers_dir),
                                                 ("gum", gum_dir)) if value]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --gold, --plover, --conflibert, --recognizers and --gum")
    settings = settings_of(ctx)

    def run(text: str, published: str | None) -> Record:
        return api.extract(text, published=published, settings=settings)

    kind, path = chosen[0]
    if kind == "gold":
        report: Any = evaluate_dir(path, run)
    elif kind == "plover":
        report = evaluate_plover(path, run, api.resources_lexicon(settings))
    elif kind == "recognizers":
        report = evaluate_recognizers(path, run)
    elif kind == "gum":
        report = evaluate_gum(path, run)
    else:
        report = evaluate_conflibert(path, run)
    click.echo(report.format_table())
    if detail:
        click.echo(report.format_detail())
    if json_out:
        Path(json_out).write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")


@main.command()
@click.option("--db", default="communique-demo.duckdb", show_default=True,
              help="Database to create for the demo (replaced if it exists).")
@click.pass_context
@translate_errors
def demo(ctx: click.Context, db: str) -> None:
    """Ingest the bundled demo corpus into a fresh database and show what it holds."""
    from .demo import run_demo

    run_demo(db, settings_of(ctx))
