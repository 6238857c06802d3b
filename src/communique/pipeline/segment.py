"""Sentence splitting that survives news text.

Rules, in order of strength:

* a paragraph break (a newline, or two or more spaces where a newline was
  lost) always ends a sentence;
* ``.``, ``!`` or ``?`` (with closing quotes or brackets after it) followed by
  space and a capital, digit or opening quote ends a sentence, unless the
  word before the stop is a known abbreviation ("Mr.", "Gen.", "U.S.") or an
  initial ("J. Smith");
* a closing quotation mark that ends no sentence and is followed by a capital
  word starts a new sentence (a quoted sub-headline on its own);
* a run-in sub-headline that lost its line break ("relations are developing
  For his part, …") is cut before a capitalised function word that follows a
  lower-case word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources as importlib_resources
from itertools import pairwise

from ..model import Sentence
from ..settings import Settings
from .runner import Analysis, Resources, Stage

_OPENERS = "“‘\"'(["
_CLOSERS = "”’\"')]"


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations, run-in sentence starters) from the bundled data file."""
    text = importlib_resources.files("communique.pipeline").joinpath("data/segment.txt").read_text("utf-8")
    abbreviations: set[str] = set()
    starters: set[str] = set()
    target = abbreviations
    for line in text.splitlines():
        line = line.strip()
        if line == "[starters]":
            target = starters
        elif line == "[abbreviations]":
            target = abbreviations
        elif line and not line.startswith("#"):
            target.update(line.split())
    return frozenset(abbreviations), frozenset(starters)


_STOP = re.compile(r"[.!?]+[”’\"')\]]*(?=\s+[“‘\"'(\[]?[A-Z0-9])")
_QUOTE_END = re.compile(r"(?<=[^\s.!?,;:])[”\"](?=\s+[A-Z])")
_RUN_IN = re.compile(r"(?<=[a-z]{3})(?<![.!?,;:])\s+([A-Z][a-z]+)(?=\s+([a-z]\w*|\w+,))")
_PARAGRAPH = re.compile(r"\s*\n\s*|\s{2,}")


def _ends_with_abbreviation(text: str, stop: int) -> bool:
    start = stop
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    word = re.split(r"[^\w.]", text[start:stop + 1])[-1]  # "Mr." of "said.\ufffdMr."
    if re.fullmatch(r"[A-Z]\.", word):  # an initial
        return True
    abbreviations, _ = _words()
    return word in abbreviations or word.lower() in abbreviations


def _cuts(text: str) -> list[int]:
    """Offsets where a new sentence may start (before trimming whitespace)."""
    _, starters = _words()
    cuts: set[int] = set()
    for m in _PARAGRAPH.finditer(text):
        cuts.add(m.end())
    for m in _STOP.finditer(text):
        if text[m.start()] == "." and _ends_with_abbreviation(text, m.start()):
            continue
        cuts.add(m.end())
    for m in _QUOTE_END.finditer(text):
        if _standalone_quote(text, m.start()):
            cuts.add(m.end())
    for m in _RUN_IN.finditer(text):
        if m.group(1) in starters:
            cuts.add(m.start(1))
    return sorted(cuts)


def _standalone_quote(text: str, pos: int) -> bool:
    """True when the quote mark at ``pos`` closes a quotation that stands as a sentence of its own."""
    opening = text.rfind("“", 0, pos) if text[pos] == "”" else text.rfind('"', 0, pos)
    if opening < 0:
        return False
    before = text[:opening].rstrip()
    return not before or before[-1] in ".!?”\""


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of ``text`` as offsets, whitespace trimmed, in order, covering every word."""
    bounds = [0, *_cuts(text), len(text)]
    out: list[Sentence] = []
    for start, end in pairwise(bounds):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(len(out), start, end))
    return tuple(out)


def segment(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    return replace(analysis, sentences=split_sentences(analysis.document.text))


STAGE = Stage("segment/1", requires=("document",), provides=("sentences",), run=segment)
