"""The redactie in a real headless Chromium: log in, edit and publish an article, see the chat answer with the
new text, and an axe-core audit of the login page, the article list, the edit form with an error and the
dashboard. Its own app (own Kennisbank, own database) with Rasa down, so the chat answers from the kennisbank.
"""

import json
import time
import uuid

import pytest
from playwright.sync_api import expect

from api.main import create_app
from api.settings import Settings
from kennisbank.engine import Kennisbank
from scripts.services import free_port
from tests.browser.conftest import serving

PASSWORD = "een-lang-wachtwoord-2025"
ARTICLE = "word-je-betaald-in-duaal-leren"
QUESTION = "wordt mijne zoon betaald as hij duaal leert?"
NEW_ANSWER = "Ja. Als duale leerling krijg je elke maand een leervergoeding van de onderneming waar je leert."
AXE_PATH = "/__test__/axe-redactie.min.js"


@pytest.fixture(scope="module")
def redactie_server(kb, settings, tmp_path_factory):
    """The app on a free port with its own Kennisbank (publishing reloads it) and a Rasa that is down."""
    databases = tmp_path_factory.mktemp("redactie-browser-db")
    app_settings = Settings(_env_file=None, environment="test", rasa_url=f"http://127.0.0.1:{free_port()}",
                            rasa_timeout_seconds=1.0, database_url=f"sqlite:///{databases / 'app.db'}",
                            rasa_tracker_url=f"sqlite:///{databases / 'rasa.db'}", rate_limit_client="1000/minute")
    app = create_app(app_settings, kennisbank=Kennisbank(kb.embedder, kb.content, settings.index_dir))
    with serving(app) as url:
        app.state.accounts.create_user("bea", PASSWORD, "beheerder")
        yield url, app


@pytest.fixture
def redactie_page(browser, redactie_server, axe_js):
    base_url, _ = redactie_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.route(base_url + AXE_PATH, lambda route: route.fulfill(path=str(axe_js), content_type="application/javascript"))
    yield page
    context.close()


def assert_accessible(page, base_url: str) -> None:
    """axe-core over the whole page (injected from the same origin, as the CSP allows): nothing serious."""
    page.add_script_tag(url=base_url + AXE_PATH)
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)[:4000]


def log_in(page, base_url: str, start: str) -> None:
    response = page.goto(base_url + start)
    assert response.status == 401
    page.get_by_label("Gebruikersnaam").fill("bea")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(base_url + start)


def ask_chat(page, base_url: str, question: str) -> str:
    """Ask the chat API from the demo page (same origin), as the widget does; returns the first answer text."""
    page.goto(base_url + "/")
    script = """async ([sessionId, message]) => {
        const response = await fetch('/api/chat', {method: 'POST', headers: {'content-type': 'application/json'},
                                                   body: JSON.stringify({session_id: sessionId, message})});
        return (await response.json()).messages[0].text;
    }"""
    return page.evaluate(script, [uuid.uuid4().hex, question])


def test_edit_publish_and_the_chat_answers_with_the_new_text(redactie_page, redactie_server, artifacts):
    base_url, _ = redactie_server
    page = redactie_page
    assert not ask_chat(page, base_url, QUESTION).startswith(NEW_ANSWER)
    log_in(page, base_url, "/redactie/artikels")
    page.get_by_role("link", name="Word je betaald als je duaal leert?").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewerk:")

    body = page.get_by_label("Tekst (Markdown)")
    detail = body.input_value().split("\n\n", 1)[1]
    body.fill(f"{NEW_ANSWER}\n\n{detail}")
    page.get_by_role("button", name="Voorbeeld").click()
    expect(page.locator(".preview__short")).to_contain_text(NEW_ANSWER)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("status")).to_have_text("Gepubliceerd: de chat gebruikt dit binnen enkele seconden.")
    page.screenshot(path=str(artifacts / "redactie-gepubliceerd.png"), full_page=True)

    deadline = time.monotonic() + 5
    answer = ask_chat(page, base_url, QUESTION)
    while not answer.startswith(NEW_ANSWER) and time.monotonic() < deadline:
        time.sleep(0.25)
        answer = ask_chat(page, base_url, QUESTION)
    assert answer.startswith(NEW_ANSWER), answer


def test_pages_pass_axe_at_desktop_and_small_widths(redactie_page, redactie_server, artifacts):
    base_url, _ = redactie_server
    page = redactie_page
    page.goto(base_url + "/redactie/aanmelden")
    assert_accessible(page, base_url)
    page.screenshot(path=str(artifacts / "redactie-aanmelden.png"))

    log_in(page, base_url, "/redactie/artikels")
    assert_accessible(page, base_url)
    page.screenshot(path=str(artifacts / "redactie-artikels.png"), full_page=True)

    page.goto(f"{base_url}/redactie/artikels/{ARTICLE}")
    page.get_by_label("Titel").fill("")
    page.get_by_label("Link (niet verplicht)").first.fill("geen url")
    page.get_by_role("button", name="Opslaan als concept").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Titel: Deze tekst is te kort.")
    expect(page.get_by_label("Titel")).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Titel: Deze tekst is te kort.").click()
    expect(page.get_by_label("Titel")).to_be_focused()
    assert_accessible(page, base_url)
    page.screenshot(path=str(artifacts / "redactie-fout.png"), full_page=True)

    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.screenshot(path=str(artifacts / "redactie-fout-320px.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    ask_chat(page, base_url, "Hoeveel kost een abonnement op de bus naar de werkplek?")
    page.goto(base_url + "/redactie/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat vragen mensen?")
    expect(page.get_by_role("link", name="Maak een artikel").first).to_be_visible()
    assert_accessible(page, base_url)
    page.screenshot(path=str(artifacts / "redactie-dashboard.png"), full_page=True)
