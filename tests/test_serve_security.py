"""The server's security: token, SQL safety of every filter, no fetching, limits, CORS and headers.

In process (fastapi's TestClient) except the log test, which runs uvicorn on a free loopback port so that
its access log is captured too.
"""

from __future__ import annotations

import hashlib
import http.server
import logging
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")
with warnings.catch_warnings():  # starlette warns that its test client will move from httpx to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from communique import api  # noqa: E402
from communique.errors import QueryError, SettingsError  # noqa: E402
from communique.serve import ServerConfig, create_app, security  # noqa: E402
from communique.serve import routes as serve_routes  # noqa: E402
from communique.settings import Settings  # noqa: E402
from communique.store import Store  # noqa: E402
from serving import serving  # noqa: E402

SECRET = "tok-7f3a9c2e51-secret"
ARTICLE = "OTTAWA — Canada and Mexico agreed on Thursday to widen a cattle trade deal, officials said."
INJECTIONS = (
    "'; DROP TABLE documents; --",
    "x' OR '1'='1",
    "1; DELETE FROM events",
    "IRN') OR 1=1 --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "04%",
    "2022-01-01' OR '1'='1",
    "1 UNION SELECT record FROM documents",
    "-1",
    "99999999999999999999999999",
    "\u0130RN",
    "x" * 5000,
)
#: Every filter of every listing, with a valid value (to show the endpoint works) for reference.
FILTERS = {
    "/events": ("country", "dyad", "since", "until", "cameo", "root", "quad_class", "plover", "modality", "actor",
                "text", "limit", "offset"),
    "/actors": ("name", "country", "kind", "limit", "offset"),
    "/quotes": ("speaker", "country", "text", "limit", "offset"),
    "/commitments": ("kind", "party", "status", "open", "limit", "offset"),
    "/relations": ("since", "until", "limit"),
    "/documents": ("limit", "offset"),
    "/dyads/RUS/UKR": ("since", "until", "limit"),
}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secure") / "demo.duckdb"
    with api.open_store(path) as store:
        api.ingest([api.demo_corpus()], store)
    return path


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), demo_db, config=ServerConfig())) as c:
        yield c


def fingerprint(store: Store) -> str:
    """Rows per table and a hash of every stored record: equal before and after means unchanged."""
    counts = store.counts()
    records = store.con.execute("SELECT id, record FROM documents ORDER BY id").fetchall()
    return f"{sorted(counts.items())}:{hashlib.sha256(repr(records).encode()).hexdigest()}"


def app_fingerprint(c: TestClient) -> str:
    state = c.app.state.communique  # type: ignore[attr-defined]
    with state.reader() as store:
        return fingerprint(store)


def fresh(tmp_path: Path, settings: Settings | None = None, **config: Any) -> TestClient:
    cfg = ServerConfig(**config) if config or settings is None else None
    return TestClient(create_app(settings or Settings(), tmp_path / "fresh.duckdb", config=cfg))


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["error"] and body["message"]
    return str(body["message"])


# -- the token ------------------------------------------------------------------

def test_the_token_comes_from_the_settings_and_the_older_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_SERVE_TOKEN", raising=False)
    monkeypatch.setenv("COMMUNIQUE_TOKEN", "old-name")
    assert Settings.load(file="/nonexistent.toml").serve_token == "old-name"
    monkeypatch.setenv("COMMUNIQUE_SERVE_TOKEN", "new-name")
    assert Settings.load(file="/nonexistent.toml").serve_token == "new-name"
    assert ServerConfig.from_settings(Settings(serve_token="x")).token == "x"
    assert ServerConfig.from_settings(Settings()).token is None
    assert ServerConfig.from_env({"COMMUNIQUE_SERVE_TOKEN": "a", "COMMUNIQUE_TOKEN": "b"}).token == "a"


def test_the_token_is_hidden_from_reprs(tmp_path: Path) -> None:
    assert SECRET not in repr(Settings(serve_token=SECRET))
    assert SECRET not in repr(ServerConfig(token=SECRET))


def test_writes_need_the_token_compared_in_constant_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = security.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    with fresh(tmp_path, Settings(serve_token=SECRET)) as c:
        for headers, status in (({}, 401), ({"Authorization": "Bearer " + SECRET[:-1]}, 403),
                                ({"Authorization": "Bearer " + SECRET + "x"}, 403),
                                ({"Authorization": "Token " + SECRET}, 401)):
            response = c.post("/documents", json={"text": ARTICLE}, headers=headers)
            error_of(response, status)
            assert SECRET not in response.text and SECRET[:-1] not in response.text
        assert c.get("/health").json()["counts"]["documents"] == 0
        assert c.post("/documents", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {SECRET}"}) \
            .status_code == 201
    assert len(calls) == 3 and all(b == SECRET.encode() for _, b in calls)


def test_the_token_never_reaches_a_log_line_or_a_body(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pytest.importorskip("uvicorn")
    app = create_app(Settings(serve_token=SECRET), tmp_path / "logs.duckdb")
    caplog.set_level(logging.DEBUG)
    bodies = []
    with serving(app, log_config=None, log_level="debug", access_log=True) as url, \
            httpx.Client(base_url=url, timeout=60) as http:
        for header in (f"Bearer {SECRET}", f"Bearer {SECRET}-wrong", f"Bearer {SECRET[:8]}", f"Basic {SECRET}"):
            response = http.post("/documents", json={"text": ARTICLE}, headers={"Authorization": header})
            bodies.append(response.text)
        assert response.status_code == 401
        bodies.append(http.get("/health").text)
        bodies.append(http.get("/openapi.json").text)
        bodies.append(http.get("/events", params={"since": "never"}).text)
    assert any("POST /documents" in r.getMessage() for r in caplog.records), "the access log was not captured"
    logged = "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
    assert SECRET[:8] not in logged
    assert all(SECRET[:8] not in body for body in bodies)


# -- SQL: every filter of the API and of the store ---------------------------------

@pytest.mark.parametrize("endpoint", sorted(FILTERS))
def test_injection_through_every_api_filter_is_refused_or_harmless(client: TestClient, endpoint: str) -> None:
    before = app_fingerprint(client)
    for name in FILTERS[endpoint]:
        for value in INJECTIONS:
            response = client.get(endpoint, params={name: value})
            assert response.status_code in (200, 400, 422), (name, value, response.text[:300])
            body = response.json()
            if response.status_code != 200:
                assert body["error"] in ("bad_query", "bad_request"), body
                assert name in body["message"] or (name == "party" and "country" in body["message"]), body
    assert app_fingerprint(client) == before
    assert client.get("/health").json()["counts"]["documents"] == 16


@pytest.mark.parametrize("value", INJECTIONS[:5] + ("..%2F..%2Fetc", "%00"))
def test_injection_through_path_parameters(client: TestClient, value: str) -> None:
    before = app_fingerprint(client)
    error_of(client.get(f"/documents/{value}"), 404)
    assert client.get(f"/dyads/{value}/UKR").status_code in (400, 404, 422)
    assert app_fingerprint(client) == before


def test_wildcards_in_search_words_are_literal(client: TestClient) -> None:
    assert client.get("/actors", params={"name": "%"}).json()["items"] == []
    assert client.get("/actors", params={"name": "_"}).json()["items"] == []
    assert client.get("/events", params={"text": "%"}).json()["items"] == []
    assert client.get("/quotes", params={"speaker": "%"}).json()["items"] == []
    assert client.get("/actors", params={"name": "russia"}).json()["items"]


@pytest.mark.parametrize(("endpoint", "params", "status", "name"), [
    ("/events", {"plover": "NOT_A_TYPE"}, 400, "plover"),
    ("/events", {"root": "21"}, 400, "root"),
    ("/events", {"quad_class": 0}, 422, "quad_class"),
    ("/events", {"modality": "certain"}, 400, "modality"),
    ("/events", {"since": "2022-13-01"}, 400, "since"),
    ("/events", {"offset": 10**7}, 422, "offset"),
    ("/events", {"limit": 1001}, 422, "limit"),
    ("/events", {"text": "w" * 201}, 422, "text"),
    ("/actors", {"kind": "planet"}, 422, "kind"),
    ("/commitments", {"kind": "wish"}, 422, "kind"),
    ("/relations", {"limit": 0}, 422, "limit"),
])
def test_validation_errors_name_the_parameter(client: TestClient, endpoint: str, params: dict[str, Any],
                                              status: int, name: str) -> None:
    assert name in error_of(client.get(endpoint, params=params), status)


def test_plover_types_are_accepted_in_any_case(client: TestClient) -> None:
    upper = client.get("/events", params={"plover": "CONSULT"}).json()["items"]
    assert upper and upper == client.get("/events", params={"plover": "consult"}).json()["items"]


STORE_CALLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("events", ("country", "dyad", "since", "until", "cameo", "limit", "actor", "root", "quad_class", "plover",
                "modality", "text")),
    ("quotes", ("speaker_country", "limit", "speaker", "text")),
    ("commitments", ("kind", "limit", "party", "status")),
    ("global_events", ("dyad", "since", "until", "min_articles", "limit")),
    ("tracked_commitments", ("kind", "party", "status", "limit")),
    ("actors", ("name", "country", "kind", "limit")),
    ("documents", ("limit",)),
)


def test_injection_through_every_store_query(demo_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    odd: tuple[Any, ...] = (*INJECTIONS, ("IRN'; --", "UKR"), ["RUS", "UKR OR 1=1"], 10**30, -5, 1.5, True, None, b"x")
    with api.open_store(copy) as store:
        before = fingerprint(store)
        for method, names in STORE_CALLS:
            for name in names:
                for value in odd:
                    try:
                        rows = getattr(store, method)(**{name: value})
                    except QueryError as exc:
                        assert name.split("_")[0] in str(exc) or "dyad" in str(exc), (method, name, str(exc))
                    else:
                        assert isinstance(rows, list)
        for value in INJECTIONS:
            with pytest.raises(QueryError):
                store.dyad(value, "UKR")
            with pytest.raises(QueryError):
                store.dyad("RUS", "UKR", since=value)
            assert store.document(value) is None and not store.has_document(value)
        with pytest.raises(QueryError, match="global_id"):
            store.event_mentions("1 OR 1=1")  # type: ignore[arg-type]
        assert fingerprint(store) == before


# -- the server fetches nothing ---------------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's signature
        return None


def test_no_url_in_a_document_is_fetched(tmp_path: Path) -> None:
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    httpd = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    page = (f'<html><head><title>Trade</title><link rel="stylesheet" href="{base}/style.css">'
            f'<meta http-equiv="refresh" content="0; url={base}/refresh"><meta property="og:url" content="{base}/og">'
            f'<script src="{base}/script.js"></script></head><body><article><p>{ARTICLE}</p>'
            f'<img src="{base}/image.png"><iframe src="{base}/frame"></iframe><a href="{base}/link">more</a>'
            "</article></body></html>")
    try:
        with fresh(tmp_path) as c:
            assert c.post("/documents", json={"text": ARTICLE + f" See {base}/text.", "url": f"{base}/article"}) \
                .status_code == 201
            assert c.post("/documents", params={"url": f"{base}/html"}, content=page.encode(),
                          headers={"content-type": "text/html"}).status_code in (200, 201)
            assert c.post("/documents", json={"html": page.replace("Thursday", "Friday"), "url": f"{base}/json"}) \
                .status_code in (200, 201)
        time.sleep(0.3)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert hits == []


# -- limits -----------------------------------------------------------------------

def test_the_body_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_SERVE_MAX_BODY", "400")
    settings = Settings.load(file="/nonexistent.toml")
    assert settings.serve_max_body == 400
    with fresh(tmp_path, settings) as c:
        assert c.get("/health").json()["max_body"] == 400
        assert "serve_max_body" in error_of(c.post("/documents", content=b"word " * 100,
                                                   headers={"content-type": "text/plain"}), 413)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is kept while reading
            for _ in range(20):
                yield b"word " * 10

        error_of(c.post("/documents", content=chunks(), headers={"content-type": "text/plain"}), 413)
        assert c.get("/health").json()["counts"]["documents"] == 0
        assert c.post("/documents", content=ARTICLE.encode(), headers={"content-type": "text/plain"}) \
            .status_code == 201
    with pytest.raises(SettingsError, match="serve_max_body"):
        ServerConfig.from_settings(Settings(serve_max_body=0))
    with pytest.raises(SettingsError, match="serve_timeout"):
        ServerConfig.from_settings(Settings(serve_timeout=-1))


def test_a_slow_write_is_answered_504_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    finished = threading.Event()
    real = api.ingest_documents

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(2.5)
        try:
            return real(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(serve_routes.api, "ingest_documents", slow)
    with fresh(tmp_path, Settings(serve_timeout=1)) as c:
        start = time.monotonic()
        response = c.post("/documents", json={"text": ARTICLE})
        took = time.monotonic() - start
        assert "serve_timeout" in error_of(response, 504) and response.headers["retry-after"]
        assert took < 2.2, took
        assert finished.wait(10)  # the work in hand finishes (and is stored), then the app shuts down


def test_a_slow_read_is_answered_504(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_routes, "_relations", lambda con, **kw: time.sleep(1.6) or {"links": [], "nodes": []})
    with fresh(tmp_path, Settings(serve_timeout=1)) as c:
        error_of(c.get("/relations"), 504)
        time.sleep(0.8)


def test_a_write_that_cannot_start_in_time_is_answered_503_and_writes_nothing(tmp_path: Path) -> None:
    with fresh(tmp_path, Settings(serve_timeout=1)) as c:
        lock = c.app.state.communique.write_lock  # type: ignore[attr-defined]
        with lock:  # another write holds the store
            response = c.post("/documents", json={"text": ARTICLE})
        assert "nothing was written" in error_of(response, 503) and response.headers["retry-after"]
        assert c.get("/health").json()["counts"]["documents"] == 0


# -- cross-origin -------------------------------------------------------------------

PREFLIGHT = {"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}


def test_cross_origin_is_closed_by_default(tmp_path: Path) -> None:
    with fresh(tmp_path) as c:
        preflight = c.options("/documents", headers=PREFLIGHT)
        assert preflight.status_code >= 400 and "access-control-allow-origin" not in preflight.headers
        read = c.get("/events", headers={"Origin": "http://elsewhere.example"})
        assert read.status_code == 200 and "access-control-allow-origin" not in read.headers
        write = c.post("/documents", json={"text": ARTICLE}, headers={"Origin": "http://elsewhere.example"})
        assert "serve_cors_origins" in error_of(write, 403)
        assert c.get("/health").json()["counts"]["documents"] == 0
        same = c.post("/documents", json={"text": ARTICLE}, headers={"Origin": "http://testserver"})
        assert same.status_code == 201  # the dashboard's own origin


def test_cross_origin_is_allowed_for_the_listed_origins(tmp_path: Path) -> None:
    settings = Settings(serve_cors_origins="http://elsewhere.example, https://other.example")
    with fresh(tmp_path, settings) as c:
        preflight = c.options("/documents", headers=PREFLIGHT)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "http://elsewhere.example"
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        stranger = c.options("/documents", headers={**PREFLIGHT, "Origin": "http://stranger.example"})
        assert stranger.status_code >= 400 and "access-control-allow-origin" not in stranger.headers
        read = c.get("/events", headers={"Origin": "https://other.example"})
        assert read.headers["access-control-allow-origin"] == "https://other.example"
        assert c.post("/documents", json={"text": ARTICLE}, headers={"Origin": "http://elsewhere.example"}) \
            .status_code == 201
        error_of(c.post("/documents", json={"text": ARTICLE}, headers={"Origin": "http://stranger.example"}), 403)


def test_cors_origins_are_checked() -> None:
    assert security.parse_origins("") == ()
    assert security.parse_origins("*") == ("*",)
    for bad in ("elsewhere.example", "ftp://x.example", "http://x.example/path"):
        with pytest.raises(SettingsError, match="serve_cors_origins"):
            security.parse_origins(bad)


# -- headers ------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/static/app.js", "/static/app.css", "/events", "/nowhere"])
def test_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in csp and directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_the_dashboard_needs_no_inline_code(client: TestClient) -> None:
    """The strict policy works only because the page has no inline script, style or handler."""
    page = client.get("/").text.lower()
    assert "<style" not in page and " style=" not in page and " on" not in page.replace(" one", "")
    for tag in page.split("<script")[1:]:
        assert tag.split(">", 1)[0].strip().startswith("defer src=\"/static/"), tag[:80]
        assert tag.split(">", 1)[1].startswith("</script>")
    for name in ("app.js", "dom.js", "charts.js", "document.js"):
        script = client.get(f"/static/{name}").text
        for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert risky not in script, (name, risky)
