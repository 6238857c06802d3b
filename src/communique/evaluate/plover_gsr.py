"""Score actors and events against the PLOVER gold-standard records (``PLOVER_GSR_CAMEO.txt``).

The file is a JSON array of sentence records coded by hand (PLOVER 0.5b1): one
event per sentence with its type, source and target actors (``actorText``,
ISO3 or group ``code``, ``sector``) and a ``textInfo.markup`` that brackets
the words of each part (``SRC``, ``TAR``, ``SRC/TAR`` for reciprocal actors,
``EVT``). Every sentence is extracted on its own and compared:

- **actors**: each gold actor is found in the sentence by its text and paired
  with our actor whose mention covers those words. ``country`` accuracy is
  over gold actors coded with a state (an actor we did not find counts as
  wrong); ``international`` is over those coded IGO/NGO/IMG, right when ours
  is an organisation or group with no country; ``sector`` is over gold actors
  with a sector, compared on its first three letters (the ethnic or religious
  suffix of "CVLalb" is not scored) and ``***`` (unknown) is skipped. The
  records code a town that is acted upon as its people (CVL); a town we keep
  as a place with its country is read the same way. They code an
  international body by what it does (the Security Council GOV, NATO MIL,
  the UN refugee agency REF), which our code carries after the body's own
  (IGOUNOUSCGOV), as CAMEO's codes do; that function is compared.
- **events**: the gold codes one event per sentence, so one of ours is chosen:
  the one whose trigger lies in the gold's ``EVT`` words, else the most
  confident with a PLOVER type, else none. ``type`` accuracy compares PLOVER
  types after mapping the old names (DEMAND→REQUEST, DISAPPROVE→ACCUSE,
  FIGHT→ASSAULT, INVESTIGATE→ACCUSE); ``dyads`` is the F1 of
  (source country, target country, type) triples, reciprocal actors giving
  both directions.

Old or odd codes in the file are mapped to ISO 3166 (JAP→JPN, ITL→ITA,
VTN→VNM); codes that are neither a state nor a group are left out of the
country figures. Three sector spellings are read as CAMEO's: CIV (a slip for
CVL), JRN (their media, CAMEO's MED) and MED (their medical workers, CAMEO's HLH).

>>> from communique.model import Document, Record
>>> report = evaluate_plover("/nonexistent.txt", lambda text, published: Record(Document("x", text)))
Traceback (most recent call last):
communique.errors.GoldError: /nonexistent.txt: cannot read: ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any

from ..errors import GoldError
from ..lexicon import Lexicon, load_lexicon
from ..model import Actor, Event, Record
from .confusion import Confusion
from .metrics import Accuracy, LayerScore, find_all, overlaps
from .run import Extract

OLD_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
GROUPS = frozenset({"IGO", "NGO", "IMG"})
# sector codes of the records in CAMEO's (and communique's) spelling: CIV is their slip for CVL
# (civilians); they write JRN for the media, which CAMEO calls MED, and MED for medical
# workers, which CAMEO calls HLH (health)
SECTOR_NAMES = {"CIV": "CVL", "JRN": "MED", "MED": "HLH"}
_MARK = re.compile(r"\((SRC/TAR|SRC|TAR|EVT|LOC): ([^()]*)\)")


@dataclass(frozen=True, slots=True)
class GoldActorRef:
    """One coded actor of a sentence."""

    text: str
    code: str  # ISO3 (old codes mapped), or IGO / NGO / IMG, or another group code
    sector: str | None  # first three letters; None when not coded or unknown
    role: str  # "source" | "target"


@dataclass(frozen=True, slots=True)
class CodedSentence:
    id: str
    text: str
    type: str  # the PLOVER type after mapping old names
    actors: tuple[GoldActorRef, ...]
    reciprocal: bool  # the sources act on each other (SRC/TAR in the markup, no target)
    triggers: tuple[tuple[int, int], ...] = ()  # character ranges of the EVT words

    def triples(self) -> frozenset[tuple[str, str | None, str]]:
        sources = [a.code for a in self.actors if a.role == "source"]
        targets = [a.code for a in self.actors if a.role == "target"]
        return _triples(sources, targets, self.reciprocal, self.type)


def _triples(sources: list[str], targets: list[str], reciprocal: bool,
             kind: str) -> frozenset[tuple[str, str | None, str]]:
    if reciprocal and not targets and len(sources) > 1:
        return frozenset((a, b, kind) for a in sources for b in sources if a != b)
    return frozenset((s, t, kind) for s in sources for t in (targets or [None]))


def _actor_list(value: Any, where: str) -> list[dict[str, Any]]:
    if value in (None, "", []):
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []  # a stray string ("diplomatic") where a list belongs: no actor
    if not all(isinstance(a, dict) and isinstance(a.get("code"), str) and isinstance(a.get("actorText"), str)
               for a in value):
        raise GoldError("actor without a code or actorText", where)
    return value


def _gold_actor(raw: dict[str, Any], role: str) -> GoldActorRef:
    code = OLD_CODES.get(raw["code"], raw["code"])
    sector = raw.get("sector") or None
    sector = sector[:3].upper() if sector and sector[:3].isalpha() else None
    sector = SECTOR_NAMES.get(sector or "", sector)
    return GoldActorRef(" ".join(raw["actorText"].split()), code, sector, role)


def _sentence(raw: dict[str, Any], where: str) -> CodedSentence:
    text, kind = raw.get("text"), raw.get("event")
    if not isinstance(text, str) or not isinstance(kind, str):
        raise GoldError("record without text or event", where)
    actors = [_gold_actor(a, "source") for a in _actor_list(raw.get("source"), where)]
    actors += [_gold_actor(a, "target") for a in _actor_list(raw.get("target"), where)]
    info = raw.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else str(info or "")
    marks = _MARK.findall(markup)
    triggers = tuple(span for tag, words in marks if tag == "EVT" for span in find_all(text, words.strip()))
    reciprocal = any(tag == "SRC/TAR" for tag, _ in marks) and not any(a.role == "target" for a in actors)
    return CodedSentence(str(raw.get("id", where)), text, OLD_TYPES.get(kind, kind), tuple(actors),
                         reciprocal, triggers)


def load_plover_gsr(path: str | Path) -> tuple[CodedSentence, ...]:
    """The coded sentences of a PLOVER gold-standard file (its DOCUMENT header skipped)."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"cannot read: {exc}", str(path)) from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"not JSON: {exc.msg} (line {exc.lineno})", str(path)) from None
    if not isinstance(records, list):
        raise GoldError("expected a JSON array of records", str(path))
    return tuple(_sentence(raw, f"{path}: record {i}") for i, raw in enumerate(records)
                 if isinstance(raw, dict) and raw.get("event") != "DOCUMENT")


# -- scoring ---------------------------------------------------------------------------------------


def _span_of(text: str, words: str) -> tuple[int, int] | None:
    """Where the gold actor's words are: the whole text, else its longest run of words found."""
    tokens = words.split()
    for size in range(len(tokens), 0, -1):
        for start in range(len(tokens) - size + 1):
            found = find_all(text, " ".join(tokens[start:start + size]))
            if found and (size > 1 or tokens[start][:1].isupper()):
                return found[0]
    return None


_KIND_RANK = {"place": 0, "country": 1}


def _actor_at(record: Record, span: tuple[int, int]) -> Actor | None:
    """Our actor with the mention that best covers ``span``: most shared characters, then an agent
    (person, group, organisation) before a country before a place ("rebels in Darfur" are the
    rebels), then the tightest mention."""
    best, key = None, (0, 0, 0, 0)
    for actor in record.actors:
        if actor.kind == "place" and not actor.country:
            continue
        for m in actor.mentions:
            if overlaps((m.start, m.end), span):
                shared = min(m.end, span[1]) - max(m.start, span[0])
                candidate = (min(shared, 4), _KIND_RANK.get(actor.kind, 2), shared, -(m.end - m.start))
                if best is None or candidate > key:
                    best, key = actor, candidate
    return best


def _code_of(actor: Actor | None) -> str | None:
    """The comparable primary code: the country, else IGO/NGO-like group of an organisation."""
    if actor is None:
        return None
    if actor.country:
        return actor.country
    return "IGO" if actor.sector == "IGO" else ("NGO" if actor.kind in ("organization", "group") else None)


def _sector_of(actor: Actor | None, lexicon: Lexicon) -> str | None:
    """Our sector in the records' terms: a town we keep as a place they code as its people (CVL),
    and an international body, or one of its officers, by what it does: the function our code
    carries after the organisation's own (IGOUNOUSC + GOV for the Security Council)."""
    if actor is None:
        return None
    if actor.sector is None and actor.kind == "place" and actor.country:
        return "CVL"
    code = actor.code or ""
    if actor.sector in GROUPS and code[:-3] in lexicon.organizations and code[-3:] in lexicon.sectors:
        return code[-3:]
    return actor.sector


def _chosen_event(record: Record, triggers: tuple[tuple[int, int], ...]) -> Event | None:
    typed = [e for e in record.events if e.plover is not None]
    at_trigger = [e for e in typed if any(overlaps((e.trigger.start, e.trigger.end), t) for t in triggers)]
    pool = at_trigger or typed
    if not pool:
        return None
    return max(pool, key=lambda e: (e.modality == "asserted", e.confidence, -e.trigger.start))


def _event_triples(record: Record, event: Event | None) -> frozenset[tuple[str, str | None, str]]:
    if event is None or event.plover is None:
        return frozenset()
    by_id = {a.id: a for a in record.actors}

    def codes(ids: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(c for c in (_code_of(by_id.get(i)) for i in ids) if c))

    triples = _triples(codes(event.source), codes(event.target), event.symmetric, event.plover.type)
    if event.symmetric:  # a joint act goes both ways, as the records' reciprocal actors do
        triples |= {(t, s, kind) for s, t, kind in triples if t is not None}
    return triples


@dataclass(frozen=True, slots=True)
class SentenceScore:
    id: str
    country: Accuracy = Accuracy()
    international: Accuracy = Accuracy()
    sector: Accuracy = Accuracy()
    found: Accuracy = Accuracy()
    type: Accuracy = Accuracy()
    dyads: LayerScore = LayerScore()
    gold_type: str = ""
    predicted_type: str | None = None
    wrong_actors: tuple[str, ...] = ()

    def __add__(self, other: SentenceScore) -> SentenceScore:
        return SentenceScore(
            "total", self.country + other.country, self.international + other.international,
            self.sector + other.sector, self.found + other.found, self.type + other.type,
            self.dyads + other.dyads)


def score_sentence(gold: CodedSentence, record: Record, lexicon: Lexicon) -> SentenceScore:
    """Compare one extracted sentence with its gold coding."""
    country, international, sector, found, wrong = [], [], [], [], []
    for ref in gold.actors:
        span = _span_of(gold.text, ref.text)
        ours = _actor_at(record, span) if span else None
        found.append(ours is not None)
        code = _code_of(ours)
        if ref.code in lexicon.countries:
            country.append(code == ref.code)
        elif ref.code in GROUPS:
            international.append(ours is not None and not ours.country and ours.kind != "place")
        our_sector = _sector_of(ours, lexicon)
        if ref.sector and ref.sector != "***":
            sector.append(ours is not None and our_sector == ref.sector)
        if ours is None or (ref.code in lexicon.countries and code != ref.code) or (
                ref.sector and our_sector != ref.sector):
            got = "-" if ours is None else f"{ours.name}={code or '?'}/{our_sector or '?'}"
            wrong.append(f"{ref.text}={ref.code}/{ref.sector or '?'} got {got}")
    event = _chosen_event(record, gold.triggers)
    predicted = event.plover.type if event and event.plover else None
    gold_triples, ours_triples = gold.triples(), _event_triples(record, event)
    dyads = LayerScore(len(gold_triples & ours_triples), len(ours_triples - gold_triples),
                       len(gold_triples - ours_triples))
    return SentenceScore(gold.id, Accuracy.of(country), Accuracy.of(international), Accuracy.of(sector),
                         Accuracy.of(found), Accuracy.of([predicted == gold.type]), dyads, gold.type,
                         predicted, tuple(wrong))


@dataclass(frozen=True, slots=True)
class PloverReport:
    """Per-sentence scores and their totals (counts summed first)."""

    sentences: tuple[SentenceScore, ...] = field(default=())

    @property
    def total(self) -> SentenceScore:
        return reduce(lambda a, b: a + b, self.sentences, SentenceScore("total"))

    def to_dict(self) -> dict[str, Any]:
        t = self.total
        return {"total": {"actors-country": t.country.to_dict(), "actors-international": t.international.to_dict(),
                          "actors-sector": t.sector.to_dict(), "actors-found": t.found.to_dict(),
                          "event-type": t.type.to_dict(), "dyads": t.dyads.to_dict()},
                "sentences": [{"id": s.id, "gold": s.gold_type, "predicted": s.predicted_type,
                               "wrong_actors": list(s.wrong_actors)} for s in self.sentences],
                "confusion": self.confusion.to_dict()}

    def format_table(self) -> str:
        t = self.total
        lines = [f"PLOVER gold records ({len(self.sentences)} sentences)",
                 f"{'figure':<22}{'value':>7}{'n':>6}", "-" * 35]
        for label, acc in (("actors: country", t.country), ("actors: international", t.international),
                           ("actors: sector", t.sector), ("actors: found", t.found), ("event type", t.type)):
            lines.append(f"{label:<22}{_figure(acc.value):>7}{acc.n:>6}")
        d = t.dyads
        lines.append(f"{'dyads P/R/F1':<22}{_figure(d.f1):>7}{d.tp + d.fn:>6}   "
                     f"P {_figure(d.precision)} R {_figure(d.recall)}")
        return "\n".join(lines)

    @property
    def confusion(self) -> Confusion:
        return Confusion.of((s.gold_type, s.predicted_type) for s in self.sentences)

    def format_detail(self) -> str:
        """The confusion by event type, then every sentence with a wrong type or actor."""
        lines = [self.confusion.format("PLOVER event type: gold (rows) against ours (columns)"), "",
                 "sentences with a wrong type or actor"]
        for s in self.sentences:
            if s.predicted_type != s.gold_type or s.wrong_actors:
                lines.append(f"  {s.id}: {s.gold_type} -> {s.predicted_type or 'none'}; "
                             + "; ".join(s.wrong_actors))
        return "\n".join(lines)


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def evaluate_plover(path: str | Path, extract: Extract, lexicon: Lexicon | None = None) -> PloverReport:
    """Extract every gold sentence alone and score it; the file is checked before any extraction."""
    sentences = load_plover_gsr(path)
    lex = lexicon or load_lexicon()
    return PloverReport(tuple(score_sentence(s, extract(s.text, None), lex) for s in sentences))


__all__ = ["CodedSentence", "GoldActorRef", "PloverReport", "SentenceScore", "evaluate_plover",
           "load_plover_gsr", "score_sentence"]
