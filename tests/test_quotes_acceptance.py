"""The quote acceptance points of issue 5, on sentences we wrote: marks, multi-sentence and reopened
quotes, attribution before, after, inside, by dash and colon, indirect and mixed quotes, speakers
through coreference, cue verbs, what is not a quote, and events coded inside a quote."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.model import Record
from communique.pipeline.quotes import quote_frames

LEAD = "Iranian President Ebrahim Raisi met Kazakh President Kassym-Jomart Tokayev in Tehran on Monday. "
RAISI, TOKAYEV = "Ebrahim Raisi", "Kassym-Jomart Tokayev"

Row = tuple[str, str, str | None, str | None]  # kind, text, speaker name, cue


def rows(extract: Callable[..., Record], text: str) -> list[Row]:
    record = extract(text)
    return [(q.kind, q.text, record.actor(q.speaker).name if q.speaker else None, q.cue) for q in record.quotes]


def direct(extract: Callable[..., Record], text: str) -> list[Row]:
    return [r for r in rows(extract, text) if r[0] != "indirect"]


@pytest.mark.parametrize(("text", "expected"), [
    # curly and straight marks, attribution after the quote (both word orders)
    (LEAD + "“We will open new routes for our traders,” Tokayev said.",
     ("direct", "We will open new routes for our traders,", TOKAYEV, "said")),
    (LEAD + '"We will open new routes for our traders," Tokayev said.',
     ("direct", "We will open new routes for our traders,", TOKAYEV, "said")),
    (LEAD + "“We will open new routes for our traders,” said Tokayev.",
     ("direct", "We will open new routes for our traders,", TOKAYEV, "said")),
    # several sentences inside one pair of marks are one quote
    (LEAD + "“Our ties are old. They will grow stronger. Nobody can stop this,” Raisi said.",
     ("direct", "Our ties are old. They will grow stronger. Nobody can stop this,", RAISI, "said")),
    # attribution before: a cue verb and a comma, or a name and a colon
    (LEAD + "He added, “Our ties are deep and old.”", ("direct", "Our ties are deep and old.", RAISI, "added")),
    (LEAD + "Raisi: “Our neighbours come first in our foreign policy.”",
     ("direct", "Our neighbours come first in our foreign policy.", RAISI, None)),
    # attribution after a dash
    (LEAD + "“Our neighbours come first in our foreign policy.” — Raisi",
     ("direct", "Our neighbours come first in our foreign policy.", RAISI, None)),
    # one-word quote with a plain attribution
    (LEAD + "“Peace,” Tokayev said.", ("direct", "Peace,", TOKAYEV, "said")),
])
def test_direct_quotes_keep_their_speaker_and_cue(extract: Callable[..., Record], text: str, expected: Row) -> None:
    assert direct(extract, text) == [expected]


def test_an_attribution_inside_a_quote_covers_both_parts(extract: Callable[..., Record]) -> None:
    text = LEAD + "“Our ties are deep,” Raisi said, “and they will only grow.”"
    assert direct(extract, text) == [("direct", "Our ties are deep,", RAISI, "said"),
                                     ("direct", "and they will only grow.", RAISI, "said")]


@pytest.mark.parametrize("mark", ["“", '"'])
def test_a_quote_left_open_at_a_paragraph_end_takes_the_next_paragraphs_attribution(
        extract: Callable[..., Record], mark: str) -> None:
    close = "”" if mark == "“" else '"'
    text = (LEAD + f"\n\n{mark}Trade must grow every year without pause.\n\n"
            f"{mark}Our companies are ready to invest,{close} Tokayev said.")
    assert direct(extract, text) == [("direct", "Trade must grow every year without pause.", TOKAYEV, "said"),
                                     ("direct", "Our companies are ready to invest,", TOKAYEV, "said")]


@pytest.mark.parametrize(("text", "speaker", "cue"), [
    (LEAD + "“We stand with our friends in Astana,” the president reiterated.", RAISI, "reiterated"),
    (LEAD + "“Sanctions have failed and will keep failing,” he opined.", RAISI, "opined"),
    (LEAD + "“Our railways will carry Iranian goods to China,” the Kazakh leader added.", TOKAYEV, "added"),
])
def test_speakers_through_coreference(extract: Callable[..., Record], text: str, speaker: str, cue: str) -> None:
    (found,) = direct(extract, text)
    assert found[2:] == (speaker, cue)


def test_indirect_quotes_are_marked_and_attributed(extract: Callable[..., Record]) -> None:
    text = LEAD + "Tokayev stated that Kazakhstan would double its grain exports to Iran."
    assert rows(extract, text) == [("indirect", "Kazakhstan would double its grain exports to Iran", TOKAYEV,
                                    "stated")]


@pytest.mark.parametrize(("text", "expected"), [
    (LEAD + "Tokayev said the two nations had “a shared destiny and shared interests”.",
     ("mixed", "a shared destiny and shared interests", TOKAYEV, "said")),
    (LEAD + "Raisi said the visit was “very productive” for both nations.",
     ("mixed", "very productive", RAISI, "said")),
    # no cue verb: the verb that labels something in the quoted words gives the speaker
    (LEAD + "Raisi called the talks “a turning point for the whole region”.",
     ("mixed", "a turning point for the whole region", RAISI, "called")),
])
def test_mixed_quotes(extract: Callable[..., Record], text: str, expected: Row) -> None:
    assert direct(extract, text) == [expected]


def test_a_pronoun_speaker_takes_the_previous_quotes_speaker_in_the_paragraph(
        extract: Callable[..., Record]) -> None:
    text = ("Kazakhstan's foreign ministry said the talks had been useful. "
            "It rejected the reports as “baseless rumours”.")
    found = rows(extract, text)
    assert [r[0] for r in found] == ["indirect", "mixed"]
    assert found[1][1] == "baseless rumours" and found[1][2] == found[0][2] is not None


@pytest.mark.parametrize("text", [
    # a quoted headline alone in its paragraph, after "Read more:", or in a list of sources with a dash
    "Astana and Tehran agree on trade\n\n“Tehran, Astana share common view on regional issues”\n\nThe sides met.",
    LEAD + "\n\nRead more: “Kazakhstan and Iran sign nine documents in Tehran”\n\nThe sides met again.",
    LEAD + "\n\nSources\n\n“Caspian leaders agree on new rail corridor” — Example Wire, 3 June 2023\n\n"
           "“Tehran and Astana sign nine papers” — Steppe Daily, 4 June 2023",
    # titles, names and terms
    LEAD + "He wrote a book called “The Road to the Caspian Sea and Beyond” in 2010.",
    LEAD + "Their joint satellite, named “Caspian Star One”, will launch in May.",
    LEAD + "The draft added the words “and Caspian” to the name of the commission.",
    # scare quotes: one or two words with no attribution, or a cue verb that does not govern them
    "The “quiet diplomacy” of the envoy impressed the ministers.",
    LEAD + "Critics called the deal a “sellout”.",
    LEAD + "To “streamline” crossings, officials will drop the second check, which critics said was slow.",
])
def test_headlines_titles_and_scare_quotes_are_not_quotes(extract: Callable[..., Record], text: str) -> None:
    assert direct(extract, text) == []


def test_a_headline_is_never_attributed_across_a_paragraph_break(extract: Callable[..., Record]) -> None:
    text = ("Kazakh team wins a medal for its “steady progress”\n\n"
            "The team said it had worked hard for months before the contest.")
    assert direct(extract, text) == []


@pytest.mark.parametrize(("text", "cameo"), [
    (LEAD + "“Iran will send humanitarian aid to Afghanistan next week,” Raisi said.", "033"),
    (LEAD + "“Kazakhstan condemns the attack on the embassy,” Tokayev said.", "111"),
])
def test_events_coded_inside_a_quote_link_to_it(extract: Callable[..., Record], text: str, cameo: str) -> None:
    record = extract(text)
    (quote,) = record.quotes
    inside = [e for e in record.events if quote.start <= e.trigger.start < quote.end]
    assert [e.cameo for e in inside] == [cameo]
    assert all(e.quote == quote.id for e in inside)
    assert all(e.quote is None for e in record.events if e not in inside)


def test_the_quote_frames_file_has_both_roles() -> None:
    frames = quote_frames()
    assert {"named", "called", "words"} <= frames["mention"] and {"call", "describe"} <= frames["label"]
