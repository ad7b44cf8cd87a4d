"""``make bench``: kennisbank search speed, then chat latency through Rasa and through the app.

Everything runs on loopback, bounded in requests and time; prints figures, asserts nothing.
Chat latency is measured in one run for: Rasa's REST webhook with a message that runs the kennisbank
action, the same Rasa with messages answered by rules alone (no custom action), and the app's /api/chat.
"""

import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from kennisbank.benchmark import run_benchmark
from kennisbank.config import KennisbankSettings
from scripts.services import free_port, running_services

QUESTIONS = [
    "krijgt mijne zoon een diploma as hij duaal doet?", "hoeveel verdient een leerling per maand",
    "hoe word ik erkend als leerwerkplek", "wat is de aanloopfase", "wie betaalt de mentoropleiding",
    "mag ik in de zomer als jobstudent werken bij mijn leerbedrijf", "wat doet een trajectbegeleider",
    "is duaal leren iets voor mijn dochter", "welke premie krijgt een bedrijf", "wat als mijn werkplek stopt",
]
SMALL_TALK = ["hallo", "bedankt", "wie ben jij", "tot ziens", "merci"]
REQUESTS_PER_CLIENT = 30


async def _client_run(url: str, body_for, count: int) -> list[float]:
    timings = []
    session = uuid.uuid4().hex
    async with httpx.AsyncClient(timeout=30) as http:
        for i in range(count):
            started = time.perf_counter()
            response = await http.post(url, json=body_for(session, i))
            response.raise_for_status()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _measure(url: str, body_for, clients: int) -> tuple[list[float], float]:
    started = time.perf_counter()
    runs = await asyncio.gather(*(_client_run(url, body_for, REQUESTS_PER_CLIENT) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return [t for run in runs for t in run], elapsed


def _report(label: str, timings: list[float], elapsed: float, clients: int) -> None:
    p50 = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(f"  {label:52} {clients:>2} tegelijk: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
          f"{len(timings) / elapsed:5.1f} berichten/s")


def chat_latency() -> None:
    rasa_body = lambda texts: lambda session, i: {"sender": session, "message": texts[i % len(texts)]}  # noqa: E731
    api_body = lambda session, i: {"session_id": session, "message": QUESTIONS[i % len(QUESTIONS)]}  # noqa: E731
    with tempfile.TemporaryDirectory() as logs, running_services(
            api_port=free_port(), rasa_port=free_port(), log_dir=Path(logs), data_dir=Path(logs),
            extra_env={"DLA_RATE_LIMIT_CLIENT": "100000/minute", "DLA_RATE_LIMIT_SESSION": "100000/minute",
                       "DLA_DATABASE_URL": f"sqlite:///{logs}/bench.db"}) as urls:
        rasa_url = f"{urls.rasa}/webhooks/rest/webhook"
        cases = [("Rasa REST, met kennisbankactie", rasa_url, rasa_body(QUESTIONS)),
                 ("Rasa REST, zonder custom action (regels)", rasa_url, rasa_body(SMALL_TALK)),
                 ("/api/chat van de app (met kennisbankactie)", f"{urls.api}/api/chat", api_body)]
        for _, url, body in cases:  # warm up every path once
            asyncio.run(_measure(url, body, 1))
        print(f"Chatlatentie ({REQUESTS_PER_CLIENT} berichten per client):")
        for clients in (1, 10):
            for label, url, body in cases:
                timings, elapsed = asyncio.run(_measure(url, body, clients))
                _report(label, timings, elapsed, clients)


def main() -> None:
    run_benchmark(KennisbankSettings(), generated_articles=5000)
    chat_latency()


if __name__ == "__main__":
    main()
