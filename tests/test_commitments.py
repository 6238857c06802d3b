"""Commitments from sentences we wrote: one test per kind and rule, plus input that must not crash the stage."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communique.errors import LexiconError
from communique.model import Commitment, Record, Sentence
from communique.pipeline.commitments import find_commitments, parse_cues


def named(record: Record, c: Commitment) -> tuple[list[str], list[str]]:
    return ([a.name for i in c.by if (a := record.actor(i))], [a.name for i in c.for_ if (a := record.actor(i))])


def countries(record: Record, ids: tuple[str, ...]) -> set[str | None]:
    return {a.country for i in ids if (a := record.actor(i))}


def of_kind(record: Record, kind: str) -> list[Commitment]:
    return [c for c in record.commitments if c.kind == kind]


# --- policies ---------------------------------------------------------------------------------


def test_a_policy_reported_twice_is_one_commitment(extract: Callable[..., Record]) -> None:
    record = extract("Kazakhstan will let Iranian citizens enter without a visa for 30 days. "
                     "Kazakhstan announced the visa-free regime for Iranians, valid for 30 days.")
    policies = of_kind(record, "policy")
    assert len(policies) == 1
    by, for_ = named(record, policies[0])
    assert by == ["Kazakhstan"] and for_
    assert len(policies[0].evidence) == 2
    assert {q.value for q in record.quantities if q.id in policies[0].quantities} == {30}


def test_an_expulsion_is_a_policy_in_effect(extract: Callable[..., Record]) -> None:
    record = extract("Norway expelled four Russian diplomats on Friday.", published="2023-04-14")
    (policy,) = of_kind(record, "policy")
    assert policy.what == "expulsion of four Russian diplomats"
    assert policy.status == "in effect"
    assert countries(record, policy.by) == {"NOR"} and countries(record, policy.for_) == {"RUS"}


def test_a_recall_announced_for_the_future(extract: Callable[..., Record]) -> None:
    record = extract("Peru said on Tuesday that it would recall its ambassador to Mexico.", published="2022-12-20")
    (policy,) = of_kind(record, "policy")
    assert policy.what.startswith("recall of its ambassador")
    assert policy.status == "announced"
    assert countries(record, policy.by) == {"PER"} and countries(record, policy.for_) == {"MEX"}
    assert not of_kind(record, "promise")  # the recall is the policy, not also a promise


def test_ordering_diplomats_to_leave_is_an_expulsion(extract: Callable[..., Record]) -> None:
    record = extract("Mexico responded by ordering three Peruvian diplomats to leave.")
    (policy,) = of_kind(record, "policy")
    assert policy.what == "expulsion of three Peruvian diplomats"
    assert countries(record, policy.by) == {"MEX"}


def test_one_policy_per_rate_when_groups_get_their_own(extract: Callable[..., Record]) -> None:
    record = extract("Paris said it would cut visas for Moroccans by 40 percent and for Tunisians by 20 percent.")
    policies = of_kind(record, "policy")
    assert len(policies) == 2
    rates = [{q.value for q in record.quantities if q.id in p.quantities} for p in policies]
    assert rates == [{40}, {20}]
    assert countries(record, policies[0].for_) == {"MAR"} and countries(record, policies[1].for_) == {"TUN"}
    assert all(countries(record, p.by) == {"FRA"} for p in policies)


def test_an_act_set_in_an_earlier_year_is_background(extract: Callable[..., Record]) -> None:
    record = extract("Egypt expelled the Turkish ambassador in 2013.", published="2023-05-01")
    assert not of_kind(record, "policy")


# --- agreements -------------------------------------------------------------------------------


def test_a_signing_is_an_agreement_with_its_instruments(extract: Callable[..., Record]) -> None:
    record = extract("Iran and Turkey signed 4 agreements in Ankara on Monday.")
    (agreement,) = of_kind(record, "agreement")
    assert agreement.what == "4 agreements" and agreement.status == "signed"
    assert sorted(named(record, agreement)[0]) == ["Iran", "Türkiye"]


def test_parties_that_agreed_to_act_make_an_agreement(extract: Callable[..., Record]) -> None:
    record = extract("Egypt and Turkey agreed on Monday to restore diplomatic relations within three months.")
    (agreement,) = of_kind(record, "agreement")
    assert agreement.what.startswith("restore diplomatic relations") and agreement.status == "agreed"
    assert countries(record, agreement.by) == {"EGY", "TUR"}
    assert {q.text for q in record.quantities if q.id in agreement.quantities} == {"three months"}


def test_a_brokered_ceasefire_binds_the_parties_not_the_broker(extract: Callable[..., Record]) -> None:
    record = extract("Armenia and Azerbaijan traded fire overnight. Russia said it had brokered a ceasefire "
                     "between Armenia and Azerbaijan.")
    (agreement,) = of_kind(record, "agreement")
    assert "ceasefire" in agreement.what and agreement.status == "announced"
    assert countries(record, agreement.by) == {"ARM", "AZE"}


def test_the_agreement_named_again_is_the_same_one(extract: Callable[..., Record]) -> None:
    record = extract("Chile and Peru reached a fisheries agreement on Monday. The agreement was signed in Lima.")
    (agreement,) = of_kind(record, "agreement")
    assert "fisheries agreement" in agreement.what and len(agreement.evidence) == 2


# --- promises ---------------------------------------------------------------------------------


def test_a_promise_states_the_promised_act(extract: Callable[..., Record]) -> None:
    record = extract("Iranian President Ebrahim Raisi said he will travel to Turkey next month.")
    promises = of_kind(record, "promise")
    assert promises and promises[0].what.startswith("travel to Turkey")
    assert named(record, promises[0]) == (["Ebrahim Raisi"], ["Türkiye"])


def test_a_pledge_and_its_conjunct_are_two_promises(extract: Callable[..., Record]) -> None:
    record = extract("Sweden pledged not to support the PKK and to deal with Turkey's extradition requests.")
    promises = of_kind(record, "promise")
    assert [p.what.split()[0] for p in promises] == ["not", "deal"]
    assert all(countries(record, p.by) == {"SWE"} and p.status == "promised" for p in promises)


def test_the_same_promise_reported_twice_is_merged(extract: Callable[..., Record]) -> None:
    record = extract("Recep Tayyip Erdogan said he will visit Egypt soon. "
                     "“I will travel to Egypt at the right moment,” Erdogan said.")
    (promise,) = of_kind(record, "promise")
    assert len(promise.evidence) == 2


@pytest.mark.parametrize("text", [
    "Iran and Kazakhstan are determined to expand relations between the two countries.",  # a general wish
    "Relations between Iran and Iraq will improve.",  # no actor makes it
    "Iran hopes to host the Turkish president.",  # a hope, not a commitment
    "Kazakhstan said Iranian citizens will be able to travel freely.",  # a state, not an act
    "Iran will not accept the proposal, its foreign ministry said.",  # a refusal, not a promise
    "Turkey signed the deal last week and cooperation has grown stronger.",  # past and evaluation
])
def test_no_promise_without_a_committed_act(extract: Callable[..., Record], text: str) -> None:
    assert not of_kind(extract(text), "promise")


# --- targets and indicators -------------------------------------------------------------------


def test_target_and_indicator(extract: Callable[..., Record]) -> None:
    record = extract("Iran and Turkey aim to increase bilateral trade to $5 billion. "
                     "Trade between Iran and Turkey rose by 20 percent last year.")
    kinds = {c.kind: c for c in record.commitments}
    assert kinds["target"].what == "bilateral trade"
    assert kinds["indicator"].what == "trade"
    for c in (kinds["target"], kinds["indicator"]):
        assert sorted(named(record, c)[0]) == ["Iran", "Türkiye"]


def test_a_wanted_change_in_a_measure_is_a_target(extract: Callable[..., Record]) -> None:
    record = extract("Chile and Peru want to expand rail links across their border.")
    (target,) = of_kind(record, "target")
    assert target.what.startswith("expand rail links") and target.status == "proposed"
    assert countries(record, target.by) == {"CHL", "PER"}


def test_a_level_reached_is_an_indicator(extract: Callable[..., Record]) -> None:
    record = extract("Trade between Chile and Peru exceeded $5 billion last year.")
    (indicator,) = of_kind(record, "indicator")
    assert {q.value for q in record.quantities if q.id in indicator.quantities} == {5e9}


def test_a_death_toll_is_an_indicator_of_the_side_that_lost(extract: Callable[..., Record]) -> None:
    record = extract("Officials in New Delhi said 12 Indian soldiers were killed in the clash.")
    (indicator,) = of_kind(record, "indicator")
    assert indicator.what == "soldiers killed" and indicator.status == "reported"
    assert countries(record, indicator.by) == {"IND"}


# --- bad input and the cue file ---------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Will.", "“He will pledge to", "and and , , ; will will shall", "The agreement.", "“Iran will", "9 MOUs",
    "Russia said “it would expel", "ordered to leave",
])
def test_odd_input_does_not_break_the_stage(extract: Callable[..., Record], text: str) -> None:
    record = extract(text)
    assert not [e for e in record.errors if e.stage.startswith("commitments")]


def test_without_a_parse_only_the_cue_rules_run() -> None:
    text = "Kazakhstan grants visa-free entry."
    found = find_commitments(text, (Sentence(0, 0, len(text)),), (), (), ())
    assert [c.kind for c in found] == ["policy"]


def test_a_malformed_cue_line_names_its_line() -> None:
    with pytest.raises(LexiconError, match=r"x\.tsv:2"):
        parse_cues("# header\nact\texpel\n", "x.tsv")
    with pytest.raises(LexiconError, match="unknown cue kind"):
        parse_cues("wish\thope\n", "x.tsv")


def test_a_level_reached_is_an_indicator_and_a_wanted_one_a_target(extract: Callable[..., Record]) -> None:
    past = extract("Trade between Chile and Peru rose by 8 percent last year to $4 billion.", published="2025-02-01")
    assert not of_kind(past, "target") and of_kind(past, "indicator")
    wanted = extract("Chile and Peru want to increase trade to $6 billion by 2030.", published="2025-02-01")
    [target] = of_kind(wanted, "target")
    assert countries(wanted, target.by) == {"CHL", "PER"}


def test_an_instrument_one_is_ready_to_sign_is_not_signed(extract: Callable[..., Record]) -> None:
    record = extract("Peru said it was prepared to sign a fisheries agreement with Chile.", published="2025-02-01")
    [agreement] = of_kind(record, "agreement")
    assert agreement.status == "proposed"
