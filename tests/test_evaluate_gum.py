"""The GUM news adapter: text rebuilt from tokens, <quote> and <q> spans, quote-span scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate import GumReport, evaluate_gum
from communique.evaluate.gum import load_gum, score_gum_quotes
from communique.model import Document, Quote, Record
from conftest import SHARED

GUM = SHARED / "data" / "external" / "gum-news"

# Our own two-sentence article in GUM's layout: one token per line, tags on their own lines.
TOKENS = [("The", True), ("mayor", True), ("said", True), ('"', False), ("we", True), ("will", True),
          ("rebuild", True), ("the", True), ("bridge", False), (".", False), ('"', True),
          ("Critics", True), ("called", True), ("it", True), ("a", True), ("'", False), ("gift", False),
          ("'", False), (".", True)]


def write_doc(root: Path) -> Path:
    (root / "xml").mkdir(parents=True)
    (root / "dep").mkdir()
    xml = ["<text>", "<p>", "<s>"]
    for n, (form, _) in enumerate(TOKENS):
        if n == 3:
            xml.append("<quote>")
        if n == 15:
            xml.append("<q>")
        xml.append(f"{form}\tX\t{form}")
        if n == 10:
            xml += ["</quote>", "</s>", "<s>"]
        if n == 17:
            xml.append("</q>")
    xml += ["</s>", "</p>", "</text>"]
    (root / "xml" / "GUM_news_bridge.xml").write_text("\n".join(xml) + "\n", encoding="utf-8")
    conllu = ["# meta::dateCreated = 2020-05-04", "# text = ..."]
    for n, (form, space) in enumerate(TOKENS, 1):
        misc = "_" if space else "SpaceAfter=No"
        conllu.append("\t".join([str(n), form, form, "X", "X", "_", "0", "dep", "_", misc]))
    (root / "dep" / "GUM_news_bridge.conllu").write_text("\n".join(conllu) + "\n\n", encoding="utf-8")
    return root


def test_text_and_quote_spans_are_rebuilt(tmp_path: Path) -> None:
    (doc,) = load_gum(write_doc(tmp_path))
    assert doc.text == "The mayor said \"we will rebuild the bridge.\" Critics called it a 'gift'."
    assert [doc.text[a:b] for a, b in doc.quotes] == ['"we will rebuild the bridge."']
    assert [doc.text[a:b] for a, b in doc.not_quotes] == ["'gift'"]
    assert doc.published == "2020-05-04"


def test_quotes_are_scored_and_scare_quotes_count_against_us(tmp_path: Path) -> None:
    (doc,) = load_gum(write_doc(tmp_path))
    result = score_gum_quotes(doc, ["we will rebuild the bridge.", "gift"])
    assert (result.score.tp, result.score.fp, result.score.fn) == (1, 1, 0)

    def extract(text: str, published: str | None) -> Record:
        return Record(Document("x", text, published=published),
                      quotes=(Quote("Q1", "we will rebuild the bridge", 16, 42, kind="direct"),
                              Quote("Q2", "Critics called it a gift", 45, 70, kind="indirect")))

    report: GumReport = evaluate_gum(tmp_path, extract)
    assert report.to_dict()["total"]["quotes"]["f1"] == 1.0
    assert "GUM news" in report.format_table()


def test_missing_folder_raises_gold_error(tmp_path: Path) -> None:
    with pytest.raises(GoldError):
        evaluate_gum(tmp_path / "absent", lambda text, published: Record(Document("x", text)))
    with pytest.raises(GoldError):
        load_gum(tmp_path)


def test_the_real_gum_files_load() -> None:
    if not (GUM / "xml").is_dir():
        pytest.skip("GUM news is not in ../shared")
    docs = load_gum(GUM)
    assert len(docs) == 24
    assert sum(len(d.quotes) for d in docs) == 84
