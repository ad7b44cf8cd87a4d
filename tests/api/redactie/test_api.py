"""The redactie's JSON API: login and roles, CSRF, editing with conflicts, history, going live, testing."""

import json

import pytest

from tests.api.redactie.conftest import PASSWORD, api_login

BEHEERDER, REDACTEUR = "bea", "rik"

ARTICLE = "word-je-betaald-in-duaal-leren"
QUESTION = "wordt mijne zoon betaald as hij duaal leert?"


def _article(client, article_id=ARTICLE) -> dict:
    response = client.get(f"/api/redactie/artikels/{article_id}")
    assert response.status_code == 200, response.text
    return response.json()


def _with_short_answer(data: dict, text: str) -> dict:
    detail = data["body"].split("\n\n", 1)[1]
    return {**data, "body": f"{text}\n\n{detail}"}


@pytest.mark.parametrize("method, path", [
    ("get", "/api/redactie/artikels"), ("get", f"/api/redactie/artikels/{ARTICLE}"), ("get", "/api/redactie/ik"),
    ("get", "/api/redactie/test?vraag=wa%20is%20da"), ("get", "/api/redactie/dashboard"),
    ("get", "/api/redactie/gebruikers"), ("put", f"/api/redactie/artikels/{ARTICLE}"),
])
def test_every_call_needs_login(redactie_app, method, path):
    response = getattr(redactie_app(), method)(path)
    assert response.status_code == 401
    assert response.json()["detail"] == "Meld je aan om de redactie te gebruiken."


def test_wrong_password_is_refused_in_dutch_and_sets_no_cookie(redactie_app):
    client = redactie_app()
    response = client.post("/api/redactie/aanmelden", json={"gebruikersnaam": BEHEERDER, "wachtwoord": "fout-wachtwoord"})
    assert response.status_code == 401
    assert "wachtwoord klopt niet" in response.json()["detail"]
    assert "dla_redactie" not in response.cookies


def test_session_cookie_is_httponly_and_samesite_strict(redactie_app):
    client = redactie_app()
    response = client.post("/api/redactie/aanmelden", json={"gebruikersnaam": f"{BEHEERDER.upper()} ", "wachtwoord": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "dla_redactie=" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/redactie/ik").json()["rol"] == "beheerder"


def test_repeated_failed_logins_are_slowed_down(redactie_app):
    client = redactie_app(login_failures_per_user="3/15 minutes")
    for _ in range(3):
        assert client.post("/api/redactie/aanmelden", json={"gebruikersnaam": REDACTEUR, "wachtwoord": "raden"}).status_code == 401
    response = client.post("/api/redactie/aanmelden", json={"gebruikersnaam": REDACTEUR, "wachtwoord": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.json()["detail"]


def test_changes_need_the_csrf_token(redactie_app):
    client = redactie_app()
    api_login(client, REDACTEUR)
    data = _article(client)
    body = {"data": _with_short_answer(data["data"], "Aangepast zonder token."), "versie": data["versie"], "publiceren": True}
    refused = client.put(f"/api/redactie/artikels/{ARTICLE}", json=body, headers={"X-CSRF-Token": "verkeerd"})
    assert refused.status_code == 403
    assert _article(client)["versie"] == data["versie"]


def test_redacteur_may_not_manage_users_or_delete(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    assert client.get("/api/redactie/gebruikers").status_code == 403
    version = _article(client)["versie"]
    response = client.delete(f"/api/redactie/artikels/{ARTICLE}?versie={version}", headers=headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Dit mag enkel een beheerder."


def test_beheerder_creates_a_redacteur_who_can_log_in(redactie_app):
    client = redactie_app()
    headers = api_login(client, BEHEERDER)
    made = client.post("/api/redactie/gebruikers", headers=headers,
                       json={"gebruikersnaam": "nina", "wachtwoord": "nog-een-lang-wachtwoord", "rol": "redacteur"})
    assert made.status_code == 201
    too_short = client.post("/api/redactie/gebruikers", headers=headers,
                            json={"gebruikersnaam": "tom", "wachtwoord": "kort", "rol": "redacteur"})
    assert too_short.status_code == 422 and "minstens 12 tekens" in too_short.json()["detail"]
    login = client.post("/api/redactie/aanmelden", json={"gebruikersnaam": "nina", "wachtwoord": "nog-een-lang-wachtwoord"})
    assert login.status_code == 200 and login.json()["rol"] == "redacteur"


def test_published_edit_is_answered_by_the_chat_at_once(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    data = _article(client)
    new_text = "Ja. Een duale leerling krijgt een leervergoeding van de onderneming (aangepast door de redactie)."
    saved = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                       json={"data": _with_short_answer(data["data"], new_text), "versie": data["versie"], "publiceren": True})
    assert saved.status_code == 200, saved.text
    assert saved.json()["status"] == "gepubliceerd" and saved.json()["versie"] == data["versie"] + 1
    chat = client.post("/api/chat", json={"session_id": "redactie-test-1", "message": QUESTION}).json()
    assert chat["messages"][0]["article_id"] == ARTICLE
    assert chat["messages"][0]["text"].startswith(new_text)


def test_draft_is_not_served_until_published(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    data = _article(client)
    draft = _with_short_answer(data["data"], "Dit is een concept dat nog niet live mag staan.")
    saved = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                       json={"data": draft, "versie": data["versie"], "publiceren": False})
    assert saved.json()["status"] == "gewijzigd"
    live = client.app.state.kennisbank.content.articles[ARTICLE]
    assert "concept" not in live.short_answer


def test_invalid_edit_gets_dutch_errors_and_never_reaches_the_live_index(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    data = _article(client)
    broken = {**data["data"], "title": "", "sources": [{"document": "Actieplan", "reference": "Actie 15", "url": "geen url"}]}
    response = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                          json={"data": broken, "versie": data["versie"], "publiceren": True})
    assert response.status_code == 422
    fields = {problem["veld"]: problem["fout"] for problem in response.json()["fouten"]}
    assert "title" in fields and "sources.0.url" in fields
    assert fields["sources.0.url"] == "dit is geen geldige URL"
    assert _article(client)["versie"] == data["versie"]
    assert client.app.state.kennisbank.content.articles[ARTICLE].title == data["data"]["title"]


def test_second_editor_gets_a_conflict_and_loses_nothing(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    start = _article(client)
    first = _with_short_answer(start["data"], "Eerste redacteur: ja, de leerling krijgt een vergoeding.")
    second = _with_short_answer(start["data"], "Tweede redacteur: ja, er is een leervergoeding.")
    assert client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                      json={"data": first, "versie": start["versie"], "publiceren": True}).status_code == 200
    conflict = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                          json={"data": second, "versie": start["versie"], "publiceren": True})
    assert conflict.status_code == 409
    body = conflict.json()
    assert "intussen opgeslagen" in body["detail"]
    assert body["huidige_versie"] == start["versie"] + 1
    assert body["huidig"]["body"].startswith("Eerste redacteur")
    retry = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                       json={"data": second, "versie": body["huidige_versie"], "publiceren": True})
    assert retry.status_code == 200


def test_history_shows_who_and_what_and_restores_in_one_call(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    start = _article(client)
    original_answer = start["data"]["body"].split("\n\n")[0]
    client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
               json={"data": _with_short_answer(start["data"], "Een foute aanpassing die we terugdraaien."),
                     "versie": start["versie"], "publiceren": True})
    history = client.get(f"/api/redactie/artikels/{ARTICLE}/revisies").json()
    newest, seeded = history[0], history[-1]
    assert newest["auteur"] == REDACTEUR and newest["gewijzigde_velden"] == ["body"]
    diff = client.get(f"/api/redactie/artikels/{ARTICLE}/revisies/{newest['id']}/verschil").json()["verschil"]
    assert "+Een foute aanpassing" in diff and f"-{original_answer}" in diff
    restored = client.post(f"/api/redactie/artikels/{ARTICLE}/revisies/{seeded['id']}/herstel", headers=headers)
    assert restored.status_code == 200
    assert client.app.state.kennisbank.content.articles[ARTICLE].short_answer == original_answer


def test_soft_deleted_article_is_no_longer_served_and_can_be_restored(redactie_app):
    client = redactie_app()
    headers = api_login(client, BEHEERDER)
    start = _article(client)
    deleted = client.delete(f"/api/redactie/artikels/{ARTICLE}?versie={start['versie']}", headers=headers)
    assert deleted.json()["status"] == "verwijderd"
    assert ARTICLE not in client.app.state.kennisbank.content.articles
    assert ARTICLE not in [i["id"] for i in client.get("/api/redactie/artikels").json()]
    history = client.get(f"/api/redactie/artikels/{ARTICLE}/revisies").json()
    client.post(f"/api/redactie/artikels/{ARTICLE}/revisies/{history[-1]['id']}/herstel", headers=headers)
    assert ARTICLE in client.app.state.kennisbank.content.articles


def test_expired_article_stops_being_served_and_is_flagged(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    start = _article(client)
    expired = {**start["data"], "valid_from": "2024-09-01", "valid_until": "2025-08-31"}
    client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
               json={"data": expired, "versie": start["versie"], "publiceren": True})
    flagged = client.get("/api/redactie/artikels?verlopen=true").json()
    assert [item["id"] for item in flagged] == [ARTICLE] and "verlopen" in flagged[0]["waarschuwingen"]
    result = client.app.state.kennisbank.search(QUESTION)
    assert ARTICLE not in [hit.article_id for hit in result.hits]


def test_new_article_and_partner_are_created(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    article = {**_article(client)["data"], "id": "nieuw-testartikel", "title": "Een nieuw artikel voor de test"}
    made = client.post("/api/redactie/artikels", headers=headers, json={"data": article, "publiceren": False})
    assert made.status_code == 201 and made.json()["status"] == "concept"
    again = client.post("/api/redactie/artikels", headers=headers, json={"data": article, "publiceren": False})
    assert again.status_code == 422 and "bestaat al" in again.json()["fouten"][0]["fout"]
    partner = client.get("/api/redactie/partners/vpdl").json()
    assert partner["data"]["email"] is None  # no source gives one: it stays empty
    copy = {**partner["data"], "id": "vpdl-kopie"}
    assert client.post("/api/redactie/partners", headers=headers, json={"data": copy, "publiceren": True}).status_code == 201
    assert "vpdl-kopie" in client.app.state.kennisbank.content.partners


def test_question_tester_shows_scores_and_threshold(redactie_app):
    client = redactie_app()
    api_login(client, REDACTEUR)
    body = client.get("/api/redactie/test", params={"vraag": QUESTION, "doelgroep": "ouder"}).json()
    assert body["beantwoord"] is True
    assert body["resultaten"][0]["id"] == ARTICLE and body["resultaten"][0]["boven_drempel"] is True
    assert body["drempel"] == client.app.state.kennisbank.thresholds["hybrid"]
    off_topic = client.get("/api/redactie/test", params={"vraag": "wie wint de ronde van vlaanderen?"}).json()
    assert off_topic["beantwoord"] is False


def test_dashboard_groups_what_the_chat_could_not_answer(redactie_app):
    client = redactie_app()
    for number, question in enumerate(["wa voor weer wordt het morgen in gent?",
                                       "wat is het weer morgen in Gent",
                                       "hoeveel kost een busabonnement van de lijn?"]):
        client.post("/api/chat", json={"session_id": f"dashboard-{number:04d}", "message": question})
    client.post("/api/chat", json={"session_id": "dashboard-9999", "message": QUESTION})
    api_login(client, REDACTEUR)
    board = client.get("/api/redactie/dashboard").json()
    assert board["totals"]["asked"] == 4 and board["totals"]["answered"] == 1
    weather = next(group for group in board["groups"] if "weer" in group["representative"])
    assert weather["count"] == 2 and len(weather["examples"]) == 2
    assert board["daily"][-1]["asked"] == 4


def test_numbers_beyond_the_database_get_404_or_409_not_500(redactie_app):
    """Version and revision numbers larger than any database integer cannot exist (they overflowed into a 500)."""
    client = redactie_app()
    headers = api_login(client, BEHEERDER)
    start = _article(client)
    huge = 2**64
    restored = client.post(f"/api/redactie/artikels/{ARTICLE}/revisies/{huge}/herstel", headers=headers)
    assert restored.status_code == 404 and "bestaat niet" in restored.json()["detail"]
    deleted = client.delete(f"/api/redactie/artikels/{ARTICLE}?versie={huge}", headers=headers)
    assert deleted.status_code == 409 and deleted.json()["huidige_versie"] == start["versie"]
    saved = client.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                       json={"data": start["data"], "versie": huge, "publiceren": True})
    assert saved.status_code == 409 and saved.json()["huidige_versie"] == start["versie"]
    assert _article(client)["versie"] == start["versie"]


def test_text_with_a_lone_surrogate_is_refused_and_never_goes_live(redactie_app):
    """JSON's "\\ud83d" escape decodes to text that no response or embedding model can encode: stored, it broke
    reading the article and every later refresh of the live index."""
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    start = _article(client)
    questions = start["data"]["example_questions"]
    raw = json.dumps({"data": {**start["data"], "example_questions": [*questions, "krijg ik \ud83d loon?"]},
                      "versie": start["versie"], "publiceren": True})
    response = client.put(f"/api/redactie/artikels/{ARTICLE}", content=raw,
                          headers={**headers, "content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["fouten"] == [{"veld": f"example_questions.{len(questions)}",
                                          "fout": "deze tekst bevat een ongeldig teken"}]
    assert _article(client)["versie"] == start["versie"]
    assert client.app.state.kennisbank.content.articles[ARTICLE].example_questions == questions


def test_new_password_with_a_lone_surrogate_gets_dutch_422_not_500(redactie_app):
    client = redactie_app()
    headers = api_login(client, BEHEERDER)
    raw = '{"gebruikersnaam": "nina", "wachtwoord": "nog-een-lang-wachtwoord\\udc80", "rol": "redacteur"}'
    response = client.post("/api/redactie/gebruikers", content=raw, headers={**headers, "content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["fouten"] == [{"veld": "wachtwoord", "fout": "Deze tekst bevat een ongeldig teken."}]



def test_logging_out_ends_the_session_on_the_server(redactie_app):
    client = redactie_app()
    headers = api_login(client, REDACTEUR)
    token = client.cookies.get("dla_redactie")
    assert client.post("/api/redactie/afmelden", headers=headers).status_code == 200
    client.cookies.set("dla_redactie", token)  # an old cookie that someone kept
    assert client.get("/api/redactie/ik").status_code == 401
