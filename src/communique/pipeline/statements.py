"""Statements (CAMEO root 01): when a speaker's words are an event of their own.

The event coder (:mod:`communique.pipeline.events`) codes what reported speech
reports ("X said Y attacked Z" is Y → Z). This module decides when the speech
itself is coded too, as a public statement, and against whom. The policy:

* **trigger**: a speech verb of the pattern file (its ``speech`` lines: "said",
  "announced", "told", "spoke", …). The statement codes that the words
  themselves carry ("denied" 016, "declined to comment" 011, "was optimistic"
  013, "share the view" 019, "expressed condolences" 018, "delivered a speech"
  010) are ordinary event patterns of the same file;
* a speech verb that is not a plain verb of saying ("added", "noted",
  "maintained", "described") is a statement only with a reported clause:
  "maintained ties" is none;
* **speaker**: the speech verb's source must be an actor the actor stage
  resolved: not a place, not the media (journalists and agencies report, they
  do not make statements), and either named (a person, an organisation) or
  placed (a country, a code or a sector: "Iranian officials"). An unresolved
  speaker ("sources said", "an analyst said") makes no event;
* **most specific event wins**: no statement is coded when the reported
  content already yields an event of the same source, the same actor or its
  country ("Iran said it would send aid" is Iran's intent to give aid, 033;
  "Raisi said Tehran and Astana share a view" is 019; "X said Y must release
  Z" is X's demand). When the content is someone else's act ("X said Y
  attacked Z") both are coded: Y → Z, and X's statement about Y;
* **target**: the addressee when it is an actor with a country or a code
  ("told Egypt", "spoke to", "spoke about", "commented on"); else, in a
  report about two countries, the other one of the two (the event coder's
  implied target of any co-operative event); else the one country other than
  the speaker's that the reported clause names; else none. Joint speakers ("the
  two sides stressed") make a symmetric statement between themselves;
* **obligation**: a reported clause that says what another actor (not of the
  speaker's country) must do is the speaker's demand on it (100), what it
  should do an appeal (020): "declared that China must lower its tariffs";
* a statement is the residual code (010 "not specified below"), so it is
  coded with less confidence than any matched pattern.

>>> plan = StatementPlan("010", (), "")
>>> plan.code
'010'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor, Event

if TYPE_CHECKING:
    from spacy.tokens import Token

STATEMENT = "010"
DEMAND = "100"
APPEAL = "020"
SILENT_SECTORS = {"MED"}  # they report what others say
NAMED = {"person", "organization"}  # a named speaker counts even when the lexicon does not place it
ADDRESSEE_PREPS = {"to", "about", "on", "with", "regarding"}
ADDRESSEE_VERBS = {"tell", "inform", "brief", "assure", "remind", "address"}
CONTENT_DEPS = {"ccomp", "xcomp", "dobj", "parataxis", "advcl", "oprd", "attr"}
BASE_CONFIDENCE = 0.45
# speech verbs that make a statement on their own; the others ("added", "maintained", "noted",
# "described") only with a reported clause: "added troops", "maintained ties" are no statements
STANDALONE = {"say", "announce", "speak", "tell", "declare", "confirm", "reveal", "disclose", "comment", "remark",
              "acknowledge", "admit", "tweet", "brief", "reiterate", "stress", "emphasize", "emphasise"}
CLAUSE_DEPS = {"ccomp", "parataxis"}

Resolve = Callable[["Token"], "tuple[str, ...] | None"]


@dataclass(frozen=True, slots=True)
class StatementPlan:
    """A statement to code: its CAMEO code, its target actors and a note for the event's reason."""

    code: str
    target: tuple[str, ...]
    note: str
    speaker: tuple[str, ...] = ()  # the speaker's actors, when fewer than the parse gave


def speaker_counts(speaker: Sequence[str], by_id: Mapping[str, Actor]) -> bool:
    """An actor that makes statements: named or placed by the actor stage, not a place, not the media."""
    actors = [by_id[i] for i in speaker if i in by_id]
    return bool(actors) and all(a.kind != "place" and a.sector not in SILENT_SECTORS
                                and bool(a.country or a.code or a.sector or a.kind in NAMED) for a in actors)


def content_tokens(verb: Token) -> tuple[Token, ...]:
    """The words a speech verb reports: its clausal and object complements, or the clause it interrupts."""
    found: dict[int, Token] = {}
    for child in verb.children:
        if child.dep_ in CONTENT_DEPS:
            found.update((t.i, t) for t in child.subtree)
    if verb.dep_ == "parataxis" and verb.head is not verb:  # "Y attacked Z, X said"
        inside = {t.i for t in verb.subtree}
        found.update((t.i, t) for t in verb.head.subtree if t.i not in inside)
    return tuple(found[i] for i in sorted(found))


def events_in(tokens: Sequence[Token], events: Iterable[Event]) -> tuple[Event, ...]:
    """The events whose trigger is one of these words."""
    starts = {t.idx for t in tokens}
    return tuple(e for e in events if e.trigger.start in starts)


def _countries(ids: Iterable[str], by_id: Mapping[str, Actor]) -> set[str]:
    return {c for i in ids if (c := by_id[i].country if i in by_id else None)}


def same_source(speaker: Sequence[str], source: Sequence[str], by_id: Mapping[str, Actor]) -> bool:
    """The reported act is the speaker's own: a shared actor, or a shared country."""
    return bool(set(speaker) & set(source)) or bool(_countries(speaker, by_id) & _countries(source, by_id))


def addressee(verb: Token, resolve: Resolve, exclude: set[str], by_id: Mapping[str, Actor]) -> tuple[str, ...]:
    """The actor spoken to or about: "told Egypt", "spoke to the Sudanese", "commented on Iran"."""
    candidates: list[Token] = []
    for child in verb.children:
        if child.dep_ in {"dative", "iobj"} or (child.dep_ == "dobj" and verb.lemma_.lower() in ADDRESSEE_VERBS):
            candidates.append(child)
        elif child.dep_ == "prep" and child.lower_ in ADDRESSEE_PREPS:
            candidates.extend(p for p in child.children if p.dep_ == "pobj")
    for cand in candidates:
        ids = tuple(i for i in (resolve(cand) or ()) if i not in exclude and _placed(by_id.get(i)))
        if ids:
            return ids
    return ()


def _placed(actor: Actor | None) -> bool:
    """An actor a statement can be about: one with a country or an organisation code."""
    return actor is not None and bool(actor.country or actor.code)


def named_other(tokens: Sequence[Token], actors: Sequence[Actor], speaker: Sequence[str]) -> tuple[str, ...]:
    """The one country other than the speaker's that these words name (its first actor), else nothing."""
    spans = [(t.idx, t.idx + len(t.text)) for t in tokens]
    own = _countries(speaker, {a.id: a for a in actors})
    first: dict[str, tuple[int, str]] = {}
    for a in actors:
        if not a.country or a.country in own or a.id in speaker:
            continue
        starts = [m.start for m in a.mentions if any(s <= m.start < e for s, e in spans)]
        if starts and (a.country not in first or min(starts) < first[a.country][0]):
            first[a.country] = (min(starts), a.id)
    return (next(iter(first.values()))[1],) if len(first) == 1 else ()


def obliged(verb: Token, resolve: Resolve, speaker: Sequence[str],
            by_id: Mapping[str, Actor]) -> tuple[str, tuple[str, ...]] | None:
    """(code, actor) when the reported clause says what another actor must (a demand, 100) or should (an
    appeal, 020) do: "declared that China must lower its tariffs", "said the UN should step in"."""
    own = _countries(speaker, by_id)
    for clause in (c for c in verb.children if c.dep_ in CLAUSE_DEPS):
        aux = {c.lower_ for c in clause.children if c.dep_ == "aux"}
        code = DEMAND if aux & {"must"} else APPEAL if aux & {"should", "ought"} else None
        if code is None or any(c.dep_ == "neg" for c in clause.children):
            continue
        subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        ids = tuple(i for i in (resolve(subject) or ()) if i not in speaker) if subject is not None else ()
        if ids and all(_placed(by_id.get(i)) for i in ids) and not _countries(ids, by_id) & own:
            return code, ids
    return None


def plan_statement(verb: Token, speaker: tuple[str, ...], actors: Sequence[Actor], resolve: Resolve,
                   coded: Sequence[Event], bilateral: bool = False) -> StatementPlan | None:
    """The statement a speech verb makes, or None (rules in the module doc)."""
    by_id = {a.id: a for a in actors}
    # "Former South Bend, Indiana, Mayor Pete Buttigieg": a place the parse joined to the speaker is no speaker
    speaker = tuple(i for i in speaker if i in by_id and by_id[i].kind != "place") or speaker
    if not speaker_counts(speaker, by_id):
        return None
    clausal = any(c.dep_ in CLAUSE_DEPS for c in verb.children) or verb.dep_ == "parataxis"
    if not clausal and verb.lemma_.lower() not in STANDALONE:
        return None
    content = content_tokens(verb)
    reported = events_in(content, coded)
    own = next((e for e in reported if same_source(speaker, e.source, by_id)), None)
    if own is not None:
        return None
    demanded = obliged(verb, resolve, speaker, by_id)
    if demanded is not None:
        code, who = demanded
        return StatementPlan(code, who, "; what another actor must or should do: a demand or an appeal", speaker)
    target = addressee(verb, resolve, set(speaker), by_id)
    if not target and not bilateral and len(speaker) == 1:
        target = named_other(content, actors, speaker)
    about = "; it reports another actor's act" if reported else ""
    return StatementPlan(STATEMENT, target, f"; a statement by its speaker{about}", speaker)
