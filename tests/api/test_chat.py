"""The chat route with a fake Rasa behind it (httpx MockTransport)."""

import pytest

from tests.api.conftest import SESSION, rasa_down, rasa_reply


def test_chat_maps_rasa_messages(client_with):
    response = client_with(rasa_reply).post("/api/chat", json={"session_id": SESSION, "message": "  wa is da, duaal leren?  "})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is False
    [message] = body["messages"]
    assert message["text"].startswith("Duaal leren is")
    assert message["buttons"] == [{"title": "Krijg ik een diploma?", "payload": "/vraag"}]
    assert message["sources"][0]["title"] == "Actieplan Duaal Leren 2025"
    assert message["article_id"] == "wat-is-duaal-leren"
    assert len(message["id"]) == 32


@pytest.mark.parametrize("payload, fragment", [
    ({"session_id": SESSION, "message": "   "}, "leeg"),
    ({"session_id": SESSION, "message": "x" * 1001}, "te lang"),
    ({"session_id": "kort", "message": "hallo"}, "session_id"),
    ({"session_id": "../../etc/passwd", "message": "hallo"}, "session_id"),
])
def test_invalid_input_gets_422_in_dutch(client_with, payload, fragment):
    response = client_with(rasa_reply).post("/api/chat", json=payload)
    assert response.status_code == 422
    assert fragment in response.text


def test_rasa_down_answers_from_kennisbank_in_degraded_mode(client_with):
    response = client_with(rasa_down).post("/api/chat", json={"session_id": SESSION, "message": "krijgt mijn dochter een diploma als ze duaal leert?"})
    assert response.status_code == 200
    body = response.json()
    assert body["degraded"] is True
    [message] = body["messages"]
    assert message["article_id"] == "krijg-je-een-diploma-met-duaal-leren"
    assert "Bron: " in message["text"] and message["sources"]


def test_rasa_down_and_no_answer_says_so_honestly(client_with):
    response = client_with(rasa_down).post("/api/chat", json={"session_id": SESSION, "message": "wie wint de tour de france?"})
    body = response.json()
    assert body["degraded"] is True
    assert "geen betrouwbaar antwoord" in body["messages"][0]["text"]
    assert body["messages"][0]["article_id"] is None


def test_custom_payload_is_merged_into_its_text_message():
    from api.rasa_client import to_bot_messages
    messages = to_bot_messages([{"recipient_id": "x", "text": "Antwoord", "buttons": [{"title": "t", "payload": "p"}]},
                                {"recipient_id": "x", "custom": {"article_id": "a", "sources": [{"title": "Bron"}]}}])
    assert len(messages) == 1
    assert messages[0].article_id == "a" and messages[0].sources[0].title == "Bron"


def test_health_reports_rasa_unreachable(client_with):
    response = client_with(rasa_down).get("/health")
    assert response.json()["rasa"] == "onbereikbaar"


@pytest.mark.parametrize("raw, fragment", [
    ("{not json", "geen geldige JSON"),
    ('{"session_id": "test-sessie-0001"}', "message: Dit veld ontbreekt"),
    ('{"session_id": "test-sessie-0001", "message": 5}', "message: Dit veld moet tekst zijn"),
])
def test_malformed_bodies_get_dutch_422(client_with, raw, fragment):
    response = client_with(rasa_reply).post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert fragment in response.json()["detail"]


@pytest.mark.parametrize("handler", [rasa_reply, rasa_down])
def test_message_with_a_lone_surrogate_gets_dutch_422_not_500(client_with, handler):
    """JSON's "\\ud800" escape decodes to text that neither Rasa's JSON nor the embedding model can encode."""
    raw = '{"session_id": "test-sessie-0001", "message": "krijgt mijn zoon \\ud83d loon?"}'
    response = client_with(handler).post("/api/chat", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["fouten"] == [{"veld": "message", "fout": "Je bericht bevat een ongeldig teken."}]



def test_framework_errors_are_dutch(client_with):
    client = client_with(rasa_reply)
    broken = client.post("/api/chat", content=b"\x80{", headers={"content-type": "application/json"})
    assert broken.status_code in (400, 422) and "Je aanvraag" in broken.json()["detail"]
    assert client.get("/api/bestaat-niet").json()["detail"] == "Deze pagina of dit adres bestaat niet."
    assert client.put("/api/chat", json={}).json()["detail"] == "Deze methode is hier niet toegestaan."


def test_search_question_of_only_spaces_is_refused(client_with):
    response = client_with(rasa_reply).get("/api/search", params={"q": "   "})
    assert response.status_code == 422
