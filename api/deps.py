"""FastAPI dependencies: shared objects live on ``app.state`` and are injected with ``Annotated``."""

from typing import Annotated

from fastapi import Depends, Request
from rasa_sdk.executor import ActionExecutor

from api.conversations import RasaConversations
from api.rasa_client import RasaClient
from api.ratelimit import RateLimits
from api.storage import Store
from api.settings import Settings, get_settings
from kennisbank.engine import Kennisbank


def rasa_client(request: Request) -> RasaClient:
    return request.app.state.rasa


def action_executor(request: Request) -> ActionExecutor:
    return request.app.state.executor


def kennisbank(request: Request) -> Kennisbank:
    return request.app.state.kennisbank


def store(request: Request) -> Store:
    return request.app.state.store


def conversations(request: Request) -> RasaConversations:
    return request.app.state.conversations


def rate_limits(request: Request) -> RateLimits:
    return request.app.state.rate_limits


SettingsDep = Annotated[Settings, Depends(get_settings)]
RasaDep = Annotated[RasaClient, Depends(rasa_client)]
ExecutorDep = Annotated[ActionExecutor, Depends(action_executor)]
KennisbankDep = Annotated[Kennisbank, Depends(kennisbank)]
StoreDep = Annotated[Store, Depends(store)]
RateLimitsDep = Annotated[RateLimits, Depends(rate_limits)]
ConversationsDep = Annotated[RasaConversations, Depends(conversations)]
