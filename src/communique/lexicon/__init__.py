"""The knowledge files and their validating loader.

Knowledge is data: countries, organisations, offices, people, actor sectors,
CAMEO codes (with GDELT's Goldstein scale) and the CAMEO to PLOVER mapping live
in versioned TSV files under ``lexicon/data/``. :func:`load_lexicon` reads them,
then any files the user adds, checks every row and raises
:class:`~communique.errors.LexiconError` naming the file and line of a mistake.

>>> lex = load_lexicon()
>>> [(n.kind, n.country) for n in lex.find("Kazakh")]
[('adjective', 'KAZ')]
>>> lex.cameo_code("043").quad_class
1
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from communique.errors import LexiconError
from communique.lexicon.memory import KnownActor, Memory
from communique.lexicon.reader import PARSERS, Known, read_table, table_of
from communique.lexicon.records import (
    NAME_KINDS,
    CameoCode,
    Country,
    Name,
    Office,
    Organization,
    Person,
    PloverType,
    is_acronym,
    normalise,
)

__all__ = [
    "NAME_KINDS",
    "CameoCode",
    "Country",
    "KnownActor",
    "Lexicon",
    "LexiconError",
    "Memory",
    "Name",
    "Office",
    "Organization",
    "Person",
    "PloverType",
    "data_dir",
    "load_lexicon",
    "normalise",
]

# Tables in load order: each is checked against the ones before it.
_TABLES = ("sectors", "countries", "organizations", "offices", "people", "cameo", "plover")


def data_dir() -> Path:
    """The folder of the bundled knowledge files."""
    return Path(str(resources.files(__package__).joinpath("data")))


@dataclass(frozen=True)
class Lexicon:
    """Everything the knowledge files say, with a normalised surface-name index."""

    countries: Mapping[str, Country]
    organizations: Mapping[str, Organization]
    offices: Mapping[str, Office]
    people: tuple[Person, ...]
    sectors: Mapping[str, str]
    cameo: Mapping[str, CameoCode]
    plover: Mapping[str, PloverType | None]
    _index: Mapping[str, tuple[Name, ...]] = field(init=False, repr=False, compare=False)
    _max_tokens: int = field(init=False, repr=False, compare=False)
    _people: Mapping[str, tuple[Person, ...]] = field(init=False, repr=False, compare=False)
    _shapes: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _office_words: frozenset[str] = field(init=False, repr=False, compare=False)
    _starts: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = build_index(self)
        people: dict[str, list[Person]] = {}
        for p in self.people:
            for n in {normalise(n) for n in (p.name, *p.aliases)}:
                people.setdefault(n, []).append(p)
        object.__setattr__(self, "_people", {k: tuple(v) for k, v in people.items()})
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_max_tokens", max((len(k.split()) for k in index), default=0))
        object.__setattr__(self, "_office_words", frozenset(t.split()[-1] for t in self.offices))
        starts: dict[str, int] = {}
        for key in index:
            words = key.split()
            starts[words[0]] = max(starts.get(words[0], 0), len(words))
        object.__setattr__(self, "_starts", starts)
        shapes: dict[str, set[str]] = {}  # each one-letter deletion of a name -> the names it comes from
        for key in {k for k in index if " " not in k} | set(self._people):
            if len(key) >= NEAR_MIN - 1:
                for variant in _deletions(key):
                    shapes.setdefault(variant, set()).add(key)
        object.__setattr__(self, "_shapes", {k: tuple(sorted(v)) for k, v in shapes.items()})

    def near(self, text: str) -> tuple[Name, ...]:
        """Entries a misspelling of ``text`` stands for ("Afganistan", "Ghanians", "Isreal"): one
        edit away (a swap of neighbouring letters is one edit), same first letter, one-word names
        only, and only when every such entry names the same country, organisation or person.
        Exact matches are for :meth:`find`."""
        keys = self._near_keys(normalise(text))
        names = tuple(n for k in keys for n in self._index.get(k, ()))
        return names if len({(n.country, n.code, n.canonical if n.kind == "person" else "") for n in names}) == 1 \
            else ()

    def person_near(self, name: str) -> Person | None:
        """The one listed person a misspelt name stands for ("Francois Mitterand"), else None."""
        found = {p for k in self._near_keys(normalise(name)) for p in self._people.get(k, ())}
        names = {p.name for p in found}
        return max(found, key=lambda p: (p.until is None, p.since or "")) if len(names) == 1 else None

    def _near_keys(self, key: str) -> list[str]:
        """Names one insertion, deletion, substitution or neighbour swap away (a shared one-letter
        deletion finds the first three; swaps are tried directly), keeping the first letter."""
        if len(key) < NEAR_MIN or key in self._index or key in self._people:
            return []
        found = {k for v in _deletions(key) for k in self._shapes.get(v, ())}
        found |= {k for k in _swaps(key) if k in self._index or k in self._people}
        return sorted(k for k in found if k[0] == key[0] and _within(key, k, 1))

    def longest_from(self, word: str) -> int:
        """The most words of a known name that begins with ``word`` (0 when none does)."""
        return self._starts.get(normalise(word), 0)

    @property
    def max_name_tokens(self) -> int:
        """The longest surface form, in whitespace tokens."""
        return self._max_tokens

    def find(self, text: str, *, cased: bool = False) -> tuple[Name, ...]:
        """All entries whose normalised surface form equals ``normalise(text)``.

        With ``cased=True`` an entry written as an acronym ("WHO", "US", "AP")
        only matches text written the same way, so "who" or "us" find nothing.
        """
        names = self._index.get(normalise(text), ())
        if cased and names:
            written = _strip_article(text)
            names = tuple(n for n in names if not is_acronym(n.text) or n.text == written)
        return names

    def may_end_office(self, word: str) -> bool:
        """Whether some office term ends with this word (or its singular): a cheap test before
        :meth:`office` is tried on the phrases that end with it."""
        key = word.lower()
        if not key.isalpha():  # the fast path is for plain words; anything else is normalised first
            key = normalise(word)
        return key in self._office_words or any(f in self._office_words for f in _singulars(key))

    def office(self, text: str) -> Office | None:
        """The office whose term equals the normalised text (plural forms fall back to the singular)."""
        key = normalise(text)
        for candidate in (key, *_singulars(key)):
            found = self.offices.get(candidate)
            if found is not None:
                return found
        return None

    def cameo_code(self, code: str) -> CameoCode:
        """The CAMEO code record; raises LexiconError for an unknown code."""
        try:
            return self.cameo[code]
        except KeyError:
            raise LexiconError(f"unknown CAMEO code {code!r}", "cameo.tsv") from None

    def plover_for(self, code: str) -> PloverType | None:
        """The PLOVER type of a CAMEO code, or None when PLOVER has no category for it."""
        if code not in self.cameo:
            raise LexiconError(f"unknown CAMEO code {code!r}", "plover.tsv")
        return self.plover.get(code)

    def person(self, name: str, on: str | None = None) -> Person | None:
        """The person called ``name`` (or an alias); with ``on`` (ISO date), the holder in office
        that day, else None. Without ``on``, the current holder is preferred, then the latest."""
        found = list(self._people.get(normalise(name), ()))
        if on is not None:
            found = [p for p in found if p.holds_on(on)]
        if not found:
            return None
        return max(found, key=lambda p: (p.until is None, p.since or "", p.until or ""))


NEAR_MIN = 6  # shorter names are too easily one edit from another word


def _deletions(key: str) -> set[str]:
    """The key and every string one letter shorter."""
    return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}


def _swaps(key: str) -> set[str]:
    return {key[:i] + key[i + 1] + key[i] + key[i + 2:] for i in range(len(key) - 1)}


def _within(a: str, b: str, most: int) -> bool:
    """Whether the edit distance of ``a`` and ``b`` is at most ``most``, a swap of two neighbouring
    letters counting as one edit ("Isreal")."""
    if abs(len(a) - len(b)) > most:
        return False
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > most:
            return False
        before, previous = previous, current
    return previous[-1] <= most


def _strip_article(text: str) -> str:
    text = " ".join(text.split())
    if text[:4].lower() == "the ":
        text = text[4:]
    for suffix in ("'s", "\u2019s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text


def _singulars(key: str) -> tuple[str, ...]:
    forms: list[str] = []
    if key.endswith("ies"):
        forms.append(key[:-3] + "y")
    if key.endswith("men"):
        forms.append(key[:-3] + "man")
    if key.endswith("es"):
        forms.append(key[:-2])
    if key.endswith("s"):
        forms.append(key[:-1])
    return tuple(forms)


def build_index(lex: Lexicon) -> Mapping[str, tuple[Name, ...]]:
    """The normalised surface-name index over countries, organisations, people and offices."""
    index: dict[str, dict[Name, None]] = {}

    def add(text: str, kind: str, country: str | None, sector: str | None, role: str | None,
            canonical: str, code: str | None) -> None:
        key = normalise(text)
        if key:
            index.setdefault(key, {})[Name(text, kind, country, sector, role, canonical, code)] = None

    for c in lex.countries.values():
        for text in c.names:
            add(text, "country", c.iso3, None, None, c.name, c.iso3)
        for text in c.adjectives:
            add(text, "adjective", c.iso3, None, None, c.name, c.iso3)
        if c.capital:
            add(c.capital, "capital", c.iso3, "GOV", None, c.name, c.iso3)
        for text in c.cities:
            add(text, "city", c.iso3, None, None, c.name, c.iso3)
        for text in c.metonyms:
            add(text, "metonym", c.iso3, "GOV", None, c.name, c.iso3)
    for o in lex.organizations.values():
        for text in (o.name, *o.aliases):
            add(text, "organization", o.country, o.sector, None, o.name, o.code)
    for p in lex.people:
        for text in (p.name, *p.aliases):
            add(text, "person", p.country, p.sector, p.role, p.name, None)
    for f in lex.offices.values():
        add(f.term, "office", None, f.sector, f.role, f.role, None)
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


def _load(files: Mapping[str, Sequence[Path]]) -> Lexicon:
    tables: dict[str, dict[object, object]] = {t: {} for t in _TABLES}
    known = Known()
    for table in _TABLES:
        parse = PARSERS[table]
        for path in files.get(table, ()):
            read_table(path, table, lambda row, p=parse, k=known: p(row, k), tables[table])
        if table == "sectors":
            known = Known(sectors=frozenset(map(str, tables[table])))
        elif table == "countries":
            known = Known(sectors=known.sectors, countries=frozenset(map(str, tables[table])))
        elif table == "organizations":
            known = Known(known.sectors, known.countries, known.cameo, frozenset(map(str, tables[table])))
        elif table == "cameo":
            known = Known(known.sectors, known.countries, frozenset(map(str, tables[table])), known.organizations)
    return Lexicon(
        countries=MappingProxyType(tables["countries"]),  # type: ignore[arg-type]
        organizations=MappingProxyType(tables["organizations"]),  # type: ignore[arg-type]
        offices=MappingProxyType(tables["offices"]),  # type: ignore[arg-type]
        people=tuple(tables["people"].values()),  # type: ignore[arg-type]
        sectors=MappingProxyType(tables["sectors"]),  # type: ignore[arg-type]
        cameo=MappingProxyType(tables["cameo"]),  # type: ignore[arg-type]
        plover=MappingProxyType(tables["plover"]),  # type: ignore[arg-type]
    )


def _bundled_files() -> dict[str, list[Path]]:
    base = data_dir()
    return {table: [base / f"{table}.tsv"] for table in _TABLES}


@functools.lru_cache(maxsize=1)
def _load_bundled() -> Lexicon:
    return _load(_bundled_files())


def load_lexicon(extra: Sequence[str | os.PathLike[str]] = ()) -> Lexicon:
    """The bundled knowledge files, then the user's ``extra`` files.

    Extra files use the same formats and are recognised by name (``countries*.tsv``,
    ``organizations*.tsv``, ``offices*.tsv``, ``people*.tsv``, ``sectors*.tsv``); their
    rows override bundled rows with the same key. The bundled-only result is cached.
    """
    if not extra:
        return _load_bundled()
    files = _bundled_files()
    for item in extra:
        path = Path(item)
        files[table_of(path)].append(path)
    return _load(files)
