"""Quotations and who said them.

Direct quotations are the spans between quotation marks (see
:func:`spans.quote_regions`). Each is attributed by the first rule that holds:

1. after it, in the sentence where it closes: a cue verb and its subject
   ("…,” Tokayev said. / …,” said the minister. / …,” he added.);
2. before it, in the sentence where it opens: a cue verb ("he added, “…”",
   "noting, “…”" takes its main verb's subject) or a colon after a name
   ("Raisi: “…”");
3. after it, a dash and a name ("“…” — the minister").

4. a fragment inside a sentence ("Raisi called the talks “a turning point”")
   with no cue verb: the subject of the labelling verb that governs it
   ("called", "described … as", "denounced": data file
   ``pipeline/data/quote_frames.tsv``), when it is an actor: a mixed quote.

Attribution never crosses a paragraph break (a headline has no cue verb in the
next paragraph), except for a quotation left open at a paragraph end, which
takes the attribution of the quotation that reopens the next paragraph.

Not quotes:

* a name, title or term: right after "named", "called", "the words", "so-called"
  (``mention`` words of the data file), or in title case without final
  punctuation ("a robot named “Better Idea of Afghan Girls”");
* a quoted headline: no cue verb, no final punctuation, and it opens its
  paragraph (alone, or after "Read more:" or an author's name) or ends it or is
  followed by a dash and a source ("“Ministers meet in Astana” — Example Wire");
* a scare quote: one or two words whose cue verb does not govern them
  ("officials will scrap the step to “streamline” the process"), or up to three
  words with no attribution at all.

Indirect quotes are a cue verb's "that"-clause, or the rest of a sentence after
"according to X".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING

from ..errors import LexiconError
from ..model import Quote, Sentence
from ..settings import Settings
from .datafile import tsv_rows
from .runner import Analysis, Resources, Stage
from .spans import ActorIndex, in_regions, quote_regions, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = {"nsubj", "nsubjpass"}
FRAME_ROLES = ("mention", "label")
FINAL = ".!?…"
PRONOUNS = {"he", "she", "it", "they"}


@lru_cache(maxsize=1)
def quote_frames() -> dict[str, frozenset[str]]:
    """Words by role (``mention``, ``label``) from the data file ``pipeline/data/quote_frames.tsv``."""
    roles: dict[str, set[str]] = {role: set() for role in FRAME_ROLES}
    for number, cells in tsv_rows("quote_frames.tsv", 2):
        if cells[1] not in roles:
            raise LexiconError(f"expected a word and a role in {FRAME_ROLES}", "pipeline/data/quote_frames.tsv",
                               number)
        roles[cells[1]].add(cells[0].lower())
    return {role: frozenset(words) for role, words in roles.items()}


@lru_cache(maxsize=1)
def cue_verbs() -> frozenset[str]:
    """Lemmas of verbs that report speech (data file ``pipeline/data/cues.txt``)."""
    text = importlib_resources.files("communique.pipeline").joinpath("data/cues.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _subject(verb: Token) -> Token | None:
    """The verb's subject (the nearest one), or for a participle ("noting") its governing verb's."""
    v = verb
    for _ in range(3):
        subjects = [child for child in v.children if child.dep_ in SUBJECTS]
        if subjects:  # the nearest: in "“Peace,” Tokayev said" the parser makes both words subjects
            return min(subjects, key=lambda child: abs(child.i - v.i))
        if v.dep_ in {"advcl", "xcomp", "conj", "ccomp", "relcl"} and v.head is not v:
            v = v.head
        else:
            break
    return None


def _phrase(subject: Token) -> tuple[int, int]:
    """Character span of a subject noun phrase without trailing clauses."""
    left = subject.left_edge
    right = subject
    for child in subject.children:
        if child.i > subject.i and child.dep_ in {"compound", "flat", "appos"} and child.i == right.i + 1:
            right = child
    return left.idx, right.idx + len(right.text)


def _cue_in(doc: Doc, start: int, end: int, quotes: Sequence[tuple[int, int]], last: bool = False) -> Token | None:
    """The cue verb in [start, end) outside any quotation nearest the quote: first after it, last before it."""
    cues = cue_verbs()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    found = [tok for tok in span
             if tok.lemma_.lower() in cues and tok.pos_ in {"VERB", "AUX"} and in_regions(quotes, tok.idx) is None]
    if not found:
        return None
    return found[-1] if last else found[0]


def find_quotes(doc: Doc, sentences: Sequence[Sentence], index: ActorIndex) -> tuple[Quote, ...]:
    text = doc.text
    regions = quote_regions(text)
    found: list[Quote] = []
    for start, end in regions:
        body = text[start:end].rstrip()
        if not any(ch.isalnum() for ch in body) or _named(text, start, body):
            continue
        para_start, para_end = _paragraph(text, start, end)
        close_sent = sentences[sentence_at(sentences, end)]
        open_sent = sentences[sentence_at(sentences, start)]
        words = len(body.split())
        after = _cue_in(doc, end, min(close_sent.end, para_end), regions)
        before = _cue_in(doc, max(open_sent.start, para_start), start, regions, last=True)
        cues = [c for c in (after, before) if c is not None and (words > 2 or _governs(doc, c, start, end))]
        cue = cues[0] if cues else None
        lead = text[max(0, start - 3):start - 1].rstrip()
        fragment = body[-1] not in ".!?,;:" and not (lead == "" or lead[-1:] in ",:.!?")
        if cue is None and fragment:
            cue = _labeller(doc, start, end, regions, index)
        subject = _subject(cue) if cue is not None else None
        speaker_span = _phrase(subject) if subject is not None else None
        if cue is None:
            if _headline(text, start, end, body, para_start, para_end):
                continue
            speaker_span = _colon_or_dash_speaker(text, start, end, index)
        if speaker_span is None and cue is None:
            standalone = open_sent.start >= start - 1 and close_sent.end <= end + 1
            if words < 4 or (standalone and body[-1] not in ".!?,"):
                continue
        speaker = _speaker(index, subject, speaker_span)
        found.append(Quote(
            id="", text=body, start=start, end=start + len(body), speaker=speaker,
            speaker_text=text[speaker_span[0]:speaker_span[1]] if speaker_span else None,
            cue=cue.text if cue is not None else None, kind="mixed" if fragment else "direct",
        ))
    found = _continued(text, found)
    found.extend(_indirect(doc, regions, index))
    found.sort(key=lambda q: q.start)
    found = _pronoun_speakers(text, found)
    return tuple(replace(q, id=f"Q{n}") for n, q in enumerate(found, 1))


def _pronoun_speakers(text: str, found: list[Quote]) -> list[Quote]:
    """A quote by "he", "she", "it" or "they" that the actors do not resolve takes the speaker of the
    quote before it in the same paragraph ("The ministry said …. It rejected the claims as “lies”"), and so
    does a direct quote with no attribution of its own that follows one in its paragraph."""
    out = list(found)
    for i in range(1, len(out)):
        q, prev = out[i], out[i - 1]
        if (q.speaker is None and (q.speaker_text or "").lower() in PRONOUNS and prev.speaker is not None
                and "\n" not in text[prev.end:q.start]):
            out[i] = replace(q, speaker=prev.speaker)
        elif (q.speaker is None and q.cue is None and q.speaker_text is None and q.kind == "direct"
              and prev.kind == "direct" and prev.speaker is not None and "\n" not in text[prev.end:q.start]):
            out[i] = replace(q, speaker=prev.speaker, speaker_text=prev.speaker_text)  # '"…," he said. "…"'
    return out


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around a quotation: from the line break before it to the one after it."""
    after = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if after < 0 else after


def _named(text: str, start: int, body: str) -> bool:
    """A name, title or term rather than speech: after a mention word, or a title-case phrase."""
    before = re.findall(r"[\w-]+", text[max(0, start - 30):max(0, start - 1)])
    if before and before[-1].lower() in quote_frames()["mention"]:
        return True
    words = re.findall(r"[^\W\d_][\w'’-]*", body)
    significant = [w for w in words[1:] if len(w) > 3]
    return (len(words) >= 2 and body[-1] not in FINAL and bool(significant)
            and all(w[0].isupper() for w in [words[0], *significant]))


def _headline(text: str, start: int, end: int, body: str, para_start: int, para_end: int) -> bool:
    """A quoted headline: no final punctuation, and it opens or closes its paragraph or a source follows."""
    if body[-1] in FINAL + ",":
        return False
    before = text[para_start:max(para_start, start - 1)].strip()
    after = text[min(end + 1, para_end):para_end].strip()
    return before == "" or before[-1] in ".:" or after == "" or after[0] in "—–-"


def _governs(doc: Doc, cue: Token, start: int, end: int) -> bool:
    """The cue verb's phrase holds the quotation (or the quotation the verb): "said it was “damning”"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(cue.left_edge.i <= t.i <= cue.right_edge.i for t in span) or span.start <= cue.head.i < span.end


def _labeller(doc: Doc, start: int, end: int, regions: Sequence[tuple[int, int]], index: ActorIndex) -> Token | None:
    """The labelling verb that governs a fragment, when its subject is an actor: "X called it “a farce”"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    root = next((t for t in span if not span.start <= t.head.i < span.end), None)
    labels = quote_frames()["label"]
    verb = root.head if root is not None else None
    for _ in range(4):
        if verb is None or span.start <= verb.i < span.end:
            return None
        if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in labels and in_regions(regions, verb.idx) is None:
            subject = _subject(verb)
            if subject is None:
                return None
            found = _speaker(index, subject, _phrase(subject)) or subject.lower_ in PRONOUNS
            return verb if found else None
        if verb.head is verb:
            return None
        verb = verb.head
    return None


def _continued(text: str, found: list[Quote]) -> list[Quote]:
    """News style: a quotation left open at a paragraph end goes on in the next paragraph, whose
    attribution covers both; an unattributed quote followed only by marks and breaks takes it."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        gap = text[q.end:nxt.start]
        if q.speaker is None and nxt.speaker is not None and "\n" in gap and not gap.strip(" \t\n\r“”\"'‘’"):
            out[i] = replace(q, speaker=nxt.speaker, speaker_text=nxt.speaker_text, cue=nxt.cue)
    return out


def _speaker(index: ActorIndex, subject: Token | None, span: tuple[int, int] | None) -> str | None:
    """The actor of the subject's head word, else of any word of its phrase."""
    if subject is not None:
        found = index.in_span(subject.idx, subject.idx + len(subject.text))
        if found:
            return found
    return index.in_span(*span) if span else None


def _colon_or_dash_speaker(text: str, start: int, end: int, index: ActorIndex) -> tuple[int, int] | None:
    """"Raisi: “…”" or "“…” — the minister": the actor mention next to the mark."""
    before = text[max(0, start - 60):start - 1].rstrip()
    if before.endswith(":"):
        head = before[:-1].rstrip()
        at = start - 1 - (len(text[max(0, start - 60):start - 1]) - len(head))
        actor_char = at - 1
        if actor_char >= 0 and index.at(actor_char):
            word_start = text.rfind(" ", 0, actor_char) + 1
            return word_start, actor_char + 1
    after = text[end + 1:end + 60]
    stripped = after.lstrip()
    if stripped[:1] in {"—", "–"} or stripped.startswith("--"):
        offset = end + 1 + (len(after) - len(stripped)) + 1
        rest = text[offset:offset + 60]
        first = offset + (len(rest) - len(rest.lstrip()))
        stop = first
        while stop < len(text) and text[stop] not in ".,;\n":
            stop += 1
        if index.in_span(first, stop):
            return first, stop
    return None


def _indirect(doc: Doc, regions: Sequence[tuple[int, int]], index: ActorIndex) -> list[Quote]:
    out: list[Quote] = []
    cues = cue_verbs()
    text = doc.text  # built from the tokens on every access: read it once
    for tok in doc:
        if in_regions(regions, tok.idx) is not None:
            continue
        if tok.lemma_.lower() in cues and tok.pos_ == "VERB":
            clause = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
            if clause is None:
                continue
            body = doc[clause.left_edge.i:clause.right_edge.i + 1]
            if body[0].lower_ == "that":
                body = body[1:]
            if len(body) < 4 or any(in_regions(regions, t.idx) is not None for t in body):
                continue
            subject = _subject(tok)
            speaker_span = _phrase(subject) if subject is not None else None
            speaker = _speaker(index, subject, speaker_span)
            if speaker is None:
                continue
            out.append(Quote("", body.text, body.start_char, body.end_char, speaker,
                             text[speaker_span[0]:speaker_span[1]] if speaker_span else None,
                             tok.text, "indirect"))
        elif tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(doc) else False:
            pobj = next((c for c in tok.nbor(1).children if c.dep_ == "pobj"), None)
            speaker = index.in_span(pobj.idx, pobj.idx + len(pobj.text)) if pobj is not None else None
            sent = tok.sent
            rest_start = (pobj.right_edge.i + 1) if pobj is not None else tok.i + 2
            while rest_start < sent.end and doc[rest_start].is_punct:
                rest_start += 1
            body = doc[rest_start:sent.end]
            while len(body) and body[-1].is_punct:
                body = body[:-1]
            if speaker and len(body) >= 4 and not any(in_regions(regions, t.idx) is not None for t in body):
                out.append(Quote("", body.text, body.start_char, body.end_char, speaker, pobj.text,
                                 "according to", "indirect"))
    return out


def quotes(analysis: Analysis, resources: Resources, settings: Settings) -> Analysis:
    found = find_quotes(analysis.doc, analysis.sentences, ActorIndex(analysis.actors))
    return replace(analysis, quotes=found)


STAGE = Stage("quotes/1", requires=("parse", "actors"), provides=("quotes",), run=quotes)
