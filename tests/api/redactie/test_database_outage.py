"""PostgreSQL restarts under the app (chat and redactie): clear Dutch 503s meanwhile, afterwards nothing is lost."""

from sqlalchemy import func, select

from api.storage import Turn
from tests.api.redactie.conftest import api_login

SESSION = "storing-sessie-01"


def test_outage_gives_dutch_503s_and_loses_no_turns(redactie_app, postgres):
    client = redactie_app(database_url=postgres.create_database("outage"))
    headers = api_login(client, "rik")
    before = client.post("/api/chat", json={"session_id": SESSION, "message": "krijgt mijne zoon een diploma?"}).json()

    postgres.kill()
    try:
        during = client.post("/api/chat", json={"session_id": SESSION, "message": "en wordt hij betaald?"})
        assert during.status_code == 200 and during.json()["messages"]  # the kennisbank is in memory
        feedback = client.post("/api/feedback", json={"session_id": SESSION, "message_id": before["messages"][0]["id"],
                                                      "rating": "up"})
        assert feedback.status_code == 503
        assert feedback.json()["detail"].startswith("De dienst is even niet beschikbaar")
        assert feedback.headers["retry-after"] == "30"
        editing = client.get("/api/redactie/artikels", headers=headers)
        assert editing.status_code == 503
        assert client.app.state.store.pending == 1
    finally:
        postgres.start()

    assert client.app.state.store.flush() == 1
    again = client.post("/api/feedback", json={"session_id": SESSION, "message_id": during.json()["messages"][0]["id"],
                                               "rating": "down", "comment": "da klopt nie"})
    assert again.status_code == 201
    with client.app.state.store.session() as db:
        assert db.scalar(select(func.count()).select_from(Turn).where(Turn.session_id == SESSION)) == 2
    assert client.get("/api/redactie/artikels").status_code == 200


def test_wiping_a_conversation_also_drops_its_waiting_turns(redactie_app, postgres):
    client = redactie_app(database_url=postgres.create_database("outage_wipe"))
    postgres.kill()
    try:
        client.post("/api/chat", json={"session_id": SESSION, "message": "mijn e-mail is jan@voorbeeld.be, wa is duaal?"})
        assert client.app.state.store.pending == 1
        client.delete(f"/api/sessions/{SESSION}")
    finally:
        postgres.start()
    assert client.app.state.store.pending == 0
