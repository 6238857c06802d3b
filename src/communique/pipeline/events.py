"""Event coding: who did what to whom, in CAMEO and PLOVER, over spaCy's parse.

For every verb, noun and adjective with patterns in the lexicon (see
``lexicon/data/event_patterns.tsv``) the most specific matching pattern gives
the CAMEO code. Actors come from the parse:

* source: the subject; of a passive, the "by" agent; of a participle or an
  infinitive without its own subject, the governing verb's subject; of a
  nominal event ("Tokayev's visit"), its possessor;
* target: the direct object (of a passive, the subject), else the object of
  "to", "with", "against", "on", "for", "from", "at"; "between X and Y" and
  joint subjects ("Iran and Kazakhstan signed") make a symmetric event;
* "the two countries", "both sides" are the document's two principal
  countries, "the two presidents" its two principal leaders; "we" and "I"
  inside a quotation are its speaker.

Constructions beyond the plain verb (the pattern file's header has the syntax):

* a support verb ("staged a rally", "launched an investigation", "paid a
  visit") gives its subject, objects and tense to the nominal event it governs;
* a governing verb and its complement make one event, coded from the
  compositions of the pattern file and triggered by the governing verb:
  "threatened to cut ties" 1313, "refused to meet" 125, "urged X to release"
  0253 (target X), "agreed to lift sanctions" 0354, "accused X of shelling"
  1123 (target X), "lifted the curfew" 0813;
* "X said (that) Y attacked Z" codes Y → Z; "X said Y must release Z" is X's
  demand (1053) on Y; a pronoun subject of reported speech is the speaker;
* a passive without its "by" agent, reduced ("if asked") or not, has no source
  and is not coded; a stative one ("Israel is opposed to") is its subject's;
* an infinitive of purpose or a participle takes its verb's object as target
  ("telephoned Kozyrev to discuss"), a protest the target of its purpose
  ("staged a rally to protest against X"), a threat the subject of its
  condition ("threatened to close the strait unless Washington ...");
* talks and co-operation "with" someone go both ways (symmetric); a truce or a
  surrender "in" the source's own land has no target;
* a composed event whose complement has its own subject ("a group demanded
  that Mali release") or whose governing verb has an unresolved subject
  ("analysts warn of Russian threats") is not its complement's actor's: with
  no known source it is not coded;
* of coordinated acts the first leads ("accused X and threatened to ..."):
  a later conjunct has less confidence;
* killing or wounding by a bomb or a bomber is a bombing (183, 1831 suicide,
  1832 car, 1833 roadside); a bomber or gunman with counted victims ("killed
  six people") is coded without a source even when the victims are no actor.

Modality: negated, hypothetical ("could", "if"), intended (under "plan",
"agree", "ready", …), future ("will"; "would" in reported past speech). A
co-operative act only future or intended is the intent to do it (03x: a visit
036, aid 033x, a release 0353), any 03 event is intended; a conditional
conflictual act ("could impose sanctions if", "will withdraw unless") is a
threat (13x), and so is a forceful act (not a cut in relations) only said or planned
("said they would boycott", "plans to impose restrictions"; "announced it would cut visas"
is the measure); a co-operative act that will not happen is a refusal (12x). Violence with a
known victim and no actor as its author ("four soldiers were killed") is coded without a
source; in a report about two countries only, a conflictual act without a named target is
aimed at the other one (a co-operative act's implied target needs a looser dominance of the pair:
no third country named more often than the second).
Hosting implies a visit the other way (043 ⇄ 042). A word inside an actor's
name ("Treaty" Organization) is no nominal event. "Protested" by civilians is
a demonstration (141), by officials a complaint (114). A speech verb makes a
public statement (010) by the rules of :mod:`.statements`: a resolved speaker,
unless the reported words are the speaker's own, more specific event. The
actors of each slot are read by :mod:`.event_actors`, place and date by
:mod:`.event_context`. Each event carries its modality, date, place, quote
and a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Actor, Event, Plover, Quote, Sentence, Span
from ..settings import Settings
from .dates import find_dates
from .event_actors import (
    _civilian,
    _complement_target,
    _Ctx,
    _nominal_source,
    _quote_at,
    _resolve_token,
    _Side,
    _source,
    _target,
    bombing,
    home_ground,
    unknown_perpetrator,
)
from .event_context import (
    anchor_date,
    bilateral,
    counterpart,
    country_for_place,
    event_date,
    location,
    other_side,
    principal,
)
from .patterns import Hit, PatternSet, find_hits, load_patterns, pattern_files
from .runner import Analysis, Resources, Stage
from .spans import ActorIndex, sentence_at
from .statements import BASE_CONFIDENCE, plan_statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..lexicon import Lexicon

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"can", "could", "may", "might", "would", "should", "ca"}
INTENT_WORDS = {
    "intend", "plan", "want", "aim", "seek", "hope", "wish", "decide", "determined", "determine",
    "ready", "willing", "eager", "interested", "keen", "prepare", "expect", "vow", "pledge",
    "promise", "commit", "committed", "resolve", "agree", "offer", "prepared", "swear",
}
IMPLIED = {"043": "042", "042": "043"}
COMPLEMENT_DEPS = {"xcomp", "ccomp"}
NOMINAL_DEPS = {"dobj", "nsubjpass", "attr"}
CARRIERS = {"mission", "effort", "bid", "initiative", "process", "campaign", "operation", "drive", "round"}
ASPECT_VERBS = {"begin", "start", "continue", "resume", "renew", "keep", "try", "attempt", "seek", "go"}
OBLIGATION_AUX = {"must", "should"}
CIVILIANS = {"CVL", "REF", "EDU", "LAB", "AGR"}
CIVIL_PROTEST = {"114": "141"}  # "protested": an official complaint by officials, a demonstration by the people
COMPLEMENT_TARGET_ROOTS = {"02", "10", "12", "13"}  # "demanded that X ...", "threatened to cut power to X"
PURPOSE_TARGET_ROOTS = {"14"}  # "blocked roads to press demands on X", "demonstrated calling for X to go"
FORCEFUL_ROOTS = {"14", "15", "17", "18", "19", "20"}  # announced before it happens, a threat
DECISION_VERBS = {"announce", "decide", "declare", "order", "rule"}  # "announced it would cut visas": a measure
DIRECTED_CONFLICT = {"10", "11", "12", "13", "16"}  # aimed at the other side when a report is bilateral
RECIPROCAL_WITH = {"040", "046", "060", "061", "062", "063", "064"}  # consulting, co-operating "with"
COOPERATIVE_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08"}
# statements, appeals and meetings: a city they are made in is their venue, never their target
VENUE_ROOTS = {"01", "02", "04"}
# criticism, rejection and threats whose object is an act ("condemned the measures") answer that act
REACTIONS = {"11", "12", "13"}
ACT_NOUNS = {"measure", "sanction", "decision", "move", "step", "attack", "strike", "remark", "statement",
             "accusation", "allegation", "ban", "restriction", "action", "claim", "expulsion", "raid", "decree"}
# acts that joint subjects do side by side, not to each other: "Iraq and Oman hosted talks", "Egypt and
# Qatar called for a truce", "Japan and Korea sent aid" (code prefixes); the rest, with no other target,
# they do to each other ("Iran and Saudi Arabia agreed", "the two armies clashed")
SIDE_BY_SIDE = ("02", "042", "043", "045", "07")


# --- matching -------------------------------------------------------------------------------


def _modality(tok: Token) -> str:
    chain = [tok]
    t = tok
    while t.dep_ in {"xcomp", "acomp", "pcomp", "prep", "ccomp"} and t.head is not t and len(chain) < 6:
        t = t.head
        chain.append(t)
    words = {c.lower_ for v in chain for c in v.children if c.dep_ in {"aux", "neg", "mark", "auxpass"}}
    lemmas = {v.lemma_.lower() for v in chain[1:]} | {v.lower_ for v in chain[1:]}
    if any(c.dep_ == "neg" for v in chain for c in v.children) or words & {"not", "n't", "never"}:
        return "negated"
    if "would" in words and "if" not in words and any(v.dep_ == "ccomp" and v.head.tag_ == "VBD" for v in chain):
        return "future"  # "said it would recall": the future of reported speech
    if words & {"if", "unless"} or words & HYPOTHETICAL_AUX:
        return "hypothetical"
    if lemmas & INTENT_WORDS:
        return "intended"
    if words & FUTURE_AUX or ("going" in lemmas and "to" in words):
        return "future"
    return "asserted"


def _governing_verb(tok: Token) -> Token:
    t = tok
    for _ in range(4):
        if t.pos_ in {"VERB", "AUX"} or t.head is t:
            return t
        t = t.head
    return t


# --- the coder --------------------------------------------------------------------------------


def _describe(side: _Side | None, actors: dict[str, Actor]) -> str:
    if side is None:
        return "none"
    names = ", ".join(f"{actors[i].name} ({actors[i].code or actors[i].country or '?'})" for i in side.ids)
    return f"'{side.words}' → {names}"


def _governor(tok: Token, hits: dict[int, Hit]) -> Hit | None:
    """The pattern word that governs this event: "agreed [to lift]", "staged [a rally]", "called for [sanctions]"."""
    t = tok
    if t.dep_ == "compound" and t.head.lemma_.lower() in CARRIERS:
        t = t.head  # "undertook a mediation mission", "ended mediation efforts": the carrier's verb governs
    if t.dep_ == "conj" and t.head is not t and t.head.dep_ in COMPLEMENT_DEPS | NOMINAL_DEPS:
        t = t.head
    if t.dep_ in COMPLEMENT_DEPS or (tok.pos_ in {"NOUN", "PROPN"} and t.dep_ in NOMINAL_DEPS):
        head = t.head
    elif t.dep_ in {"pobj", "pcomp"} and t.head.dep_ in {"prep", "agent"} and t.head.head is not t.head:
        head = t.head.head
    else:
        return None
    if head.dep_ in {"xcomp", "ccomp", "dobj"} and head.i not in hits and head.lemma_.lower() in ASPECT_VERBS:
        head = head.head  # "agreed to begin talks", "threatened to start a strike"
    return hits.get(head.i) if head is not tok else None


def _plain_actors(ctx: _Ctx, hit: Hit, light: Token | None) -> tuple[_Side | None, _Side | None, Token | None]:
    tok = hit.tok
    if hit.pattern.kind == "noun":
        source = _nominal_source(ctx, tok) or (_source(ctx, light) if light is not None else None)
        exclude = set(source.ids) if source else set()
        target, via = _target(ctx, tok, exclude, None)
        if target is None and light is not None:
            target, via = _target(ctx, light, exclude, tok)
        if target is None and light is not None and hit.pattern.cameo[:2] in PURPOSE_TARGET_ROOTS:
            target = _complement_target(ctx, light, exclude, purpose=True)  # "staged a rally to demand X"
        return source, target, via
    source = _source(ctx, tok)
    exclude = set(source.ids) if source else set()
    target, via = _target(ctx, tok, exclude, hit.obj)
    root = hit.pattern.cameo[:2]
    if target is None and _purpose(tok):  # "telephoned Kozyrev to discuss", "sent experts to Bosnia to investigate"
        target, via = _target(ctx, tok.head, exclude, None)
    if target is None and (root in COMPLEMENT_TARGET_ROOTS or root in PURPOSE_TARGET_ROOTS):
        target = _complement_target(ctx, tok, exclude, purpose=root in PURPOSE_TARGET_ROOTS,
                                    condition=root == "13")
    return source, target, via


def _purpose(tok: Token) -> bool:
    """An infinitive of purpose or a participle without its own subject: "flew to Moscow to negotiate",
    "shelled the camps, killing ten"."""
    return (tok.dep_ in {"advcl", "xcomp"} and tok.head.pos_ == "VERB" and tok.head is not tok
            and (any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
                 or (tok.tag_ == "VBG" and tok.dep_ == "advcl" and not any(c.dep_ == "mark" for c in tok.children)))
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children))


def _subject(ctx: _Ctx, verb: Token) -> _Side | None:
    return next((_resolve_token(ctx, c) for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"aux", "neg", "mark"}}


def _conditional(tok: Token, only: str | None = None) -> bool:
    marks = {only} if only else {"if", "unless"}
    return any(c.dep_ == "advcl" and any(m.lower_ in marks for m in c.children) for c in tok.children)


def _framed_actors(ctx: _Ctx, frame: Hit, tok: Token, source: _Side | None,
                   target: _Side | None) -> tuple[_Side | None, _Side | None, str]:
    """Source, target and modality of an event composed with the verb that governs it."""
    own = _source(ctx, frame.tok) if frame.pattern.kind != "noun" else _nominal_source(ctx, frame.tok)
    if own is None and (any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children) or (
            frame.pattern.kind != "noun" and any(c.dep_ == "nsubj" and c.tag_ != "PRP" for c in frame.tok.children))):
        source = None  # "officials warn of China's threats", "a group demanded that Mali release": not China's, Mali's
    exclude = set(own.ids) if own else set()
    root = frame.pattern.cameo[:2]
    if root in {"11", "12"}:  # "accused X of shelling", "rejected calls by X": X, else the author of the act
        blamed = _target(ctx, frame.tok, exclude, None)[0]
        author = source if source and own and set(source.ids) != exclude else None
        target = blamed or author or (target if root == "12" else None)  # "refused to meet Togo's demands"
    elif root in {"02", "10"}:  # "urged X to release", "demanded that X withdraw": X
        addressee = _subject(ctx, tok) or _target(ctx, frame.tok, exclude, None)[0]
        target = addressee if addressee and set(addressee.ids) != exclude else target
    elif root == "13" and target is None:  # "threatened to halt the talks unless Washington ...": Washington
        target = (_complement_target(ctx, tok, exclude, condition=True, complements=False)
                  or _complement_target(ctx, frame.tok, exclude, condition=True, complements=False))
    modality = _modality(frame.tok)
    if any(c.dep_ == "neg" for c in tok.children):
        modality = "negated"  # "pledged not to support": the act itself will not happen
    return own or source, target, "intended" if root == "03" and modality == "asserted" else modality


def _reported_demand(ctx: _Ctx, patterns: PatternSet, said: Token, tok: Token, source: _Side | None,
                     code: str) -> tuple[_Side, _Side | None, None, str, str, str] | None:
    """"X said Y must release Z" is X's demand that Y release Z (source, target, via, code, modality, note)."""
    obligation = _aux(tok) & OBLIGATION_AUX
    speaker = _source(ctx, said)
    demanded = patterns.composed("10", code)
    if not obligation or speaker is None or demanded is None or (source and set(speaker.ids) == set(source.ids)):
        return None
    note = f"; '{said.text}' that they '{min(obligation)}' act: a demand, coded {demanded}"
    target = replace(source, pair=False) if source is not None else None  # a demand on both, not between them
    return speaker, target, None, demanded, "asserted", note


def code_events(
    doc: Doc, sentences: Sequence[Sentence], actors: Sequence[Actor], quotes: Sequence[Quote],
    lexicon: Lexicon, patterns: PatternSet, published: str | None = None,
) -> tuple[Event, ...]:
    index = ActorIndex(actors)
    by_id = {a.id: a for a in actors}
    pair_countries, pair_leaders = principal(actors)
    dates = find_dates(doc.text, published)
    ctx = _Ctx(doc, index, actors, quotes, pair_countries, pair_leaders, lexicon, sentences, dates,
               anchor_date(dates, sentences, published), bilateral(actors, pair_countries))
    hits = find_hits(doc, patterns)
    framed: dict[int, tuple[Hit, str]] = {}  # complement token -> (governor, composed code)
    inner: set[int] = set()  # frames composed into an outer governor
    for hit in hits.values():
        gov = _governor(hit.tok, hits)
        if gov is not None and gov.pattern.role == "light":
            gov = _governor(gov.tok, hits)  # "threatened to stage a strike", "accused X of starting the fighting"
        if gov is None or gov.pattern.role not in {"event", "frame"} or hit.pattern.role != "event":
            continue
        code = patterns.composed(gov.pattern.cameo, hit.pattern.cameo)
        if code is None:
            continue
        framed[hit.tok.i] = (gov, code)
        # a frame, or an event that turns into another kind with its complement ("halt the fighting" is a
        # de-escalation), composes once more with what governs it: "urged them to halt the fighting"
        recast = gov.pattern.role == "frame" or code[:2] != gov.pattern.cameo[:2]
        outer = _governor(gov.tok, hits) if recast else None
        outer_code = patterns.composed(outer.pattern.cameo, code) if outer and outer.pattern.role == "event" else None
        if outer is not None and outer_code is not None:  # "threatened to stop the talks": a threat to halt talks
            inner.add(gov.tok.i)
            framed[hit.tok.i] = (outer, outer_code)
    consumed = {gov.tok.i for gov, _ in framed.values()} | inner
    raw: list[Event] = []
    for hit in hits.values():
        tok, pattern = hit.tok, hit.pattern
        if pattern.role != "event" or tok.i in inner or (tok.i in consumed and tok.i not in framed):
            continue
        if pattern.kind == "noun" and index.in_span(tok.idx, tok.idx + len(tok.text)) is not None:
            continue  # a word of a name: the "Treaty" of an organisation, the "Summit" of a place
        gov = _governor(tok, hits)
        if pattern.kind == "noun" and pattern.cameo[:2] == "01" and gov is not None and gov.pattern.role == "speech":
            continue  # "said in a statement": the speech verb makes the statement
        support = gov.tok if gov is not None and gov.pattern.role != "event" else None
        light = support if pattern.kind == "noun" else None
        source, target, via = _plain_actors(ctx, hit, light)
        code, note = pattern.cameo, ""
        verb = tok if pattern.kind != "noun" else (support or _governing_verb(tok))
        modality = _modality(verb)
        trigger = tok
        if tok.i in framed:
            frame, code = framed[tok.i]
            source, target, modality = _framed_actors(ctx, frame, tok, source, target)
            note = f"; governed by '{frame.tok.text}' ({frame.pattern.cameo}), coded {code}"
            trigger = frame.tok
        else:
            code, note = _recode(patterns, lexicon, hit, verb, modality, support, code)
            if pattern.kind != "noun" and gov is not None and gov.pattern.role == "speech":
                demand = _reported_demand(ctx, patterns, gov.tok, tok, source, code)
                if demand is not None:
                    source, target, via, code, modality, note = demand
        if source is not None and target is not None and code[:2] in COOPERATIVE_ROOTS and (
                home_ground(ctx, source, target, via) or code[:2] in VENUE_ROOTS and _venue(ctx, target, via, tok)):
            target = None  # a truce at home, or talks in a city, are not aimed at the place itself
        if target is not None and via is not None and via.head.lower_ == "with" and code[:3] in RECIPROCAL_WITH:
            target = replace(target, pair=True)  # "held talks with Y", "shared intelligence with Y": both ways
        if code[:2] == "03" and modality == "asserted":
            modality = "intended"  # an expressed intent to co-operate
        if code in CIVIL_PROTEST and source is not None and _civilian(source, by_id):
            code, note = CIVIL_PROTEST[code], note + f"; a protest by civilians is a demonstration, coded {code}"
        if source is None and target is not None and target.pair and len(target.ids) >= 2:
            source, target = _Side(target.ids[:1], target.words, True), _Side(target.ids[1:], target.words, True)
        by_bomb = bombing(hit, code)
        if by_bomb is not None:
            code, note = by_bomb, note + f"; the work of a bomb or a bomber, coded {by_bomb}"
        if source is None and unknown_perpetrator(hit, verb, target, via, modality, hits):
            source, note = _Side((), ""), note + "; a known victim of an unnamed perpetrator"
        elif source is None or not source.ids:
            continue
        if pattern.cameo[:2] == "04" and source.ids and all(by_id[i].sector in CIVILIANS for i in source.ids):
            continue  # people travelling or meeting are not diplomatic visits
        confidence = (0.5 - 0.3 * (not source.ids) + 0.1 * (pattern.specificity > 0)
                      - 0.1 * (pattern.kind == "noun" and light is None) + 0.1 * bool(note)
                      - 0.15 * (trigger.dep_ == "conj" and trigger.head.i in hits))  # the first of joined acts leads
        reason = (f"pattern '{pattern.text}' ({pattern.cameo}) matched '{tok.text}'{note}; "
                  f"source {_describe(source, by_id)}; target {_describe(target, by_id)}"
                  + (f"; via '{via.text}'" if via is not None and target else ""))
        raw.extend(_emit(ctx, code, source, target, tok, trigger, modality, confidence, reason))
    for hit in hits.values():
        if hit.pattern.role == "speech":
            raw.extend(_statement(ctx, hit.tok, raw))
    raw = _reactions(ctx, raw)
    unique: dict[tuple, Event] = {}
    for e in raw:
        unique.setdefault((e.sentence, e.cameo, e.source, e.target, e.trigger.start), e)
    return tuple(replace(e, id=f"E{n}") for n, e in enumerate(unique.values(), 1))


def _reactions(ctx: _Ctx, events: list[Event]) -> list[Event]:
    """ "Moscow condemned the measures": criticism or rejection of an unnamed act, with no target of its own, is
    aimed at whoever last acted against the critic in the text before it."""
    by_id, out = ctx.by_id, []
    for e in events:
        trigger = ctx.doc.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand")
        obj = next((c for c in trigger.root.children if c.dep_ == "dobj"), None) if trigger is not None else None
        if (e.target or not e.source or e.cameo[:2] not in REACTIONS or obj is None
                or obj.lemma_.lower() not in ACT_NOUNS or any(c.dep_ == "poss" for c in obj.children)):
            out.append(e)
            continue
        mine = {by_id[i].country for i in e.source if by_id[i].country}
        earlier = [p for p in out if p.trigger.start < e.trigger.start and p.target and p.cameo[:2] not in {"01"}
                   and mine & {by_id[i].country for i in p.target} and not mine & {by_id[i].country for i in p.source}]
        if not mine or not earlier:
            out.append(e)
            continue
        actor = earlier[-1].source
        who = ", ".join(by_id[i].name for i in actor)
        out.append(replace(e, target=actor, reason=e.reason + f"; target: {who}, whose act '{obj.text}' answers"))
    return out


def _statement(ctx: _Ctx, verb: Token, coded: Sequence[Event]) -> list[Event]:
    """The statement a speech verb makes, by the rules of :mod:`.statements`."""
    if verb.dep_ == "acl":
        return []  # "signed a statement announcing ...": the document speaks, its signers' acts are coded
    speaker = _source(ctx, verb) or _preceding_speaker(ctx, verb)
    if speaker is None:
        return []

    def resolve(tok: Token) -> tuple[str, ...] | None:
        side = _resolve_token(ctx, tok)
        return side.ids if side else None

    plan = plan_statement(verb, speaker.ids, ctx.actors, resolve, coded, bilateral=bool(ctx.bilateral))
    if plan is None:
        return []
    if plan.speaker and plan.speaker != speaker.ids:
        speaker = _Side(plan.speaker, speaker.words, len(plan.speaker) > 1 and speaker.pair)
    target = _Side(plan.target, "") if plan.target else None
    reason = (f"speech verb '{verb.text}'{plan.note}; source {_describe(speaker, ctx.by_id)}; "
              f"target {_describe(target, ctx.by_id)}")
    return _emit(ctx, plan.code, speaker, target, verb, verb, _modality(verb),
                 BASE_CONFIDENCE, reason, residual=True)


def _preceding_speaker(ctx: _Ctx, verb: Token) -> _Side | None:
    """The speaker of "..., the Syrian Observatory, or SOHR, said" when the parse gave the verb no subject:
    the actor named just before it."""
    if any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children) or verb.i == 0:
        return None
    prev = verb.doc[verb.i - 1]
    if prev.is_punct and prev.i > 0:
        prev = verb.doc[prev.i - 1]
    return _resolve_token(ctx, prev) if prev.pos_ in {"PROPN", "NOUN"} else None


def _emit(ctx: _Ctx, code: str, source: _Side, target: _Side | None, tok: Token, trigger: Token, modality: str,
          confidence: float, reason: str, residual: bool = False) -> list[Event]:
    """The event of a coded trigger (and the visit a hosting implies), with its place, date and quote.

    A residual event (a statement) gains no confidence from its target: it stays below the events it reports."""
    by_id = ctx.by_id
    together = source.pair and code.startswith(SIDE_BY_SIDE)  # joint hosts or donors, not each other's
    symmetric = (source.pair and not together) or (target.pair if target else False)
    src_ids, tgt_ids = source.ids, target.ids if target else ()
    if source.pair and not together and not tgt_ids and len(src_ids) >= 2:
        src_ids, tgt_ids = src_ids[:1], src_ids[1:]
    tgt_ids = tuple(country_for_place(i, by_id, ctx.actors) for i in tgt_ids)
    tgt_ids = other_side(src_ids, tuple(i for i in tgt_ids if i not in src_ids), by_id)
    implied_target = ""
    if not tgt_ids and not residual_people(src_ids, by_id):
        # a co-operative act's other side is the other principal country; a statement's or a conflictual
        # act's only when the report is about those two countries alone (a mediator is no target)
        pair = (ctx.bilateral if residual or code[:2] in DIRECTED_CONFLICT
                else bilateral(ctx.actors, ctx.pair_countries, share=1.0) if code[:2] in COOPERATIVE_ROOTS
                else ())
        tgt_ids = counterpart(src_ids, pair, by_id)
        implied_target = "; target implied: the other country of this bilateral report" if tgt_ids else ""
    places = [a for a in ctx.actors if a.kind == "place"]
    dateline_place = next((a.id for a in places if any(m.start == 0 for m in a.mentions)), None)
    sentence = sentence_at(ctx.sentences, tok.idx)
    date, date_text = event_date(ctx.dates, ctx.sentences[sentence], tok.idx, modality, ctx.anchor)
    quote = _quote_at(ctx.quotes, tok.idx)
    where = location(ctx.doc, ctx.sentences[sentence], places) or dateline_place
    if not residual:
        confidence += 0.2 * bool(tgt_ids) - 0.1 * bool(implied_target)
    confidence = round(min(confidence, 0.95), 2)
    out = [_event(ctx.lexicon, code, sentence, src_ids, tgt_ids, symmetric, trigger, modality, date,
                  date_text, where, quote, confidence, reason + implied_target)]
    implied = IMPLIED.get(code)
    if implied and tgt_ids and not symmetric:
        out.append(_event(ctx.lexicon, implied, sentence, tgt_ids, src_ids, False, trigger, modality, date,
                          date_text, where, quote, round(confidence - 0.1, 2),
                          f"implied by '{tok.text}' ({code}): the other side of the visit; " + reason))
    return out


def _venue(ctx: _Ctx, target: _Side, via: Token | None, tok: Token) -> bool:
    """A place reached by "in" or "at" is where something is said or held: "met in Brussels", "called for
    talks in Jeddah"."""
    by_id = ctx.by_id
    if not all(i in by_id and by_id[i].kind == "place" for i in target.ids):
        return False
    if via is not None:
        return via.head.lower_ in {"in", "at"}
    sent = tok.sent
    for i in target.ids:
        for m in by_id[i].mentions:
            span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and sent.start <= span.root.i < sent.end and span.root.head.lower_ not in {"in", "at"}:
                return False
    return True


def residual_people(src_ids: tuple[str, ...], by_id: dict[str, Actor]) -> bool:
    """Civilians and protesters act at home: their untargeted acts imply no foreign target."""
    return all(by_id[i].sector in CIVILIANS for i in src_ids)


def _recode(patterns: PatternSet, lexicon: Lexicon, hit: Hit, verb: Token, modality: str,
            support: Token | None, code: str) -> tuple[str, str]:
    """A co-operative act only promised is an intent (03), a conflictual one on a condition a threat (13),
    a co-operative one that will not happen a refusal (12)."""
    root = code[:2]
    nominal_alone = hit.pattern.kind == "noun" and support is None
    if modality in {"future", "hypothetical"} and _conditional(verb, "unless" if root < "14" else None):
        threat = patterns.composed("13", code)
        if threat:
            return threat, f"; a conditional '{lexicon.cameo_code(code).label.lower()}' is a threat, coded {threat}"
    if (modality in {"future", "intended"} and root in FORCEFUL_ROOTS and not nominal_alone
            and not (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in DECISION_VERBS)):
        threat = patterns.composed("13", code)
        if threat:
            label = lexicon.cameo_code(code).label.lower()
            return threat, f"; a {modality} '{label}' announced is a threat, coded {threat}"
    if modality in {"future", "intended"} and root in {"04", "05", "06", "07", "08"} and not nominal_alone:
        intent = patterns.composed("03", code)
        if intent:
            label = lexicon.cameo_code(code).label.lower()
            return intent, f"; a {modality} '{label}' is an intent, coded {intent}"
    if modality == "negated" and root in COOPERATIVE_ROOTS and _aux(verb) & (FUTURE_AUX | {"would"}):
        refusal = patterns.composed("12", code)
        if refusal:
            return refusal, f"; a co-operative act that will not happen is a refusal, coded {refusal}"
    return code, ""


def _event(lexicon: Lexicon, code: str, sentence: int, source: tuple[str, ...], target: tuple[str, ...],
           symmetric: bool, tok: Token, modality: str, date: str | None, date_text: str | None,
           location: str | None, quote: Quote | None, confidence: float, reason: str) -> Event:
    cameo = lexicon.cameo_code(code)
    plover = lexicon.plover_for(code)
    return Event(
        id="", sentence=sentence, source=source, target=target, cameo=code,
        trigger=Span(tok.idx, tok.idx + len(tok.text), tok.text), symmetric=symmetric,
        cameo_label=cameo.label, goldstein=cameo.goldstein, quad_class=cameo.quad_class,
        plover=Plover(plover.type, plover.mode, plover.context) if plover else None,
        modality=modality, date=date, date_text=date_text, location=location,  # type: ignore[arg-type]
        quote=quote.id if quote else None, confidence=confidence, reason=reason,
    )


def events(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    patterns = load_patterns(pattern_files(settings.lexicon))
    found = code_events(analysis.doc, analysis.sentences, analysis.actors, analysis.quotes,
                        resources.lexicon, patterns, analysis.document.published)
    return replace(analysis, events=found)


STAGE = Stage("events/1", requires=("parse", "actors", "quotes"), provides=("events",), run=events)
