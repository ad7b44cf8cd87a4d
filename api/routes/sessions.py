"""DELETE /api/sessions/{session_id}: "wis mijn gesprek" removes the conversation everywhere."""

import asyncio

from fastapi import APIRouter, HTTPException, Path, Response, status

from api.deps import RasaDep, StoreDep
from api.rasa_client import RasaUnavailable
from api.schemas import SESSION_ID_PATTERN

router = APIRouter(prefix="/api", tags=["sessions"])

RASA_DOWN = "Je gesprek kon nu niet volledig gewist worden. Probeer het over een paar minuten opnieuw."


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def forget_session(rasa: RasaDep, store: StoreDep,
                         session_id: str = Path(pattern=SESSION_ID_PATTERN.pattern)) -> Response:
    await asyncio.to_thread(store.delete_session, session_id)
    try:
        await rasa.forget(session_id)
    except RasaUnavailable:
        raise HTTPException(status_code=503, detail=RASA_DOWN)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
