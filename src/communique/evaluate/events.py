"""Event scoring: sets of ``(source country, target country, code)`` tuples.

How the rules of ``eval/GOLD-FORMAT.md`` are applied, level by level
(``root``: the two-digit CAMEO root; ``exact``: the CAMEO code; ``plover``:
the PLOVER type):

- Every gold event gives one *unit* per direction: the product of its source
  and target actors' countries (an actor without a country, or a missing
  target, counts as null), plus the reversed pairs when ``symmetric``. A unit
  accepts a set of codes: at ``root`` the roots of all acceptable codes, at
  ``exact`` the acceptable codes and the three-digit parent of the first, at
  ``plover`` the acceptable types. Units with the same direction and the same
  preferred code collapse into one (repeated reports of one tuple).
- A predicted event gives one tuple per (source actor, target actor) pair,
  both directions when it is symmetric; identical tuples collapse.
- Required units and predicted tuples are paired one-to-one (maximum
  matching) when the direction agrees and the unit accepts the code.
  ``tp`` = paired units, ``fn`` = unpaired required units, ``fp`` = predicted
  tuples that no gold unit accepts. An unpaired prediction that some unit
  accepts is neither: another acceptable code of a matched event, a repeat,
  or an ``optional`` event.
- Modality and date accuracy are taken over required gold events that some
  predicted event matches at ``root`` level; when several do, one that also
  matches at ``exact`` level is preferred, then the one whose trigger lies
  nearest the gold ``sentence`` fragment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Event, Record
from .gold import Gold, GoldEvent
from .metrics import Accuracy, LayerScore, find_all, max_matching

LEVELS = ("root", "exact", "plover")

Pair = tuple[str | None, str | None]


@dataclass(frozen=True, slots=True)
class TupleRef:
    """One gold unit or predicted tuple, with the event ids behind it."""

    source: str | None
    target: str | None
    code: str
    events: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "code": self.code,
                "events": list(self.events)}


@dataclass(frozen=True, slots=True)
class EventDetail:
    """What one level missed and what it predicted wrongly, for ``--detail``."""

    level: str
    missed: tuple[TupleRef, ...] = ()
    spurious: tuple[TupleRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "missed": [m.to_dict() for m in self.missed],
                "spurious": [s.to_dict() for s in self.spurious]}


@dataclass(frozen=True, slots=True)
class EventScores:
    root: LayerScore
    exact: LayerScore
    plover: LayerScore
    modality: Accuracy
    dates: Accuracy
    detail: tuple[EventDetail, ...]


@dataclass(frozen=True, slots=True)
class _Unit:
    pair: Pair
    preferred: str
    accepts: frozenset[str]
    optional: bool
    events: tuple[str, ...]


def _gold_codes(level: str, event: GoldEvent) -> tuple[str, frozenset[str]] | None:
    """(preferred, accepted) codes of a gold event at one level, None if not coded."""
    if level == "root":
        return event.cameo[0][:2], frozenset(c[:2] for c in event.cameo)
    if level == "exact":
        return event.cameo[0], frozenset((*event.cameo, event.cameo[0][:3]))
    if not event.plover:
        return None
    return event.plover[0], frozenset(event.plover)


def _predicted_code(level: str, event: Event) -> str | None:
    if level == "plover":
        return event.plover.type.upper() if event.plover and event.plover.type else None
    if not event.cameo:
        return None
    return event.cameo[:2] if level == "root" else event.cameo


def _pairs(sources: list[str | None], targets: list[str | None], symmetric: bool) -> list[Pair]:
    pairs: list[Pair] = []
    for s in sources or [None]:
        for t in targets or [None]:
            pairs.append((s, t))
            if symmetric:
                pairs.append((t, s))
    return list(dict.fromkeys(pairs))


def gold_units(gold: Gold, level: str) -> list[_Unit]:
    """The collapsed gold units of one level, in gold order."""
    units: dict[tuple[Pair, str], _Unit] = {}
    for event in gold.events:
        codes = _gold_codes(level, event)
        if codes is None:
            continue
        preferred, accepts = codes
        pairs = _pairs([gold.country(a) for a in event.source],
                       [gold.country(a) for a in event.target], event.symmetric)
        for pair in pairs:
            old = units.get((pair, preferred))
            if old is None:
                units[(pair, preferred)] = _Unit(pair, preferred, accepts, event.optional,
                                                 (event.id,))
            else:
                units[(pair, preferred)] = _Unit(pair, preferred, old.accepts | accepts,
                                                 old.optional and event.optional,
                                                 (*old.events, event.id))
    return list(units.values())


def _countries(record: Record, ids: tuple[str, ...]) -> list[str | None]:
    countries: list[str | None] = []
    for actor_id in ids:
        actor = record.actor(actor_id)
        countries.append(actor.country if actor else None)
    return countries


def predicted_tuples(record: Record, level: str) -> list[TupleRef]:
    """The collapsed predicted tuples of one level, sorted."""
    found: dict[tuple[Pair, str], tuple[str, ...]] = {}
    for event in record.events:
        code = _predicted_code(level, event)
        if code is None:
            continue
        pairs = _pairs(_countries(record, event.source), _countries(record, event.target),
                       event.symmetric)
        for pair in pairs:
            found[(pair, code)] = (*found.get((pair, code), ()), event.id)
    return [TupleRef(s, t, code, ids) for ((s, t), code), ids
            in sorted(found.items(), key=lambda kv: (str(kv[0][0]), kv[0][1]))]


def _accepts(unit: _Unit, t: TupleRef) -> bool:
    return unit.pair == (t.source, t.target) and t.code in unit.accepts


def score_level(record: Record, gold: Gold, level: str) -> tuple[LayerScore, EventDetail]:
    """Tuple precision/recall at one level, with the missed and spurious tuples."""
    units = gold_units(gold, level)
    required = [u for u in units if not u.optional]
    predicted = predicted_tuples(record, level)
    matching = max_matching(len(required), len(predicted),
                            lambda i, j: _accepts(required[i], predicted[j]))
    used = set(matching.values())
    missed = tuple(TupleRef(u.pair[0], u.pair[1], u.preferred, u.events)
                   for i, u in enumerate(required) if i not in matching)
    spurious = tuple(t for j, t in enumerate(predicted)
                     if j not in used and not any(_accepts(u, t) for u in units))
    return (LayerScore(len(matching), len(spurious), len(missed)),
            EventDetail(level, missed, spurious))


def _anchor(text: str, event: GoldEvent) -> tuple[int, int] | None:
    spans = find_all(text, event.sentence) if event.sentence else []
    return spans[0] if spans else None


def _distance(event: Event, anchor: tuple[int, int] | None) -> int:
    if anchor is None:
        return 0
    start = event.trigger.start
    return 0 if anchor[0] <= start < anchor[1] else min(abs(start - anchor[0]),
                                                        abs(start - anchor[1]))


def _candidates(record: Record, units: list[_Unit], level: str) -> list[Event]:
    return [e for e in record.events
            if any(_accepts(u, t) for u in units
                   for t in predicted_tuples(_only(record, e), level))]


def matched_events(record: Record, gold: Gold) -> list[tuple[GoldEvent, Event]]:
    """Each required gold event matched at root level, with the predicted event judged.

    Predicted events that match the gold event's own units at ``exact`` level
    are preferred; among equals, the trigger nearest the gold fragment wins.
    """
    units = {level: gold_units(gold, level) for level in ("exact", "root")}
    pairs: list[tuple[GoldEvent, Event]] = []
    for gold_event in (e for e in gold.events if not e.optional):
        for level in ("exact", "root"):
            own = [u for u in units[level] if gold_event.id in u.events]
            candidates = _candidates(record, own, level)
            if candidates:
                anchor = _anchor(record.document.text, gold_event)
                best = min(candidates, key=lambda e: (_distance(e, anchor), e.trigger.start))
                pairs.append((gold_event, best))
                break
    return pairs


def _only(record: Record, event: Event) -> Record:
    return Record(document=record.document, actors=record.actors, events=(event,))


def score_events(record: Record, gold: Gold) -> EventScores:
    """All event layers of one document."""
    scored = {level: score_level(record, gold, level) for level in LEVELS}
    pairs = matched_events(record, gold)
    return EventScores(
        root=scored["root"][0], exact=scored["exact"][0], plover=scored["plover"][0],
        modality=Accuracy.of([p.modality == g.modality for g, p in pairs if g.modality]),
        dates=Accuracy.of([p.date == g.date for g, p in pairs if g.date]),
        detail=tuple(scored[level][1] for level in LEVELS),
    )


__all__ = ["LEVELS", "EventDetail", "EventScores", "TupleRef", "gold_units", "matched_events",
           "predicted_tuples", "score_events", "score_level"]
