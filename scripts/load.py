"""Load generator: simulated widget users chatting with the app on loopback.

Each simulated user is an asyncio task that behaves like someone using the chat widget: it opens a
session (random id), sometimes greets first, asks 2-6 questions (from ``kennisbank/eval/vragen.yaml``
plus small talk and out-of-scope questions), sometimes clicks a button of the previous answer,
sometimes gives a thumbs up or down on an answer it received, waits a think time between messages,
and then starts a new session. Users start staggered over the ramp-up; after ``duration`` seconds
everyone stops (requests in flight may finish within ``drain_timeout``).

Point it at a running app whose rate limits are high enough for the load (every simulated user comes
from 127.0.0.1), e.g. ``DLA_RATE_LIMIT_CLIENT=100000/minute``; otherwise most requests end in 429.

Command line::

    .venv/bin/python -m scripts.load --url http://127.0.0.1:8000 --users 100 --duration 300 \\
        --pid 12345 --pid 12346 --json load.json

From another script (fault scenarios), in the background with a per-second timeline::

    load = BackgroundLoad(LoadConfig(base_url=urls.api, users=50, duration=120))
    time.sleep(30); load.mark("rasa gestopt"); stop_rasa()
    time.sleep(30); load.mark("rasa herstart"); start_rasa()
    report = load.wait()
    during = report.window(report.marks["rasa gestopt"], report.marks["rasa herstart"])
    after = report.window(report.marks["rasa herstart"], report.elapsed)
    print(during.errors, during.degraded, after.errors)

or, inside asyncio: ``report = await run_load(config, timeline=True, recorder=recorder)``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import string
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from ipaddress import ip_address
from pathlib import Path
from typing import Any, Literal, Sequence
from urllib.parse import urlparse

import httpx
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = REPO_ROOT / "kennisbank" / "eval" / "vragen.yaml"
CHAT = "/api/chat"
FEEDBACK = "/api/feedback"
SESSION_ALPHABET = string.ascii_letters + string.digits + "_-"
TRANSPORT_ERROR = "transport"

GREETINGS = ["hallo", "hoi", "dag", "goeiemiddag", "hey", "Goedemorgen, ik heb een vraag over duaal leren."]
SMALL_TALK = ["bedankt", "merci!", "wie ben jij", "ben jij een robot?", "oké", "tof, dank je", "tot ziens",
              "kan je mij helpen?", "ik snap het niet", "amai, dat is veel info"]
EXTRA_OUT_OF_SCOPE = ["wat is de hoofdstad van Australië", "hoe laat sluit de Colruyt vandaag",
                      "kan jij mijn huiswerk wiskunde maken?", "wat is het weer morgen in Gent",
                      "hoeveel kost een treinticket naar Brussel"]
FEEDBACK_COMMENTS = [None, None, None, "duidelijk, bedankt", "niet wat ik zocht", "te lang antwoord"]


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class LoadConfig:
    """What to simulate. Times are in seconds."""

    base_url: str = "http://127.0.0.1:8000"
    users: int = 100
    duration: float = 300.0
    ramp_up: float = 30.0
    think_min: float = 5.0
    think_max: float = 15.0
    think_distribution: Literal["exponential", "uniform"] = "exponential"
    questions_per_session: tuple[int, int] = (2, 6)
    greeting_chance: float = 0.4
    small_talk_chance: float = 0.1
    out_of_scope_chance: float = 0.08
    button_chance: float = 0.25
    feedback_chance: float = 0.15
    request_timeout: float = 30.0
    drain_timeout: float = 10.0
    pids: tuple[int, ...] = ()
    seed: int | None = None
    questions_file: Path = QUESTIONS_FILE


def check_loopback(base_url: str) -> str:
    """Return the base URL without trailing slash; refuse anything that is not on this machine."""
    parsed = urlparse(base_url)
    host = parsed.hostname or ""
    if parsed.scheme not in ("http", "https") or not _is_loopback(host):
        raise ValueError(f"Alleen een adres op deze machine is toegestaan (127.0.0.1, localhost, ::1), niet {base_url!r}")
    return base_url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class MessagePool:
    questions: list[str]
    out_of_scope: list[str]
    small_talk: list[str] = field(default_factory=lambda: list(SMALL_TALK))
    greetings: list[str] = field(default_factory=lambda: list(GREETINGS))


def load_message_pool(path: Path = QUESTIONS_FILE) -> MessagePool:
    """In-scope and out-of-scope questions from the evaluation set, plus a few of our own."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = [item["vraag"] for item in data.get("in_scope") or [] if item.get("vraag")]
    out_of_scope = [item["vraag"] for item in data.get("out_of_scope") or [] if item.get("vraag")]
    return MessagePool(questions=questions or ["wat is duaal leren?"], out_of_scope=out_of_scope + EXTRA_OUT_OF_SCOPE)


def pick_message(pool: MessagePool, config: LoadConfig, rng: random.Random) -> str:
    roll = rng.random()
    if roll < config.small_talk_chance:
        return rng.choice(pool.small_talk)
    if roll < config.small_talk_chance + config.out_of_scope_chance:
        return rng.choice(pool.out_of_scope)
    return rng.choice(pool.questions)


def new_session_id(rng: random.Random) -> str:
    return "".join(rng.choice(SESSION_ALPHABET) for _ in range(rng.randint(8, 64)))


def think_time(config: LoadConfig, rng: random.Random) -> float:
    """Uniform between min and max, or min plus an exponential tail with the same mean ((min+max)/2)."""
    if config.think_distribution == "uniform":
        return rng.uniform(config.think_min, config.think_max)
    spread = (config.think_max - config.think_min) / 2
    return config.think_min + (rng.expovariate(1 / spread) if spread > 0 else 0.0)


# --------------------------------------------------------------------------- statistics


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Sample:
    """One finished request. ``at`` is the completion time in seconds since the load started."""

    at: float
    endpoint: str
    status: int | None  # None: transport error (refused, reset, timeout)
    latency_ms: float
    degraded: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class LatencyStats:
    count: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None


def latency_stats(samples: Sequence[Sample]) -> LatencyStats:
    """Percentiles over every finished request, failures included (a user waited that long too)."""
    values = [s.latency_ms for s in samples]
    return LatencyStats(len(values), percentile(values, 50), percentile(values, 95), percentile(values, 99))


@dataclass(frozen=True)
class WindowSummary:
    start: float
    end: float
    requests: int
    ok: int
    errors: int
    server_errors: int
    degraded: int
    errors_by_status: dict[str, int]
    latency: dict[str, LatencyStats]  # per endpoint, plus "totaal"

    @property
    def throughput(self) -> float:
        span = self.end - self.start
        return self.requests / span if span > 0 else 0.0


def summarise(samples: Sequence[Sample], start: float, end: float) -> WindowSummary:
    errors = [s for s in samples if not s.ok]
    latency = {endpoint: latency_stats([s for s in samples if s.endpoint == endpoint])
               for endpoint in sorted({s.endpoint for s in samples})}
    latency["totaal"] = latency_stats(samples)
    return WindowSummary(
        start=start, end=end, requests=len(samples), ok=len(samples) - len(errors), errors=len(errors),
        server_errors=sum(1 for s in errors if s.status is not None and s.status >= 500),
        degraded=sum(1 for s in samples if s.degraded),
        errors_by_status=dict(sorted(Counter(_status_key(s.status) for s in errors).items())),
        latency=latency)


def _status_key(status: int | None) -> str:
    return TRANSPORT_ERROR if status is None else str(status)


@dataclass(frozen=True)
class TimelinePoint:
    """Requests that finished in second ``second`` (counted from the start of the load)."""

    second: int
    ok: int
    errors: int
    server_errors: int
    degraded: int


def build_timeline(samples: Sequence[Sample], seconds: float) -> list[TimelinePoint]:
    buckets = [[0, 0, 0, 0] for _ in range(max(1, math.ceil(seconds)))]
    for sample in samples:
        bucket = buckets[min(int(sample.at), len(buckets) - 1)]
        bucket[0 if sample.ok else 1] += 1
        bucket[2] += sample.status is not None and sample.status >= 500
        bucket[3] += sample.degraded
    return [TimelinePoint(i, *counts) for i, counts in enumerate(buckets)]


# --------------------------------------------------------------------------- memory


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process and all its children, in MB; None if it is gone."""
    import psutil

    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total / 1_000_000
    except psutil.Error:
        return None


def memory_snapshot(pids: Sequence[int]) -> dict[int, float | None]:
    return {pid: rss_mb(pid) for pid in pids}


# --------------------------------------------------------------------------- recording


class LoadRecorder:
    """Collects samples while the load runs; thread-safe, so another thread can mark events and peek."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.samples: list[Sample] = []
        self.marks: dict[str, float] = {}
        self.cancelled = 0
        self.stop_requested = threading.Event()  # another thread may end the load early
        self._lock = threading.Lock()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def record(self, endpoint: str, status: int | None, latency_ms: float, degraded: bool = False) -> None:
        with self._lock:
            self.samples.append(Sample(self.elapsed(), endpoint, status, latency_ms, degraded))

    def mark(self, label: str) -> float:
        """Remember 'now' under a name (e.g. "rasa gestopt") for ``LoadReport.window``."""
        at = self.elapsed()
        with self._lock:
            self.marks[label] = at
        return at

    def snapshot(self) -> list[Sample]:
        with self._lock:
            return list(self.samples)

    def timeline(self) -> list[TimelinePoint]:
        """The per-second timeline so far (live)."""
        return build_timeline(self.snapshot(), self.elapsed())


@dataclass
class LoadReport:
    config: LoadConfig
    elapsed: float
    samples: list[Sample]
    memory_start_mb: dict[int, float | None]
    memory_end_mb: dict[int, float | None]
    marks: dict[str, float] = field(default_factory=dict)
    cancelled: int = 0  # requests still in flight after the drain timeout
    timeline: list[TimelinePoint] | None = None

    @property
    def summary(self) -> WindowSummary:
        return summarise(self.samples, 0.0, self.elapsed)

    def window(self, start: float, end: float) -> WindowSummary:
        """Requests that finished in [start, end), in seconds since the load started."""
        return summarise([s for s in self.samples if start <= s.at < end], start, end)

    def to_dict(self, include_samples: bool = False) -> dict[str, Any]:
        summary = self.summary
        data: dict[str, Any] = {
            "config": {**asdict(self.config), "questions_file": str(self.config.questions_file)},
            "elapsed_s": round(self.elapsed, 3),
            "requests": summary.requests,
            "throughput_rps": round(summary.throughput, 3),
            "ok": summary.ok,
            "errors": summary.errors,
            "server_errors": summary.server_errors,
            "errors_by_status": summary.errors_by_status,
            "degraded": summary.degraded,
            "cancelled": self.cancelled,
            "latency_ms": {name: asdict(stats) for name, stats in summary.latency.items()},
            "memory_mb": {str(pid): {"start": self.memory_start_mb.get(pid), "end": self.memory_end_mb.get(pid)}
                          for pid in self.config.pids},
            "marks": self.marks,
        }
        if self.timeline is not None:
            data["timeline"] = [asdict(point) for point in self.timeline]
        if include_samples:
            data["samples"] = [asdict(sample) for sample in self.samples]
        return data


# --------------------------------------------------------------------------- simulated users


@dataclass
class _UserContext:
    http: httpx.AsyncClient
    config: LoadConfig
    pool: MessagePool
    recorder: LoadRecorder
    stop: asyncio.Event
    rng: random.Random


async def _pause(ctx: _UserContext, seconds: float) -> bool:
    """Sleep, or return True as soon as the load is stopping."""
    return await _sleep_or_stop(ctx.stop, seconds)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    try:
        await asyncio.wait_for(stop.wait(), timeout=max(0.0, seconds))
        return True
    except asyncio.TimeoutError:
        return stop.is_set()


async def _post(ctx: _UserContext, endpoint: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """POST and record; return the JSON body of a 2xx answer, else None."""
    started = time.perf_counter()
    try:
        response = await ctx.http.post(endpoint, json=body)
    except httpx.HTTPError:
        ctx.recorder.record(endpoint, None, (time.perf_counter() - started) * 1000)
        return None
    latency_ms = (time.perf_counter() - started) * 1000
    data = _json_or_none(response) if response.is_success else None
    ctx.recorder.record(endpoint, response.status_code, latency_ms, bool(data and data.get("degraded")))
    return data


def _json_or_none(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


async def _chat(ctx: _UserContext, session_id: str, message: str) -> list[dict[str, Any]]:
    data = await _post(ctx, CHAT, {"session_id": session_id, "message": message})
    messages = (data or {}).get("messages") or []
    return [m for m in messages if isinstance(m, dict)]


async def _maybe_feedback(ctx: _UserContext, session_id: str, messages: list[dict[str, Any]]) -> None:
    ids = [m["id"] for m in messages if m.get("id") and m.get("article_id")]  # the widget rates answers only
    if not ids or ctx.rng.random() >= ctx.config.feedback_chance:
        return
    if await _pause(ctx, ctx.rng.uniform(0.5, 2.0) * min(1.0, ctx.config.think_min)):
        return
    await _post(ctx, FEEDBACK, {"session_id": session_id, "message_id": ctx.rng.choice(ids),
                                "rating": ctx.rng.choice(["up", "up", "down"]),
                                "comment": ctx.rng.choice(FEEDBACK_COMMENTS)})


def _button_payload(ctx: _UserContext, messages: list[dict[str, Any]]) -> str | None:
    buttons = [b for m in messages for b in m.get("buttons") or [] if isinstance(b, dict)]
    if not buttons or ctx.rng.random() >= ctx.config.button_chance:
        return None
    button = ctx.rng.choice(buttons)
    return button.get("payload") or button.get("title")


def _session_script(ctx: _UserContext) -> list[str]:
    low, high = ctx.config.questions_per_session
    script = [ctx.rng.choice(ctx.pool.greetings)] if ctx.rng.random() < ctx.config.greeting_chance else []
    return script + [pick_message(ctx.pool, ctx.config, ctx.rng) for _ in range(ctx.rng.randint(low, high))]


async def _session(ctx: _UserContext) -> None:
    """One widget conversation; button clicks come on top of the planned messages."""
    session_id = new_session_id(ctx.rng)
    pending = _session_script(ctx)
    while pending and not ctx.stop.is_set():
        messages = await _chat(ctx, session_id, pending.pop(0))
        await _maybe_feedback(ctx, session_id, messages)
        payload = _button_payload(ctx, messages)
        if payload:
            pending.insert(0, payload)
        if pending and await _pause(ctx, think_time(ctx.config, ctx.rng)):
            return


async def _user(ctx: _UserContext, start_delay: float) -> None:
    if await _pause(ctx, start_delay):
        return
    while not ctx.stop.is_set():
        await _session(ctx)
        if await _pause(ctx, think_time(ctx.config, ctx.rng)):
            return


def _start_delays(config: LoadConfig) -> list[float]:
    if config.users <= 1:
        return [0.0] * config.users
    return [config.ramp_up * i / (config.users - 1) for i in range(config.users)]


# --------------------------------------------------------------------------- running


async def run_load(config: LoadConfig, timeline: bool = False, recorder: LoadRecorder | None = None,
                   transport: httpx.AsyncBaseTransport | None = None) -> LoadReport:
    """Run the load for ``config.duration`` seconds and return the report.

    Pass a ``recorder`` to mark events (``recorder.mark("rasa gestopt")``) or peek at
    ``recorder.timeline()`` while the load runs; ``timeline=True`` puts the per-second timeline in the report.
    """
    base_url = check_loopback(config.base_url)
    recorder = recorder or LoadRecorder()
    pool = load_message_pool(config.questions_file)
    master = random.Random(config.seed)
    memory_start = memory_snapshot(config.pids)
    stop = asyncio.Event()
    limits = httpx.Limits(max_connections=config.users + 10, max_keepalive_connections=config.users)
    async with httpx.AsyncClient(base_url=base_url, timeout=config.request_timeout, limits=limits,
                                 transport=transport) as http:
        tasks = [asyncio.create_task(_user(_UserContext(http, config, pool, recorder, stop,
                                                        random.Random(master.random())), delay))
                 for delay in _start_delays(config)]
        deadline = recorder.elapsed() + config.duration
        while recorder.elapsed() < deadline and not recorder.stop_requested.is_set():
            await asyncio.sleep(min(0.5, max(0.0, deadline - recorder.elapsed())))
        stop.set()
        cancelled = await _drain(tasks, config.drain_timeout)
    elapsed = recorder.elapsed()
    samples = recorder.snapshot()
    return LoadReport(config=config, elapsed=elapsed, samples=samples, memory_start_mb=memory_start,
                      memory_end_mb=memory_snapshot(config.pids), marks=dict(recorder.marks), cancelled=cancelled,
                      timeline=build_timeline(samples, elapsed) if timeline else None)


async def _drain(tasks: list[asyncio.Task], timeout: float) -> int:
    """Let requests in flight finish; cancel what is left after the timeout. Returns how many were cancelled."""
    _, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return len(pending)


class BackgroundLoad:
    """``run_load`` in its own thread and event loop, for synchronous scripts (fault scenarios).

    Starts at once; ``mark``/``elapsed``/``timeline`` work while it runs; ``wait`` returns the report.
    """

    def __init__(self, config: LoadConfig, timeline: bool = True) -> None:
        check_loopback(config.base_url)
        self.recorder = LoadRecorder()
        self._report: LoadReport | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(config, timeline), name="load", daemon=True)
        self._thread.start()

    def _run(self, config: LoadConfig, timeline: bool) -> None:
        try:
            self._report = asyncio.run(run_load(config, timeline=timeline, recorder=self.recorder))
        except BaseException as error:  # handed to the caller by wait()
            self._error = error

    def mark(self, label: str) -> float:
        return self.recorder.mark(label)

    def elapsed(self) -> float:
        return self.recorder.elapsed()

    def stop(self) -> None:
        """End the load now (requests in flight finish); then ``wait`` for the report."""
        self.recorder.stop_requested.set()

    def timeline(self) -> list[TimelinePoint]:
        return self.recorder.timeline()

    def wait(self, timeout: float | None = None) -> LoadReport:
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError("de belasting loopt nog")
        if self._error is not None:
            raise self._error
        assert self._report is not None
        return self._report


# --------------------------------------------------------------------------- printing and CLI


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _mb(value: float | None) -> str:
    return "weg" if value is None else f"{value:.0f} MB"


def format_report(report: LoadReport) -> str:
    summary = report.summary
    config = report.config
    lines = [
        f"Belasting: {config.users} gebruikers, {config.duration:g} s (opbouw {config.ramp_up:g} s) op {config.base_url}",
        f"verzoeken: {summary.requests} in {report.elapsed:.1f} s ({summary.throughput:.1f} verzoeken/s)",
        f"  {'latentie (ms)':<16} {'aantal':>7} {'p50':>7} {'p95':>7} {'p99':>7}",
    ]
    for name, stats in summary.latency.items():
        lines.append(f"  {name:<16} {stats.count:>7} {_ms(stats.p50_ms):>7} {_ms(stats.p95_ms):>7} {_ms(stats.p99_ms):>7}")
    breakdown = ", ".join(f"{status}: {count}" for status, count in summary.errors_by_status.items())
    lines.append(f"fouten: {summary.errors}" + (f" ({breakdown})" if breakdown else ""))
    lines.append(f"gedegradeerde antwoorden (zonder Rasa): {summary.degraded}")
    if report.cancelled:
        lines.append(f"afgebroken na de uitlooptijd: {report.cancelled} gebruikers")
    for pid in config.pids:
        lines.append(f"geheugen pid {pid} (RSS incl. kindprocessen): {_mb(report.memory_start_mb.get(pid))} bij de start, "
                     f"{_mb(report.memory_end_mb.get(pid))} op het einde")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = LoadConfig()
    parser = argparse.ArgumentParser(prog="python -m scripts.load",
                                     description="Gesimuleerde widgetgebruikers tegen de app op deze machine.")
    parser.add_argument("--url", default=defaults.base_url, help="basisadres van de app (alleen loopback)")
    parser.add_argument("--users", type=int, default=defaults.users, help="aantal gelijktijdige gebruikers")
    parser.add_argument("--duration", type=float, default=defaults.duration, help="duur in seconden")
    parser.add_argument("--ramp-up", type=float, default=defaults.ramp_up, help="gebruikers starten verspreid over zoveel s")
    parser.add_argument("--think-min", type=float, default=defaults.think_min, help="minimale denktijd (s)")
    parser.add_argument("--think-max", type=float, default=defaults.think_max, help="maximale/typische denktijd (s)")
    parser.add_argument("--think", choices=["exponential", "uniform"], default=defaults.think_distribution,
                        help="verdeling van de denktijd")
    parser.add_argument("--timeout", type=float, default=defaults.request_timeout, help="timeout per verzoek (s)")
    parser.add_argument("--drain-timeout", type=float, default=defaults.drain_timeout,
                        help="hoe lang lopende verzoeken na het einde nog mogen duren (s)")
    parser.add_argument("--pid", type=int, action="append", default=[], help="meet het geheugen van dit proces (herhaalbaar)")
    parser.add_argument("--seed", type=int, default=None, help="vaste toevalszaad (herhaalbare run)")
    parser.add_argument("--timeline", action="store_true", help="tijdlijn per seconde in de JSON")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="schrijf het rapport als JSON")
    return parser.parse_args(argv)


def config_from_args(args: argparse.Namespace) -> LoadConfig:
    if args.users < 1 or args.duration <= 0 or args.think_min < 0 or args.think_max < args.think_min:
        raise ValueError("Ongeldige instellingen: --users >= 1, --duration > 0 en 0 <= --think-min <= --think-max.")
    return LoadConfig(base_url=check_loopback(args.url), users=args.users, duration=args.duration,
                      ramp_up=args.ramp_up, think_min=args.think_min, think_max=args.think_max,
                      think_distribution=args.think, request_timeout=args.timeout, drain_timeout=args.drain_timeout,
                      pids=tuple(args.pid), seed=args.seed)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = config_from_args(args)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    report = asyncio.run(run_load(config, timeline=args.timeline))
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"rapport geschreven naar {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
