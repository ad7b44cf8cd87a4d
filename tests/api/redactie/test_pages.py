"""The redactie's HTML pages: login and roles, CSRF, editing with inline errors, conflicts, history, going live,
the "nieuw?vraag=" prefill, the question tester, the dashboard and user management."""

import re
from urllib.parse import quote

import pytest

from tests.api.conftest import rasa_down
from tests.api.redactie.conftest import add_editors, logged_in, page_csrf, page_login, second_browser
from tests.api.redactie.html_forms import as_data, form_fields, replace, value, without

ARTICLE = "word-je-betaald-in-duaal-leren"
EDIT = f"/redactie/artikels/{ARTICLE}"
QUESTION = "wordt mijne zoon betaald as hij duaal leert?"


@pytest.fixture
def client(client_with):
    """The real app (shared Kennisbank: these tests never publish), Rasa down, editors bea and rik."""
    return add_editors(client_with(rasa_down))


def edit_form(client, path: str = EDIT) -> list[tuple[str, str]]:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return form_fields(page.text, path)


def with_short_answer(fields, text: str) -> list[tuple[str, str]]:
    body = value(fields, "body").replace("\r\n", "\n")
    return replace(fields, "body", f"{text}\n\n{body.split(chr(10) * 2, 1)[1]}")


def version_of(client, kind: str = "artikel", slug: str = ARTICLE) -> int:
    return client.app.state.repository.get(kind, slug).version


# --- logging in and roles ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/redactie/", "/redactie/artikels", EDIT, "/redactie/partners/vpdl/geschiedenis",
                                  "/redactie/dashboard", "/redactie/test?vraag=wa%20is%20da", "/redactie/gebruikers"])
def test_pages_show_the_login_form_without_login(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/html")
    assert "Meld je aan om de redactie te gebruiken." in response.text
    assert 'action="/redactie/aanmelden"' in response.text
    assert f'name="volgende" value="{path.replace("&", "&amp;")}"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_login_goes_to_the_page_you_wanted_but_never_elsewhere(client):
    response = page_login(client, "rik", volgende="/redactie/artikels?zoek=vergoeding")
    assert response.status_code == 303 and response.headers["location"] == "/redactie/artikels?zoek=vergoeding"
    for elsewhere in ("https://example.org/redactie/", "//example.org/redactie/", "/api/redactie/ik", "/\\evil"):
        assert page_login(client, "rik", volgende=elsewhere).headers["location"] == "/redactie/"
    assert "Aangemeld als" in client.get("/redactie/").text


def test_wrong_password_fails_with_a_dutch_message(client):
    response = page_login(client, "rik", password="fout-wachtwoord")
    assert response.status_code == 401
    assert "Je gebruikersnaam of wachtwoord klopt niet." in response.text
    assert 'value="rik"' in response.text  # the user name stays filled in
    assert "dla_redactie" not in response.cookies
    assert client.get("/redactie/").status_code == 401


@pytest.mark.parametrize("token", [None, "verkeerd"])
def test_login_form_without_the_right_token_is_refused(client, token):
    client.get("/redactie/aanmelden")  # sets the login cookie; the form field must match it
    data = {"gebruikersnaam": "rik", "wachtwoord": "een-lang-wachtwoord-2025"}
    if token:
        data["csrf_token"] = token
    response = client.post("/redactie/aanmelden", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "beveiligingscode" in response.text
    assert "dla_redactie" not in response.cookies


def test_log_out_ends_the_session(client):
    logged_in(client, "rik")
    token = page_csrf(client.get("/redactie/").text)
    response = client.post("/redactie/afmelden", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/redactie/aanmelden?afgemeld=1"
    assert client.get("/redactie/").status_code == 401


def test_edit_without_csrf_token_is_refused_and_changes_nothing(client):
    logged_in(client, "rik")
    fields = with_short_answer(edit_form(client), "Ja, dit probeert een andere site stiekem te veranderen.")
    before = version_of(client)
    response = client.post(EDIT, data=as_data(without(fields, "csrf_token") + [("actie", "publiceren")]))
    assert response.status_code == 403
    assert "beveiligingscode van dit formulier" in response.text
    assert version_of(client) == before


def test_redacteur_may_not_manage_users_or_delete(client):
    logged_in(client, "rik")
    assert client.get("/redactie/gebruikers").status_code == 403
    assert "Gebruikers" not in re.search(r'<nav.*?</nav>', client.get("/redactie/").text, re.S).group(0)
    page = client.get(EDIT).text
    assert "/verwijderen" not in page
    response = client.post(f"{EDIT}/verwijderen", data={"csrf_token": page_csrf(page), "versie": version_of(client)})
    assert response.status_code == 403 and "Dit mag enkel een beheerder." in response.text
    assert client.app.state.repository.get("artikel", ARTICLE).status == "gepubliceerd"


# --- editing ---------------------------------------------------------------------------------------

def test_edit_form_offers_every_field(client):
    logged_in(client, "rik")
    names = {name for name, _ in edit_form(client)}
    assert {"csrf_token", "versie", "id", "title", "audiences", "topic", "body", "example_questions", "valid_from",
            "valid_until", "last_reviewed", "sources.0.document", "sources.0.reference", "sources.0.url",
            "sources.0.date"} <= names
    partner = {name for name, _ in edit_form(client, "/redactie/partners/vpdl")}
    assert {"name", "short_name", "kind", "role", "audiences", "contact_for", "sectors", "website", "email", "phone",
            "where_to_find", "in_contact_route", "sources.0.document"} <= partner


def test_invalid_edit_shows_dutch_inline_errors_and_keeps_the_input(client):
    logged_in(client, "rik")
    fields = edit_form(client)
    before = version_of(client)
    broken = replace(replace(fields, "title", ""), "sources.0.url", "geen-url want typfout")
    broken = with_short_answer(broken, "Ja, je krijgt een leervergoeding: dit mag niet verloren gaan.")
    response = client.post(EDIT, data=as_data(broken + [("actie", "publiceren")]))
    assert response.status_code == 422
    page = response.text
    assert 'class="error-summary" role="alert"' in page
    assert '<a href="#veld-title">Titel: Deze tekst is te kort.</a>' in page
    assert '<a href="#veld-sources-0-url">Bron 1: Link: Dit is geen geldige URL.</a>' in page
    assert re.search(r'<input type="text" id="veld-title" name="title" aria-invalid="true" '
                     r'aria-describedby="uitleg-veld-title fout-veld-title"', page)
    assert 'id="fout-veld-sources-0-url"' in page and 'value="geen-url want typfout"' in page
    assert "Ja, je krijgt een leervergoeding: dit mag niet verloren gaan." in page
    assert version_of(client) == before
    assert client.app.state.kennisbank.content.articles[ARTICLE].title != ""


def test_model_level_error_lands_on_its_field(client):
    logged_in(client, "rik")
    fields = replace(replace(edit_form(client), "valid_from", "2025-09-01"), "valid_until", "2025-01-31")
    page = client.post(EDIT, data=as_data(fields + [("actie", "concept")])).text
    assert "Geldig tot: &#39;Geldig tot&#39; ligt vóór &#39;Geldig vanaf&#39;." in page


def test_preview_renders_markdown_without_raw_html(client):
    logged_in(client, "rik")
    fields = with_short_answer(edit_form(client), "Ja, **altijd** <script>alert('x')</script> betaald.")
    before = version_of(client)
    response = client.post(EDIT, data=as_data(fields + [("actie", "voorbeeld")]))
    assert response.status_code == 200
    assert "Voorbeeld (nog niet opgeslagen)" in response.text
    assert "<strong>altijd</strong>" in response.text
    assert "<script>" not in response.text
    assert version_of(client) == before


def test_draft_is_saved_with_a_confirmation_and_not_live(client):
    logged_in(client, "rik")
    fields = with_short_answer(edit_form(client), "Concept: de leervergoeding verandert misschien in 2026.")
    response = client.post(EDIT, data=as_data(fields + [("actie", "concept")]), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{EDIT}?opgeslagen=concept"
    page = client.get(response.headers["location"]).text
    assert "Concept opgeslagen: nog niet zichtbaar in de chat." in page
    assert "Concept: de leervergoeding" in page
    assert "Concept:" not in client.app.state.kennisbank.content.articles[ARTICLE].short_answer


def test_publish_from_the_form_changes_the_live_answer(redactie_app):
    client = logged_in(redactie_app(), "rik")
    new_text = "Ja. Als duale leerling krijg je een leervergoeding van de onderneming (nagekeken door de redactie)."
    fields = with_short_answer(edit_form(client), new_text)
    response = client.post(EDIT, data=as_data(fields + [("actie", "publiceren")]), follow_redirects=False)
    assert response.status_code == 303
    assert "Gepubliceerd: de chat gebruikt dit binnen enkele seconden." in client.get(response.headers["location"]).text
    best = client.app.state.kennisbank.search(QUESTION).best
    assert best.article_id == ARTICLE and best.short_answer == new_text
    chat = client.post("/api/chat", json={"session_id": "pagina-test-0001", "message": QUESTION}).json()
    assert chat["messages"][0]["text"].startswith(new_text)


def test_second_editor_gets_the_conflict_page_and_keeps_their_text(client):
    rik = logged_in(client, "rik")
    bea = second_browser(client, "bea")
    rik_fields, bea_fields = edit_form(rik), edit_form(bea)
    start = int(value(rik_fields, "versie"))
    first = with_short_answer(rik_fields, "Rik: ja, een duale leerling krijgt een leervergoeding.")
    assert rik.post(EDIT, data=as_data(first + [("actie", "concept")]), follow_redirects=False).status_code == 303

    mine = "Bea: ja, je krijgt een vergoeding van de onderneming waar je leert."
    conflict = bea.post(EDIT, data=as_data(with_short_answer(bea_fields, mine) + [("actie", "concept")]))
    assert conflict.status_code == 409
    page = conflict.text
    assert "rik heeft dit intussen opgeslagen (versie" in page
    assert mine in form_fields(page, EDIT)[[k for k, _ in form_fields(page, EDIT)].index("body")][1]
    assert value(form_fields(page, EDIT), "versie") == str(start + 1)
    assert "-Rik: ja, een duale leerling" in page and "+Bea: ja, je krijgt" in page

    retry = bea.post(EDIT, data=as_data(form_fields(page, EDIT) + [("actie", "concept")]), follow_redirects=False)
    assert retry.status_code == 303
    assert client.app.state.repository.get("artikel", ARTICLE).data["body"].startswith("Bea:")


def test_history_shows_changes_and_restores_a_version(redactie_app):
    client = logged_in(redactie_app(), "rik")
    original = client.app.state.kennisbank.content.articles[ARTICLE].short_answer
    fields = with_short_answer(edit_form(client), "Een foute aanpassing die we straks terugdraaien.")
    client.post(EDIT, data=as_data(fields + [("actie", "publiceren")]))
    page = client.get(f"{EDIT}/geschiedenis")
    assert page.status_code == 200
    assert "Door <strong>rik</strong>" in page.text and "Gewijzigd: body." in page.text
    assert "+Een foute aanpassing die we straks terugdraaien." in page.text
    restore_urls = re.findall(r'action="(/redactie/artikels/[^"]+/geschiedenis/\d+/herstel)"', page.text)
    assert len(restore_urls) == 1  # the newest version is the live one: only the older one can be restored
    response = client.post(restore_urls[0], data={"csrf_token": page_csrf(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"{EDIT}?opgeslagen=hersteld"
    assert client.app.state.kennisbank.content.articles[ARTICLE].short_answer == original
    assert "hersteld" in client.get(f"{EDIT}/geschiedenis").text


def test_beheerder_deletes_with_the_version_and_the_list_says_how_to_undo(redactie_app):
    client = logged_in(redactie_app(), "bea")
    page = client.get(EDIT).text
    delete = form_fields(page, f"{EDIT}/verwijderen")
    response = client.post(f"{EDIT}/verwijderen", data=as_data(delete), follow_redirects=False)
    assert response.status_code == 303
    listing = client.get(response.headers["location"]).text
    assert f"'{ARTICLE}' is verwijderd" in listing and f"{EDIT}/geschiedenis" in listing
    assert ARTICLE not in client.app.state.kennisbank.content.articles


# --- lists, new items, tester, dashboard, users ------------------------------------------------------

def test_article_list_filters_and_shows_who_changed_what(client):
    logged_in(client, "rik")
    page = client.get("/redactie/artikels", params={"zoek": "betaald", "doelgroep": "ouder"}).text
    assert f'href="{EDIT}"' in page and f"{EDIT}/geschiedenis" in page
    assert "Word je betaald" in page and "systeem" in page
    assert "/redactie/artikels/wat-is-duaal-leren" not in page
    partners = client.get("/redactie/partners", params={"zoek": "vpdl"}).text
    assert "Vlaams Partnerschap Duaal Leren" in partners and 'name="onderwerp"' not in partners


def test_new_article_is_prefilled_from_the_dashboard_questions_and_created(client):
    logged_in(client, "rik")
    questions = ["Hoeveel kost een busabonnement naar mijn werkplek?", "moet ik de bus zelf betalen als duale leerling"]
    page = client.get("/redactie/artikels/nieuw?" + "&".join(f"vraag={quote(q)}" for q in questions))
    assert page.status_code == 200
    fields = form_fields(page.text, "/redactie/artikels/nieuw")
    assert value(fields, "example_questions") == "\n".join(questions)
    assert "versie" not in dict(fields)
    filled = replace(replace(replace(replace(replace(fields,
        "id", "busabonnement-naar-de-werkplek"), "title", "Wie betaalt de bus naar de werkplek?"), "topic", "vergoeding"),
        "example_questions", "\n".join([*questions, "krijg ik mijn treinticket terug?"])),
        "body", "Dat hangt af van je overeenkomst. Vraag het na bij je onderneming of je trajectbegeleider.")
    filled = replace(replace(filled, "sources.0.document", "Actieplan Duaal Leren 2025"), "sources.0.reference", "Actie 7")
    filled += [("audiences", "leerling"), ("actie", "concept")]
    response = client.post("/redactie/artikels/nieuw", data=as_data(filled), follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/redactie/artikels/busabonnement-naar-de-werkplek?opgeslagen=concept"
    item = client.app.state.repository.get("artikel", "busabonnement-naar-de-werkplek")
    assert item.status == "concept" and item.data["sources"] == [
        {"document": "Actieplan Duaal Leren 2025", "reference": "Actie 7", "url": None, "date": None}]
    again = client.post("/redactie/artikels/nieuw", data=as_data(filled))
    assert again.status_code == 422 and "Er bestaat al een item met deze id." in again.text


def test_question_tester_shows_scores_and_the_threshold(client):
    logged_in(client, "rik")
    page = client.get("/redactie/test", params={"vraag": QUESTION, "doelgroep": "ouder"}).text
    assert "De chat zou antwoorden met" in page
    assert f'href="/redactie/artikels/{ARTICLE}"' in page
    threshold = client.app.state.kennisbank.thresholds["hybrid"]
    assert f"Drempel: <strong>{threshold:.3f}</strong>" in page
    assert '<line x1="' in page  # the threshold marker
    off_topic = client.get("/redactie/test", params={"vraag": "wie wint de ronde van vlaanderen?"}).text
    assert "De chat zou antwoorden met" not in off_topic


def test_dashboard_groups_unanswered_questions_with_a_new_article_link(client):
    asked = ["Hoeveel kost een abonnement op de bus naar de werkplek?",
             "hoeveel kost een abonnement op de bus naar de werkplek?", QUESTION]
    for number, question in enumerate(asked):
        assert client.post("/api/chat", json={"session_id": f"dashboard-{number:04d}", "message": question}).json()["degraded"]
    client.post("/api/feedback", json={"session_id": "dashboard-0002", "message_id": "x", "rating": "down",
                                       "comment": "te vaag"})
    logged_in(client, "rik")
    page = client.get("/redactie/dashboard", params={"dagen": 7}).text
    assert "Wat vragen mensen?" in page
    assert re.search(r"Vragen over duaal leren</dt><dd>3</dd>", page)
    group = re.search(r'<li class="group">(.*?)</li>\s*</ol>', page, re.S).group(1)
    assert "2 keer gevraagd" in group and "abonnement op de bus" in group
    link = re.search(r'href="(/redactie/artikels/nieuw\?vraag=[^"]+)"', group).group(1).replace("&amp;", "&")
    assert value(form_fields(client.get(link).text, "/redactie/artikels/nieuw"), "example_questions").startswith("Hoeveel kost")
    assert page.count('role="img"') == 2 and "Toon de cijfers als tabel" in page


def test_beheerder_creates_and_deactivates_a_user(client):
    logged_in(client, "bea")
    page = client.get("/redactie/gebruikers").text
    token = page_csrf(page)
    short = client.post("/redactie/gebruikers", data={"csrf_token": token, "gebruikersnaam": "nina", "wachtwoord": "kort",
                                                      "rol": "redacteur"})
    assert short.status_code == 422 and "minstens 12 tekens" in short.text and 'value="nina"' in short.text
    made = client.post("/redactie/gebruikers", data={"csrf_token": token, "gebruikersnaam": "nina",
                                                     "wachtwoord": "nog-een-lang-wachtwoord", "rol": "redacteur"})
    assert "Gebruiker &#39;nina&#39; is aangemaakt." in made.text
    nina = next(u for u in client.app.state.accounts.list_users() if u.username == "nina")
    client.post(f"/redactie/gebruikers/{nina.id}/actief", data={"csrf_token": token, "actief": "0"})
    assert client.app.state.accounts.authenticate("nina", "nog-een-lang-wachtwoord") is None
