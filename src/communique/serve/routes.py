"""The API's routes: each parses its parameters and calls :mod:`communique.api` or a Store query.

Listings take the CLI's filters and are paginated with ``limit`` and
``offset``; they answer ``{"items": [...], "limit", "offset", "next_offset"}``
where ``next_offset`` is null on the last page.

Every filter is checked before it reaches the store: numbers against their
ranges, codes against their lists (countries from the lexicon, CAMEO roots,
QuadClass, PLOVER types, modalities, kinds), dates as ISO dates and words by
length; a bad one is answered 400 or 422 naming the parameter. The store
checks them again and passes every value to DuckDB as a parameter.
"""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from .. import api
from ..errors import QueryError
from ..model import COMMITMENT_KINDS, MODALITIES
from ..store import Store
from .app import MAX_BODY_HINT, RequestTimeout, ServerState, check_token, error_response, run_limited
from .documents import FIELDS, MalformedJSON, UnsupportedMediaType, document_from_body
from .relations import relations as _relations

router = APIRouter()

MAX_OFFSET = 1_000_000
MAX_WORDS = 200
MAX_CODE = 64  # codes, dates and pairs are checked precisely after this bound on their size
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page (1 to 1000).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=f"Rows to skip (0 to {MAX_OFFSET}).")]
Country = Annotated[str | None, Query(max_length=MAX_CODE, description="ISO 3166 alpha-3 code, e.g. IRN.",
                                      examples=["IRN"])]
Day = Annotated[str | None, Query(max_length=MAX_CODE, description="ISO date YYYY-MM-DD.", examples=["2022-06-19"])]
Words = Annotated[str | None, Query(max_length=MAX_WORDS, description="Words to search for (case-insensitive).")]

_BODY_DOC = {"requestBody": {"required": True, "content": {
    "text/plain": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
        "text": {"type": "string"}, "html": {"type": "string", "description": "an HTML page instead of text"},
        **{name: {"type": "string"} for name in FIELDS}}}},
}}}


def state_of(request: Request) -> ServerState:
    state: ServerState = request.app.state.communique
    return state


def page(fetch: Any, limit: int, offset: int) -> dict[str, Any]:
    """One page of a listing: ``fetch(n)`` returns the first ``n`` rows."""
    rows = fetch(offset + limit + 1)
    items = rows[offset:offset + limit]
    more = len(rows) > offset + limit
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}


def countries(state: ServerState, *codes: str | None) -> list[str | None]:
    """Upper-cased codes, each checked against the lexicon (QueryError says what is accepted)."""
    upper = [c.strip().upper() if c else None for c in codes]
    api.check_countries(*upper, settings=state.settings)
    return upper


def check_plover(state: ServerState, value: str | None) -> str | None:
    """An upper-cased PLOVER event type known to the lexicon, or QueryError listing them."""
    if value is None:
        return None
    known = sorted({p.type for p in api.resources_lexicon(state.settings).plover.values() if p is not None})
    upper = value.strip().upper()
    if upper not in known:
        raise QueryError(f"plover must be a PLOVER event type, one of {', '.join(known)}; got {value[:40]!r}")
    return upper


def parse_dyad(value: str) -> tuple[str, str]:
    parts = [p for p in value.replace(",", "-").split("-") if p]
    if len(parts) != 2:
        raise QueryError(f"dyad must be two ISO 3166 alpha-3 codes joined by '-', e.g. IRN-KAZ; got {value!r}")
    return parts[0].upper(), parts[1].upper()


# -- health and documents -----------------------------------------------------

@router.get("/health", tags=["server"])
async def health(request: Request) -> dict[str, Any]:
    """The server is up; the database, its schema version and rows per table, and its limits."""
    state = state_of(request)
    return await state.read(lambda store: {
        "status": "ok", "db": state.store.path, "schema_version": store.schema_version, "counts": store.counts(),
        "auth": state.config.token is not None, "max_body": state.config.max_body, "timeout": state.config.timeout})


@router.post("/documents", tags=["documents"], status_code=201, openapi_extra=_BODY_DOC,
             responses={200: {"description": "already stored: the stored record"}})
async def post_document(
    request: Request, title: str | None = None, url: str | None = None, published: Day = None,
    publisher: str | None = None, license: str | None = None,
) -> JSONResponse:
    """Extract and store one article (plain text, an HTML page, or JSON with ``text`` and metadata);
    answer its record. Needs ``Authorization: Bearer <token>`` when the server has a token."""
    state = state_of(request)
    refused = check_token(request, state.config)
    if refused is not None:
        return refused
    lock_deadline = state.lock_deadline()
    body = bytearray()
    try:
        with anyio.fail_after(state.config.timeout or None):  # a body sent slowly counts against the limit too
            async for chunk in request.stream():
                body += chunk
                if len(body) > state.config.max_body:
                    return error_response(413, "too_large", f"the request body is over the limit of "
                                          f"{state.config.max_body} bytes (set {MAX_BODY_HINT} to change it)")
    except TimeoutError:
        raise RequestTimeout(f"the request body did not arrive within {state.config.timeout:g} s "
                             "(the setting serve_timeout); nothing was written") from None
    content_type = request.headers.get("content-type")

    def store_it() -> tuple[int, str, dict[str, Any]]:
        document = document_from_body(bytes(body), content_type, title=title, url=url, published=published,
                                      publisher=publisher, license=license)
        with state.writer(lock_deadline) as store:
            report = api.ingest_documents([document], store, settings=state.settings)
            if report.failed or (report.stored == 0 and report.duplicates == 0):
                raise QueryError("; ".join(report.problems) or "the document could not be stored")
            record = store.document(document.id)
        if record is None:
            raise HTTPException(500, f"document {document.id} was stored but cannot be read back")
        return (201 if report.stored else 200), document.id, record.to_dict()

    try:
        status, doc_id, record = await run_limited(state.config.timeout, store_it)
    except UnsupportedMediaType as exc:
        return error_response(415, "unsupported_media_type", str(exc))
    except MalformedJSON as exc:
        return error_response(400, "bad_json", str(exc))
    return JSONResponse(record, status_code=status, headers={"Location": f"/documents/{doc_id}"})


@router.get("/documents", tags=["documents"])
async def list_documents(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stored documents (id, title, published, dateline, publisher, counts), newest first."""
    return await state_of(request).read(lambda store: page(lambda n: store.documents(limit=n), limit, offset))


@router.get("/documents/{doc_id}", tags=["documents"])
async def get_document(request: Request, doc_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """The stored record of one document, exactly as extracted."""
    record = await state_of(request).read(lambda store: store.document(doc_id))
    if record is None:
        raise HTTPException(404, f"no document {doc_id!r} in the store: list them with GET /documents")
    return record.to_dict()


# -- listings -----------------------------------------------------------------

@router.get("/events", tags=["listings"])
async def list_events(
    request: Request, country: Country = None,
    dyad: Annotated[str | None, Query(max_length=MAX_CODE, description="Two codes joined by '-', e.g. IRN-KAZ "
                                      "(either direction).")] = None,
    since: Day = None, until: Day = None,
    cameo: Annotated[str | None, Query(max_length=MAX_CODE, description="CAMEO code or prefix, e.g. 04 or 057.")]
    = None,
    root: Annotated[str | None, Query(max_length=MAX_CODE, description="CAMEO root class, 01 to 20.")] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal and 2 material cooperation, "
                                            "3 verbal and 4 material conflict.")] = None,
    plover: Annotated[str | None, Query(max_length=MAX_CODE, description="PLOVER event type, e.g. CONSULT.")] = None,
    modality: Annotated[str | None, Query(max_length=MAX_CODE, description="One of " + ", ".join(MODALITIES) + ".")]
    = None,
    actor: Annotated[str | None, Query(max_length=MAX_WORDS, description="An actor's name contains this text.")]
    = None,
    text: Annotated[str | None, Query(max_length=MAX_WORDS, description="The sentence contains this text.")]
    = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Stored events, newest first; the filters combine (as ``communique events``)."""
    state = state_of(request)

    def work(store: Store) -> dict[str, Any]:
        pair = parse_dyad(dyad) if dyad is not None else None
        (code,) = countries(state, country)
        countries(state, *(pair or ()))
        kind = check_plover(state, plover)
        return page(lambda n: store.events(
            country=code, dyad=pair, since=since, until=until, cameo=cameo, root=root, quad_class=quad_class,
            plover=kind, modality=modality, actor=actor, text=text, limit=n), limit, offset)

    return await state.read(work)


@router.get("/actors", tags=["listings"])
async def list_actors(
    request: Request, name: Words = None, country: Country = None,
    kind: Annotated[str | None, Query(pattern="^(person|country|organization|group|place)$")] = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Global actors with their names, roles, documents and mentions, most mentioned first."""
    state = state_of(request)
    (code,) = countries(state, country)
    return await state.read(lambda store: page(lambda n: store.actors(name=name, country=code, kind=kind, limit=n),
                                               limit, offset))


@router.get("/quotes", tags=["listings"])
async def list_quotes(
    request: Request, speaker: Words = None, country: Country = None, text: Words = None,
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Quotes, filtered by speaker, the speaker's country or the quoted words."""
    state = state_of(request)
    (code,) = countries(state, country)
    return await state.read(lambda store: page(
        lambda n: store.quotes(speaker=speaker, speaker_country=code, text=text, limit=n), limit, offset))


@router.get("/commitments", tags=["listings"])
async def list_commitments(
    request: Request,
    kind: Annotated[str | None, Query(pattern="^(" + "|".join(COMMITMENT_KINDS) + ")$")] = None,
    party: Country = None, status: Words = None,
    open: Annotated[bool, Query(description="Only those not yet fulfilled or in force.")] = False,
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:
    """Commitments tracked across documents, with their current status and history."""
    state = state_of(request)
    (code,) = countries(state, party)
    return await state.read(lambda store: page(lambda n: store.tracked_commitments(
        kind=kind, party=code, status=status, open_only=open, limit=n), limit, offset))


# -- relations ----------------------------------------------------------------

@router.get("/dyads/{a}/{b}", tags=["relations"])
async def get_dyad(request: Request, a: Annotated[str, Path(max_length=MAX_CODE)],
                   b: Annotated[str, Path(max_length=MAX_CODE)], since: Day = None, until: Day = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 20) -> dict[str, Any]:
    """The relation between two countries: events per month by QuadClass with Goldstein, the latest
    events, agreements, open targets and promises, and the latest quotes (as ``communique dyad``)."""
    state = state_of(request)
    first, second = a.strip().upper(), b.strip().upper()
    api.check_countries(first, second, settings=state.settings)
    return await state.read(lambda store: store.dyad(first, second, since=since, until=until, limit=limit).to_dict())


@router.get("/relations", tags=["relations"])
async def get_relations(request: Request, since: Day = None, until: Day = None,
                        limit: Annotated[int | None, Query(ge=1, le=5000)] = None) -> dict[str, Any]:
    """Every pair of countries with events in the period: QuadClass counts, Goldstein and the balance of
    cooperation (1) against conflict (-1); and the countries, most active first."""
    return await state_of(request).read(lambda store: _relations(store.con, since=since, until=until, limit=limit))
