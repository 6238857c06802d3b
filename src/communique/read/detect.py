"""What a text says about itself: its dateline, its licence and its publisher.

>>> detect_dateline("KYIV, Ukraine — Talks resumed on Monday.")
'KYIV'
>>> detect_license("This work is licensed under a Creative Commons Attribution 4.0 International License.")
'CC BY 4.0'
>>> detect_publisher("TEHRAN, June 19 (Reuters) - Talks resumed.")
'Reuters'

Every detector is a pure function of the text and returns None when unsure.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..errors import LexiconError

PUBLISHERS_FILE = "publishers.tsv"

# ---------------------------------------------------------------- dateline

_WORD = r"[^\W\d_][\w.'’&\-]*"
_MONTH_DAY = r"(?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}(?:,[ ]\d{4})?|\d{1,2}[ ][A-Z][a-z]{2,8}\.?(?:[ ]\d{4})?)"
_DATELINE = re.compile(
    rf"(?P<place>{_WORD}(?:[ ]{_WORD}){{0,3}})"
    rf"(?:,[ ](?P<region>{_WORD}(?:[ ]{_WORD}){{0,2}}))?"
    rf"(?:,?[ ](?P<date>{_MONTH_DAY}))?"
    r"(?:[ ]?\((?P<agency>[^()\n]{1,40})\))?"
    r"(?P<sep>[ ]*(?:—|–|--)[ ]*|[ ]+-[ ]+|[ ]?:[ ]+)"
    r"(?P<next>\S)"
)
# Words that open a shouting headline or a label, not a place.
_NOT_PLACES = frozenset([
    "A", "AN", "THE", "IN", "ON", "AT", "BY", "FOR", "TO", "FROM", "WITH", "AS", "IS", "ARE", "WAS", "WERE", "BE",
    "BEEN", "WILL", "WOULD", "CAN", "COULD", "MAY", "MUST", "SHALL", "HAS", "HAVE", "HAD", "DO", "DOES", "DID",
    "NOT", "NO", "YES", "WE", "I", "YOU", "HE", "SHE", "IT", "THEY", "THIS", "THAT", "THESE", "THOSE", "WHAT", "WHY",
    "HOW", "WHO", "WHEN", "WHERE", "SAYS", "SAID", "SAY", "BREAKING", "UPDATE", "UPDATED", "UPDATES", "EXCLUSIVE",
    "WATCH", "LIVE", "ANALYSIS", "OPINION", "EDITORIAL", "COMMENT", "COMMENTARY", "EXPLAINER", "FACTBOX", "FACT",
    "CHECK", "Q&A", "NOTE", "CORRECTION", "CORRECTED", "REFILE", "PHOTO", "PHOTOS", "VIDEO", "AUDIO", "PODCAST",
    "INTERVIEW", "REVIEW", "FEATURE", "SPECIAL", "URGENT", "FLASH", "ALERT", "NEWS", "TOP", "LATEST", "WARNING",
    "EDITOR'S", "EDITOR’S", "EDITORS", "NOTICE", "SUMMARY", "RECAP", "TIMELINE", "GRAPHIC", "INSIGHT", "FOCUS",
    "POLL", "REPORT", "READ", "MORE", "ALSO", "SEE", "PLEASE", "ADVERTISEMENT", "SPONSORED", "CONTENT", "STORY",
    "HIGHLIGHTS", "KEY", "POINTS",
])
# Places that do start with a word listed above.
_THE_PLACES = frozenset({"THE HAGUE", "THE VALLEY"})


def _is_place(name: str) -> bool:
    if not name.isupper() or sum(c.isalpha() for c in name) < 2:
        return False
    if name in _THE_PLACES:
        return True
    return not any(word in _NOT_PLACES for word in name.split())


def _is_region(region: str | None) -> bool:
    """A region after the place is written "Ukraine", "Haiti", "D.C." or "UK", not "RUSSIA SIGN DEAL"."""
    if region is None:
        return True
    return all(not w.isupper() or sum(c.isalpha() for c in w) <= 3 for w in region.split())


def detect_dateline(text: str) -> str | None:
    """The place name of a dateline at the very start of the text, as written ("NEW DELHI").

    A dateline is one to four upper-case words, optionally followed by a region
    (", Ukraine"), a date (", June 19") and an agency ("(Reuters)"), then a dash,
    an em or en dash, or a colon, and then the article's first sentence. Not a
    dateline: lower-case starts ("Tehran — …"), headline labels ("BREAKING: …",
    "UPDATE — …"), shouting headlines ("THE WAR IS OVER: …"), and an upper-case
    word followed by a dash and a lower-case continuation ("NATO — the alliance …").
    """
    m = _DATELINE.match(text)
    if not m:
        return None
    place = m["place"]
    if not _is_place(place) or not _is_region(m["region"]):
        return None
    if m["next"].islower():
        return None
    return place


# ---------------------------------------------------------------- licence

_VERSION = r"(?P<version>[1-4]\.[05])"
_MODIFIERS = r"(?P<mods>(?:[\s\-–]*(?:Non-?Commercial|Share-?Alike|No-?Deriv(?:ative)?s?))*)"
_LONG_CC = re.compile(
    rf"Creative\s+Commons\s+(?:Attribution|BY){_MODIFIERS}"
    rf"(?:[\s\-–]*(?:(?:version|v\.?)\s*)?{_VERSION}\b)?", re.I)
_SHORT_CC = re.compile(rf"\bCC[\s\-]BY(?P<mods>(?:[\s\-](?:NC|SA|ND))*)(?:[\s\-]{_VERSION}\b)?(?![\w\-])")
_URL_CC = re.compile(rf"creativecommons\.org/licenses/by(?P<mods>(?:-nc|-sa|-nd)*)/{_VERSION}", re.I)
_CC0 = re.compile(r"\bCC0\b|Creative\s+Commons\s+Zero|CC\s+Zero|creativecommons\.org/publicdomain/zero"
                  r"|Public\s+Domain\s+Dedication", re.I)


def _licence_name(mods: str, version: str | None) -> str:
    m = mods.upper().replace("-", "").replace(" ", "")
    parts = ["BY"]
    if "NC" in m or "NONCOMMERCIAL" in m:
        parts.append("NC")
    if "SA" in m or "SHAREALIKE" in m:
        parts.append("SA")
    if "ND" in m or "NODERIV" in m:
        parts.append("ND")
    name = "CC " + "-".join(parts)
    return f"{name} {version}" if version else name


def detect_license(text: str) -> str | None:
    """A Creative Commons licence the text states, as its short name ("CC BY-NC-SA 4.0", "CC0 1.0").

    Recognises the long form ("Creative Commons Attribution-ShareAlike 3.0
    Unported License"), the short form ("CC BY-NC 4.0") and licence URLs.
    A statement that gives a version is preferred over one that does not; among
    equals, the first in the text wins.
    """
    found: list[tuple[bool, int, str]] = []
    for pattern in (_LONG_CC, _SHORT_CC, _URL_CC):
        for m in pattern.finditer(text):
            found.append((m["version"] is None, m.start(), _licence_name(m["mods"], m["version"])))
    if m0 := _CC0.search(text):
        found.append((False, m0.start(), "CC0 1.0"))
    return min(found)[2] if found else None


# ---------------------------------------------------------------- publisher


def _parse_publishers(text: str, file: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) != 2 or not all(cols):
            raise LexiconError("expected two tab-separated columns: label, canonical name", file, number)
        key = _key(cols[0])
        if key in table and table[key] != cols[1]:
            raise LexiconError(f"label {cols[0]!r} is listed twice with different names", file, number)
        table[key] = cols[1]
    return table


@lru_cache(maxsize=1)
def publishers() -> dict[str, str]:
    """The bundled publisher table: casefolded label → canonical name (validated, read once)."""
    data = resources.files(__package__).joinpath(PUBLISHERS_FILE).read_text("utf-8")
    return _parse_publishers(data, PUBLISHERS_FILE)


def _key(label: str) -> str:
    label = " ".join(label.split()).casefold()
    return label[4:] if label.startswith("the ") else label


def canonical_publisher(label: str) -> str | None:
    """The canonical name of a known agency or outlet label ("AP" → "Associated Press")."""
    return publishers().get(_key(label.strip(" .,;:")))


_NAME = r"[A-Z][\w&.'’\-]*(?:[ ][\w&.'’\-]+){0,7}?"
_ALL_CONTENT = re.compile(r"\bAll\s+(?:content|contents|material|materials)\s+(?:by|from|of)\s+"
                          rf"(?P<name>{_NAME})\s+(?:is|are)\s+licen[sc]ed", re.I)
_COPYRIGHT = re.compile(r"(?:\bCopyright\b|©|\(c\))(?:\s*(?:©|\(c\)))?\s*"
                        r"(?P<year>(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?,?\s+)?"
                        rf"(?P<name>{_NAME})(?=\s*(?:[.,;|\n]|All\s+rights|$))")
_CREDIT = re.compile(r"\((?P<name>[A-Za-z][\w&.\- ]{0,40})\)")
_SIGN_OFF = re.compile(r"(?:—|–|--|\s-)[ ]*(?P<name>[A-Za-z][\w&.'\- ]{1,40}?)[ .]*\Z")
_CREDIT_WINDOW = 300


def detect_publisher(text: str) -> str | None:
    """The publisher the text names, canonical when the table knows it.

    In order of trust: an "All content by X is licensed …" statement, a
    copyright line ("Copyright 2023 The Associated Press"), an agency credited
    in parentheses near the start ("(Reuters)", "(AP)"), and a sign-off at the
    very end ("— Xinhua"). Credits and sign-offs must name a known agency;
    statements and copyright lines with a year may name any outlet.
    """
    for pattern, any_name in ((_ALL_CONTENT, True), (_COPYRIGHT, None)):
        for m in pattern.finditer(text):
            name = m["name"].strip(" .,")
            known = canonical_publisher(name)
            if known:
                return known
            if any_name or (any_name is None and m["year"]):
                return name
    for m in _CREDIT.finditer(text[:_CREDIT_WINDOW]):
        if known := canonical_publisher(m["name"]):
            return known
    if m := _SIGN_OFF.search(text[-80:]):
        return canonical_publisher(m["name"])
    return None
