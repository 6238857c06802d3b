"""More quantity rules: references versus counts, names with numbers, partitives, units, `about`, odd input."""

from __future__ import annotations

import pytest

from communique.pipeline.quantities import find_quantities


def summary(text: str) -> list[tuple[str, str, float | None, str | None]]:
    return [(q.text, q.kind, q.value, q.unit) for q in find_quantities(text, ())]


@pytest.mark.parametrize("text", [
    "Talks between the two governments resumed in the spring.",
    "Both leaders praised the three capitals for their patience.",
    "Officials of these four states met the envoys.",
    "Their two neighbours were invited as observers.",
    "The ministers discussed the two nations' shared border.",
])
def test_a_definite_small_count_refers_to_a_known_set(text: str) -> None:
    assert summary(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Two ministers resigned over the affair.", ("Two ministers", "count", 2, "minister")),
    ("A meeting of three delegations ended early.", ("three delegations", "count", 3, "delegation")),
    ("Every one of the 27 members must agree.", ("27 members", "count", 27, "member")),
])
def test_indefinite_or_large_counts_are_quantities(text: str, expected: tuple[str, str, float, str]) -> None:
    assert summary(text) == [expected]


@pytest.mark.parametrize("text", [
    "The essay is shared under a Creative Commons Attribution 4.0 licence.",
    "The interview was aired on Radio 4 on the same night.",
    "The airline ordered more jets from Airbus after the Boeing 737 grounding.",
])
def test_numbers_inside_names_are_not_quantities(text: str) -> None:
    assert summary(text) == []


def test_partitive_counts_take_the_noun_after_of() -> None:
    assert summary("The navy said 40 of its sailors were rescued.") == [
        ("40 of its sailors", "count", 40, "sailor")]
    assert summary("Rescuers found 12 of the servicemen alive.") == [
        ("12 of the servicemen", "count", 12, "serviceman")]


def test_measure_units_are_normalised() -> None:
    assert summary("The pipeline runs for 2,300 kilometres.") == [("2,300 kilometres", "count", 2300, "km")]
    assert summary("Farmers lost 500 tonnes of grain.") == [("500 tonnes", "count", 500, "tonne")]


@pytest.mark.parametrize(("text", "about"), [
    ("Exports to the bloc have grown by 20 percent in recent months.", "exports"),
    ("The partners aim to raise the volume of trade to $2 billion in the first phase.", "volume of trade"),
    ("Donors promised $40 million in aid.", "aid"),
    ("Under the plan, loans worth €3 billion were agreed.", "loans"),
])
def test_about_names_the_measure_not_a_period(text: str, about: str) -> None:
    money_or_percent = [q for q in find_quantities(text, ()) if q.kind in ("money", "percent")]
    assert [q.about for q in money_or_percent] == [about]


@pytest.mark.parametrize(("text", "expected"), [
    ("The bond paid C $ 12 million to holders.", ("C $ 12 million", "money", 12_000_000, "CAD")),
    ("The fee rose to 40USD per day.", ("40USD", "money", 40, "USD")),
    ("Losses above 30 MUSD were booked.", ("above 30 MUSD", "money", 30_000_000, "USD")),
    ("The firm once paid 9 million guilders for it.", ("9 million guilders", "money", 9_000_000, "NLG")),
    ("Turnout reached per cent of 64 in the north.", ("per cent of 64", "percent", 64, "percent")),
])
def test_currency_and_percent_forms(text: str, expected: tuple[str, str, float, str]) -> None:
    assert expected in summary(text)


def test_a_dollar_sign_after_an_article_is_not_an_australian_dollar() -> None:
    assert summary("They won a $48 million contract.") == [("$48 million", "money", 48_000_000, "USD")]


def test_a_percentage_of_a_count_stays_a_count() -> None:
    found = summary("Only 40 percent of 300 villages have power.")
    assert ("40 percent", "percent", 40, "percent") in found
    assert ("300 villages", "count", 300, "village") in found


@pytest.mark.parametrize("text", [
    "$$$", "1e999 dollars", "$1e999", "“unbalanced quote and 5 days", "€€ 5 5 5 $ $",
    " ".join(str(n) for n in range(500)) + " apples.",
    "9" * 400 + " dollars", "-" * 50 + "5%",
])
def test_bad_input_does_not_crash(text: str) -> None:
    for q in find_quantities(text, ()):
        assert 0 <= q.start <= q.end <= len(text)
        assert q.value is None or q.value == q.value  # never NaN
