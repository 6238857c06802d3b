"""The actors of an event's slots, read from spaCy's parse (rules in :mod:`.events`).

* a noun phrase head stands for the actor whose mention it is; "we" in a
  quotation for its speaker; "the two countries", "both sides" for the
  document's two principal countries, "the two presidents" for their leaders;
  a part or a number of an actor for the actor ("thousands of Kurds", "a
  member of the parliament");
* source: the subject, the "by" agent of a passive, the governing verb's
  subject for a participle or an infinitive, the possessor of a nominal event;
* target: the object, else the object of a preposition, else the actor an
  unresolved object belongs to, lies in or comes from ("Israel's embassy",
  "the villages of Ecuador", "calls by Belarus"), never the source's own
  country nor whoever a possessive pronoun stands for ("withdrew its envoy");
  a governing verb without one takes its complement's ("demanded that Hamas
  renounce", "threatened to cut off power to Armenia");
* "the US" is the country, never "us"; "Hungarian and Romanian officials"
  are joint actors; an indirect object ("gave Ivory Coast aid") is the first
  target; the object of a nominal event ("a suspension of links with Serbia")
  lends its target; a place "in" which an act happens is a target only with a
  country; the source's own people inside the object are a target ("crimes by
  Croatian extremists"), its own land is not;
* "his government", like "it", in reported speech is the speaker's; a list
  of targets is no joint act ("cut visas for Moroccans and Algerians"), and
  "the two Nordic governments" need not be the report's principal pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Actor, Quote, Sentence
from .dates import DateMention
from .spans import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..lexicon import Lexicon
    from .patterns import Hit

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
TARGET_PREPS = ("to", "with", "against", "on", "for", "from", "at", "toward", "towards", "in", "into")
PAIR_WORDS = {"two", "both"}
COUNTRY_NOUNS = {"country", "nation", "side", "state", "government", "capital", "neighbor", "neighbour"}
LEADER_NOUNS = {"president", "leader", "minister", "premier", "head", "counterpart"}
FIRST_PERSON = {"we", "i", "us", "me", "our", "my"}
PROTESTERS = {"CVL", "REF", "EDU", "LAB", "AGR", "PRO", "HRI", "ENV", "NGM"}
NESTED_DEPS = {"poss", "compound", "amod", "acl", "nmod"}
NESTED_PREPS = {"of", "in", "from", "by"}  # "calls by Belarus", "an appeal from the UN"
VIOLENT_ROOTS = {"18", "19", "20"}
BOMBS = {"bomb", "bomber", "car-bomb", "explosive", "ied"}
BOMBINGS = {"suicide": "1831", "car": "1832", "vehicle": "1832", "roadside": "1833"}
ATTACKERS = {"gunman", "gunmen", "attacker", "assailant", "sniper"}
WEAPONS = {"bomb", "mine", "shell", "missile", "rocket", "blast", "explosion", "device", "grenade", "drone", "bullet"}
STATIVE = {"oppose", "commit", "determine", "prepare", "dedicate", "resolve", "dispose", "incline"}  # "is opposed to"
PART_HEADS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions", "group",
              "number", "member", "members", "some", "many", "most", "part", "third", "half", "majority", "crowd",
              "contingent", "unit", "batch", "patch", "delegation", "team", "band", "score", "scores"}


@dataclass(frozen=True)
class _Side:
    ids: tuple[str, ...]
    words: str
    pair: bool = False  # resolved from "the two countries" or joint actors


@dataclass
class _Ctx:
    doc: Doc
    index: ActorIndex
    actors: Sequence[Actor]
    quotes: Sequence[Quote]
    pair_countries: tuple[str, ...]
    pair_leaders: tuple[str, ...]
    lexicon: Lexicon
    sentences: Sequence[Sentence] = ()
    dates: Sequence[DateMention] = ()
    anchor: str | None = None  # the story's date
    bilateral: tuple[str, ...] = ()  # the principal pair of a report about two countries only

    @property
    def by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}


# --- actors of a slot -------------------------------------------------------------------------


def _quote_at(quotes: Sequence[Quote], char: int) -> Quote | None:
    return next((q for q in quotes if q.kind == "direct" and q.start <= char < q.end), None)


def _named_pair(ctx: _Ctx, tok: Token) -> tuple[str, ...]:
    """The two actors that share a mention ending at ``tok`` ("the two countries"), if any."""
    end = tok.idx + len(tok.text)
    ids = tuple(a.id for a in ctx.actors if any(m.end == end and m.start <= tok.idx for m in a.mentions))
    return ids if len(ids) == 2 else ()


def _resolve_token(ctx: _Ctx, tok: Token) -> _Side | None:
    """The actors a noun phrase head stands for."""
    lower = tok.lower_
    if lower in FIRST_PERSON and tok.text != "US":  # "the US" is no "us"
        quote = _quote_at(ctx.quotes, tok.idx)
        if quote and quote.speaker:
            if lower in {"we", "us", "our"} and any(c.lower_ == "both" for c in tok.children):
                return _Side(ctx.pair_countries, tok.text, pair=True) if len(ctx.pair_countries) == 2 else None
            return _Side((quote.speaker,), tok.text)
        return None
    numbers = {c.lower_ for c in tok.children if c.dep_ in {"nummod", "det", "predet", "amod"}}
    if (numbers & PAIR_WORDS) or lower in {"both", "each"}:
        lemma = tok.lemma_.lower()
        if any(c.dep_ == "amod" and c.lower_ not in PAIR_WORDS for c in tok.children):
            return None  # "the two Nordic governments" need not be the report's principal pair
        named = _named_pair(ctx, tok)  # the pair the actor stage linked these words to
        if named and (lemma in COUNTRY_NOUNS | LEADER_NOUNS or lower == "both"):
            return _Side(named, _words(tok), pair=True)
        if lemma in COUNTRY_NOUNS or lower == "both":
            return _Side(ctx.pair_countries, _words(tok), pair=True) if len(ctx.pair_countries) == 2 else None
        if lemma in LEADER_NOUNS:
            return _Side(ctx.pair_leaders, _words(tok), pair=True) if len(ctx.pair_leaders) == 2 else None
    if tok.lemma_.lower() in LEADER_NOUNS and tok.tag_ in {"NNS", "NNPS"}:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    inner = _resolve_token(ctx, pobj)
                    if inner and inner.pair:
                        return _Side(ctx.pair_leaders, _words(tok), pair=True) if len(ctx.pair_leaders) == 2 else None
    found = ctx.index.in_span(tok.idx, tok.idx + len(tok.text))
    if found is None:
        left = tok.left_edge
        if left.tag_ == "PRP$" and left.i < tok.i:
            left = tok.doc[left.i + 1]  # "its envoy" is not whoever "its" stands for
        found = ctx.index.in_span(left.idx, tok.idx + len(tok.text)) if left.i < tok.i else None
    if found is None:
        return _part_of(ctx, tok)
    ids = [found]
    # "Iran and Kazakhstan", and "Hungarian and Romanian officials": joint actors
    joint = [*tok.conjuncts, *(t for c in tok.children if c.dep_ == "amod" and c.conjuncts for t in (c, *c.conjuncts))]
    for conj in joint:
        other = ctx.index.in_span(conj.idx, conj.idx + len(conj.text))
        if other and other not in ids:
            ids.append(other)
    return _Side(tuple(ids), _words(tok), pair=len(ids) > 1)


def _part_of(ctx: _Ctx, tok: Token) -> _Side | None:
    """A part or a number of an actor stands for it: "thousands of Kurds", "a member of the parliament"."""
    if tok.lemma_.lower() not in PART_HEADS and tok.like_num is False:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    inner = _resolve_token(ctx, pobj)
                    if inner is not None:
                        return _Side(inner.ids, _words(tok), inner.pair)
    return None


def _civilian(side: _Side, by_id: dict[str, Actor]) -> bool:
    return all(by_id[i].sector in PROTESTERS for i in side.ids)


def _nested(ctx: _Ctx, tok: Token, exclude: set[str]) -> _Side | None:
    """The actor an unresolved object belongs to or is placed in: "Israel's embassy", "refugees in Liberia",
    "the besieged town of Gorazde" (breadth first, three steps at most)."""
    by_id = ctx.by_id
    own = {by_id[i].country for i in exclude if i in by_id} - {None}
    layer = [tok]
    for _ in range(3):
        layer = [c for t in layer for c in t.children
                 if c.dep_ in NESTED_DEPS or (c.dep_ == "pobj" and c.head.lower_ in NESTED_PREPS)
                 or (c.dep_ == "prep" and c.lower_ in NESTED_PREPS)]
        for c in layer:
            if c.dep_ == "prep" or c.tag_ == "PRP$":
                continue  # "withdrew its envoy": a possessive pronoun in the object is the source's own
            side = _resolve_token(ctx, c)
            if side is None or set(side.ids) <= exclude:
                continue
            agents = all(by_id[i].kind not in {"country", "place"} for i in side.ids)
            if agents or not {by_id[i].country for i in side.ids} <= own:
                return side  # the source's own land inside the object is no target: "defended Iraq's borders";
                # its own people are: "investigated crimes by Croatian extremists"
    return None


def _words(tok: Token) -> str:
    return tok.doc[tok.left_edge.i:tok.i + 1].text


def _source(ctx: _Ctx, verb: Token) -> _Side | None:
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if verb.tag_ == "VBN" and verb.dep_ in {"advcl", "acl"} and not any(c.dep_ == "aux" for c in verb.children):
        passive = True  # a reduced passive: "if asked", "the sanctions imposed by Washington"
        if not any(c.dep_ == "agent" for c in verb.children):
            return None
    v = verb
    for _ in range(4):
        if passive:
            agents = [c for c in v.children if c.dep_ == "agent"]
            agents += [p for c in v.children if c.dep_ == "dobj" for p in c.children  # "denied visas by X"
                       if p.dep_ == "prep" and p.lower_ == "by"]
            for c in agents:
                for pobj in c.children:
                    side = _resolve_token(ctx, pobj)
                    if side:
                        return side
            holder = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
            if v is verb and holder is not None and v.lemma_.lower() in STATIVE:
                return _resolve_token(ctx, holder)  # "Israel is opposed to": a state, not a passive
            if v is verb and holder is not None:
                return None  # "if asked", "was invited": a passive without its agent has no known source
        subjects = [c for c in v.children if c.dep_ in {"nsubj", "csubj"}]
        resolved = [(c, side) for c in subjects if (side := _resolve_token(ctx, c)) is not None]
        subject = resolved[0][0] if resolved else subjects[0] if subjects else None  # a misparse may give two
        if subject is not None:
            side = resolved[0][1] if resolved else None
            if side is not None or not _speakers_own(subject) or v.dep_ not in {"ccomp", "conj"} or v.head is v:
                return side
            v, passive = v.head, False  # "Iraq said it would allow", "he said his government had asked"
            continue
        if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.dep_ == "dobj" and v.head.head is not v.head:
            v, passive = v.head.head, False  # "issued a statement demanding": the issuer demands
        elif v.dep_ in {"xcomp", "advcl", "conj", "acomp", "pcomp"} and v.head is not v:
            v = v.head
            if v.pos_ == "ADP" and v.head is not v:
                v = v.head
            passive = False
        else:
            return None
    return None


def _speakers_own(subject: Token) -> bool:
    """A pronoun ("it", "they") or the speaker's own state ("his government", "their country")."""
    if subject.tag_ == "PRP":
        return True
    return subject.lemma_.lower() in COUNTRY_NOUNS and any(
        c.dep_ == "poss" and c.lower_ in {"his", "her", "its", "their", "our", "my"} for c in subject.children)


def _target(ctx: _Ctx, head: Token, exclude: set[str], obj: Token | None) -> tuple[_Side | None, Token | None]:
    """(target, the preposition or object that gave it)."""
    passive = any(c.dep_ == "auxpass" for c in head.children)
    # the indirect object first: "gave the Ivory Coast aid" is aid to the Ivory Coast
    candidates: list[Token] = [c for c in head.children if c.dep_ in {"dative", "iobj"} and c.pos_ != "ADP"]
    for c in head.children:
        if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
            candidates.append(c)
    if head.pos_ in {"NOUN", "PROPN"}:  # a nominal event's object: "the suspension of air links with Serbia"
        candidates += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                       for p in c.children if p.dep_ == "pobj"]
    holders = [head] + ([obj] if obj is not None else []) + candidates
    for holder in holders:
        for c in holder.children:
            if c.dep_ in {"prep", "dative"} and c.lower_ in (*TARGET_PREPS, "between"):
                candidates.extend(p for p in c.children if p.dep_ == "pobj")
    for holder in [head] + ([obj] if obj is not None else []):
        for c in holder.children:
            if c.dep_ in {"npadvmod", "attr", "oprd", "appos"}:
                candidates.append(c)
    for cand in candidates:
        side = _resolve_token(ctx, cand) or _nested(ctx, cand, exclude)
        if side and cand.head.lower_ == "in" and not _placed_side(ctx, side):
            continue  # "surrendered in the town of Soroti": a place of no known country is no target
        if side and not set(side.ids) <= exclude:
            ids = tuple(i for i in side.ids if i not in exclude)
            between = cand.head.lower_ == "between"  # a list of targets is no joint act: "cut visas for X and Y"
            return _Side(ids, side.words, between or (side.pair and cand.dep_ in {"attr", "appos"})), cand
    return None, None


def _placed_side(ctx: _Ctx, side: _Side) -> bool:
    """Every actor of this side has a country."""
    by_id = ctx.by_id
    return all(i in by_id and by_id[i].country for i in side.ids)


def home_ground(ctx: _Ctx, source: _Side, target: _Side, via: Token | None) -> bool:
    """The target is only where the source acts at home: "declared a ceasefire in south Lebanon"."""
    by_id = ctx.by_id
    own = {by_id[i].country for i in source.ids if i in by_id}
    return via is not None and via.head.lower_ == "in" and {by_id[i].country for i in target.ids} <= own


def _clauses(verb: Token, purpose: bool, condition: bool, complements: bool = True) -> list[Token]:
    """The verb's complements; with ``purpose`` its infinitive or participle of purpose ("staged a rally to
    demand", "demonstrated calling for"), with ``condition`` its "if" and "unless" clauses."""
    found = [c for c in verb.children if complements and c.dep_ in {"ccomp", "xcomp"}]
    for c in verb.children:
        if c.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in c.children if m.dep_ in {"mark", "aux"}}
        if (purpose and ("to" in marks or c.tag_ == "VBG") and not marks & {"if", "unless", "after", "before"}) or (
                condition and marks & {"if", "unless"}):
            found.append(c)
    if condition:  # "threatened to close the strait unless Washington ...": the condition of the complement
        found += [c for comp in verb.children if comp.dep_ in {"xcomp", "ccomp"} for c in comp.children
                  if c.dep_ == "advcl" and any(m.lower_ in {"if", "unless"} for m in c.children)]
    return found


def _complement_target(ctx: _Ctx, verb: Token, exclude: set[str], purpose: bool = False,
                       condition: bool = False, complements: bool = True) -> _Side | None:
    """The target a governing verb takes from its complement: the subject of "demanded that Hamas renounce",
    else the target of "threatened to cut off power to Armenia", "refused to let UN planes land"; with
    ``purpose``, of "staged a rally to protest against Sweden's decision"; with ``condition``, the
    subject of "threatened to withdraw unless Baghdad accepts"."""
    for comp in _clauses(verb, purpose, condition, complements):
        subject = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        side = _resolve_token(ctx, subject) if subject is not None else None
        if side is None and subject is not None:
            side = _nested(ctx, subject, exclude)
        if side is None:
            side = _target(ctx, comp, exclude, None)[0]
        if side is not None and not set(side.ids) <= exclude:
            return _Side(tuple(i for i in side.ids if i not in exclude), side.words, side.pair)
    return None


def _nominal_source(ctx: _Ctx, noun: Token) -> _Side | None:
    for c in noun.children:
        if c.dep_ == "poss" or (c.dep_ in {"compound", "amod"} and c.i < noun.i):
            side = _resolve_token(ctx, c)
            if side:
                return side
        if c.dep_ == "prep" and c.lower_ in {"by", "between"}:
            for pobj in c.children:
                side = _resolve_token(ctx, pobj)
                if side:
                    return _Side(side.ids, side.words, side.pair or c.lower_ == "between")
    return None


# --- unnamed perpetrators ---------------------------------------------------------------------


def bombing(hit: Hit, code: str) -> str | None:
    """Killing or wounding done by a bomb or a bomber is a bombing: "a suicide bomber killed five" 1831."""
    if hit.pattern.kind == "noun" or code[:2] not in VIOLENT_ROOTS - {"20"}:
        return None
    subject = next((c for c in hit.tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in BOMBS:
        return None
    kinds = {c.lemma_.lower() for c in subject.children if c.dep_ in {"amod", "compound"}}
    return next((BOMBINGS[k] for k in sorted(kinds) if k in BOMBINGS), "183")


def _counted_victims(verb: Token) -> bool:
    """The object is a count of people: "killed five people", "wounded dozens"."""
    return any(c.dep_ == "dobj" and (c.like_num or any(n.dep_ == "nummod" for n in c.children))
               for c in verb.children)


def unknown_perpetrator(hit: Hit, verb: Token, target: _Side | None, via: Token | None, modality: str,
                         hits: dict[int, Hit]) -> bool:
    """Violence with a known victim and no actor as its author: "three soldiers were killed", "a roadside
    bomb killed two guards" (the subject is a weapon or another event, not an actor); or by a bomber or a
    weapon with counted victims: "a suicide bomber killed five people"."""
    if hit.pattern.kind == "noun" or hit.pattern.cameo[:2] not in VIOLENT_ROOTS:
        return False
    if target is None or not target.ids or via is None or via.dep_ not in {"dobj", "nsubjpass"}:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return (modality == "asserted" and subject is not None and _counted_victims(verb)
                and subject.lemma_.lower() in WEAPONS | BOMBS | ATTACKERS)
    if modality != "asserted" or via is None or via.dep_ not in {"dobj", "nsubjpass"}:
        return False  # the victim is the object (or the passive subject), not a place: "killed in Lima"
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return True
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.i in hits or subject.lemma_.lower() in WEAPONS | BOMBS | ATTACKERS)
