"""The HTTP API and the dashboard: ``communique serve``.

>>> from communique.serve import create_app                       # doctest: +SKIP
>>> app = create_app(Settings.load(), "communique-demo.duckdb")   # doctest: +SKIP

Routes are thin wrappers over :mod:`communique.api` and
:class:`communique.store.Store` (see :mod:`.routes`); library errors become a
status and a JSON body ``{"status", "error", "message"}`` (see :mod:`.app`).
The dashboard is plain HTML, CSS and JavaScript in ``static/``: no CDN, it
works with no internet. Needs the optional packages ``fastapi`` and ``uvicorn``.

Settings (see :class:`communique.settings.Settings`; environment
``COMMUNIQUE_SERVE_*``): ``serve_token`` (when set, write endpoints need
``Authorization: Bearer <token>``; the older ``COMMUNIQUE_TOKEN`` still works),
``serve_max_body`` (the largest request body in bytes, default 5 MiB, else 413;
the older ``COMMUNIQUE_MAX_BODY`` still works), ``serve_timeout`` (seconds a
request may take, else 504, or 503 when the write queue is full; default 60)
and ``serve_cors_origins`` (origins allowed cross-origin; default none).
What each protects against is in :mod:`.security`; how writes are serialised
in :mod:`.app`.
"""

from __future__ import annotations

from .app import DEFAULT_MAX_BODY, DEFAULT_TIMEOUT, ServerConfig, create_app

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_TIMEOUT", "ServerConfig", "create_app"]
