"""Load and fault benchmarks on loopback; they print figures and stop by themselves.

``make load``:   100 simulated widget users for 5 minutes, on one replica with SQLite and on two replicas
                 with PostgreSQL + Redis behind nginx.
``make faults``: two replicas under load while Rasa is killed and restarted, one API replica is killed,
                 PostgreSQL restarts and a corrupt import is tried; what users saw in each phase, and
                 whether any feedback, revision or conversation turn was lost.

Usage::

    python -m scripts.resilience load [--users 100] [--duration 300]
    python -m scripts.resilience faults [--users 100]
"""

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from api.storage import Feedback, Turn
from kennisbank.database import connect
from kennisbank.repository import ContentRepository, Revision
from scripts.load import BackgroundLoad, LoadConfig, LoadReport, WindowSummary, format_report
from scripts.services import APP_PYTHON, REPO_ROOT, wait_until_up
from scripts.topology import Topology

LOAD_ENV = {"DLA_RATE_LIMIT_CLIENT": "100000/minute", "DLA_RATE_LIMIT_SESSION": "1000/minute"}


def run_load_benchmark(users: int, duration: float) -> None:
    for replicas, label in ((1, "1 replica, SQLite"), (2, "2 replica's, PostgreSQL + Redis achter nginx")):
        with tempfile.TemporaryDirectory(prefix="dla-load-") as work, \
                Topology(replicas, Path(work), LOAD_ENV) as topology:
            config = LoadConfig(base_url=topology.url, users=users, duration=duration, pids=tuple(topology.pids()),
                                seed=7)
            report = BackgroundLoad(config, timeline=False).wait()
            print(f"\n=== {label} ===\n{format_report(report)}", flush=True)


def run_fault_benchmark(users: int) -> None:
    with tempfile.TemporaryDirectory(prefix="dla-faults-") as work, \
            Topology(2, Path(work), LOAD_ENV) as topology:
        config = LoadConfig(base_url=topology.url, users=users, duration=24 * 3600, seed=11)
        load = BackgroundLoad(config, timeline=True)
        time.sleep(45)  # ramp-up and a normal stretch
        phases = [
            ("Rasa 1 gestopt en herstart", lambda: _kill_and_restart(topology.kill_rasa, topology.start_rasa, "Rasa 1")),
            ("API-replica 1 gestopt", lambda: _kill_and_restart(topology.kill_api, topology.start_api, "API 1")),
            ("PostgreSQL herstart", lambda: _restart_postgres(topology)),
            ("Corrupte import", lambda: _corrupt_import(topology)),
        ]
        findings = {}
        for label, fault in phases:
            load.mark(f"{label}: begin")
            findings[label] = fault()
            load.mark(f"{label}: einde")
            time.sleep(30)  # recovery window
            load.mark(f"{label}: hersteld")
        load.stop()
        report = load.wait(timeout=60)
        _print_faults(report, [p[0] for p in phases], findings)
        _print_losses(topology, report)


def _kill_and_restart(kill, start, name: str, down_seconds: float = 20) -> str:
    kill(0)
    time.sleep(down_seconds)
    started = time.monotonic()
    start(0)
    return f"{name} {down_seconds:.0f} s weg (SIGKILL), weer klaar na {time.monotonic() - started:.0f} s opstarten"


def _restart_postgres(topology: Topology) -> str:
    topology.postgres.kill()
    time.sleep(10)
    topology.postgres.start()
    return "PostgreSQL 10 s onbereikbaar (gestopt met -m immediate), daarna herstart"


def _corrupt_import(topology: Topology) -> str:
    env = topology.replicas[0].env
    repository = ContentRepository(connect(env["DLA_DATABASE_URL"]))
    before = repository.generation(), repository.live_content([])
    source = Path(tempfile.mkdtemp(prefix="dla-corrupt-"))
    shutil.copytree(REPO_ROOT / "kennisbank" / "content", source, dirs_exist_ok=True)
    broken = next((source / "artikels").glob("*.md"))
    broken.write_text(broken.read_text().replace("topic: ", "topic: bestaat-niet-", 1))
    result = subprocess.run([str(APP_PYTHON), "-m", "kennisbank.cli", "importeer", "--map", str(source)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    time.sleep(3)
    after = repository.generation(), repository.live_content([])
    shutil.rmtree(source, ignore_errors=True)
    verdict = "geweigerd" if result.returncode == 1 else f"NIET geweigerd (exit {result.returncode})"
    unchanged = "ongewijzigd" if before == after else "GEWIJZIGD"
    return f"import {verdict}; live inhoud {unchanged}"


def _print_faults(report: LoadReport, labels: list[str], findings: dict[str, str]) -> None:
    print(f"\n{format_report(report)}\n\nPer fase (fouten = niet-2xx of geen antwoord; 5xx apart):")
    for label in labels:
        during = report.window(report.marks[f"{label}: begin"], report.marks[f"{label}: einde"])
        after = report.window(report.marks[f"{label}: einde"], report.marks[f"{label}: hersteld"])
        print(f"- {label}: {findings[label]}\n"
              f"    tijdens: {_line(during)}\n    daarna (30 s): {_line(after)}")


def _line(window: WindowSummary) -> str:
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(window.errors_by_status.items())) or "geen"
    return (f"{window.requests} verzoeken, {window.errors} fouten ({statuses}), {window.server_errors} 5xx, "
            f"{window.degraded} gedegradeerd")


def _print_losses(topology: Topology, report: LoadReport) -> None:
    """Every chat answer and every accepted feedback must be in the database after the outage."""
    for replica in topology.replicas:  # let waiting turns be written (each replica flushes every 2 s)
        wait_until_up(f"{replica.api_url}/health", replica.api, timeout=60)
    time.sleep(5)
    engine = create_engine(topology.replicas[0].env["DLA_DATABASE_URL"])
    with engine.connect() as db:
        turns = db.scalar(select(func.count()).select_from(Turn))
        feedback = db.scalar(select(func.count()).select_from(Feedback))
        revisions = db.scalar(select(func.count()).select_from(Revision))
    engine.dispose()
    ok = [s for s in report.samples if s.ok]
    chats = sum(1 for s in ok if s.endpoint == "/api/chat")
    votes = sum(1 for s in ok if s.endpoint == "/api/feedback")
    print(f"\nNiets verloren? gespreksbeurten in de database {turns} / beantwoorde chats {chats}; "
          f"feedback {feedback} / aanvaard {votes}; revisies {revisions}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="resilience", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load")
    load.add_argument("--users", type=int, default=100)
    load.add_argument("--duration", type=float, default=300)
    faults = commands.add_parser("faults")
    faults.add_argument("--users", type=int, default=100)
    args = parser.parse_args(argv)
    if args.command == "load":
        run_load_benchmark(args.users, args.duration)
    else:
        run_fault_benchmark(args.users)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
