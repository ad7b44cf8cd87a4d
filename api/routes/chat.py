"""POST /api/chat: one user message in, the assistant's messages out."""

from fastapi import APIRouter, HTTPException

from api.deps import RasaDep
from api.rasa_client import RasaUnavailable
from api.schemas import ChatRequest, ChatResponse

router = APIRouter(prefix="/api", tags=["chat"])

RASA_DOWN = "De assistent is even niet bereikbaar. Probeer het over een paar minuten opnieuw."


@router.post("/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, rasa: RasaDep) -> ChatResponse:
    try:
        messages = await rasa.send(body.session_id, body.message)
    except RasaUnavailable:
        raise HTTPException(status_code=503, detail=RASA_DOWN)
    return ChatResponse(messages=messages)
