"""Talks to the Rasa server's REST channel on loopback.

Usage::

    client = RasaClient("http://127.0.0.1:5005", timeout_seconds=3.0)
    messages = await client.send("sessie-123", "hallo")   # -> list[BotMessage]
"""

import uuid
from typing import Any

import httpx

from api.schemas import BotMessage, Button, Source


class RasaUnavailable(Exception):
    """Rasa did not answer in time or could not be reached."""


class RasaClient:
    def __init__(self, base_url: str, timeout_seconds: float, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout_seconds, transport=transport)

    async def send(self, session_id: str, message: str) -> list[BotMessage]:
        try:
            response = await self._http.post(
                "/webhooks/rest/webhook", json={"sender": session_id, "message": message}
            )
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise RasaUnavailable(str(error)) from error
        return to_bot_messages(response.json())

    async def is_up(self) -> bool:
        try:
            response = await self._http.get("/", timeout=1.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._http.aclose()


def to_bot_messages(items: list[dict[str, Any]]) -> list[BotMessage]:
    """Rasa's REST channel sends a custom payload as its own item after the text it belongs to: merge them."""
    merged: list[dict[str, Any]] = []
    for item in items:
        if merged and "custom" in item and not item.get("text") and "custom" not in merged[-1]:
            merged[-1] = {**merged[-1], "custom": item["custom"]}
        else:
            merged.append(item)
    return [to_bot_message(item) for item in merged]


def to_bot_message(item: dict[str, Any]) -> BotMessage:
    """Map one message of Rasa's REST channel onto the widget's message format."""
    custom = item.get("custom") or {}
    return BotMessage(
        id=uuid.uuid4().hex,
        text=item.get("text") or custom.get("text") or "",
        buttons=[Button(title=b["title"], payload=b["payload"]) for b in item.get("buttons") or []],
        sources=[Source(**s) for s in custom.get("sources") or []],
        article_id=custom.get("article_id"),
        outcome=custom.get("outcome"),
        confidence=custom.get("confidence"),
    )
