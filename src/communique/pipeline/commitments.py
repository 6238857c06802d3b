"""Commitments: agreements, policies, targets, promises and indicators as records.

A first version built from what the earlier stages found:

* **agreement**: a signing event (057) with the instruments counted in its
  sentence ("9 MOUs"); status signed, or proposed when not asserted;
* **policy**: a sentence with a policy cue from ``data/commitments.tsv``
  ("without visa", "visa-free", "sanctions", "tariffs", "ban"): granted by
  the country the sentence points to ("travel to Kazakhstan"), for the group
  it names ("Iranian citizens"), with its durations as limits;
* **target**: a money or percent quantity reached "to" by a verb of increase
  ("increase trade to $3 billion");
* **promise**: a future or intended act of an actor (a visit, an intent to
  meet or cooperate, a pledge);
* **indicator**: a percent change reported with a verb of change ("trade
  increased by more than 50 percent").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources as importlib_resources

from ..model import Actor, Commitment, Event, Quantity, Sentence, Span
from ..settings import Settings
from .runner import Analysis, Resources, Stage


@dataclass(frozen=True)
class _Cues:
    policy: tuple[tuple[str, str], ...]  # (cue, what)
    change: frozenset[str]
    instruments: frozenset[str]


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    text = importlib_resources.files("communique.pipeline").joinpath("data/commitments.tsv").read_text("utf-8")
    policy: list[tuple[str, str]] = []
    change: set[str] = set()
    instruments: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, cue, *rest = line.split("\t")
        if kind == "policy":
            policy.append((cue, rest[0] if rest else cue))
        elif kind == "change":
            change.add(cue)
        elif kind == "instrument":
            instruments.add(cue)
    return _Cues(tuple(policy), frozenset(change), frozenset(instruments))


def _in(sentence: Sentence, start: int) -> bool:
    return sentence.start <= start < sentence.end


def _actors_in(actors: Sequence[Actor], sentence: Sentence, kinds: set[str]) -> list[Actor]:
    return [a for a in actors if a.kind in kinds and any(_in(sentence, m.start) for m in a.mentions)]


def find_commitments(
    text: str, sentences: Sequence[Sentence], actors: Sequence[Actor], events: Sequence[Event],
    quantities: Sequence[Quantity],
) -> tuple[Commitment, ...]:
    cues = _cues()
    out: list[Commitment] = []
    for e in events:
        s = sentences[e.sentence]
        if e.cameo.startswith("057"):
            counted = [q for q in quantities if q.sentence == e.sentence and q.kind == "count"
                       and (q.unit or "").lower() in cues.instruments]
            what = counted[0].text if counted else _instrument(text[s.start:s.end], cues.instruments)
            out.append(Commitment("", "agreement", what, by=(*e.source, *e.target),
                                  quantities=tuple(q.id for q in counted),
                                  status="signed" if e.modality == "asserted" else "proposed",
                                  date=e.date, events=(e.id,), evidence=(Span(s.start, s.end),)))
        elif e.modality in {"future", "intended"} and e.cameo[:2] in {"03", "04"} and e.cameo != "0311":
            out.append(Commitment("", "promise", _act(text, s, e), by=e.source, for_=e.target,
                                  status="promised", events=(e.id,), evidence=(Span(s.start, s.end),)))
    for s in sentences:
        body = text[s.start:s.end]
        lower = body.lower()
        here = [q for q in quantities if q.sentence == s.index]
        policy = next(((cue, what) for cue, what in cues.policy if cue in lower), None)
        if policy:
            out.append(_policy(policy[1], s, body, actors, here, events))
        changing = any(w in lower.split() or w in lower for w in cues.change)
        for q in here:
            if q.kind in {"money", "percent"} and changing and f"to {q.text}" in body:
                out.append(_about(Commitment("", "target", q.about or "value", quantities=(q.id,),
                                             status="proposed", evidence=(Span(s.start, s.end),)),
                                  s, actors, events))
            elif q.kind == "percent" and changing:
                out.append(_about(Commitment("", "indicator", q.about or "change", quantities=(q.id,),
                                             status="reported", evidence=(Span(s.start, s.end),)),
                                  s, actors, events))
    return tuple(replace(c, id=f"C{n}") for n, c in enumerate(_merged(out), 1))


def _act(text: str, s: Sentence, e: Event) -> str:
    """The promised act as written: the trigger to the end of its clause, at most ten words
    ("travel to Kazakhstan at the appropriate time"); the CAMEO label when the trigger is not in the text."""
    start = e.trigger.start
    if not (s.start <= start < s.end) or e.trigger.end <= start:
        return e.cameo_label or e.trigger.text
    clause = re.split(r"[.,;:!?“”\"()]|\s[—–]\s", text[start:s.end], maxsplit=1)[0]
    words = clause.split()[:10]
    return " ".join(words) or e.cameo_label or e.trigger.text


def _merged(found: list[Commitment]) -> list[Commitment]:
    """One record per policy, target or indicator reported more than once (same kind and ``what``):
    the first report's parties (else a later one's), every report's quantities, events and evidence."""
    out: list[Commitment] = []
    for c in found:
        same = next((i for i, o in enumerate(out) if c.kind in {"policy", "target", "indicator"}
                     and o.kind == c.kind and o.what == c.what), None)
        if same is None:
            out.append(c)
            continue
        o = out[same]
        out[same] = replace(
            o, by=o.by or c.by, for_=o.for_ or c.for_, status=o.status or c.status, date=o.date or c.date,
            quantities=tuple(dict.fromkeys((*o.quantities, *c.quantities))),
            events=tuple(dict.fromkeys((*o.events, *c.events))),
            evidence=tuple(dict.fromkeys((*o.evidence, *c.evidence))))
    return out


def _instrument(sentence: str, instruments: frozenset[str]) -> str:
    """The first instrument noun of a sentence ("agreement", "memorandum"), else "agreement"."""
    for word in sentence.lower().replace(",", " ").split():
        if word.rstrip("s") in instruments or word in instruments:
            return word
    return "agreement"


def _policy(what: str, s: Sentence, body: str, actors: Sequence[Actor], quantities: Sequence[Quantity],
            events: Sequence[Event]) -> Commitment:
    groups = _actors_in(actors, s, {"group"})
    countries = _actors_in(actors, s, {"country"})
    grantor = next((a for a in countries for m in a.mentions
                    if _in(s, m.start) and body[max(0, m.start - s.start - 3):m.start - s.start].strip() == "to"),
                   countries[0] if countries else None)
    limits = tuple(q.id for q in quantities if q.kind == "duration")
    future = " will " in f" {body.lower()} "
    return Commitment("", "policy", what, by=(grantor.id,) if grantor else (),
                      for_=tuple(g.id for g in groups), quantities=limits,
                      status="announced" if future else "in force",
                      events=tuple(e.id for e in events if e.sentence == s.index),
                      evidence=(Span(s.start, s.end),))


def _about(c: Commitment, s: Sentence, actors: Sequence[Actor], events: Sequence[Event]) -> Commitment:
    """Parties of a target or indicator: the countries of its sentence, else of the whole text."""
    here = _actors_in(actors, s, {"country"})
    if len(here) < 2:
        counts = sorted((a for a in actors if a.kind == "country" and not a.sector),
                        key=lambda a: -len(a.mentions))
        here = counts[:2]
    return replace(c, by=tuple(a.id for a in here),
                   events=tuple(e.id for e in events if e.sentence == s.index))


def commitments(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    found = find_commitments(analysis.document.text, analysis.sentences, analysis.actors,
                             analysis.events, analysis.quantities)
    return replace(analysis, commitments=found)


STAGE = Stage("commitments/1", requires=("actors", "events", "quantities"), provides=("commitments",),
              run=commitments)
