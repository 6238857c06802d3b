"""Reading and validating the knowledge files (TSV with a header row).

Each file is UTF-8 text: ``#`` lines are comments (a first ``# version: N`` line
declares the format version), the first other line is the header, cells are
separated by tabs, ``|`` separates several values in one cell and an empty
cell means none. Every mistake raises :class:`LexiconError` with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from communique.errors import LexiconError
from communique.lexicon.records import CameoCode, Country, Office, Organization, Person, PloverType

SUPPORTED_VERSION = 1

COLUMNS: dict[str, tuple[str, ...]] = {
    "sectors": ("code", "label"),
    "countries": ("iso3", "iso2", "name", "names", "adjectives", "capital", "cities", "metonyms"),
    "organizations": ("code", "name", "aliases", "sector", "country", "kind"),
    "offices": ("term", "sector", "role", "kind"),
    "people": ("name", "aliases", "country", "sector", "role", "since", "until"),
    "cameo": ("code", "label", "goldstein", "quad_class"),
    "plover": ("cameo", "type", "mode", "context"),
}
# columns a file may add after the required ones, in this order (older files without them stay valid)
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("function",),
}

_ISO3 = re.compile(r"[A-Z]{3}")
_ISO2 = re.compile(r"[A-Z]{2}")
_SECTOR = re.compile(r"[A-Z]{3}")
_CAMEO = re.compile(r"\d{2,4}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VERSION = re.compile(r"#\s*version:\s*(\S+)\s*$")

K = TypeVar("K")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Row:
    """One data line of a knowledge file, cells keyed by column name."""

    file: str
    line: int
    cells: Mapping[str, str]

    def fail(self, message: str) -> LexiconError:
        return LexiconError(message, self.file, self.line)

    def required(self, column: str) -> str:
        value = self.cells[column]
        if not value:
            raise self.fail(f"empty required cell {column!r}")
        return value

    def optional(self, column: str) -> str | None:
        return self.cells[column] or None

    def values(self, column: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.cells[column].split("|") if v.strip())


@dataclass(frozen=True, slots=True)
class Known:
    """What rows are checked against: the sector codes, ISO3 codes and CAMEO codes loaded so far."""

    sectors: Set[str] = frozenset()
    countries: Set[str] = frozenset()
    cameo: Set[str] = frozenset()
    organizations: Set[str] = frozenset()


def read_rows(path: Path, table: str) -> Iterator[Row]:
    """The data rows of ``path`` read as a ``table`` file, header and column count checked."""
    columns = COLUMNS[table]
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read knowledge file: {exc}", name) from exc
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if line.startswith("#"):
            _check_version(line, name, number)
            continue
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            columns = _header(tuple(cells), table, name, number)
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise LexiconError(f"expected {len(columns)} columns, found {len(cells)}", name, number)
        row = dict.fromkeys(COLUMNS[table] + OPTIONAL_COLUMNS.get(table, ()), "")
        row.update(zip(columns, cells, strict=True))
        yield Row(name, number, row)
    if not header_seen:
        raise LexiconError("no header row", name)


def _header(cells: tuple[str, ...], table: str, file: str, number: int) -> tuple[str, ...]:
    """The columns a header row declares: the required ones, then any leading part of the optional ones."""
    required, optional = COLUMNS[table], OPTIONAL_COLUMNS.get(table, ())
    if cells[:len(required)] != required or cells[len(required):] != optional[:len(cells) - len(required)]:
        expected = " ".join(required) + "".join(f" [{c}]" for c in optional)
        raise LexiconError(f"header must be {expected!r}, found {' '.join(cells)!r}", file, number)
    return cells


def _check_version(line: str, file: str, number: int) -> None:
    match = _VERSION.match(line)
    if match and match.group(1) != str(SUPPORTED_VERSION):
        raise LexiconError(f"unsupported version {match.group(1)!r} (supported: {SUPPORTED_VERSION})", file, number)


def read_table(
    path: Path, table: str, parse: Callable[[Row], tuple[K, R]], into: dict[K, R]
) -> None:
    """Parse every row of ``path`` into ``into``; a key repeated within the file is an error,
    a key already in ``into`` (from an earlier file) is overridden."""
    seen: set[K] = set()
    for row in read_rows(path, table):
        key, record = parse(row)
        if key in seen:
            raise row.fail(f"duplicate key {key!r}")
        seen.add(key)
        into[key] = record


def _check_sector(row: Row, column: str, known: Known) -> str:
    sector = row.required(column)
    if sector not in known.sectors:
        raise row.fail(f"unknown sector {sector!r} (not in sectors.tsv)")
    return sector


def _check_country(row: Row, column: str, known: Known, required: bool) -> str | None:
    value = row.required(column) if required else row.optional(column)
    if value is None:
        return None
    if not _ISO3.fullmatch(value):
        raise row.fail(f"bad ISO3 code {value!r} in {column!r} (three capital letters)")
    if value not in known.countries:
        raise row.fail(f"unknown country {value!r} (not in countries.tsv)")
    return value


def _check_home(row: Row, known: Known) -> str:
    """A person's country, or the code of the organisation they serve ("IGOUNO" for a UN Secretary-General)."""
    value = row.required("country")
    if value in known.organizations:
        return value
    return _check_country(row, "country", known, True) or ""


def _check_date(row: Row, column: str) -> str | None:
    value = row.optional(column)
    if value is None:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise row.fail(f"bad date {value!r} in {column!r} (YYYY-MM-DD)") from None
    return value


def _check_choice(row: Row, column: str, choices: tuple[str, ...]) -> str:
    value = row.required(column)
    if value not in choices:
        raise row.fail(f"{column} must be one of {', '.join(choices)}, found {value!r}")
    return value


def parse_sector(row: Row, known: Known) -> tuple[str, str]:
    code = row.required("code")
    if not _SECTOR.fullmatch(code):
        raise row.fail(f"bad sector code {code!r} (three capital letters)")
    return code, row.required("label")


def parse_country(row: Row, known: Known) -> tuple[str, Country]:
    iso3 = row.required("iso3")
    if not _ISO3.fullmatch(iso3):
        raise row.fail(f"bad ISO3 code {iso3!r} (three capital letters)")
    iso2 = row.required("iso2")
    if not _ISO2.fullmatch(iso2):
        raise row.fail(f"bad ISO2 code {iso2!r} (two capital letters)")
    name = row.required("name")
    names = row.values("names")
    if name not in names:
        names = (name, *names)
    country = Country(
        iso3=iso3, iso2=iso2, name=name, names=names, adjectives=row.values("adjectives"),
        capital=row.optional("capital"), cities=row.values("cities"), metonyms=row.values("metonyms"),
    )
    return iso3, country


def parse_organization(row: Row, known: Known) -> tuple[str, Organization]:
    org = Organization(
        code=row.required("code"), name=row.required("name"), aliases=row.values("aliases"),
        sector=_check_sector(row, "sector", known), country=_check_country(row, "country", known, False),
        kind=_check_choice(row, "kind", ("organization", "group")),
        function=_check_sector(row, "function", known) if row.optional("function") else None,
    )
    return org.code, org


def parse_office(row: Row, known: Known) -> tuple[str, Office]:
    term = row.required("term")
    if term != term.lower():
        raise row.fail(f"office term {term!r} must be lower case")
    office = Office(term=term, sector=_check_sector(row, "sector", known), role=row.required("role"),
                    kind=_check_choice(row, "kind", ("person", "group")))
    return term, office


def parse_person(row: Row, known: Known) -> tuple[tuple[str, str, str, str | None], Person]:
    person = Person(
        name=row.required("name"), aliases=row.values("aliases"),
        country=_check_home(row, known),
        sector=_check_sector(row, "sector", known), role=row.required("role"),
        since=_check_date(row, "since"), until=_check_date(row, "until"),
    )
    if person.since and person.until and person.until < person.since:
        raise row.fail(f"until {person.until} is before since {person.since}")
    return (person.name, person.country, person.role, person.since), person


def parse_cameo(row: Row, known: Known) -> tuple[str, CameoCode]:
    code = row.required("code")
    if not _CAMEO.fullmatch(code):
        raise row.fail(f"bad CAMEO code {code!r} (two to four digits)")
    raw_g, raw_q = row.required("goldstein"), row.required("quad_class")
    try:
        goldstein = float(raw_g)
    except ValueError:
        raise row.fail(f"goldstein {raw_g!r} is not a number") from None
    if not -10.0 <= goldstein <= 10.0:
        raise row.fail(f"goldstein {goldstein} is outside -10..10")
    if raw_q not in {"1", "2", "3", "4"}:
        raise row.fail(f"quad_class {raw_q!r} is not one of 1, 2, 3, 4")
    return code, CameoCode(code=code, label=row.required("label"), goldstein=goldstein, quad_class=int(raw_q))


def parse_plover(row: Row, known: Known) -> tuple[str, PloverType | None]:
    code = row.required("cameo")
    if code not in known.cameo:
        raise row.fail(f"unknown CAMEO code {code!r} (not in cameo.tsv)")
    kind = row.optional("type")
    if kind is None:
        if row.optional("mode") or row.optional("context"):
            raise row.fail("mode or context given without a type")
        return code, None
    return code, PloverType(type=kind, mode=row.optional("mode"), context=row.values("context"))


PARSERS: dict[str, Callable[[Row, Known], tuple[object, object]]] = {
    "sectors": parse_sector,
    "countries": parse_country,
    "organizations": parse_organization,
    "offices": parse_office,
    "people": parse_person,
    "cameo": parse_cameo,
    "plover": parse_plover,
}


def table_of(path: Path) -> str:
    """Which table a user file extends, from its name (``people-2025.tsv`` -> ``people``)."""
    if path.suffix.lower() == ".tsv":
        for table in ("countries", "organizations", "offices", "people", "sectors"):
            if path.name.lower().startswith(table):
                return table
    raise LexiconError(
        "unrecognised knowledge file name (expected countries*.tsv, organizations*.tsv, "
        "offices*.tsv, people*.tsv or sectors*.tsv)", str(path))
