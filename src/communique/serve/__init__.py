"""The HTTP API and the dashboard: ``communique serve``.

>>> from communique.serve import create_app                       # doctest: +SKIP
>>> app = create_app(Settings.load(), "communique-demo.duckdb")   # doctest: +SKIP

Routes are thin wrappers over :mod:`communique.api` and
:class:`communique.store.Store` (see :mod:`.routes`); library errors become a
status and a JSON body ``{"status", "error", "message"}`` (see :mod:`.app`).
The dashboard is plain HTML, CSS and JavaScript in ``static/``: no CDN, it
works with no internet. Needs the optional packages ``fastapi`` and ``uvicorn``.

Environment: ``COMMUNIQUE_TOKEN`` (when set, write endpoints need
``Authorization: Bearer <token>``) and ``COMMUNIQUE_MAX_BODY`` (the largest
request body in bytes; default 5 MB; larger ones are refused with 413).
"""

from __future__ import annotations

from .app import DEFAULT_MAX_BODY, ServerConfig, create_app

__all__ = ["DEFAULT_MAX_BODY", "ServerConfig", "create_app"]
