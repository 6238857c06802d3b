"""The event pattern lexicon: loading, validation and lookup.

The bundled file is ``lexicon/data/event_patterns.tsv``; its header explains
the syntax. Users extend or override it with their own files of the same
format (a later line with the same pattern replaces an earlier one).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from ..errors import LexiconError

_CODE = re.compile(r"^[0-9]{2,4}$")
_PART = re.compile(r"^([+>~=]?)([a-z][a-z'-]*)$")


@dataclass(frozen=True, slots=True)
class Pattern:
    """One event pattern: a head word with optional object and preposition."""

    text: str
    cameo: str
    head: str  # verb lemma, noun lemma (nominal) or adjective
    kind: str  # "verb" | "noun" | "adj"
    obj: str | None = None
    prep: str | None = None

    @property
    def specificity(self) -> int:
        return (self.obj is not None) * 2 + (self.prep is not None)


@dataclass(frozen=True)
class PatternSet:
    by_head: dict[tuple[str, str], tuple[Pattern, ...]]

    def candidates(self, kind: str, head: str) -> tuple[Pattern, ...]:
        return self.by_head.get((kind, head), ())


def parse_pattern(text: str, cameo: str, file: str, line: int) -> Pattern:
    if not _CODE.match(cameo):
        raise LexiconError(f"CAMEO code {cameo!r} is not 2-4 digits", file, line)
    parts = text.split()
    if not parts:
        raise LexiconError("empty pattern", file, line)
    matches = [_PART.match(p) for p in parts]
    if any(m is None for m in matches):
        raise LexiconError(f"pattern {text!r}: words are lower-case lemmas, optionally marked + > = ~", file, line)
    first_mark, head = matches[0].group(1), matches[0].group(2)  # type: ignore[union-attr]
    kind = {"": "verb", "=": "noun", "~": "adj"}.get(first_mark)
    if kind is None:
        raise LexiconError(f"pattern {text!r} must start with a verb, =noun or ~adjective", file, line)
    obj = prep = None
    for m in matches[1:]:
        mark, word = m.group(1), m.group(2)  # type: ignore[union-attr]
        if mark == "+" and obj is None:
            obj = word
        elif mark == ">" and prep is None:
            prep = word
        else:
            raise LexiconError(f"pattern {text!r}: after the head only one +object and one >prep", file, line)
    return Pattern(text, cameo, head, kind, obj, prep)


def _read(text: str, file: str, into: dict[str, Pattern]) -> None:
    header_seen = False
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen and cells[0] == "pattern":
            header_seen = True
            continue
        if len(cells) < 2:
            raise LexiconError(f"expected 'pattern<TAB>cameo[<TAB>note]', got {line!r}", file, n)
        pattern = parse_pattern(cells[0].strip(), cells[1].strip(), file, n)
        into[pattern.text] = pattern


@lru_cache(maxsize=8)
def load_patterns(extra: tuple[str, ...] = ()) -> PatternSet:
    """The bundled patterns, then each extra file in order."""
    patterns: dict[str, Pattern] = {}
    bundled = importlib_resources.files("communique.lexicon").joinpath("data/event_patterns.tsv")
    _read(bundled.read_text("utf-8"), "event_patterns.tsv", patterns)
    for path in extra:
        try:
            _read(Path(path).read_text("utf-8"), os.fspath(path), patterns)
        except OSError as exc:
            raise LexiconError(f"cannot read: {exc.strerror}", os.fspath(path)) from exc
    grouped: dict[tuple[str, str], list[Pattern]] = {}
    for p in patterns.values():
        grouped.setdefault((p.kind, p.head), []).append(p)
    return PatternSet({k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in grouped.items()})


def pattern_files(files: Sequence[str]) -> tuple[str, ...]:
    """The user lexicon files that hold event patterns."""
    return tuple(f for f in files if Path(f).name.startswith("event_patterns"))
