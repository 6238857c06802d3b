"""Event coding: one test per construction, on sentences written for these tests, and bad input."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from communique.errors import EmptyInputError, LexiconError
from communique.model import Event, Record
from communique.pipeline.patterns import Composition, PatternSet, load_patterns, parse_pattern

Extract = Callable[..., Record]


def codes(record: Record) -> list[str]:
    return [e.cameo for e in record.events]


def event(record: Record, code: str) -> Event:
    found = [e for e in record.events if e.cameo == code]
    assert found, f"no {code} event: {[(e.cameo, e.trigger.text) for e in record.events]}"
    return found[0]


def countries(record: Record, ids: tuple[str, ...]) -> set[str | None]:
    by_id = {a.id: a for a in record.actors}
    return {by_id[i].country for i in ids}


def dyad(record: Record, e: Event) -> tuple[set[str | None], set[str | None]]:
    return countries(record, e.source), countries(record, e.target)


# --- voice and actors -------------------------------------------------------------------------


def test_active_voice_subject_is_source_object_is_target(extract: Extract) -> None:
    record = extract("Chile expelled two Peruvian diplomats on Monday.")
    e = event(record, "166")
    assert dyad(record, e) == ({"CHL"}, {"PER"})
    assert e.modality == "asserted" and e.plover is not None and e.plover.type == "SANCTION"


@pytest.mark.parametrize(("text", "code", "target"), [
    ("Chile ordered two Peruvian diplomats to leave the country.", "166", "PER"),
    ("Chile told three Bolivian reporters to leave by Friday.", "174", "BOL"),
    ("Chile ordered the Peruvian envoy out.", "166", "PER"),
])
def test_ordering_someone_to_leave_is_an_expulsion(extract: Extract, text: str, code: str, target: str) -> None:
    record = extract(text)
    assert dyad(record, event(record, code)) == ({"CHL"}, {target})


def test_passive_voice_agent_is_source_subject_is_target(extract: Extract) -> None:
    record = extract("Two Peruvian diplomats were expelled by Chile on Monday.")
    assert dyad(record, event(record, "166")) == ({"CHL"}, {"PER"})


def test_passive_without_agent_has_no_source_so_no_event(extract: Extract) -> None:
    record = extract("Spain will send medicine to Morocco if asked.")
    assert codes(record) == ["0333"]  # the reduced passive "if asked" is nobody's appeal


def test_joint_actors_make_a_symmetric_event(extract: Extract) -> None:
    record = extract("Norway and Finland signed a fisheries accord in Oslo.")
    e = event(record, "057")
    assert e.symmetric and countries(record, e.source + e.target) == {"NOR", "FIN"}


# --- nominal events, light verbs, implied pairs ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "Japan pledged 40 million euros in aid to Chad.",
    "Japan pledged 40 million euros in humanitarian aid for Chadian refugees.",
])
def test_a_sum_in_aid_is_aid_and_its_recipient_the_target(extract: Extract, text: str) -> None:
    record = extract(text)
    assert dyad(record, event(record, "033")) == ({"JPN"}, {"TCD"})


def test_an_appeal_to_stop_fighting_is_one_appeal_to_de_escalate(extract: Extract) -> None:
    record = extract("The Vatican urged Peru and Ecuador to halt the fighting.")
    assert codes(record) == ["0256"]
    assert dyad(record, record.events[0]) == ({"VAT"}, {"PER", "ECU"})


def test_condemning_the_measures_aims_at_whoever_took_them(extract: Extract) -> None:
    record = extract("Chile imposed new tariffs on Peru on Monday. Peru condemned the measures as unfair.")
    assert dyad(record, event(record, "111")) == ({"PER"}, {"CHL"})
    alone = extract("Peru condemned the measures as unfair.")
    assert event(alone, "111").target == ()  # nobody acted against Peru before: no target is made up


def test_a_meeting_place_is_no_target(extract: Extract) -> None:
    for text in ("Chile's foreign minister met reporters in Quito on Monday.",
                 "Chile's president called on both sides to resume talks in Quito."):
        record = extract(text)
        assert record.events and "ECU" not in {c for e in record.events for c in countries(record, e.target)}


def test_a_joint_appeal_is_made_side_by_side(extract: Extract) -> None:
    record = extract("Egypt and Qatar called for an immediate truce.")
    appeal = event(record, "0256")
    assert countries(record, appeal.source) == {"EGY", "QAT"} and not appeal.symmetric


def test_joint_hosts_act_side_by_side_not_on_each_other(extract: Extract) -> None:
    record = extract("Iraq and Oman hosted several rounds of talks between Iran and Saudi Arabia.")
    host = event(record, "043")
    assert countries(record, host.source) == {"IRQ", "OMN"} and not host.symmetric
    assert "OMN" not in countries(record, host.target)


def test_nominal_event_between_two_countries(extract: Extract) -> None:
    record = extract("The talks between Egypt and Sudan lasted three hours.")
    e = event(record, "040")
    assert e.symmetric and countries(record, e.source + e.target) == {"EGY", "SDN"}
    assert e.trigger.text == "talks"


def test_light_verb_lends_its_subject_to_the_nominal_event(extract: Extract) -> None:
    record = extract("Vietnam lodged a formal protest with China on Tuesday.")
    assert dyad(record, event(record, "114")) == ({"VNM"}, {"CHN"})


def test_light_verb_with_a_nominal_object_pattern(extract: Extract) -> None:
    record = extract("Bolivia paid a visit to Chile last week.")
    assert dyad(record, event(record, "042")) == ({"BOL"}, {"CHL"})


def test_hosting_implies_the_visit_the_other_way(extract: Extract) -> None:
    record = extract("Brazil hosted the Argentine president in Brasilia.")
    host, visit = event(record, "043"), event(record, "042")
    assert dyad(record, host) == ({"BRA"}, {"ARG"})
    assert dyad(record, visit) == ({"ARG"}, {"BRA"})
    assert "implied" in visit.reason


def test_words_of_a_name_are_not_nominal_events(extract: Extract) -> None:
    record = extract("Armenia left the Collective Security Treaty Organization.")
    assert "057" not in codes(record)


# --- speech and quotes ------------------------------------------------------------------------


def test_event_inside_a_quotation_is_linked_to_it_and_we_is_the_speaker(extract: Extract) -> None:
    record = extract('"We condemn the shelling of our villages," Armenian Foreign Minister Ararat Mirzoyan said.')
    e = event(record, "111")
    assert e.quote is not None and e.quote in {q.id for q in record.quotes}
    assert countries(record, e.source) == {"ARM"}


def test_reported_speech_codes_the_reported_actors(extract: Extract) -> None:
    record = extract("Japan said that North Korea fired missiles at Japanese waters.")
    e = event(record, "195")
    assert dyad(record, e) == ({"PRK"}, {"JPN"})


def test_reported_obligation_is_the_speakers_demand(extract: Extract) -> None:
    record = extract("Cuba said Panama must release the fishermen.")
    e = event(record, "1053")
    assert dyad(record, e) == ({"CUB"}, {"PAN"}) and e.plover is not None and e.plover.type == "REQUEST"


def test_pronoun_subject_of_reported_speech_is_the_speaker(extract: Extract) -> None:
    record = extract("Syria said it will not accept more refugees from Iraq.")
    e = event(record, "120")
    assert countries(record, e.source) == {"SYR"} and e.modality == "negated"


# --- governing verbs: one composed event ------------------------------------------------------------


@pytest.mark.parametrize(("text", "code", "source", "target"), [
    ("Iran threatened to cut diplomatic ties with Bahrain.", "1313", "IRN", "BHR"),
    ("The Israeli president refused to meet the Jordanian king.", "125", "ISR", "JOR"),
    ("France urged Iran to release the detained sailors.", "0253", "FRA", "IRN"),
    ("The European Union agreed to lift sanctions on Belarus.", "0354", None, "BLR"),
    ("Hungary accused Serbia of shelling border villages.", "1123", "HUN", "SRB"),
])
def test_governing_verb_and_its_complement_make_one_event(
        extract: Extract, text: str, code: str, source: str | None, target: str) -> None:
    record = extract(text)
    e = event(record, code)
    assert dyad(record, e) == ({source}, {target})
    assert len(record.events) == 1, codes(record)  # the governing verb is not coded again on its own


# --- negation and modality --------------------------------------------------------------------


def test_negation_is_negated_modality(extract: Extract) -> None:
    record = extract("Mexico did not sign the agreement with Peru.")
    assert event(record, "057").modality == "negated"


def test_future_cooperation_is_an_intent(extract: Extract) -> None:
    record = extract("Spain will send medicine to Morocco.")
    e = event(record, "0333")
    assert e.modality == "future" and dyad(record, e) == ({"ESP"}, {"MAR"})


def test_intended_cooperation(extract: Extract) -> None:
    record = extract("Turkey intends to expand trade with Iraq.")
    assert event(record, "0311").modality == "intended"


def test_hypothetical_conditional_sanction_is_a_threat(extract: Extract) -> None:
    record = extract("Kenya could impose sanctions on Uganda if the border stays closed.")
    e = event(record, "1312")
    assert e.modality == "hypothetical" and dyad(record, e) == ({"KEN"}, {"UGA"})


def test_future_withdrawal_unless_is_a_threat(extract: Extract) -> None:
    record = extract("Pakistan will withdraw its troops from Afghanistan unless the attacks stop.")
    e = event(record, "136")
    assert e.modality == "future" and e.plover is not None and e.plover.type == "THREATEN"


def test_announced_meeting_is_intent_to_meet(extract: Extract) -> None:
    record = extract("Ghana's president will visit Togo next month.")
    e = event(record, "036")
    assert e.modality == "future" and dyad(record, e) == ({"GHA"}, {"TGO"})


# --- bad input: no events, never a crash -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Peace and security in the region.",
    "Die Regierung in Berlin hat am Montag neue Gespräche angekündigt.",
    "La délégation française a quitté la salle sans commentaire.",
    "!!! ??? ...",
])
def test_text_without_an_english_event_gives_none(extract: Extract, text: str) -> None:
    assert extract(text).events == ()


def test_empty_text_is_a_typed_error(extract: Extract) -> None:
    with pytest.raises(EmptyInputError):
        extract("   ")


def test_unbalanced_quotation_marks_do_not_crash(extract: Extract) -> None:
    record = extract('"Chile expelled two Peruvian diplomats, the ministry said. And then nothing.')
    assert all(e.trigger.text for e in record.events)


def test_a_two_thousand_word_sentence(extract: Extract) -> None:
    words = ["officials", "from", "many", "regions", "met", "in", "the", "hall", "and", "spoke", "about",
             "the", "weather", "and", "the", "harvest"]
    text = "Chile expelled two Peruvian diplomats while " + " ".join(words[i % len(words)] for i in range(2000)) + "."
    record = extract(text)
    assert "166" in codes(record)


# --- statements (CAMEO 01) --------------------------------------------------------------------------


def test_a_placed_speaker_makes_a_statement(extract: Extract) -> None:
    record = extract("The Chilean president said on Monday that the talks had been long.")
    e = event(record, "010")
    assert countries(record, e.source) == {"CHL"} and e.modality == "asserted" and e.plover is None


@pytest.mark.parametrize("text", [
    "Sources said the talks had been long.",  # nobody the actor stage knows
    "Reuters reported that the talks had been long.",  # the media report, they make no statement
    "Peru maintained close ties with Ecuador.",  # not a verb of saying without a reported clause
])
def test_no_statement_without_a_speaker_or_a_saying(extract: Extract, text: str) -> None:
    assert not [c for c in codes(extract(text)) if c.startswith("01")]


def test_the_speakers_own_reported_act_replaces_the_statement(extract: Extract) -> None:
    record = extract("Mexico said it would send aid to Honduras.")
    assert "010" not in codes(record)
    assert dyad(record, event(record, "033")) == ({"MEX"}, {"HND"})


def test_another_actors_reported_act_and_the_statement_about_it(extract: Extract) -> None:
    record = extract("Bolivia has shelled a border post, the Chilean president said.")
    assert countries(record, event(record, "194").source) == {"BOL"}
    statement = event(record, "010")
    assert dyad(record, statement) == ({"CHL"}, {"BOL"})
    assert statement.confidence < event(record, "194").confidence  # the statement is the residual code


def test_statement_target_is_the_actor_spoken_about(extract: Extract) -> None:
    record = extract("The Kenyan president spoke about Uganda on Friday.")
    assert dyad(record, event(record, "010")) == ({"KEN"}, {"UGA"})


def test_specific_statement_from_the_reported_words(extract: Extract) -> None:
    record = extract("The Chilean president said he was optimistic about the talks.")
    assert codes(record) == ["013"]
    assert countries(record, event(record, "013").source) == {"CHL"}


def test_said_in_a_statement_is_one_statement(extract: Extract) -> None:
    record = extract("Peru's foreign ministry said in a statement that the talks were useful.")
    assert codes(record) == ["010"]


def test_joint_speakers_make_a_symmetric_statement(extract: Extract) -> None:
    record = extract("Norway and Finland stressed the importance of Arctic research.")
    e = event(record, "010")
    assert e.symmetric and countries(record, e.source + e.target) == {"NOR", "FIN"}


def test_a_delivered_speech_is_a_statement(extract: Extract) -> None:
    record = extract("The Kenyan president delivered a speech to parliament.")
    assert countries(record, event(record, "010").source) == {"KEN"}


# --- protest, force posture, aid, legal action -----------------------------------------------------


def test_protest_by_civilians_is_a_demonstration_by_officials_a_complaint(extract: Extract) -> None:
    people = extract("Thousands of Ecuadorian students protested against the government in Quito.")
    assert countries(people, event(people, "141").source) == {"ECU"}
    officials = extract("The Chilean foreign ministry protested to Bolivia over the border incident.")
    assert dyad(officials, event(officials, "114")) == ({"CHL"}, {"BOL"})


def test_a_number_of_an_actor_stands_for_it(extract: Extract) -> None:
    record = extract("A member of the Kenyan parliament started a hunger strike on Monday.")
    assert countries(record, event(record, "142").source) == {"KEN"}


def test_stopping_work_is_a_strike(extract: Extract) -> None:
    record = extract("Peruvian workers stopped work on Monday in protest against the new labour law.")
    assert countries(record, event(record, "143").source) == {"PER"}


def test_forces_put_on_alert(extract: Extract) -> None:
    record = extract("Chile put its forces on alert.")
    assert countries(record, event(record, "152").source) == {"CHL"}


def test_a_measured_object_is_what_it_measures(extract: Extract) -> None:
    record = extract("Swiss doctors handed over 700 kg of medicine to a hospital in Peru.")
    assert countries(record, event(record, "073").source) == {"CHE"}


def test_an_indictment_is_a_legal_action(extract: Extract) -> None:
    record = extract("A Peruvian court indicted two Chilean officers on Monday.")
    assert dyad(record, event(record, "173")) == ({"PER"}, {"CHL"})


def test_target_inside_an_unresolved_object(extract: Extract) -> None:
    record = extract("Peruvian forces shelled the border villages of Ecuador.")
    assert dyad(record, event(record, "194")) == ({"PER"}, {"ECU"})


# --- the pattern file -----------------------------------------------------------------------------


def test_bundled_patterns_cover_every_root_and_codes_exist() -> None:
    from communique.lexicon import load_lexicon

    patterns, lexicon = load_patterns(), load_lexicon()
    coded = {p.cameo for group in patterns.by_head.values() for p in group if p.role == "event"}
    assert {c[:2] for c in coded} == {f"{n:02d}" for n in range(1, 21)}
    composed = {c.cameo for c in patterns.compositions}
    for code in coded | composed:
        assert lexicon.cameo_code(code).code == code


def test_composition_lookup_takes_the_longest_prefixes() -> None:
    rules = PatternSet({}, (Composition("13", "", "130"), Composition("13", "16", "131"),
                            Composition("13", "161", "1313")))
    assert rules.composed("130", "161") == "1313"
    assert rules.composed("130", "163") == "131"
    assert rules.composed("130", "190") == "130"
    assert rules.composed("051", "161") is None


def test_pattern_roles_parse() -> None:
    assert parse_pattern("stage", "light", "f", 1).role == "light"
    assert parse_pattern("say", "speech", "f", 1).role == "speech"
    frame = parse_pattern("call >off", "frame:160", "f", 1)
    assert (frame.role, frame.cameo, frame.prep) == ("frame", "160", "off")
    assert parse_pattern("=strike +hunger", "142", "f", 1).obj == "hunger"


@pytest.mark.parametrize("line", ["@13 x\t130\n", "@\t130\n", "@13 16\t99999\n", "threaten\tframe:xx\n"])
def test_bad_pattern_lines_name_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "event_patterns_bad.tsv"
    path.write_text("pattern\tcameo\n# a comment\n" + line, encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_patterns((str(path),))
    assert "event_patterns_bad.tsv" in str(info.value) and "3" in str(info.value)


def test_user_file_adds_a_composition(tmp_path: Path) -> None:
    path = tmp_path / "event_patterns_mine.tsv"
    path.write_text("pattern\tcameo\n@13 042\t1313\n", encoding="utf-8")
    assert load_patterns((str(path),)).composed("130", "042") == "1313"
    assert load_patterns().composed("130", "042") == "131"


# --- targets from complements, obligations, bilateral reports, unknown perpetrators ----------------


def test_demand_takes_its_target_from_the_clause_subject(extract: Extract) -> None:
    record = extract("Uruguay demanded that Bolivia release the detained engineers.")
    assert dyad(record, record.events[0])[1] == {"BOL"}


def test_threat_takes_its_target_from_the_complement(extract: Extract) -> None:
    record = extract("Georgia threatened to cut off gas supplies to Armenia.")
    assert dyad(record, event(record, "130")) == ({"GEO"}, {"ARM"})


def test_rejecting_someone_elses_call_targets_the_caller(extract: Extract) -> None:
    record = extract("Serbia rejected calls by Austria for a new border commission.")
    assert dyad(record, event(record, "120")) == ({"SRB"}, {"AUT"})


def test_refusing_anothers_demands_targets_them(extract: Extract) -> None:
    record = extract("Ghana refused to meet Togo's demands.")
    assert dyad(record, record.events[0]) == ({"GHA"}, {"TGO"})


def test_what_another_must_do_is_a_demand_what_it_should_do_an_appeal(extract: Extract) -> None:
    record = extract("Brazil declared on Monday that Paraguay must reopen the border bridge.")
    assert dyad(record, event(record, "100")) == ({"BRA"}, {"PRY"})
    own = extract("Kenya said it must protect its borders.")
    assert codes(own) == ["010"]


def test_his_government_in_reported_speech_is_the_speakers(extract: Extract) -> None:
    record = extract("Pashinyan said his government had appealed to Russia for help.")
    assert dyad(record, event(record, "020"))[1] == {"RUS"}


def test_a_mediation_mission_is_mediation(extract: Extract) -> None:
    record = extract("Egypt ended mediation efforts between Sudan and Chad.")
    assert dyad(record, event(record, "165")) == ({"EGY"}, {"SDN", "TCD"})


def test_a_victim_without_a_named_perpetrator_is_coded_without_source(extract: Extract) -> None:
    record = extract("Four Malian soldiers were killed near Gao on Sunday.")
    e = event(record, "190")
    assert e.source == () and countries(record, e.target) == {"MLI"} and e.confidence < 0.6
    assert codes(extract("Two men were killed in Lima.")) == []  # a place is no victim


def test_conflict_in_a_bilateral_report_targets_the_other_country(extract: Extract) -> None:
    record = extract("Ecuador and Colombia traded accusations on Monday. Colombia said Ecuador had closed "
                     "the border. Ecuador rejected the claims and withdrew its ambassador.")
    assert dyad(record, event(record, "161")) == ({"ECU"}, {"COL"})


def test_a_mediator_makes_a_report_not_bilateral(extract: Extract) -> None:
    record = extract("Qatar hosted talks between Ethiopia and Eritrea in Doha. Qatar's emir met the Ethiopian "
                     "and Eritrean delegations. Qatar said progress was made. Ethiopia later rejected the plan.")
    assert event(record, "125").target == ()


def test_visa_denial_is_an_administrative_sanction(extract: Extract) -> None:
    record = extract("Kenya denied visas to six Somali officials.")
    assert dyad(record, event(record, "172")) == ({"KEN"}, {"SOM"})


def test_a_forceful_act_only_said_or_planned_is_a_threat(extract: Extract) -> None:
    assert codes(extract("Chadian leaders said they would boycott all contact with Libya.")) == ["133"]
    assert codes(extract("Peru plans to impose restrictions on Bolivian imports.")) == ["132"]
    announced = extract("Peru announced that it would impose restrictions on Bolivian imports.")
    assert "172" in codes(announced)  # an announced measure is the measure


def test_a_frame_inside_a_threat_makes_one_threat(extract: Extract) -> None:
    record = extract("Russia threatened to stop negotiations with Norway if the exercises went ahead.")
    assert codes(record) == ["134"] and dyad(record, record.events[0]) == ({"RUS"}, {"NOR"})


def test_a_demand_governing_a_refusal_keeps_both(extract: Extract) -> None:
    record = extract("Greece demanded that Albania refuse to recognize Kosovo.")
    assert dyad(record, event(record, "100")) == ({"GRC"}, {"ALB"})
    assert "120" in codes(record)


def test_a_cancelled_visit_reduces_relations(extract: Extract) -> None:
    record = extract("A Chilean minister cancelled a planned visit to Peru.")
    assert dyad(record, event(record, "160")) == ({"CHL"}, {"PER"})


def test_a_passive_with_an_object_keeps_its_agent(extract: Extract) -> None:
    record = extract("Six Somali officials were denied visas by Kenya.")
    assert dyad(record, event(record, "172")) == ({"KEN"}, {"SOM"})


# --- targets and sources of the harder constructions ------------------------------------------


def test_the_us_in_capitals_is_the_country_not_a_pronoun(extract: Extract) -> None:
    record = extract("Beijing demanded that the US halt its arms sales to Taiwan.")
    assert dyad(record, event(record, "100")) == ({"CHN"}, {"USA"})


def test_an_indirect_object_is_the_target(extract: Extract) -> None:
    record = extract("Japan gave Vietnam two coast guard vessels as aid.")
    assert dyad(record, event(record, "070")) == ({"JPN"}, {"VNM"})


def test_joined_adjectives_of_one_noun_are_joint_actors(extract: Extract) -> None:
    record = extract("Senior Polish and Czech officials agreed on Monday to cooperate on energy.")
    e = event(record, "031")
    assert e.symmetric and countries(record, e.source + e.target) == {"POL", "CZE"}


def test_a_truce_at_home_is_not_aimed_at_its_own_ground(extract: Extract) -> None:
    record = extract("Hamas declared a truce in Gaza on Sunday.")
    assert event(record, "0871").target == ()


def test_the_sources_own_people_in_the_object_are_a_target(extract: Extract) -> None:
    record = extract("Croatia is investigating abuses by Croatian militiamen during the war.")
    e = event(record, "092")  # investigating abuses: CAMEO's human-rights investigation
    by_id = {a.id: a for a in record.actors}
    assert dyad(record, e) == ({"HRV"}, {"HRV"}) and by_id[e.target[0]].sector == "REB"


def test_a_protest_takes_its_target_from_its_purpose(extract: Extract) -> None:
    record = extract("Thousands of Chilean students staged a rally to protest against the Chilean government's "
                     "pension reform.")
    e = next(e for e in record.events if e.trigger.text == "rally")
    assert e.cameo == "141" and dyad(record, e) == ({"CHL"}, {"CHL"})


def test_a_threat_is_aimed_at_the_subject_of_its_condition(extract: Extract) -> None:
    record = extract("Iran threatened to close the strait unless Washington lifted its sanctions.")
    assert dyad(record, event(record, "130")) == ({"IRN"}, {"USA"})
    assert event(record, "085").modality == "hypothetical"  # "unless" is a condition


def test_an_infinitive_of_purpose_takes_the_object_of_its_verb(extract: Extract) -> None:
    record = extract("The Swedish foreign minister telephoned Danish Prime Minister Mette Frederiksen on Monday "
                     "to discuss the crisis.")
    assert dyad(record, event(record, "040")) == ({"SWE"}, {"DNK"})


def test_talks_with_someone_go_both_ways(extract: Extract) -> None:
    record = extract("The Finnish foreign minister held talks with Estonia's prime minister in Tallinn.")
    e = event(record, "040")
    assert e.symmetric and dyad(record, e) == ({"FIN"}, {"EST"})


def test_a_demand_on_two_actors_is_not_between_them(extract: Extract) -> None:
    record = extract("The Greek prime minister said Turkey and Libya must respect the maritime borders.")
    e = event(record, "100")
    assert not e.symmetric and dyad(record, e) == ({"GRC"}, {"TUR", "LBY"})


def test_being_opposed_to_is_a_state_of_its_subject(extract: Extract) -> None:
    record = extract("Hungary is opposed to Polish mediation in the dispute with Slovakia.")
    assert dyad(record, event(record, "126")) == ({"HUN"}, {"POL"})


def test_an_unknown_demander_does_not_make_the_addressee_the_source(extract: Extract) -> None:
    record = extract("The rebel movement issued a communique demanding that the Malian government release its "
                     "fighters.")
    assert not any(countries(record, e.source) == {"MLI"} for e in record.events)


def test_an_unknown_speaker_of_a_warning_does_not_make_the_threatener_the_source(extract: Extract) -> None:
    assert codes(extract("Analysts warn of growing Russian cyber threats to Estonia.")) == []


def test_the_object_of_a_nominal_event_lends_its_target(extract: Extract) -> None:
    record = extract("Italy announced a suspension of flights with Libya on Tuesday.")
    assert dyad(record, event(record, "160")) == ({"ITA"}, {"LBY"})


def test_the_first_of_joined_acts_leads(extract: Extract) -> None:
    record = extract("The Kenyan opposition accused the government of fraud and threatened to boycott parliament.")
    assert event(record, "112").confidence > event(record, "133").confidence


def test_a_bomber_with_counted_victims_is_a_bombing_without_a_source(extract: Extract) -> None:
    record = extract("A suicide bomber killed six people at a market in northern Nigeria.")
    e = event(record, "1831")
    assert e.source == () and e.plover is not None and e.plover.type == "ASSAULT"


def test_aiming_a_weapon_at_someone_is_a_show_of_force(extract: Extract) -> None:
    record = extract("An Indian police officer aimed his rifle at the protesters in Delhi.")
    assert dyad(record, event(record, "150")) == ({"IND"}, {"IND"})


def test_ordering_an_inquiry_is_the_orderers_investigation(extract: Extract) -> None:
    record = extract("The Brazilian president ordered an investigation into the killings.")
    assert countries(record, event(record, "090").source) == {"BRA"}


def test_a_place_the_parse_joins_to_a_speaker_is_not_the_speaker(extract: Extract) -> None:
    record = extract("Former Austin, Texas, Mayor Steve Adler on Monday announced he is leaving politics.")
    e = event(record, "010")
    assert [a.name for a in record.actors if a.id in e.source] == ["Steve Adler"]


@pytest.mark.parametrize(("text", "code"), [
    ("Serbia expelled UN inspectors from the region.", "1662"),
    ("Kenya confiscated the property of Somali traders.", "1711"),
    ("Syria carried out a chemical attack on Douma, the United States said.", "2041"),
    ("The government of Sudan ordered a mass expulsion of Eritreans.", "201"),
])
def test_topical_subcodes_from_their_words(extract: Extract, text: str, code: str) -> None:
    assert code in {e.cameo for e in extract(text).events}


def test_a_third_country_named_often_means_no_implied_target(extract: Extract) -> None:
    record = extract("PARIS — French President Emmanuel Macron met German Chancellor Friedrich Merz in Paris. "
                     "Macron and Merz urged Russia to stop its attacks on Ukraine. Russia rejected the call. "
                     "Ukraine's foreign minister welcomed the initiative. France and Germany will meet again.",
                     published="2025-05-13")
    welcome = next(e for e in record.events if e.cameo.startswith("05"))
    assert welcome.target == () or "RUS" not in {a.country for a in record.actors if a.id in welcome.target}
