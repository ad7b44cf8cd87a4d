"""Start and stop the two processes of the assistant: the Rasa server and the FastAPI app.

Used by ``make run``, by the integration tests and by the benchmarks.

Usage::

    with running_services(api_port=8000, rasa_port=5005) as urls:
        httpx.post(urls.api + "/api/chat", json={...})
"""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
RASA_BIN = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
APP_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"


@dataclass(frozen=True)
class Urls:
    api: str
    rasa: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rasa_command(port: int, endpoints: str = "endpoints.yml") -> list[str]:
    """Rasa on loopback, REST channel only (its HTTP API stays off)."""
    return [
        str(RASA_BIN), "run", "--interface", "127.0.0.1", "--port", str(port),
        "--credentials", "credentials.yml", "--endpoints", endpoints, "--model", "models",
    ]


def api_command(host: str, port: int) -> list[str]:
    return [str(APP_PYTHON), "-m", "uvicorn", "api.main:app", "--host", host, "--port", str(port)]


def service_env(api_port: int, rasa_port: int, extra: dict[str, str] | None = None,
                data_dir: Path = REPO_ROOT / "data") -> dict[str, str]:
    """Environment shared by both processes; Rasa's tracker database is the one the app wipes and purges."""
    data_dir.mkdir(parents=True, exist_ok=True)
    tracker_db = data_dir / "rasa-tracker.db"
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ACTION_ENDPOINT_URL=f"http://127.0.0.1:{api_port}/webhook",
        DLA_RASA_URL=f"http://127.0.0.1:{rasa_port}",
        DLA_PORT=str(api_port),
        RASA_TRACKER_DB=str(tracker_db),
        DLA_RASA_TRACKER_URL=f"sqlite:///{tracker_db}",
    )
    env.update(extra or {})
    return env


def start(command: list[str], cwd: Path, env: dict[str, str], log_path: Path | None = None) -> subprocess.Popen:
    output = open(log_path, "ab") if log_path else subprocess.DEVNULL
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, timeout: float = 15.0) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    """Poll ``url`` until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process for {url} stopped with exit code {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up within {timeout:.0f} s")


@contextmanager
def running_services(api_host: str = "127.0.0.1", api_port: int = 8000, rasa_port: int = 5005,
                     log_dir: Path | None = None, extra_env: dict[str, str] | None = None,
                     data_dir: Path = REPO_ROOT / "data"):
    """Start Rasa and the app, wait until both answer, stop both on exit."""
    env = service_env(api_port, rasa_port, extra_env, data_dir)
    log = (lambda name: log_dir / name) if log_dir else (lambda name: None)
    processes = []
    try:
        rasa = start(rasa_command(rasa_port), REPO_ROOT / "assistant", env, log("rasa.log"))
        processes.append(rasa)
        api = start(api_command(api_host, api_port), REPO_ROOT, env, log("api.log"))
        processes.append(api)
        wait_until_up(f"http://127.0.0.1:{api_port}/health", api, timeout=120)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, timeout=180)
        yield Urls(api=f"http://127.0.0.1:{api_port}", rasa=f"http://127.0.0.1:{rasa_port}")
    finally:
        for process in reversed(processes):
            stop(process)
