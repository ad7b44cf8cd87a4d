"""GET /health: the state of the app, the kennisbank and the Rasa server behind it."""

from fastapi import APIRouter

from api.deps import KennisbankDep, RasaDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
async def health(rasa: RasaDep, kennisbank: KennisbankDep) -> Health:
    return Health(rasa="ok" if await rasa.is_up() else "onbereikbaar",
                  kennisbank=f"{len(kennisbank.content.articles)} artikels")
