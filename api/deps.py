"""FastAPI dependencies: shared objects live on ``app.state`` and are injected with ``Annotated``."""

from typing import Annotated, Any, Callable

from fastapi import Depends, Request
from rasa_sdk.executor import ActionExecutor

from api.conversations import RasaConversations
from api.rasa_client import RasaClient
from api.ratelimit import RateLimits

from api.storage import Store
from kennisbank.engine import Kennisbank

def from_state(name: str) -> Callable[[Request], Any]:
    """A dependency that returns ``app.state.<name>`` (set up in the app's lifespan)."""
    def dependency(request: Request) -> Any:
        return getattr(request.app.state, name)
    return dependency

RasaDep = Annotated[RasaClient, Depends(from_state("rasa"))]
ExecutorDep = Annotated[ActionExecutor, Depends(from_state("executor"))]
KennisbankDep = Annotated[Kennisbank, Depends(from_state("kennisbank"))]
StoreDep = Annotated[Store, Depends(from_state("store"))]
ConversationsDep = Annotated[RasaConversations, Depends(from_state("conversations"))]
RateLimitsDep = Annotated[RateLimits, Depends(from_state("rate_limits"))]
