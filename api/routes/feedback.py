"""POST /api/feedback: thumbs up or down on one answer, with an optional comment (redacted)."""

import asyncio

from fastapi import APIRouter, HTTPException, Request, status

from api.deps import RateLimitsDep, StoreDep
from api.privacy import redact
from api.ratelimit import enforce_rate_limit
from api.schemas import FeedbackRequest

router = APIRouter(prefix="/api", tags=["feedback"])

UNKNOWN_MESSAGE = "Dit antwoord kennen we niet (meer). Je feedback is niet bewaard."


@router.post("/feedback", status_code=status.HTTP_201_CREATED)
async def feedback(body: FeedbackRequest, request: Request, store: StoreDep, limits: RateLimitsDep) -> dict:
    enforce_rate_limit(request, limits, body.session_id)
    comment = redact(body.comment) if body.comment else None
    if not await asyncio.to_thread(store.add_feedback, body.session_id, body.message_id, body.rating, comment):
        raise HTTPException(status_code=404, detail=UNKNOWN_MESSAGE)
    return {"status": "bewaard"}
