"""Tracker fixtures for the custom actions (the rasa_sdk way: build a Tracker, run the action)."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_SLOTS = ("doelgroep", "vorige_vraag", "geen_antwoord", "rol", "sector", "regio", "requested_slot")


def make_tracker(text: str = "", intent: str = "informatievraag", active_loop: str | None = None, **slots) -> Tracker:
    all_slots = {name: None for name in DOMAIN_SLOTS}
    all_slots.update(slots)
    return Tracker(
        sender_id="test-sessie",
        slots=all_slots,
        latest_message={"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture
def run_action():
    """Run an action; return (messages it sent, events it returned)."""
    def run(action, tracker: Tracker, domain: dict | None = None):
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
        return dispatcher.messages, events
    return run
