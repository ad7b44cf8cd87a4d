"""The FastAPI application: chat API, Rasa action endpoint and health.

Run with ``uvicorn api.main:app`` (``make run`` does this for you).
"""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from rasa_sdk.executor import ActionExecutor

from api.errors import install_error_handlers
from api.rasa_client import RasaClient
from api.routes import actions, chat, health
from api.settings import Settings, get_settings
from assistant.actions import build_actions
from kennisbank.engine import Kennisbank


def build_executor(kennisbank: Kennisbank) -> ActionExecutor:
    executor = ActionExecutor()
    for action in build_actions(kennisbank):
        executor.register_action(action)
    return executor


def load_kennisbank(settings: Settings) -> Kennisbank:
    return Kennisbank.from_settings(settings.content_dir, settings.embedding_model, settings.index_dir)


def create_app(settings: Settings | None = None, kennisbank: Kennisbank | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.kennisbank = kennisbank or await asyncio.to_thread(load_kennisbank, settings)
        app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.executor = build_executor(app.state.kennisbank)
        yield
        await app.state.rasa.aclose()

    app = FastAPI(title="Duaal Leren Assistent", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"])
    for module in (chat, health, actions):
        app.include_router(module.router)
    return app


app = create_app()
