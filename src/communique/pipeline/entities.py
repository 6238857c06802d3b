"""Named entities: spaCy's, corrected with the lexicon where it is wrong on news.

Corrections, each a small rule:

* a title swallowed with a person into one entity ("Kazakh President
  Kassym-Jomart Tokayev" as ORG) is split into the demonym, the title and the
  person;
* a surface form the lexicon knows takes the lexicon's label: a demonym is
  NORP ("Kazakh" tagged ORG), a country, capital or metonym is GPE, an
  organisation is ORG, a known person is PERSON;
* a name tagged as a place that the same document also tags as a person
  ("Raisi" as GPE) and that the lexicon does not know as a place is PERSON;
* names the model missed but the lexicon knows are added (capitalised only);
* the dateline ("TEHRAN —") is a GPE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import Entity, Sentence
from ..nlp import parse
from ..settings import Settings
from .runner import Analysis, Resources, Stage
from .spans import sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..lexicon import Lexicon

KEEP = {"PERSON", "GPE", "NORP", "ORG", "LOC", "FAC"}
LABEL_FOR_KIND = {
    "country": "GPE", "capital": "GPE", "city": "GPE", "metonym": "GPE",
    "adjective": "NORP", "organization": "ORG", "person": "PERSON",
}
PLACE_KINDS = {"country", "capital", "city", "metonym"}
COMPASS = {"East", "West", "North", "South", "the East", "the West", "the North", "the South"}


def _lexicon_label(lexicon: Lexicon, text: str) -> str | None:
    kinds = {n.kind for n in lexicon.find(text)}
    for kind in ("person", "organization", "country", "capital", "metonym", "city", "adjective"):
        if kind in kinds:
            return LABEL_FOR_KIND[kind]
    return None


def _split_titled(span: Span, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Split "Kazakh President Kassym-Jomart Tokayev" into (demonym, person) token ranges.

    Returns token ranges (start, end, label) relative to the doc; empty when the
    span holds no office word followed by a capitalised name.
    """
    tokens = list(span)
    for i, tok in enumerate(tokens):
        if i == len(tokens) - 1 or lexicon.office(tok.text) is None:
            continue
        rest = tokens[i + 1:]
        # longest office phrase: "Foreign Minister", "Prime Minister"
        j = i + 1
        while j < len(tokens) - 1 and lexicon.office(" ".join(t.text for t in tokens[i:j + 1])):
            j += 1
        rest = tokens[j:]
        if not rest or not rest[0].text[:1].isupper():
            continue
        parts: list[tuple[int, int, str]] = []
        if i > 0:
            head = span.doc[span.start:span.start + i]
            label = _lexicon_label(lexicon, head.text.removesuffix("'s").removesuffix("’s"))
            if label:
                parts.append((head.start, head.end, label))
        parts.append((rest[0].i, rest[-1].i + 1, "PERSON"))
        return parts
    return []


@dataclass(frozen=True)
class _Words:
    """The parse's words as plain strings and offsets, read once: name matching looks at every word."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    sent_starts: frozenset[int]

    @classmethod
    def of(cls, doc: Doc) -> _Words:
        from spacy.attrs import IDX, LENGTH, SENT_START  # spaCy is loaded once a document is parsed

        rows = doc.to_array([IDX, LENGTH, SENT_START]).tolist()  # one array read, not three walks over tokens
        text = doc.text
        return cls(text, tuple(text[i:i + n] for i, n, _ in rows), tuple(i for i, _, _ in rows),
                   frozenset(k for k, (_, _, start) in enumerate(rows) if start == 1 or k == 0))

    def phrase(self, i: int, j: int) -> str:
        return self.text[self.starts[i]:self.starts[j - 1] + len(self.words[j - 1])]


def _match_at(w: _Words, lexicon: Lexicon, i: int, taken: set[int]) -> tuple[int, int, str] | None:
    """The longest capitalised name the lexicon knows that starts at word ``i`` and avoids ``taken``."""
    word = w.words[i]
    if i in taken or not word[:1].isupper():
        return None
    first = lexicon.longest_from(word)
    if word.lower() == "the" and i + 1 < len(w.words):  # "The Hague": the index drops the article
        first = max(first, lexicon.longest_from(w.words[i + 1]) + 1)
    if not first:
        return None
    longest = max(1, lexicon.max_name_tokens)
    for n in range(min(first + 2, longest, len(w.words) - i), 0, -1):  # whitespace tokens widen a span
        if any(k in taken for k in range(i, i + n)) or not w.words[i + n - 1][:1].isalnum() \
                or any(k in w.sent_starts for k in range(i + 1, i + n)):  # a name never spans two sentences
            continue
        label = _lexicon_label(lexicon, w.phrase(i, i + n))
        if label and not (n == 1 and i in w.sent_starts and word.lower() in {"us", "chad", "china"}):
            return i, i + n, label
    return None


def _lexicon_matches(w: _Words, lexicon: Lexicon, taken: set[int]) -> Iterable[tuple[int, int, str]]:
    """Capitalised n-grams that the lexicon knows and no entity covers."""
    i = 0
    while i < len(w.words):
        match = _match_at(w, lexicon, i, taken)
        if match is not None:
            yield match
            i = match[1]
        else:
            i += 1


def _known_names_win(doc: Doc, w: _Words, lexicon: Lexicon,
                     found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A longer name the lexicon knows replaces the model's shorter entities inside it:
    "Liberation Tigers of Tamil Eelam" over "Tamil", "National Union for the Total Independence of
    Angola" over "Union for the Total Independence of Angola". Only names near an entity are tried."""
    starts = sorted({i for f in found for i in range(max(0, f[0] - 4), f[1])})
    for i in starts:
        match = _match_at(w, lexicon, i, set())
        if match is None:
            continue
        s, e, label = match
        s += doc[s].lower_ == "the"
        if e - s < 2 or label not in {"ORG", "GPE", "NORP"}:
            continue
        inside = [f for f in found if f[0] < e and s < f[1]]
        if inside and all(s <= f[0] and f[1] <= e for f in inside) and any(f[1] - f[0] < e - s for f in inside):
            found = [f for f in found if f not in inside] + [(s, e, label)]
    return found


PLACE_NOUNS = {"town", "city", "village", "district", "province", "region", "area", "municipality", "county",
               "settlement", "port", "valley", "enclave", "governorate", "oblast", "canton"}


def _named_place(ent) -> bool:  # type: ignore[no-untyped-def]
    """A name the model took for a person or body that the sentence calls a place: "the towns of
    Goris and Jermuk" (its name, or a conjunct of it, hangs on "of" after a place noun), or
    "the Lachin district" (it modifies one)."""
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in PLACE_NOUNS:
        return True
    return tok.dep_ in {"compound", "nmod", "amod"} and tok.head.lemma_.lower() in PLACE_NOUNS


def _has_office_apposition(ent, lexicon: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """An unknown name followed by ", <someone's> <office>,": the office of a person."""
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            office = lexicon.office(child.lemma_) or lexicon.office(child.text)
            if office is not None and office.kind == "person":
                return True
    return False


BODY_WORDS = {"party", "front", "movement", "council", "commission", "committee", "ministry", "union", "league",
              "army", "court", "bank", "agency", "association", "group", "company", "corporation", "organization",
              "organisation", "institute", "university", "news", "times", "post", "assembly", "parliament",
              "congress", "senate", "government", "office", "service", "forces", "force", "police", "alliance",
              "federation", "foundation", "fund", "club", "authority", "board", "mission"}


def _after_person_title(ent, lexicon: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """A name the model took for a body or a place, right after a person's title and naming no body:
    "Vice-President Moody Awori"."""
    doc = ent.doc
    if len(ent) > 4 or any(t.pos_ != "PROPN" or t.lower_ in BODY_WORDS for t in ent):
        return False
    for size in (3, 2, 1):
        start = ent.start - size
        if start >= 0 and not doc[start].is_punct:
            office = lexicon.office(doc[start:ent.start].text.lower())
            if office is not None and office.kind == "person":
                return True
    return False


def _modifies_group(ent, lexicon: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """A one-word "name" that only qualifies a group noun: "Kurd" of "Turkish Kurd refugees"."""
    head = ent.root.head
    if len(ent) != 1 or ent.root.dep_ not in {"compound", "amod"} or head.i != ent.end or head.tag_ != "NNS":
        return False
    office = lexicon.office(head.text)
    return office is not None and office.kind == "group"


def _title_fragment(ent, lexicon: Lexicon) -> bool:  # type: ignore[no-untyped-def]
    """A demonym and the start of an office tagged as a person: "Kazakh Defence" before "Minister"."""
    doc = ent.doc
    if len(ent) < 2 or ent.end >= len(doc) or _lexicon_label(lexicon, ent[0].text) != "NORP":
        return False
    office = lexicon.office(f"{ent[1:].text} {doc[ent.end].text}".lower())
    return office is not None and office.kind == "person"


def _widened(ent, lexicon: Lexicon) -> tuple[int, int, str] | None:  # type: ignore[no-untyped-def]
    """The entity grown by up to three words on either side into a name the lexicon knows, if any."""
    doc = ent.doc
    for extra in (3, 2, 1):
        for left in range(extra, -1, -1):
            start, end = ent.start - left, ent.end + extra - left
            if start < 0 or end > len(doc) or any(t.is_space or t.is_punct and t.text != "'s"
                                                  for t in doc[start:end] if t.i not in range(ent.start, ent.end)):
                continue
            label = _lexicon_label(lexicon, doc[start:end].text)
            if label in {"GPE", "NORP", "ORG"}:
                return start, end, label
    return None


def _join_names(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Adjacent PERSON ranges are one name: "Ebrahim" + "Raisi" when the model tagged only the first."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in found:
        if out and label == "PERSON" and out[-1][2] == "PERSON" and out[-1][1] == s and not doc[s - 1].is_punct:
            out[-1] = (out[-1][0], e, "PERSON")
        else:
            out.append((s, e, label))
    return out


def find_entities(
    doc: Doc, sentences: Sequence[Sentence], lexicon: Lexicon, dateline: str | None
) -> tuple[Entity, ...]:
    """Entities of a parsed document as token ranges turned into character spans."""
    found: list[tuple[int, int, str]] = []
    person_texts = {e.text for e in doc.ents if e.label_ == "PERSON"}
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        split = _split_titled(ent, lexicon) if ent.label_ in {"ORG", "PERSON", "GPE", "NORP"} else []
        if split:
            found.extend(split)
            continue
        label = ent.label_
        text = ent.text
        if text in COMPASS or (label == "ORG" and ent[0].lower_ in {"a", "an"}):
            continue
        if label == "PERSON" and _modifies_group(ent, lexicon):
            continue
        if label == "PERSON" and _title_fragment(ent, lexicon):
            found.append((ent.start, ent.start + 1, "NORP"))  # "Kazakh Defence" of "Kazakh Defence Minister X"
            continue
        if label == "PERSON" and len(ent) > 1 and ent[-1].tag_ in {"NNS", "NNPS"} \
                and _lexicon_label(lexicon, ent[0].text) == "NORP":
            label = "NORP"  # "Bosnian Serbs", "Iraqi Kurds": a people, not a person
        lex = _lexicon_label(lexicon, text)
        wider = None if lex else _widened(ent, lexicon)
        if wider is not None:  # "Sierra" of "Sierra Leonean", "People's Republic of Korea" of "Democratic ..."
            found.append(wider)
            continue
        if lex:
            label = lex
        elif (label == "GPE" and text in person_texts
              or label in {"GPE", "LOC"} and any(text in p.split() for p in person_texts)
              or label in {"GPE", "ORG"} and (_has_office_apposition(ent, lexicon)
                                              or _after_person_title(ent, lexicon))):
            label = "PERSON"  # "Aidos Serikbayev, Kazakhstan's deputy foreign minister": a person
        elif label in {"PERSON", "ORG"} and _named_place(ent):
            label = "GPE"  # "the towns of Goris, Sotk and Jermuk", "the Lachin district"
        start = ent.start
        if doc[start].lower_ == "the" and ent.end - start > 1:
            start += 1
        found.append((start, ent.end, label))
    words = _Words.of(doc)
    found = _known_names_win(doc, words, lexicon, found)
    taken = {k for s, e, _ in found for k in range(s, e)}
    found.extend(_lexicon_matches(words, lexicon, taken))
    found = _join_names(doc, sorted(set(found)))
    if dateline:
        end_char = doc.text.find(dateline) + len(dateline) if doc.text.startswith(dateline) else -1
        if end_char > 0:
            span = doc.char_span(0, end_char, alignment_mode="expand")
            if span is not None:
                found = [f for f in found if f[0] >= span.end]
                found.append((span.start, span.end, "GPE"))
    out: list[Entity] = []
    for s, e, label in sorted(set(found)):
        if e - s > 1 and doc[e - 1].text in {"'s", "’s"}:
            e -= 1  # "Zoran Djindjic's": the name without the possessive
        span = doc[s:e]
        out.append(Entity(span.start_char, span.end_char, span.text, label,
                          sentence_at(sentences, span.start_char)))
    return tuple(out)


def _after_dateline(text: str, dateline: str | None) -> tuple[int, ...]:
    """The offset of the first word after a dateline and its separator, if the text opens with one."""
    if not dateline or not text.startswith(dateline):
        return ()
    m = re.match(r"[^\n]{0,40}?\s*[—–:-]+\s*", text[len(dateline):])
    return (len(dateline) + m.end(),) if m else ()


def entities(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    text = analysis.document.text[: settings.max_chars]
    doc = parse(resources.nlp, text, analysis.sentences, _after_dateline(text, analysis.document.dateline))
    found = find_entities(doc, analysis.sentences, resources.lexicon, analysis.document.dateline)
    return replace(analysis, doc=doc, entities=found)


STAGE = Stage("entities/1", requires=("sentences",), provides=("entities", "parse"), run=entities)
