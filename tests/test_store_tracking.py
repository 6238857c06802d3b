"""Commitment tracking: later reports update a commitment, events fulfil promises, the history is kept."""

from __future__ import annotations

import pytest

from communique.errors import LexiconError
from communique.model import Commitment, Span
from communique.store import open_store, tracking
from communique.store.tracking import Item, Thread
from test_store_relations import article


def _commitment(cid: str, kind: str, what: str, status: str, by: tuple[str, ...], for_: tuple[str, ...] = (),
                day: str | None = None) -> Commitment:
    return Commitment(cid, kind, what, by=by, for_=for_, status=status, date=day, evidence=(Span(0, 4, "Iran"),))


def promise_then_visit() -> list:
    promise = _commitment("C1", "promise", "a state visit to Astana", "promised", ("AIRN",), ("AKAZ",))
    return [
        article("promise", "2022-05-01", [("IRN", "KAZ", "036", "2022-05-01")], commitments=(promise,)),
        article("visit", "2022-06-19", [("IRN", "KAZ", "042", "2022-06-19")]),
    ]


def test_a_promised_visit_that_takes_place_is_fulfilled() -> None:
    with open_store(":memory:") as store:
        store.ingest(promise_then_visit())
        (thread,) = store.tracked_commitments(kind="promise")
        assert (thread["status"], thread["open"], thread["status_date"]) == ("fulfilled", False, "2022-06-19")
        first, done = thread["history"]
        assert (first["status"], first["doc_id"], first["commitment_id"]) == ("promised", "promise", "C1")
        assert (done["status"], done["doc_id"], done["event_id"]) == ("fulfilled", "visit", "E1")
        assert done["evidence"].startswith("Iran acted on Kazakhstan under code 042")
        assert store.tracked_commitments(open_only=True) == []
        assert store.dyad("IRN", "KAZ").open == []


def test_the_visit_arriving_first_still_fulfils_the_promise() -> None:
    with open_store(":memory:") as store:
        promise, visit = promise_then_visit()
        store.ingest([visit])
        store.ingest([promise])
        assert [t["status"] for t in store.tracked_commitments()] == ["fulfilled"]


def test_a_policy_that_comes_into_force_is_in_force() -> None:
    announced = _commitment("C1", "policy", "visa-free entry for Iranian citizens", "announced", ("AKAZ",),
                            ("AIRN",))
    in_force = _commitment("C1", "policy", "visa-free entry", "in force", ("AKAZ",), ("AIRN",))
    other = _commitment("C2", "policy", "tariffs on steel", "announced", ("AKAZ",), ("AIRN",))
    with open_store(":memory:") as store:
        store.ingest([article("a", "2022-06-01", [("KAZ", "IRN", "030", None)], commitments=(announced, other)),
                      article("b", "2022-07-01", [("KAZ", "IRN", "081", None)], commitments=(in_force,))])
        rows = {t["what"]: t for t in store.tracked_commitments(party="IRN")}
        visa = rows["visa-free entry for Iranian citizens"]
        assert visa["status"] == "in force" and visa["reports"] == 2 and not visa["open"]
        assert [h["status"] for h in visa["history"]] == ["announced", "in force"]
        assert rows["tariffs on steel"]["status"] == "announced" and rows["tariffs on steel"]["open"]
        assert [t["what"] for t in store.tracked_commitments(status="in force")] == [visa["what"]]
        assert store.tracked_commitments(party="SAU") == []
        assert len(store.commitments(party="KAZ", status="in force")) == 1


def _item(what: str, parties: tuple[str, ...] = ("IRN", "KAZ"), kind: str = "agreement", doc: str = "d2",
          makers: tuple[str, ...] = ("IRN",)) -> Item:
    return Item(doc, "C1", kind, what, tracking.terms(what), parties, makers, "signed", None, what)


def _thread(what: str, parties: tuple[str, ...] = ("IRN", "KAZ"), kind: str = "agreement",
            makers: tuple[str, ...] = ("IRN",)) -> Thread:
    return Thread(1, kind, what, tracking.terms(what), parties, makers, None, frozenset({"d1"}))


@pytest.mark.parametrize(("thread", "item", "same"), [
    (_thread("trade pact on grain"), _item("grain trade pact"), True),
    (_thread("sanctions"), _item("sanctions", kind="policy"), True),
    (_thread("trade pact on grain"), _item("grain trade pact", doc="d1"), False),            # same document
    (_thread("trade pact on grain"), _item("grain trade pact", parties=("IRN", "SAU")), False),  # other pair
    (_thread("trade pact on grain"), _item("grain trade pact", makers=("KAZ",)), False),     # other maker
    (_thread("trade pact on grain"), _item("grain trade pact", kind="indicator"), False),     # other kind
    (_thread("trade pact on grain"), _item("oil pipeline deal"), False),                    # other words
])
def test_the_matching_rule(thread: Thread, item: Item, same: bool) -> None:
    assert tracking.same(thread, item) is same


def test_rules_data_and_status_order() -> None:
    rules = tracking.rules()
    assert rules.rank("in force") > rules.rank("signed") > rules.rank("promised") > rules.rank(None)
    assert "fulfilled" in rules.closed and "promised" not in rules.closed
    assert "042" in rules.prefixes(tracking.terms("a state visit"))
    assert tracking.current([(None, "promised", 1), (None, "signed", 2)], rules) == "signed"
    with pytest.raises(LexiconError, match="tracking.tsv:2"):
        tracking.parse_rules("status\tsigned\t7\topen\nstatus\tsigned\tseven\topen\n")
    with pytest.raises(LexiconError, match="digits"):
        tracking.parse_rules("fulfil\tvisit\t04x\n")
