"""Actors: entities and nominal mentions resolved to country, sector and role.

Resolution rules, each small and separately testable:

* **people**: a PERSON entity, with office and country from a title before it
  ("Iranian President Ebrahim Raisi", "Kazakhstan's foreign minister Mukhtar
  Tileuberdi"), from an apposition ("Raisi, Iran's president,"), or from the
  table of office holders; a surname or "Mr. Raisi" joins the full name;
* **countries and places**: a country name is the country; a metonym ("the
  Kremlin") is the country's government; a capital or city is the government
  when it acts (subject or possessor: "Tehran said") and a place otherwise;
  buildings take the dateline's country;
* **demonyms**: a plural demonym ("Iranians") is a civilian group; a demonym on
  a group noun ("Iranian citizens", "Russian troops") gives that group its
  country and the noun its sector;
* **organisations**: from the lexicon, else by their office words ("Foreign
  Ministry"), else kept with null codes;
* **coreference**: titles ("the Iranian president", "the Kazakh leader", "the
  president") join the person of that country and office, or the most salient
  one; "he"/"she" join the most salient person (main-clause subjects outside
  quotations first); reflexives join their clause's subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Actor, Entity, Mention, Sentence
from ..settings import Settings
from .runner import Analysis, Resources, Stage
from .spans import in_regions, quote_regions, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..lexicon import Lexicon

SUBJECTS = {"nsubj", "nsubjpass"}
PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
REFLEXIVES = {"himself", "herself"}
HONORIFICS = {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr"}


@dataclass
class _Builder:
    key: tuple[str, ...]
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class _Context:
    doc: Doc
    lexicon: Lexicon
    sentences: Sequence[Sentence]
    published: str | None
    dateline_country: str | None
    quotes: tuple[tuple[int, int], ...]
    actors: dict[tuple[str, ...], _Builder] = field(default_factory=dict)
    # (token index, actor key, main-clause subject, inside a quotation) for salience
    persons_seen: list[tuple[int, tuple[str, ...], bool, bool]] = field(default_factory=list)
    # the same for countries and organisations, the antecedents of "it"
    others_seen: list[tuple[int, tuple[str, ...], bool, bool]] = field(default_factory=list)
    covered: set[int] = field(default_factory=set)

    def mention(self, key: tuple[str, ...], start_tok: int, end_tok: int) -> None:
        while start_tok < end_tok - 1 and self.doc[start_tok].is_space:
            start_tok += 1
        span = self.doc[start_tok:end_tok]
        builder = self.actors[key]
        m = Mention(span.start_char, span.end_char, span.text, sentence_at(self.sentences, span.start_char))
        if m not in builder.mentions:
            builder.mentions.append(m)
        self.covered.update(range(start_tok, end_tok))
        head = span.root
        seen = (start_tok, key, _main_subject(head) or head.dep_ in SUBJECTS,
                in_regions(self.quotes, span.start_char) is not None)
        if builder.kind == "person":
            self.persons_seen.append(seen)
        elif builder.kind in {"country", "organization"}:
            self.others_seen.append(seen)

    def add(self, key: tuple[str, ...], name: str, kind: str, **attrs: str | None) -> tuple[str, ...]:
        if key not in self.actors:
            self.actors[key] = _Builder(key, name, kind, **attrs)  # type: ignore[arg-type]
        else:
            b = self.actors[key]
            for k, v in attrs.items():
                if v and not getattr(b, k):
                    setattr(b, k, v)
        return key


def _main_subject(token: Token) -> bool:
    return token.dep_ in SUBJECTS and (token.head.dep_ == "ROOT" or token.head.head.dep_ == "ROOT")


def _country_of(ctx: _Context, text: str) -> str | None:
    """ISO3 for a country name, demonym, capital, city or metonym (possessive stripped)."""
    clean = text.removesuffix("'s").removesuffix("’s").strip()
    for name in ctx.lexicon.find(clean):
        if name.country and name.kind in {"country", "adjective", "capital", "city", "metonym"}:
            return name.country
    return None


# --- people -------------------------------------------------------------------------------


def _title_before(ctx: _Context, first: int) -> tuple[int, str | None, str | None]:
    """Walk left from a name over its title: (first token of the title, role, country)."""
    doc, lex = ctx.doc, ctx.lexicon
    i, role = first, None
    j = first - 1
    for k in range(max(0, j - 3), j + 1):  # the longest office phrase ending just before the name
        office = lex.office(doc[k:j + 1].text) if j >= 0 else None
        if office and office.kind == "person":
            i, role = k, office.role
            break
    if i > 0 and doc[i - 1].lower_ in HONORIFICS:
        i -= 1
    country = None
    if role and i > 0:
        prev = doc[i - 1]
        if prev.text in {"'s", "’s"} and i > 1:
            country = _country_of(ctx, doc[i - 2].text)
            if country:
                i -= 2
        else:
            country = _country_of(ctx, prev.text)
            if country:
                i -= 1
    return i, role, country


def _apposition(ctx: _Context, head: Token) -> tuple[str | None, str | None]:
    """(role, country) from "Raisi, Iran's president," or "Tokayev, president of Kazakhstan".

    Also the reverse, where the name is the apposition: "Canada's envoy, Stewart Wheeler".
    """
    nouns = [c for c in head.children if c.dep_ == "appos"]
    if head.dep_ == "appos" and head.head.pos_ in {"NOUN", "PROPN"}:
        nouns.append(head.head)
    for child in nouns:
        office = ctx.lexicon.office(child.lemma_) or ctx.lexicon.office(child.text)
        if not office or office.kind != "person":
            continue
        country = None
        for sub in child.children:
            if sub.dep_ in {"poss", "amod", "compound"}:
                country = country or _country_of(ctx, sub.text)
            if sub.dep_ == "prep" and sub.lower_ == "of":
                for pobj in sub.children:
                    country = country or _country_of(ctx, pobj.text)
        return office.role, country
    return None, None


def _resolve_people(ctx: _Context, entities: Sequence[Entity]) -> None:
    people = [e for e in entities if e.label == "PERSON"]
    full_names = [e.text for e in people if len(e.text.split()) > 1]
    for ent in people:
        span = ctx.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        name = ent.text
        if len(name.split()) == 1:
            name = next((f for f in full_names if f.split()[-1] == name or f.split()[0] == name), name)
        key = ("person", name)
        start, role, country = _title_before(ctx, span.start)
        app_role, app_country = _apposition(ctx, span.root)
        known = ctx.lexicon.person(name, on=ctx.published) or ctx.lexicon.person(ent.text, on=ctx.published)
        sector = None
        if role or app_role:
            office = ctx.lexicon.office(role or app_role or "")
            sector = office.sector if office else None
        ctx.add(
            key, name, "person",
            country=country or app_country or (known.country if known else None),
            sector=sector or (known.sector if known else None),
            role=role or app_role or (known.role if known else None),
        )
        ctx.mention(key, start, span.end)


# --- countries, places, demonyms and organisations ----------------------------------------------


def _acts(token: Token) -> bool:
    """A capital acts as its government when it is a subject or a possessor."""
    t = token
    while t.dep_ == "conj":
        t = t.head
    return t.dep_ in SUBJECTS or t.dep_ == "poss"


def _resolve_places(ctx: _Context, entities: Sequence[Entity]) -> None:
    for ent in entities:
        span = ctx.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None or any(i in ctx.covered for i in range(span.start, span.end)):
            continue
        text = ent.text.removesuffix("'s").removesuffix("’s")
        names = ctx.lexicon.find(text)
        kinds = {n.kind: n for n in names}
        if ent.label == "GPE":
            if "country" in kinds:
                c = ctx.lexicon.countries[kinds["country"].country or ""]
                key = ctx.add(("country", c.iso3), c.name, "country", country=c.iso3)
            elif "metonym" in kinds or (set(kinds) & {"capital", "city"} and _acts(span.root) and ent.start > 0):
                n = kinds.get("metonym") or kinds.get("capital") or kinds["city"]
                c = ctx.lexicon.countries[n.country or ""]
                key = ctx.add(("government", c.iso3), f"Government of {c.name}", "country",
                              country=c.iso3, sector="GOV")
            else:
                n = kinds.get("capital") or kinds.get("city")
                country = n.country if n else None
                name = n.text if n else (text.title() if text.isupper() else text)
                key = ctx.add(("place", name), name, "place", country=country)
            ctx.mention(key, span.start, span.end)
        elif ent.label in {"LOC", "FAC"}:
            country = ctx.dateline_country if ent.label == "FAC" else _country_of(ctx, text)
            key = ctx.add(("place", text), text, "place", country=country)
            ctx.mention(key, span.start, span.end)
        elif ent.label == "ORG":
            _resolve_org(ctx, span, names)
        elif ent.label == "NORP":
            _resolve_demonym(ctx, span, kinds.get("adjective"))


def _resolve_org(ctx: _Context, span, names) -> None:  # type: ignore[no-untyped-def]
    org = next((n for n in names if n.kind == "organization"), None)
    if org is not None:
        o = ctx.lexicon.organizations.get(org.code or "")
        sector = o.sector if o else org.sector
        country = o.country if o else org.country
        kind = o.kind if o else "organization"
        key = ctx.add(("org", org.canonical), org.canonical, kind, country=country, sector=sector)
    else:
        country = None
        sector = None
        for tok in span:
            country = country or _country_of(ctx, tok.text)
            office = ctx.lexicon.office(tok.lemma_.lower()) or ctx.lexicon.office(tok.text.lower())
            if office and not sector:
                sector = office.sector
        text = span.text[4:] if span.text.lower().startswith("the ") else span.text
        start = span.start
        if country is None and start >= 2 and ctx.doc[start - 1].text in {"'s", "’s"}:
            country = _country_of(ctx, ctx.doc[start - 2].text)
            if country:
                start -= 2
        key = ctx.add(("org", text, country or ""), text, "organization", country=country, sector=sector)
        ctx.mention(key, start, span.end)
        return
    ctx.mention(key, span.start, span.end)


def _resolve_demonym(ctx: _Context, span, adjective) -> None:  # type: ignore[no-untyped-def]
    if adjective is None or adjective.country is None:
        return
    country = ctx.lexicon.countries[adjective.country]
    root = span.root
    if root.tag_ in {"NNPS", "NNS"} or (root.text.endswith("s") and root.dep_ in SUBJECTS | {"dobj", "pobj"}):
        key = ctx.add(("group", country.iso3, "CVL", span.text), span.text, "group",
                      country=country.iso3, sector="CVL")
        ctx.mention(key, span.start, span.end)
        return
    head = root.head
    office = ctx.lexicon.office(head.lemma_) if root.dep_ in {"amod", "compound"} else None
    plural = head.tag_ in {"NNS", "NNPS"}
    if office and (office.kind == "group" or plural) and head.i == span.end:
        key = ctx.add(("group", country.iso3, office.sector, head.lemma_),
                      f"{span.text} {head.text}", "group", country=country.iso3, sector=office.sector)
        ctx.mention(key, span.start, head.i + 1)


# --- nominal mentions and pronouns --------------------------------------------------------------


def _office_phrase(ctx: _Context, token: Token) -> tuple[int, str | None]:
    """(first token, role) of an office noun with its compound modifiers ("foreign minister")."""
    lex = ctx.lexicon
    start = token.i
    role = None
    for k in range(max(0, token.i - 2), token.i + 1):
        phrase = ctx.doc[k:token.i + 1].text
        office = lex.office(phrase.lower())
        if office and office.kind == "person":
            return k, office.role
    office = lex.office(token.lemma_.lower())
    if office and office.kind == "person":
        role = office.role
    return start, role


def _modifier_country(ctx: _Context, token: Token) -> tuple[str | None, int]:
    """A country from a noun's modifiers: "the Iranian president", "Iran's president", "president of Iran"."""
    first = token.i
    for child in token.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.i < token.i:
            country = _country_of(ctx, child.text)
            if country:
                return country, min(first, child.i)
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                country = _country_of(ctx, pobj.text)
                if country:
                    return country, first
    return None, first


def _salient(ctx: _Context, before: int, want: str | None = None, country: str | None = None,
             exclude: set[tuple[str, ...]] | None = None) -> tuple[str, ...] | None:
    """The most salient person seen before token ``before``."""
    sent_of = {}
    doc = ctx.doc
    here = sentence_at(ctx.sentences, doc[before].idx)
    best, best_score = None, float("-inf")
    for tok_i, key, main_subject, quoted in ctx.persons_seen:
        if tok_i >= before or (exclude and key in exclude):
            continue
        b = ctx.actors[key]
        if country and b.country != country:
            continue
        if want and b.role and want.lower() not in b.role.lower() and b.sector != "GOV":
            continue
        s = sent_of.setdefault(tok_i, sentence_at(ctx.sentences, doc[tok_i].idx))
        distance = here - s
        if distance > 6:
            continue
        score = -distance * 10 + (6 if main_subject else 0) - (8 if quoted else 0) + tok_i / 10_000
        if score > best_score:
            best, best_score = key, score
    return best


def _salient_thing(ctx: _Context, before: int) -> tuple[str, ...] | None:
    """For "it": the latest country or organisation that was a subject in this or the previous sentence."""
    here = sentence_at(ctx.sentences, ctx.doc[before].idx)
    for tok_i, key, subject, quoted in reversed(ctx.others_seen):
        if tok_i >= before or not subject or quoted:
            continue
        if here - sentence_at(ctx.sentences, ctx.doc[tok_i].idx) <= 1:
            return key
        break
    return None


def _resolve_nominals_and_pronouns(ctx: _Context) -> None:
    doc, lex = ctx.doc, ctx.lexicon
    for token in doc:
        if token.i in ctx.covered:
            continue
        lower = token.lower_
        if token.pos_ in {"NOUN", "PROPN"} and token.tag_ not in {"NNS", "NNPS"}:
            office = lex.office(token.lemma_.lower()) or lex.office(lower)
            if not office or office.kind != "person":
                continue
            if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children):
                continue
            start, role = _office_phrase(ctx, token)
            country, first = _modifier_country(ctx, token)
            start = min(start, first)
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            key = _salient(ctx, start, want=role, country=country)
            if key is None and country:
                c = lex.countries[country]
                key = ctx.add(("office", country, role or office.role), f"{role or office.role} of {c.name}",
                              "person", country=country, sector=office.sector, role=role or office.role)
            if key is not None:
                ctx.mention(key, start, token.i + 1)
        elif lower in PRONOUNS and token.pos_ == "PRON" and token.tag_ != "PRP$":
            key = _salient(ctx, token.i)
            if key is not None:
                ctx.mention(key, token.i, token.i + 1)
        elif lower == "it" and token.dep_ in SUBJECTS:
            key = _salient_thing(ctx, token.i)
            if key is not None:
                ctx.mention(key, token.i, token.i + 1)
        elif lower in REFLEXIVES:
            verb = token.head
            while verb.pos_ not in {"VERB", "AUX"} and verb.head is not verb:
                verb = verb.head
            subj = _clause_subject(verb)
            key = _actor_of_token(ctx, subj) if subj is not None else None
            if key is not None:
                ctx.mention(key, token.i, token.i + 1)


def _clause_subject(verb: Token) -> Token | None:
    v = verb
    for _ in range(4):
        subj = next((c for c in v.children if c.dep_ in SUBJECTS), None)
        if subj is not None:
            return subj
        if v.head is v:
            break
        v = v.head
    return None


def _actor_of_token(ctx: _Context, token: Token) -> tuple[str, ...] | None:
    for b in ctx.actors.values():
        for m in b.mentions:
            if m.start <= token.idx < m.end:
                return b.key
    return None


# --- the stage ------------------------------------------------------------------------------


def _code(country: str | None, sector: str | None, kind: str) -> str | None:
    if country and sector:
        return country + sector
    if country:
        return country
    if sector and kind in {"organization", "group"}:
        return sector
    return None


def resolve_actors(
    doc: Doc, entities: Sequence[Entity], sentences: Sequence[Sentence], lexicon: Lexicon,
    published: str | None = None, dateline: str | None = None,
) -> tuple[Actor, ...]:
    """Resolve a parsed document's entities and mentions to actors, ids in order of first mention."""
    ctx = _Context(doc, lexicon, sentences, published,
                   _country_of_dateline(lexicon, dateline), quote_regions(doc.text))
    _resolve_people(ctx, entities)
    _resolve_places(ctx, entities)
    _resolve_nominals_and_pronouns(ctx)
    builders = sorted((b for b in ctx.actors.values() if b.mentions), key=lambda b: min(m.start for m in b.mentions))
    out = []
    for n, b in enumerate(builders, 1):
        mentions = tuple(sorted(b.mentions, key=lambda m: m.start))
        out.append(Actor(f"A{n}", b.name, b.kind, b.country, b.sector, b.role,  # type: ignore[arg-type]
                         _code(b.country, b.sector, b.kind), mentions))
    return tuple(out)


def _country_of_dateline(lexicon: Lexicon, dateline: str | None) -> str | None:
    if not dateline:
        return None
    for name in lexicon.find(dateline.title()) or lexicon.find(dateline):
        if name.country:
            return name.country
    return None


def actors(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    d = analysis.document
    found = resolve_actors(analysis.doc, analysis.entities, analysis.sentences, resources.lexicon,
                           d.published, d.dateline)
    return replace(analysis, actors=found)


STAGE = Stage("actors/1", requires=("entities", "parse"), provides=("actors",), run=actors)
