"""The event pattern lexicon: loading, validation and lookup.

The bundled file is ``lexicon/data/event_patterns.tsv``; its header explains
the syntax. Users extend or override it with their own files of the same
format (a later line with the same pattern replaces an earlier one).

Three kinds of line:

* an event pattern (``sign +agreement<TAB>057``): a head word that triggers a
  CAMEO code;
* a support verb (``stage<TAB>light``) that carries no event of its own but
  lends its subject, its objects and its tense to the nominal event it governs
  ("staged a rally", "launched an investigation"), or a speech verb
  (``say<TAB>speech``) whose complement is a reported event;
* a composition (``@13 16<TAB>1313``): an event whose code starts with the
  second prefix, governed by a verb whose code starts with the first ("threatened
  to cut ties"), is one event with the composed code. ``@03`` also applies to
  a co-operative act that is only future or intended ("will send aid").

>>> p = parse_pattern("call >for +ceasefire", "0256", "x", 1)
>>> (p.head, p.kind, p.prep, p.obj, p.specificity)
('call', 'verb', 'for', 'ceasefire', 3)
>>> s = PatternSet({}, (Composition("13", "16", "1313"), Composition("13", "", "130")))
>>> s.composed("130", "161"), s.composed("130", "190"), s.composed("051", "161")
('1313', '130', None)
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LexiconError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_CODE = re.compile(r"^[0-9]{2,4}$")
_PREFIX = re.compile(r"^[0-9]{0,4}$")
_PART = re.compile(r"^([+>~=]?)([a-z][a-z'-]*)$")
ROLES = ("light", "speech")  # and "frame:CODE"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One event pattern: a head word with optional object and preposition."""

    text: str
    cameo: str  # "" for a support or speech verb
    head: str  # verb lemma, noun lemma (nominal) or adjective
    kind: str  # "verb" | "noun" | "adj"
    obj: str | None = None
    prep: str | None = None
    role: str = "event"  # "event" | "light" (support verb) | "speech" (reports an event) | "frame" (see above)

    @property
    def specificity(self) -> int:
        return (self.obj is not None) * 2 + (self.prep is not None)


@dataclass(frozen=True, slots=True)
class Composition:
    """A governing code prefix and a complement code prefix that make one event."""

    governor: str
    complement: str
    cameo: str


@dataclass(frozen=True)
class PatternSet:
    by_head: dict[tuple[str, str], tuple[Pattern, ...]]
    compositions: tuple[Composition, ...] = field(default=())

    def candidates(self, kind: str, head: str) -> tuple[Pattern, ...]:
        return self.by_head.get((kind, head), ())

    def composed(self, governor: str, complement: str) -> str | None:
        """The code of ``complement`` governed by ``governor``: the longest prefixes that match, else None."""
        fits = [c for c in self.compositions if governor.startswith(c.governor) and complement.startswith(c.complement)]
        if not fits:
            return None
        return max(fits, key=lambda c: (len(c.governor), len(c.complement))).cameo


def parse_pattern(text: str, cameo: str, file: str, line: int) -> Pattern:
    role = cameo if cameo in ROLES else "event"
    if cameo.startswith("frame:"):
        role, cameo = "frame", cameo[len("frame:"):]
    if role in ("event", "frame") and not _CODE.match(cameo):
        raise LexiconError(f"CAMEO code {cameo!r} is not 2-4 digits (or 'light', 'speech', 'frame:CODE')", file, line)
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
    return Pattern(text, cameo if role in ("event", "frame") else "", head, kind, obj, prep, role)


def parse_composition(text: str, cameo: str, file: str, line: int) -> Composition:
    parts = text[1:].split()
    if len(parts) not in (1, 2) or not all(_PREFIX.match(p) for p in parts) or not parts[0]:
        raise LexiconError(f"composition {text!r}: expected '@GOVERNOR [COMPLEMENT]' code prefixes", file, line)
    if not _CODE.match(cameo):
        raise LexiconError(f"CAMEO code {cameo!r} is not 2-4 digits", file, line)
    return Composition(parts[0], parts[1] if len(parts) > 1 else "", cameo)


def _read(text: str, file: str, into: dict[str, Pattern], compose: dict[tuple[str, str], Composition]) -> None:
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
        if cells[0].strip().startswith("@"):
            rule = parse_composition(cells[0].strip(), cells[1].strip(), file, n)
            compose[(rule.governor, rule.complement)] = rule
            continue
        pattern = parse_pattern(cells[0].strip(), cells[1].strip(), file, n)
        into[pattern.text] = pattern


@lru_cache(maxsize=8)
def load_patterns(extra: tuple[str, ...] = ()) -> PatternSet:
    """The bundled patterns, then each extra file in order."""
    patterns: dict[str, Pattern] = {}
    compose: dict[tuple[str, str], Composition] = {}
    bundled = importlib_resources.files("communique.lexicon").joinpath("data/event_patterns.tsv")
    _read(bundled.read_text("utf-8"), "event_patterns.tsv", patterns, compose)
    for path in extra:
        try:
            _read(Path(path).read_text("utf-8"), os.fspath(path), patterns, compose)
        except OSError as exc:
            raise LexiconError(f"cannot read: {exc.strerror}", os.fspath(path)) from exc
    grouped: dict[tuple[str, str], list[Pattern]] = {}
    for p in patterns.values():
        grouped.setdefault((p.kind, p.head), []).append(p)
    return PatternSet({k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in grouped.items()},
                      tuple(compose.values()))


def pattern_files(files: Sequence[str]) -> tuple[str, ...]:
    """The user lexicon files that hold event patterns."""
    return tuple(f for f in files if Path(f).name.startswith("event_patterns"))


# --- matching tokens of a parse ------------------------------------------------------------


MEASURES = {"kg", "kilogram", "ton", "tonne", "tons", "tonnes", "worth", "amount", "quantity", "shipment", "load",
            "consignment", "package", "batch", "lot", "supply", "supplies", "crate", "box", "bag", "container",
            "truckload", "planeload", "shipload", "dollar", "million", "billion", "thousand", "hundred",
            "euro", "pound", "yen", "yuan", "rouble", "ruble", "rupee", "franc", "riyal", "dirham", "lira"}


def _object_of(tok: Token) -> Token | None:
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    objects = [c for c in tok.children if c.dep_ == "dobj"]  # "were denied visas": the object, not the subject
    objects += [c for c in tok.children if passive and c.dep_ == "nsubjpass"]
    return _measured(objects[0]) if objects else None


def _measured(obj: Token) -> Token:
    """What a measure is of: "700 kg of medicine", "$50,000 worth of goods", "500 million euros in aid"."""
    if obj.lemma_.lower() not in MEASURES and obj.tag_ != "$":
        return obj
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None or (of.lower_ == "in" and pobj.pos_ != "NOUN"):  # "$5 million in Gaza": a place
        return obj
    return pobj


def match_token(patterns: PatternSet, tok: Token) -> tuple[Pattern, Token | None] | None:
    kind = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}.get(tok.pos_)
    if kind is None:
        return None
    lemma = tok.lemma_.lower()
    obj = _object_of(tok) if kind == "verb" else _modifier(tok, patterns, kind, lemma) if kind == "noun" else None
    preps = {c.lower_ for c in tok.children if c.dep_ in {"prep", "prt", "agent", "dative"}}
    for c in tok.children:
        if c.dep_ == "xcomp":  # "ready to talk"; "ordered them to leave" also matches >to-leave
            preps.update(("to", f"to-{c.lemma_.lower()}"))
    for p in patterns.candidates(kind, lemma):
        if p.obj is not None and (obj is None or (obj.lemma_.lower() not in {p.obj, p.obj + "s"}
                                                  and obj.lower_ not in {p.obj, p.obj + "s"})):
            continue
        if p.prep is not None and p.prep not in preps:
            continue
        return p, (obj if p.obj else None)
    return None


def _modifier(tok: Token, patterns: PatternSet, kind: str, lemma: str) -> Token | None:
    """The modifier of a nominal event that one of its patterns names ("hunger" strike, "car" bombing)."""
    wanted = {p.obj for p in patterns.candidates(kind, lemma) if p.obj}
    return next((c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < tok.i
                 and (c.lemma_.lower() in wanted or c.lower_ in wanted)), None)


@dataclass(frozen=True)
class Hit:
    """A token that matched a pattern, with the object or modifier the pattern named."""

    tok: Token
    pattern: Pattern
    obj: Token | None


def find_hits(doc: Doc, patterns: PatternSet) -> dict[int, Hit]:
    """Every token with a pattern; the object of a verb + object pattern is not an event of its own."""
    found: dict[int, Hit] = {}
    objects: set[int] = set()
    for tok in doc:
        matched = match_token(patterns, tok)
        if matched is None or tok.i in objects:
            continue
        pattern, obj = matched
        if obj is not None:
            objects.add(obj.i)
            found.pop(obj.i, None)
        found[tok.i] = Hit(tok, pattern, obj)
    return found
