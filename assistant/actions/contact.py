"""The contact route: a form that asks role (and for companies sector, and region), then answers
from the partner directory (Actie 18.2). There is no live agent: the route is the directory.

Usage: rules start ``action_start_contact`` then ``contact_form``; when the form is done,
``action_toon_contacten`` sends the matching partners.
"""

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from assistant.actions.regions import RegionMap
from kennisbank.directory import PartnerDirectory
from kennisbank.engine import Kennisbank
from kennisbank.schema import AUDIENCES, Partner

UNKNOWN = "onbekend"


class ActionStartContact(Action):
    """Clear the form's slots; reuse the audience the user already gave as the role."""

    def name(self) -> str:
        return "action_start_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        return [SlotSet("rol", tracker.get_slot("doelgroep")), SlotSet("sector", None), SlotSet("regio", None)]


class ValidateContactForm(FormValidationAction):
    def __init__(self, regions: RegionMap) -> None:
        self.regions = regions

    def name(self) -> str:
        return "validate_contact_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        role = tracker.get_slot("rol")
        if role == UNKNOWN:
            return ["rol"]
        if role == "onderneming":
            return ["rol", "sector", "regio"]
        return ["rol", "regio"]

    def validate_rol(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: DomainDict) -> dict[str, Any]:
        """Only the four audiences (or 'onbekend') are roles; anything else is asked again."""
        return {"rol": value if value in (*AUDIENCES, UNKNOWN) else None}

    def validate_sector(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> dict[str, Any]:
        return {"sector": str(value).strip().lower()[:60] or UNKNOWN}

    def validate_regio(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                       domain: DomainDict) -> dict[str, Any]:
        if value == UNKNOWN:
            return {"regio": UNKNOWN}
        province = self.regions.province(str(value))
        if province is None:
            dispatcher.utter_message(response="utter_regio_onbekend")
        return {"regio": province}


class ActionToonContacten(Action):
    def __init__(self, kennisbank: Kennisbank) -> None:
        self.kennisbank = kennisbank

    def name(self) -> str:
        return "action_toon_contacten"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        role, sector, region = (_known(tracker.get_slot(s)) for s in ("rol", "sector", "regio"))
        partners = PartnerDirectory(self.kennisbank.content.partners).match(role, sector, region)
        if not partners:
            dispatcher.utter_message(response="utter_geen_contacten")
        else:
            dispatcher.utter_message(response="utter_contacten", contacten="\n\n".join(map(partner_text, partners)),
                                     json_message={"partner_ids": [p.id for p in partners]})
        return []


def partner_text(partner: Partner) -> str:
    """A partner as the directory gives it: name, role, for which questions, and where to find it."""
    lines = [f"**{partner.name}**: {partner.role.strip()}", f"Voor: {', '.join(partner.contact_for[:3])}."]
    if partner.website:
        lines.append(f"Website: {partner.website}")
    elif partner.where_to_find:
        lines.append(partner.where_to_find.strip())
    return "\n".join(lines)


def _known(value: str | None) -> str | None:
    return None if value in (None, UNKNOWN) else value
