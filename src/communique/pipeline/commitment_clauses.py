"""Commitments read from spaCy's parse: promises, policies, agreements without a signing event, casualty counts.

The cues are data (``data/commitments.tsv``, loaded by :mod:`.commitments`); the rules are here:

* **promise**: an act verb with a commitment marker: its own "will"/"shall" (or "would" in reported past
  speech), an infinitive under "pledged", "vowed", "intends", "is determined" …, or "is to"; the marker
  itself not negated ("pledged not to support" is a promise, "will not" is not); an actor as subject; not a
  stative verb ("will be able", "will lead to") and not a general wish ("expand relations", "play a role");
* **agreement**: joint parties that "agreed to" do something, or an instrument ("ceasefire", "agreement",
  "memorandum") reached, brokered, in force or wanted; "the agreement" later on is the same one;
* **policy**: an act of state on its own ("expelled six diplomats", "would recall its ambassador",
  "ordering diplomats to leave", "a decision to reduce visas"), one per percent when a sentence gives
  several groups their own rate ("for X by 50 percent and for Y by 30 percent");
* **indicator**: a count whose noun was killed, died or was wounded ("49 soldiers had been killed").

Acts set in a year before the document's are background, not commitments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Span
from .commitment_parties import (
    PLURAL,
    SPEECH,
    Context,
    Found,
    Tables,
    actors_in,
    countries_of,
    others,
    principal_countries,
    resolve,
    subject,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

FUTURE = {"will", "shall", "'ll"}
HYPOTHETICAL = {"could", "might", "may", "can", "should", "must", "if", "unless"}
REFERENCES = {"the", "this", "that"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
DECISIONS = {"decision", "measure", "move", "plan"}
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


# --- phrases ---------------------------------------------------------------------------------


def phrase(tok: Token, limit: int = 14, skip_conj: bool = True) -> tuple[str, int, int]:
    """The words of a head and what follows it in its clause (a noun's modifiers before it too): cut at a
    comma, a semicolon, a relative clause or a verb conjunct; at most ``limit`` words, no dangling "of"."""
    skip: set[int] = set()
    for c in tok.children:
        if c.dep_ == "relcl" or (skip_conj and c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
            skip.update(t.i for t in c.subtree)
            skip.update(t.i for t in c.lefts if t.dep_ in {"cc", "aux"})
    if skip_conj:
        skip.update(c.i for c in tok.children if c.dep_ == "cc" and c.i > tok.i)
    first = tok.left_edge.i if tok.pos_ in {"NOUN", "PROPN"} else tok.i
    words: list[Token] = []
    for t in tok.subtree:
        if t.i < first or t.i in skip:
            continue
        if t.i > tok.i and t.text in {",", ";", ":", "—", "–", "(", "“", "”", '"'}:
            break
        if words and t.i != words[-1].i + 1:
            break
        words.append(t)
    words = words[:limit]
    while words and words[-1].i > tok.i and (words[-1].is_punct
                                             or words[-1].pos_ in {"ADP", "DET", "CCONJ", "PART"}):
        words.pop()
    if not words:
        return tok.text, tok.idx, tok.idx + len(tok.text)
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    text = tok.doc[words[0].i:words[-1].i + 1].text  # a span's text: doc.text would rebuild the whole text
    if any(c.dep_ == "neg" for c in tok.children) and tok.pos_ in {"VERB", "AUX"}:
        text = f"not {text}"
    return text, start, end


def _historical(ctx: Context, tok: Token) -> bool:
    """True when the act or a clause above it is set in a year before the document's."""
    if ctx.year is None:
        return False
    t = tok
    for _ in range(8):
        for c in t.children:
            if c.dep_ in {"prep", "npadvmod", "advmod"}:
                years = [int(y) for y in YEAR.findall(" ".join(w.text for w in c.subtree))]
                if years and max(years) < ctx.year:
                    return True
        if t.head is t:
            return False
        t = t.head
    return False


def _sentence_span(tok: Token) -> Span:
    s = tok.sent
    return Span(s.start_char, s.end_char)


def _aux(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass", "mark"}}


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _reported_would(tok: Token) -> bool:
    t = tok
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return t.dep_ == "ccomp" and t.head.tag_ == "VBD"


# --- promises and agreements to act ----------------------------------------------------------


def marker(ctx: Context, tok: Token) -> str | None:
    """The status a commitment marker gives an act verb, or None: "promised", "intended", "planned"."""
    aux = _aux(tok)
    if aux & HYPOTHETICAL or not (tok.tag_ == "VB" or (tok.tag_ == "VBG" and tok.dep_ == "pcomp")):
        return None
    if aux & FUTURE or ("would" in aux and _reported_would(tok)):
        return None if _negated(tok) else "promised"
    head = tok.head
    if tok.dep_ == "xcomp" and "to" in aux:
        word = head.lemma_.lower() if head.lemma_.lower() in ctx.tables.pledges else head.lower_
        if word in ctx.tables.pledges and not _negated(head) and not (_aux(head) & HYPOTHETICAL):
            return ctx.tables.pledges[word]
        if head.lemma_ == "be" and head.dep_ in {"ROOT", "ccomp", "conj"}:
            return "planned"
    if tok.dep_ == "pcomp" and head.lower_ == "to" and head.head.lower_ in ctx.tables.pledges:
        return ctx.tables.pledges[head.head.lower_]
    if tok.dep_ == "conj" and head.pos_ in {"VERB", "AUX"} and not aux & (FUTURE | {"would"}):
        return marker(ctx, head)
    return None


def _act_class(ctx: Context, tok: Token) -> str:
    lemma = tok.lemma_.lower()
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "attr"}), None)
    if obj is not None and obj.lemma_.lower() in ctx.tables.same:
        return ctx.tables.same[obj.lemma_.lower()]
    return ctx.tables.same.get(lemma, f"{lemma} {obj.lemma_.lower() if obj is not None else ''}".strip())


def _vague(ctx: Context, tok: Token) -> bool:
    verbs = [tok, *(c for c in tok.children if c.dep_ == "xcomp")]
    objects = [c for v in verbs for c in v.children if c.dep_ in {"dobj", "attr"}]
    return tok.lemma_.lower() in ctx.tables.stative or any(
        o.lemma_.lower() in ctx.tables.vague or o.lower_ in ctx.tables.vague for o in objects)


def _plural_subject(ctx: Context, subj: Token | None, by: tuple[str, ...]) -> bool:
    return len(by) > 1 or (subj is not None and (subj.lower_ in PLURAL or subj.tag_ in {"NNS", "NNPS"}))


def promises(ctx: Context) -> list[Found]:
    out: list[Found] = []
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.dep_ in {"amod", "acl", "relcl", "compound"}:
            continue
        head = tok.head
        if tok.dep_ == "xcomp" and head.lemma_.lower() == "agree":
            out.extend(_agreed(ctx, tok))
            continue
        status = marker(ctx, tok)
        if status is None or _vague(ctx, tok) or _is_policy(ctx, tok):
            continue
        subj = subject(tok)
        by = resolve(ctx, subj)
        if not by:
            continue
        what, start, end = phrase(tok)
        aimed_at = others(ctx, actors_in(ctx, start, end), by)[:1]
        key = f"promise|{','.join(countries_of(ctx, by))}|{_act_class(ctx, tok)}"
        out.append(Found("promise", what, key, by, aimed_at, status, evidence=(_sentence_span(tok),)))
    return out


def _agreed(ctx: Context, tok: Token) -> list[Found]:
    """ "X and Y agreed to resume relations and to reopen embassies": an agreement; one party: a promise."""
    head = tok.head
    if _negated(head) or _aux(head) & HYPOTHETICAL or _historical(ctx, head):
        return []
    subj = subject(head)
    by = resolve(ctx, subj)
    if not by:
        return []
    what, start, end = phrase(tok, limit=18, skip_conj=False)
    durations = tuple(q.id for q in ctx.quantities if q.kind == "duration" and start <= q.start < end)
    span = (_sentence_span(tok),)
    if _plural_subject(ctx, subj, by):
        return [Found("agreement", what, f"agreement|{what}", by, (), "agreed", durations, span)]
    key = f"promise|{','.join(countries_of(ctx, by))}|{_act_class(ctx, tok)}"
    return [Found("promise", what, key, by, (), "agreed", durations, span)]


# --- policies --------------------------------------------------------------------------------


def _policy_entry(ctx: Context, tok: Token) -> tuple[str, str] | None:
    lemma = tok.lemma_.lower()
    for c in tok.children:
        if c.dep_ == "xcomp" and f"{lemma}>{c.lemma_.lower()}" in ctx.tables.acts:
            return ctx.tables.acts[f"{lemma}>{c.lemma_.lower()}"]
    return ctx.tables.acts.get(lemma)


def _is_policy(ctx: Context, tok: Token) -> bool:
    return _policy_entry(ctx, tok) is not None and _stands_alone(tok)


def _stands_alone(tok: Token) -> bool:
    """An act reported for itself: a main or reported clause, a conjunct of one, "responded by doing",
    "a decision to do"; not the content of a pledge, a wish or an agreement."""
    t = tok
    for _ in range(4):
        if t.dep_ == "ROOT" or (t.dep_ == "ccomp" and t.head.lemma_.lower() in SPEECH):
            return True
        if t.dep_ == "conj" or (t.dep_ == "pcomp" and t.head.lower_ == "by"):
            t = t.head if t.dep_ == "conj" else t.head.head
            continue
        return t.dep_ == "acl" and t.head.lemma_.lower() in DECISIONS
    return False


def _counterpart(ctx: Context, by: tuple[str, ...]) -> tuple[str, ...]:
    """The principal country that is not the actor's own: whom a recall or a withdrawal is aimed at."""
    own = set(countries_of(ctx, by))
    return next(((a.id,) for a in ctx.actors if a.id in ctx.principal[:2] and a.country not in own), ())


def _announced(tok: Token) -> bool:
    t = tok
    while t.dep_ == "conj" and not _aux(t) and t.head is not t:
        t = t.head
    aux = _aux(t)
    return bool(aux & FUTURE) or "would" in aux or (t.tag_ == "VBG" and bool(aux & {"was", "is", "are", "were"})) \
        or t.dep_ == "acl"


def _policy_by(ctx: Context, tok: Token, passive: bool) -> tuple[str, ...]:
    if passive:
        agent = next((g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        return resolve(ctx, agent)
    if tok.dep_ == "acl":
        return actors_in(ctx, tok.head.left_edge.idx, tok.head.idx + len(tok.head.text))
    return resolve(ctx, subject(tok))


def policies(ctx: Context) -> list[Found]:
    out: list[Found] = []
    for tok in ctx.doc:
        entry = _policy_entry(ctx, tok) if tok.pos_ == "VERB" else None
        if entry is None or not _stands_alone(tok) or _negated(tok) or _historical(ctx, tok):
            continue
        if _aux(tok) & HYPOTHETICAL:
            continue
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        obj = next((c for c in tok.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
        if obj is None or obj.lower_ in RELATIVE:
            continue
        by = _policy_by(ctx, tok, passive)
        if not by:
            continue
        noun, key = entry
        obj_text, _, _ = phrase(obj, limit=10)
        status = "announced" if _announced(tok) else "in effect"
        sub = sorted(tok.subtree, key=lambda t: t.i)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        aimed = [obj] + [g for c in tok.children if c.dep_ == "prep" and c.lower_ in {"for", "to", "from"}
                         for g in c.children if g.dep_ == "pobj"]
        targets = others(ctx, [a for t in aimed for a in actors_in(
            ctx, t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text))], by)
        if not targets and key in {"recall", "withdraw", "summon", "expel", "sever"}:
            targets = _counterpart(ctx, by)
        percents = [q for q in ctx.quantities if q.kind == "percent" and lo <= q.start < hi]
        durations = tuple(q.id for q in ctx.quantities if q.kind == "duration" and lo <= q.start < hi)
        span = (_sentence_span(tok),)
        what = f"{noun} of {obj_text}"
        party = ",".join(countries_of(ctx, by))
        if len(percents) < 2:
            out.append(Found("policy", what, f"policy|{party}|{key}", by, targets, status,
                             (*(q.id for q in percents), *durations), span))
            continue
        before = obj.left_edge.idx
        for q in percents:
            groups = others(ctx, actors_in(ctx, before, q.start), by) or targets
            out.append(Found("policy", f"{what} by {q.text}", f"policy|{party}|{key}|{q.id}", by, groups, status,
                             (q.id, *durations), span))
            before = q.end
    return out


# --- agreements named by their instrument ------------------------------------------------------

WEAK_INSTRUMENTS = {"statement", "document", "documents", "statements"}
INSTRUMENT_DEPS = {"dobj", "nsubj", "nsubjpass"}


def _accord_verb(ctx: Context, noun: Token) -> tuple[Token, str, str] | None:
    """The verb that reaches, signs, brokers or wants an instrument, with its (status, parties)."""
    candidates = [noun.head] if noun.dep_ in INSTRUMENT_DEPS else []
    candidates += [c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    if noun.dep_ == "pobj" and noun.head.lower_ == "by":
        t = noun.head
        for _ in range(3):
            if t.head is t:
                break
            t = t.head
            candidates.append(t)
    for verb in candidates:
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        lemmas = {verb.lemma_.lower(), *(c.lemma_.lower() for c in verb.children if c.dep_ == "aux")}
        words = {w.lower_ for w in verb.subtree}
        for cue, entry in ctx.tables.accords.items():
            base, _, need = cue.partition("+")
            if base in lemmas and (not need or need in words):
                return verb, *entry
    return None


def _instrument(ctx: Context, tok: Token) -> bool:
    return tok.pos_ in {"NOUN", "PROPN"} and (tok.lemma_.lower() in ctx.tables.instruments
                                             or tok.lower_ in ctx.tables.instruments)


def _is_reference(tok: Token) -> bool:
    """ "the agreement", "the March accord": a return to an agreement named before."""
    return any(c.dep_ == "det" and c.lower_ in REFERENCES for c in tok.children) and not any(
        c.dep_ in {"prep", "acl", "relcl"} for c in tok.children)


def _agreement_what(tok: Token) -> str:
    what, _, _ = phrase(tok, limit=12)
    return re.sub(r"^(a|an|the|this|that|its|their)\s+", "", what, flags=re.IGNORECASE)


def agreements(ctx: Context, signings: set[int]) -> list[Found]:
    """Instruments with an accord verb; ``signings`` are the token offsets of coded signing events."""
    out: list[Found] = []
    for tok in ctx.doc:
        if not _instrument(ctx, tok):
            continue
        found = _accord_verb(ctx, tok)
        if found is None:
            continue
        verb, status, parties = found
        if verb.idx in signings or _negated(verb) or _historical(ctx, verb):
            continue
        if _gerund_subject(verb):
            continue  # "signing documents was among the plans": planned, not done
        if tok.lower_ in WEAK_INSTRUMENTS and status != "signed":
            continue
        if verb.lemma_.lower() == "agree" and any(c.dep_ == "xcomp" for c in verb.children):
            continue  # "agreed to activate an agreement": the agreement to act is read by :func:`_agreed`
        if status == "pending" and not ({"have", "has", "must"} & {w.lower_ for w in verb.subtree}):
            status = "ratified"
        intent = marker(ctx, verb) or _readiness(verb)
        if intent is not None:  # "will sign a truce", "was prepared to sign a truce": not signed yet
            status = intent
        by = _parties(ctx, tok, verb, parties)
        what = _agreement_what(tok)
        out.append(Found("agreement", what, f"agreement|{what.lower()}", by, (), status,
                         evidence=(_sentence_span(tok),), reference=_is_reference(tok)))
    return out


READY = {"ready", "prepared", "willing", "eager", "keen", "set"}


def _readiness(verb: Token) -> str | None:
    """ "prepared to sign", "ready to sign": an offer, so the instrument is proposed, not signed."""
    head = verb.head
    if verb.dep_ == "xcomp" and (head.lower_ in READY or head.lemma_.lower() in READY):
        return "proposed"
    return None


def _gerund_subject(verb: Token) -> bool:
    t = verb
    while t.dep_ == "conj" and t.head is not t:
        t = t.head
    return verb.tag_ == "VBG" and t.tag_ == "VBG" and t.dep_ in {"nsubj", "csubj", "nsubjpass", "pobj", "pcomp"}


def signing(ctx: Context, trigger: int, by: tuple[str, ...], counted: str | None) -> Found | None:
    """The agreement of a coded signing event: what was signed ("9 MOUs", "memorandum"), a reference or not."""
    tok = next((t for t in ctx.doc if t.idx == trigger), None)
    if tok is None:
        return None
    if _gerund_subject(tok):
        return Found("agreement", tok.text, "", by, status="planned")  # "signing documents was among the plans"
    nouns = [c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"} and _instrument(ctx, c)]
    nouns += [t for t in tok.sent if _instrument(ctx, t) and t not in nouns]
    if not nouns:
        return None
    noun = nouns[0]
    what = counted or _agreement_what(noun)
    return Found("agreement", what, f"agreement|{what.lower()}", by, (), None, evidence=(_sentence_span(tok),),
                 reference=_is_reference(noun) and not counted)


def _parties(ctx: Context, noun: Token, verb: Token, parties: str) -> tuple[str, ...]:
    if parties == "subject":
        passive = any(c.dep_ == "nsubjpass" for c in verb.children) or (verb.head is noun and verb.dep_ == "acl")
        if passive:
            by = resolve(ctx, next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                                    if g.dep_ == "pobj"), None))
        else:
            by = resolve(ctx, subject(verb)) if noun.dep_ != "nsubj" else ()
        if by:
            return by
    between = actors_in(ctx, noun.left_edge.idx, noun.right_edge.idx + len(noun.right_edge.text))
    if len(between) >= 2:
        return between
    broker = set(resolve(ctx, subject(verb)) if parties == "others" else ())
    broker |= set(resolve(ctx, next((g for c in verb.children if c.dep_ == "agent" for g in c.children), None)))
    own = set(countries_of(ctx, tuple(broker)))
    return tuple(a.id for a in ctx.actors if a.id in ctx.principal and a.id not in broker
                 and a.country not in own)[:2]


# --- targets without a value -----------------------------------------------------------------


def targets(ctx: Context, aims: frozenset[str], grows: frozenset[str], measures: frozenset[str]) -> list[Found]:
    """ "want to expand road and rail links": a wanted change in a measurable thing."""
    out: list[Found] = []
    for tok in ctx.doc:
        if tok.dep_ != "xcomp" or tok.lemma_.lower() not in grows or tok.head.lemma_.lower() not in aims:
            continue
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        if obj is None or obj.lemma_.lower() not in measures and obj.lower_ not in measures:
            continue
        by = resolve(ctx, subject(tok.head))
        what, _, _ = phrase(tok, limit=10)
        out.append(Found("target", what, f"target|{','.join(countries_of(ctx, by))}|{obj.lemma_.lower()}", by,
                         (), "proposed", evidence=(_sentence_span(tok),)))
    return out


# --- casualty counts --------------------------------------------------------------------------


def tolls(ctx: Context) -> list[Found]:
    out: list[Found] = []
    for q in ctx.quantities:
        if q.kind != "count":
            continue
        tokens = [t for t in ctx.doc if q.start <= t.idx < q.end]
        if not tokens:
            continue
        inside = {t.i for t in tokens}
        head = next((t for t in tokens if t.head.i not in inside or t.head is t), tokens[-1])
        noun = next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), head)
        verb = head.head
        lemma = verb.lemma_.lower()
        if lemma not in ctx.tables.tolls or head.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if lemma != "die" and head.dep_ != "nsubjpass" or _negated(verb):
            continue
        by = resolve(ctx, noun)
        if not by:
            owner = next((c for c in noun.children if c.dep_ == "poss"), None)
            by = resolve(ctx, owner) if owner is not None else ()
        if not by:
            by = actors_in(ctx, verb.sent.start_char, verb.sent.end_char)[:1]
        what = f"{noun.text} {ctx.tables.tolls[lemma]}"
        key = f"indicator|{','.join(countries_of(ctx, by))}|{what.lower()}"
        out.append(Found("indicator", what, key, by, (), "reported", (q.id,),
                         (_sentence_span(verb),)))
    return out


__all__ = ["Context", "Found", "Tables", "agreements", "countries_of", "marker", "phrase", "policies",
           "principal_countries", "promises", "resolve", "signing", "targets", "tolls"]
