"""The load generator against a tiny fake app on loopback (uvicorn in a thread), plus its statistics."""

import asyncio
import random
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from scripts.load import (
    SESSION_ALPHABET, BackgroundLoad, LoadConfig, Sample, build_timeline, check_loopback, load_message_pool,
    main, new_session_id, percentile, run_load, summarise, think_time,
)
from scripts.services import free_port


class FakeApp:
    """Answers chat with a button; every 4th chat is a 503, every 5th answer is degraded. Counts all it sends."""

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.messages: list[str] = []
        self.session_ids: set[str] = set()
        self.message_ids: set[str] = set()
        self.feedback_ids: list[str] = []
        self.lock = threading.Lock()
        self.app = FastAPI()
        self.app.post("/api/chat")(self.chat)
        self.app.post("/api/feedback")(self.feedback)

    async def chat(self, body: dict) -> JSONResponse:
        await asyncio.sleep(0.01)
        with self.lock:
            self.sent["chat"] += 1
            number = self.sent["chat"]
            self.messages.append(body["message"])
            self.session_ids.add(body["session_id"])
            if number % 4 == 0:
                self.sent["503"] += 1
                return JSONResponse({"detail": "even niet"}, status_code=503)
            degraded = number % 5 == 0
            self.sent["degraded"] += degraded
            message_id = uuid.uuid4().hex
            self.message_ids.add(message_id)
        return JSONResponse({"degraded": degraded, "messages": [
            {"id": message_id, "text": "Duaal leren is ...", "sources": [], "article_id": "wat-is-duaal-leren",
             "buttons": [{"title": "Meer weten", "payload": "/meer_info"}]}]})

    async def feedback(self, body: dict) -> JSONResponse:
        with self.lock:
            self.sent["feedback"] += 1
            self.feedback_ids.append(body["message_id"])
        return JSONResponse({"status": "bewaard"}, status_code=201)


@contextmanager
def serving(app: FastAPI):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "fake server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def quick_config(url: str, **overrides) -> LoadConfig:
    settings = dict(base_url=url, users=5, duration=3.0, ramp_up=0.5, think_min=0.05, think_max=0.25,
                    button_chance=0.5, feedback_chance=0.5, drain_timeout=3.0, seed=7)
    settings.update(overrides)
    return LoadConfig(**settings)


def test_load_against_fake_app_counts_everything_the_server_sent() -> None:
    fake = FakeApp()
    with serving(fake.app) as url:
        started = time.monotonic()
        report = asyncio.run(run_load(quick_config(url), timeline=True))
        took = time.monotonic() - started

    summary = report.summary
    assert 3.0 <= took < 10.0
    assert report.cancelled == 0
    assert summary.requests == fake.sent["chat"] + fake.sent["feedback"] > 20
    assert summary.latency["/api/chat"].count == fake.sent["chat"]
    assert summary.latency["/api/feedback"].count == fake.sent["feedback"] > 0
    assert summary.errors == summary.server_errors == fake.sent["503"] > 0
    assert summary.errors_by_status == {"503": fake.sent["503"]}
    assert summary.degraded == fake.sent["degraded"] > 0
    assert summary.ok == summary.requests - summary.errors
    assert summary.throughput == pytest.approx(summary.requests / report.elapsed)
    # widget-like behaviour: 5 users, several sessions each, button payloads, feedback on received ids
    assert len(fake.session_ids) > 5
    assert all(8 <= len(s) <= 64 and set(s) <= set(SESSION_ALPHABET) for s in fake.session_ids)
    assert "/meer_info" in fake.messages
    assert set(fake.feedback_ids) <= fake.message_ids
    # the timeline adds up, and a window over everything equals the summary
    assert report.timeline is not None
    assert sum(p.ok + p.errors for p in report.timeline) == summary.requests
    assert sum(p.server_errors for p in report.timeline) == summary.server_errors
    assert sum(p.degraded for p in report.timeline) == summary.degraded
    whole = report.window(0, report.elapsed + 1)
    assert (whole.requests, whole.errors, whole.degraded) == (summary.requests, summary.errors, summary.degraded)
    first, rest = report.window(0, 1.5), report.window(1.5, report.elapsed + 1)
    assert first.requests + rest.requests == summary.requests


def test_background_load_marks_events_and_refuses_other_hosts() -> None:
    fake = FakeApp()
    with serving(fake.app) as url:
        load = BackgroundLoad(quick_config(url, users=3, duration=1.5, ramp_up=0.1))
        time.sleep(0.7)
        marked = load.mark("halfweg")
        assert load.timeline()  # live view while running
        report = load.wait(timeout=10)
    assert report.marks == {"halfweg": marked}
    before, after = report.window(0, marked), report.window(marked, report.elapsed + 1)
    assert before.requests > 0 and after.requests > 0
    assert before.requests + after.requests == report.summary.requests
    with pytest.raises(ValueError):
        check_loopback("http://10.0.0.5:8000")
    with pytest.raises(ValueError):
        BackgroundLoad(LoadConfig(base_url="https://example.org"))
    assert check_loopback("http://[::1]:8000/") == "http://[::1]:8000"
    assert check_loopback("http://localhost:8000") == "http://localhost:8000"


def test_transport_errors_are_counted_when_nothing_listens() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    report = asyncio.run(run_load(quick_config(url, users=2, duration=0.5, ramp_up=0.0), timeline=False))
    summary = report.summary
    assert summary.requests > 0
    assert summary.errors == summary.requests
    assert summary.errors_by_status == {"transport": summary.requests}
    assert summary.server_errors == 0
    assert report.timeline is None


def test_cli_writes_json_and_prints_dutch_summary(tmp_path, capsys) -> None:
    fake = FakeApp()
    out = tmp_path / "load.json"
    with serving(fake.app) as url:
        code = main(["--url", url, "--users", "2", "--duration", "1", "--ramp-up", "0", "--think-min", "0.05",
                     "--think-max", "0.1", "--seed", "1", "--json", str(out), "--timeline"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "verzoeken:" in printed and "fouten:" in printed and "p95" in printed
    import json
    data = json.loads(out.read_text())
    assert data["requests"] == fake.sent["chat"] + fake.sent["feedback"]
    assert data["errors_by_status"] == ({"503": fake.sent["503"]} if fake.sent["503"] else {})
    assert len(data["timeline"]) >= 1
    assert main(["--url", "http://192.168.1.1:8000"]) == 2


def test_percentile_matches_linear_interpolation() -> None:
    values = list(range(1, 11))  # 1..10
    assert percentile(values, 50) == pytest.approx(5.5)
    assert percentile(values, 95) == pytest.approx(9.55)
    assert percentile(values, 99) == pytest.approx(9.91)
    assert percentile(values, 0) == 1 and percentile(values, 100) == 10
    assert percentile([10, 1, 5], 50) == 5  # order does not matter
    assert percentile([42.0], 99) == 42.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_summary_and_timeline_from_known_samples() -> None:
    samples = [Sample(0.2, "/api/chat", 200, 100.0), Sample(0.9, "/api/chat", 200, 300.0, degraded=True),
               Sample(1.1, "/api/chat", 503, 10.0), Sample(1.5, "/api/feedback", 201, 20.0),
               Sample(2.7, "/api/chat", None, 5000.0), Sample(2.8, "/api/chat", 429, 5.0)]
    summary = summarise(samples, 0, 3)
    assert (summary.requests, summary.ok, summary.errors, summary.server_errors, summary.degraded) == (6, 3, 3, 1, 1)
    assert summary.errors_by_status == {"429": 1, "503": 1, "transport": 1}
    assert summary.throughput == 2.0
    assert summary.latency["/api/feedback"].p50_ms == 20.0
    assert summary.latency["/api/chat"].p50_ms == 100.0  # 5, 10, 100, 300, 5000
    assert summary.latency["totaal"].count == 6
    timeline = build_timeline(samples, 3.0)
    assert [(p.ok, p.errors, p.server_errors, p.degraded) for p in timeline] == [(2, 0, 0, 1), (1, 1, 1, 0), (0, 2, 0, 0)]


def test_message_pool_session_ids_and_think_times() -> None:
    pool = load_message_pool()
    assert len(pool.questions) > 100 and len(pool.out_of_scope) > 5
    rng = random.Random(3)
    ids = [new_session_id(rng) for _ in range(200)]
    assert all(8 <= len(i) <= 64 and set(i) <= set(SESSION_ALPHABET) for i in ids)
    uniform = LoadConfig(think_min=5, think_max=15, think_distribution="uniform")
    assert all(5 <= think_time(uniform, rng) <= 15 for _ in range(200))
    exponential = [think_time(LoadConfig(think_min=5, think_max=15), rng) for _ in range(4000)]
    assert min(exponential) >= 5
    assert sum(exponential) / len(exponential) == pytest.approx(10, rel=0.1)
