"""The scale commands: batch (local processes to Parquet shards), spark, and ``ingest --parquet``."""

from __future__ import annotations

import click

from .. import api
from ..scale.batch import DEFAULT_SHARD_SIZE, Progress, run_batch
from ..scale.shards import load_shards
from . import main, settings_of, translate_errors


def _progress_line(p: Progress) -> None:
    total = f"/{p.total}" if p.total is not None else ""
    eta = f", about {p.eta_seconds:.0f} s left" if p.eta_seconds is not None else ""
    click.echo(f"\rbatch: {p.done}{total} documents, {p.docs_per_second:.1f} docs/s{eta}   ", err=True, nl=False)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the shards and manifest.")
@click.option("--workers", type=click.IntRange(min=0), default=2, show_default=True,
              help="Worker processes (0 runs in this process).")
@click.option("--shard-size", "shard_size", type=click.IntRange(min=1), default=DEFAULT_SHARD_SIZE,
              show_default=True, help="Documents per shard.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none.")
@click.option("--quiet", is_flag=True, help="No progress line.")
@click.pass_context
@translate_errors
def batch(ctx: click.Context, inputs: tuple[str, ...], out: str, workers: int, shard_size: int,
          published: str | None, quiet: bool) -> None:
    """Extract documents with a pool of processes into Parquet shards (rerun to resume)."""
    report = run_batch(inputs, out, workers=workers, shard_size=shard_size, settings=settings_of(ctx),
                       published=published, progress=None if quiet else _progress_line)
    if not quiet:
        click.echo("", err=True)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"shards {report.shards} ({report.written} written, {report.skipped} already done), "
               f"documents {report.documents}, failed {report.failed}, duplicates {report.duplicates}, "
               f"{report.docs_per_second:.1f} docs/s  ->  {report.out}")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder for the Parquet datasets.")
@click.option("--master", default="local[2]", show_default=True, help="Spark master URL.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none.")
@click.pass_context
@translate_errors
def spark(ctx: click.Context, inputs: tuple[str, ...], out: str, master: str, published: str | None) -> None:
    """Run the pipeline as a Spark job: one Parquet dataset per table, partitioned by publication month."""
    from ..scale.spark import run_spark

    counts = run_spark(inputs, out, master=master, settings=settings_of(ctx), published=published)
    click.echo(", ".join(f"{table} {n}" for table, n in counts.items()) + f"  ->  {out}")


def ingest_shards(ctx: click.Context, folders: tuple[str, ...], db: str | None) -> None:
    """``communique ingest --parquet DIR…``: store the records of batch runs' shards."""
    settings = settings_of(ctx)
    with api.open_store(db, settings=settings) as store:
        for folder in folders:
            summary = load_shards(store, folder, batch_size=settings.batch_size)
            for doc_id, why in summary.failures:
                click.echo(f"error: {doc_id}: {why}", err=True)
            click.echo(f"{folder}: read {summary.read}, stored {summary.stored}, skipped as duplicate "
                       f"{summary.duplicates}, failed {summary.failed}  ->  {store.path}")
