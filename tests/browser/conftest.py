"""Browser tests of the chat widget: the real app (uvicorn, in a thread) behind a fake Rasa, driven by headless Chromium.

Needs Debian's ``chromium`` at /usr/bin/chromium (``apt-get install chromium``), Playwright for Python
(the ``test`` extra) and ``npm`` for axe-core (installed here from package-lock.json when missing).
"""

import json
import shutil
import subprocess
import threading
from contextlib import contextmanager
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import uvicorn

from api.main import create_app
from api.settings import Settings
from scripts.services import free_port

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

GREETING = [{
    "text": "Hallo! Ik ben de digitale assistent van Duaal Leren. Wie ben jij?",
    "buttons": [
        {"title": "Ik ben ouder", "payload": '/doelgroep_kiezen{"doelgroep": "ouder"}'},
        {"title": "Ik ben leerling", "payload": '/doelgroep_kiezen{"doelgroep": "leerling"}'},
        {"title": "Ik ben een onderneming", "payload": '/doelgroep_kiezen{"doelgroep": "onderneming"}'},
    ],
}]

ANSWER = [
    {"text": "**Duaal leren** is leren op school én op de werkplek.\nJe bent minstens 2 dagen per week in een onderneming."
             "\n\nMeer uitleg vind je op vlaanderen.be/duaal-leren.\n\nBron: Actieplan Duaal Leren 2025, 1.1",
     "buttons": [{"title": "Krijg ik een diploma?", "payload": "/vraag_diploma"}]},
    {"custom": {"article_id": "wat-is-duaal-leren",
                "sources": [{"title": "Actieplan Duaal Leren 2025", "reference": "1.1",
                             "url": "https://www.vlaanderen.be/duaal-leren"}]}},
]

DIPLOMA = [
    {"text": "Ja. Met duaal leren haal je hetzelfde diploma als in het voltijds onderwijs.\n\nBron: Decreet duaal leren, art. 3"},
    {"custom": {"article_id": "krijg-je-een-diploma-met-duaal-leren",
                "sources": [{"title": "Decreet duaal leren", "reference": "art. 3"}]}},
]

EVIL = [{"text": "Kijk: <img src=x onerror=alert(1)> en <script>alert(2)</script> **vet** "
                 "javascript:alert(3) https://example.org/pad?a=1. Mail naar info@syntra.be."}]


class FakeRasa:
    """Answers Rasa's REST channel with canned Dutch messages and remembers what it was sent."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self._reply(200, {"version": "fake"})

            def do_POST(self):
                if self.path != "/webhooks/rest/webhook":
                    self._reply(404, {})
                    return
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                fake.received.append(body)
                self._reply(200, [{"recipient_id": body.get("sender"), **item} for item in fake.answer(body.get("message", ""))])

            def _reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    @staticmethod
    def answer(message: str) -> list[dict]:
        text = message.strip().lower()
        if text == "hallo":
            return GREETING
        if text.startswith("/doelgroep_kiezen"):
            return [{"text": "Fijn, ik hou er rekening mee dat je ouder bent. Wat wil je weten?"}]
        if text == "/vraag_diploma":
            return DIPLOMA
        if "xss" in text:
            return EVIL
        return ANSWER

    def messages_from(self, session_id: str) -> list[str]:
        return [body["message"] for body in self.received if body.get("sender") == session_id]


@pytest.fixture(scope="session")
def fake_rasa():
    rasa = FakeRasa()
    thread = threading.Thread(target=rasa.server.serve_forever, daemon=True)
    thread.start()
    yield rasa
    rasa.server.shutdown()
    rasa.server.server_close()


@pytest.fixture(scope="session")
def base_url(kb, fake_rasa, tmp_path_factory):
    """The real app on a free port, with the real kennisbank, the fake Rasa and a throw-away database.

    Every browser shares 127.0.0.1, so the per-client rate limit is raised for the test run.
    """
    databases = tmp_path_factory.mktemp("browser-db")
    settings = Settings(_env_file=None, rasa_url=fake_rasa.url, environment="test",
                        database_url=f"sqlite:///{databases / 'app.db'}",
                        rasa_tracker_url=f"sqlite:///{databases / 'rasa-tracker.db'}", rate_limit_client="1000/minute")
    with serving(create_app(settings, kennisbank=kb)) as url:
        yield url


@contextmanager
def serving(app):
    """Run ``app`` with uvicorn in a thread on a free loopback port; yields its URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the app did not start for the browser tests")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def axe_js() -> Path:
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if not npm:
            pytest.fail("npm is needed to install axe-core for the accessibility audit (tests/browser/package.json)")
        subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund", "--loglevel=error"], check=True)
    return AXE_JS


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests; stopped after them, since Playwright's sync API keeps an event loop
    running in the main thread until it stops (asyncio tests after it would fail)."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class PageProblems:
    """Collects JavaScript errors, CSP violations and dialogs (alert) of one page."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.csp: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp.append(message.text)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_none(self) -> None:
        assert self.errors == [], self.errors
        assert self.csp == [], self.csp
        assert self.dialogs == [], self.dialogs


@pytest.fixture
def open_page(browser, base_url):
    """``open_page(width, height)`` gives a fresh page (own sessionStorage) on the demo page, and its problems."""
    contexts = []

    def make(width: int = 1280, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems = PageProblems(page)
        page.goto(base_url + "/")
        page.wait_for_selector(".dla-launcher", state="visible")
        return page, problems

    yield make
    for context in contexts:
        context.close()
