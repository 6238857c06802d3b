"""Load gold annotations (``eval/GOLD-FORMAT.md``) into typed, frozen records.

A gold file is YAML, one per article, named ``<article>.gold.yaml`` beside
``<article>.txt``. :func:`load_gold` reads one file; :func:`parse_gold` turns
already-parsed YAML into a :class:`Gold`. Any problem with the file raises
:class:`~communique.errors.GoldError` naming the file and the item at fault,
for example ``x.gold.yaml: events[2] ('talks'): unknown actor 'kazakstan'``.

>>> g = parse_gold({"document": {"published": "2024-01-02"},
...                 "actors": [{"id": "a", "name": "Ruritania", "kind": "country",
...                             "country": "RUR"}]}, "inline")
>>> g.actor("a").surface_forms
('Ruritania',)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from ..errors import GoldError
from ..model import ACTOR_KINDS, COMMITMENT_KINDS, MODALITIES, QUALIFIERS, QUANTITY_KINDS

_CAMEO = re.compile(r"^[0-9]{2,4}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class GoldDocument:
    file: str | None = None
    dateline: str | None = None
    publisher: str | None = None
    license: str | None = None
    published: str | None = None  # ISO date, passed to the extractor


@dataclass(frozen=True, slots=True)
class GoldActor:
    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """The name and the aliases, without repeats, name first."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    source: tuple[str, ...]
    target: tuple[str, ...]  # empty when the gold target is null
    cameo: tuple[str, ...]  # acceptable codes, preferred first
    plover: tuple[str, ...] = ()  # acceptable PLOVER types, preferred first
    sentence: str | None = None  # a verbatim fragment of the reporting sentence
    symmetric: bool = False
    modality: str | None = None
    date: str | None = None
    location: str | None = None
    optional: bool = False


@dataclass(frozen=True, slots=True)
class GoldQuote:
    speaker: str | None
    text: str


@dataclass(frozen=True, slots=True)
class GoldQuantity:
    text: str
    kind: str
    value: float
    unit: str | None = None
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class GoldCommitment:
    id: str
    kind: str
    by: tuple[str, ...] = ()
    for_: tuple[str, ...] = ()
    what: str | None = None
    status: str | None = None
    #: Everything else the annotator wrote (limit, value, unit, when, change, …).
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}),
                                     compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Gold:
    path: str
    document: GoldDocument
    actors: tuple[GoldActor, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    quotes: tuple[GoldQuote, ...] = ()
    not_quotes: tuple[str, ...] = ()
    quantities: tuple[GoldQuantity, ...] = ()
    commitments: tuple[GoldCommitment, ...] = ()

    def actor(self, actor_id: str | None) -> GoldActor | None:
        """The gold actor with this id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def country(self, actor_id: str | None) -> str | None:
        """The country of a gold actor (None for an unknown id or a stateless actor)."""
        actor = self.actor(actor_id)
        return actor.country if actor else None


# ---------------------------------------------------------------- loading


def load_gold(path: str | Path) -> Gold:
    """Read and check one gold YAML file."""
    name = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise GoldError(f"cannot read: {err.strerror or err}", name) from err
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as err:
        raise GoldError(f"not valid YAML: {err}", name) from err
    return parse_gold(data, name)


def parse_gold(data: Any, file: str) -> Gold:
    """Turn parsed YAML into a :class:`Gold`, checking every section."""
    if not isinstance(data, Mapping):
        raise GoldError("the top level must be a mapping of sections", file)
    unknown = set(data) - {"document", "actors", "events", "quotes", "not_quotes",
                           "quantities", "commitments"}
    if unknown:
        raise GoldError(f"unknown section(s): {', '.join(sorted(map(str, unknown)))}", file)
    if not isinstance(data.get("document"), Mapping):
        raise GoldError("missing or malformed 'document' section", file)
    p = _Parser(file)
    actors = tuple(p.actor(i, a) for i, a in enumerate(p.items(data, "actors")))
    ids = [a.id for a in actors]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise GoldError(f"duplicate actor id(s): {', '.join(dupes)}", file)
    known = frozenset(ids)
    return Gold(
        path=file,
        document=p.document(data["document"]),
        actors=actors,
        events=tuple(p.event(i, e, known) for i, e in enumerate(p.items(data, "events"))),
        quotes=tuple(p.quote(i, q, known) for i, q in enumerate(p.items(data, "quotes"))),
        not_quotes=tuple(p.text(f"not_quotes[{i}]", q)
                         for i, q in enumerate(p.items(data, "not_quotes"))),
        quantities=tuple(p.quantity(i, q) for i, q in enumerate(p.items(data, "quantities"))),
        commitments=tuple(p.commitment(i, c, known)
                          for i, c in enumerate(p.items(data, "commitments"))),
    )


@dataclass(frozen=True, slots=True)
class _Parser:
    """Field checks that know which file they are reading."""

    file: str

    def fail(self, where: str, message: str) -> GoldError:
        return GoldError(f"{where}: {message}", self.file)

    def items(self, data: Mapping[str, Any], section: str) -> list[Any]:
        value = data.get(section)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(section, "must be a list")
        return value

    def mapping(self, where: str, value: Any) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(where, "must be a mapping")
        return value

    def text(self, where: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"must be a non-empty string, got {value!r}")
        return value

    def optional_text(self, where: str, value: Any) -> str | None:
        return None if value is None else self.text(where, value)

    def choice(self, where: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)

    def date(self, where: str, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        raise self.fail(where, f"{value!r} is not an ISO date (YYYY-MM-DD)")

    def ids(self, where: str, value: Any, known: frozenset[str],
            nullable: bool = False) -> tuple[str, ...]:
        if value is None:
            if nullable:
                return ()
            raise self.fail(where, "is required")
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v not in known:
                raise self.fail(where, f"unknown actor {v!r}")
        return tuple(str(v) for v in values)

    def strings(self, where: str, value: Any) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        return tuple(self.text(where, v) for v in values)

    def document(self, d: Mapping[str, Any]) -> GoldDocument:
        return GoldDocument(
            file=self.optional_text("document.file", d.get("file")),
            dateline=self.optional_text("document.dateline", d.get("dateline")),
            publisher=self.optional_text("document.publisher", d.get("publisher")),
            license=self.optional_text("document.license", d.get("license")),
            published=self.date("document.published", d.get("published")),
        )

    def actor(self, i: int, value: Any) -> GoldActor:
        where = f"actors[{i}]"
        a = self.mapping(where, value)
        where = f"{where} ({a.get('id')!r})"
        country = a.get("country")
        if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
            raise self.fail(where, f"country {country!r} is not a 3-letter code or null")
        aliases = a.get("aliases") or []
        if not isinstance(aliases, list):
            raise self.fail(where, "aliases must be a list")
        return GoldActor(
            id=self.text(f"{where}.id", a.get("id")),
            name=self.text(f"{where}.name", a.get("name")),
            kind=self.choice(f"{where}.kind", a.get("kind"), ACTOR_KINDS),
            country=country,
            sector=self.optional_text(f"{where}.sector", a.get("sector")),
            role=self.optional_text(f"{where}.role", a.get("role")),
            aliases=tuple(self.text(f"{where}.aliases", x) for x in aliases),
        )

    def event(self, i: int, value: Any, known: frozenset[str]) -> GoldEvent:
        where = f"events[{i}]"
        e = self.mapping(where, value)
        where = f"{where} ({e.get('id')!r})"
        codes = e.get("cameo")
        codes = codes if isinstance(codes, list) else [codes]
        for code in codes:
            if not isinstance(code, str) or not _CAMEO.match(code):
                raise self.fail(where, f"CAMEO code {code!r} must be a quoted string of "
                                       "2-4 digits (unquoted 043 is read as a number)")
        if not codes:
            raise self.fail(where, "cameo must list at least one code")
        plover = e.get("plover")
        modality = e.get("modality")
        return GoldEvent(
            id=str(e.get("id") or f"event-{i + 1}"),
            source=self.ids(f"{where}.source", e.get("source"), known, nullable=True),
            target=self.ids(f"{where}.target", e.get("target"), known, nullable=True),
            cameo=tuple(codes),
            plover=() if plover is None else tuple(
                s.upper() for s in self.strings(f"{where}.plover", plover)),
            sentence=self.optional_text(f"{where}.sentence", e.get("sentence")),
            symmetric=bool(e.get("symmetric", False)),
            modality=None if modality is None else self.choice(
                f"{where}.modality", modality, MODALITIES),
            date=self.date(f"{where}.date", e.get("date")),
            location=(self.ids(f"{where}.location", e["location"], known)[0]
                      if e.get("location") is not None else None),
            optional=bool(e.get("optional", False)),
        )

    def quote(self, i: int, value: Any, known: frozenset[str]) -> GoldQuote:
        where = f"quotes[{i}]"
        q = self.mapping(where, value)
        speaker = self.ids(f"{where}.speaker", q.get("speaker"), known, nullable=True)
        return GoldQuote(speaker=speaker[0] if speaker else None,
                         text=self.text(f"{where}.text", q.get("text")))

    def quantity(self, i: int, value: Any) -> GoldQuantity:
        where = f"quantities[{i}]"
        q = self.mapping(where, value)
        number = q.get("value")
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise self.fail(where, f"value {number!r} is not a number")
        qualifier = q.get("qualifier")
        unit = q.get("unit")
        return GoldQuantity(
            text=self.text(f"{where}.text", q.get("text")),
            kind=self.choice(f"{where}.kind", q.get("kind"), QUANTITY_KINDS),
            value=float(number),
            unit=None if unit is None else str(unit),
            qualifier=None if qualifier is None else self.choice(
                f"{where}.qualifier", qualifier, QUALIFIERS),
        )

    def commitment(self, i: int, value: Any, known: frozenset[str]) -> GoldCommitment:
        where = f"commitments[{i}]"
        c = self.mapping(where, value)
        where = f"{where} ({c.get('id')!r})"
        core = {"id", "kind", "by", "for", "what", "status"}
        return GoldCommitment(
            id=str(c.get("id") or f"commitment-{i + 1}"),
            kind=self.choice(f"{where}.kind", c.get("kind"), COMMITMENT_KINDS),
            by=self.ids(f"{where}.by", c.get("by"), known, nullable=True),
            for_=self.ids(f"{where}.for", c.get("for"), known, nullable=True),
            what=self.optional_text(f"{where}.what", c.get("what")),
            status=self.optional_text(f"{where}.status", c.get("status")),
            extra=MappingProxyType({str(k): v for k, v in c.items() if k not in core}),
        )


__all__ = [
    "Gold", "GoldActor", "GoldCommitment", "GoldDocument", "GoldEvent", "GoldQuantity",
    "GoldQuote", "load_gold", "parse_gold",
]
