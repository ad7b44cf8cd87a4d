"""Custom actions of the assistant. They run inside the API process (``/webhook``) and share its
kennisbank, so they are registered as instances.

Usage::

    for action in build_actions(kennisbank):
        executor.register_action(action)
"""

from rasa_sdk import Action

from assistant.actions.contact import ActionStartContact, ActionToonContacten, ValidateContactForm
from assistant.actions.regions import RegionMap
from assistant.actions.search_kennisbank import ActionZoekKennisbank
from kennisbank.engine import Kennisbank


def build_actions(kennisbank: Kennisbank) -> list[Action]:
    return [
        ActionZoekKennisbank(kennisbank),
        ActionStartContact(),
        ValidateContactForm(RegionMap.from_nlu_file()),
        ActionToonContacten(kennisbank),
    ]
