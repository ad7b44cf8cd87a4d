"""The FastAPI application: chat API, Rasa action endpoint and health.

Run with ``uvicorn api.main:app`` (``make run`` does this for you).
"""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from rasa_sdk.executor import ActionExecutor

from api.conversations import RasaConversations
from api.errors import install_error_handlers
from api.middleware import install_middleware
from api.privacy import install_log_redaction
from api.rasa_client import RasaClient
from api.ratelimit import RateLimits
from api.routes import actions, chat, feedback, health, search, sessions
from api.routes.widget import install_widget
from api.settings import Settings, get_settings
from api.storage import Store
from assistant.actions import build_actions
from kennisbank.engine import Kennisbank


def build_executor(kennisbank: Kennisbank) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(kennisbank):
        executor.register_action(action)
    return executor


def load_kennisbank(settings: Settings) -> Kennisbank:
    return Kennisbank.from_settings(settings.content_dir, settings.embedding_model, settings.index_dir)


async def purge_periodically(stores, days: int, every_seconds: float = 3600) -> None:
    """Delete conversation records older than the retention period, now and then every hour."""
    while True:
        for store in stores:
            await asyncio.to_thread(store.purge_older_than, days)
        await asyncio.sleep(every_seconds)


def create_app(settings: Settings | None = None, kennisbank: Kennisbank | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        install_log_redaction()
        app.state.kennisbank = kennisbank or await asyncio.to_thread(load_kennisbank, settings)
        app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.executor = build_executor(app.state.kennisbank)
        app.state.store = Store(settings.database_url)
        app.state.conversations = RasaConversations(settings.rasa_tracker_url)
        app.state.rate_limits = RateLimits(settings.rate_limit_client, settings.rate_limit_session)
        purger = asyncio.create_task(
            purge_periodically((app.state.store, app.state.conversations), settings.retention_days))
        yield
        purger.cancel()
        await app.state.rasa.aclose()
        app.state.store.dispose()
        app.state.conversations.dispose()

    app = FastAPI(title="Duaal Leren Assistent", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    install_middleware(app, settings.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"])
    for module in (chat, search, feedback, sessions, health, actions):
        app.include_router(module.router)
    install_widget(app)
    return app


app = create_app()
