"""``communique watch``: poll RSS/Atom feeds and store each new article (a thin wrapper over
:func:`communique.scale.watch.watch`)."""

from __future__ import annotations

import logging

import click

from .. import api
from ..scale.watch import LOG, FetchPolicy, parse_duration
from ..scale.watch import watch as watch_feeds
from . import main, settings_of, translate_errors
from .commands import DB_HELP


class _EchoHandler(logging.Handler):
    """Log records as lines on stderr, through click (so CliRunner captures them)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


@main.command()
@click.argument("feeds", nargs=-1, required=True, metavar="FEED_URL...")
@click.option("--every", default="15m", show_default=True, help="Time between polls: 30s, 15m, 1h, 1h30m…")
@click.option("--db", default=None, help=DB_HELP)
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option("--max-wait", "max_wait", default="60s", show_default=True,
              help="Longest Retry-After (HTTP 429 or 503) waited for before trying again; a server that asks "
                   "for longer is asked again on a later poll, not before the time it gave.")
@click.pass_context
@translate_errors
def watch(ctx: click.Context, feeds: tuple[str, ...], every: str, db: str | None, once: bool,
          max_wait: str = "60s") -> None:
    """Poll feeds and store every new article once (fetched, extracted, stored).

    The links already handled are kept in the database (table watch_seen), so a
    restarted watch fetches nothing twice; links that failed for a passing reason
    are tried again on later polls. Feeds are asked with a conditional GET (their
    ETag and Last-Modified are kept in table watch_feeds; 304 means no change), and
    a Retry-After on 429 or 503 is honoured up to --max-wait. One line is printed
    per poll; stop with Ctrl-C.
    """
    seconds = parse_duration(every)
    policy = FetchPolicy(max_wait=parse_duration(max_wait))
    settings = settings_of(ctx)
    handler = _EchoHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    level = LOG.level
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    try:
        with api.open_store(db, settings=settings) as store:
            report = watch_feeds(feeds, store, every=seconds, once=once, settings=settings, policy=policy)
    except KeyboardInterrupt:
        click.echo("watch: stopped", err=True)
        return
    finally:
        LOG.removeHandler(handler)
        LOG.setLevel(level)
    click.echo(f"{report.polls} poll(s): {report.new} new, {report.duplicates} duplicate, {report.skipped} skipped, "
               f"{report.failed} failed, {report.rejected} rejected  ->  {store.path}")
    if report.last is not None and report.last.feeds_failed == len(feeds):
        ctx.exit(1)
