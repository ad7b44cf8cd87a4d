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


def say(live, session: str, message: str) -> dict:
    response = httpx.post(f"{live.api}/api/chat", json={"session_id": session, "message": message}, timeout=30)
    assert response.status_code == 200
    return response.json()


def test_question_runs_the_kennisbank_action_through_rasa(live):
    body = say(live, "integratie-vraag-01", "krijgt mijne zoon een diploma as hij duaal doet?")
    assert body["degraded"] is False
    [answer] = [m for m in body["messages"] if m["article_id"]]
    assert answer["article_id"] == "krijg-je-een-diploma-met-duaal-leren"
    assert "Bron: " in answer["text"] and answer["sources"]
    assert 1 <= len(answer["buttons"]) <= 3


def test_follow_up_keeps_context_through_rasa(live):
    say(live, "integratie-vraag-02", "hoe word ik als bakker een erkende leerwerkplek?")
    body = say(live, "integratie-vraag-02", "en hoe lang is da geldig?")
    assert [m["article_id"] for m in body["messages"] if m["article_id"]] == ["hoe-lang-duurt-en-geldt-een-erkenning"]


def test_contact_route_for_a_company_through_rasa(live):
    session = "integratie-contact-01"
    say(live, session, "wie moet ik contacteren?")
    say(live, session, "wij zijn een bedrijf")
    say(live, session, "bouw")
    texts = " ".join(m["text"] for m in say(live, session, "we zitten in Hasselt")["messages"])
    assert "Vlaams Partnerschap Duaal Leren" in texts
    assert "Limburg" in texts
