"""GET /health: the state of the app and of the Rasa server behind it."""

from fastapi import APIRouter

from api.deps import RasaDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
async def health(rasa: RasaDep) -> Health:
    return Health(rasa="ok" if await rasa.is_up() else "onbereikbaar", kennisbank="niet geladen")
