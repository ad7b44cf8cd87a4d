"""POST /api/chat: one user message in, the assistant's messages out.

Personal data is redacted before the message goes anywhere. When Rasa is down or too slow, the
kennisbank answers directly and the response says ``degraded``.
"""

import asyncio

from fastapi import APIRouter, Request

from api.degraded import degraded_reply
from api.deps import KennisbankDep, RasaDep, RateLimitsDep, StoreDep
from api.privacy import redact
from api.rasa_client import RasaUnavailable
from api.ratelimit import enforce_rate_limit
from api.schemas import BotMessage, ChatRequest, ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])

@router.post("/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, request: Request, rasa: RasaDep,
               kennisbank: KennisbankDep, store: StoreDep, limits: RateLimitsDep) -> ChatResponse:
    enforce_rate_limit(request, limits, body.session_id)
    message = redact(body.message)
    try:
        response = ChatResponse(messages=await rasa.send(body.session_id, message))
    except RasaUnavailable:
        result = await asyncio.to_thread(kennisbank.search, message)
        response = ChatResponse(messages=degraded_reply(result), degraded=True)
    # Recorded before replying: feedback on this answer may arrive at once, possibly at another replica.
    await asyncio.to_thread(_record, store, body.session_id, message, response)
    return response


def _record(store, session_id: str, question: str, response: ChatResponse) -> None:
    searched: BotMessage | None = next((m for m in response.messages if m.outcome), None)
    first = searched or (response.messages[0] if response.messages else None)
    store.add_turn(session_id, first.id if first else None, question, first.article_id if first else None,
                   outcome=searched.outcome if searched else "overig",
                   confidence=searched.confidence if searched else None, degraded=response.degraded)
