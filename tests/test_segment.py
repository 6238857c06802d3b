"""Sentence splitting on news text (sentences written for these tests)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from communique.pipeline.segment import split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Mr. Lee met Gen. Park and J. Kim in Seoul on Monday. They spoke for an hour."
    assert texts(text) == ["Mr. Lee met Gen. Park and J. Kim in Seoul on Monday.", "They spoke for an hour."]


def test_quotation_spanning_sentences_keeps_its_attribution() -> None:
    text = "“We want peace. We want it now,” the minister said. Talks resume next week."
    assert texts(text) == ["“We want peace.", "We want it now,” the minister said.", "Talks resume next week."]


def test_stop_inside_closing_quote_ends_sentence() -> None:
    text = "She said, “The border is open.” The convoy left at dawn."
    assert texts(text) == ["She said, “The border is open.”", "The convoy left at dawn."]


def test_run_in_subheadline_is_cut() -> None:
    text = "Trade ties keep growing For his part, the envoy praised the port deal."
    assert texts(text) == ["Trade ties keep growing", "For his part, the envoy praised the port deal."]


def test_capitalised_name_after_verb_is_not_cut() -> None:
    assert len(texts("The report was first carried by The Hindu newspaper.")) == 1


def test_quoted_headline_stands_alone() -> None:
    text = "He left. “Ministers agree on grain corridor” Later that day the ships sailed."
    assert texts(text) == ["He left.", "“Ministers agree on grain corridor”", "Later that day the ships sailed."]


def test_paragraph_breaks_end_sentences() -> None:
    assert texts("A headline without a stop\nThe body starts here.") == [
        "A headline without a stop", "The body starts here."]
    assert texts("Old paragraph ends here  New one starts") == ["Old paragraph ends here", "New one starts"]


@given(st.text(max_size=300))
def test_offsets_always_index_the_text(text: str) -> None:
    previous_end = 0
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == text[s.start:s.end].strip()
        previous_end = s.end
    covered = "".join(text[s.start:s.end] for s in split_sentences(text))
    assert "".join(covered.split()) == "".join(text.split())
