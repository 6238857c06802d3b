"""The HTTP API in process (fastapi's TestClient, no network): every endpoint, good and bad input."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
with warnings.catch_warnings():  # starlette warns that its test client will move from httpx to httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from click.testing import CliRunner  # noqa: E402

from communique import api  # noqa: E402
from communique.cli import main  # noqa: E402
from communique.errors import SettingsError  # noqa: E402
from communique.serve import DEFAULT_MAX_BODY, ServerConfig, create_app  # noqa: E402
from communique.serve.relations import balance  # noqa: E402
from communique.settings import Settings  # noqa: E402

ARTICLE = ("BRASILIA — Brazil and Argentina signed a trade accord on Tuesday, the two foreign ministers said. "
           "Argentina promised to cut tariffs on Brazilian cars by 10 percent next year.")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "demo.duckdb"
    with api.open_store(path) as store:
        report = api.ingest([api.demo_corpus()], store)
    assert report.stored == 16
    return path


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), demo_db, config=ServerConfig())) as c:
        yield c


def fresh(tmp_path: Path, **config: Any) -> TestClient:
    return TestClient(create_app(Settings(), tmp_path / "fresh.duckdb", config=ServerConfig(**config)))


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and body["error"] and body["message"]
    return str(body["message"])


# -- reads --------------------------------------------------------------------

def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/documents", "/documents/{doc_id}", "/events", "/actors", "/quotes", "/commitments",
                 "/dyads/{a}/{b}", "/relations", "/health"):
        assert path in paths
    assert "post" in paths["/documents"] and "text/plain" in paths["/documents"]["post"]["requestBody"]["content"]


def test_health_counts_the_store(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["counts"]["documents"] == 16 and body["auth"] is False
    assert body["max_body"] == DEFAULT_MAX_BODY


def test_events_by_dyad_match_both_directions_and_page(client: TestClient) -> None:
    every = client.get("/events", params={"dyad": "RUS-UKR", "limit": 1000}).json()
    assert every["items"] and every["next_offset"] is None
    sides = {frozenset((e["source_country"], e["target_country"])) for e in every["items"]}
    assert sides == {frozenset({"RUS", "UKR"})}
    assert client.get("/events", params={"dyad": "ukr-rus", "limit": 1000}).json()["items"] == every["items"]
    first = client.get("/events", params={"dyad": "RUS-UKR", "limit": 2}).json()
    second = client.get("/events", params={"dyad": "RUS-UKR", "limit": 2, "offset": 2}).json()
    assert first["next_offset"] == 2 and first["items"] + second["items"] == every["items"][:4]


def test_events_filters_combine(client: TestClient) -> None:
    rows = client.get("/events", params={"country": "RUS", "quad_class": 4, "since": "2022-01-01",
                                         "until": "2022-12-31"}).json()["items"]
    assert rows and all(r["quad_class"] == 4 and "RUS" in (r["source_country"], r["target_country"]) for r in rows)
    rows = client.get("/events", params={"root": "04", "text": "talks"}).json()["items"]
    assert rows and all(r["cameo"].startswith("04") and "talks" in r["sentence_text"].lower() for r in rows)


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"since": "last week"}, 400, "YYYY-MM-DD"),
    ({"since": "2023-01-01", "until": "2022-01-01"}, 400, "after until"),
    ({"dyad": "RUS"}, 400, "IRN-KAZ"),
    ({"country": "XXX"}, 400, "unknown country code"),
    ({"cameo": "talks"}, 400, "CAMEO code"),
    ({"root": "99"}, 400, "01 to 20"),
    ({"modality": "maybe"}, 400, "asserted"),
    ({"quad_class": "two"}, 422, "quad_class"),
    ({"quad_class": 9}, 422, "quad_class"),
    ({"limit": 0}, 422, "limit"),
    ({"offset": -1}, 422, "offset"),
])
def test_malformed_event_filters_say_what_to_fix(client: TestClient, params: dict[str, Any], status: int,
                                                  words: str) -> None:
    assert words in error_of(client.get("/events", params=params), status)


def test_documents_list_and_get(client: TestClient) -> None:
    listing = client.get("/documents", params={"limit": 5}).json()
    assert len(listing["items"]) == 5 and listing["next_offset"] == 5
    doc_id = listing["items"][0]["id"]
    record = client.get(f"/documents/{doc_id}").json()
    assert record["document"]["id"] == doc_id and record["events"] and record["actors"]
    assert "GET /documents" in error_of(client.get("/documents/d000"), 404)


def test_actors_quotes_and_commitments(client: TestClient) -> None:
    actors = client.get("/actors", params={"country": "rus", "limit": 3}).json()["items"]
    assert actors and all(a["country"] == "RUS" for a in actors)
    quotes = client.get("/quotes", params={"country": "RUS"}).json()["items"]
    assert quotes and all(q["speaker_country"] == "RUS" for q in quotes)
    assert client.get("/quotes", params={"speaker": "Putin"}).json()["items"]
    threads = client.get("/commitments", params={"kind": "agreement"}).json()["items"]
    assert threads and all(t["kind"] == "agreement" and t["history"] for t in threads)
    assert all(t["open"] for t in client.get("/commitments", params={"open": "true"}).json()["items"])
    error_of(client.get("/actors", params={"kind": "planet"}), 422)
    error_of(client.get("/commitments", params={"kind": "wish"}), 422)
    assert "unknown country code" in error_of(client.get("/commitments", params={"party": "ZZZ"}), 400)
    assert "unknown country code" in error_of(client.get("/quotes", params={"country": "ZZZ"}), 400)


def test_dyad_report(client: TestClient) -> None:
    report = client.get("/dyads/rus/ukr").json()
    assert report["pair"] == ["RUS", "UKR"]
    assert report["timeline"] and {"verbal_coop", "material_conflict", "goldstein_mean"} <= set(report["timeline"][0])
    assert report["events"] and report["quotes"]
    assert "two different countries" in error_of(client.get("/dyads/RUS/RUS"), 400)
    assert "unknown country code" in error_of(client.get("/dyads/RUS/QQQ"), 400)
    assert "YYYY-MM-DD" in error_of(client.get("/dyads/RUS/UKR", params={"since": "May"}), 400)


def test_relations_balance(client: TestClient) -> None:
    data = client.get("/relations").json()
    pair = next(link for link in data["links"] if (link["a"], link["b"]) == ("RUS", "UKR"))
    assert pair["balance"] == balance(pair["cooperation"], pair["conflict"])
    assert {"RUS", "UKR"} <= {n["id"] for n in data["nodes"]}
    later = client.get("/relations", params={"since": "2025-01-01"}).json()
    assert sum(link["events"] for link in later["links"]) < sum(link["events"] for link in data["links"])
    error_of(client.get("/relations", params={"since": "2024-01-01", "until": "2023-01-01"}), 400)
    assert (balance(0, 0), balance(1, 3)) == (0.0, -0.5)


def test_unknown_path_and_method_are_json(client: TestClient) -> None:
    assert "/openapi.json" in error_of(client.get("/nowhere"), 404)
    error_of(client.delete("/documents/x"), 405)


def test_dashboard_is_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http" not in page.text.replace("http-equiv", "")  # nothing from a CDN
    for name in ("app.js", "dom.js", "charts.js", "document.js", "app.css"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and "innerHTML" not in asset.text and "https://" not in asset.text


# -- writes -------------------------------------------------------------------

def test_post_plain_text_stores_once(tmp_path: Path) -> None:
    with fresh(tmp_path) as c:
        first = c.post("/documents", content=ARTICLE.encode(), headers={"content-type": "text/plain"},
                       params={"published": "2024-03-05", "title": "Trade accord"})
        assert first.status_code == 201
        record = first.json()
        assert record["document"]["dateline"] == "BRASILIA" and record["document"]["title"] == "Trade accord"
        assert record["events"] and first.headers["location"] == f"/documents/{record['document']['id']}"
        again = c.post("/documents", content=ARTICLE.encode(), headers={"content-type": "text/plain"})
        assert again.status_code == 200 and again.json()["document"]["id"] == record["document"]["id"]
        assert c.get(first.headers["location"]).json() == record
        assert c.get("/health").json()["counts"]["documents"] == 1


def test_post_json_with_metadata_and_html(tmp_path: Path) -> None:
    page = ("<html><head><title>Accord</title><script>var tracking = 1;</script></head><body><nav>Home</nav>"
            f"<article><p>{ARTICLE}</p></article></body></html>")
    with fresh(tmp_path) as c:
        made = c.post("/documents", json={"text": ARTICLE, "published": "2024-03-05", "publisher": "Team wire"})
        assert made.status_code == 201 and made.json()["document"]["published"] == "2024-03-05"
        html = c.post("/documents", content=page.encode(), headers={"content-type": "text/html; charset=utf-8"})
        assert html.status_code in (200, 201) and "tracking" not in html.json()["document"]["text"]
        other = page.replace("Tuesday", "Wednesday")  # another text: the same text is a duplicate, stored once
        html_json = c.post("/documents", json={"html": other, "url": "https://example.org/accord"})
        assert html_json.status_code in (200, 201) and html_json.json()["document"]["url"] == "https://example.org/accord"


@pytest.mark.parametrize(("body", "content_type", "status", "words"), [
    (b'{"text": "unfinished', "application/json", 400, "invalid JSON"),
    (b"[1, 2]", "application/json", 422, "JSON object"),
    (b'{"title": "no text"}', "application/json", 422, '"text"'),
    (b'{"text": 42}', "application/json", 422, "must be a string"),
    (b'{"text": "Talks resumed in Doha.", "published": "someday"}', "application/json", 422, "ISO date"),
    (b"   \n ", "text/plain", 422, "no text"),
    (b"<html><body><nav>Home</nav></body></html>", "text/html", 422, "no main text"),
    (b"PK\x03\x04", "application/zip", 415, "text/plain"),
])
def test_post_bad_bodies(tmp_path: Path, body: bytes, content_type: str, status: int, words: str) -> None:
    with fresh(tmp_path) as c:
        assert words in error_of(c.post("/documents", content=body, headers={"content-type": content_type}), status)
        assert c.get("/health").json()["counts"]["documents"] == 0


def test_oversized_body_is_refused(tmp_path: Path) -> None:
    with fresh(tmp_path, max_body=200) as c:
        message = error_of(c.post("/documents", content=("word " * 100).encode(),
                                  headers={"content-type": "text/plain"}), 413)
        assert "COMMUNIQUE_MAX_BODY" in message
        assert c.post("/documents", content=b"Talks resumed in Doha on Monday, officials said.",
                      headers={"content-type": "text/plain"}).status_code == 201


def test_writes_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    with fresh(tmp_path, token="s3cret") as c:
        missing = c.post("/documents", json={"text": ARTICLE})
        assert "Authorization: Bearer" in error_of(missing, 401) and missing.headers["www-authenticate"] == "Bearer"
        error_of(c.post("/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong"}), 403)
        error_of(c.post("/documents", json={"text": ARTICLE}, headers={"Authorization": "Basic s3cret"}), 401)
        assert c.get("/health").json()["auth"] is True  # reads stay open
        ok = c.post("/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 201


def test_server_config_from_the_environment() -> None:
    assert ServerConfig.from_env({}) == ServerConfig(None, DEFAULT_MAX_BODY)
    assert ServerConfig.from_env({"COMMUNIQUE_TOKEN": "t", "COMMUNIQUE_MAX_BODY": "1000"}) == ServerConfig("t", 1000)
    for bad in ("five", "0", "-3"):
        with pytest.raises(SettingsError, match="COMMUNIQUE_MAX_BODY"):
            ServerConfig.from_env({"COMMUNIQUE_MAX_BODY": bad})


def test_serve_command_binds_localhost_by_default(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uvicorn = pytest.importorskip("uvicorn")
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_copy(demo_db)), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert "/openapi.json" in calls[0]["app"].openapi_url


def tmp_copy(path: Path) -> Path:
    """A second database file (the module's app holds the first one open)."""
    target = path.with_name("copy.duckdb")
    if not target.exists():
        target.write_bytes(path.read_bytes())
    return target
