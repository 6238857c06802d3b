"""Bad input, case by case: each one is processed or reported with where and why, and nothing else is lost.

One folder holds two good articles beside every bad or odd input; it is
ingested once, through :func:`communique.api.ingest`, into a temporary DuckDB
store. Each test then checks one case in that run's report and store. Every
fixture is generated here, in our own words.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from communique import api
from communique.errors import EmptyInputError, InputError, NoMainTextError
from communique.model import Document, Record
from communique.pipeline.dates import find_dates
from communique.read import DocumentTooLargeError, iter_documents, make_document, parse_date, read_html
from communique.schema import offsets_ok, references_ok, validate_record
from communique.settings import Settings
from communique.store import Store

GOOD = {
    "good-talks.txt": "OSLO — Norway and Chile agreed on Tuesday to extend their fisheries accord by five years, "
                      "the two foreign ministries said in a joint statement.",
    "good-visit.txt": "ACCRA — The Dutch trade minister arrived in Ghana on Monday for a three-day visit focused "
                      "on cocoa exports and port investment.",
}
LATIN1 = "ZÜRICH - Swiss and Austrian officials met on Friday to discuss Alpine rail freight, the Zürich canton said."
UTF16 = "NAIROBI — Kenya and Peru signed a memorandum on coffee research on Thursday, officials said."
MIXED_UTF8 = "GENEVA — Envoys from Peru and Kenya said on Wednesday that the café talks in Genève had gone well. "
MIXED_CP1252 = b"\x93We will return next month,\x94 one of them said."
SCRIPTS = {
    "arabic.txt": "اجتمع وزيرا خارجية مصر والأردن في القاهرة يوم الاثنين لبحث التعاون التجاري.",
    "chinese.txt": "中国和巴西的外交部长星期二在北京会面，讨论了贸易合作。",
    "cyrillic.txt": "Министры иностранных дел Казахстана и Узбекистана встретились во вторник в Астане.",
    "devanagari.txt": "भारत और नेपाल के विदेश मंत्रियों ने सोमवार को काठमांडू में व्यापार पर चर्चा की।",
}
CP1251 = "Переговоры о транзите газа продолжатся в Москве в следующую среду."
INVISIBLE = ("BERLIN\u200b — German and Polish\u200d ministers \u202eagreed\u202c on \u2066Thursday\u2069 to "
             "open two new border\u00ad crossings,\u200b\u200c the \ufeffministries said.")
JSONL_GOOD = "LIMA — Peru and Chile held talks on Friday about a shared fishing zone, diplomats said."
JSONL_FEB31 = "QUITO — Ecuador said it would host a regional summit on 31 February 2022, an impossible date."
JSONL_Y99999 = "BOGOTA — Colombia and Brazil discussed river transport on Monday, officials said."
#: The 10 MB article: far beyond Settings.max_document_chars, so refused before extraction.
HUGE_BYTES = 10 * 1024 * 1024
DEPTH = 10_000
SETTINGS = Settings()

pytestmark = pytest.mark.slow  # the spaCy model and the whole pipeline


def _huge_article() -> bytes:
    paragraph = ("MADRID — Spanish and Portuguese ministers met again on Monday to discuss water sharing along "
                 "their common rivers, officials said after the talks.\n\n").encode()
    return paragraph * (HUGE_BYTES // len(paragraph) + 1)


def _nav_only() -> str:
    links = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(30))
    return f"<!DOCTYPE html><html><head><title>Menu</title></head><body><nav><ul>{links}</ul></nav></body></html>"


def _deep_page() -> str:
    return ("<!DOCTYPE html><html><head><title>Deep</title></head><body>" + "<div>" * DEPTH
            + "<p>The envoys of Peru and Kenya met in Nairobi on Monday to sign a trade accord.</p>"
            + "</div>" * DEPTH + "</body></html>")


def _jsonl() -> str:
    lines = [
        json.dumps({"text": JSONL_GOOD, "published": "2024-03-01"}),           # 1 good
        '{"text": "TUNIS — Talks resumed on Monday", "published": ',             # 2 cut off
        json.dumps({"title": "No text here"}),                                   # 3 no text
        json.dumps({"text": 42}),                                                # 4 text not a string
        "[" * 5000 + "]" * 5000,                                                 # 5 nested too deeply
        json.dumps({"text": JSONL_FEB31, "published": "2022-02-31"}),             # 6 31 February
        json.dumps({"text": JSONL_Y99999, "published": "99999-01-01"}),           # 7 year 99999
        "",                                                                       # 8 blank
        "\x00\x01 not json at all",                                               # 9 garbage
    ]
    return "\n".join(lines) + "\n"


def _write_folder(root: Path) -> dict[str, Path]:
    files: dict[str, bytes] = {name: text.encode() for name, text in GOOD.items()}
    files.update({
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 64,
        "latin1.txt": LATIN1.encode("latin-1"),
        "mixed.txt": MIXED_UTF8.encode("utf-8") + MIXED_CP1252,
        "utf16.txt": UTF16.encode("utf-16"),
        "huge.txt": _huge_article(),
        "nav.html": _nav_only().encode(),
        "deep.html": _deep_page().encode(),
        "lines.jsonl": _jsonl().encode(),
        "invisible.txt": INVISIBLE.encode(),
        "cyrillic-cp1251.txt": CP1251.encode("cp1251"),
        **{name: text.encode() for name, text in SCRIPTS.items()},
    })
    root.mkdir()
    paths = {}
    for name, data in files.items():
        (root / name).write_bytes(data)
        paths[name] = root / name
    return paths


class Run:
    """One ingest of the folder: its report, the stored records, and where each file went."""

    def __init__(self, tmp: Path) -> None:
        self.paths = _write_folder(tmp / "in")
        began = time.monotonic()
        with api.open_store(tmp / "store.duckdb") as store:
            self.report = api.ingest([tmp / "in"], store, settings=SETTINGS)
            self.records = _stored(store)
        self.seconds = time.monotonic() - began

    def stored(self, name: str) -> list[Record]:
        path = str(self.paths[name])
        return [r for r in self.records if (r.document.path or "").split(":")[0] == path]

    def problems(self, name: str) -> list[str]:
        return [p for p in self.report.problems if str(self.paths[name]) in p]


def _stored(store: Store) -> list[Record]:
    ids = [row[0] for row in store.con.execute("SELECT id FROM documents ORDER BY id").fetchall()]
    return [r for r in (store.document(i) for i in ids) if r is not None]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    yield Run(tmp_path_factory.mktemp("bad-input"))


# ---------------------------------------------------------------- the run as a whole


def test_good_documents_are_all_stored(run: Run) -> None:
    for name, text in GOOD.items():
        (record,) = run.stored(name)
        assert record.document.id == make_document(text).id
        assert record.events, f"{name}: nothing extracted"


def test_every_input_is_stored_or_reported(run: Run) -> None:
    for name in run.paths:
        assert run.stored(name) or run.problems(name), f"{name} was neither stored nor reported"


def test_every_stored_record_keeps_the_contract(run: Run) -> None:
    for record in run.records:
        data = record.to_dict()
        validate_record(data)
        assert offsets_ok(data) == [] and references_ok(data) == []
        assert not [e for e in record.errors if e.error != "Skipped"], (record.document.path, record.errors)


def test_the_run_takes_bounded_time(run: Run) -> None:
    assert run.seconds < 120, f"the run took {run.seconds:.0f} s"


# ---------------------------------------------------------------- case by case


def test_empty_file_is_reported(run: Run) -> None:
    assert not run.stored("empty.txt")
    (problem,) = run.problems("empty.txt")
    assert "empty" in problem


def test_binary_file_is_reported(run: Run) -> None:
    assert not run.stored("binary.txt")
    (problem,) = run.problems("binary.txt")
    assert "binary" in problem


def test_latin1_file_is_decoded(run: Run) -> None:
    (record,) = run.stored("latin1.txt")
    assert record.document.text == LATIN1


def test_cp1252_bytes_in_a_utf8_file_keep_both(run: Run) -> None:
    (record,) = run.stored("mixed.txt")
    assert record.document.text == MIXED_UTF8 + "\u201cWe will return next month,\u201d one of them said."


def test_utf16_with_bom_is_decoded(run: Run) -> None:
    (record,) = run.stored("utf16.txt")
    assert record.document.text == UTF16


def test_ten_megabyte_article_is_refused_with_a_size_error(run: Run) -> None:
    assert not run.stored("huge.txt")
    (problem,) = run.problems("huge.txt")
    assert "max_document_chars" in problem and f"{SETTINGS.max_document_chars:,}" in problem


def test_navigation_only_page_is_reported(run: Run) -> None:
    assert not run.stored("nav.html")
    (problem,) = run.problems("nav.html")
    assert "no main text" in problem


def test_html_nested_ten_thousand_deep_is_reported_with_its_depth(run: Run) -> None:
    assert not run.stored("deep.html")
    (problem,) = run.problems("deep.html")
    assert f"nested {DEPTH + 3} deep" in problem  # the divs, and html, body and p


def test_broken_json_lines_are_reported_by_line_and_the_rest_stored(run: Run) -> None:
    stored = {r.document.path.rsplit(":", 1)[1]: r for r in run.stored("lines.jsonl")}
    assert set(stored) == {"1", "6", "7"}
    assert stored["1"].document.published == "2024-03-01"
    errors = [p for p in run.problems("lines.jsonl") if not p.startswith("warning:")]
    lines = sorted(int(p.split(":")[1]) for p in errors)
    assert lines == [2, 3, 4, 5, 9]
    assert any("nested too deeply" in p for p in errors)


def test_impossible_dates_are_dropped_with_a_warning(run: Run) -> None:
    stored = {r.document.path.rsplit(":", 1)[1]: r for r in run.stored("lines.jsonl")}
    assert stored["6"].document.published is None and stored["7"].document.published is None
    warnings = [p for p in run.problems("lines.jsonl") if p.startswith("warning:")]
    assert any("2022-02-31" in w for w in warnings) and any("99999-01-01" in w for w in warnings)
    assert all(e.date is None or e.date.startswith("20") for e in stored["6"].events)


@pytest.mark.parametrize("name", [*SCRIPTS, "cyrillic-cp1251.txt"])
def test_other_scripts_are_stored_as_written(run: Run, name: str) -> None:
    (record,) = run.stored(name)
    assert record.document.text == SCRIPTS.get(name, CP1251)
    assert record.sentences and record.sentences[0].start == 0


def test_zero_width_and_bidi_controls_keep_offsets_in_the_text(run: Run) -> None:
    (record,) = run.stored("invisible.txt")
    text = record.document.text
    assert "\ufeff" not in text and "\u202e" in text and "\u200b" in text
    for actor in record.actors:
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text


# ---------------------------------------------------------------- without the store


def test_dates_like_31_february_and_year_99999_never_resolve() -> None:
    for value in ("2022-02-31", "31 February 2022", "February 31, 2022", "99999-01-01", "1 January 99999",
                  "2022-13-01", "0000-01-01", "Sun, 31 Feb 2022 08:00:00 GMT"):
        assert parse_date(value) is None, value
    text = "The summit was set for 31 February 2022, then moved to 1 January 99999."
    found = {m.text: m.date for m in find_dates(text, "2022-01-10")}
    assert found["31 February 2022"] is None
    assert all(d is None or date.fromisoformat(d).year < 10_000 for d in found.values())


def test_size_limit_is_a_setting(extract) -> None:  # type: ignore[no-untyped-def]
    text = "OSLO — Norway and Chile agreed on Tuesday to extend their fisheries accord. " * 40
    with pytest.raises(DocumentTooLargeError) as caught:
        extract(text, settings=Settings(max_document_chars=1000))
    assert caught.value.length == len(text.strip()) and caught.value.limit == 1000
    assert isinstance(caught.value, InputError)
    assert extract(text, settings=Settings(max_document_chars=0)).sentences  # 0: no limit
    assert Settings.load(max_document_chars="5000").max_document_chars == 5000


def test_extract_paths_reports_a_large_document_in_its_place(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x " * 600 + "Talks resumed.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD["good-visit.txt"], encoding="utf-8")
    out = list(api.extract_paths([tmp_path], settings=Settings(max_document_chars=1000)))
    assert isinstance(out[0], DocumentTooLargeError) and out[0].path == str(tmp_path / "a.txt")
    assert isinstance(out[1], Record)


def _feed(items: int, distinct: int) -> bytes:
    entries = "".join(
        f"<item><title>Round {i}</title><link>https://example.org/r{i}</link>"
        f"<pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><description>&lt;p&gt;VIENNA &#8212; Envoys of Chile "
        f"and Norway held round {i % distinct} of their fisheries talks on Tuesday.&lt;/p&gt;</description></item>"
        for i in range(items))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire</title>{entries}"
            "<item><title>Empty item</title></item></channel></rss>").encode()


def test_feed_with_ten_thousand_items_is_read_in_bounded_time(tmp_path: Path) -> None:
    (tmp_path / "big.rss").write_bytes(_feed(10_000, 10_000))
    began = time.monotonic()
    items = list(iter_documents([tmp_path / "big.rss"]))
    took = time.monotonic() - began
    documents = [i for i in items if isinstance(i, Document)]
    problems = [i for i in items if isinstance(i, InputError)]
    assert len(documents) == 10_000 and len({d.id for d in documents}) == 10_000
    assert [type(p) for p in problems] == [EmptyInputError] and "feed item 10001" in str(problems[0])
    assert took < 60, f"reading took {took:.0f} s"


def test_big_feed_is_ingested_whole(tmp_path: Path) -> None:
    """A thousand items, ten distinct texts, beside a good file: each text is extracted once, every item counted.

    (Ten thousand items are read above; through the store they take ~20 s more of one duplicate query each.)
    """
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.rss").write_bytes(_feed(1_000, 10))
    (tmp_path / "in" / "good.txt").write_text(GOOD["good-talks.txt"], encoding="utf-8")
    with api.open_store(tmp_path / "store.duckdb") as store:
        report = api.ingest([tmp_path / "in"], store, settings=Settings(batch_size=1))
        stored = len(_stored(store))
    assert (report.read, report.stored, report.duplicates, report.failed) == (1_001, 11, 990, 1)
    assert stored == 11
    (problem,) = report.problems
    assert "big.rss" in problem and "no content" in problem


def test_a_nested_page_within_the_parser_limit_is_read() -> None:
    html = _deep_page().replace("<div>" * DEPTH, "<div>" * 200).replace("</div>" * DEPTH, "</div>" * 200)
    assert read_html(html).text.startswith("The envoys of Peru and Kenya")
    with pytest.raises(NoMainTextError, match="nested"):
        read_html(_deep_page())
