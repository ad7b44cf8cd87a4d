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
from api.redactie.accounts import Accounts
from api.redactie.throttle import LoginThrottle
from api.ratelimit import RateLimits
from api.redactie.errors import install_redactie_errors
from api.redactie.service import Redactie
from api.routes import actions, chat, feedback, health, redactie_api, search, sessions
from api.routes.redactie_pages import install_redactie_pages
from api.routes.widget import install_widget
from api.settings import Settings, get_settings
from api.storage import Store
from assistant.actions import build_actions
from kennisbank.database import close, connect, migrate
from kennisbank.engine import Kennisbank
from kennisbank.live import open_live_content


def build_executor(kennisbank: Kennisbank) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(kennisbank):
        executor.register_action(action)
    return executor


async def purge_periodically(stores, days: int, every_seconds: float = 3600) -> None:
    """Delete conversation records older than the retention period, now and then every hour."""
    while True:
        for store in stores:
            await asyncio.to_thread(store.purge_older_than, days)
        await asyncio.sleep(every_seconds)


async def flush_periodically(store: Store, every_seconds: float = 2.0) -> None:
    """Write conversation turns that waited in memory during a database outage."""
    while True:
        await asyncio.sleep(every_seconds)
        if store.pending:
            await asyncio.to_thread(store.flush)


def create_app(settings: Settings | None = None, kennisbank: Kennisbank | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        install_log_redaction()
        await asyncio.to_thread(migrate, settings.database_url)
        database = connect(settings.database_url)
        app.state.live = await asyncio.to_thread(open_live_content, settings, database, kennisbank)
        app.state.kennisbank = app.state.live.kennisbank
        app.state.repository = app.state.live.repository
        app.state.accounts = Accounts(database, settings.login_session_hours)
        app.state.login_throttle = LoginThrottle(settings.login_failures_per_user, settings.login_failures_per_client,
                                                 settings.rate_limit_storage_url)
        app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.executor = build_executor(app.state.kennisbank)
        app.state.store = Store(database)
        app.state.conversations = RasaConversations(settings.rasa_tracker_url)
        app.state.rate_limits = RateLimits(settings.rate_limit_client, settings.rate_limit_session,
                                           settings.rate_limit_storage_url)
        app.state.settings = settings
        app.state.redactie = Redactie(app.state.repository, app.state.live)
        background = [
            asyncio.create_task(purge_periodically((app.state.store, app.state.conversations), settings.retention_days)),
            asyncio.create_task(app.state.live.poll(settings.content_poll_seconds)),
            asyncio.create_task(flush_periodically(app.state.store)),
        ]
        yield
        for task in background:
            task.cancel()
        await app.state.rasa.aclose()
        close(database)
        app.state.conversations.dispose()

    app = FastAPI(title="Duaal Leren Assistent", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    install_redactie_errors(app)
    install_middleware(app, settings.max_body_bytes)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"])
    for module in (chat, search, feedback, sessions, health, actions, redactie_api):
        app.include_router(module.router)
    install_redactie_pages(app)
    install_widget(app)
    return app


app = create_app()
