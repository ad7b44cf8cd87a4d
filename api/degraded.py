"""Answers straight from the kennisbank when Rasa is unreachable ("degraded" mode).

Usage::

    messages = degraded_reply(kennisbank.search("wordt mijn zoon betaald?"))
"""

import uuid

from api.schemas import BotMessage, Button, Source
from kennisbank.engine import SearchResult

NO_ANSWER = ("Daar heb ik geen betrouwbaar antwoord op in mijn kennisbank. Vraag het aan de trajectbegeleider "
             "van de school of kijk op vlaanderen.be/duaal-leren.")


def degraded_reply(result: SearchResult) -> list[BotMessage]:
    if not result.answered:
        return [BotMessage(id=uuid.uuid4().hex, text=NO_ANSWER, outcome="geen_antwoord", confidence=result.confidence)]
    best = result.best
    return [BotMessage(
        id=uuid.uuid4().hex,
        text=f"{best.short_answer}\n\n{best.source_line}",
        buttons=[Button(title=h.title, payload=h.title) for h in result.related],
        sources=[Source(**s.citation()) for s in best.sources],
        article_id=best.article_id,
        outcome="antwoord",
        confidence=result.confidence,
    )]
