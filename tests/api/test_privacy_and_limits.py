"""Redaction, rate limits, size limit, security headers, feedback, wiping a conversation, purge."""

import datetime as dt
import json
import time

import httpx
import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, select, update

from api.conversations import RasaConversations
from api.privacy import redact
from api.storage import Feedback, Store, Turn
from kennisbank.database import connect, migrate
from tests.api.conftest import SESSION, rasa_down, rasa_reply


@pytest.mark.parametrize("text, expected", [
    ("mail me op jan.peeters@voorbeeld.be aub", "mail me op [e-mail] aub"),
    ("bel 0470 12 34 56", "bel [telefoon]"),
    ("of +32 470/12.34.56", "of [telefoon]"),
    ("mijn rijksregisternummer is 85.07.30-033.61", "mijn rijksregisternummer is [rijksregisternummer]"),
    ("20 uur per week, € 578,40 sinds 1/11/2023, schooljaar 2025-2026", "20 uur per week, € 578,40 sinds 1/11/2023, schooljaar 2025-2026"),
])
def test_redaction(text, expected):
    assert redact(text) == expected


def test_personal_data_never_reaches_rasa_or_the_database(client_with):
    sent = []

    def spy(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.read()))
        return rasa_reply(request)

    client = client_with(spy)
    client.post("/api/chat", json={"session_id": SESSION, "message": "ik ben jan@voorbeeld.be, bel 0470 12 34 56"})
    assert sent[0]["message"] == "ik ben [e-mail], bel [telefoon]"
    with client.app.state.store.session() as db:
        assert db.scalars(select(Turn.question)).one() == "ik ben [e-mail], bel [telefoon]"


def test_too_many_messages_get_429_with_retry_after(client_with):
    client = client_with(rasa_reply, rate_limit_session="3/minute")
    statuses = [client.post("/api/chat", json={"session_id": SESSION, "message": "hallo"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/api/chat", json={"session_id": SESSION, "message": "hallo"})
    assert int(response.headers["Retry-After"]) >= 1
    assert "Wacht even" in response.json()["detail"]


def test_other_session_is_not_slowed_by_a_busy_one(client_with):
    client = client_with(rasa_reply, rate_limit_session="1/minute")
    assert client.post("/api/chat", json={"session_id": SESSION, "message": "hallo"}).status_code == 200
    assert client.post("/api/chat", json={"session_id": "andere-sessie-02", "message": "hallo"}).status_code == 200


def test_oversized_request_gets_413_in_dutch(client_with):
    response = client_with(rasa_reply, max_body_bytes=2048).post(
        "/api/chat", content="x" * 5000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["detail"] == "Je aanvraag is te groot."


def test_security_headers(client_with):
    response = client_with(rasa_reply).get("/health")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def chat_message_id(client) -> str:
    return client.post("/api/chat", json={"session_id": SESSION, "message": "wat is duaal leren"}).json()["messages"][0]["id"]


def test_feedback_is_stored_with_the_article_and_a_redacted_comment(client_with):
    client = client_with(rasa_reply)
    message_id = chat_message_id(client)
    response = client.post("/api/feedback", json={"session_id": SESSION, "message_id": message_id, "rating": "down",
                                                  "comment": "klopt nie, mail me op a@b.be"})
    assert response.status_code == 201
    with client.app.state.store.session() as db:
        stored = db.scalars(select(Feedback)).one()
    assert (stored.rating, stored.article_id, stored.comment) == ("down", "wat-is-duaal-leren", "klopt nie, mail me op [e-mail]")


@pytest.mark.parametrize("body, status", [
    ({"session_id": SESSION, "message_id": "0" * 32, "rating": "up"}, 404),
    ({"session_id": SESSION, "message_id": "0" * 32, "rating": "meh"}, 422),
    ({"session_id": SESSION, "message_id": "niet-hex", "rating": "up"}, 422),
])
def test_bad_feedback_gets_a_clear_error(client_with, body, status):
    response = client_with(rasa_reply).post("/api/feedback", json=body)
    assert response.status_code == status
    assert response.json()["detail"]


def rasa_events_table(url: str) -> Table:
    """The shape of Rasa's SQL tracker store table, with a few rows, as Rasa would leave it."""
    engine = create_engine(url)
    table = Table("events", MetaData(), Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
                  Column("type_name", String(255)), Column("timestamp", Float), Column("data", Text))
    table.metadata.create_all(engine)
    now = time.time()
    with engine.begin() as db:
        db.execute(table.insert(), [
            {"sender_id": SESSION, "type_name": "user", "timestamp": now, "data": "{}"},
            {"sender_id": "ander-gesprek-01", "type_name": "user", "timestamp": now, "data": "{}"},
            {"sender_id": "oud-gesprek-01", "type_name": "user", "timestamp": now - 40 * 86400, "data": "{}"},
        ])
    engine.dispose()
    return table


def remaining_senders(url: str, table: Table) -> list[str]:
    engine = create_engine(url)
    with engine.connect() as db:
        senders = sorted(db.scalars(select(table.c.sender_id)))
    engine.dispose()
    return senders


def test_wipe_my_conversation_removes_it_from_rasa_and_the_app(client_with, tmp_path):
    client = client_with(rasa_reply, retention_days=3650)  # keep the background purge out of this test
    tracker_url = client.app.state.conversations._engine.url.render_as_string(hide_password=False)
    table = rasa_events_table(tracker_url)
    client.post("/api/feedback", json={"session_id": SESSION, "message_id": chat_message_id(client), "rating": "up"})
    assert client.delete(f"/api/sessions/{SESSION}").status_code == 204
    assert remaining_senders(tracker_url, table) == ["ander-gesprek-01", "oud-gesprek-01"]
    with client.app.state.store.session() as db:
        assert db.scalars(select(Turn)).all() == [] and db.scalars(select(Feedback)).all() == []


def test_wipe_before_rasa_stored_anything_is_fine(client_with):
    assert client_with(rasa_down).delete(f"/api/sessions/{SESSION}").status_code == 204


def test_purge_removes_old_rasa_conversations(tmp_path):
    url = f"sqlite:///{tmp_path}/tracker.db"
    table = rasa_events_table(url)
    conversations = RasaConversations(url)
    assert conversations.purge_older_than(days=30) == 1
    assert remaining_senders(url, table) == ["ander-gesprek-01", SESSION]


def test_wipe_rejects_a_malformed_session_id(client_with):
    assert client_with(rasa_reply).delete("/api/sessions/..%2F..%2Fetc").status_code in (404, 422)


def test_purge_removes_only_old_conversations(database_url):
    migrate(database_url)
    store = Store(connect(database_url))
    store.add_turn("oud-gesprek-01", "a" * 32, "vraag", None, outcome="geen_antwoord")
    store.add_turn("nieuw-gesprek-01", "b" * 32, "vraag", None, outcome="geen_antwoord")
    with store.session() as db, db.begin():
        db.execute(update(Turn).where(Turn.session_id == "oud-gesprek-01")
                   .values(created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=31)))
    assert store.purge_older_than(days=30) == 1
    with store.session() as db:
        assert db.scalars(select(Turn.session_id)).all() == ["nieuw-gesprek-01"]


def test_search_endpoint(client_with):
    client = client_with(rasa_reply)
    body = client.get("/api/search", params={"q": "wordt mijne zoon betaald?", "doelgroep": "ouder"}).json()
    assert body["answered"] is True
    assert "word-je-betaald-in-duaal-leren" in [r["article_id"] for r in body["results"]]
    assert body["results"][0]["sources"] and body["results"][0]["short_answer"]
    assert client.get("/api/search", params={"q": "x"}).status_code == 422
    assert client.get("/api/search", params={"q": "hallo daar", "doelgroep": "oma"}).status_code == 422


def test_rasa_action_calls_are_not_size_limited_but_only_from_loopback(client_with):
    client = client_with(rasa_reply, max_body_bytes=2048)
    big_call = {"next_action": "action_bestaat_niet", "sender_id": SESSION, "tracker": {"events": [{"x": "y" * 5000}]},
                "domain": {}, "version": "3.6.21"}
    response = client.post("/webhook", json=big_call)
    assert response.status_code == 403  # TestClient's address is "testclient", not loopback
    assert "Rasa-server" in response.json()["detail"]
