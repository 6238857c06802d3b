"""Tests for communique.pipeline.dates: explicit, relative and vague dates, resolution, bad input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.pipeline.dates import DateMention, find_dates, resolve_date

WEDNESDAY = "2022-06-22"  # a Wednesday


def found(text: str, published: str | None = WEDNESDAY) -> list[tuple[str, str | None]]:
    return [(m.text, m.date) for m in find_dates(text, published)]


@pytest.mark.parametrize(("text", "mention", "date"), [
    ("Envoys met on 3 March 2022 in Geneva.", "on 3 March 2022", "2022-03-03"),
    ("Envoys met March 3, 2022 in Geneva.", "March 3, 2022", "2022-03-03"),
    ("The deal was signed 2022-06-19 at noon.", "2022-06-19", "2022-06-19"),
    ("The deal was signed June 19th by both.", "June 19th", "2022-06-19"),
    ("It ended on the 19th of June after talks.", "on the 19th of June", "2022-06-19"),
    ("They spoke on 3 March by phone.", "on 3 March", "2022-03-03"),
    ("They spoke March 3 by phone.", "March 3", "2022-03-03"),
    ("The memo is dated Sept. 30, 2021.", "Sept. 30, 2021", "2021-09-30"),
    ("The form read 19/06/2022 at the top.", "19/06/2022", "2022-06-19"),
])
def test_explicit_dates(text: str, mention: str, date: str) -> None:
    assert found(text) == [(mention, date)]


def test_a_day_without_a_year_takes_the_publication_year_or_the_year_before() -> None:
    assert found("They met on December 28 and again on March 5.", "2022-01-10") == [
        ("on December 28", "2021-12-28"), ("on March 5", "2022-03-05")]


@pytest.mark.parametrize(("text", "mention", "date"), [
    ("Talks were held on Sunday.", "on Sunday", "2022-06-19"),
    ("Talks were held Monday in Baku.", "Monday", "2022-06-20"),
    ("The minister spoke on Wednesday.", "on Wednesday", "2022-06-22"),
    ("Troops left last Wednesday.", "last Wednesday", "2022-06-15"),
    ("The envoy will arrive on Monday.", "on Monday", "2022-06-27"),
    ("The vote is due to take place on Friday.", "on Friday", "2022-06-24"),
    ("Leaders meet next Tuesday.", "next Tuesday", "2022-06-28"),
    ("Clashes erupted yesterday.", "yesterday", "2022-06-21"),
    ("The ministry said today that it agreed.", "today", "2022-06-22"),
    ("Parliament votes tomorrow.", "tomorrow", "2022-06-23"),
    ("The embassy closed three days ago.", "three days ago", "2022-06-19"),
    ("The border reopened 2 weeks ago.", "2 weeks ago", "2022-06-08"),
    ("Fighting resumed last week.", "last week", "2022-06-13"),  # the Monday opening the week before
    ("Talks resume next week.", "next week", "2022-06-27"),
])
def test_relative_expressions_resolve_against_the_publication_date(text: str, mention: str, date: str) -> None:
    assert found(text) == [(mention, date)]


@pytest.mark.parametrize(("text", "mention"), [
    ("Prices rose last month.", "last month"),
    ("The pact was signed in 2021.", "in 2021"),
    ("Exports fell earlier this month.", "earlier this month"),
    ("Tensions grew in recent months.", "in recent months"),
    ("Elections are expected in May 2023.", "in May 2023"),
    ("The plant opens in mid-2024.", "in mid-2024"),
])
def test_vague_periods_are_kept_with_no_date(text: str, mention: str) -> None:
    assert found(text) == [(mention, None)]


@pytest.mark.parametrize("text", [
    "The visa allows 14 days of stay.",
    "The alliance is 30 years old.",
    "We agreed to cooperate; we will meet again.",
    "You may march 3 km to the camp.",
    "The fleet has 2022 vessels.",
    "The ratio was 12/5 overall.",
])
def test_durations_numbers_and_verbs_are_not_dates(text: str) -> None:
    assert find_dates(text, WEDNESDAY) == ()


def test_without_a_publication_date_only_full_dates_resolve() -> None:
    assert found("On Sunday, yesterday and on 3 March, unlike 3 March 2022.", None) == [
        ("On Sunday", None), ("yesterday", None), ("on 3 March", None), ("3 March 2022", "2022-03-03")]


def test_a_malformed_publication_date_is_treated_as_missing() -> None:
    assert found("It happened yesterday.", "not a date") == [("yesterday", None)]


def test_a_publication_timestamp_is_read_as_its_day() -> None:
    assert found("It happened yesterday.", "2022-06-22T08:30:00Z") == [("yesterday", "2022-06-21")]


@pytest.mark.parametrize("text", ["31 February 2022", "2022-13-40", "30/02/2022", "99999-01-01"])
def test_impossible_dates_resolve_to_none(text: str) -> None:
    assert resolve_date(text, WEDNESDAY) is None


def test_resolve_date_reads_one_expression() -> None:
    assert resolve_date("Monday", WEDNESDAY) == "2022-06-20"
    assert resolve_date("Monday", WEDNESDAY, future=True) == "2022-06-27"
    assert resolve_date("on Monday", None) is None
    assert resolve_date("Today", WEDNESDAY) == WEDNESDAY
    assert resolve_date("3 March 2022", None) == "2022-03-03"
    assert resolve_date("last month", WEDNESDAY) is None
    assert resolve_date("", WEDNESDAY) is None
    assert resolve_date("the talks", WEDNESDAY) is None


def test_mentions_are_frozen_records() -> None:
    mention = find_dates("Talks ended on Sunday.", WEDNESDAY)[0]
    assert mention == DateMention(12, 21, "on Sunday", "2022-06-19")
    with pytest.raises(AttributeError):
        mention.date = None  # type: ignore[misc]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.text(max_size=200), st.lists(st.sampled_from([
        "on", " ", "Sunday", "3", "March", "2022", "-", "06", "/", "19th", "ago", "days", "last", "week",
        "31 February", "99999", "in", "yesterday", ",", "May", "next"]), max_size=30).map("".join)),
    st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)),
)
def test_arbitrary_text_never_crashes_and_spans_are_exact(text: str, published: str | None) -> None:
    for m in find_dates(text, published):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.date is None or len(m.date) == 10
    resolve_date(text, published)
    resolve_date(text, published, future=True)
