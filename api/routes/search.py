"""GET /api/search: search the kennisbank directly."""

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import KennisbankDep, RateLimitsDep
from api.ratelimit import enforce_rate_limit
from api.schemas import Question, SearchResponse, SearchResultItem, Source
from kennisbank.schema import Audience

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse)
async def search(request: Request, kennisbank: KennisbankDep, limits: RateLimitsDep,
                 q: Annotated[Question, Query(description="De vraag")],
                 doelgroep: Audience | None = Query(default=None)) -> SearchResponse:
    enforce_rate_limit(request, limits)
    result = await asyncio.to_thread(kennisbank.search, q, doelgroep)
    items = [SearchResultItem(
        article_id=h.article_id, title=h.title, short_answer=h.short_answer, score=h.score,
        sources=[Source(**s.citation()) for s in h.sources],
    ) for h in result.hits]
    return SearchResponse(answered=result.answered, threshold=result.threshold, results=items)
