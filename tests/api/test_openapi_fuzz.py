"""Fuzz every operation of the app's OpenAPI schema with schemathesis: no request may get a server error (5xx).

The real app runs in-process (a TestClient, no network) with the real Kennisbank and a fake Rasa. Three runs,
one test per operation each:

- the public API (chat, search, feedback, sessions, health); the fake Rasa answers or is down depending on
  the message, so the degraded path (a real kennisbank search on the fuzzed text) is fuzzed too
- the redactie JSON API without logging in: every call except logging in is refused (401, or 4xx for a
  request that never reaches the route: no JSON, too big, unknown path)
- the redactie JSON API as a logged-in beheerder (session cookie and X-CSRF-Token on every request), on an app
  with its own Kennisbank because publishing reloads it; half of the requests about one item are pointed at a
  real item (its revisions, current version and data), so they get past "bestaat niet", the version check
  and the content validation, and really save, publish, delete and restore

Schemathesis generates valid and invalid requests from the schema (``derandomize``: the same ones on every
run); ``call`` sends them through the TestClient and ``case.validate_response`` checks them. A failure shows
the request as a curl command, and the server's traceback when the app raised.
"""

import json

import httpx
import pytest
import requests
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from api.main import create_app
from api.rasa_client import RasaClient
from api.redactie import security
from api.settings import Settings
from kennisbank.engine import Kennisbank
from tests.api.conftest import rasa_down, rasa_reply
from tests.api.redactie.conftest import add_editors, api_login

REDACTIE = "/api/redactie"
LOGIN = f"{REDACTIE}/aanmelden"
# Limits high enough that a 429 never hides what a request would have done.
UNLIMITED = {"rate_limit_client": "100000/minute", "rate_limit_session": "100000/minute",
             "login_failures_per_user": "100000/minute", "login_failures_per_client": "100000/minute"}
FUZZ = hypothesis_settings(max_examples=12, deadline=None, derandomize=True, database=None, print_blob=False,
                           suppress_health_check=list(HealthCheck))

# The schema does not depend on the settings: this app is only built, never started.
SCHEMA = schemathesis.openapi.from_dict(create_app(Settings(_env_file=None)).openapi())
public = SCHEMA.exclude(path_regex=f"^{REDACTIE}/")
redactie = SCHEMA.include(path_regex=f"^{REDACTIE}/")


def rasa_sometimes_down(request: httpx.Request) -> httpx.Response:
    """Rasa answers messages of even length and is down for odd ones (deterministic, both paths fuzzed)."""
    if request.method != "POST":  # the health check
        return httpx.Response(200)
    message = json.loads(request.content)["message"]
    return rasa_reply(request) if len(message) % 2 == 0 else rasa_down(request)


def call(client: TestClient, case, headers: dict[str, str] | None = None) -> httpx.Response:
    """Send ``case`` through ``client`` (the app in-process); the request is shown when the app raises."""
    base_url = str(client.base_url)
    prepared = requests.Request(**case.as_transport_kwargs(base_url=base_url, headers=headers)).prepare()
    client.cookies.clear()  # only what the case (and ``headers``) carry: every request stands on its own
    try:
        return client.request(prepared.method, prepared.url, headers=dict(prepared.headers), content=prepared.body)
    except Exception as error:
        error.add_note(f"Request:\n    {case.as_curl_command(headers=headers, base_url=base_url)}")
        raise


@pytest.fixture(autouse=True)
def no_delay_after_failed_login(monkeypatch):
    """A failed login waits half a second (against guessing); fuzzing tries many."""
    monkeypatch.setattr(security, "FAILED_LOGIN_DELAY_SECONDS", 0)


@pytest.fixture(scope="module")
def start_app(kb, settings, tmp_path_factory):
    """``start_app(rasa, own_kennisbank=False)`` -> a TestClient on a started app with editors bea and rik.

    One app per run (module scope): starting one takes seconds, a fuzzed request milliseconds.
    """
    clients: list[TestClient] = []

    def start(rasa, own_kennisbank: bool = False) -> TestClient:
        folder = tmp_path_factory.mktemp("fuzz")
        app_settings = Settings(_env_file=None, database_url=f"sqlite:///{folder}/app.db",
                                rasa_tracker_url=f"sqlite:///{folder}/rasa.db", **UNLIMITED)
        kennisbank = Kennisbank(kb.embedder, kb.content, settings.index_dir) if own_kennisbank else kb
        client = TestClient(create_app(app_settings, kennisbank=kennisbank))
        client.__enter__()
        clients.append(client)
        client.app.state.rasa = RasaClient("http://127.0.0.1:5005", 3.0, transport=httpx.MockTransport(rasa))
        return add_editors(client)

    yield start
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def public_client(start_app) -> TestClient:
    return start_app(rasa_sometimes_down)


@pytest.fixture(scope="module")
def anonymous_client(start_app) -> TestClient:
    return start_app(rasa_down)


class Beheerder:
    """A logged-in beheerder: the session cookie and CSRF header that go with every request."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.log_in()

    def log_in(self) -> None:
        self.client.cookies.clear()
        csrf = api_login(self.client, "bea")
        self.headers = {**csrf, "Cookie": f"{security.SESSION_COOKIE}={self.client.cookies[security.SESSION_COOKIE]}"}

    def point_at_real_item(self, case, pick: int) -> None:
        """Aim a case about one item at the ``pick``-th real one: its revisions, its current version and its data
        with the generated fields laid over it (an empty ``data`` saves the item as it is)."""
        kind = {"artikels": "artikel", "partners": "partner"}.get(case.path_parameters.get("soort"))
        if kind is None or "item_id" not in case.path_parameters:
            return
        repository = self.client.app.state.repository
        items = repository.list_items(kind, include_deleted=True)
        item = items[pick % len(items)]
        case.path_parameters = {**case.path_parameters, "item_id": item.slug}
        if "revision_id" in case.path_parameters:
            revisions = repository.revisions(kind, item.slug)
            case.path_parameters["revision_id"] = revisions[pick % len(revisions)].id
        if isinstance(case.query, dict) and "versie" in case.query:
            case.query = {**case.query, "versie": item.version}
        if isinstance(case.body, dict) and isinstance(case.body.get("data"), dict):
            case.body = {**case.body, "data": {**item.data, **case.body["data"]}, "versie": item.version}


@pytest.fixture(scope="module")
def beheerder(start_app) -> Beheerder:
    """Its own Kennisbank and database: publishing reloads the Kennisbank."""
    return Beheerder(start_app(rasa_down, own_kennisbank=True))


@public.parametrize()
@FUZZ
def test_public_api_never_fails(case, public_client):
    case.validate_response(call(public_client, case), checks=[not_a_server_error])


@redactie.parametrize()
@FUZZ
def test_redactie_api_without_login_is_refused(case, anonymous_client):
    response = call(anonymous_client, case)
    case.validate_response(response, checks=[not_a_server_error])
    if case.path != LOGIN:
        assert response.status_code in (400, 401, 404, 405, 413, 422), (response.status_code, response.text)


@redactie.parametrize()
@redactie.given(pick=st.none() | st.integers(min_value=0, max_value=1000))
@FUZZ
def test_redactie_api_as_beheerder_never_fails(case, pick, beheerder):
    if pick is not None:
        beheerder.point_at_real_item(case, pick)
    response = call(beheerder.client, case, headers=beheerder.headers)
    case.validate_response(response, checks=[not_a_server_error])
    if case.path == f"{REDACTIE}/afmelden" and response.status_code == 200:
        beheerder.log_in()  # logging out is fuzzed too; the next request needs a session again
