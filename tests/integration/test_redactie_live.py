"""End to end: an editor publishes a change while people chat; the chat (real Rasa, real action) answers
with the new text within 5 seconds, without a restart and without a failed message."""

import os
import subprocess
import threading
import time

import httpx

from scripts.services import APP_PYTHON, REPO_ROOT

ARTICLE = "krijg-je-een-diploma-met-duaal-leren"
QUESTION = "krijgt mijne zoon een diploma as hij duaal leert?"
PASSWORD = "integratie-wachtwoord-123"


def make_editor(database_url: str, username: str) -> None:
    """The documented way to make an account: the `redactie` command."""
    result = subprocess.run(
        [str(APP_PYTHON), "-m", "api.redactie.cli", "maak-gebruiker", username, "--rol", "redacteur", "--wachtwoord-stdin"],
        input=f"{PASSWORD}\n", text=True, capture_output=True, cwd=REPO_ROOT,
        env={**os.environ, "DLA_DATABASE_URL": database_url}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Gebruiker '{username}' gemaakt" in result.stdout


def answer_text(api: str, session: str) -> tuple[int, str, bool]:
    response = httpx.post(f"{api}/api/chat", json={"session_id": session, "message": QUESTION}, timeout=30)
    if response.status_code != 200:
        return response.status_code, "", False
    body = response.json()
    texts = [m["text"] for m in body["messages"] if m["article_id"] == ARTICLE]
    return 200, texts[0] if texts else "", body["degraded"]


def test_published_change_reaches_the_running_chat_within_five_seconds(live, live_database_url):
    make_editor(live_database_url, "integratie.rik")
    editor = httpx.Client(base_url=live.api, timeout=30)
    login = editor.post("/api/redactie/aanmelden", json={"gebruikersnaam": "integratie.rik", "wachtwoord": PASSWORD})
    headers = {"X-CSRF-Token": login.json()["csrf_token"]}
    item = editor.get(f"/api/redactie/artikels/{ARTICLE}").json()
    new_answer = "Ja. Met een geslaagd duaal traject krijg je hetzelfde diploma als op school (nieuwe tekst)."
    changed = {**item["data"], "body": f"{new_answer}\n\n{item['data']['body'].split(chr(10) * 2, 1)[1]}"}

    results: list[tuple[int, str, bool]] = []
    stop = threading.Event()

    def chat(number: int) -> None:
        while not stop.is_set():
            results.append(answer_text(live.api, f"integratie-lezer-{number:02d}"))

    readers = [threading.Thread(target=chat, args=(n,)) for n in range(3)]
    for reader in readers:
        reader.start()
    time.sleep(1.0)
    published_at = time.monotonic()
    saved = editor.put(f"/api/redactie/artikels/{ARTICLE}", headers=headers,
                       json={"data": changed, "versie": item["versie"], "publiceren": True})
    seen_after = None
    while time.monotonic() - published_at < 5 and seen_after is None:
        if answer_text(live.api, "integratie-controle")[1].startswith(new_answer):
            seen_after = time.monotonic() - published_at
    stop.set()
    for reader in readers:
        reader.join()
    try:
        assert saved.status_code == 200, saved.text
        assert seen_after is not None, "the chat did not give the new answer within 5 s"
        assert results and all(status == 200 and not degraded for status, _, degraded in results)
        original = item["data"]["body"].split("\n\n", 1)[0]
        assert all(text.startswith((original, new_answer)) for _, text, _ in results)
    finally:  # leave the shared app as the other integration tests expect it
        history = editor.get(f"/api/redactie/artikels/{ARTICLE}/revisies").json()
        editor.post(f"/api/redactie/artikels/{ARTICLE}/revisies/{history[-1]['id']}/herstel", headers=headers)
