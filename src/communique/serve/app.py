"""The FastAPI application: its configuration, the shared store, errors as JSON, limits and the token.

Every error leaves the server as ``{"status": 404, "error": "not_found", "message": "..."}``
where the message says what to fix. Library errors are translated here:

===========================  ======  ==========================
exception                    status  error
===========================  ======  ==========================
QueryError                   400     bad_query
InputError (and subclasses)  422     bad_input
ServerBusy                   503     busy
RequestTimeout               504     timeout
ModelNotFoundError           503     model_missing
StoreError, other errors     500     store_error / server_error
===========================  ======  ==========================

Concurrency: DuckDB allows one writer per database. Reads run on their own
cursors of the shared connection (DuckDB isolates them: a read sees the
store as of its start). Writes go one at a time through the write lock,
on the store's own connection.

Time limit (``serve_timeout``): the work of a request runs in a worker
thread (:func:`run_limited`); when it is not done in time the client gets
504 at once. A read that overruns is interrupted in DuckDB. A write waits at
most half the limit for the write lock, else it is answered 503 and writes
nothing; a write that started but overruns finishes in the background (the
504 says so: the document may be stored, and posting it again answers 200).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import api
from ..errors import CommuniqueError, InputError, ModelNotFoundError, QueryError, SettingsError, StoreError
from ..settings import Settings
from ..store import Store
from .security import CSP, HEADERS, WRITE_METHODS, origin_allowed, parse_origins, token_problem

__all__ = ["CSP", "DEFAULT_MAX_BODY", "DEFAULT_TIMEOUT", "RequestTimeout", "ServerBusy", "ServerConfig", "ServerState",
           "create_app", "run_limited"]

T = TypeVar("T")

DEFAULT_MAX_BODY = Settings().serve_max_body
DEFAULT_TIMEOUT = Settings().serve_timeout
STATIC = Path(__file__).parent / "static"
MAX_BODY_HINT = "the setting serve_max_body ($COMMUNIQUE_SERVE_MAX_BODY or $COMMUNIQUE_MAX_BODY)"
#: Environment variables read by :meth:`ServerConfig.from_env`, newest name first.
ENV = (("token", ("COMMUNIQUE_SERVE_TOKEN", "COMMUNIQUE_TOKEN")),
       ("max_body", ("COMMUNIQUE_SERVE_MAX_BODY", "COMMUNIQUE_MAX_BODY")),
       ("timeout", ("COMMUNIQUE_SERVE_TIMEOUT",)),
       ("cors_origins", ("COMMUNIQUE_SERVE_CORS_ORIGINS",)))


class ServerBusy(CommuniqueError):
    """The write queue did not clear within the request's time limit (answered 503, nothing written)."""


class RequestTimeout(CommuniqueError):
    """The request's work did not finish within the time limit (answered 504)."""


_ERRORS: tuple[tuple[type[CommuniqueError], int, str], ...] = (
    (QueryError, 400, "bad_query"),
    (InputError, 422, "bad_input"),
    (ServerBusy, 503, "busy"),
    (RequestTimeout, 504, "timeout"),
    (ModelNotFoundError, 503, "model_missing"),
    (SettingsError, 500, "settings_error"),
    (StoreError, 500, "store_error"),
)
_HTTP_NAMES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 422: "bad_input"}


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The server's own settings: write token, body limit (bytes), time limit (seconds, 0: none), CORS origins."""

    token: str | None = field(default=None, repr=False)
    max_body: int = DEFAULT_MAX_BODY
    timeout: float = DEFAULT_TIMEOUT
    cors_origins: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.max_body, bool) or not isinstance(self.max_body, int) or self.max_body <= 0:
            raise SettingsError(f"{MAX_BODY_HINT} must be a positive number of bytes, such as 5000000; "
                                f"got {self.max_body!r}")
        if isinstance(self.timeout, bool) or not isinstance(self.timeout, (int, float)) or self.timeout < 0:
            raise SettingsError("the setting serve_timeout ($COMMUNIQUE_SERVE_TIMEOUT) must be a number of "
                                f"seconds, 0 for no limit; got {self.timeout!r}")

    @classmethod
    def from_settings(cls, settings: Settings) -> ServerConfig:
        """``serve_token``, ``serve_max_body``, ``serve_timeout`` and ``serve_cors_origins``."""
        return cls(token=settings.serve_token or None, max_body=settings.serve_max_body,
                   timeout=settings.serve_timeout, cors_origins=parse_origins(settings.serve_cors_origins))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ServerConfig:
        """The same from ``COMMUNIQUE_SERVE_*`` variables (and the older ``COMMUNIQUE_TOKEN`` and
        ``COMMUNIQUE_MAX_BODY``) alone; a malformed value raises SettingsError naming the variable."""
        env = os.environ if environ is None else environ
        raw: dict[str, tuple[str, str]] = {}
        for name, variables in ENV:
            for variable in variables:
                value = env.get(variable, "").strip()
                if value:
                    raw[name] = (variable, value)
                    break
        values: dict[str, Any] = {}
        for name, (variable, value) in raw.items():
            try:
                values[name] = {"token": str, "max_body": int, "timeout": float, "cors_origins": parse_origins}[name](
                    value)
            except ValueError as exc:
                raise SettingsError(f"{variable} must be a number, such as 5000000; got {value!r}") from exc
        return cls(**values)


class ServerState:
    """The store shared by every request: readers get their own cursor, writers take the lock."""

    def __init__(self, settings: Settings, store: Store, config: ServerConfig) -> None:
        self.settings = settings
        self.store = store
        self.config = config
        self.write_lock = threading.Lock()
        self._cursor_lock = threading.Lock()
        self._read_root = store.con.cursor()  # readers' cursors come from here, never from the writer's connection
        self._reading = threading.Condition()  # counts the readers in hand, so closing waits for them
        self._readers = 0

    @contextmanager
    def reader(self) -> Iterator[Store]:
        """A Store over a fresh cursor, closed after the request."""
        with self._cursor_lock:
            cursor = self._read_root.cursor()
        store = Store(cursor, self.store.path, read_only=True)
        with self._reading:
            self._readers += 1
        try:
            yield store
        finally:
            store.close()
            with self._reading:
                self._readers -= 1
                self._reading.notify_all()

    @contextmanager
    def writer(self, deadline: float | None = None) -> Iterator[Store]:
        """The read-write store, one writer at a time; ServerBusy when the lock is not free by ``deadline``
        (a :func:`time.monotonic` time; None waits as long as it takes)."""
        wait = -1.0 if deadline is None else max(0.0, deadline - time.monotonic())
        if not self.write_lock.acquire(timeout=wait):
            raise ServerBusy(f"other writes are queued and this one could not start within {wait:.3g} s (half "
                             "the setting serve_timeout); nothing was written: try again shortly")
        try:
            yield self.store
        finally:
            self.write_lock.release()

    def lock_deadline(self) -> float | None:
        """When a write still waiting for the lock gives up: half the time limit from now."""
        return time.monotonic() + self.config.timeout / 2 if self.config.timeout else None

    async def read(self, work: Callable[[Store], T]) -> T:
        """``work(store)`` on a reader in a worker thread, within the time limit; an overrun is interrupted."""
        opened: list[Store] = []

        def run() -> T:
            with self.reader() as store:
                opened.append(store)
                return work(store)

        try:
            return await run_limited(self.config.timeout, run)
        except RequestTimeout:
            for store in opened:
                store.con.interrupt()
            raise

    def close(self, wait: float = 30.0) -> None:
        """Close the store once the write and reads in hand (ones a timed-out request left running) are done."""
        held = self.write_lock.acquire(timeout=wait)
        with self._reading:
            self._reading.wait_for(lambda: self._readers == 0, timeout=wait)
        try:
            self._read_root.close()
            self.store.close()
        finally:
            if held:
                self.write_lock.release()


async def run_limited(timeout: float, work: Callable[[], T]) -> T:
    """``work()`` in a worker thread; RequestTimeout after ``timeout`` seconds (0: none), leaving the thread
    to finish on its own."""
    try:
        with anyio.fail_after(timeout or None):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        raise RequestTimeout(f"the request took longer than {timeout:g} s (the setting serve_timeout); a write "
                             "may still complete: check with GET /documents/{id} before sending it again") from None


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
    """Which parameter is wrong and why; the value sent is not repeated."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is malformed"


def check_token(request: Request, config: ServerConfig) -> JSONResponse | None:
    """None when the request may write, else the 401/403 response saying what to send."""
    problem = token_problem(request.headers, config.token)
    if problem is None:
        return None
    status, message = problem
    return error_response(status, _HTTP_NAMES[status], message, {"WWW-Authenticate": "Bearer"})


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(CommuniqueError)
    async def _library(request: Request, exc: CommuniqueError) -> JSONResponse:
        status, name = translate(exc)
        headers = {"Retry-After": "5"} if status in (503, 504) else None
        return error_response(status, name, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "bad_request", _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        name = _HTTP_NAMES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path {request.url.path!r}: see /openapi.json for the endpoints"
        return error_response(exc.status_code, name, message, dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:  # no details leave the server
        return error_response(500, "server_error", "the server failed to answer this request; see its log")


def _refusal(request: Request, config: ServerConfig) -> JSONResponse | None:
    """A response refusing the request before any work (bad length, too large, cross-origin write), or None."""
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            return error_response(400, "bad_request", "Content-Length must be a number of bytes")
        if int(length) > config.max_body:
            return error_response(413, "too_large", f"the request body has {length} bytes; the limit is "
                                  f"{config.max_body} (set {MAX_BODY_HINT} to change it)")
    if request.method in WRITE_METHODS and not origin_allowed(
            request.headers.get("origin"), request.url.scheme, request.headers.get("host", ""), config.cors_origins):
        return error_response(403, "forbidden", "writes from a page of another site are refused; list its origin "
                              "in the setting serve_cors_origins to allow them")
    return None


def _install_middleware(app: FastAPI, config: ServerConfig) -> None:
    @app.middleware("http")
    async def _limits_and_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = _refusal(request, config) or await call_next(request)
        for name, value in HEADERS:
            response.headers.setdefault(name, value)
        return response

    if config.cors_origins:  # added last, so it runs first and answers preflights itself
        app.add_middleware(CORSMiddleware, allow_origins=list(config.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], allow_credentials=False, max_age=600)


def create_app(settings: Settings | None, store_path: str | os.PathLike[str] | None = None, *,
               config: ServerConfig | None = None) -> FastAPI:
    """The API and dashboard over the database at ``store_path`` (default: the settings' ``db``).

    The store is opened (created and migrated if needed) now and closed when
    the application shuts down. ``config`` defaults to :meth:`ServerConfig.from_settings`.
    """
    from .routes import router

    s = settings or Settings.load()
    cfg = config or ServerConfig.from_settings(s)
    store = api.open_store(store_path, settings=s)
    state = ServerState(s, store, cfg)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.close()

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
