"""The parties of commitments read from the parse: whom a subject, a pronoun or "the two sides" stands for.

* a noun phrase head stands for the actor whose mention it covers, with its conjuncts ("Iran and Saudi
  Arabia"); "we" and "I" in a quotation for its speaker;
* "he", "it", "they" in reported speech for the reporting verb's subject ("Sudan said it would …"); else
  "they" for the document's two principal countries, "he" for the last person named;
* "the two countries", "both sides", "the three countries" for the first two or three principal countries:
  the first pair joined as a subject ("Iran and Saudi Arabia agreed") first, then by weight, so that a
  mediator talked about more than the parties does not become one.

Also the records the rules of :mod:`.commitment_clauses` share (``Tables``, ``Found``, ``Context``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor, CommitmentKind, Quantity, Quote, Span
from .spans import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SPEECH = {"say", "announce", "tell", "state", "add", "declare", "confirm", "report", "note", "stress", "insist",
          "warn", "respond", "reply", "decide", "agree"}
FIRST = {"we", "i", "us", "our", "my"}
PLURAL = {"they", "them", "their"}
SINGULAR = {"he", "she", "him", "her", "his"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4}
PARTY_NOUNS = {"country", "side", "nation", "government", "capital", "neighbour", "neighbor", "minister", "leader",
               "president", "party"}


@dataclass(frozen=True)
class Tables:
    """The cues of ``data/commitments.tsv`` that the parse rules read."""

    acts: dict[str, tuple[str, str]]  # verb lemma or "verb>complement" -> (policy noun, key)
    pledges: dict[str, str]  # word -> status
    accords: dict[str, tuple[str, str]]  # verb lemma or "verb+word" -> (status, parties)
    instruments: frozenset[str]
    vague: frozenset[str]
    stative: frozenset[str]
    same: dict[str, str]
    tolls: dict[str, str]


@dataclass(frozen=True)
class Found:
    """A commitment before numbering, with the key under which repeated reports merge."""

    kind: CommitmentKind
    what: str
    key: str
    by: tuple[str, ...]
    for_: tuple[str, ...] = ()
    status: str | None = None
    quantities: tuple[str, ...] = ()
    evidence: tuple[Span, ...] = ()
    reference: bool = False  # "the agreement": the last agreement named before


@dataclass
class Context:
    doc: Doc
    index: ActorIndex
    actors: Sequence[Actor]
    quotes: Sequence[Quote]
    quantities: Sequence[Quantity]
    tables: Tables
    principal: tuple[str, ...]  # countries by number of mentions
    year: int | None  # the document's year


def principal_countries(actors: Sequence[Actor], doc: Doc | None = None) -> tuple[str, ...]:
    """Country actors by weight (mentions of the country, its people and bodies), the first pair of
    countries joined as a subject ("Iran and Saudi Arabia agreed") first: a mediator talked about
    more than the parties does not make a party."""
    weight: Counter[str] = Counter()
    for a in actors:
        if a.country:
            weight[a.country] += len(a.mentions)
    countries = [a for a in actors if a.kind == "country" and not a.sector and a.mentions]
    countries.sort(key=lambda a: (-weight[a.country or ""], a.mentions[0].start))
    order = [a.id for a in countries]
    pair = _joint_subject(actors, doc) if doc is not None else ()
    return (*pair, *(i for i in order if i not in pair))


def _joint_subject(actors: Sequence[Actor], doc: Doc) -> tuple[str, ...]:
    index = ActorIndex([a for a in actors if a.kind == "country" and not a.sector])
    for tok in doc:
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.conjuncts:
            ids = [index.in_span(t.idx, t.idx + len(t.text)) for t in (tok, *tok.conjuncts)]
            if len(ids) == 2 and all(ids) and ids[0] != ids[1]:
                return tuple(i for i in ids if i)
    return ()


# --- actors ----------------------------------------------------------------------------------


def subject(tok: Token) -> Token | None:
    t = tok
    for _ in range(5):
        subj = next((c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None:
            return subj
        if t.dep_ in {"xcomp", "conj", "pcomp", "advcl", "acomp"} or (t.dep_ == "prep" and t.head is not t):
            t = t.head
            continue
        if t.dep_ == "prep" or t.head.dep_ == "prep":
            t = t.head
            continue
        return None
    return None


def _speaker_of(ctx: Context, tok: Token) -> tuple[str, ...]:
    """The subject of the speech verb a pronoun's clause is reported by ("Sudan said it would …")."""
    t = tok.head
    for _ in range(6):
        parent = t.head
        if parent is t:
            return ()
        if parent.lemma_.lower() in SPEECH and t.dep_ in {"ccomp", "conj", "xcomp", "advcl"}:
            subj = subject(parent)
            return resolve(ctx, subj) if subj is not None and subj.i != tok.i else ()
        t = parent
    return ()


def _quote_speaker(ctx: Context, char: int) -> str | None:
    return next((q.speaker for q in ctx.quotes if q.start <= char < q.end and q.speaker), None)


def _previous_person(ctx: Context, char: int) -> str | None:
    people = [(m.start, a.id) for a in ctx.actors if a.kind == "person" for m in a.mentions if m.start < char]
    return max(people)[1] if people else None


def resolve(ctx: Context, tok: Token | None) -> tuple[str, ...]:
    """The actors a noun phrase head stands for, pronouns and "the two countries" included."""
    if tok is None:
        return ()
    lower = tok.lower_
    if lower in FIRST:
        speaker = _quote_speaker(ctx, tok.idx)
        return (speaker,) if speaker else ()
    if lower in PLURAL or lower in SINGULAR | {"it", "its"}:
        if lower in {"their", "his", "her", "its"} and tok.dep_ != "poss":
            return ()
        spoken = _speaker_of(ctx, tok)
        if spoken:
            return spoken
        if lower in PLURAL:
            return ctx.principal[:2] if len(ctx.principal) >= 2 else ()
        person = _previous_person(ctx, tok.idx) if lower in SINGULAR else None
        return (person,) if person else ()
    numbers = [NUMBER_WORDS[c.lower_] for c in tok.children if c.lower_ in NUMBER_WORDS]
    if (numbers or lower == "both") and (tok.lemma_.lower() in PARTY_NOUNS or lower == "both"):
        n = numbers[0] if numbers else 2
        return ctx.principal[:n] if len(ctx.principal) >= n else ()
    found = ctx.index.in_span(tok.idx, tok.idx + len(tok.text))
    if found is None and tok.left_edge.i < tok.i:
        found = ctx.index.in_span(tok.left_edge.idx, tok.idx + len(tok.text))
    if found is None:
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None and tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in PARTY_NOUNS:
            return resolve(ctx, owner)
        if tok.tag_ in {"NNS", "NNPS"} and tok.lemma_.lower() in PARTY_NOUNS and tok.dep_.startswith("nsubj"):
            return ctx.principal[:2] if len(ctx.principal) >= 2 else ()
        return ()
    ids = [found]
    for conj in tok.conjuncts:
        other = ctx.index.in_span(conj.idx, conj.idx + len(conj.text))
        if other and other not in ids:
            ids.append(other)
    return tuple(ids)


def actors_in(ctx: Context, start: int, end: int) -> tuple[str, ...]:
    found = [a.id for a in ctx.actors if any(start <= m.start < end for m in a.mentions)]
    return tuple(found)


def countries_of(ctx: Context, ids: Sequence[str]) -> tuple[str, ...]:
    by_id = {a.id: a for a in ctx.actors}
    return tuple(sorted({(by_id[i].country or i) if i in by_id else i for i in ids}))


def others(ctx: Context, ids: Sequence[str], by: Sequence[str]) -> tuple[str, ...]:
    """The actors that are not the party itself nor of its countries."""
    own = set(countries_of(ctx, by))
    by_id = {a.id: a for a in ctx.actors}
    return tuple(dict.fromkeys(i for i in ids if i not in by and (i not in by_id or by_id[i].country not in own)))


__all__ = ["PLURAL", "SPEECH", "Context", "Found", "Tables", "actors_in", "countries_of", "others",
           "principal_countries", "resolve", "subject"]
