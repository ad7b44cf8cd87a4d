"""DELETE /api/sessions/{session_id}: "wis mijn gesprek" removes the conversation everywhere:
from Rasa's tracker store and from the app's own records."""

import asyncio

from fastapi import APIRouter, Path, Response, status

from api.deps import ConversationsDep, StoreDep
from api.schemas import SESSION_ID_PATTERN

router = APIRouter(prefix="/api", tags=["sessions"])


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
async def forget_session(store: StoreDep, conversations: ConversationsDep,
                         session_id: str = Path(pattern=SESSION_ID_PATTERN.pattern)) -> Response:
    await asyncio.to_thread(conversations.delete, session_id)
    await asyncio.to_thread(store.delete_session, session_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
