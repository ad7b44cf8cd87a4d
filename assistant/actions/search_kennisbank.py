"""action_zoek_kennisbank: answer an informational question from the kennisbank, or say honestly that
there is no reliable answer.

Usage (what the action sends for a confident hit)::

    {"response": "utter_antwoord", "antwoord": "<short answer>", "bron": "Actieplan Duaal Leren 2025, Actie 15",
     "buttons": [{"title": "<related question>", "payload": "<related question>"}],
     "custom": {"article_id": "...", "sources": [{"title": ..., "reference": ..., "url": ...}],
                "outcome": "antwoord", "confidence": 0.93}}
"""

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.actions.follow_up import follow_up_context, remembered_question
from kennisbank.engine import Hit, Kennisbank, SearchResult


class ActionZoekKennisbank(Action):
    def __init__(self, kennisbank: Kennisbank) -> None:
        self.kennisbank = kennisbank

    def name(self) -> str:
        return "action_zoek_kennisbank"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[dict]:
        message = (tracker.latest_message.get("text") or "").strip()
        context = follow_up_context(message, tracker.get_slot("vorige_vraag"))
        result = await asyncio.to_thread(
            self.kennisbank.search, message, audience=tracker.get_slot("doelgroep"), context=context)
        if not result.answered:
            dispatcher.utter_message(response="utter_geen_antwoord", json_message=outcome(result))
            return [SlotSet("geen_antwoord", True)]
        dispatcher.utter_message(**answer_message(result))
        return [SlotSet("geen_antwoord", False), SlotSet("vorige_vraag", remembered_question(message, context))]


def answer_message(result: SearchResult) -> dict[str, Any]:
    best: Hit = result.best
    return {
        "response": "utter_antwoord",
        "antwoord": best.short_answer,
        "bron": best.sources[0].label(),
        "buttons": [{"title": hit.title, "payload": hit.title} for hit in result.related],
        "json_message": {
            "article_id": best.article_id,
            "sources": [s.citation() for s in best.sources],
            **outcome(result),
        },
    }


def outcome(result: SearchResult) -> dict[str, Any]:
    """What the app records for the redactie's dashboard: was it answered, and how sure was the search."""
    return {"outcome": "antwoord" if result.answered else "geen_antwoord", "confidence": round(result.confidence, 4)}
