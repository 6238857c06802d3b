"""Actors: entities and nominal mentions resolved to country, sector and role.

Resolution rules, each small and separately testable:

* **people**: a PERSON entity, with office and country from a title before it
  ("Iranian President Ebrahim Raisi", "Kazakhstan's foreign minister Mukhtar
  Tileuberdi"), from an apposition ("Raisi, Iran's president,"), or from the
  table of office holders; a surname or "Mr. Raisi" joins the full name;
* **countries and places**: a country name is the country; a metonym ("the
  Kremlin") is the country's government; a capital or city is the government
  when it acts (subject, object, agent or possessor: "Tehran said") and a
  place otherwise; buildings take the dateline's country;
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

from ..lexicon.memory import Memory
from ..model import Actor, Entity, Mention, Sentence
from ..settings import Settings
from .event_actors import COUNTRY_NOUNS, LEADER_NOUNS, PAIR_WORDS
from .event_context import principal
from .quotes import cue_verbs
from .runner import Analysis, Resources, Stage
from .spans import in_regions, quote_regions, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..lexicon import Lexicon

SUBJECTS = {"nsubj", "nsubjpass"}
PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
REFLEXIVES = {"himself", "herself"}
FEMININE = {"mrs.", "mrs", "ms.", "ms", "madam", "madame", "queen", "princess", "lady", "baroness", "dame",
            "chairwoman", "spokeswoman", "congresswoman", "businesswoman", "sister", "empress", "duchess"}
MASCULINE = {"mr.", "mr", "king", "prince", "sir", "lord", "baron", "chairman", "spokesman", "congressman",
             "businessman", "emperor", "duke", "sheikh", "father", "brother"}
HONORIFICS = {"mr.", "mrs.", "ms.", "mr", "mrs", "ms", "dr.", "dr"}
# words between a country and a title: "Lebanon's new President", "Nigerian junior foreign minister"
TITLE_MODIFIERS = {"new", "former", "ousted", "deposed", "exiled", "late", "then", "acting", "interim",
                   "outgoing", "incoming", "caretaker", "junior", "senior", "deputy", "veteran", "embattled",
                   "elected", "newly", "self-proclaimed", "transitional"}
FORMER = {"former", "ousted", "deposed", "exiled", "ex", "ex-", "retired"}
# offices that belong to a state: a holder with no other clue takes the story's country
NATIONAL_ROLES = {"president", "prime minister", "vice president", "minister", "monarch", "king", "queen",
                  "emir", "deputy prime minister", "foreign minister", "defence minister", "interior minister",
                  "finance minister", "chancellor", "premier", "sultan", "crown prince", "judge", "governor",
                  "mayor", "senator", "lawmaker", "member of parliament"}
# offices that speak or act for their holder's principal: "his spokesman" is him, for coding
# groups that, named with no country in a report filed from a country, are that country's own
HOME_GROUPS = {"REB", "COP", "CRM", "HLH"}
ANY_OFFICE = {"leader", "official", "head", "chief", "head of state", "head of government", "statesman"}
SPEAKS_FOR = {"spokesman", "spokeswoman", "spokesperson", "office", "aide", "press secretary", "representative"}
GROUP_PREPS = {"of", "in", "from", "throughout", "across"}
# heads that take their kind from a group noun before them: "opposition groups", "rebel movement"
GENERIC_HEADS = {"group", "movement", "member", "faction", "coalition", "alliance", "wing", "unit", "element",
                 "supporter", "candidate", "organization", "organisation", "camp", "bloc", "figure", "activist",
                 "personnel", "staff", "officer", "force"}
# nouns for a person that are not offices: "his Iranian counterpart" is not Iran itself
PERSON_NOUNS = {"counterpart", "colleague", "opposite", "national", "citizen", "man", "woman", "boy", "girl",
                "child", "people", "person", "family", "native"}
AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "men", "eers")
THINGS = {"computer", "container", "tanker", "bomber", "carrier", "fighter", "launcher", "reactor", "sensor",
          "satellite", "monitor", "server", "transistor", "border", "member", "order", "paper", "letter",
          "number", "matter", "power", "water", "meter", "center", "centre", "quarter", "chamber", "cluster",
          "headquarters", "talent", "agent", "element", "document", "investment", "payment", "shipment",
          "statement", "agreement", "government", "parliament", "movement", "treatment", "event",
          "percent", "patent", "restaurant", "plant", "grant", "variant", "equipment"}
# "the Chinese capital", "Iranian territory": a place, not the country acting
PLACE_NOUNS = {"capital", "city", "town", "village", "border", "region", "territory", "soil", "waters", "airspace",
               "coast", "port", "province", "island", "land", "mainland", "frontier"}


@dataclass
class _Builder:
    key: tuple[str, ...]
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    code: str | None = None  # a lexicon organisation's own code ("IGOUNO"); else derived
    gender: str | None = None  # "m" | "f" when the text tells (honorific, title, pronoun, surname form)
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
    person_tokens: set[int] = field(default_factory=set)  # tokens of PERSON entities
    home_country: str | None = None  # the dateline's country, else the one the text names most
    scene_country: str | None = None  # the dateline's country when the text is about it too (names it most)
    memory: Memory = Memory()  # people seen with an office in earlier documents
    text: str = ""  # the document's text and each token's (start, end) in it, read once
    bounds: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        from spacy.attrs import IDX, LENGTH  # spaCy is loaded: the document is parsed

        self.text = self.doc.text
        self.bounds = tuple((i, i + n) for i, n in self.doc.to_array([IDX, LENGTH]).tolist())

    def phrase(self, i: int, j: int) -> str:
        """The text of tokens ``i`` to ``j - 1``, as ``doc[i:j].text`` but without making a span."""
        return self.text[self.bounds[i][0]:self.bounds[j - 1][1]] if j > i else ""

    def mention(self, key: tuple[str, ...], start_tok: int, end_tok: int) -> None:
        start_tok = max(start_tok, self.doc[end_tok - 1].sent.start)  # a mention lies within one sentence
        while start_tok < end_tok - 1 and self.doc[start_tok].is_space:
            start_tok += 1
        while end_tok - 1 > start_tok and self.doc[end_tok - 1].is_space:
            end_tok -= 1
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
    if clean[:4].lower() == "the ":
        clean = clean[4:]
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
    for _ in range(2):  # a stacked title keeps the outer office: "Foreign Minister Prince Faisal"
        for k in range(max(0, j - 3), j + 1):  # the longest office phrase ending just before the name
            office = lex.office(ctx.phrase(k, j + 1)) if j >= 0 else None
            if office and office.kind == "person":
                i, role = k, office.role
                break
        if i > first - 1 or i == 0:
            break
        j = i - 1
    if i > 0 and doc[i - 1].lower_ in HONORIFICS:
        i -= 1
    country = None
    if role:
        k = i
        while k > 0 and k > i - 3 and doc[k - 1].lower_ in TITLE_MODIFIERS:  # "Lebanon's new President"
            k -= 1
        found = _country_before(ctx, k)
        if found:
            country, i = found
    return i, role, country


def _body_before(ctx: _Context, end: int):  # type: ignore[no-untyped-def]
    """A national institution named just before a title ("Army" of "Army spokesman"): (its office, its token)."""
    k = end - 1
    if k < 0 or not ctx.doc[k].is_title or k in ctx.person_tokens:
        return None
    office = ctx.lexicon.office(ctx.doc[k].lower_)
    return (office, k) if office is not None and office.kind == "group" else None


def _country_before(ctx: _Context, end: int) -> tuple[str, int] | None:
    """A country name or adjective of up to three tokens ending just before token ``end``
    ("Iranian", "Kazakhstan's", "South African"): (ISO3, its first token)."""
    doc = ctx.doc
    stop = end - 1 if end > 1 and doc[end - 1].text in {"'s", "’s"} else end
    first = doc[end].sent.start if end < len(doc) else 0  # never across a sentence boundary
    for k in range(max(0, first, stop - 3), stop):
        if doc[k].is_punct or k in ctx.person_tokens:
            continue
        country = _country_of(ctx, ctx.phrase(k, stop))
        if country:
            return country, k
    return None


def _gender(words, name: str) -> str | None:  # type: ignore[no-untyped-def]
    """What the words before a name and the name itself tell of a person's gender, if anything:
    an honorific or gendered title ("Mrs.", "Queen", "spokeswoman"), else a gendered surname form
    of the Slavic and Central Asian kind ("Nurlanova", "Tokayev")."""
    for tok in words:
        if tok.lower_ in FEMININE:
            return "f"
        if tok.lower_ in MASCULINE:
            return "m"
    surname = name.split()[-1].lower() if name.split() else ""
    if len(name.split()) > 1 and surname.endswith(("ova", "eva", "yeva", "ina", "skaya", "ska")):
        return "f"
    if len(name.split()) > 1 and surname.endswith(("ov", "ev", "yev", "sky", "ski")):
        return "m"
    return None


def _person_by_surname(ctx: _Context, name: str):  # type: ignore[no-untyped-def]
    """A listed person written with another full name: "Omar El Bashir" is Omar al-Bashir when the
    surname part is one of his names and the first name is his too."""
    words = name.split()
    if len(words) < 2:
        return None
    for k in range(1, len(words)):
        person = ctx.lexicon.person(" ".join(words[k:]), on=ctx.published)
        if person is not None and words[0] in person.name.split():
            return person
    return None


def _former(ctx: _Context, name: str):  # type: ignore[no-untyped-def]
    """A listed office holder named in a document published after their term: their country, sector ELI.

    Before their term (or with no dates to tell) only the country is kept.
    """
    person = ctx.lexicon.person(name)
    if person is None or ctx.published is None:
        return person
    after = person.until is not None and person.until <= ctx.published
    return replace(person, sector="ELI" if after else None, role=None)  # type: ignore[arg-type]


def _nationality_before(ctx: _Context, first: int) -> tuple[str, int] | None:
    """A country adjective shortly before an untitled name, over at most two lower-case words:
    "Israeli right-winger Ariel Sharon", "Kazakh businessman Nurlan Abenov"."""
    doc = ctx.doc
    k = first
    while k > 0 and first - k < 4 and (doc[k - 1].text == "-" or doc[k - 1].is_lower and doc[k - 1].pos_ in {
            "NOUN", "ADJ"} and not doc[k - 1].is_stop):
        k -= 1
    if k == first and k > 0 and doc[k - 1].pos_ not in {"ADJ", "PROPN"}:
        return None
    found = _country_before(ctx, k)
    if found and ctx.lexicon.find(doc[found[1]:k].text) and all(
            n.kind == "adjective" for n in ctx.lexicon.find(doc[found[1]:k].text) if n.country):
        return found
    return None


def _country_after(ctx: _Context, span) -> str | None:  # type: ignore[no-untyped-def]
    """ "of Morocco" right after a titled name."""
    doc = ctx.doc
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
        nxt = doc[span.end + 1]
        sub = doc[span.end + 1:nxt.right_edge.i + 1] if nxt.head.i == span.end else doc[span.end + 1:span.end + 2]
        return _country_of(ctx, sub.text) or _country_of(ctx, nxt.text)
    return None


def _person_country(ctx: _Context, token: Token) -> str | None:
    """The country of the person already resolved with a mention on ``token``."""
    at = token.idx
    for b in ctx.actors.values():
        if b.kind == "person" and b.country and any(m.start <= at < m.end for m in b.mentions):
            return b.country
    return None


def _body_country(ctx: _Context, noun: Token) -> str | None:
    """The country of a body named by a noun phrase: "Iran's Supreme National Security Council"."""
    words = ctx.doc[noun.left_edge.i:noun.i + 1]
    for name in ctx.lexicon.find(words.text):
        if name.country and name.country in ctx.lexicon.countries:
            return name.country
    for child in noun.children:
        if child.dep_ in {"poss", "amod", "compound"} and child.i < noun.i:
            country = _country_of(ctx, child.text)
            if country:
                return country
        if child.dep_ == "prep" and child.lower_ in {"of", "in"} and child.i > noun.i:
            for pobj in child.children:  # "the United Bus Company of Tehran"
                country = _country_of(ctx, pobj.text) if pobj.dep_ == "pobj" else None
                if country:
                    return country
    return None


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
        role = _office_phrase(ctx, child)[1]  # the longest office: "deputy foreign minister"
        office = ctx.lexicon.office(role) or office if role else office
        country = None
        for sub in child.children:
            if sub.dep_ in {"poss", "amod", "compound"}:
                country = country or _country_of(ctx, sub.text)
            if sub.dep_ == "prep" and sub.lower_ == "of":
                for pobj in sub.children:
                    country = country or _country_of(ctx, pobj.text) or _body_country(ctx, pobj)
        return office.role, country
    return None, None


def _resolve_people(ctx: _Context, entities: Sequence[Entity]) -> None:
    people = [e for e in entities if e.label == "PERSON"]
    for e in people:
        span = ctx.doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None:
            ctx.person_tokens.update(range(span.start, span.end))
    full_names = [e.text for e in people if len(e.text.split()) > 1]
    for ent in people:
        span = ctx.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        name = ent.text
        if len(name.split()) == 1:
            name = next((f for f in full_names if f.split()[-1] == name or f.split()[0] == name), name)
        single = len(name.split()) == 1
        known_first = ctx.lexicon.person(name, on=ctx.published) if single else None
        if known_first is not None:
            name = known_first.name  # "Raisi" alone is Ebrahim Raisi
        key = ("person", name)
        start, role, country = _title_before(ctx, span.start)
        app_role, app_country = _apposition(ctx, span.root)
        known = ctx.lexicon.person(name, on=ctx.published) or ctx.lexicon.person(ent.text, on=ctx.published)
        if known is None and not single:  # "Omar El Bashir", "Francois Mitterand": a listed person written otherwise
            known = _person_by_surname(ctx, name) or ctx.lexicon.person_near(name)
            if known is not None:
                name, key = known.name, ("person", known.name)
                if ctx.published and not known.holds_on(ctx.published):
                    known = _former(ctx, known.name)
        if known is None and ctx.lexicon.person(name) is None:  # the curated table wins over the memory
            remembered = ctx.memory.lookup(name, on=ctx.published)
            if remembered is not None:  # seen with an office before: that person, under the canonical name
                known, name, key = remembered, remembered.name, ("person", remembered.name)  # type: ignore[assignment]
        if known is None and ctx.published:
            known = _former(ctx, name) or _former(ctx, ent.text)
        if not (role or app_role or country):
            nationality = _nationality_before(ctx, span.start)  # "Israeli right-winger Ariel Sharon"
            if nationality:
                country, start = nationality
        sector = None
        if role or app_role:
            office = ctx.lexicon.office(role or app_role or "")
            sector = office.sector if office else None
            if role and any(t.lower_ in FORMER for t in ctx.doc[max(0, start - 3):span.start]):
                sector = "ELI"  # a former office holder: CAMEO's elite, no longer the government
        if role and not country:
            country = _country_after(ctx, span)  # "King Hassan of Morocco"
        body = _body_before(ctx, start) if role and not country else None
        if body is not None:  # "Army spokesman Nabil Abdullah": the army's, in a report from its country
            start, sector = body[1], body[0].sector
            country = country or (None if known else ctx.home_country)
        if role and not (country or app_country or known) and sector in {"GOV", "ELI", "JUD", "LEG"} \
                and role in NATIONAL_ROLES:
            country = ctx.home_country  # "President Levy Mwanawasa" in a Zambian story
        home = known.country if known else None
        if home and home not in ctx.lexicon.countries:  # an organisation's officer: "Kofi Annan" serves IGOUNO
            post = ctx.lexicon.office(role or app_role or known.role or "")  # type: ignore[union-attr]
            ctx.add(key, name, "person", code=with_function(home, post.sector if post else None))
            home, sector = None, known.sector  # type: ignore[union-attr]
        ctx.add(
            key, name, "person", gender=_gender(ctx.doc[max(0, start - 1):span.end], name),
            country=country or app_country or home,
            sector=sector or (known.sector if known else None),
            role=role or app_role or (known.role if known else None),
        )
        ctx.mention(key, start, span.end)


# --- countries, places, demonyms and organisations ----------------------------------------------


def _acts(token: Token) -> bool:
    """A capital acts as its government when it is a subject, direct object, agent or possessor."""
    t = token
    while t.dep_ == "conj":
        t = t.head
    if t.dep_ == "pobj" and (t.head.dep_ == "agent" or t.head.lower_ == "by" and t.head.head.pos_ == "NOUN"):
        return True  # "was criticised by Washington", "an admission by Moscow"
    return t.dep_ in SUBJECTS or t.dep_ in {"poss", "dobj"}


def _resolve_places(ctx: _Context, entities: Sequence[Entity]) -> None:
    for ent in entities:
        span = ctx.doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None or any(i in ctx.covered for i in range(span.start, span.end)):
            continue
        text = ent.text.removesuffix("'s").removesuffix("’s")
        names = ctx.lexicon.find(text)
        label = ent.label
        if not names and label in {"GPE", "NORP", "ORG"}:
            names = ctx.lexicon.near(text)  # "Afganistan", "Ghanians", "Isreal": a misspelt name
            if names and label == "ORG" and names[0].kind in {"country", "capital", "city", "adjective"}:
                label = "NORP" if names[0].kind == "adjective" else "GPE"
        kinds = {n.kind: n for n in names}
        if label == "GPE":
            if "country" in kinds:
                c = ctx.lexicon.countries[kinds["country"].country or ""]
                key = ctx.add(("country", c.iso3), c.name, "country", country=c.iso3)
            elif "metonym" in kinds or (set(kinds) & {"capital", "city"} and _acts(span.root)):
                n = kinds.get("metonym") or kinds.get("capital") or kinds["city"]
                c = ctx.lexicon.countries[n.country or ""]
                key = ctx.add(("government", c.iso3), f"Government of {c.name}", "country",
                              country=c.iso3, sector="GOV")
            else:
                n = kinds.get("capital") or kinds.get("city") or _region(ctx, text)
                country = n.country if n else _place_country(ctx, span.root)
                name = n.text if n else (text.title() if text.isupper() else text)
                key = ctx.add(("place", name), name, "place", country=country)
            ctx.mention(key, span.start, span.end)
        elif label in {"LOC", "FAC"}:
            region = _region(ctx, text) if label == "LOC" else None
            country = ctx.dateline_country if label == "FAC" else (
                _country_of(ctx, text) or (region.country if region else None))
            key = ctx.add(("place", text), text, "place", country=country)
            ctx.mention(key, span.start, span.end)
        elif label == "ORG":
            _resolve_org(ctx, span, names)
        elif label == "NORP":
            _resolve_demonym(ctx, span, kinds.get("adjective"))


PLACE_WORDS = {"province", "region", "state", "district", "county", "governorate", "oblast", "prefecture",
               "town", "city", "village", "area", "valley"}
COMPASS_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                 "north-east", "north-west", "south-east", "south-west", "northeast", "northwest", "southeast",
                 "southwest", "upper", "lower"}


def _place_country(ctx: _Context, place: Token) -> str | None:
    """The country an unknown place is said to be in: "Jermuk inside Armenia", "the Armenian towns of
    Goris and Jermuk", "the Lachin district of Azerbaijan"."""
    tok = place
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    heads = [tok]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        heads.append(tok.head.head)  # "the towns of ..."
    if tok.dep_ in {"compound", "nmod", "amod"}:
        heads.append(tok.head)  # "the Lachin district"
    for head in heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"in", "inside", "of"}:
                for pobj in child.children:
                    country = _country_of(ctx, pobj.text)
                    if country:
                        return country
            if child.dep_ in {"amod", "compound", "poss"} and child.i < head.i and child.i != tok.i:
                country = _country_of(ctx, child.text)
                if country:
                    return country
    return None


def _region(ctx: _Context, text: str):  # type: ignore[no-untyped-def]
    """A city, region or country inside a longer place name: "Montenegro province", "West Darfur State"."""
    words = text.split()
    while words and words[-1].lower() in PLACE_WORDS:
        words = words[:-1]
    while words and words[0].lower() in COMPASS_WORDS | {"the"}:
        words = words[1:]
    if not words or " ".join(words) == text:
        return None
    return next((n for n in ctx.lexicon.find(" ".join(words))
                 if n.country and n.kind in {"country", "capital", "city"}), None)


def _resolve_org(ctx: _Context, span, names) -> None:  # type: ignore[no-untyped-def]
    org = next((n for n in names if n.kind == "organization"), None)
    if org is not None:
        o = ctx.lexicon.organizations.get(org.code or "")
        sector = o.sector if o else org.sector
        country = o.country if o else org.country
        kind = o.kind if o else "organization"
        key = ctx.add(("org", org.canonical), org.canonical, kind, country=country, sector=sector,
                      code=with_function(o.code, o.function) if o else None)
    else:
        country = None
        sector = None
        for tok in span:
            country = country or _country_of(ctx, tok.text)
            office = ctx.lexicon.office(tok.lemma_.lower()) or ctx.lexicon.office(tok.text.lower())
            if office and not sector:
                sector = office.sector
        text = span.text.strip()
        text = text[4:] if text.lower().startswith("the ") else text
        start = span.start
        before = _country_before(ctx, start) if country is None and start >= 1 else None
        if before:  # "US Congress", "Israel's Supreme Court": the country's own actor keeps its mention too
            country, start = before
        key = ctx.add(("org", text, country or ""), text, "organization", country=country, sector=sector)
        ctx.mention(key, start, span.end)
        return
    ctx.mention(key, span.start, span.end)


def _people_country(ctx: _Context, root: Token) -> str | None:
    """The country a people lives in, from "in/of <country>" after it ("Albanians of southern Serbia")."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in {"in", "of", "from"}:
            for pobj in prep.children:
                region = _region(ctx, ctx.doc[pobj.left_edge.i:pobj.i + 1].text)
                country = _country_of(ctx, pobj.text) or (region.country if region else None)
                if country:
                    return country
    return None


def _resolve_demonym(ctx: _Context, span, adjective) -> None:  # type: ignore[no-untyped-def]
    root = span.root
    if (adjective is None or adjective.country is None) and len(span) > 1:
        # "Iraqi Kurds", "Bosnian Serbs": a people qualified by the country they live in
        adjective = next((n for n in ctx.lexicon.find(span[0].text) if n.kind == "adjective" and n.country), None)
        if adjective is None or root.tag_ not in {"NNPS", "NNS"}:
            return
    if adjective is None or adjective.country is None:
        return
    country = ctx.lexicon.countries[adjective.country]
    if root.tag_ in {"NNPS", "NNS"} or (root.text.endswith("s") and root.dep_ in SUBJECTS | {"dobj", "pobj"}):
        ethnic = span.start > 0 and ctx.doc[span.start - 1].lower_ == "ethnic"
        lives_in = _people_country(ctx, root)  # "ethnic Albanians" with no place: those of the story's country
        iso3 = lives_in or (ctx.home_country if ethnic and ctx.home_country != country.iso3 else None) or (
            None if ethnic else country.iso3)
        start = span.start - 1 if ethnic else span.start
        key = ctx.add(("group", iso3 or "", "CVL", span.text), span.text, "group", country=iso3, sector="CVL")
        ctx.mention(key, start, span.end)
        return
    head = root.head
    office = ctx.lexicon.office(head.lemma_) if root.dep_ in {"amod", "compound"} else None
    plural = head.tag_ in {"NNS", "NNPS"}
    if office and (office.kind == "group" or plural) and head.i == span.end:
        key = ctx.add(("group", country.iso3, office.sector, head.lemma_),
                      f"{span.text} {head.text}", "group", country=country.iso3, sector=office.sector)
        ctx.mention(key, span.start, head.i + 1)
    elif root.dep_ in {"amod", "compound", "nmod"} and head.pos_ in {"NOUN", "PROPN"} and not office \
            and head.lemma_.lower() not in PERSON_NOUNS | PLACE_NOUNS \
            and not any(c.dep_ == "appos" for c in head.children):
        if plural and _agent_noun(head) and head.i == span.end:  # "Algerian landowners": people of that country
            key = ctx.add(("group", country.iso3, "CVL", head.lemma_.lower()), f"{span.text} {head.text}", "group",
                          country=country.iso3, sector="CVL")
            ctx.mention(key, span.start, head.i + 1)
            return
        # "an Indian proposal", "Israeli air raids": the country whose proposal or raids they are
        key = ctx.add(("country", country.iso3), country.name, "country", country=country.iso3)
        ctx.mention(key, span.start, span.end)


def _agent_noun(token: Token) -> bool:
    """A plural noun for people by what they do ("landowners", "advisers", "activists"), not for things."""
    word = token.lower_
    return word.endswith(AGENT_ENDINGS) and token.lemma_.lower() not in THINGS


# --- groups: "US forces", "Sudan's government", "Hungarian and Romanian officials", "rebels in Darfur" ---------


def _group_phrase(ctx: _Context, token: Token):  # type: ignore[no-untyped-def]
    """(first token, office) of a group noun with its compound modifiers ("security forces"),
    or of a plural person office ("officials", "negotiators"); None for anything else."""
    lex = ctx.lexicon
    if not (lex.may_end_office(token.lower_) or lex.may_end_office(token.lemma_)):
        return _group_modifier(ctx, token) if token.lemma_.lower() in GENERIC_HEADS else None
    for k in range(max(0, token.i - 2), token.i + 1):
        if any(j in ctx.covered for j in range(k, token.i)):
            continue
        office = lex.office(ctx.phrase(k, token.i + 1).lower())
        if office and (office.kind == "group" or token.tag_ in {"NNS", "NNPS"}):
            break
    else:
        office = lex.office(token.lemma_.lower()) or lex.office(token.lower_)
        k = token.i
    if office and (office.kind == "group" or token.tag_ in {"NNS", "NNPS"}):
        if k == token.i and office.kind == "person":  # "rebel leaders", "army officers", "patrol agents"
            return _group_modifier(ctx, token) or (k, office)
        if k == token.i and office.role == "intelligence":  # "agents" of the border patrol are its own
            return _group_modifier(ctx, token) or (k, office)
        return k, office
    if token.lemma_.lower() in GENERIC_HEADS:  # "opposition groups", "peace movement", "rebel group"
        return _group_modifier(ctx, token)
    return None


def _group_modifier(ctx: _Context, token: Token):  # type: ignore[no-untyped-def]
    """(first token, office) of a group noun that modifies ``token``: "rebel" in "rebel leaders"."""
    for child in sorted(token.children, key=lambda c: -c.i):
        if child.dep_ in {"compound", "amod", "nmod"} and child.i < token.i and child.i not in ctx.covered:
            office = ctx.lexicon.office(child.lemma_.lower()) or ctx.lexicon.office(child.lower_)
            if office and office.kind == "group":
                return child.i, office
    return None


def _org_before(ctx: _Context, first: int):  # type: ignore[no-untyped-def]
    """A listed organisation named just before a group noun ("UN peacekeepers", "NATO troops")."""
    for size in (4, 3, 2, 1):
        start = first - size
        if start < 0 or any(i in ctx.covered for i in range(start, first)):
            continue
        for name in ctx.lexicon.find(ctx.phrase(start, first), cased=True):
            org = ctx.lexicon.organizations.get(name.code or "") if name.kind == "organization" else None
            if org is not None:
                return org, start
    return None


def _group_countries(ctx: _Context, token: Token, first: int, office) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    """The countries that modify a group noun: (ISO3, first token, last token + 1) of each, in order.

    Modifiers before the noun ("Iranian", "US", "Sudan's", "Hungarian and Romanian", "South African")
    and a prepositional "of/in/from" country after it ("the government of Sudan", "rebels in Darfur").
    """
    doc = ctx.doc
    found: list[tuple[str, int, int]] = []
    k = first - 1
    edge = token.left_edge.i
    if token.dep_ == "compound" and token.head.i > token.i:  # "Israeli army bulldozers": Israeli modifies the head
        edge = min(edge, token.head.left_edge.i)
    while k >= edge and k >= 0:
        tok = doc[k]
        if k in ctx.person_tokens:
            owner = _person_country(ctx, tok) if "'s" in (tok.text, doc[k + 1].text) else None
            if owner:  # "Zoran Djindjic's opposition coalition": the coalition of his country
                found.insert(0, (owner, first, first))
            break
        if tok.text in {"'s", "’s"}:
            k -= 1
            continue
        hit = None
        for size in (3, 2, 1):
            start = k - size + 1
            if start < 0:
                continue
            country = _country_of(ctx, ctx.phrase(start, k + 1))
            if country:
                hit = (country, start, k + 1)
                break
        if hit:
            found.insert(0, hit)
            k = hit[1] - 1
        elif tok.dep_ in {"amod", "compound", "cc", "conj", "poss", "nmod", "npadvmod", "det", "advmod"} \
                or tok.pos_ in {"ADJ", "PUNCT", "CCONJ", "DET", "NOUN", "PROPN"}:
            k -= 1
        else:
            break
    head = token.head
    if found and token.dep_ == "conj" and head.i < found[0][1] and head.pos_ in {"ADJ", "PROPN"}:
        country = _country_of(ctx, doc[head.left_edge.i:head.i + 1].text)
        if country:  # "Sierra Leonean and Liberian refugees", parsed as if "Sierra Leonean" were a noun
            found.insert(0, (country, head.left_edge.i, head.i + 1))
    if not found:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in GROUP_PREPS:
                for pobj in prep.children:
                    sub = doc[pobj.left_edge.i:pobj.i + 1]
                    region = _region(ctx, sub.text)  # "the government of Sindh province"
                    country = _country_of(ctx, sub.text) or _country_of(ctx, pobj.text) or (
                        region.country if region else None) or (
                        _body_country(ctx, pobj) if pobj.pos_ in {"PROPN", "NOUN"} else None)  # "of the Syrian Golan"
                    if country and pobj.dep_ == "pobj":
                        found.append((country, pobj.i, pobj.i + 1))
    return found


def _resolve_groups(ctx: _Context, entities: Sequence[Entity]) -> None:
    doc = ctx.doc
    inside, peoples = set(), set()
    for e in entities:
        span = doc.char_span(e.start, e.end, alignment_mode="expand")
        if span is not None and e.label in {"PERSON", "ORG", "FAC"}:
            inside.update(range(span.start, span.end))
        elif span is not None and e.label == "NORP" and (
                span.start == 0 or doc[span.start - 1].lower_ != "ethnic"):  # "ethnic Albanians": see demonyms
            peoples.update(t.i for t in span if t.tag_ in {"NNS", "NNPS"})
    for token in doc:
        if token.i in ctx.covered or token.i in inside or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.dep_ in {"compound", "amod"} and token.head.i > token.i and (
                token.head.i in inside or _group_phrase(ctx, token.head) is not None):
            continue  # "government officials": the head noun decides; "army bulldozers": the army
        phrase = _group_phrase(ctx, token)
        if phrase is None and token.i in peoples and ctx.lexicon.office("people"):
            phrase = token.i, ctx.lexicon.office("people")  # "Iraqi Kurds": a people of that country
        if phrase is None:
            continue
        first, office = phrase
        countries = _group_countries(ctx, token, first, office)
        if not countries:
            antecedent = _group_antecedent(ctx, token)
            if antecedent is not None:  # "Sudan's foreign ministry ... The ministry also summoned ..."
                ctx.mention(antecedent, token.i - 1, token.i + 1)
                continue
            if _org_group(ctx, token, first, office) or not ctx.scene_country \
                    or office.sector not in HOME_GROUPS or token.dep_ not in {"nsubj", "nsubjpass", "dobj"}:
                continue
            edge = min([first] + [c.i for c in token.lefts if c.dep_ in {"amod", "compound"}])
            countries = [(ctx.scene_country, edge, first)]  # "paramilitary fighters" in a report from Khartoum
        for n, (country, start, end) in enumerate(countries):
            last = n == len(countries) - 1
            after = end > token.i  # "the government of Sudan": the country keeps its own mention
            mention_start = first if after else (min(start, first) if last else start)
            mention_end = token.i + 1 if (last or after) else end
            if mention_start > 0 and doc[mention_start - 1].lower_ == "the":
                mention_start -= 1
            named = _name_end(doc, end) if after else mention_end  # "government of Sudan"
            words = doc[mention_start:named].text.strip()
            if not (last or after):  # "Hungarian" of "Hungarian and Romanian officials": Hungarian officials
                words = f"{words} {doc[first:token.i + 1].text}"
            name = words[4:] if words.lower().startswith("the ") else words
            key = ctx.add(("group", country, office.sector, office.role), name, "group",
                          country=country, sector=office.sector, role=office.role)
            ctx.mention(key, mention_start, mention_end)


def _name_end(doc: Doc, end: int) -> int:
    """Where a group's name ends after the country that follows it: "workers of the Bus Company of
    Tehran", but "citizens of Kazakhstan" of "citizens of Kazakhstan and China"."""
    limit = min(doc[end - 1].right_edge.i + 1, end + 4)
    while end < limit and doc[end].dep_ in {"prep", "pobj", "compound", "det", "amod"}:
        end += 1
    return end


def _group_antecedent(ctx: _Context, token: Token) -> tuple[str, ...] | None:
    """For "the ministry", "the army" (a bare definite group noun): the group or body named before whose name
    ends with that noun, the latest first."""
    kids = list(token.lefts)
    if len(kids) != 1 or kids[0].lower_ != "the" or token.i == 0:
        return None
    head = token.lemma_.lower()
    best, latest = None, -1
    for key, b in ctx.actors.items():
        words = b.name.lower().split()
        if b.kind not in {"group", "organization"} or not words or words[-1].rstrip("s") != head.rstrip("s"):
            continue
        before = [m.start for m in b.mentions if m.start < token.idx]
        if before and max(before) > latest:
            best, latest = key, max(before)
    return best


def _org_group(ctx: _Context, token: Token, first: int, office) -> bool:  # type: ignore[no-untyped-def]
    """ "UN peacekeepers": the organisation's people of that kind, with its code and their sector."""
    found = _org_before(ctx, first)
    if found is None:
        return False
    org, start = found
    if start > 0 and ctx.doc[start - 1].lower_ == "the":
        start -= 1
    words = ctx.doc[start:token.i + 1].text.strip()
    name = words[4:] if words.lower().startswith("the ") else words
    code = with_function(org.code, office.sector if office.sector != org.sector else None)  # the YPG's militia
    key = ctx.add(("org group", org.code, office.sector), name, "group", country=org.country,
                  sector=office.sector, role=office.role, code=code)
    ctx.mention(key, start, token.i + 1)
    return True


# --- nominal mentions and pronouns --------------------------------------------------------------


def _office_phrase(ctx: _Context, token: Token) -> tuple[int, str | None]:
    """(first token, role) of an office noun with its compound modifiers ("foreign minister")."""
    lex = ctx.lexicon
    start = token.i
    role = None
    for k in range(max(0, token.i - 2), token.i + 1):
        office = lex.office(ctx.phrase(k, token.i + 1).lower())
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
        if want and b.role and not _same_role(want, b.role, b.sector):
            continue
        s = sent_of.setdefault(tok_i, sentence_at(ctx.sentences, doc[tok_i].idx))
        distance = here - s
        if distance > 6:
            continue
        score = -distance * 10 + (6 if main_subject else 0) - (8 if quoted else 0) + tok_i / 10_000
        if score > best_score:
            best, best_score = key, score
    return best


def _same_role(want: str, role: str, sector: str | None) -> bool:
    """Whether a nominal office can name a person known with ``role``: the same office, or a word any
    officeholder answers to ("the Kazakh leader" for a president); "the Turkish ambassador" is never
    the foreign minister."""
    want, role = want.lower(), role.lower()
    return want in role or role in want or (sector == "GOV" and want in ANY_OFFICE)


def _near(ctx: _Context, key: tuple[str, ...], before: int) -> bool:
    """Whether a person was mentioned in this or the previous sentence."""
    here = sentence_at(ctx.sentences, ctx.doc[before].idx)
    return any(k == key and tok_i < before and here - sentence_at(ctx.sentences, ctx.doc[tok_i].idx) <= 1
               for tok_i, k, _, _ in ctx.persons_seen)


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
    """Nominal mentions and pronouns, in text order; the speakers of quotations first, so that
    "the president" inside a quotation is never the one who says it."""
    speakers = _quote_speakers(ctx)
    for token in ctx.doc:
        if token.i in ctx.covered:
            continue
        region = in_regions(ctx.quotes, token.idx)
        avoid = set()
        for r, speaker in speakers:
            if region is not None and r == ctx.quotes[region]:
                if speaker.i not in ctx.covered:  # "…," he said: who "he" is, from what came before
                    _resolve_token(ctx, speaker, set())
                key = _actor_of_token(ctx, speaker)
                avoid |= {key} if key else set()
        _resolve_token(ctx, token, avoid)


def _quote_speakers(ctx: _Context) -> list[tuple[tuple[int, int], Token]]:
    """Each quotation with the subject of the speech verb that reports it ("…," he said)."""
    found = []
    cues = cue_verbs()
    for region in ctx.quotes:
        span = ctx.doc.char_span(region[0], region[1], alignment_mode="expand")
        if span is None or not len(span):
            continue
        for verb in span[-1].sent:
            if verb.lemma_ in cues and verb.pos_ == "VERB" and in_regions(ctx.quotes, verb.idx) is None:
                subj = next((c for c in verb.children if c.dep_ in SUBJECTS
                             and in_regions(ctx.quotes, c.idx) is None), None)
                if subj is not None:
                    found.append((region, subj))
                    break
    return found


def _resolve_token(ctx: _Context, token: Token, avoid: set[tuple[str, ...]]) -> None:
    """One noun or pronoun: an office joins its holder or becomes one; a pronoun joins the most
    salient person fit for it (never one of ``avoid``)."""
    doc, lex = ctx.doc, ctx.lexicon
    lower = token.lower_
    if token.pos_ in {"NOUN", "PROPN"} and token.tag_ not in {"NNS", "NNPS"}:
        office = lex.office(token.lemma_.lower()) or lex.office(lower)
        if not office or office.kind != "person":
            return
        start, role = _office_phrase(ctx, token)
        country, first = _modifier_country(ctx, token)
        start = min(start, first)
        owner = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in {"his", "her"}), None)
        if owner is not None:
            if token.lemma_.lower() in SPEAKS_FOR:  # "his spokesman" speaks for him
                key = _salient(ctx, owner.i)
                if key is not None:
                    ctx.mention(key, owner.i, token.i + 1)
            return  # "his counterpart", "her deputy": someone else, unnamed here
        named = next((k for c in token.children if c.dep_ == "appos"
                      for k in [_actor_of_token(ctx, c)] if k and ctx.actors[k].kind == "person"), None)
        if named is not None:  # "Iran's president, Ebrahim Raisi,": the office is the named person
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            ctx.add(named, "", "person", country=country, role=role or office.role, sector=office.sector)
            ctx.mention(named, start, token.i + 1)
            return
        if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in token.children):
            if country:  # "a Russian official": someone new, never an earlier person
                c = lex.countries[country]
                key = ctx.add(("someone", country, role or office.role, str(token.i)),
                              f"{c.name} {role or office.role}", "person", country=country,
                              sector=office.sector, role=role or office.role)
                ctx.mention(key, start, token.i + 1)
            return
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        key = _salient(ctx, start, want=role, country=country, exclude=_co_arguments(ctx, token) | avoid)
        if key is None and country:
            c = lex.countries[country]
            key = ctx.add(("office", country, role or office.role), f"{role or office.role} of {c.name}",
                          "person", country=country, sector=office.sector, role=role or office.role)
        if key is not None:
            ctx.mention(key, start, token.i + 1)
    elif lower in PRONOUNS and token.pos_ == "PRON" and token.tag_ != "PRP$":
        gender = PRONOUNS[lower]
        exclude = _co_arguments(ctx, token) | avoid | {k for k, b in ctx.actors.items()
                                                       if b.gender and b.gender != gender}
        key = None
        if gender == "f":  # a woman the text marks as one comes first when she is near
            unknown = {k for k, b in ctx.actors.items() if b.gender is None}
            key = _salient(ctx, token.i, exclude=exclude | unknown)
            key = key if key is not None and _near(ctx, key, token.i) else None
        key = key or _salient(ctx, token.i, exclude=exclude)
        if key is not None:
            ctx.actors[key].gender = ctx.actors[key].gender or gender
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


def _co_arguments(ctx: _Context, token: Token) -> set[tuple[str, ...]]:
    """For an object ("met the envoy"), the actor of its clause's subject: never the same person."""
    if token.dep_ not in {"dobj", "pobj", "dative"}:
        return set()
    verb = token.head.head if token.dep_ == "pobj" else token.head
    subj = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    key = _actor_of_token(ctx, subj) if subj is not None else None
    return {key} if key else set()


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


def with_function(code: str, function: str | None) -> str:
    """An organisation's code with what its people do added, as CAMEO codes do: IGOWSTNAT + MIL."""
    return code if not function or code.endswith(function) else code + function


PAIR_DEPS = {"det", "nummod", "predet", "amod"}  # "the two", "both"


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
    published: str | None = None, dateline: str | None = None, memory: Memory | None = None,
) -> tuple[Actor, ...]:
    """Resolve a parsed document's entities and mentions to actors, ids in order of first mention.

    ``memory`` resolves a person named alone who was coded with an office in earlier documents.
    """
    ctx = _Context(doc, lexicon, sentences, published,
                   _country_of_dateline(lexicon, dateline), quote_regions(doc.text),
                   memory=memory if memory is not None else Memory())
    most_named = _most_named_country(ctx, entities)
    ctx.home_country = ctx.dateline_country or most_named
    ctx.scene_country = ctx.dateline_country if ctx.dateline_country == most_named else None
    _resolve_people(ctx, entities)
    _resolve_groups(ctx, entities)
    _resolve_places(ctx, entities)
    _resolve_nominals_and_pronouns(ctx)
    builders = sorted((b for b in ctx.actors.values() if b.mentions), key=lambda b: min(m.start for m in b.mentions))
    out = []
    for n, b in enumerate(builders, 1):
        mentions = tuple(sorted(b.mentions, key=lambda m: m.start))
        out.append(Actor(f"A{n}", b.name, b.kind, b.country, b.sector, b.role,  # type: ignore[arg-type]
                         b.code or _code(b.country, b.sector, b.kind), mentions))
    return _with_pair_mentions(ctx, tuple(out))


def _with_pair_mentions(ctx: _Context, actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """ "The two countries", "both sides", "the two presidents": a mention of each of the pair they stand for,
    the two countries (or leaders) named in this sentence or the two before it, else the report's principal
    pair (its two most named countries, or their leaders)."""
    countries, leaders = principal(actors)
    taken = {(m.start, m.end) for a in actors for m in a.mentions}
    extra: dict[str, list[Mention]] = {}
    for tok in ctx.doc:
        lemma = tok.lemma_.lower()
        alone = tok.lower_ == "both" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}  # "both praised"
        if not alone and (tok.tag_ not in {"NNS", "NNPS"} or lemma not in COUNTRY_NOUNS | LEADER_NOUNS
                          or not {c.lower_ for c in tok.lefts if c.dep_ in PAIR_DEPS} & PAIR_WORDS
                          or any(c.dep_ == "amod" and c.lower_ not in PAIR_WORDS for c in tok.lefts)):
            continue  # "the two Nordic governments" need not be the report's pair
        start = min([tok.i] + [c.i for c in tok.lefts if c.dep_ in PAIR_DEPS])
        span = ctx.doc[start:tok.i + 1]
        of_countries = alone or lemma in COUNTRY_NOUNS
        pair = _local_pair(actors, sentence_at(ctx.sentences, span.start_char), of_countries) or (
            countries if of_countries else leaders)
        if len(pair) != 2 or (span.start_char, span.end_char) in taken:
            continue
        mention = Mention(span.start_char, span.end_char, span.text, sentence_at(ctx.sentences, span.start_char))
        for actor_id in pair:
            extra.setdefault(actor_id, []).append(mention)
    return tuple(replace(a, mentions=tuple(sorted(a.mentions + tuple(extra[a.id]), key=lambda m: m.start)))
                 if a.id in extra else a for a in actors)


def _local_pair(actors: Sequence[Actor], sentence: int, of_countries: bool) -> tuple[str, ...]:
    """The two countries (their country actors) or the two leaders of two countries named in one of the two
    sentences before ``sentence``, the nearer first: "China and Brazil signed a deal. The two countries ..." is
    those two. Not its own sentence: "Iraq and Oman hosted talks between the two countries" are two others."""
    for here in range(sentence - 1, max(-1, sentence - 3), -1):
        named = [a for a in actors if any(m.sentence == here for m in a.mentions)]
        if of_countries:
            found = {a.country for a in named if a.country and a.kind in {"country", "person"}}
            ids = tuple(next((a.id for a in actors if a.kind == "country" and a.country == c and not a.sector), "")
                        or next((a.id for a in actors if a.kind == "country" and a.country == c), "")
                        for c in sorted(found))
        else:
            people = [a for a in named if a.kind == "person" and a.sector == "GOV" and a.country]
            found = {a.country for a in people}
            ids = tuple(a.id for a in people) if len(people) == 2 else ()
        if len(found) == 2 and len(ids) == 2 and all(ids):
            return ids
        if len(found) > 2:
            return ()
    return ()


def _most_named_country(ctx: _Context, entities: Sequence[Entity]) -> str | None:
    """The country the text names most often (by name, adjective or capital), if one leads."""
    counts: dict[str, int] = {}
    for e in entities:
        if e.label in {"GPE", "NORP"}:
            country = _country_of(ctx, e.text)
            if country:
                counts[country] = counts.get(country, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


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
                           d.published, d.dateline, memory=resources.memory)
    return replace(analysis, actors=found)


STAGE = Stage("actors/1", requires=("entities", "parse"), provides=("actors",), run=actors)
