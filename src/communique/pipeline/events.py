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

Hosting implies a visit the other way (043 ⇄ 042). A meeting or visit that is
only announced or intended is coded as the intent to meet (036), as CAMEO
asks. Each event carries its modality, date, place, quote and a reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import Actor, Event, Plover, Quote, Sentence, Span
from ..settings import Settings
from .dates import DateMention, find_dates
from .patterns import Pattern, PatternSet, load_patterns, pattern_files
from .runner import Analysis, Resources, Stage
from .spans import ActorIndex, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..lexicon import Lexicon

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
TARGET_PREPS = ("to", "with", "against", "on", "for", "from", "at", "toward", "towards", "in")
PAIR_WORDS = {"two", "both"}
COUNTRY_NOUNS = {"country", "nation", "side", "state", "government", "capital", "neighbor", "neighbour"}
LEADER_NOUNS = {"president", "leader", "minister", "premier", "head", "counterpart"}
FIRST_PERSON = {"we", "i", "us", "me", "our", "my"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"can", "could", "may", "might", "would", "should", "ca"}
INTENT_WORDS = {
    "intend", "plan", "want", "aim", "seek", "hope", "wish", "decide", "determined", "determine",
    "ready", "willing", "eager", "interested", "keen", "prepare", "expect", "vow", "pledge",
    "promise", "commit", "committed", "resolve",
}
IMPLIED = {"043": "042", "042": "043"}
CIVILIANS = {"CVL", "REF", "EDU", "LAB", "AGR"}
COOPERATIVE_ROOTS = {"01", "02", "03", "04", "05", "06", "07", "08"}


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


# --- actors of a slot -------------------------------------------------------------------------


def _quote_at(quotes: Sequence[Quote], char: int) -> Quote | None:
    return next((q for q in quotes if q.kind == "direct" and q.start <= char < q.end), None)


def _resolve_token(ctx: _Ctx, tok: Token) -> _Side | None:
    """The actors a noun phrase head stands for."""
    lower = tok.lower_
    if lower in FIRST_PERSON:
        quote = _quote_at(ctx.quotes, tok.idx)
        if quote and quote.speaker:
            if lower in {"we", "us", "our"} and any(c.lower_ == "both" for c in tok.children):
                return _Side(ctx.pair_countries, tok.text, pair=True) if len(ctx.pair_countries) == 2 else None
            return _Side((quote.speaker,), tok.text)
        return None
    numbers = {c.lower_ for c in tok.children if c.dep_ in {"nummod", "det", "predet", "amod"}}
    if (numbers & PAIR_WORDS) or lower in {"both", "each"}:
        lemma = tok.lemma_.lower()
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
        found = ctx.index.in_span(left.idx, tok.idx + len(tok.text)) if left.i < tok.i else None
    if found is None:
        return None
    ids = [found]
    for conj in tok.conjuncts:
        other = ctx.index.in_span(conj.idx, conj.idx + len(conj.text))
        if other and other not in ids:
            ids.append(other)
    return _Side(tuple(ids), _words(tok), pair=len(ids) > 1)


def _words(tok: Token) -> str:
    return tok.doc[tok.left_edge.i:tok.i + 1].text


def _source(ctx: _Ctx, verb: Token) -> _Side | None:
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    v = verb
    for _ in range(4):
        if passive:
            for c in v.children:
                if c.dep_ == "agent":
                    for pobj in c.children:
                        side = _resolve_token(ctx, pobj)
                        if side:
                            return side
        for c in v.children:
            if c.dep_ in {"nsubj", "csubj"}:
                return _resolve_token(ctx, c)
        if v.dep_ in {"xcomp", "advcl", "conj", "acomp", "pcomp"} and v.head is not v:
            v = v.head
            if v.pos_ == "ADP" and v.head is not v:
                v = v.head
            passive = False
        else:
            return None
    return None


def _target(ctx: _Ctx, head: Token, exclude: set[str], obj: Token | None) -> tuple[_Side | None, Token | None]:
    """(target, the preposition or object that gave it)."""
    passive = any(c.dep_ == "auxpass" for c in head.children)
    candidates: list[Token] = []
    for c in head.children:
        if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
            candidates.append(c)
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
        side = _resolve_token(ctx, cand)
        if side and not set(side.ids) <= exclude:
            ids = tuple(i for i in side.ids if i not in exclude)
            between = cand.head.lower_ == "between"
            return _Side(ids, side.words, side.pair or between), cand
    return None, None


# --- matching -------------------------------------------------------------------------------


def _object_of(tok: Token) -> Token | None:
    passive = any(c.dep_ == "auxpass" for c in tok.children)
    for c in tok.children:
        if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
            return c
    return None


def _match(patterns: PatternSet, tok: Token) -> tuple[Pattern, Token | None] | None:
    kind = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}.get(tok.pos_)
    if kind is None:
        return None
    lemma = tok.lemma_.lower()
    obj = _object_of(tok) if kind == "verb" else None
    preps = {c.lower_ for c in tok.children if c.dep_ in {"prep", "prt", "agent", "dative"}}
    for p in patterns.candidates(kind, lemma):
        if p.obj is not None:
            if obj is None or obj.lemma_.lower() not in {p.obj, p.obj + "s"} and obj.lower_ not in {p.obj, p.obj + "s"}:
                continue
        if p.prep is not None and p.prep not in preps:
            continue
        return p, (obj if p.obj else None)
    return None


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
    if "if" in words or words & HYPOTHETICAL_AUX:
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


def _principal(actors: Sequence[Actor]) -> tuple[tuple[str, ...], tuple[str, ...]]:
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


def _describe(side: _Side | None, actors: dict[str, Actor]) -> str:
    if side is None:
        return "none"
    names = ", ".join(f"{actors[i].name} ({actors[i].code or actors[i].country or '?'})" for i in side.ids)
    return f"'{side.words}' → {names}"


def code_events(
    doc: Doc, sentences: Sequence[Sentence], actors: Sequence[Actor], quotes: Sequence[Quote],
    lexicon: Lexicon, patterns: PatternSet, published: str | None = None,
) -> tuple[Event, ...]:
    index = ActorIndex(actors)
    by_id = {a.id: a for a in actors}
    pair_countries, pair_leaders = _principal(actors)
    ctx = _Ctx(doc, index, actors, quotes, pair_countries, pair_leaders)
    dates = find_dates(doc.text, published)
    anchor = _anchor_date(dates, sentences, published)
    places = [a for a in actors if a.kind == "place"]
    dateline_place = next((a.id for a in places if any(m.start == 0 for m in a.mentions)), None)
    raw: list[Event] = []
    light_objects: set[int] = set()
    for tok in doc:
        matched = _match(patterns, tok)
        if matched is None or tok.i in light_objects:
            continue
        pattern, obj = matched
        if obj is not None:
            light_objects.add(obj.i)
        if pattern.kind == "noun":
            source = _nominal_source(ctx, tok)
            target, via = _target(ctx, tok, set(source.ids) if source else set(), None)
            verb = _governing_verb(tok)
        else:
            source = _source(ctx, tok)
            target, via = _target(ctx, tok, set(source.ids) if source else set(), obj)
            verb = tok
        if source is None and target is not None and target.pair and len(target.ids) >= 2:
            source, target = _Side(target.ids[:1], target.words, True), _Side(target.ids[1:], target.words, True)
        if source is None or not source.ids:
            continue
        symmetric = source.pair or (target.pair if target else False)
        src_ids, tgt_ids = source.ids, target.ids if target else ()
        if source.pair and not tgt_ids and len(src_ids) >= 2:
            src_ids, tgt_ids = src_ids[:1], src_ids[1:]
        tgt_ids = tuple(_country_for_place(i, by_id, actors) for i in tgt_ids)
        tgt_ids = _other_side(src_ids, tuple(i for i in tgt_ids if i not in src_ids), by_id)
        if pattern.cameo[:2] == "04" and all(by_id[i].sector in CIVILIANS for i in src_ids):
            continue  # people travelling or meeting are not diplomatic visits
        implied_target = ""
        if not tgt_ids and pattern.cameo[:2] in COOPERATIVE_ROOTS:
            tgt_ids = _counterpart(src_ids, pair_countries, by_id)
            implied_target = "; target implied: the other country of this bilateral report" if tgt_ids else ""
        modality = _modality(verb)
        code = pattern.cameo
        note = ""
        if code[:2] == "04" and code != "040" and modality in {"future", "intended"} and pattern.kind != "noun":
            code, note = "036", f"; a {modality} {lexicon.cameo_code(pattern.cameo).label.lower()} is coded 036"
        sentence = sentence_at(sentences, tok.idx)
        date, date_text = _event_date(dates, sentences[sentence], tok.idx, modality, anchor)
        quote = _quote_at(quotes, tok.idx)
        location = _location(ctx, sentences[sentence], places) or dateline_place
        confidence = 0.5 + 0.2 * bool(tgt_ids) - 0.1 * bool(implied_target) + 0.1 * (pattern.specificity > 0) - 0.1 * (pattern.kind == "noun")
        reason = (f"pattern '{pattern.text}' ({pattern.cameo}) matched '{tok.text}'{note}; "
                  f"source {_describe(source, by_id)}; target {_describe(target, by_id)}"
                  + (f"; via '{via.text}'" if via is not None and target else "") + implied_target)
        raw.append(_event(lexicon, code, sentence, src_ids, tgt_ids, symmetric, tok, modality, date,
                          date_text, location, quote, round(min(confidence, 0.95), 2), reason))
        implied = IMPLIED.get(code)
        if implied and tgt_ids and not symmetric:
            raw.append(_event(lexicon, implied, sentence, tgt_ids, src_ids, False, tok, modality, date,
                              date_text, location, quote, round(min(confidence, 0.95) - 0.1, 2),
                              f"implied by '{tok.text}' ({code}): the other side of the visit; " + reason))
    unique: dict[tuple, Event] = {}
    for e in raw:
        unique.setdefault((e.sentence, e.cameo, e.source, e.target, e.trigger.start), e)
    return tuple(replace(e, id=f"E{n}") for n, e in enumerate(unique.values(), 1))


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


def _other_side(src_ids: tuple[str, ...], tgt_ids: tuple[str, ...], by_id: dict[str, Actor]) -> tuple[str, ...]:
    """Drop targets of the source's own country when targets of another country remain."""
    own = {by_id[i].country for i in src_ids}
    others = tuple(i for i in tgt_ids if by_id[i].country not in own)
    return others or tgt_ids


def _counterpart(src_ids: tuple[str, ...], pair: tuple[str, ...], by_id: dict[str, Actor]) -> tuple[str, ...]:
    """In a report about two countries, the country on the other side from the source."""
    if len(pair) != 2:
        return ()
    own = {by_id[i].country for i in src_ids}
    other = [i for i in pair if by_id[i].country not in own]
    return tuple(other) if len(other) == 1 and len(own & {by_id[i].country for i in pair}) == 1 else ()


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


def _country_for_place(actor_id: str, by_id: dict[str, Actor], actors: Sequence[Actor]) -> str:
    """A place as a target stands for its country (its country actor when the text has one)."""
    a = by_id[actor_id]
    if a.kind != "place" or not a.country:
        return actor_id
    country = next((x for x in actors if x.kind == "country" and x.country == a.country and not x.sector), None)
    return country.id if country else actor_id


def _location(ctx: _Ctx, sentence: Sentence, places: Sequence[Actor]) -> str | None:
    for place in places:
        for m in place.mentions:
            if sentence.start <= m.start < sentence.end and m.start > 0:
                tok = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
                if tok is not None and tok.root.head.lower_ in {"in", "at", "to"}:
                    return place.id
    return None


def _anchor_date(dates: Sequence[DateMention], sentences: Sequence[Sentence], published: str | None) -> str | None:
    """The story's date: the first resolved date of its lead, else the publication date."""
    lead_end = sentences[min(1, len(sentences) - 1)].end if sentences else 0
    for d in dates:
        if d.start < lead_end and d.date:
            return d.date
    return published


def _event_date(dates: Sequence[DateMention], sentence: Sentence, char: int, modality: str,
                anchor: str | None) -> tuple[str | None, str | None]:
    inside = [d for d in dates if sentence.start <= d.start < sentence.end]
    if inside:
        nearest = min(inside, key=lambda d: abs(d.start - char))
        return nearest.date, nearest.text
    return (anchor, None) if modality == "asserted" else (None, None)


def events(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    patterns = load_patterns(pattern_files(settings.lexicon))
    found = code_events(analysis.doc, analysis.sentences, analysis.actors, analysis.quotes,
                        resources.lexicon, patterns, analysis.document.published)
    return replace(analysis, events=found)


STAGE = Stage("events/1", requires=("parse", "actors", "quotes"), provides=("events",), run=events)
