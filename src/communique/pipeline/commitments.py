"""Commitments: agreements, policies, targets, promises and indicators as records.

Built from what the earlier stages found and from the parse (rules over the parse in
:mod:`.commitment_clauses`; every cue is data in ``data/commitments.tsv``):

* **agreement**: a signing event (057) with the instruments counted in its sentence ("9 MOUs"); joint
  parties that "agreed to" act; an instrument reached, brokered, in force or wanted ("a ceasefire brokered
  by Moscow", "want it governed by a binding agreement"); "the agreement" later is the same one;
* **policy**: an act of state reported for itself ("expelled six diplomats", "would recall its ambassador",
  "a decision to reduce visas"), or a sentence with a policy cue ("without visa", "sanctions on"): by the
  actor that acts or grants, for the group it names, with its rates and durations;
* **target**: a money or percent quantity reached "to" by a verb of increase, in a sentence that
  wants it (a modal, "aim", "plan", "target"; a past "rose to" is a level reached) ("increase trade to
  $3 billion"), or a wanted change in a measurable thing ("want to expand rail links");
* **promise**: a stated future act with a commitment marker ("will", "pledged to", "intends to") by an
  actor: not a wish for better relations, not an evaluation;
* **indicator**: a percent change reported with a verb of change ("trade increased by more than 50
  percent"), a level reached ("trade exceeded $31 billion"), a death toll ("49 soldiers were killed").

Repeated reports of one commitment (same kind, same parties, same act) are one record with all their
evidence. Example::

    >>> # "Kazakhstan will lift visas for Iranians." -> policy by Kazakhstan, status announced
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from ..errors import LexiconError
from ..model import Actor, Commitment, Event, Quantity, Quote, Sentence, Span
from ..settings import Settings
from . import commitment_clauses as clauses
from .runner import Analysis, Resources, Stage
from .spans import ActorIndex

DATA = "data/commitments.tsv"
#: kind -> (least, most) number of fields after the kind
_FIELDS = {"policy": (1, 2), "change": (1, 1), "instrument": (1, 1), "act": (3, 3), "pledge": (2, 2),
           "accord": (3, 3), "vague": (1, 1), "stative": (1, 1), "same": (2, 2), "measure": (1, 1),
           "grow": (1, 1), "aim": (1, 1), "toll": (2, 2), "level": (1, 1)}


@dataclass(frozen=True)
class Cues:
    policy: tuple[tuple[str, str], ...]  # (cue, what)
    change: frozenset[str]
    levels: frozenset[str]
    measures: frozenset[str]
    grows: frozenset[str]
    aims: frozenset[str]
    tables: clauses.Tables


def parse_cues(text: str, file: str = DATA) -> Cues:
    """Read the cue file; a malformed line raises :class:`LexiconError` with its file and line."""
    rows: dict[str, list[list[str]]] = {k: [] for k in _FIELDS}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, *rest = line.rstrip("\n").split("\t")
        if kind not in _FIELDS:
            raise LexiconError(f"unknown cue kind {kind!r}", file, n)
        least, most = _FIELDS[kind]
        if not least <= len(rest) <= most or not all(r.strip() for r in rest):
            raise LexiconError(f"{kind} takes {least}–{most} non-empty fields, got {len(rest)}", file, n)
        rows[kind].append(rest)
    one = {k: frozenset(r[0] for r in rows[k]) for k in _FIELDS}
    tables = clauses.Tables(
        acts={r[0]: (r[1], r[2]) for r in rows["act"]}, pledges={r[0]: r[1] for r in rows["pledge"]},
        accords={r[0]: (r[1], r[2]) for r in rows["accord"]}, instruments=one["instrument"],
        vague=one["vague"], stative=one["stative"], same={r[0]: r[1] for r in rows["same"]},
        tolls={r[0]: r[1] for r in rows["toll"]})
    return Cues(tuple((r[0], r[1] if len(r) > 1 else r[0]) for r in rows["policy"]), one["change"],
                one["level"], one["measure"], one["grow"], one["aim"], tables)


@lru_cache(maxsize=1)
def _cues() -> Cues:
    return parse_cues(importlib_resources.files("communique.pipeline").joinpath(DATA).read_text("utf-8"))


def _in(sentence: Sentence, start: int) -> bool:
    return sentence.start <= start < sentence.end


def _actors_in(actors: Sequence[Actor], sentence: Sentence, kinds: set[str]) -> list[Actor]:
    return [a for a in actors if a.kind in kinds and any(_in(sentence, m.start) for m in a.mentions)]


def find_commitments(
    text: str, sentences: Sequence[Sentence], actors: Sequence[Actor], events: Sequence[Event],
    quantities: Sequence[Quantity], doc: Any = None, quotes: Sequence[Quote] = (), year: int | None = None,
) -> tuple[Commitment, ...]:
    """Every commitment of a document; ``doc`` is its spaCy parse (without it, only the cue rules run)."""
    cues = _cues()
    found: list[clauses.Found] = []
    ctx = None
    if doc is not None:
        ctx = clauses.Context(doc, ActorIndex(actors), actors, quotes, quantities, cues.tables,
                              clauses.principal_countries(actors, doc), year)
        found += clauses.promises(ctx)
        found += clauses.policies(ctx)
        found += clauses.tolls(ctx)
        found += clauses.targets(ctx, cues.aims, cues.grows, cues.measures)
    signings: set[int] = set()
    for e in events:
        if e.cameo.startswith("057"):
            signings.add(e.trigger.start)
            signed = _signed(text, sentences[e.sentence], e, quantities, cues, ctx)
            found += [signed] if signed else []
    if ctx is not None:
        found += clauses.agreements(ctx, signings)
    found += _from_cues(text, sentences, actors, quantities, cues)
    valued = {f.evidence[0].start for f in found if f.kind == "target" and f.quantities and f.evidence}
    found = [f for f in found if not (f.kind == "target" and not f.quantities and f.evidence
                                      and f.evidence[0].start in valued)]  # the same target, with its value
    found.sort(key=lambda f: f.evidence[0].start if f.evidence else 0)
    return tuple(_numbered(_merged(found, actors), text, events, sentences))


def _signed(text: str, s: Sentence, e: Event, quantities: Sequence[Quantity], cues: Cues,
            ctx: clauses.Context | None) -> clauses.Found | None:
    counted = [q for q in quantities if q.sentence == e.sentence and q.kind == "count"
               and (q.unit or "").lower().rstrip("s") in cues.tables.instruments | {"mou"}]
    by = (*e.source, *e.target)
    status = "signed" if e.modality == "asserted" else "proposed"
    found = clauses.signing(ctx, e.trigger.start, by, counted[0].text if counted else None) if ctx else None
    if ctx is not None and found is not None and found.status == "planned":
        return None
    if found is None:
        what = counted[0].text if counted else _instrument(text[s.start:s.end], cues.tables.instruments)
        found = clauses.Found("agreement", what, f"agreement|{what.lower()}", by, evidence=(Span(s.start, s.end),))
    return replace(found, status=status, quantities=tuple(q.id for q in counted), key=f"{found.key}|{e.id}")


def _from_cues(text: str, sentences: Sequence[Sentence], actors: Sequence[Actor], quantities: Sequence[Quantity],
               cues: Cues) -> list[clauses.Found]:
    """Policies named by a cue phrase; targets, indicators and levels read from a sentence's quantities."""
    out: list[clauses.Found] = []
    for s in sentences:
        body = text[s.start:s.end]
        lower = body.lower()
        words = set(re.findall(r"[a-z]+", lower))
        here = [q for q in quantities if q.sentence == s.index]
        policy = next(((cue, what) for cue, what in cues.policy if cue in lower), None)
        if policy:
            out.append(_policy(policy[1], s, body, actors, here))
        changing = bool(words & cues.change)
        span = (Span(s.start, s.end),)
        wanted = bool(words & MODALS) or any(w.startswith(a) for w in words for a in (*cues.aims, "target", "goal"))
        for q in here:
            if q.kind in {"money", "percent"} and changing and f"to {q.text}" in body:
                # "can increase trade to $3 billion" is a target; "rose last year to 9.5 billion euros" a level
                kind, status = ("target", "proposed") if wanted else ("indicator", "reported")
                out.append(_about(kind, q.about or "value", q, status, span, s, actors))
            elif q.kind == "percent" and changing:
                out.append(_about("indicator", q.about or "change", q, "reported", span, s, actors))
            elif q.kind == "money" and words & cues.levels and f"to {q.text}" not in body:
                out.append(_about("indicator", q.about or "value", q, "reported", span, s, actors))
    return out


MODALS = frozenset({"will", "would", "can", "could", "should", "shall", "must", "may", "might"})


def _instrument(sentence: str, instruments: frozenset[str]) -> str:
    """The first instrument noun of a sentence ("agreement", "memorandum"), else "agreement"."""
    for word in sentence.lower().replace(",", " ").split():
        if word.rstrip("s") in instruments or word in instruments:
            return word
    return "agreement"


def _policy(what: str, s: Sentence, body: str, actors: Sequence[Actor],
            quantities: Sequence[Quantity]) -> clauses.Found:
    groups = _actors_in(actors, s, {"group"})
    countries = _actors_in(actors, s, {"country"})
    grantor = next((a for a in countries for m in a.mentions
                    if _in(s, m.start) and body[max(0, m.start - s.start - 3):m.start - s.start].strip() == "to"),
                   countries[0] if countries else None)
    limits = tuple(q.id for q in quantities if q.kind == "duration")
    future = " will " in f" {body.lower()} "
    return clauses.Found("policy", what, f"cue|{what}", (grantor.id,) if grantor else (),
                         tuple(g.id for g in groups), "announced" if future else "in force", limits,
                         (Span(s.start, s.end),))


def _about(kind: str, what: str, q: Quantity, status: str, span: tuple[Span, ...], s: Sentence,
           actors: Sequence[Actor]) -> clauses.Found:
    """A target or indicator of the countries of its sentence, else of the whole text."""
    here = [a for a in _actors_in(actors, s, {"country"}) if not a.sector]
    if len(here) < 2:
        here = sorted((a for a in actors if a.kind == "country" and not a.sector), key=lambda a: -len(a.mentions))[:2]
    return clauses.Found(kind, what, f"{kind}|{what}", tuple(a.id for a in here), (), status, (q.id,), span)


def _merged(found: list[clauses.Found], actors: Sequence[Actor]) -> list[clauses.Found]:
    """One record per commitment reported more than once: same key; an agreement referred to as "the
    agreement", or named twice in one sentence by the same parties, is the last agreement before it."""
    country = {a.id: a.country or a.id for a in actors}

    def party(ids: tuple[str, ...]) -> set[str]:
        return {country.get(i, i) for i in ids}

    out: list[clauses.Found] = []
    for f in found:
        same = next((i for i, o in enumerate(out) if o.key == f.key and o.kind == f.kind
                     and (not o.for_ or not f.for_ or party(o.for_) & party(f.for_) or f.kind != "policy")), None)
        if same is None and f.kind == "agreement":
            earlier = [i for i, o in enumerate(out) if o.kind == "agreement"]
            if earlier and (f.reference or out[earlier[-1]].evidence[:1] == f.evidence[:1]):
                same = earlier[-1]
        if same is None:
            out.append(f)
            continue
        o = out[same]
        out[same] = replace(
            o, by=o.by or f.by, for_=o.for_ or f.for_, status=o.status or f.status,
            quantities=tuple(dict.fromkeys((*o.quantities, *f.quantities))),
            evidence=tuple(dict.fromkeys((*o.evidence, *f.evidence))))
    return out


def _numbered(found: list[clauses.Found], text: str, events: Sequence[Event],
              sentences: Sequence[Sentence]) -> list[Commitment]:
    out = []
    for n, f in enumerate(found, 1):
        indices = {i for sp in f.evidence for i, s in enumerate(sentences) if s.start <= sp.start < s.end}
        linked = tuple(e.id for e in events if e.sentence in indices
                       and any(sp.start <= e.trigger.start < sp.end for sp in f.evidence))
        date = next((e.date for e in events if e.id in linked and e.date), None)
        out.append(Commitment(f"C{n}", f.kind, f.what, by=f.by, for_=tuple(a for a in f.for_ if a not in f.by),
                              quantities=f.quantities, status=f.status, date=date, events=linked,
                              evidence=tuple(Span(sp.start, sp.end) for sp in f.evidence)))
    return out


def _year(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None


def commitments(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    found = find_commitments(analysis.document.text, analysis.sentences, analysis.actors, analysis.events,
                             analysis.quantities, analysis.doc, analysis.quotes,
                             _year(analysis.document.published))
    return replace(analysis, commitments=found)


STAGE = Stage("commitments/1", requires=("parse", "actors", "events", "quantities"), provides=("commitments",),
              run=commitments)

__all__ = ["STAGE", "Cues", "commitments", "find_commitments", "parse_cues"]
