"""The readers: text, HTML, JSON Lines, feeds and directories to Documents; detection; ids."""

from __future__ import annotations

import io
import json
import os
import pathlib
import re
import sys
from pathlib import Path

import pytest

from communique.errors import EmptyInputError, InputError, LexiconError, NoMainTextError
from communique.model import Document
from communique.read import (
    InputWarning,
    InvalidDateWarning,
    SkippedFileWarning,
    detect_dateline,
    detect_license,
    detect_publisher,
    document_id,
    html_to_text,
    is_warning,
    iter_documents,
    make_document,
    normalise_text,
    parse_date,
    read_file,
    read_html,
    read_text_bytes,
    severity,
)
from communique.read.detect import _parse_publishers, publishers

FIXTURES = Path(__file__).parent / "fixtures" / "read"
ARTICLE = ("KYIV, Ukraine — Officials said on Monday that the grain corridor would reopen.\n\n"
           "“We expect the first ships within days,” a minister said.")


def docs(items):
    return [i for i in items if isinstance(i, Document)]


def problems(items):
    return [i for i in items if isinstance(i, InputError)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# ------------------------------------------------------------------ normalisation


def test_normalise_line_endings_controls_and_nfc():
    raw = "  \ufeffLine one\r\nLine two\rLine\tthree\x00\x07 \u201cquoted\u201d cafe\u0301\x85 \n\n"
    assert normalise_text(raw) == "Line one\nLine two\nLine\tthree \u201cquoted\u201d caf\u00e9"


def test_normalise_keeps_inner_text_as_is():
    text = "A  double  space,\n\n\nthree newlines — and ‘single’ quotes."
    assert normalise_text(text) == text


def test_normalise_form_feed_does_not_join_words():
    assert normalise_text("end.\fNext page") == "end.\nNext page"


# ------------------------------------------------------------------ encodings

SAMPLE = "Café talks in Zürich: “peace” – the envoy’s plan costs €5m…"


@pytest.mark.parametrize(("data", "expected"), [
    (SAMPLE.encode("utf-8"), SAMPLE),
    (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE),
    (SAMPLE.encode("utf-16"), SAMPLE),
    (SAMPLE.encode("utf-16-le").join([b"\xff\xfe", b""]), SAMPLE),
    (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE),
    (SAMPLE.encode("cp1252"), SAMPLE),
    ("Café in Zürich, naïve façade, señor.".encode("latin-1"), "Café in Zürich, naïve façade, señor."),
    ("Ångström".encode("latin-1"), "Ångström"),
    ("Министр иностранных дел заявил, что переговоры продолжатся".encode("cp1251"),
     "Министр иностранных дел заявил, что переговоры продолжатся"),
], ids=["utf8", "utf8-bom", "utf16", "utf16le-bom", "utf16be-bom", "cp1252", "latin1", "latin1-short",
        "cp1251"])
def test_read_text_bytes_detects_encoding(data, expected):
    assert read_text_bytes(data) == expected


def test_cp1252_preferred_over_latin1_for_c1_bytes():
    # 0x93/0x94 are curly quotes in cp1252 but invisible controls in Latin-1.
    assert read_text_bytes(b"He said \x93yes\x94 \x96 twice.") == "He said “yes” – twice."


def test_undefined_cp1252_bytes_fall_back_to_latin1():
    assert read_text_bytes(b"\x81 Caf\xe9 au lait and more words") == "\x81 Café au lait and more words"


def test_binary_bytes_are_an_input_error():
    with pytest.raises(InputError, match="binary") as err:
        read_text_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, path="x.txt")
    assert err.value.path == "x.txt"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_text_files_in_each_encoding_with_crlf(tmp_path, encoding):
    text = "PARIS — Ministers met on Friday.\r\nThey agreed on a “road map”.\r\n" if encoding != "latin-1" \
        else "PARIS — Ministers met on Friday.\r\nThey agreed at the café.\r\n".replace("—", "-")
    path = write(tmp_path / "a.txt", text.encode(encoding))
    [doc] = list(read_file(path))
    assert doc.text == text.replace("\r\n", "\n").strip()
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert doc.dateline == "PARIS"
    assert doc.path == str(path)


def test_cr_only_line_endings(tmp_path):
    [doc] = list(read_file(write(tmp_path / "old.txt", b"First line.\rSecond line.\r")))
    assert doc.text == "First line.\nSecond line."


# ------------------------------------------------------------------ dateline


@pytest.mark.parametrize(("text", "place"), [
    ("TEHRAN — Iran hosted the talks.", "TEHRAN"),
    ("TEHRAN, June 19 (Reuters) - Iran hosted the talks.", "TEHRAN"),
    ("NEW DELHI: India hosted the talks.", "NEW DELHI"),
    ("KYIV, Ukraine — Officials met.", "KYIV"),
    ("WASHINGTON (AP) — The talks ended.", "WASHINGTON"),
    ("BEIJING, June 19 (Xinhua) -- China said.", "BEIJING"),
    ("UNITED NATIONS, 19 June 2022 — Members voted.", "UNITED NATIONS"),
    ("THE HAGUE, Netherlands — Judges ruled.", "THE HAGUE"),
    ("ST. LOUIS — A summit opened.", "ST. LOUIS"),
    ("PORT-AU-PRINCE, Haiti — Aid arrived.", "PORT-AU-PRINCE"),
    ("WASHINGTON, D.C. — The envoy arrived.", "WASHINGTON"),
    ("SÃO PAULO – Brazil said.", "SÃO PAULO"),
    ("TEHRAN—Iran said.", "TEHRAN"),
    ("ASTANA, June 19, 2022 — “We agree,” he said.", "ASTANA"),
])
def test_dateline_found(text, place):
    assert detect_dateline(text) == place


@pytest.mark.parametrize("text", [
    "THE WAR IS OVER: Leaders meet in Geneva.",
    "THE PRESIDENT SPOKE — He said little.",
    "BREAKING: Iran and Kazakhstan sign a deal.",
    "UPDATE — Talks were delayed.",
    "EXCLUSIVE: Envoys met in secret.",
    "Tehran — Iran hosted the talks.",
    "NATO — the Western alliance — met on Sunday.",
    "IRAN DEAL: what we know so far.",
    "US officials said on Sunday that talks would resume.",
    "IRAN, RUSSIA SIGN DEAL — Officials confirm.",
    "PORT-AU-PRINCE-based groups said aid was late.",
    "A — B",
    "The minister said: TEHRAN — was calm.",
    "Talks resumed.\nTEHRAN — Iran said.",
    "",
])
def test_dateline_false_positives(text):
    assert detect_dateline(text) is None


# ------------------------------------------------------------------ licence


@pytest.mark.parametrize(("text", "licence"), [
    ("All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 "
     "International License.", "CC BY 4.0"),
    ("Licensed under Creative Commons Attribution-ShareAlike 3.0 Unported.", "CC BY-SA 3.0"),
    ("Creative Commons Attribution-NonCommercial 2.5 Generic", "CC BY-NC 2.5"),
    ("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "CC BY-NC-SA 4.0"),
    ("Creative Commons Attribution-NoDerivatives 4.0 International", "CC BY-ND 4.0"),
    ("Creative Commons Attribution-NoDerivs 2.0 Generic", "CC BY-ND 2.0"),
    ("This text is available under CC BY 4.0.", "CC BY 4.0"),
    ("Photos: CC BY-SA 2.0", "CC BY-SA 2.0"),
    ("(CC BY-NC-SA 3.0)", "CC BY-NC-SA 3.0"),
    ("See https://creativecommons.org/licenses/by-nc/4.0/ for terms.", "CC BY-NC 4.0"),
    ("Dedicated to the public domain under CC0.", "CC0 1.0"),
    ("Creative Commons Attribution License", "CC BY"),
    ("Text under CC BY; the full CC BY 3.0 terms apply.", "CC BY 3.0"),
])
def test_licence_variants(text, licence):
    assert detect_license(text) == licence


@pytest.mark.parametrize("text", [
    "All rights reserved.", "The CC said", "Copyright 2023 The Associated Press.", "",
])
def test_no_licence(text):
    assert detect_license(text) is None


# ------------------------------------------------------------------ publisher


@pytest.mark.parametrize(("text", "publisher"), [
    ("Text.\nAll Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0 "
     "International License.", "Mehr News Agency"),
    ("TEHRAN, June 19 (Reuters) - Iran said.", "Reuters"),
    ("WASHINGTON (AP) — The talks ended.", "Associated Press"),
    ("PARIS (AFP) - Ministers met.", "Agence France-Presse"),
    ("China and Kazakhstan signed a deal. — Xinhua", "Xinhua News Agency"),
    ("China and Kazakhstan signed a deal. -- Xinhua", "Xinhua News Agency"),
    ("Talks ended.\nCopyright 2023 The Associated Press. All rights reserved.", "Associated Press"),
    ("Talks ended.\n© 2024 Daily Planet Media. All rights reserved.", "Daily Planet Media"),
    ("Talks ended.\nAll content by Harbour Gazette is licensed under CC BY 4.0.", "Harbour Gazette"),
])
def test_publisher_detected(text, publisher):
    assert detect_publisher(text) == publisher


@pytest.mark.parametrize("text", [
    "The International Atomic Energy Agency (IAEA) said inspections would resume.",
    "Copyright law in India is changing.",
    "The agencies agreed. — a senior diplomat",
    "Plain text with no credit.",
    "A long first paragraph. " * 20 + "Later a quote credited to the agency (Reuters).",
])
def test_publisher_not_detected(text):
    assert detect_publisher(text) is None


def test_publisher_table_is_valid_and_loaded():
    table = publishers()
    assert table["ap"] == "Associated Press"
    assert table["associated press"] == "Associated Press"


def test_publisher_table_errors_name_the_line():
    with pytest.raises(LexiconError, match=r"pubs\.tsv:3"):
        _parse_publishers("# comment\nReuters\tReuters\nbroken line\n", "pubs.tsv")
    with pytest.raises(LexiconError, match="twice"):
        _parse_publishers("AP\tAssociated Press\nAP\tSomething Else\n", "pubs.tsv")


# ------------------------------------------------------------------ ids


def test_document_id_format():
    assert re.fullmatch(r"d[0-9a-f]{16}", document_id("Iran hosted the talks."))


def test_document_id_ignores_whitespace_case_and_quote_style():
    a = document_id("Iran  hosted\n\nthe “talks” on   Sunday.\n")
    b = document_id("  IRAN hosted the \"talks\" on Sunday.")
    c = document_id("Iran hosted\tthe ‘talks’ on Sunday.".replace("‘", "“").replace("’", "”"))
    assert a == b == c


def test_document_id_differs_for_different_text():
    assert document_id("Iran hosted the talks.") != document_id("Iran hosted the summit.")


def test_same_article_from_html_and_text_has_the_same_id(tmp_path):
    html_doc = read_html((FIXTURES / "article.html").read_bytes())
    as_text = "\n\n\n".join("  " + para + " " for para in html_doc.text.split("\n"))
    [text_doc] = list(read_file(write(tmp_path / "same.txt", as_text)))
    assert text_doc.text != html_doc.text
    assert text_doc.id == html_doc.id


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(("value", "expected"), [
    ("2022-06-19", "2022-06-19"),
    ("2022-06-19T10:30:00Z", "2022-06-19"),
    ("2022-06-19T23:30:00-04:00", "2022-06-19"),
    ("2022-06-19 08:00", "2022-06-19"),
    ("Sun, 19 Jun 2022 08:00:00 GMT", "2022-06-19"),
    ("Sun, 19 Jun 2022 23:30:00 -0400", "2022-06-19"),
    ("June 19, 2022", "2022-06-19"),
    ("19 June 2022", "2022-06-19"),
    ("2022/06/19", "2022-06-19"),
    ("2022-02-31", None),
    ("99999-01-01", None),
    ("2022-06-19T25:00:00", None),
    ("Thu, 31 Feb 2022 10:00:00 GMT", None),
    ("yesterday", None),
    ("", None),
    (20220619, None),
    (None, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# ------------------------------------------------------------------ make_document


def test_make_document_detects_everything():
    text = ARTICLE + "\nAll Content by Mehr News Agency is licensed under a Creative Commons Attribution " \
                     "4.0 International License."
    doc = make_document("\r\n" + text.replace("\n", "\r\n") + "\r\n", published="2022-06-19T08:00:00Z")
    assert doc.text == text
    assert doc.id == document_id(text)
    assert (doc.dateline, doc.license, doc.publisher, doc.published) == (
        "KYIV", "CC BY 4.0", "Mehr News Agency", "2022-06-19")
    assert doc.language == "en"


def test_explicit_metadata_wins_over_detected():
    text = "TEHRAN, June 19 (Reuters) - Talks resumed. Licensed under CC BY-SA 4.0."
    doc = make_document(text, publisher="Example Wire", license="CC BY 4.0", title="  Talks\n resume ",
                        url="https://wire.example.org/x", path="given.txt")
    assert (doc.publisher, doc.license, doc.title, doc.url, doc.path) == (
        "Example Wire", "CC BY 4.0", "Talks resume", "https://wire.example.org/x", "given.txt")
    assert make_document(text).publisher == "Reuters"
    assert make_document(text).license == "CC BY-SA 4.0"


def test_explicit_agency_label_is_made_canonical():
    assert make_document("Talks resumed.", publisher="AP").publisher == "Associated Press"


def test_make_document_invalid_date_is_dropped_not_fatal():
    assert make_document("Talks resumed.", published="2022-02-31").published is None


@pytest.mark.parametrize("text", ["", "   \n\t ", "\x00\x01\r\n"])
def test_make_document_without_text_raises(text):
    with pytest.raises(EmptyInputError):
        make_document(text, path="p.txt")


# ------------------------------------------------------------------ HTML


def test_html_main_text_title_and_metadata():
    doc = read_html((FIXTURES / "article.html").read_text("utf-8"), path="article.html")
    assert doc.title == "Iran and Kazakhstan sign rail and trade accords"
    assert doc.text.startswith("TEHRAN — The Iranian president")
    assert doc.text.endswith("before the end of the year.")
    for boilerplate in ("Home", "cookies", "Related stories", "Subscribe", "Privacy"):
        assert boilerplate not in doc.text
    assert "“Our two nations" in doc.text  # typographic quotes kept
    assert (doc.dateline, doc.published, doc.publisher, doc.path) == (
        "TEHRAN", "2022-06-19", "Example Wire", "article.html")


def test_html_meta_arguments_win():
    doc = read_html((FIXTURES / "article.html").read_bytes(), url="https://x.example/a",
                    title="Given title", published="2022-06-18", publisher="Other Wire")
    assert (doc.title, doc.published, doc.publisher, doc.url) == (
        "Given title", "2022-06-18", "Other Wire", "https://x.example/a")


def test_html_cp1252_bytes_are_decoded():
    page = ("<html><head><meta charset='windows-1252'><title>T</title></head><body><article>"
            "<p>PARIS — The envoy called the plan “a fair start” and left for Brussels on Monday.</p>"
            "</article></body></html>").encode("cp1252")
    assert "“a fair start”" in read_html(page).text


@pytest.mark.parametrize("page", [
    (FIXTURES / "no_main_text.html").read_text("utf-8"),
    "<html><body><nav>Home</nav></body></html>",
    "<html><head><title>Only a title</title></head><body></body></html>",
    "",
])
def test_html_without_main_text_raises(page):
    with pytest.raises(NoMainTextError) as err:
        read_html(page, path="page.html")
    assert err.value.path == "page.html"


def test_html_to_text_fragment():
    fragment = "<p>ONE &amp; two</p><script>x()</script><ul><li>a</li><li>b<br>c</li></ul>"
    assert html_to_text(fragment) == "ONE & two\n\na\n\nb\nc"
    assert html_to_text("") == ""


# ------------------------------------------------------------------ JSON Lines


def test_jsonl_reads_good_lines_and_reports_bad_ones():
    path = str(FIXTURES / "articles.jsonl")
    items = list(read_file(path))
    good = docs(items)
    assert [d.path for d in good] == [f"{path}:1", f"{path}:3", f"{path}:8"]
    first = good[0]
    assert (first.title, first.url, first.published, first.publisher, first.license, first.dateline) == (
        "Summit plans", "https://wire.example.org/a", "2022-06-19", "Example Wire", "CC BY 4.0", "TEHRAN")
    assert good[1].published == "2022-06-20"
    assert good[2].published is None
    errors = [(type(e), e.path, e.line) for e in problems(items) if not is_warning(e)]
    assert errors == [(InputError, path, 4), (InputError, path, 5), (InputError, path, 6),
                      (EmptyInputError, path, 7)]
    [warning] = [e for e in items if is_warning(e)]
    assert isinstance(warning, InvalidDateWarning)
    assert (warning.path, warning.line, warning.value) == (path, 8, "2022-02-31")
    assert warning.document_id == good[2].id
    assert items.index(warning) == items.index(good[2]) + 1  # the warning follows its document


def test_jsonl_reasons(tmp_path):
    path = write(tmp_path / "x.ndjson", '{"text": 5}\n{bad\n{"title": "t"}\n')
    reasons = [e.reason for e in read_file(path)]
    assert reasons[0].startswith('"text" must be a string')
    assert reasons[1].startswith("not JSON")
    assert reasons[2] == 'no "text" field'


def test_jsonl_with_crlf_and_bom(tmp_path):
    line = json.dumps({"text": "ROME — Talks ended.", "publisher": "AFP"})
    path = write(tmp_path / "x.jsonl", b"\xef\xbb\xbf" + (line + "\r\n\r\n" + line + "\r\n").encode())
    items = list(read_file(path))
    assert [d.path for d in docs(items)] == [f"{path}:1", f"{path}:3"]
    assert docs(items)[0].publisher == "Agence France-Presse"
    assert not problems(items)


def test_jsonl_explicit_publisher_wins_over_text(tmp_path):
    path = write(tmp_path / "x.jsonl", json.dumps({"text": "LIMA (Reuters) - A vote was held.",
                                                    "publisher": "Andes Daily"}) + "\n")
    [doc] = list(read_file(path))
    assert doc.publisher == "Andes Daily"


# ------------------------------------------------------------------ feeds


def test_rss_feed_items():
    path = str(FIXTURES / "feed.rss")
    items = list(read_file(path))
    good = docs(items)
    assert [d.title for d in good] == ["Ministers meet in Baku over the Caspian shipping lanes",
                                      "Border talks postponed", "A date that does not exist"]
    shipping, border, bad_date = good
    assert shipping.text == ("BAKU, Azerbaijan — Transport ministers from five Caspian states met on Sunday "
                             "to agree common rules for cargo ships.\n\n"
                             "They said a new joint registry would start next spring.")
    assert "trackView" not in shipping.text
    assert (shipping.url, shipping.published, shipping.dateline, shipping.path) == (
        "https://wire.example.org/world/caspian-shipping", "2022-06-19", "BAKU", path)
    assert (border.published, border.publisher, border.dateline) == (
        "2022-06-20", "Associated Press", "ASTANA")
    assert bad_date.published is None
    warning, empty = problems(items)
    assert isinstance(warning, InvalidDateWarning) and warning.document_id == bad_date.id
    assert isinstance(empty, EmptyInputError) and "item 4" in str(empty)


def test_atom_feed_entries():
    items = list(read_file(FIXTURES / "feed.atom"))
    assert not problems(items)
    grain, summary = docs(items)
    assert grain.title == "Envoys agree to resume grain talks"
    assert grain.url == "https://wire.example.org/world/grain-talks"
    assert grain.published == "2022-06-21"
    assert grain.license == "CC BY-SA 4.0"
    assert grain.text == ("ISTANBUL — Envoys agreed on Tuesday to resume talks on grain shipments next week."
                          "\n\nThe host said progress had been made.")
    assert summary.published == "2022-06-20"  # from <updated> when <published> is missing
    assert summary.text == "Delegates from both sides will meet again in July, a spokesperson said."


@pytest.mark.parametrize(("content", "error"), [
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>", EmptyInputError),
    (b"<not a feed <<<", InputError),
    (b"just some words in an xml file", InputError),
])
def test_bad_feeds(tmp_path, content, error):
    [item] = list(read_file(write(tmp_path / "f.xml", content)))
    assert type(item) is error
    assert item.path == str(tmp_path / "f.xml")


# ------------------------------------------------------------------ bad files


@pytest.mark.parametrize(("name", "content", "error", "why"), [
    ("empty.txt", b"", EmptyInputError, "empty"),
    ("blank.txt", b"  \r\n\t\n", EmptyInputError, "empty"),
    ("nul.txt", b"\x00\x00\x00\x00", InputError, "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50, InputError, "binary"),
    ("empty.jsonl", b"\n\n", EmptyInputError, "empty"),
    ("blank.jsonl", b"\n \n\t\n", EmptyInputError, ""),
    ("page.html", b"<html><body><nav>Home</nav></body></html>", NoMainTextError, "main text"),
    ("binary.jsonl", bytes(range(256)) * 8, InputError, "binary"),
])
def test_bad_files_are_reported_not_raised(tmp_path, name, content, error, why):
    path = write(tmp_path / name, content)
    [item] = list(read_file(path))
    assert type(item) is error
    assert item.path == str(path)
    assert why in item.reason


def test_missing_file_is_reported():
    [item] = list(read_file("/nonexistent/nowhere.txt"))
    assert isinstance(item, InputError) and "no such file" in item.reason


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    locked = write(tmp_path / "locked.txt", "PARIS — Text.")
    real = pathlib.Path.read_bytes

    def fake(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", fake)
    [item] = list(read_file(locked))
    assert isinstance(item, InputError) and item.reason == "cannot read: Permission denied"


def test_file_with_unknown_extension_named_explicitly_is_sniffed(tmp_path):
    [text] = list(read_file(write(tmp_path / "story", "ROME — Talks ended on Friday.")))
    assert text.dateline == "ROME"
    [page] = list(read_file(write(tmp_path / "page.php", (FIXTURES / "article.html").read_bytes())))
    assert page.title == "Iran and Kazakhstan sign rail and trade accords"
    [item] = list(read_file(write(tmp_path / "blob.bin", bytes(range(256)) * 4)))
    assert isinstance(item, InputError) and "binary" in item.reason


# ------------------------------------------------------------------ directories


def make_tree(root: Path) -> None:
    write(root / "b.txt", "BERLIN — Ministers met.")
    write(root / "a.md", "ATHENS — A vote was held.")
    write(root / "sub" / "c.htm", (FIXTURES / "article.html").read_bytes())
    write(root / "sub" / "deeper" / "d.jsonl", json.dumps({"text": "DOHA — Talks resumed."}) + "\n")
    write(root / "sub" / "e.rss", (FIXTURES / "feed.rss").read_bytes())
    write(root / "notes.pdf", b"%PDF-1.4 binary stuff")
    write(root / "README", "no extension")
    write(root / ".hidden.txt", "HIDDEN — Never read.")
    write(root / ".git" / "x.txt", "GIT — Never read.")
    write(root / "bad.txt", b"")


def test_directory_recursion_order_hidden_and_skipped(tmp_path):
    make_tree(tmp_path)
    items = list(iter_documents([tmp_path]))
    order = [(type(i).__name__, os.path.relpath((i.path or "").split(":")[0], tmp_path)) for i in items]
    assert order[:5] == [
        ("SkippedFileWarning", "README"),
        ("Document", "a.md"),
        ("Document", "b.txt"),
        ("EmptyInputError", "bad.txt"),
        ("SkippedFileWarning", "notes.pdf"),
    ]
    assert order[5:7] == [("Document", "sub/c.htm"), ("Document", "sub/deeper/d.jsonl")]
    assert all(path.startswith("sub/e.rss") for _, path in order[7:])
    assert not any("HIDDEN" in d.text or "GIT" in d.text for d in docs(items))
    skipped = [i for i in items if isinstance(i, SkippedFileWarning)]
    assert [s.suffix for s in skipped] == ["", ".pdf"]
    assert "skipped" in str(skipped[1])


def test_directory_reading_is_deterministic(tmp_path):
    make_tree(tmp_path)
    first = [getattr(i, "id", str(i)) for i in iter_documents([tmp_path])]
    assert first == [getattr(i, "id", str(i)) for i in iter_documents([str(tmp_path)])]


def test_mixed_directory_one_bad_file_others_read(tmp_path):
    write(tmp_path / "1.txt", "OSLO — Talks began.")
    write(tmp_path / "2.txt", b"\x00\x01\x02\x03" * 100)
    write(tmp_path / "3.jsonl", "not json\n" + json.dumps({"text": "LIMA — A vote."}) + "\n")
    write(tmp_path / "4.html", "<html><body></body></html>")
    write(tmp_path / "5.txt", "QUITO — Polls closed.")
    items = list(iter_documents([tmp_path]))
    assert [d.dateline for d in docs(items)] == ["OSLO", "LIMA", "QUITO"]
    assert [(type(e).__name__, Path(e.path).name, e.line) for e in problems(items)] == [
        ("InputError", "2.txt", None), ("InputError", "3.jsonl", 1), ("NoMainTextError", "4.html", None)]


def test_file_vanishing_during_a_walk_is_reported(tmp_path):
    write(tmp_path / "a.txt", "OSLO — Talks began.")
    write(tmp_path / "b.txt", "LIMA — A vote.")
    stream = iter_documents([tmp_path])
    first = next(stream)
    (tmp_path / "b.txt").unlink()
    rest = list(stream)
    assert first.dateline == "OSLO"
    assert [e.reason for e in rest] == ["no such file or directory"]


def test_unlistable_subdirectory_is_reported(tmp_path, monkeypatch):
    write(tmp_path / "ok.txt", "OSLO — Talks began.")
    write(tmp_path / "locked" / "x.txt", "LIMA — A vote.")
    real = os.scandir

    def fake(path):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", fake)
    items = list(iter_documents([tmp_path]))
    assert [d.dateline for d in docs(items)] == ["OSLO"]
    [error] = problems(items)
    assert error.path.endswith("locked") and "Permission denied" in error.reason


def test_paths_in_given_order_and_missing_path(tmp_path):
    a = write(tmp_path / "z.txt", "OSLO — One.")
    b = write(tmp_path / "a.txt", "LIMA — Two.")
    items = list(iter_documents([a, str(tmp_path / "gone"), b]))
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    assert [d.dateline for d in docs(items)] == ["OSLO", "LIMA"]


def test_stdin_is_read_as_text(monkeypatch):
    data = "MADRID — Talks ended.\r\n".encode("utf-16")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [doc] = list(iter_documents(["-"]))
    assert (doc.text, doc.dateline, doc.path) == ("MADRID — Talks ended.", "MADRID", "<stdin>")


def test_empty_stdin_is_reported(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    [item] = list(iter_documents(["-"]))
    assert isinstance(item, EmptyInputError) and item.path == "<stdin>"


# ------------------------------------------------------------------ published fallback and warnings


def test_published_argument_fills_only_missing_dates():
    items = list(iter_documents([FIXTURES / "articles.jsonl"], published="Sun, 01 Jan 2023 10:00:00 GMT"))
    assert [d.published for d in docs(items)] == ["2022-06-19", "2022-06-20", "2023-01-01"]
    # the line whose own date was invalid is still reported
    assert any(isinstance(i, InvalidDateWarning) and i.line == 8 for i in items)


def test_invalid_published_argument_is_a_warning_first_and_ignored(tmp_path):
    path = write(tmp_path / "a.txt", "OSLO — One.")
    items = list(iter_documents([path], published="2022-13-40"))
    assert isinstance(items[0], InvalidDateWarning) and items[0].path is None
    assert docs(items)[0].published is None


def test_severity_of_problems():
    warning = InvalidDateWarning("2022-02-31", "f.jsonl", 3)
    assert isinstance(warning, InputError) and isinstance(warning, InputWarning)
    assert severity(warning) == "warning" and is_warning(warning)
    assert severity(SkippedFileWarning("x.pdf", ".pdf")) == "warning"
    assert severity(EmptyInputError("no text", "f.txt")) == "error"
    assert not is_warning(NoMainTextError("x")) and not is_warning(make_document("Text."))
    assert str(warning) == "f.jsonl:3: the published date '2022-02-31' is not a valid date; it was left empty"
