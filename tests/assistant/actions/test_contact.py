"""The contact route: form slots per role, region mapping, and answers from the partner directory."""

import asyncio
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from assistant.actions.contact import ActionStartContact, ActionToonContacten, ValidateContactForm
from assistant.actions.regions import RegionMap
from tests.assistant.actions.conftest import make_tracker

PHONE_OR_MAIL = re.compile(r"(\+32|\b0\d{1,2}[ /.]?\d{2,3}[ /.]?\d{2}|@)")


@pytest.fixture(scope="module")
def form():
    return ValidateContactForm(RegionMap.from_nlu_file())


@pytest.mark.parametrize("role, expected", [
    ("onderneming", ["rol", "sector", "regio"]),
    ("ouder", ["rol", "regio"]),
    ("leerling", ["rol", "regio"]),
    ("school", ["rol", "regio"]),
    ("onbekend", ["rol"]),
])
def test_form_asks_sector_only_for_companies(form, role, expected):
    slots = asyncio.run(form.required_slots(["rol", "sector", "regio"], CollectingDispatcher(), make_tracker(rol=role), {}))
    assert slots == expected


@pytest.mark.parametrize("answer, province", [
    ("Genk", "limburg"), ("we zitten in sint-niklaas", "oost-vlaanderen"), ("Oost Vlaanderen", "oost-vlaanderen"),
    ("brussel", "brussel"), ("in Kortrijk", "west-vlaanderen"), ("onbekend", "onbekend"),
])
def test_region_answers_map_to_a_province(form, answer, province):
    assert form.validate_regio(answer, CollectingDispatcher(), make_tracker(), {}) == {"regio": province}


@pytest.mark.parametrize("value, expected", [("onderneming", "onderneming"), ("onbekend", "onbekend"), ("jonge", None)])
def test_only_known_roles_are_accepted(form, value, expected):
    assert form.validate_rol(value, CollectingDispatcher(), make_tracker(), {}) == {"rol": expected}


def test_unknown_place_is_asked_again(form):
    dispatcher = CollectingDispatcher()
    assert form.validate_regio("Timboektoe", dispatcher, make_tracker(), {}) == {"regio": None}
    assert dispatcher.messages[0]["response"] == "utter_regio_onbekend"


def test_start_reuses_known_audience_as_role(run_action):
    _, events = run_action(ActionStartContact(), make_tracker(doelgroep="school", sector="bouw"))
    assert {e["name"]: e["value"] for e in events} == {"rol": "school", "sector": None, "regio": None}


def partner_ids(run_action, kb, **slots):
    [message], _ = run_action(ActionToonContacten(kb), make_tracker(**slots))
    assert message["response"] == "utter_contacten"
    assert not PHONE_OR_MAIL.search(message["contacten"]), "no contact detail that no source gives"
    return message["custom"]["partner_ids"]


def test_parent_is_sent_to_the_school_first(run_action, kb):
    ids = partner_ids(run_action, kb, rol="ouder", regio="antwerpen")
    assert "trajectbegeleider" in ids
    assert not any(i.startswith("rtc-") and i != "rtc-antwerpen" for i in ids)


def test_company_gets_recognition_partners_and_its_own_region(run_action, kb):
    ids = partner_ids(run_action, kb, rol="onderneming", sector="bouw", regio="limburg")
    assert "vpdl" in ids
    assert "rtc-limburg" in ids
    assert "rtc-west-vlaanderen" not in ids


def test_school_in_west_flanders_gets_its_rtc_first(run_action, kb):
    ids = partner_ids(run_action, kb, rol="school", regio="west-vlaanderen")
    assert ids[0] in ("rtc-west-vlaanderen", "duaalwest")
    assert "rtc-west-vlaanderen" in ids


def test_student_in_brussels_gets_the_brussels_partner(run_action, kb):
    assert "duaalleren-brussels" in partner_ids(run_action, kb, rol="leerling", regio="brussel")


def test_unknown_role_still_gets_general_contacts(run_action, kb):
    assert partner_ids(run_action, kb, rol="onbekend", regio=None)
