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

    Write endpoints need ``Authorization: Bearer <token>`` when $COMMUNIQUE_SERVE_TOKEN (or
    $COMMUNIQUE_TOKEN) is set; request bodies over $COMMUNIQUE_SERVE_MAX_BODY bytes (default 5 MiB)
    are refused with 413; requests over $COMMUNIQUE_SERVE_TIMEOUT seconds (default 60) get 504;
    $COMMUNIQUE_SERVE_CORS_ORIGINS lists the origins allowed cross-origin (default none).
    """
    try:
        import uvicorn

        from ..serve import create_app
    except ImportError as exc:
        raise click.ClickException(f"the server needs fastapi and uvicorn ({exc.name} is missing): {INSTALL}") \
            from exc
    settings = settings_of(ctx)
    app = create_app(settings, db)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: other machines can reach it"
                   + ("" if settings.serve_token else "; set serve_token ($COMMUNIQUE_SERVE_TOKEN) so that only "
                      "holders of the token can write"), err=True)
    click.echo(f"communique: dashboard at http://{host}:{port}/  API docs at http://{host}:{port}/docs", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
