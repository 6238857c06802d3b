"""Score quotation spans on the news genre of the GUM corpus (English Wikinews).

GUM's TEI-style files (``xml/GUM_news_*.xml``: one token per line, tags on
their own lines) mark reported speech with ``<quote>`` and mentioned or
scare-quoted words with ``<q>``. The text is rebuilt from the tokens of the
matching ``dep/GUM_news_*.conllu`` file (same tokens in the same order),
which says where a token has no space after it (``SpaceAfter=No``); ``<p>``,
``<head>``, ``<item>`` and ``<caption>`` start a new paragraph. The
document's ``meta::dateCreated`` is passed as its publication date.

Scoring follows ``eval/GOLD-FORMAT.md`` for quotes: a predicted direct or
mixed quote matches a ``<quote>`` when their texts overlap by at least half
of the shorter one (token overlap, lower case, punctuation stripped), one to
one; a prediction that overlaps a ``<q>`` at least as well is a false
positive. Indirect predictions are left out, as GUM's ``<quote>`` marks the
quoted words. GUM gives no speakers, so only span P/R/F1 is reported.

Licence: the Wikinews texts are CC BY 2.5 and GUM's annotations CC BY 4.0
(Zeldes 2017). The texts are read from the folder at run time and never
stored in this repository; reports carry quote texts only for inspection.

>>> report = evaluate_gum("/nonexistent", lambda text, published: None)
Traceback (most recent call last):
communique.errors.GoldError: /nonexistent: not a folder
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..model import Record
from .metrics import LayerScore, max_matching, token_overlap
from .score import QUOTE_OVERLAP

Extract = Callable[[str, str | None], Record]
BLOCKS = ("p", "head", "item", "caption")


@dataclass(frozen=True, slots=True)
class GumDocument:
    """One rebuilt article: its text, date, quotations and non-quotes (character spans, end exclusive)."""

    name: str
    text: str
    published: str | None
    quotes: tuple[tuple[int, int], ...]
    not_quotes: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GumResult:
    name: str
    score: LayerScore
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "quotes": self.score.to_dict(), "missed": list(self.missed),
                "spurious": list(self.spurious)}


def _conllu_tokens(path: Path) -> tuple[list[tuple[str, bool]], str | None]:
    """(form, space after) of every token, and the document date."""
    tokens: list[tuple[str, bool]] = []
    date = None
    word_end, word_space = 0, True  # a multi-word token ("Trump's" = "Trump" + "'s") has no inner spaces
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::dateCreated"):
            date = line.split("=", 1)[1].strip()[:10] or None
        cells = line.split("\t")
        if len(cells) != 10:
            word_end = 0  # token ids start again with each sentence
            continue
        space = "SpaceAfter=No" not in cells[9].split("|")
        if re.fullmatch(r"[0-9]+-[0-9]+", cells[0]):
            word_end, word_space = int(cells[0].split("-")[1]), space
        elif cells[0].isdigit():
            inside = int(cells[0]) <= word_end
            tokens.append((cells[1], (word_space if int(cells[0]) == word_end else False) if inside else space))
    return tokens, date


def load_gum_document(xml_path: str | Path, conllu_path: str | Path) -> GumDocument:
    """Rebuild one article's text and its ``<quote>`` and ``<q>`` spans; GoldError when the files disagree."""
    xml_path, conllu_path = Path(xml_path), Path(conllu_path)
    tokens, date = _conllu_tokens(conllu_path)
    parts: list[str] = []
    length = 0
    open_spans: dict[str, list[int]] = {"quote": [], "q": []}
    spans: dict[str, list[tuple[int, int]]] = {"quote": [], "q": []}
    pending_break = False
    last_end = 0
    i = 0
    for line in xml_path.read_text(encoding="utf-8").splitlines():
        if not line:
            continue
        tag = re.match(r"<(/?)([a-z]+)\b", line)
        if tag:
            closing, name = tag.group(1) == "/", tag.group(2)
            if name in BLOCKS and not closing and length:
                pending_break = True
            if name in open_spans:
                if closing and open_spans[name]:
                    start = open_spans[name].pop()
                    if last_end > start:
                        spans[name].append((start, last_end))
                elif not closing:
                    open_spans[name].append(-1)
            continue
        if i >= len(tokens):
            raise GoldError("more tokens than in the .conllu file", str(xml_path))
        form, space = tokens[i]
        if html.unescape(line.split("\t")[0]) != form:
            raise GoldError(f"token {i + 1} differs from the .conllu file", str(xml_path))
        if pending_break:
            parts.append("\n\n")
            length, pending_break = length + 2, False
        for stack in open_spans.values():
            for k, start in enumerate(stack):
                if start == -1:
                    stack[k] = length
        parts.append(form)
        length += len(form)
        last_end = length
        if space:
            parts.append(" ")
            length += 1
        i += 1
    text = "".join(parts).rstrip()
    return GumDocument(xml_path.stem, text, date, tuple(spans["quote"]), tuple(spans["q"]))


def load_gum(folder: str | Path) -> tuple[GumDocument, ...]:
    """Every ``xml/NAME.xml`` with a ``dep/NAME.conllu`` beside it, sorted by name."""
    root = Path(folder)
    if not root.is_dir():
        raise GoldError("not a folder", str(folder))
    docs = [load_gum_document(x, root / "dep" / f"{x.stem}.conllu")
            for x in sorted((root / "xml").glob("*.xml")) if (root / "dep" / f"{x.stem}.conllu").is_file()]
    if not docs:
        raise GoldError("no xml/*.xml files with dep/*.conllu beside them", str(folder))
    return tuple(docs)


def score_gum_quotes(doc: GumDocument, predicted: Sequence[str]) -> GumResult:
    """Match predicted quote texts to the document's ``<quote>`` spans (see the module docstring)."""
    gold = [doc.text[a:b] for a, b in doc.quotes]
    not_quotes = [doc.text[a:b] for a, b in doc.not_quotes]
    overlap = [[token_overlap(g, p) for p in predicted] for g in gold]
    excluded = [max((token_overlap(p, n) for n in not_quotes), default=0.0)
                > max([QUOTE_OVERLAP - 1e-9] + [row[j] for row in overlap]) for j, p in enumerate(predicted)]

    def compatible(i: int, j: int) -> bool:
        return not excluded[j] and overlap[i][j] >= QUOTE_OVERLAP

    def closeness(i: int, j: int) -> float:
        return overlap[i][j]

    matching = max_matching(len(gold), len(predicted), compatible, closeness)
    used = set(matching.values())
    spurious = [predicted[j] for j in range(len(predicted)) if j not in used
                and (excluded[j] or not any(compatible(i, j) for i in range(len(gold))))]
    missed = [gold[i] for i in range(len(gold)) if i not in matching]
    return GumResult(doc.name, LayerScore(len(matching), len(spurious), len(missed)), tuple(missed),
                     tuple(spurious))


@dataclass(frozen=True, slots=True)
class GumReport:
    """Quote-span scores per GUM news document and their micro-averaged total.

    GUM marks ``<quote>`` in some news documents only; one without any (yet with quotation marks
    in its text) is unannotated, kept in ``unannotated`` and left out of the total.
    """

    documents: tuple[GumResult, ...] = ()
    unannotated: tuple[str, ...] = ()

    @property
    def quotes(self) -> LayerScore:
        total = LayerScore()
        for d in self.documents:
            total += d.score
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"total": {"quotes": self.quotes.to_dict()}, "documents": [d.to_dict() for d in self.documents],
                "unannotated": list(self.unannotated)}

    def format_table(self) -> str:
        """Quote-span P, R and F1 over all documents."""
        q = self.quotes
        header = f"{'layer':<14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}{'tp':>6}{'fp':>6}{'fn':>6}"
        return "\n".join([
            f"GUM news quotations ({len(self.documents)} documents with <quote>, "
            f"{len(self.unannotated)} without)", header, "-" * len(header),
            f"{'quotes':<14}{_figure(q.precision):>7}{_figure(q.recall):>7}{_figure(q.f1):>7}"
            f"{q.tp + q.fn:>6}{q.tp:>6}{q.fp:>6}{q.fn:>6}"])

    def format_detail(self) -> str:
        """The missed and spurious quotations of every document (shortened)."""
        lines: list[str] = []
        for d in self.documents:
            if not (d.missed or d.spurious):
                continue
            lines.append(f"== {d.name}")
            lines += [f"  missed   {_short(t)}" for t in d.missed]
            lines += [f"  spurious {_short(t)}" for t in d.spurious]
        return "\n".join(lines)


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 90 else flat[:87] + "...")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def evaluate_gum(folder: str | Path, extract: Extract) -> GumReport:
    """Extract every GUM news article under ``folder`` (with ``xml/`` and ``dep/``) and score its quotes."""
    results, unannotated = [], []
    for doc in load_gum(folder):
        if not doc.quotes:
            unannotated.append(doc.name)
            continue
        record = extract(doc.text, doc.published)
        predicted = [q.text for q in record.quotes if q.kind != "indirect"]
        results.append(score_gum_quotes(doc, predicted))
    return GumReport(tuple(results), tuple(unannotated))


__all__ = ["GumDocument", "GumReport", "GumResult", "evaluate_gum", "load_gum", "load_gum_document",
           "score_gum_quotes"]
