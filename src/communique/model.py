"""Typed records that cross stage boundaries and make up the output contract.

Every record is a frozen dataclass. ``to_dict()`` produces the JSON shape of
``spec/OUTPUT.md``; ``from_dict()`` reads it back, so a record survives a round
trip through JSON, the store or Parquet unchanged.

Offsets are Python ``str`` indices into :attr:`Document.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

SCHEMA = "communique.document/1"

ActorKind = Literal["person", "country", "organization", "group", "place"]
Modality = Literal["asserted", "future", "intended", "hypothetical", "negated"]
QuoteKind = Literal["direct", "indirect", "mixed"]
QuantityKind = Literal["money", "percent", "count", "duration", "number"]
Qualifier = Literal["more_than", "less_than", "about", "up_to"]
Change = Literal["increase", "decrease"]
CommitmentKind = Literal["agreement", "policy", "target", "promise", "indicator"]

ACTOR_KINDS = ("person", "country", "organization", "group", "place")
MODALITIES = ("asserted", "future", "intended", "hypothetical", "negated")
QUOTE_KINDS = ("direct", "indirect", "mixed")
QUANTITY_KINDS = ("money", "percent", "count", "duration", "number")
QUALIFIERS = ("more_than", "less_than", "about", "up_to")
CHANGES = ("increase", "decrease")
COMMITMENT_KINDS = ("agreement", "policy", "target", "promise", "indicator")


def _plain(value: Any) -> Any:
    """Turn tuples and nested records into JSON-ready lists and dicts."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


class _Record:
    """Shared ``to_dict`` for flat records; subclasses override for nesting."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Document(_Record):
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    path: str | None = None
    publisher: str | None = None
    license: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    dateline: str | None = None
    language: str = "en"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(**{f.name: d.get(f.name, f.default) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Span(_Record):
    start: int
    end: int
    text: str = ""


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    index: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention(_Record):
    start: int
    end: int
    text: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A named or nominal span found by the entities stage (not in the output)."""

    start: int
    end: int
    text: str
    label: str  # PERSON, GPE, NORP, ORG, LOC, FAC, TITLE, …
    sentence: int


@dataclass(frozen=True, slots=True)
class Actor(_Record):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None
    mentions: tuple[Mention, ...] = ()

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Actor:
        return cls(
            id=d["id"], name=d["name"], kind=d["kind"], country=d.get("country"),
            sector=d.get("sector"), role=d.get("role"), code=d.get("code"),
            mentions=tuple(Mention(**m) for m in d.get("mentions", ())),
        )


@dataclass(frozen=True, slots=True)
class Plover(_Record):
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event(_Record):
    id: str
    sentence: int
    source: tuple[str, ...]
    target: tuple[str, ...]
    cameo: str
    trigger: Span
    symmetric: bool = False
    cameo_label: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    plover: Plover | None = None
    modality: Modality = "asserted"
    date: str | None = None
    date_text: str | None = None
    location: str | None = None
    quote: str | None = None
    confidence: float = 0.5
    reason: str = ""

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        p = d.get("plover")
        return cls(
            **{k: d.get(k) for k in (
                "id", "sentence", "cameo", "cameo_label", "goldstein", "quad_class",
                "date", "date_text", "location", "quote", "reason")},
            source=tuple(d.get("source", ())), target=tuple(d.get("target", ())),
            trigger=Span(**d["trigger"]), symmetric=bool(d.get("symmetric", False)),
            plover=Plover(p["type"], p.get("mode"), tuple(p.get("context", ()))) if p else None,
            modality=d.get("modality", "asserted"), confidence=d.get("confidence", 0.5),
        )


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    id: str
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_text: str | None = None
    cue: str | None = None
    kind: QuoteKind = "direct"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(**{f.name: d.get(f.name, f.default) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Quantity(_Record):
    id: str
    text: str
    start: int
    end: int
    sentence: int
    kind: QuantityKind
    value: float | None
    unit: str | None = None
    qualifier: Qualifier | None = None
    about: str | None = None
    change: Change | None = None  # a rise or fall "by X" (money and percent only); None for a level ("to X")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quantity:
        return cls(**{f.name: d.get(f.name, f.default) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Commitment(_Record):
    id: str
    kind: CommitmentKind
    what: str
    by: tuple[str, ...] = ()
    for_: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    status: str | None = None
    date: str | None = None
    events: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = _Record.to_dict(self)
        d["for"] = d.pop("for_")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Commitment:
        return cls(
            id=d["id"], kind=d["kind"], what=d["what"], by=tuple(d.get("by", ())),
            for_=tuple(d.get("for", ())), quantities=tuple(d.get("quantities", ())),
            status=d.get("status"), date=d.get("date"), events=tuple(d.get("events", ())),
            evidence=tuple(Span(**e) for e in d.get("evidence", ())),
        )


@dataclass(frozen=True, slots=True)
class StageError(_Record):
    """A problem met by one stage; the document and other stages' results are kept."""

    stage: str
    error: str  # the exception class name
    message: str

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> StageError:
        return cls(stage=d["stage"], error=d["error"], message=d["message"])


@dataclass(frozen=True, slots=True)
class Record:
    """The document record of ``spec/OUTPUT.md``: what ``extract`` returns."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    errors: tuple[StageError, ...] = ()
    schema: str = field(default=SCHEMA)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "document": self.document.to_dict(),
            **{name: [x.to_dict() for x in getattr(self, name)] for name in (
                "sentences", "actors", "events", "quotes", "quantities", "commitments", "errors")},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(
            schema=d.get("schema", SCHEMA),
            document=Document.from_dict(d["document"]),
            sentences=tuple(Sentence(**s) for s in d.get("sentences", ())),
            actors=tuple(Actor.from_dict(a) for a in d.get("actors", ())),
            events=tuple(Event.from_dict(e) for e in d.get("events", ())),
            quotes=tuple(Quote.from_dict(q) for q in d.get("quotes", ())),
            quantities=tuple(Quantity.from_dict(q) for q in d.get("quantities", ())),
            commitments=tuple(Commitment.from_dict(c) for c in d.get("commitments", ())),
            errors=tuple(StageError.from_dict(e) for e in d.get("errors", ())),
        )

    def actor(self, actor_id: str | None) -> Actor | None:
        """The actor with this local id, or None."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.document.text[s.start:s.end]


__all__ = [
    "SCHEMA", "Actor", "Commitment", "Document", "Entity", "Event", "Mention", "Plover",
    "Quantity", "Quote", "Record", "Sentence", "Span", "StageError", "replace",
]
