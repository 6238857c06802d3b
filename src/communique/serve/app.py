"""The FastAPI application: its configuration, the shared store, errors as JSON, limits and the token.

Every error leaves the server as ``{"status": 404, "error": "not_found", "message": "..."}``
where the message says what to fix. Library errors are translated here:

===========================  ======  ==========================
exception                    status  error
===========================  ======  ==========================
QueryError                   400     bad_query
InputError (and subclasses)  422     bad_input
ModelNotFoundError           503     model_missing
StoreError, other errors     500     store_error / server_error
===========================  ======  ==========================
"""

from __future__ import annotations

import hmac
import os
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import api
from ..errors import CommuniqueError, InputError, ModelNotFoundError, QueryError, SettingsError, StoreError
from ..settings import Settings
from ..store import Store

DEFAULT_MAX_BODY = 5 * 1024 * 1024
STATIC = Path(__file__).parent / "static"
#: The dashboard runs only its own bundled scripts: article text can never become code.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

_ERRORS: tuple[tuple[type[CommuniqueError], int, str], ...] = (
    (QueryError, 400, "bad_query"),
    (InputError, 422, "bad_input"),
    (ModelNotFoundError, 503, "model_missing"),
    (SettingsError, 500, "settings_error"),
    (StoreError, 500, "store_error"),
)
_HTTP_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 422: "bad_input"}


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What the server reads from the environment: the write token and the body limit."""

    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerConfig:
        """``COMMUNIQUE_TOKEN`` and ``COMMUNIQUE_MAX_BODY`` (bytes); a bad limit raises SettingsError."""
        env = os.environ if environ is None else environ
        raw = env.get("COMMUNIQUE_MAX_BODY", "").strip()
        try:
            max_body = int(raw) if raw else DEFAULT_MAX_BODY
        except ValueError as exc:
            raise SettingsError(f"COMMUNIQUE_MAX_BODY must be a number of bytes, such as 5000000; got {raw!r}") \
                from exc
        if max_body <= 0:
            raise SettingsError(f"COMMUNIQUE_MAX_BODY must be a positive number of bytes; got {raw!r}")
        return cls(token=env.get("COMMUNIQUE_TOKEN") or None, max_body=max_body)


class ServerState:
    """The store shared by every request: readers get their own cursor, writers take the lock."""

    def __init__(self, settings: Settings, store: Store, config: ServerConfig) -> None:
        self.settings = settings
        self.store = store
        self.config = config
        self.write_lock = threading.Lock()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A Store over a fresh cursor of the shared connection, closed after the request."""
        store = Store(self.store.con.cursor(), self.store.path, read_only=True)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The read-write store, one writer at a time."""
        with self.write_lock:
            yield self.store


def error_body(status: int, error: str, message: str) -> dict[str, Any]:
    return {"status": status, "error": error, "message": message}


def error_response(status: int, error: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, error, message), status_code=status, headers=headers)


def translate(exc: CommuniqueError) -> tuple[int, str]:
    """The HTTP status and error name of a library error."""
    for cls, status, name in _ERRORS:
        if isinstance(exc, cls):
            return status, name
    return 500, "server_error"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is malformed"


def check_token(request: Request, config: ServerConfig) -> JSONResponse | None:
    """None when the request may write, else the 401/403 response saying what to send."""
    if config.token is None:
        return None
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    challenge = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not given.strip():
        return error_response(401, "unauthorized", "this endpoint writes: send the header "
                              "'Authorization: Bearer <token>' with the token in $COMMUNIQUE_TOKEN", challenge)
    if not hmac.compare_digest(given.strip().encode(), config.token.encode()):
        return error_response(403, "forbidden", "the bearer token is wrong: use the value of $COMMUNIQUE_TOKEN "
                              "the server was started with", challenge)
    return None


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(CommuniqueError)
    async def _library(request: Request, exc: CommuniqueError) -> JSONResponse:
        status, name = translate(exc)
        return error_response(status, name, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "bad_request", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        name = _HTTP_NAMES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path {request.url.path!r}: see /docs or /openapi.json for the endpoints"
        return error_response(exc.status_code, name, message, dict(exc.headers or {}))


def _install_middleware(app: FastAPI, config: ServerConfig) -> None:
    @app.middleware("http")
    async def _limits_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        length = request.headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                return error_response(400, "bad_request", "Content-Length must be a number of bytes")
            if int(length) > config.max_body:
                return error_response(413, "too_large", f"the request body has {length} bytes; the limit is "
                                      f"{config.max_body} (set $COMMUNIQUE_MAX_BODY to change it)")
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy", CSP)
        return response


def create_app(settings: Settings | None, store_path: str | os.PathLike[str] | None = None, *,
               config: ServerConfig | None = None) -> FastAPI:
    """The API and dashboard over the database at ``store_path`` (default: the settings' ``db``).

    The store is opened (created and migrated if needed) now and closed when
    the application shuts down. ``config`` defaults to :meth:`ServerConfig.from_env`.
    """
    from .routes import router

    s = settings or Settings.load()
    cfg = config or ServerConfig.from_env()
    store = api.open_store(store_path, settings=s)
    state = ServerState(s, store, cfg)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            store.close()

    app = FastAPI(  # no /docs or /redoc: their pages load scripts from a CDN, and this server works offline
        title="communique", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
        description="News about international relations as structured, sourced data: documents, events, "
                    "actors, quotes, commitments and the relations between countries.",
    )
    app.state.communique = state
    _install_handlers(app)
    _install_middleware(app, cfg)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("communique")
    except PackageNotFoundError:
        return "0"
