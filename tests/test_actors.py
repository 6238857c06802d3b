"""The actors stage, one resolution rule at a time (see ``communique.pipeline.actors``).

Every sentence here was written for these tests. Each test runs the whole pipeline through
``extract`` and asserts the resolved actor (name, kind, country, sector, role, code) and which
mention texts joined it. Tests marked ``xfail(strict=True)`` state the correct behaviour that the
stage does not yet show; the reason says what goes wrong, so a fix turns them into failures to unmark.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from communique.errors import LexiconError
from communique.model import Actor, Event, Record
from communique.settings import Settings

Extract = Callable[..., Record]

PUBLISHED = "2022-06-19"  # Raisi, Tokayev and Tileuberdi all in office


# --- helpers ---------------------------------------------------------------------------------


def run(extract: Extract, text: str, published: str | None = PUBLISHED, **kwargs: object) -> Record:
    return extract(text, published=published, **kwargs)


def texts(actor: Actor) -> list[str]:
    """The actor's mention texts in document order."""
    return [m.text for m in actor.mentions]


def by_mention(record: Record, text: str, nth: int = 0) -> Actor:
    """The actor that holds the ``nth`` mention (in document order) reading exactly ``text``."""
    hits = sorted(((m.start, a) for a in record.actors for m in a.mentions if m.text == text),
                  key=lambda hit: hit[0])
    if len(hits) <= nth:
        found = {a.name: texts(a) for a in record.actors}
        raise AssertionError(f"no actor has mention {text!r} (#{nth}); actors: {found}")
    return hits[nth][1]


def has_mention(record: Record, text: str) -> bool:
    return any(m.text == text for a in record.actors for m in a.mentions)


def described(actor: Actor) -> tuple[str, str, str | None, str | None, str | None, str | None]:
    return actor.name, actor.kind, actor.country, actor.sector, actor.role, actor.code


def coded(actor: Actor) -> tuple[str, str | None, str | None, str | None]:
    """What a group is: kind, country, sector and code (its name and role are free wording)."""
    return actor.kind, actor.country, actor.sector, actor.code


def event_at(record: Record, trigger: str) -> Event:
    found = [e for e in record.events if e.trigger.text == trigger]
    assert found, f"no event triggered by {trigger!r}: {[e.trigger.text for e in record.events]}"
    return found[0]


def country_id(record: Record, iso3: str) -> str:
    """The id of the plain country actor (no sector) for ``iso3``."""
    return next(a.id for a in record.actors if a.kind == "country" and a.country == iso3 and a.sector is None)


# --- metonyms and capitals -----------------------------------------------------------------


def test_capital_as_subject_is_its_government(extract: Extract) -> None:
    record = run(extract, "After the first round, Tehran said the talks had been useful.")
    tehran = by_mention(record, "Tehran")
    assert described(tehran) == ("Government of Iran", "country", "IRN", "GOV", None, "IRNGOV")
    assert texts(tehran) == ["Tehran"]


def test_capital_opening_the_text_is_its_government(extract: Extract) -> None:
    record = run(extract, "Tehran said on Monday that the talks had been useful.")
    assert coded(by_mention(record, "Tehran")) == ("country", "IRN", "GOV", "IRNGOV")


def test_washington_imposing_sanctions_is_the_us_government(extract: Extract) -> None:
    record = run(extract, "On Friday, Washington imposed new sanctions on two shipping firms.")
    assert described(by_mention(record, "Washington")) == (
        "Government of United States", "country", "USA", "GOV", None, "USAGOV")


def test_possessive_capital_is_its_government(extract: Extract) -> None:
    record = run(extract, "Analysts said Beijing's position had hardened since March.")
    assert coded(by_mention(record, "Beijing")) == ("country", "CHN", "GOV", "CHNGOV")


@pytest.mark.parametrize(
    ("text", "mention", "iso3", "name"),
    [
        ("The Kremlin rejected the proposal on Tuesday.", "Kremlin", "RUS", "Government of Russia"),
        ("Downing Street said the prime minister would travel to Oslo next week.", "Downing Street", "GBR",
         "Government of United Kingdom"),
        ("The Elysee announced on Wednesday that new aid would be sent.", "Elysee", "FRA", "Government of France"),
    ],
)
def test_metonym_is_its_government(extract: Extract, text: str, mention: str, iso3: str, name: str) -> None:
    actor = by_mention(run(extract, text), mention)
    assert described(actor) == (name, "country", iso3, "GOV", None, iso3 + "GOV")
    assert texts(actor) == [mention]


def test_metonym_and_acting_capital_are_one_government(extract: Extract) -> None:
    record = run(extract, "The Kremlin said Moscow would respond to the expulsions.")
    kremlin = by_mention(record, "Kremlin")
    assert kremlin.code == "RUSGOV"
    assert texts(kremlin) == ["Kremlin", "Moscow"]


def test_government_building_and_country_name_stay_apart(extract: Extract) -> None:
    record = run(extract, "The Elysee said France would send more aid to the region.")
    assert by_mention(record, "Elysee").code == "FRAGOV"
    assert described(by_mention(record, "France")) == ("France", "country", "FRA", None, None, "FRA")


def test_capital_after_in_is_a_place(extract: Extract) -> None:
    record = run(extract, "Foreign ministers from five countries met in Beijing on Friday.")
    beijing = by_mention(record, "Beijing")
    assert (beijing.name, beijing.kind, beijing.country, beijing.sector) == ("Beijing", "place", "CHN", None)
    assert not any(a.code == "CHNGOV" for a in record.actors)


def test_same_capital_as_government_then_as_place(extract: Extract) -> None:
    record = run(extract, "On Monday, Beijing said it would host the next round of talks in Beijing.")
    government, place = by_mention(record, "Beijing", 0), by_mention(record, "Beijing", 1)
    assert coded(government) == ("country", "CHN", "GOV", "CHNGOV")
    assert texts(government) == ["Beijing", "it"]
    assert (place.kind, place.country, place.sector) == ("place", "CHN", None)


def test_dateline_capital_is_a_place(extract: Extract) -> None:
    record = run(extract, "ASTANA — Kazakhstan and Iran signed a transport agreement on Monday.")
    astana = by_mention(record, "ASTANA")
    assert (astana.name, astana.kind, astana.country, astana.sector) == ("Astana", "place", "KAZ", None)


# --- demonyms ------------------------------------------------------------------------------


def test_demonym_on_officials_is_a_government_group(extract: Extract) -> None:
    record = run(extract, "Kazakh officials said the border crossing would reopen.")
    officials = by_mention(record, "Kazakh officials")
    assert coded(officials) == ("group", "KAZ", "GOV", "KAZGOV")
    assert texts(officials) == ["Kazakh officials"]


def test_demonym_on_troops_is_military(extract: Extract) -> None:
    record = run(extract, "Iranian troops were deployed near the border on Thursday.")
    assert coded(by_mention(record, "Iranian troops")) == ("group", "IRN", "MIL", "IRNMIL")


def test_demonym_on_police_is_police(extract: Extract) -> None:
    record = run(extract, "French police arrested two men in Marseille.")
    assert coded(by_mention(record, "French police")) == ("group", "FRA", "COP", "FRACOP")
    assert coded(by_mention(record, "Marseille")) == ("place", "FRA", None, "FRA")


def test_plural_demonym_is_civilians(extract: Extract) -> None:
    record = run(extract, "Thousands of Iranians gathered outside the embassy.")
    iranians = by_mention(record, "Iranians")
    assert coded(iranians) == ("group", "IRN", "CVL", "IRNCVL")
    assert iranians.name == "Iranians"


def test_two_demonyms_on_one_group_noun_make_two_groups(extract: Extract) -> None:
    record = run(extract, "Iranian and Kazakh officials met in Tehran on Sunday.")
    groups = {a.code: a for a in record.actors if a.kind == "group"}
    assert set(groups) == {"IRNGOV", "KAZGOV"}
    assert texts(groups["KAZGOV"]) == ["Kazakh officials"]
    assert texts(groups["IRNGOV"])[0].startswith("Iranian")


def test_demonym_on_a_thing_names_its_country(extract: Extract) -> None:
    record = run(extract, "Kazakh wheat exports to Iran rose sharply last year.")
    kazakh = by_mention(record, "Kazakh")
    assert described(kazakh) == ("Kazakhstan", "country", "KAZ", None, None, "KAZ")
    assert [a.kind for a in record.actors] == ["country", "country"]


# --- titles ----------------------------------------------------------------------------------


def test_title_gives_person_country_and_office(extract: Extract) -> None:
    record = run(extract, "Iranian President Ebrahim Raisi arrived in Astana on Sunday.")
    raisi = by_mention(record, "Iranian President Ebrahim Raisi")
    assert described(raisi) == ("Ebrahim Raisi", "person", "IRN", "GOV", "president", "IRNGOV")
    assert texts(raisi) == ["Iranian President Ebrahim Raisi"]


def test_title_swallowed_into_one_entity_is_split(extract: Extract) -> None:
    record = run(extract, "Kazakh President Kassym-Jomart Tokayev welcomed the delegation.")
    tokayev = by_mention(record, "Kazakh President Kassym-Jomart Tokayev")
    assert described(tokayev) == ("Kassym-Jomart Tokayev", "person", "KAZ", "GOV", "president", "KAZGOV")
    assert [a.kind for a in record.actors] == ["person"]


def test_titled_name_before_another_titled_name_stays_whole(extract: Extract) -> None:
    record = run(extract, "Iranian President Ebrahim Raisi welcomed Kazakh President Kassym-Jomart Tokayev "
                          "on Sunday.")
    raisi = by_mention(record, "Iranian President Ebrahim Raisi")
    assert described(raisi) == ("Ebrahim Raisi", "person", "IRN", "GOV", "president", "IRNGOV")


def test_title_of_an_unlisted_minister_gives_country_and_sector(extract: Extract) -> None:
    record = run(extract, "Kazakh Defence Minister Arman Tulegenov inspected the new barracks on Friday.")
    minister = by_mention(record, "Kazakh Defence Minister Arman Tulegenov")
    assert described(minister) == ("Arman Tulegenov", "person", "KAZ", "GOV", "defence minister", "KAZGOV")
    assert [a.name for a in record.actors] == ["Arman Tulegenov"]


def test_title_on_the_object_of_a_meeting(extract: Extract) -> None:
    record = run(extract, "Russian President Vladimir Putin met Kazakh Foreign Minister Aigerim Nurlanova in Moscow.")
    minister = by_mention(record, "Kazakh Foreign Minister Aigerim Nurlanova")
    assert described(minister) == ("Aigerim Nurlanova", "person", "KAZ", "GOV", "foreign minister", "KAZGOV")


def test_title_with_a_modifier_between_country_and_office(extract: Extract) -> None:
    record = run(extract, "Iran's new President Masoud Pezeshkian spoke with Tokayev by phone.",
                 published="2024-08-01")
    president = by_mention(record, "Iran's new President Masoud Pezeshkian")
    assert described(president) == ("Masoud Pezeshkian", "person", "IRN", "GOV", "president", "IRNGOV")


def test_office_holder_table_fills_a_bare_name(extract: Extract) -> None:
    record = run(extract, "Tokayev said on Monday that the reforms would continue.")
    tokayev = by_mention(record, "Tokayev")
    assert coded(tokayev) == ("person", "KAZ", "GOV", "KAZGOV")
    assert tokayev.role == "president"


def test_bare_surname_takes_the_canonical_name(extract: Extract) -> None:
    record = run(extract, "Raisi said on Sunday that Iran would never give up its rights.")
    assert described(by_mention(record, "Raisi")) == (
        "Ebrahim Raisi", "person", "IRN", "GOV", "president", "IRNGOV")


# --- appositions ---------------------------------------------------------------------------


def test_apposition_after_the_name(extract: Extract) -> None:
    record = run(extract, "Raisi, Iran's president, said the agreements would boost trade.")
    raisi = by_mention(record, "Raisi")
    assert coded(raisi) == ("person", "IRN", "GOV", "IRNGOV")
    assert raisi.role == "president"
    assert texts(raisi) == ["Raisi", "Iran's president"]
    assert described(by_mention(record, "Iran")) == ("Iran", "country", "IRN", None, None, "IRN")


def test_apposition_president_of_country(extract: Extract) -> None:
    record = run(extract, "Kassym-Jomart Tokayev, the president of Kazakhstan, opened the forum on Monday.")
    tokayev = by_mention(record, "Kassym-Jomart Tokayev")
    assert described(tokayev) == ("Kassym-Jomart Tokayev", "person", "KAZ", "GOV", "president", "KAZGOV")
    assert len(tokayev.mentions) == 2 and texts(tokayev)[1].startswith("the president")


def test_possessive_country_title_before_the_name(extract: Extract) -> None:
    record = run(extract, "Kazakhstan's foreign minister Mukhtar Tileuberdi met the visiting delegation.")
    minister = by_mention(record, "Kazakhstan's foreign minister Mukhtar Tileuberdi")
    assert described(minister) == ("Mukhtar Tileuberdi", "person", "KAZ", "GOV", "foreign minister", "KAZGOV")


def test_apposition_gives_an_unlisted_person_country_and_office(extract: Extract) -> None:
    record = run(extract, "Aidos Serikbayev, Kazakhstan's deputy foreign minister, said the talks were constructive.")
    person = by_mention(record, "Aidos Serikbayev")
    assert described(person) == ("Aidos Serikbayev", "person", "KAZ", "GOV", "deputy foreign minister", "KAZGOV")
    assert texts(person) == ["Aidos Serikbayev", "Kazakhstan's deputy foreign minister"]


def test_office_then_name_in_apposition_is_one_person(extract: Extract) -> None:
    record = run(extract, "Iran's president, Ebrahim Raisi, said the talks had gone well.")
    raisi = by_mention(record, "Ebrahim Raisi")
    assert described(raisi) == ("Ebrahim Raisi", "person", "IRN", "GOV", "president", "IRNGOV")
    assert texts(raisi) == ["Iran's president", "Ebrahim Raisi"]


def test_name_in_apposition_to_the_office_is_one_person(extract: Extract) -> None:
    record = run(extract, "Kazakhstan's ambassador, Serik Zhanibekov, delivered the note on Tuesday.")
    envoy = by_mention(record, "Serik Zhanibekov")
    assert described(envoy) == ("Serik Zhanibekov", "person", "KAZ", "GOV", "ambassador", "KAZGOV")
    assert texts(envoy) == ["Kazakhstan's ambassador", "Serik Zhanibekov"]


# --- organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "mention", "name"),
    [
        ("The UN called for restraint on both sides.", "UN", "United Nations"),
        ("The EU condemned the attack on Tuesday.", "EU", "European Union"),
        ("NATO condemned the attack on Tuesday.", "NATO", "North Atlantic Treaty Organization"),
        ("Leaders of the SCO will meet in Samarkand in September.", "SCO", "Shanghai Cooperation Organisation"),
    ],
)
def test_intergovernmental_organisation_from_the_lexicon(extract: Extract, text: str, mention: str,
                                                         name: str) -> None:
    org = by_mention(run(extract, text), mention)
    assert (org.name, org.kind, org.country, org.sector, org.role) == (name, "organization", None, "IGO", None)
    assert org.code is not None and org.code.startswith("IGO") and len(org.code) > 3  # its own code, "IGOUNO"
    assert texts(org) == [mention]


def test_two_organisations_in_one_subject(extract: Extract) -> None:
    record = run(extract, "The EU and NATO condemned the attack.")
    assert by_mention(record, "EU") is not by_mention(record, "NATO")
    assert [a.name for a in record.actors] == ["European Union", "North Atlantic Treaty Organization"]


def test_alias_and_full_name_of_an_organisation_are_one_actor(extract: Extract) -> None:
    record = run(extract, "The Shanghai Cooperation Organisation met in Tashkent. The SCO adopted a statement.")
    sco = by_mention(record, "SCO")
    assert texts(sco) == ["Shanghai Cooperation Organisation", "SCO"]


def test_national_organisation_from_the_lexicon_has_its_country(extract: Extract) -> None:
    record = run(extract, "Kazinform reported on Tuesday that the new rail line would open in May.")
    assert described(by_mention(record, "Kazinform")) == ("Kazinform", "organization", "KAZ", "MED", None, "KAZMEDKZI")


def test_demonym_on_a_ministry(extract: Extract) -> None:
    record = run(extract, "The Iranian foreign ministry summoned the British ambassador.")
    ministry = next(a for a in record.actors if any("foreign ministry" in t for t in texts(a)))
    assert (ministry.country, ministry.sector, ministry.code) == ("IRN", "GOV", "IRNGOV")
    assert ministry.kind in {"organization", "group"}


def test_possessive_country_on_a_ministry(extract: Extract) -> None:
    record = run(extract, "Kazakhstan's foreign ministry issued a statement on Friday.")
    ministry = by_mention(record, "Kazakhstan's foreign ministry")
    assert (ministry.kind, ministry.country, ministry.sector, ministry.code) == (
        "organization", "KAZ", "GOV", "KAZGOV")


# --- coreference -------------------------------------------------------------------------------

TWO_PRESIDENTS = ("Iranian President Ebrahim Raisi met Kazakh President Kassym-Jomart Tokayev in Tehran "
                  "on Sunday. ")


def test_surname_joins_the_full_name(extract: Extract) -> None:
    record = run(extract, TWO_PRESIDENTS + "Raisi said the visit opened a new chapter. Tokayev agreed.")
    assert texts(by_mention(record, "Raisi")) == ["Iranian President Ebrahim Raisi", "Raisi"]
    assert texts(by_mention(record, "Tokayev")) == ["Kazakh President Kassym-Jomart Tokayev", "Tokayev"]
    assert len([a for a in record.actors if a.kind == "person"]) == 2


def test_honorific_and_surname_join_the_full_name(extract: Extract) -> None:
    record = run(extract, "Kazakh President Kassym-Jomart Tokayev arrived in Tehran on Sunday. "
                          "Mr. Tokayev was greeted at the airport by Iranian officials.")
    tokayev = by_mention(record, "Mr. Tokayev")
    assert tokayev.name == "Kassym-Jomart Tokayev"
    assert texts(tokayev) == ["Kazakh President Kassym-Jomart Tokayev", "Mr. Tokayev"]
    assert coded(by_mention(record, "Iranian officials")) == ("group", "IRN", "GOV", "IRNGOV")


def test_demonym_title_joins_the_person_of_that_country(extract: Extract) -> None:
    record = run(extract, TWO_PRESIDENTS + "The Iranian president called the talks productive. "
                                           "The Kazakh leader praised the hosts.")
    raisi, tokayev = by_mention(record, "The Iranian president"), by_mention(record, "The Kazakh leader")
    assert raisi.name == "Ebrahim Raisi" and tokayev.name == "Kassym-Jomart Tokayev"
    assert texts(raisi) == ["Iranian President Ebrahim Raisi", "The Iranian president"]
    assert texts(tokayev) == ["Kazakh President Kassym-Jomart Tokayev", "The Kazakh leader"]


def test_demonym_title_without_a_named_person_is_an_office(extract: Extract) -> None:
    record = run(extract, "The Iranian foreign minister said the offer was still open.")
    minister = by_mention(record, "The Iranian foreign minister")
    assert (minister.kind, minister.country, minister.sector, minister.role, minister.code) == (
        "person", "IRN", "GOV", "foreign minister", "IRNGOV")


def test_the_president_is_the_salient_host(extract: Extract) -> None:
    record = run(extract, "Iranian President Ebrahim Raisi hosted Kazakh President Kassym-Jomart Tokayev "
                          "on Sunday. The president told reporters that trade would double.")
    assert by_mention(record, "The president").name == "Ebrahim Raisi"


def test_the_president_is_the_salient_visitor(extract: Extract) -> None:
    record = run(extract, "Kazakh President Kassym-Jomart Tokayev arrived in Tehran on Sunday for talks with "
                          "Iranian President Ebrahim Raisi. The president said the sides had agreed on a rail link.")
    tokayev = by_mention(record, "The president")
    assert tokayev.name == "Kassym-Jomart Tokayev"
    assert texts(by_mention(record, "Iranian President Ebrahim Raisi")) == ["Iranian President Ebrahim Raisi"]


def test_the_president_in_a_speakers_quotation_is_not_the_speaker(extract: Extract) -> None:
    record = run(extract, "Kazakh President Kassym-Jomart Tokayev met Iranian President Ebrahim Raisi on Sunday. "
                          '"I am grateful to the president," he said.')
    assert by_mention(record, "the president").name == "Ebrahim Raisi"
    assert by_mention(record, "he").name == "Kassym-Jomart Tokayev"


def test_he_joins_the_main_clause_subject(extract: Extract) -> None:
    record = run(extract, "Iranian President Ebrahim Raisi hosted Kazakh President Kassym-Jomart Tokayev "
                          "on Sunday. He said the visit marked a turning point.")
    assert texts(by_mention(record, "He")) == ["Iranian President Ebrahim Raisi", "He"]


def test_he_in_a_reported_clause_joins_its_speaker(extract: Extract) -> None:
    record = run(extract, "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing. "
                          "Xi said China valued its ties with France. Macron said he hoped for a breakthrough.")
    assert by_mention(record, "he").name == "Emmanuel Macron"
    assert texts(by_mention(record, "Xi")) == ["Chinese President Xi Jinping", "Xi"]
    assert by_mention(record, "China").code == "CHN"


def test_she_joins_the_named_woman(extract: Extract) -> None:
    record = run(extract, "Kazakh Foreign Minister Aigerim Nurlanova arrived in Baku on Monday. "
                          "She said the visit would focus on transit routes.")
    minister = by_mention(record, "She")
    assert described(minister) == ("Aigerim Nurlanova", "person", "KAZ", "GOV", "foreign minister", "KAZGOV")
    assert texts(minister) == ["Kazakh Foreign Minister Aigerim Nurlanova", "She"]


def test_object_pronoun_is_not_its_clause_subject(extract: Extract) -> None:
    record = run(extract, "Putin praised Tokayev, and Tokayev thanked him for the welcome.")
    assert by_mention(record, "him").country == "RUS"


def test_object_pronoun_after_a_title_subject_is_the_other_person(extract: Extract) -> None:
    record = run(extract, "Kazakh President Kassym-Jomart Tokayev arrived in Tehran on Sunday. "
                          "The Iranian president greeted him at the airport.")
    assert by_mention(record, "him").name == "Kassym-Jomart Tokayev"
    assert coded(by_mention(record, "The Iranian president")) == ("person", "IRN", "GOV", "IRNGOV")


def test_she_does_not_join_a_man(extract: Extract) -> None:
    record = run(extract, "Russian President Vladimir Putin met Kazakh Foreign Minister Aigerim Nurlanova in Moscow. "
                          "She said the talks were frank.")
    assert by_mention(record, "She").name == "Aigerim Nurlanova"


def test_he_does_not_join_a_woman(extract: Extract) -> None:
    record = run(extract, "Foreign Minister Aigerim Nurlanova met Mrs. Dana Sadykova in Astana. "
                          "Later Mr. Yerlan Bekov arrived, and he spoke to reporters.")
    assert by_mention(record, "he").name == "Yerlan Bekov"


def test_reflexive_joins_its_clause_subject(extract: Extract) -> None:
    record = run(extract, "Kassym-Jomart Tokayev described himself as an optimist about the talks.")
    assert texts(by_mention(record, "himself")) == ["Kassym-Jomart Tokayev", "himself"]


def test_it_joins_the_country_subject(extract: Extract) -> None:
    record = run(extract, "Kazakhstan said on Monday that it would reopen the crossing.")
    assert texts(by_mention(record, "Kazakhstan")) == ["Kazakhstan", "it"]


def test_the_two_countries_are_the_principal_pair(extract: Extract) -> None:
    record = run(extract, "Iran and Kazakhstan signed nine agreements on Sunday. "
                          "The two countries pledged to double trade.")
    pledge = event_at(record, "pledged")
    assert pledge.symmetric
    assert {*pledge.source, *pledge.target} == {country_id(record, "IRN"), country_id(record, "KAZ")}


def test_both_sides_are_the_principal_pair(extract: Extract) -> None:
    record = run(extract, "Iran and Kazakhstan held talks on Sunday. Both sides agreed to expand rail links.")
    agreed = event_at(record, "agreed")
    assert agreed.symmetric
    assert {*agreed.source, *agreed.target} == {country_id(record, "IRN"), country_id(record, "KAZ")}


def test_joint_capitals_are_both_governments(extract: Extract) -> None:
    record = run(extract, "On Sunday, Tehran and Nur-Sultan agreed to expand their trade.")
    tehran, astana = by_mention(record, "Tehran"), by_mention(record, "Nur-Sultan")
    assert described(tehran) == ("Government of Iran", "country", "IRN", "GOV", None, "IRNGOV")
    assert described(astana) == ("Government of Kazakhstan", "country", "KAZ", "GOV", None, "KAZGOV")
    agreed = event_at(record, "agreed")
    assert agreed.symmetric and {*agreed.source, *agreed.target} == {tehran.id, astana.id}


# --- unresolved actors -------------------------------------------------------------------------


def test_unknown_person_stays_with_null_codes(extract: Extract) -> None:
    record = run(extract, "Nurlan Abenov said the talks would resume next month.")
    person = by_mention(record, "Nurlan Abenov")
    assert described(person) == ("Nurlan Abenov", "person", None, None, None, None)
    (data,) = record.to_dict()["actors"]
    assert data["code"] is None and data["country"] is None


def test_unknown_person_with_a_lowercase_occupation_stays(extract: Extract) -> None:
    record = run(extract, "Farmer Aidos Serikbayev said the harvest was poor this year.")
    assert described(by_mention(record, "Aidos Serikbayev")) == (
        "Aidos Serikbayev", "person", None, None, None, None)


def test_unknown_organisation_stays_with_null_codes(extract: Extract) -> None:
    record = run(extract, "The Caspian Grain Council said exports would rise this year.")
    assert described(by_mention(record, "Caspian Grain Council")) == (
        "Caspian Grain Council", "organization", None, None, None, None)


# --- the lexicon ---------------------------------------------------------------------------

PEOPLE_HEADER = "name\taliases\tcountry\tsector\trole\tsince\tuntil\n"
ORGS_HEADER = "code\tname\taliases\tsector\tcountry\tkind\n"
SENTENCE = "Zhaksybekov said on Monday that the talks with Iran had gone well."


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_lexicon(*paths: Path) -> Settings:
    return Settings.load(lexicon=tuple(str(p) for p in paths))


def test_user_people_file_adds_a_person(extract: Extract, tmp_path: Path) -> None:
    extra = write(tmp_path, "people-local.tsv", "# version: 1\n" + PEOPLE_HEADER
                  + "Daulet Zhaksybekov\tZhaksybekov\tKAZ\tGOV\tforeign minister\t2029-01-10\t\n")
    record = run(extract, SENTENCE, published="2029-06-01", settings=with_lexicon(extra))
    assert described(by_mention(record, "Zhaksybekov"))[1:] == (
        "person", "KAZ", "GOV", "foreign minister", "KAZGOV")


def test_user_person_has_no_office_before_taking_it(extract: Extract, tmp_path: Path) -> None:
    extra = write(tmp_path, "people-local.tsv", "# version: 1\n" + PEOPLE_HEADER
                  + "Daulet Zhaksybekov\tZhaksybekov\tKAZ\tGOV\tforeign minister\t2029-01-10\t\n")
    record = run(extract, SENTENCE, published="2028-06-01", settings=with_lexicon(extra))
    person = by_mention(record, "Zhaksybekov")
    assert (person.kind, person.country, person.sector, person.role) == ("person", "KAZ", None, None)


def test_listed_person_after_the_term_is_a_former_office_holder(extract: Extract, tmp_path: Path) -> None:
    extra = write(tmp_path, "people-local.tsv", "# version: 1\n" + PEOPLE_HEADER
                  + "Daulet Zhaksybekov\tZhaksybekov\tKAZ\tGOV\tforeign minister\t2020-01-10\t2022-05-01\n")
    record = run(extract, SENTENCE, published="2028-06-01", settings=with_lexicon(extra))
    person = by_mention(record, "Zhaksybekov")
    assert (person.country, person.sector, person.role, person.code) == ("KAZ", "ELI", None, "KAZELI")


def test_user_people_file_leaves_the_default_lexicon_alone(extract: Extract) -> None:
    record = run(extract, SENTENCE, published="2029-06-01")
    assert by_mention(record, "Zhaksybekov").code is None


# tests/test_lexicon.py covers load_lexicon() on malformed people files; these go through extract()
# (the malformed file must stop extraction, not become a stage error) and through other tables.
@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("people-bad.tsv", "# version: 1\n" + PEOPLE_HEADER + "Someone\tKAZ\tGOV\tpresident\t2020-01-01\n",
         3, "expected 7 columns, found 5"),
        ("people-bad.tsv", PEOPLE_HEADER + "Someone\t\tQQQ\tGOV\tpresident\t2020-01-01\t\n", 2, "unknown country"),
        ("people-bad.tsv", PEOPLE_HEADER + "\n# a comment\nSomeone\t\tKAZ\tGOV\tpresident\t2020-02-30\t\n",
         4, "bad date"),
        ("organizations-bad.tsv", ORGS_HEADER + "KAZXYZ\tSteppe Forum\t\tNGO\tKZ\torganization\n", 2, "ISO3"),
        ("organizations-bad.tsv", ORGS_HEADER + "KAZXYZ\tSteppe Forum\tNGO\tKAZ\torganization\n", 2, "columns"),
    ],
)
def test_malformed_user_file_stops_extraction_naming_file_and_line(
        extract: Extract, tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    bad = write(tmp_path, name, text)
    with pytest.raises(LexiconError) as info:
        run(extract, "Kazakhstan and Iran signed a deal.", settings=with_lexicon(bad))
    assert (info.value.file, info.value.line) == (str(bad), line)
    assert message in str(info.value)
    assert f"{bad}:{line}" in str(info.value)


def test_officer_of_an_organisation_carries_its_code(extract: Extract) -> None:
    record = run(extract, "Jens Stoltenberg warned Moscow on Tuesday. Stoltenberg said the alliance was ready.")
    chief = by_mention(record, "Stoltenberg")
    # the alliance's code with what he does there (its civilian head: GOV), as CAMEO codes carry a function
    assert (chief.name, chief.country, chief.code) == ("Jens Stoltenberg", None, "IGOWSTNATGOV")


def test_international_bodies_carry_their_function_in_the_code(extract: Extract) -> None:
    record = run(extract, "The Security Council met as UN peacekeepers and the UN refugee agency left the town. "
                          "Officials of the World Bank stayed.")
    assert by_mention(record, "Security Council").code == "IGOUNOUSCGOV"
    assert by_mention(record, "UN peacekeepers").code == "IGOUNOPKOMIL"
    assert by_mention(record, "UN refugee agency").code == "IGOUNOHCRREF"
    assert {by_mention(record, m).sector for m in ("Security Council", "UN refugee agency")} == {"IGO"}


def test_groups_named_after_their_country_or_owner(extract: Extract) -> None:
    record = run(extract, "Then the government of Sindh province sent police. Workers of the City Transit Company "
                          "of Lahore went on strike, and Imran Khan's opposition coalition backed them. "
                          "Guards beat Sierra Leonean and Liberian refugees.")
    provincial = by_mention(record, "the government")
    assert (provincial.name, provincial.country, provincial.sector) == ("government of Sindh province", "PAK", "GOV")
    workers = by_mention(record, "Workers")
    assert (workers.name, workers.country, workers.sector) == ("Workers of the City Transit Company of Lahore", "PAK",
                                                               "LAB")
    coalition = by_mention(record, "opposition coalition")
    assert (coalition.country, coalition.sector) == ("PAK", "OPP")
    assert by_mention(record, "Imran Khan").name == "Imran Khan"  # the possessive is not part of the name
    sierra = by_mention(record, "Sierra Leonean")
    assert (sierra.name, sierra.country, sierra.sector) == ("Sierra Leonean refugees", "SLE", "REF")


def test_group_nouns_see_past_peoples_and_bodies(extract: Extract) -> None:
    record = run(extract, "Syria will let Turkish Kurd refugees return. Doctors from two Canadian charities "
                          "arrived, and Egypt's security chief Omar Selim met them.")
    refugees = by_mention(record, "Turkish Kurd refugees")  # "Kurd" qualifies the refugees: no person named Kurd
    assert (refugees.kind, refugees.country, refugees.sector) == ("group", "TUR", "REF")
    assert (by_mention(record, "Doctors").country, by_mention(record, "Doctors").sector) == ("CAN", "HLH")
    chief = by_mention(record, "Egypt's security chief Omar Selim")
    assert (chief.country, chief.sector) == ("EGY", "GOV")


def test_former_office_holder_named_later_is_an_elite(extract: Extract) -> None:
    record = run(extract, "Robert Mugabe criticised the new constitution.", published="2019-01-10")
    mugabe = by_mention(record, "Robert Mugabe")
    assert (mugabe.country, mugabe.sector, mugabe.code) == ("ZWE", "ELI", "ZWEELI")


def test_group_noun_takes_the_kind_of_its_modifier(extract: Extract) -> None:
    record = run(extract, "Afghan rebel leaders rejected the offer, and NATO troops left the valley.")
    assert coded(by_mention(record, "Afghan rebel leaders")) == ("group", "AFG", "REB", "AFGREB")
    assert coded(by_mention(record, "NATO troops")) == ("group", None, "MIL", "IGOWSTNATMIL")


def test_country_modifiers_before_and_after_a_group_noun(extract: Extract) -> None:
    record = run(extract, "US forces and the government of Sudan traded accusations, while rebels in Darfur "
                          "attacked a convoy.")
    assert coded(by_mention(record, "US forces")) == ("group", "USA", "MIL", "USAMIL")
    assert coded(by_mention(record, "the government")) == ("group", "SDN", "GOV", "SDNGOV")
    assert coded(by_mention(record, "rebels")) == ("group", "SDN", "REB", "SDNREB")


def test_a_country_adjective_on_a_thing_is_the_country(extract: Extract) -> None:
    record = run(extract, "Bangladesh rejected an Indian proposal, and ethnic Albanians in Serbia protested.")
    assert coded(by_mention(record, "Indian")) == ("country", "IND", None, "IND")
    assert coded(by_mention(record, "ethnic Albanians"))[:3] == ("group", "SRB", "CVL")


def test_mentions_never_run_over_a_paragraph_break(extract: Extract) -> None:
    text = ("Maria Oyelaran, Space Agency Administrator\n\nThe agency said on Friday that the launch would "
            "go ahead.\n\nKenyan officials\n\nwelcomed the news.")
    record = run(extract, text)  # the contract check in conftest rejects a mention outside its sentence
    for actor in record.actors:
        for m in actor.mentions:
            assert m.text == m.text.strip() and "\n" not in m.text, (actor.name, m.text)


def test_misspelt_country_and_person_are_read(extract: Extract) -> None:
    record = run(extract, "President Abdelaziz Bouteflicka thanked Afganistan. Troops from Isreal met in Geneva.",
                 published="2005-03-01")
    president = by_mention(record, "President Abdelaziz Bouteflicka")
    assert (president.name, president.country, president.sector) == ("Abdelaziz Bouteflika", "DZA", "GOV")
    assert coded(by_mention(record, "Afganistan")) == ("country", "AFG", None, "AFG")
    assert coded(by_mention(record, "Isreal")) == ("country", "ISR", None, "ISR")


def test_an_entity_cut_short_grows_into_the_known_name(extract: Extract) -> None:
    record = run(extract, "Fighters of the Liberation Tigers of Tamil Eelam attacked an army camp on Monday.")
    tigers = next(a for a in record.actors if "Tigers" in a.name)
    assert (tigers.name, tigers.country, tigers.sector) == ("Liberation Tigers of Tamil Eelam", "LKA", "REB")


def test_unknown_names_the_sentence_calls_places(extract: Extract) -> None:
    record = run(extract, "Shells fell near the towns of Vardenis and Goris inside Armenia, and troops massed "
                          "near the Kelbajar and Lachin districts of Azerbaijan.")
    for name, country in (("Goris", "ARM"), ("Kelbajar", "AZE"), ("Lachin", "AZE")):
        assert coded(by_mention(record, name))[:2] == ("place", country), name


def test_officer_of_a_national_body_takes_its_country(extract: Extract) -> None:
    record = run(extract, "Ali Shamkhani, secretary of Iran's Supreme National Security Council, led the talks.")
    person = by_mention(record, "Ali Shamkhani")
    assert (person.country, person.sector, person.role) == ("IRN", "GOV", "secretary")


def test_the_two_countries_and_both_sides_are_mentions_of_the_pair(extract: Extract) -> None:
    record = run(extract, "Chile and Peru signed a fisheries pact. The two countries will meet again, and both sides "
                          "praised the talks. The two Andean governments have argued before.")
    chile, peru = by_mention(record, "Chile"), by_mention(record, "Peru")
    for phrase in ("The two countries", "both sides"):
        assert phrase in texts(chile) and phrase in texts(peru)
    assert "The two Andean governments" not in texts(chile) + texts(peru)  # a described pair need not be this one


def test_a_nominal_office_names_only_a_holder_of_that_office(extract: Extract) -> None:
    record = run(extract, "Turkish Foreign Minister Hakan Fidan spoke in Ankara. Germany later summoned the Turkish "
                          "ambassador, and the Turkish minister did not comment.")
    envoy = by_mention(record, "the Turkish ambassador")
    assert (envoy.name, envoy.country, envoy.role) == ("ambassador of Türkiye", "TUR", "ambassador")
    assert by_mention(record, "the Turkish minister").name == "Hakan Fidan"


def test_a_bodys_own_kind_of_people_keep_its_code(extract: Extract) -> None:
    record = run(extract, "The YPG militia withdrew from the town.")
    militia = by_mention(record, "The YPG militia")
    assert (militia.code, militia.sector) == ("SYRREBSDF", "REB")  # not SYRREBSDF + REB


def test_armed_groups_named_without_a_country_belong_to_the_reports_scene(extract: Extract) -> None:
    home = run(extract, "BAMAKO — Armed fighters attacked a convoy near Gao on Sunday, Malian officials said. "
                        "Mali's army said it repelled them, and Mali sent reinforcements.")
    fighters = by_mention(home, "Armed fighters")
    assert (fighters.country, fighters.sector) == ("MLI", "REB")
    abroad = run(extract, "PARIS — Armed fighters attacked a convoy near Gao on Sunday, Malian officials said. "
                          "Mali's army said it repelled them, and Mali sent reinforcements.")
    assert "Armed fighters" not in {m.text for a in abroad.actors for m in a.mentions}  # filed from elsewhere


def test_an_institution_before_a_title_gives_the_sector(extract: Extract) -> None:
    record = run(extract, "BAMAKO — Army spokesman Souleymane Dembele said the convoy was safe. Mali's army "
                          "later sent reinforcements to Gao, Mali said.")
    spokesman = by_mention(record, "Army spokesman Souleymane Dembele")
    assert (spokesman.country, spokesman.sector) == ("MLI", "MIL")


def test_the_two_countries_are_the_pair_just_named(extract: Extract) -> None:
    record = run(extract, "Russia and Belarus held drills on Monday, and Russia warned Poland. Chile and Peru signed "
                          "a fisheries pact in Lima. The two countries will meet again in May.")
    assert "The two countries" in texts(by_mention(record, "Chile"))
    assert "The two countries" in texts(by_mention(record, "Peru"))
    assert "The two countries" not in texts(by_mention(record, "Russia"))


def test_the_ministry_is_the_ministry_named_before(extract: Extract) -> None:
    record = run(extract, "Peru's foreign ministry rejected the claim on Friday. The ministry also summoned "
                          "Chile's ambassador, and the army stayed silent.")
    ministry = by_mention(record, "The ministry")
    assert ministry.name == "Peru's foreign ministry" and ministry.country == "PER"
    assert "the army" not in {m.text for a in record.actors for m in a.mentions}  # no army was named before
