"""Where, when and against whom: the context an event takes from its document.

* the document's two principal countries and their leaders ("the two
  countries"), and whether the report is really bilateral (then an event
  without a named target is aimed at the other one of the two);
* a place as a target stands for its country;
* an event's place (a place named with "in", "at", "to" in its sentence) and
  date (the nearest date of its sentence, else the story's date for an
  asserted event).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Actor, Sentence
from .dates import DateMention

if TYPE_CHECKING:
    from spacy.tokens import Doc


def principal(actors: Sequence[Actor]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two most mentioned countries (their country actors) and leaders of two countries."""
    weight: Counter[str] = Counter()
    for a in actors:
        if a.country and a.kind in {"country", "person"}:
            weight[a.country] += len(a.mentions)
    top = [c for c, _ in weight.most_common(2)]
    countries = []
    for iso in top:
        pick = (next((a for a in actors if a.kind == "country" and a.country == iso and not a.sector), None)
                or next((a for a in actors if a.kind == "country" and a.country == iso), None))
        if pick:
            countries.append(pick.id)
    leaders: list[str] = []
    for iso in top:
        people = sorted((a for a in actors if a.kind == "person" and a.country == iso and a.sector == "GOV"),
                        key=lambda a: -len(a.mentions))
        if people:
            leaders.append(people[0].id)
    return (tuple(countries) if len(countries) == 2 else ()), (tuple(leaders) if len(leaders) == 2 else ())


def bilateral(actors: Sequence[Actor], pair: tuple[str, ...], share: float = 1 / 3) -> tuple[str, ...]:
    """The principal pair when the report is really about two countries, else nothing: both named
    at least twice and no third country with more than ``share`` of the second one's mentions (a
    mediator, a neighbour drawn in). Only then has an event without a named target an implied one."""
    if len(pair) != 2:
        return ()
    weight: Counter[str] = Counter()
    for a in actors:
        if a.country:
            weight[a.country] += len(a.mentions)
    ranked = weight.most_common(3)
    if len(ranked) < 2 or ranked[1][1] < 2 or (len(ranked) == 3 and ranked[2][1] > share * ranked[1][1]):
        return ()
    by_id = {a.id: a for a in actors}
    return pair if {by_id[i].country for i in pair} == {ranked[0][0], ranked[1][0]} else ()


def other_side(src_ids: tuple[str, ...], tgt_ids: tuple[str, ...], by_id: dict[str, Actor]) -> tuple[str, ...]:
    """Drop targets of the source's own country when targets of another country remain."""
    own = {by_id[i].country for i in src_ids}
    others = tuple(i for i in tgt_ids if by_id[i].country not in own)
    return others or tgt_ids


def counterpart(src_ids: tuple[str, ...], pair: tuple[str, ...], by_id: dict[str, Actor]) -> tuple[str, ...]:
    """In a report about two countries, the country on the other side from the source."""
    if len(pair) != 2:
        return ()
    own = {by_id[i].country for i in src_ids}
    other = [i for i in pair if by_id[i].country not in own]
    return tuple(other) if len(other) == 1 and len(own & {by_id[i].country for i in pair}) == 1 else ()


def country_for_place(actor_id: str, by_id: dict[str, Actor], actors: Sequence[Actor]) -> str:
    """A place as a target stands for its country (its country actor when the text has one)."""
    a = by_id[actor_id]
    if a.kind != "place" or not a.country:
        return actor_id
    country = next((x for x in actors if x.kind == "country" and x.country == a.country and not x.sector), None)
    return country.id if country else actor_id


def location(doc: Doc, sentence: Sentence, places: Sequence[Actor]) -> str | None:
    for place in places:
        for m in place.mentions:
            if sentence.start <= m.start < sentence.end and m.start > 0:
                tok = doc.char_span(m.start, m.end, alignment_mode="expand")
                if tok is not None and tok.root.head.lower_ in {"in", "at", "to"}:
                    return place.id
    return None


def anchor_date(dates: Sequence[DateMention], sentences: Sequence[Sentence], published: str | None) -> str | None:
    """The story's date: the first resolved date of its lead, else the publication date."""
    lead_end = sentences[min(1, len(sentences) - 1)].end if sentences else 0
    for d in dates:
        if d.start < lead_end and d.date:
            return d.date
    return published


def event_date(dates: Sequence[DateMention], sentence: Sentence, char: int, modality: str,
                anchor: str | None) -> tuple[str | None, str | None]:
    inside = [d for d in dates if sentence.start <= d.start < sentence.end]
    if inside:
        nearest = min(inside, key=lambda d: abs(d.start - char))
        return nearest.date, nearest.text
    return (anchor, None) if modality == "asserted" else (None, None)
