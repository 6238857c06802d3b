"""The store's relation commands through click's CliRunner: dyad, actors, quotes, commitments, export, import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from communique.cli import main
from communique.store import open_store
from communique.store.exports import GDELT_COLUMNS
from test_store_relations import two_reports
from test_store_tracking import promise_then_visit


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.duckdb"
    with open_store(path) as store:
        store.ingest([*two_reports(), *promise_then_visit()])
    return str(path)


def test_dyad_table_json_and_csv(db: str) -> None:
    table = run("dyad", "irn", "kaz", "--db", db)
    assert table.exit_code == 0, table.output
    assert "IRN and KAZ" in table.output and "2022-06" in table.output and "EVENTS PER MONTH" in table.output
    data = json.loads(run("dyad", "IRN", "KAZ", "--db", db, "--format", "json").output)
    assert data["pair"] == ["IRN", "KAZ"] and data["timeline"][0]["month"] == "2022-05"
    assert all(e["sentence_text"] and e["doc_id"] for e in data["events"])
    csv = run("dyad", "IRN", "KAZ", "--db", db, "--format", "csv", "--section", "events").output
    assert csv.splitlines()[0].startswith("global_id,date")


@pytest.mark.parametrize(("args", "message"), [
    (("dyad", "IRN", "XYZ"), "unknown country code 'XYZ': use an ISO 3166 alpha-3 code"),
    (("dyad", "IRN", "KAZ", "--since", "2022/06/01"), "since must be an ISO date YYYY-MM-DD"),
    (("commitments", "--party", "QQQ"), "unknown country code"),
])
def test_bad_input_gets_one_clear_line(db: str, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--db", db)
    assert result.exit_code == 1 and message in result.output


def test_actors_quotes_and_commitments(db: str) -> None:
    actors = run("actors", "--db", db, "--format", "json")
    assert actors.exit_code == 0
    assert {json.loads(line)["actor"] for line in actors.output.splitlines()} == {"IRN", "KAZ", "SAU"}
    quotes = run("quotes", "--db", db, "--country", "IRN", "--format", "csv")
    assert quotes.exit_code == 0 and "We are pleased" in quotes.output
    done = run("commitments", "--db", db, "--kind", "promise")
    assert done.exit_code == 0 and "fulfilled" in done.output


def test_export_and_import(db: str, tmp_path: Path) -> None:
    gdelt = run("export", "--db", db, "--format", "gdelt", "--header")
    assert gdelt.exit_code == 0
    assert gdelt.stdout.splitlines()[0].split("\t") == list(GDELT_COLUMNS)
    folder = tmp_path / "pq"
    assert run("export", "--db", db, "--format", "parquet", "-o", str(folder)).exit_code == 0
    copy = str(tmp_path / "copy.duckdb")
    imported = run("import", str(folder), "--db", copy)
    assert imported.exit_code == 0 and "documents 6" in imported.output
    assert run("dyad", "IRN", "KAZ", "--db", copy, "--format", "json").output == \
        run("dyad", "IRN", "KAZ", "--db", db, "--format", "json").output
    assert run("export", "--db", db, "--format", "parquet").exit_code == 2
