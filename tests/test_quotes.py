"""Quote constructions on sentences we wrote: attribution after, before, by colon, by dash; indirect;
paragraphs that reopen a quote; headlines and scare quotes that are not quotes; bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.model import Record

LEAD = "Iranian President Ebrahim Raisi met Kazakh President Kassym-Jomart Tokayev in Tehran. "


def quotes(extract: Callable[..., Record], text: str) -> list[tuple[str, str, str | None]]:
    record = extract(text)
    return [(q.kind, q.text, record.actor(q.speaker).name if q.speaker else None) for q in record.quotes]


@pytest.mark.parametrize(("text", "words", "speaker"), [
    (LEAD + "“We will open new routes for our traders,” Tokayev said.", "new routes", "Kassym-Jomart Tokayev"),
    (LEAD + 'Raisi added, "Our ties are deep and old."', "deep and old", "Ebrahim Raisi"),
    (LEAD + "Raisi: “Our neighbours come first in our foreign policy.”", "neighbours come first", "Ebrahim Raisi"),
    (LEAD + "“Our neighbours come first in our foreign policy.” — Raisi", "neighbours come first", "Ebrahim Raisi"),
])
def test_direct_quotes_and_their_speakers(extract: Callable[..., Record], text: str, words: str,
                                          speaker: str) -> None:
    found = [q for q in quotes(extract, text) if words in q[1]]
    assert found and found[0][0] == "direct" and found[0][2] == speaker


def test_indirect_quotes_are_marked(extract: Callable[..., Record]) -> None:
    found = quotes(extract, "Iranian President Ebrahim Raisi stated that Tehran and Ankara share a common view.")
    assert ("indirect", "Tehran and Ankara share a common view", "Ebrahim Raisi") in found


def test_a_quote_reopened_in_the_next_paragraph_shares_its_attribution(extract: Callable[..., Record]) -> None:
    text = (LEAD + "\n\n“Trade must grow every year without pause.\n\n"
            "“Our companies are ready to invest,” he said.")
    found = quotes(extract, text)
    assert [q[2] for q in found if q[0] == "direct"] == ["Ebrahim Raisi", "Ebrahim Raisi"]


@pytest.mark.parametrize("text", [
    "Astana and Tehran agree on trade\n\n“Tehran, Astana share common view on regional issues”\n\nThe sides met.",
    "The “quiet diplomacy” of the envoy impressed the ministers.",
])
def test_headlines_and_scare_quotes_are_not_quotes(extract: Callable[..., Record], text: str) -> None:
    assert [q for q in quotes(extract, text) if q[0] != "indirect"] == []


@pytest.mark.parametrize("text", ["“unbalanced and never closed, the minister said", "”backwards“ marks", "“" * 40])
def test_bad_input_does_not_crash(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in record.quotes)


def test_a_quote_after_an_attributed_one_in_its_paragraph_is_the_same_speakers(
    extract: Callable[..., Record],
) -> None:
    record = extract("“We will not give up the port,” President Gabriel Boric told reporters. “Not now, not ever.”")
    first, second = record.quotes[0], record.quotes[1]
    assert first.speaker is not None and second.speaker == first.speaker
