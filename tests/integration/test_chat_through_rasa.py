"""End to end: a Dutch message sent to the app's /api/chat reaches Rasa and gets a Dutch reply."""

import httpx
import psutil
import pytest


@pytest.mark.parametrize("greeting", ["hallo", "goeiemorgen!", "dag, ik zou graag ne keer iets willen weten"])
def test_greeting_reaches_rasa_and_gets_dutch_reply(live, greeting):
    response = httpx.post(f"{live.api}/api/chat", json={"session_id": "integratie-test-01", "message": greeting}, timeout=30)
    assert response.status_code == 200
    texts = [m["text"] for m in response.json()["messages"]]
    assert any("assistent van Duaal Leren" in t for t in texts), texts


def test_health_reports_rasa_up(live):
    assert httpx.get(f"{live.api}/health").json()["rasa"] == "ok"


def test_rasa_listens_on_loopback_only(live):
    port = int(live.rasa.rsplit(":", 1)[1])
    addresses = {c.laddr.ip for c in psutil.net_connections("inet") if c.laddr.port == port and c.status == "LISTEN"}
    assert addresses == {"127.0.0.1"}
