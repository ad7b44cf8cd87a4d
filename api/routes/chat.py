"""POST /api/chat: one user message in, the assistant's messages out.

When Rasa is down or too slow, the kennisbank answers directly and the response says ``degraded``.
"""

import asyncio

from fastapi import APIRouter

from api.degraded import degraded_reply
from api.deps import KennisbankDep, RasaDep
from api.rasa_client import RasaUnavailable
from api.schemas import ChatRequest, ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, rasa: RasaDep, kennisbank: KennisbankDep) -> ChatResponse:
    try:
        return ChatResponse(messages=await rasa.send(body.session_id, body.message))
    except RasaUnavailable:
        result = await asyncio.to_thread(kennisbank.search, body.message)
        return ChatResponse(messages=degraded_reply(result), degraded=True)
