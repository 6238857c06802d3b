"""``communique serve``: the HTTP API and the dashboard over one database (a thin wrapper over
:func:`communique.serve.create_app`). Needs the optional packages fastapi and uvicorn."""

from __future__ import annotations

import click

from . import main, settings_of, translate_errors
from .commands import DB_HELP

INSTALL = "pip install fastapi uvicorn"


@main.command()
@click.option("--db", default=None, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.pass_context
@translate_errors
def serve(ctx: click.Context, db: str | None, host: str, port: int) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the dashboard at /.

    Write endpoints need ``Authorization: Bearer <token>`` when $COMMUNIQUE_TOKEN is set;
    request bodies over $COMMUNIQUE_MAX_BODY bytes (default 5 MB) are refused with 413.
    """
    try:
        import uvicorn

        from ..serve import create_app
    except ImportError as exc:
        raise click.ClickException(f"the server needs fastapi and uvicorn ({exc.name} is missing): {INSTALL}") \
            from exc
    app = create_app(settings_of(ctx), db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: other machines can reach it", err=True)
    click.echo(f"communique: dashboard at http://{host}:{port}/  API docs at http://{host}:{port}/docs", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
