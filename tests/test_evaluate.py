"""Gold loading and scoring (communique.evaluate), layer by layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from communique.errors import GoldError
from communique.evaluate import Gold, LayerScore, Report, evaluate_dir, load_gold, parse_gold
from communique.evaluate.events import score_events
from communique.evaluate.score import (
    score_actors,
    score_commitments,
    score_quantities,
    score_quotes,
    score_record,
)
from communique.model import (
    Actor,
    Commitment,
    Document,
    Event,
    Mention,
    Plover,
    Quantity,
    Quote,
    Record,
    Span,
)

TEXT = (
    "OSLO — Norwegian Prime Minister Erik Dahl hosted Swedish Prime Minister Anna Berg "
    "in Oslo on Tuesday. The two governments signed a fishing accord. "
    "Berg said Sweden would send 200 engineers to help build the new bridge. "
    "“Our cooperation has never been stronger,” Dahl said. "
    "Berg added: “We are proud of this step.” "
    "A banner over the hall read “Nordic partners agree”. "
    "Trade between them grew by about 12 percent last year to $4.5 billion."
)

GOLD_YAML = """
document:
  file: nordic.txt
  dateline: OSLO
  publisher: Nordic Wire
  license: CC BY 4.0
  published: 2024-05-07
actors:
  - {id: dahl, name: Erik Dahl, kind: person, country: NOR, sector: GOV, aliases: [Dahl]}
  - {id: berg, name: Anna Berg, kind: person, country: SWE, sector: GOV, aliases: [Berg]}
  - {id: norway, name: Norway, kind: country, country: NOR, aliases: [Norwegian]}
  - {id: sweden, name: Sweden, kind: country, country: SWE, aliases: [Swedish]}
  - {id: oslo, name: Oslo, kind: place, country: NOR}
events:
  - id: host
    sentence: hosted Swedish Prime Minister Anna Berg
    source: dahl
    target: berg
    cameo: ["043"]
    plover: CONSULT
    modality: asserted
    date: 2024-05-07
  - id: sign
    sentence: The two governments signed a fishing accord
    source: norway
    target: sweden
    symmetric: true
    cameo: ["057"]
    plover: AGREE
    modality: asserted
    date: "2024-05-07"
  - id: send
    sentence: Sweden would send 200 engineers
    source: sweden
    target: norway
    cameo: ["070", "071"]
    plover: [AID, COOPERATE]
    modality: future
  - id: praise
    sentence: Our cooperation has never been stronger
    source: dahl
    target: sweden
    cameo: ["051"]
    plover: SUPPORT
    modality: asserted
    optional: true
quotes:
  - {speaker: dahl, text: "Our cooperation has never been stronger,"}
  - {speaker: berg, text: "We are proud of this step."}
not_quotes:
  - Nordic partners agree
quantities:
  - {text: "200 engineers", kind: count, value: 200, unit: engineer}
  - {text: "about 12 percent", kind: percent, value: 12, unit: percent, qualifier: about}
  - {text: "$4.5 billion", kind: money, value: 4500000000, unit: USD}
commitments:
  - {id: accord, kind: agreement, by: [norway, sweden], what: fishing accord, status: signed}
  - {id: engineers, kind: promise, by: sweden, for: norway, what: engineers, value: 200}
"""


def span(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def mention(needle: str, nth: int = 0) -> Mention:
    return Mention(*span(needle, nth), needle, 0)


def trigger(needle: str) -> Span:
    return Span(*span(needle), needle)


ACTORS = (
    Actor("P1", "Erik Dahl", "person", "NOR", "GOV",
          mentions=(mention("Erik Dahl"), mention("Dahl", 1))),
    Actor("P2", "Anna Berg", "person", "SWE", None, mentions=(mention("Anna Berg"),)),
    Actor("P3", "Sweden", "country", "SWE", mentions=(mention("Sweden"),)),
    Actor("P4", "Norway", "country", "SWE", mentions=(mention("Norwegian"),)),  # wrong country
    Actor("P5", "Oslo", "place", "NOR", mentions=(mention("Oslo"),)),
    Actor("P6", "Tuesday", "place", None, mentions=(mention("Tuesday"),)),  # spurious
)


def event(eid: str, source: str, target: str, cameo: str, word: str, plover: str | None,
          **kw: object) -> Event:
    return Event(eid, 0, (source,), (target,), cameo, trigger(word),
                 plover=Plover(plover) if plover else None, **kw)  # type: ignore[arg-type]


EVENTS = (
    event("E1", "P1", "P2", "042", "hosted", "CONSULT", date="2024-05-07"),
    event("E2", "P3", "P1", "057", "signed", "AGREE"),  # one direction of a symmetric gold
    event("E3", "P3", "P1", "071", "send", "AID"),  # an acceptable code, wrong modality
    event("E4", "P3", "P1", "070", "send", "AID"),  # another acceptable code: neither way
    event("E5", "P1", "P3", "051", "stronger", "SUPPORT"),  # the optional event
    event("E6", "P2", "P1", "111", "added", None),  # not in the gold
)


def predicted(**changes: object) -> Record:
    base = {
        "document": Document("nordic", TEXT, publisher="Nordic Wire", dateline="OSLO"),
        "actors": ACTORS, "events": EVENTS,
        "quotes": (
            Quote("Q1", "Our cooperation has never been stronger,", *span("Our coop"), "P1"),
            Quote("Q2", "Nordic partners agree", *span("Nordic partners agree")),
            Quote("Q3", "Sweden would send engineers", *span("Sweden would"), "P2",
                  kind="indirect"),
            Quote("Q4", "proud of this step", *span("proud of this step"), "P1"),  # wrong speaker
            Quote("Q5", "help build the new bridge", *span("help build"), "P2"),
        ),
        "quantities": (
            Quantity("N1", "200 engineers", *span("200 engineers"), 0, "count",
                     200.0000001, "engineer"),
            Quantity("N2", "12 percent", *span("12 percent"), 0, "percent", 12, "Percent"),
            Quantity("N3", "$4.5 billion", *span("$4.5 billion"), 0, "money", 4.6e9, "USD"),
        ),
        "commitments": (
            Commitment("C1", "agreement", "fishing accord", by=("P3",)),
            Commitment("C2", "target", "trade", by=("P1",)),
        ),
    }
    base.update(changes)
    return Record(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def gold() -> Gold:
    import yaml
    return parse_gold(yaml.safe_load(GOLD_YAML), "nordic.gold.yaml")


def counts(score: LayerScore) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# ---------------------------------------------------------------- gold loading


def test_gold_parses_into_typed_records(gold: Gold) -> None:
    assert gold.document.published == "2024-05-07"
    assert [a.id for a in gold.actors] == ["dahl", "berg", "norway", "sweden", "oslo"]
    assert gold.actor("dahl").surface_forms == ("Erik Dahl", "Dahl")  # type: ignore[union-attr]
    send = gold.events[2]
    assert send.cameo == ("070", "071") and send.plover == ("AID", "COOPERATE")
    assert gold.events[1].date == "2024-05-07" and gold.events[3].optional
    assert gold.commitments[1].for_ == ("norway",) and gold.commitments[1].extra["value"] == 200
    assert gold.not_quotes == ("Nordic partners agree",)


@pytest.mark.parametrize(("text", "says"), [
    ("- just a list", "top level"),
    ("actors: []", "'document'"),
    ("document: {}\nactors: [{id: a, name: A, kind: nation}]", "actors[0]"),
    ("document: {}\nactors: [{id: a, name: A, kind: country}]\n"
     "events: [{source: a, target: b, cameo: ['010']}]", "unknown actor 'b'"),
    ("document: {}\nactors: [{id: a, name: A, kind: country}]\n"
     "events: [{source: a, target: a, cameo: [043]}]", "quoted string"),
    ("document: {}\nquantities: [{text: five, kind: count, value: lots}]", "not a number"),
    ("document: {published: June 2022}", "ISO date"),
    ("document: {}\nactors: [{id: a, name: A, kind: country}, {id: a, name: B, kind: place}]",
     "duplicate"),
    ("document: {}\ncommitments: [{kind: wish}]", "commitments[0]"),
    ("document: [unclosed", "not valid YAML"),
])
def test_malformed_gold_raises_gold_error(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "bad.gold.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert info.value.file == str(path)
    assert says in str(info.value)


# ---------------------------------------------------------------- layers


def test_actors_and_sector(gold: Gold) -> None:
    actors, sector = score_actors(predicted(), gold)
    # found: dahl, berg, sweden, oslo; norway missed (wrong country); P4 and P6 spurious
    assert counts(actors) == (4, 2, 1)
    assert (sector.correct, sector.n) == (1, 2)  # berg has no predicted sector


def test_event_levels(gold: Gold) -> None:
    scores = score_events(predicted(), gold)
    # exact: sign SWE->NOR and send are found; 042 is not 043 and 111 is invented;
    # 070 after 071 and the optional 051 count neither way
    assert counts(scores.exact) == (2, 2, 2)
    # root: collapsed tuples; E5 (NOR->SWE, 05) stands for sign's other direction
    assert counts(scores.root) == (4, 1, 0)
    assert counts(scores.plover) == (3, 0, 1)  # E6 has no PLOVER type, E5 is optional
    assert (scores.modality.correct, scores.modality.n) == (2, 3)  # send is future in gold
    assert (scores.dates.correct, scores.dates.n) == (1, 2)  # sign has no predicted date
    exact = {d.level: d for d in scores.detail}["exact"]
    assert {(m.source, m.target, m.code) for m in exact.missed} == {
        ("NOR", "SWE", "043"), ("NOR", "SWE", "057")}
    assert {(s.source, s.target, s.code, s.events) for s in exact.spurious} == {
        ("NOR", "SWE", "042", ("E1",)), ("SWE", "NOR", "111", ("E6",))}


def test_symmetric_prediction_counts_both_directions(gold: Gold) -> None:
    one_way = score_events(predicted(events=(
        event("E1", "P4", "P3", "057", "signed", "AGREE"),)), gold)
    joint = score_events(predicted(events=(
        event("E1", "P1", "P3", "057", "signed", "AGREE", symmetric=True),)), gold)
    assert counts(one_way.exact) == (0, 1, 4)  # P4 is coded SWE: SWE->SWE is no gold tuple
    assert counts(joint.exact) == (2, 0, 2)


def test_repeated_reports_and_three_digit_parent(gold: Gold) -> None:
    events = (event("E1", "P1", "P2", "043", "hosted", "CONSULT"),
              event("E2", "P1", "P2", "043", "Tuesday", "CONSULT"),
              event("E3", "P3", "P5", "070", "send", "AID"))  # 070: parent of "070"
    assert counts(score_events(predicted(events=events), gold).exact) == (2, 0, 2)


def test_optional_event_alone_counts_neither_way(gold: Gold) -> None:
    scores = score_events(predicted(events=(EVENTS[4],)), gold)
    assert counts(scores.exact) == (0, 0, 4)
    assert counts(scores.plover) == (0, 0, 4)
    # at root level 051 and 057 share the collapsed tuple (NOR, SWE, 05)
    assert counts(scores.root) == (1, 0, 3)


def test_exact_match_is_preferred_for_modality(gold: Gold) -> None:
    events = (event("E1", "P1", "P3", "051", "signed", "SUPPORT", modality="future"),
              event("E2", "P1", "P3", "057", "Tuesday", "AGREE", date="2024-05-07"))
    scores = score_events(predicted(events=events), gold)
    assert (scores.modality.correct, scores.modality.n) == (1, 1)
    assert (scores.dates.correct, scores.dates.n) == (1, 1)


def test_quotes_and_speakers(gold: Gold) -> None:
    quotes, speakers = score_quotes(predicted(), gold)
    # Q1 and Q4 match; Q2 is a not_quotes entry and Q5 matches nothing; Q3 is indirect
    assert counts(quotes) == (2, 2, 0)
    assert (speakers.correct, speakers.n) == (1, 2)


def test_speaker_matches_by_alias_or_mention_text(gold: Gold) -> None:
    renamed = (Actor("P2", "Ms Berg", "person", "SWE", mentions=(mention("Berg"),)),)
    record = predicted(actors=renamed, quotes=(
        Quote("Q1", "We are proud of this step.", *span("We are proud"), "P2"),))
    assert (score_quotes(record, gold)[1].correct) == 1


def test_quantities_tolerance_and_unit(gold: Gold) -> None:
    assert counts(score_quantities(predicted(), gold)) == (2, 1, 1)
    off = Quantity("N1", "200 engineers", *span("200 engineers"), 0, "count",
                   200 * (1 + 2e-6), "engineer")
    assert counts(score_quantities(predicted(quantities=(off,)), gold)) == (0, 1, 3)
    elsewhere = Quantity("N1", "200", *span("Trade"), 0, "count", 200, "engineer")
    assert counts(score_quantities(predicted(quantities=(elsewhere,)), gold)) == (0, 1, 3)


def test_commitments(gold: Gold) -> None:
    assert counts(score_commitments(predicted(), gold)) == (1, 1, 1)


def test_score_record_and_document_checks(gold: Gold) -> None:
    doc = score_record(predicted(), gold, name="nordic")
    assert (doc.scores.dateline.correct, doc.scores.publisher.correct,
            doc.scores.license.correct) == (1, 1, 0)
    assert [label for label, _ in doc.scores.rows()] == [
        "actors", "sector", "events-root", "events-exact", "plover", "modality", "dates",
        "quotes", "speakers", "quantities", "commitments", "dateline", "publisher", "license"]
    assert doc.scores.actors.precision == pytest.approx(4 / 6)
    assert doc.scores.actors.f1 == pytest.approx(8 / 11)


def test_empty_prediction_has_undefined_precision(gold: Gold) -> None:
    doc = score_record(Record(Document("x", TEXT)), gold)
    assert doc.scores.quotes.precision is None
    assert doc.scores.quotes.recall == 0.0


# ---------------------------------------------------------------- folders


def test_evaluate_dir_micro_averages(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / f"{name}.gold.yaml").write_text(GOLD_YAML, encoding="utf-8")
    (tmp_path / "orphan.txt").write_text("No gold here.", encoding="utf-8")
    seen: list[tuple[str, str | None]] = []

    def extract(text: str, published: str | None) -> Record:
        seen.append((text, published))
        return predicted()

    report = evaluate_dir(tmp_path, extract)
    assert isinstance(report, Report)
    assert seen == [(TEXT, "2024-05-07")] * 2
    assert [d.name for d in report.documents] == ["a", "b"]
    assert counts(report.total.events_exact) == (4, 4, 4)
    assert (report.total.speakers.correct, report.total.speakers.n) == (2, 4)
    table = report.format_table(per_document=True)
    for label in ("actors", "events-root", "events-exact", "plover", "modality", "dates",
                  "quotes", "speakers", "quantities", "commitments", "dateline", "license"):
        assert label in table
    assert "NOR -> SWE 042" in report.format_detail()
    data = json.loads(json.dumps(report.to_dict()))
    assert data["total"]["events-exact"]["tp"] == 4
    assert data["documents"][0]["detail"][1]["level"] == "exact"


def test_evaluate_dir_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(GoldError):
        evaluate_dir(tmp_path / "nowhere", lambda text, published: predicted())


# ---------------------------------------------------------------- the seed article

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seed"


def test_seed_gold_parses() -> None:
    if not SEED.is_dir():
        pytest.skip(f"seed corpus not found at {SEED}")
    gold = load_gold(SEED / "tehran-tokayev-visit.gold.yaml")
    assert (len(gold.actors), len(gold.quotes), len(gold.quantities)) == (13, 15, 6)
    assert gold.document.published == "2022-06-19"
    assert sum(e.optional for e in gold.events) == 4


def record_from_gold(gold: Gold, text: str) -> Record:
    """A prediction that says exactly what the gold says, located in ``text``."""
    from communique.evaluate.metrics import find_all

    def anchor(fragment: str | None) -> Span:
        start, end = find_all(text, fragment or "")[0]
        return Span(start, end, text[start:end])

    actors = tuple(
        Actor(a.id, a.name, a.kind, a.country, a.sector,  # type: ignore[arg-type]
              mentions=tuple(Mention(s, e, text[s:e], 0) for form in a.surface_forms
                             for s, e in find_all(text, form)))
        for a in gold.actors)
    events = tuple(
        Event(g.id, 0, g.source, g.target, g.cameo[0], anchor(g.sentence),
              symmetric=g.symmetric, plover=Plover(g.plover[0]) if g.plover else None,
              modality=g.modality or "asserted", date=g.date)  # type: ignore[arg-type]
        for g in gold.events)
    quotes = tuple(Quote(f"Q{i}", q.text, *find_all(text, q.text)[0], q.speaker)
                   for i, q in enumerate(gold.quotes))
    quantities = tuple(Quantity(f"N{i}", q.text, *find_all(text, q.text)[0], 0,
                                q.kind, q.value, q.unit)  # type: ignore[arg-type]
                       for i, q in enumerate(gold.quantities))
    commitments = tuple(Commitment(c.id, c.kind, c.what or "", c.by, c.for_)  # type: ignore[arg-type]
                        for c in gold.commitments)
    document = Document("seed", text, publisher=gold.document.publisher,
                        license=gold.document.license, dateline=gold.document.dateline)
    return Record(document, actors=actors, events=events, quotes=quotes,
                  quantities=quantities, commitments=commitments)


def test_gold_as_prediction_scores_perfectly_on_the_seed() -> None:
    if not SEED.is_dir():
        pytest.skip(f"seed corpus not found at {SEED}")
    report = evaluate_dir(SEED, lambda text, published: record_from_gold(
        load_gold(SEED / "tehran-tokayev-visit.gold.yaml"), text))
    for label, score in report.total.rows():
        if isinstance(score, LayerScore):
            assert (label, score.fp, score.fn) == (label, 0, 0)
        else:
            assert (label, score.correct) == (label, score.n)


# ---------------------------------------------------------------- confusion by root


def test_confusion_counts_and_formats_weakest_class_first() -> None:
    from communique.evaluate import Confusion

    c = Confusion.of([("04", "04"), ("04", "04"), ("04", "01"), ("18", None), (None, "11"), (None, None)])
    assert (c.count("04", "04"), c.count("04", "01"), c.count(None, None)) == (2, 1, 0)
    assert c.labels == ("01", "04", "11", "18")
    assert (c.accuracy.correct, c.accuracy.n) == (2, 4)  # a miss counts wrong, a spurious one not at all
    assert (c.score("04").tp, c.score("04").fp, c.score("04").fn) == (2, 0, 1)
    assert [label for label, _ in c.per_class()] == ["18", "01", "11", "04"]
    assert c.top_confusions(2) == [("04", "01", 1), ("18", None, 1)]
    assert (c + c).count("04", "04") == 4 and (c + Confusion()) == c
    text = c.format("by root")
    lines = text.splitlines()
    assert lines[0] == "by root" and lines[1].split() == ["gold/ours", "01", "04", "11", "18", "none", "n"]
    assert lines[3].split() == ["04", "1", "2", ".", ".", ".", "3"]
    assert lines[5].split() == ["none", ".", ".", "1", ".", ".", "1"]
    assert text.index("\n18 ") < text.index("\n04 ", text.index("class"))  # weakest first
    assert json.loads(json.dumps(c.to_dict()))["classes"]["04"]["tp"] == 2


def test_root_confusion_pairs_by_direction_then_sentence(gold: Gold) -> None:
    from communique.evaluate import root_confusion
    from communique.model import Sentence, replace

    c = root_confusion(predicted(), gold)
    # host, sign and send found with their roots; the repeat (E4) and the optional praise
    # (E5) count neither way; E6 is accepted by no gold event
    assert c.cells == (("04", "04", 1), ("05", "05", 1), ("07", "07", 1), (None, "11", 1))

    wrong = (event("E1", "P1", "P2", "190", "hosted", None),)
    one_sentence = (Sentence(0, 0, len(TEXT)),)
    c = root_confusion(predicted(events=wrong, sentences=one_sentence), gold)
    # same direction and sentence as "host" (nearest) and "sign": paired with the nearer one
    assert c.cells == (("04", "19", 1), ("05", None, 1), ("07", None, 1))
    later = (Sentence(0, 0, span("The two")[0]), Sentence(1, span("The two")[0], len(TEXT)))
    moved = (replace(wrong[0], sentence=1),)
    c = root_confusion(predicted(events=moved, sentences=later), gold)
    assert c.count("04", "19") == 0 and c.count("05", "19") == 1  # only "sign" is in sentence 1
    c = root_confusion(predicted(events=wrong), gold)  # no sentences: no off-diagonal pairs
    assert c.count("04", None) == 1 and c.count(None, "19") == 1


def test_report_detail_ends_with_the_confusion_by_root(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / f"{name}.gold.yaml").write_text(GOLD_YAML, encoding="utf-8")
    report = evaluate_dir(tmp_path, lambda text, published: predicted())
    assert report.confusion.count("04", "04") == 2 and report.confusion.count(None, "11") == 2
    detail = report.format_detail()
    assert detail.index("NOR -> SWE 042") < detail.index("events by CAMEO root")
    assert "accuracy 1.000 (6/6)" in detail
    assert json.loads(json.dumps(report.to_dict()))["confusion"]["accuracy"]["n"] == 6
