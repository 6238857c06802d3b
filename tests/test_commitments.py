"""Commitments from sentences we wrote: agreements, policies (merged when repeated), targets, promises, indicators."""

from __future__ import annotations

from collections.abc import Callable

from communique.model import Commitment, Record


def named(record: Record, c: Commitment) -> tuple[list[str], list[str]]:
    return ([a.name for i in c.by if (a := record.actor(i))], [a.name for i in c.for_ if (a := record.actor(i))])


def test_a_policy_reported_twice_is_one_commitment(extract: Callable[..., Record]) -> None:
    record = extract("Kazakhstan will let Iranian citizens enter without a visa for 30 days. "
                     "Kazakhstan announced the visa-free regime for Iranians, valid for 30 days.")
    policies = [c for c in record.commitments if c.kind == "policy"]
    assert len(policies) == 1
    by, for_ = named(record, policies[0])
    assert by == ["Kazakhstan"] and for_
    assert len(policies[0].evidence) == 2
    assert {q.value for q in record.quantities if q.id in policies[0].quantities} == {30}


def test_target_and_indicator(extract: Callable[..., Record]) -> None:
    record = extract("Iran and Turkey aim to increase bilateral trade to $5 billion. "
                     "Trade between Iran and Turkey rose by 20 percent last year.")
    kinds = {c.kind: c for c in record.commitments}
    assert kinds["target"].what == "bilateral trade"
    assert kinds["indicator"].what == "trade"
    for c in (kinds["target"], kinds["indicator"]):
        assert sorted(named(record, c)[0]) == ["Iran", "Türkiye"]


def test_a_promise_states_the_promised_act(extract: Callable[..., Record]) -> None:
    record = extract("Iranian President Ebrahim Raisi said he will travel to Turkey next month.")
    promises = [c for c in record.commitments if c.kind == "promise"]
    assert promises and promises[0].what.startswith("travel to Turkey")
    assert named(record, promises[0]) == (["Ebrahim Raisi"], ["Türkiye"])


def test_a_signing_is_an_agreement_with_its_instruments(extract: Callable[..., Record]) -> None:
    record = extract("Iran and Turkey signed 4 agreements in Ankara on Monday.")
    (agreement,) = [c for c in record.commitments if c.kind == "agreement"]
    assert agreement.what == "4 agreements" and agreement.status == "signed"
    assert sorted(named(record, agreement)[0]) == ["Iran", "Türkiye"]
