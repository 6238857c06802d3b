"""Score one predicted :class:`~communique.model.Record` against one :class:`Gold`.

The rules are those of ``eval/GOLD-FORMAT.md`` ("Scoring"); where the format
leaves a choice open, the choice is written beside the code that makes it.
Spans are always located in the *predicted* record's ``document.text``, the
text its offsets refer to.

One convention runs through every layer: gold items and predictions are
paired one-to-one; ``tp`` counts paired gold items, ``fn`` unpaired gold
items, and ``fp`` predictions that match no gold item at all. A prediction
left over after pairing that would have matched some gold item (a repeat, a
split quote, another acceptable code) counts neither way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from ..model import Actor, Record
from .events import EventDetail, score_events
from .gold import Gold, GoldActor
from .metrics import (
    Accuracy,
    LayerScore,
    find_all,
    max_matching,
    overlaps,
    same_text,
    token_overlap,
)

#: A predicted quote matches a gold quote (or a ``not_quotes`` entry) when
#: their tokens overlap by at least this share of the shorter one.
QUOTE_OVERLAP = 0.5
#: Relative tolerance for quantity values.
VALUE_TOLERANCE = 1e-6

#: Row labels, in table order, for the fields of :class:`Scores`.
LABELS = {
    "actors": "actors", "sector": "sector", "events_root": "events-root",
    "events_exact": "events-exact", "plover": "plover", "modality": "modality",
    "dates": "dates", "quotes": "quotes", "speakers": "speakers",
    "quantities": "quantities", "commitments": "commitments", "dateline": "dateline",
    "publisher": "publisher", "license": "license",
}


@dataclass(frozen=True, slots=True)
class Scores:
    """Every layer's counts for one document, or summed over many (micro-average)."""

    actors: LayerScore = field(default_factory=LayerScore)
    sector: Accuracy = field(default_factory=Accuracy)
    events_root: LayerScore = field(default_factory=LayerScore)
    events_exact: LayerScore = field(default_factory=LayerScore)
    plover: LayerScore = field(default_factory=LayerScore)
    modality: Accuracy = field(default_factory=Accuracy)
    dates: Accuracy = field(default_factory=Accuracy)
    quotes: LayerScore = field(default_factory=LayerScore)
    speakers: Accuracy = field(default_factory=Accuracy)
    quantities: LayerScore = field(default_factory=LayerScore)
    commitments: LayerScore = field(default_factory=LayerScore)
    dateline: Accuracy = field(default_factory=Accuracy)
    publisher: Accuracy = field(default_factory=Accuracy)
    license: Accuracy = field(default_factory=Accuracy)

    def rows(self) -> list[tuple[str, LayerScore | Accuracy]]:
        """(label, score) for every layer, in table order."""
        return [(LABELS[f.name], getattr(self, f.name)) for f in fields(self)]

    def __add__(self, other: Scores) -> Scores:
        return Scores(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                         for f in fields(self)})

    def to_dict(self) -> dict[str, Any]:
        return {label: score.to_dict() for label, score in self.rows()}


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """The scores of one document and the event tuples it missed or invented."""

    name: str
    scores: Scores
    detail: tuple[EventDetail, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "scores": self.scores.to_dict(),
                "detail": [d.to_dict() for d in self.detail]}


# ---------------------------------------------------------------- actors


def _surface_spans(text: str, actor: GoldActor) -> list[tuple[int, int]]:
    """Every occurrence of every surface form of a gold actor."""
    return [span for form in actor.surface_forms for span in find_all(text, form)]


def _hits(predicted: Actor, gold: GoldActor, spans: list[tuple[int, int]]) -> int:
    """How many of a predicted actor's mentions fall on the gold actor (0 if countries differ)."""
    if predicted.country != gold.country:
        return 0
    return sum(1 for m in predicted.mentions if any(overlaps((m.start, m.end), s) for s in spans))


def score_actors(record: Record, gold: Gold) -> tuple[LayerScore, Accuracy]:
    """Actor P/R/F1 and sector accuracy.

    A gold actor is found when a predicted actor with the same country has a
    mention overlapping one of its surface forms. A predicted actor that finds
    no gold actor is a false positive; several predicted actors finding the
    same gold actor count once. Sector is judged on the predicted actor with
    the most mentions on the gold actor (the first one on a tie).
    """
    text = record.document.text
    found = 0
    sectors: list[bool] = []
    useful: set[int] = set()
    for gold_actor in gold.actors:
        spans = _surface_spans(text, gold_actor)
        hits = [(_hits(p, gold_actor, spans), -i, i) for i, p in enumerate(record.actors)]
        hits = [h for h in hits if h[0] > 0]
        if not hits:
            continue
        found += 1
        useful.update(i for _, _, i in hits)
        if gold_actor.sector is not None:
            best = record.actors[max(hits)[2]]
            sectors.append(best.sector == gold_actor.sector)
    score = LayerScore(found, len(record.actors) - len(useful), len(gold.actors) - found)
    return score, Accuracy.of(sectors)


# ---------------------------------------------------------------- quotes


def _speaker_names(record: Record, actor_id: str | None) -> list[str]:
    actor = record.actor(actor_id)
    return [] if actor is None else [actor.name, *(m.text for m in actor.mentions)]


def score_quotes(record: Record, gold: Gold) -> tuple[LayerScore, Accuracy]:
    """Quote span P/R/F1 and speaker accuracy over matched quotes.

    Indirect predicted quotes are left out: the gold lists direct quotations
    only. A predicted quote that matches a ``not_quotes`` entry at least as
    well as any gold quote is a false positive and pairs with nothing.
    """
    predicted = [q for q in record.quotes if q.kind != "indirect"]
    overlap = [[token_overlap(g.text, p.text) for p in predicted] for g in gold.quotes]
    not_quote = [
        max((token_overlap(p.text, n) for n in gold.not_quotes), default=0.0) >= max(
            [QUOTE_OVERLAP] + [row[j] for row in overlap])
        for j, p in enumerate(predicted)
    ]

    def compatible(i: int, j: int) -> bool:
        return not not_quote[j] and overlap[i][j] >= QUOTE_OVERLAP

    def closeness(i: int, j: int) -> float:
        return overlap[i][j]

    matching = max_matching(len(gold.quotes), len(predicted), compatible, closeness)
    used = set(matching.values())
    fp = sum(1 for j in range(len(predicted)) if j not in used and (
        not_quote[j] or not any(compatible(i, j) for i in range(len(gold.quotes)))))
    speakers: list[bool] = []
    for i, j in matching.items():
        gold_speaker = gold.actor(gold.quotes[i].speaker)
        if gold_speaker is None:
            continue
        names = _speaker_names(record, predicted[j].speaker)
        speakers.append(any(same_text(n, f) for n in names for f in gold_speaker.surface_forms))
    return (LayerScore(len(matching), fp, len(gold.quotes) - len(matching)),
            Accuracy.of(speakers))


# ---------------------------------------------------------------- quantities


def score_quantities(record: Record, gold: Gold) -> LayerScore:
    """A predicted quantity matches when its span overlaps an occurrence of the
    gold text and its value (relative tolerance 1e-6) and unit (ignoring case)
    are equal."""
    text = record.document.text
    occurrences = [find_all(text, g.text) for g in gold.quantities]
    predicted = record.quantities

    def compatible(i: int, j: int) -> bool:
        g, p = gold.quantities[i], predicted[j]
        return (p.value is not None
                and math.isclose(float(p.value), g.value, rel_tol=VALUE_TOLERANCE)
                and same_text(p.unit, g.unit)
                and any(overlaps((p.start, p.end), span) for span in occurrences[i]))

    matching = max_matching(len(gold.quantities), len(predicted), compatible)
    used = set(matching.values())
    fp = sum(1 for j in range(len(predicted)) if j not in used
             and not any(compatible(i, j) for i in range(len(gold.quantities))))
    return LayerScore(len(matching), fp, len(gold.quantities) - len(matching))


# ---------------------------------------------------------------- commitments


def score_commitments(record: Record, gold: Gold) -> LayerScore:
    """Same ``kind`` and at least one party country in common (parties are ``by``
    and ``for`` together); with no party country on either side, the kind alone
    decides. Matching is one to one: a second record of the same commitment is a
    false positive, since repeated reports are to be merged into one."""
    def gold_countries(ids: tuple[str, ...]) -> frozenset[str]:
        return frozenset(c for a in ids if (c := gold.country(a)) is not None)

    def predicted_countries(ids: tuple[str, ...]) -> frozenset[str]:
        actors = (record.actor(a) for a in ids)
        return frozenset(a.country for a in actors if a is not None and a.country is not None)

    golds = [(c.kind, gold_countries((*c.by, *c.for_))) for c in gold.commitments]
    preds = [(c.kind, predicted_countries((*c.by, *c.for_))) for c in record.commitments]

    def compatible(i: int, j: int) -> bool:
        (gk, gc), (pk, pc) = golds[i], preds[j]
        return gk == pk and (bool(gc & pc) or (not gc and not pc))

    matching = max_matching(len(golds), len(preds), compatible)
    return LayerScore(len(matching), len(preds) - len(matching), len(golds) - len(matching))


# ---------------------------------------------------------------- document


def score_record(record: Record, gold: Gold, name: str = "") -> DocumentScore:
    """Score every layer of one predicted record against its gold."""
    actors, sector = score_actors(record, gold)
    quotes, speakers = score_quotes(record, gold)
    events = score_events(record, gold)
    doc, want = record.document, gold.document
    scores = Scores(
        actors=actors, sector=sector,
        events_root=events.root, events_exact=events.exact, plover=events.plover,
        modality=events.modality, dates=events.dates,
        quotes=quotes, speakers=speakers,
        quantities=score_quantities(record, gold),
        commitments=score_commitments(record, gold),
        dateline=Accuracy.of([same_text(doc.dateline, want.dateline)]),
        publisher=Accuracy.of([same_text(doc.publisher, want.publisher)]),
        license=Accuracy.of([same_text(doc.license, want.license)]),
    )
    return DocumentScore(name or gold.document.file or gold.path, scores, events.detail)


__all__ = ["LABELS", "DocumentScore", "Scores", "score_actors", "score_commitments",
           "score_quantities", "score_quotes", "score_record"]
