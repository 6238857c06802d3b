"""Tests for communique.pipeline.quantities: kinds, units, qualifiers, `about`, non-quantities, bad input."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.model import Quantity, Sentence
from communique.pipeline.quantities import find_quantities


def one(text: str) -> Quantity:
    found = find_quantities(text, ())
    assert len(found) == 1, [q.text for q in found]
    return found[0]


def summary(text: str) -> list[tuple[str, str, float | None, str | None]]:
    return [(q.text, q.kind, q.value, q.unit) for q in find_quantities(text, ())]


@pytest.mark.parametrize(("text", "span", "value", "unit"), [
    ("The fund holds $3 billion for roads.", "$3 billion", 3_000_000_000, "USD"),
    ("A grant of US$5 was symbolic.", "US$5", 5, "USD"),
    ("The bank lent €500m to the port.", "€500m", 500_000_000, "EUR"),
    ("Sales reached 3.5bn euros last quarter.", "3.5bn euros", 3_500_000_000, "EUR"),
    ("Debt stands at $1.2 trillion now.", "$1.2 trillion", 1_200_000_000_000, "USD"),
    ("The fine was £15 per person.", "£15", 15, "GBP"),
    ("A ticket costs 15 pounds here.", "15 pounds", 15, "GBP"),
    ("The grant was two thousand yuan.", "two thousand yuan", 2000, "CNY"),
    ("The firm raised USD 5 million.", "USD 5 million", 5_000_000, "USD"),
    ("They borrowed 40 billion renminbi.", "40 billion renminbi", 40_000_000_000, "CNY"),
    ("It cost 300 rubles at most points.", "300 rubles", 300, "RUB"),
    ("It cost 300 roubles then.", "300 roubles", 300, "RUB"),
    ("Bread costs 9,000 rials today.", "9,000 rials", 9000, "IRR"),
    ("The levy is 2 million tenge.", "2 million tenge", 2_000_000, "KZT"),
    ("They paid 70 rupees each.", "70 rupees", 70, "INR"),
    ("Exports earned 8 billion yen.", "8 billion yen", 8_000_000_000, "JPY"),
    ("The loan is 5 trillion won.", "5 trillion won", 5_000_000_000_000, "KRW"),
    ("A coffee is 60 lira.", "60 lira", 60, "TRY"),
    ("The rent was 4,000 dirhams.", "4,000 dirhams", 4000, "AED"),
    ("The visa costs 300 riyals.", "300 riyals", 300, "SAR"),
    ("The fee is 50 shekels.", "50 shekels", 50, "ILS"),
    ("The watch cost 900 francs.", "900 francs", 900, "CHF"),
    ("Aid of 20 US dollars per family.", "20 US dollars", 20, "USD"),
    ("The stamp is 50 cents.", "50 cents", 0.5, "USD"),
    ("The budget is ₹500 crore.", "₹500 crore", 5_000_000_000, "INR"),
    ("It sells for ¥100 each.", "¥100", 100, "JPY"),
    ("Gas is ₽ 10 cheaper.", "₽ 10", 10, "RUB"),
    ("Tea is ₺20 now.", "₺20", 20, "TRY"),
    ("Dates cost ﷼5 a box.", "﷼5", 5, "SAR"),
    ("Grain worth 7 euros a tonne.", "7 euros", 7, "EUR"),
    ("Millions of dollars were lost.", "Millions of dollars", 2_000_000, "USD"),
    ("Half a million dollars went missing.", "Half a million dollars", 500_000, "USD"),
    ("They received 75 usd million in total.", "75 usd million", 75_000_000, "USD"),
])
def test_money_is_normalised_to_iso_codes_and_full_values(text: str, span: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit) == (span, "money", value, unit)
    assert text[q.start:q.end] == span


def test_a_money_range_keeps_the_lower_bound_and_the_whole_text() -> None:
    q = one("Rebuilding will take $2-3 billion.")
    assert (q.text, q.value, q.unit, q.qualifier) == ("$2-3 billion", 2_000_000_000, "USD", None)


def test_a_symbol_after_an_amount_belongs_to_it_not_to_the_next() -> None:
    assert summary("Bills of $ 20,000.00 and $ 37,305.97 arrived.") == [
        ("$ 20,000.00", "money", 20000, "USD"), ("$ 37,305.97", "money", 37305.97, "USD")]


@pytest.mark.parametrize(("text", "span", "value"), [
    ("Turnout rose 50% in the north.", "50%", 50),
    ("Prices fell 12.5 per cent in May.", "12.5 per cent", 12.5),
    ("Only fifty percent voted.", "fifty percent", 50),
    ("Growth hit 3 percent this year.", "3 percent", 3),
    ("Inflation dropped minus five percent, oddly.", "minus five percent", -5),
])
def test_percentages(text: str, span: str, value: float) -> None:
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit) == (span, "percent", value, "percent")


def test_percentage_points_keep_their_own_unit() -> None:
    assert one("The rate rose 2 percentage points.").unit == "percentage point"


@pytest.mark.parametrize(("text", "span", "value", "unit"), [
    ("Ministers signed 9 MOUs on energy.", "9 MOUs", 9, "MOU"),
    ("Officials initialled nine agreements.", "nine agreements", 9, "agreement"),
    ("The meeting of two presidents went well.", "two presidents", 2, "president"),
    ("Staff signed 12 cooperation documents.", "12 cooperation documents", 12, "document"),
    ("About 200 people gathered.", "About 200 people", 200, "people"),
    ("The ministry hired 30 NGOs for the job.", "30 NGOs", 30, "NGO"),
    ("The plan covers 40 companies nationwide.", "40 companies", 40, "company"),
    ("They sent 3 Russian soldiers home.", "3 Russian soldiers", 3, "soldier"),
    ("Only one agreement was reached.", "one agreement", 1, "agreement"),
    ("Half a dozen envoys attended.", "Half a dozen envoys", 6, "envoy"),
])
def test_counts_use_the_singular_head_noun(text: str, span: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit) == (span, "count", value, unit)


def test_vague_numbers_take_the_smallest_plural_reading_with_qualifier_about() -> None:
    q = one("Dozens of soldiers crossed the river.")
    assert (q.text, q.kind, q.value, q.unit, q.qualifier) == ("Dozens of soldiers", "count", 24, "soldier", "about")
    q = one("Hundreds of thousands of refugees fled.")
    assert (q.value, q.qualifier) == (200_000, "about")
    assert one("A couple of envoys stayed behind.").value == 2


@pytest.mark.parametrize(("text", "span", "value", "unit"), [
    ("Visitors may stay 14 days without a visa.", "14 days", 14, "day"),
    ("He made a one-day visit to the capital.", "one-day", 1, "day"),
    ("The pact has held for 30 years.", "30 years", 30, "year"),
    ("Talks lasted six months in all.", "six months", 6, "month"),
    ("A truce of two weeks was agreed.", "two weeks", 2, "week"),
    ("The deadline is 48 hours away.", "48 hours", 48, "hour"),
    ("The vote took 15 minutes only.", "15 minutes", 15, "minute"),
    ("The rivalry lasted two decades.", "two decades", 20, "year"),
    ("A 14-day quarantine applies.", "14-day", 14, "day"),
])
def test_durations(text: str, span: str, value: float, unit: str) -> None:
    q = one(text)
    assert (q.text, q.kind, q.value, q.unit) == (span, "duration", value, unit)


def test_the_past_thirty_years_is_a_duration() -> None:
    q = one("Ties have grown over the past 30 years.")
    assert (q.text, q.kind, q.value, q.unit) == ("30 years", "duration", 30, "year")


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The index stood at 1,234,567.89 on close.", "1,234,567.89", 1234567.89),
    ("Some twenty-five thousand marched.", "Some twenty-five thousand", 25000),
    ("The figure was 3.5 million overall.", "3.5 million", 3_500_000),
    ("The score was 7 overall.", "7", 7),
    ("Another 10k joined online.", "10k", 10_000),
    ("Exactly one hundred and sixty-one voted yes.", "one hundred and sixty-one", 161),
])
def test_plain_numbers(text: str, span: str, value: float) -> None:
    q = one(text)
    assert (q.text, q.kind, q.value) == (span, "number", value)


@pytest.mark.parametrize("text", [
    "The summit took place in 2022.",
    "It was signed on 19 June.",
    "It was signed June 19 in the capital.",
    "The envoy arrived on 3 March.",
    "The talks began at 10:30 sharp.",
    "Relations were warm in the 1990s.",
    "Ministers met on Sunday.",
    "They met at 3 pm in the hall.",
    "The G20 met in Bali.",
    "Jets such as the F-16 were sold.",
    "The COVID-19 wave passed.",
    "The council adopted Resolution 2231.",
    "The road is 29km long.",
    "He ranked 19th overall.",
    "The 30-year-old envoy resigned.",
    "The 2022-23 budget was passed.",
    "See https://example.org/page/42 for details.",
    "Version 1.2.3 was released.",
    "One of the envoys left early.",
    "1. The first point is clear.",
    "The fence stood 500m away.",
])
def test_dates_times_years_and_identifiers_are_not_quantities(text: str) -> None:
    assert find_quantities(text, ()) == ()


@pytest.mark.parametrize(("text", "qualifier", "span"), [
    ("Trade grew by more than 50 percent.", "more_than", "more than 50 percent"),
    ("It lasted over 30 years.", "more_than", "over 30 years"),
    ("Costs were above $2 million.", "more_than", "above $2 million"),
    ("Claims were in excess of $5 million.", "more_than", "in excess of $5 million"),
    ("The force has upwards of 900 troops.", "more_than", "upwards of 900 troops"),
    ("It has at least 40 members.", "more_than", "at least 40 members"),
    ("Turnout was less than 20 percent.", "less_than", "less than 20 percent"),
    ("The loan was under $1 million.", "less_than", "under $1 million"),
    ("Growth was below 2 percent.", "less_than", "below 2 percent"),
    ("There were fewer than 10 observers.", "less_than", "fewer than 10 observers"),
    ("It took about 14 days.", "about", "about 14 days"),
    ("Around 300 people came.", "about", "Around 300 people"),
    ("Nearly 40 percent agreed.", "about", "Nearly 40 percent"),
    ("Almost two weeks passed.", "about", "Almost two weeks"),
    ("Approximately 5,000 troops left.", "about", "Approximately 5,000 troops"),
    ("Roughly $3 billion was spent.", "about", "Roughly $3 billion"),
    ("Some 70 delegates voted.", "about", "Some 70 delegates"),
    ("An estimated 2,000 soldiers died.", "about", "An estimated 2,000 soldiers"),
    ("The fund gives up to $500 million.", "up_to", "up to $500 million"),
    ("As many as 60 vessels sailed.", "up_to", "As many as 60 vessels"),
    ("It allows at most 3 visits.", "up_to", "at most 3 visits"),
    ("They expect 50 delegates or more.", "more_than", "50 delegates or more"),
])
def test_qualifiers_are_read_and_included_in_the_span(text: str, qualifier: str, span: str) -> None:
    q = one(text)
    assert (q.qualifier, q.text) == (qualifier, span)


@pytest.mark.parametrize(("text", "about"), [
    ("Both sides agreed to increase the volume of trade between them to $3 billion.", "volume of trade"),
    ("Trade between the neighbours increased by more than 50 percent.", "trade"),
    ("The donor sent aid worth $500 million.", "aid"),
    ("The bank approved a $2 billion loan for the dam.", "loan"),
    ("Officials described $4 billion in investment.", "investment"),
    ("Bilateral trade rose to $12 billion.", "bilateral trade"),
    ("A 50 percent increase was expected.", "increase"),
    ("He paid $9 to the driver.", None),
])
def test_about_names_what_the_quantity_measures(text: str, about: str | None) -> None:
    money_or_percent = [q for q in find_quantities(text, ()) if q.kind in ("money", "percent")]
    assert [q.about for q in money_or_percent] == [about]


def test_ids_offsets_and_sentence_indexes() -> None:
    text = "They signed 9 MOUs. Trade rose 5% in a year."
    sentences = (Sentence(0, 0, 19), Sentence(1, 20, len(text)))
    found = find_quantities(text, sentences)
    assert [(q.id, q.text, q.sentence) for q in found] == [("N1", "9 MOUs", 0), ("N2", "5%", 1)]
    for q in found:
        assert text[q.start:q.end] == q.text


def test_to_dict_matches_the_output_contract() -> None:
    d = one("They pledged $3 billion.").to_dict()
    assert d == {"id": "N1", "text": "$3 billion", "start": 13, "end": 23, "sentence": 0, "kind": "money",
                 "value": 3_000_000_000, "unit": "USD", "qualifier": None, "about": None, "change": None}


@pytest.mark.parametrize("text", ["", "$$$", "1e999 dollars", "%%% per cent", "\u202e\u0663\u0664 ☃ $", "-", "a",
                                  "one"])
def test_bad_input_gives_sane_output(text: str) -> None:
    for q in find_quantities(text, ()):
        assert q.value is None or math.isfinite(q.value)


def test_an_enormous_number_gets_no_infinite_value() -> None:
    q = one("A sum of $" + "9" * 400 + " was claimed.")
    assert q.value is None and q.unit == "USD"


def test_five_hundred_numbers_in_one_sentence() -> None:
    text = ", ".join(str(n) for n in range(1, 501)) + " items."
    found = find_quantities(text, ())
    assert len(found) == 500
    assert [q.id for q in found[:3]] == ["N1", "N2", "N3"]


def test_sentences_out_of_range_are_clamped() -> None:
    text = "They paid $5."
    found = find_quantities(text, (Sentence(0, -4, 400),))
    assert [(q.text, q.sentence) for q in found] == [("$5", 0)]


_PIECES = st.sampled_from([
    "$", "€", "US$", "5", "3.5", "1,000", "bn", "m", "million", "percent", "%", "days", "-", " ", " ", "of",
    "dozens of", "more than", "about", "twenty", "-five", "one", "MOUs", "2022", "June", "19", ":", "30",
    "9" * 400, "1e999", "\n", ".", "rupees", "worth", "aid", "a", "loan", "to", "increase",
])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=40).map("".join)), st.data())
def test_arbitrary_text_never_crashes_and_spans_are_exact(text: str, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(text)))
    for sentences in ((), (Sentence(0, 0, cut), Sentence(1, cut, len(text)))):
        for q in find_quantities(text, sentences):
            assert 0 <= q.start < q.end <= len(text)
            assert text[q.start:q.end] == q.text
            assert q.value is None or math.isfinite(q.value)
