"""Quotations and who said them.

Direct quotations are the spans between quotation marks (see
:func:`spans.quote_regions`). Each is attributed by the first rule that holds:

1. after it, in the sentence where it closes: a cue verb and its subject
   ("…,” Tokayev said. / …,” said the minister. / …,” he added.);
2. before it, in the sentence where it opens: a cue verb ("he added, “…”",
   "noting, “…”" takes its main verb's subject) or a colon after a name
   ("Raisi: “…”");
3. after it, a dash and a name ("“…” — the minister").

A quotation with no attribution that is short (a scare quote) or stands alone
without final punctuation (a quoted headline) is not a quote. Indirect
quotes are a cue verb's "that"-clause, or the rest of a sentence after
"according to X".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import TYPE_CHECKING

from ..model import Quote, Sentence
from ..settings import Settings
from .runner import Analysis, Resources, Stage
from .spans import ActorIndex, in_regions, quote_regions, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJECTS = {"nsubj", "nsubjpass"}


@lru_cache(maxsize=1)
def cue_verbs() -> frozenset[str]:
    """Lemmas of verbs that report speech (data file ``pipeline/data/cues.txt``)."""
    text = importlib_resources.files("communique.pipeline").joinpath("data/cues.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or for a participle ("noting") its governing verb's."""
    v = verb
    for _ in range(3):
        for child in v.children:
            if child.dep_ in SUBJECTS:
                return child
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
        if not any(ch.isalnum() for ch in body):
            continue
        close_sent = sentences[sentence_at(sentences, end)]
        open_sent = sentences[sentence_at(sentences, start)]
        cue = _cue_in(doc, end, close_sent.end, regions)
        if cue is None:
            cue = _cue_in(doc, open_sent.start, start, regions, last=True)
        subject = _subject(cue) if cue is not None else None
        speaker_span = _phrase(subject) if subject is not None else None
        if cue is None:
            speaker_span = _colon_or_dash_speaker(text, start, end, index)
        words = len(body.split())
        if speaker_span is None and cue is None:
            standalone = open_sent.start >= start - 1 and close_sent.end <= end + 1
            if words < 4 or (standalone and body[-1] not in ".!?,"):
                continue
        speaker = _speaker(index, subject, speaker_span)
        lead = text[max(0, start - 3):start - 1].rstrip()
        fragment = body[-1] not in ".!?,;:" and not (lead == "" or lead[-1:] in ",:.!?")
        found.append(Quote(
            id="", text=body, start=start, end=start + len(body), speaker=speaker,
            speaker_text=text[speaker_span[0]:speaker_span[1]] if speaker_span else None,
            cue=cue.text if cue is not None else None, kind="mixed" if fragment else "direct",
        ))
    found = _continued(text, found)
    found.extend(_indirect(doc, regions, index))
    found.sort(key=lambda q: q.start)
    return tuple(replace(q, id=f"Q{n}") for n, q in enumerate(found, 1))


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
                             doc.text[speaker_span[0]:speaker_span[1]] if speaker_span else None,
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
