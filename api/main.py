"""The FastAPI application: chat API, Rasa action endpoint and health.

Run with ``uvicorn api.main:app`` (``make run`` does this for you).
"""

from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from rasa_sdk.executor import ActionExecutor

from api.errors import install_error_handlers
from api.rasa_client import RasaClient
from api.routes import actions, chat, health
from api.settings import Settings, get_settings


def build_executor() -> ActionExecutor:
    executor = ActionExecutor()
    executor.register_package("assistant.actions")
    return executor


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_timeout_seconds)
        app.state.executor = build_executor()
        yield
        await app.state.rasa.aclose()

    app = FastAPI(title="Duaal Leren Assistent", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"])
    for module in (chat, health, actions):
        app.include_router(module.router)
    return app


app = create_app()
