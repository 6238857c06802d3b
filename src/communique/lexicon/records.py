"""Typed records of the knowledge files and the surface-form normaliser."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The key under which a surface form is indexed.

    NFKC, curly apostrophes made straight, whitespace collapsed, casefolded, a
    leading "the " and a trailing possessive "'s" removed. Hyphens and dots stay.

    >>> normalise("  The  Kremlin\u2019s ")
    'kremlin'
    >>> normalise("U.S.")
    'u.s.'
    """
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    text = _SPACE.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:].lstrip()
    if text.endswith("'s") and len(text) > 2:
        text = text[:-2].rstrip()
    return text


def is_acronym(text: str) -> bool:
    """True for a one-word form written in capitals ("WHO", "U.S.", "OPEC+")."""
    return " " not in text and any(c.isalpha() for c in text) and not any(c.islower() for c in text)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str | None
    cities: tuple[str, ...]
    metonyms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Organization:
    code: str
    name: str
    aliases: tuple[str, ...]
    sector: str
    country: str | None
    kind: str  # "organization" | "group"
    function: str | None = None  # what an international body does, as a sector ("MIL" for NATO); its code carries it


@dataclass(frozen=True, slots=True)
class Office:
    term: str
    sector: str
    role: str
    kind: str  # "person" | "group"


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    role: str
    since: str | None
    until: str | None

    def holds_on(self, day: str) -> bool:
        """True when the office was held on ISO date ``day`` (``until`` exclusive)."""
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    label: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class PloverType:
    type: str
    mode: str | None
    context: tuple[str, ...]


NAME_KINDS = ("country", "adjective", "capital", "city", "metonym", "organization", "person", "office")


@dataclass(frozen=True, slots=True)
class Name:
    """One entry of the surface-name index."""

    text: str  # the surface form as written in the file
    kind: str  # one of NAME_KINDS
    country: str | None  # ISO3
    sector: str | None
    role: str | None
    canonical: str  # country name, org name, person name or office role
    code: str | None  # org code or ISO3
