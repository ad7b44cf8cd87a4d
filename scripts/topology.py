"""The assistant as deployed: one replica on SQLite, or several Rasa + API replicas on PostgreSQL and Redis
behind nginx, all as local processes on loopback. Used by the scale-out test and the load and fault benchmarks.

Each replica is one Rasa server and the API process that is its action endpoint. Scaled out, Rasa keeps
conversations in PostgreSQL with a Redis lock store, the app keeps its records and content in PostgreSQL
and its rate limits in Redis, and nginx spreads the requests over the API replicas.

Usage::

    with Topology(replicas=2, work_dir=Path("/tmp/topo")) as topo:
        httpx.post(f"{topo.url}/api/chat", json={...})
        topo.kill_rasa(0); topo.start_rasa(0)       # fault injection
"""

import os
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scripts.backends import PASSWORD, USER, NginxServer, PostgresServer, RedisServer
from scripts.services import (
    REPO_ROOT, api_command, free_port, rasa_command, service_env, start, stop, wait_until_up,
)


@dataclass
class Replica:
    index: int
    api_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    api: subprocess.Popen | None = None
    rasa: subprocess.Popen | None = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"


class Topology:
    def __init__(self, replicas: int, work_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.work_dir = work_dir
        self.scaled = replicas > 1
        self.replicas = [Replica(index) for index in range(replicas)]
        self.extra_env = extra_env or {}
        self.postgres: PostgresServer | None = None
        self.redis: RedisServer | None = None
        self.nginx: NginxServer | None = None

    @property
    def url(self) -> str:
        """Where users connect: nginx when scaled out, else the single API."""
        return self.nginx.url if self.nginx else self.replicas[0].api_url

    def __enter__(self) -> "Topology":
        self.work_dir.mkdir(parents=True, exist_ok=True)
        try:
            shared = self._start_backends() if self.scaled else {}
            for replica in self.replicas:
                replica.env = self._env(replica, shared)
                self.start_rasa(replica.index, wait=False)
                self.start_api(replica.index)  # one after the other: the first migrates and seeds
            for replica in self.replicas:
                wait_until_up(f"http://127.0.0.1:{replica.rasa_port}/", replica.rasa, timeout=240)
            if self.scaled:
                self.nginx = NginxServer([r.api_port for r in self.replicas])
                self.nginx.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.nginx:
            self.nginx.stop()
        for replica in self.replicas:
            for process in (replica.api, replica.rasa):
                if process:
                    stop(process)
        for server in (self.redis, self.postgres):
            if server:
                server.__exit__(None, None, None)

    # --- fault injection ----------------------------------------------------------------------------------

    def kill_rasa(self, index: int) -> None:
        _kill(self.replicas[index].rasa)

    def kill_api(self, index: int) -> None:
        _kill(self.replicas[index].api)

    def start_rasa(self, index: int, wait: bool = True) -> None:
        replica = self.replicas[index]
        endpoints = "endpoints.scaled.yml" if self.scaled else "endpoints.yml"
        replica.rasa = start(rasa_command(replica.rasa_port, endpoints), REPO_ROOT / "assistant", replica.env,
                             self.work_dir / f"rasa-{index}.log")
        if wait:
            wait_until_up(f"http://127.0.0.1:{replica.rasa_port}/", replica.rasa, timeout=240)

    def start_api(self, index: int) -> None:
        replica = self.replicas[index]
        replica.api = start(api_command("127.0.0.1", replica.api_port), REPO_ROOT, replica.env,
                            self.work_dir / f"api-{index}.log")
        wait_until_up(f"{replica.api_url}/health", replica.api, timeout=300)

    def pids(self) -> list[int]:
        return [p.pid for r in self.replicas for p in (r.api, r.rasa) if p and p.poll() is None]

    # --- set-up -------------------------------------------------------------------------------------------

    def _start_backends(self) -> dict[str, str]:
        self.postgres = PostgresServer().__enter__()
        self.redis = RedisServer().__enter__()
        app_url = self.postgres.create_database("app")
        self.postgres.create_database("rasa")
        return {
            "DLA_DATABASE_URL": app_url,
            "DLA_RASA_TRACKER_URL": self.postgres.url("rasa"),
            "DLA_RATE_LIMIT_STORAGE_URL": self.redis.url.replace("/0", "/2"),
            "RASA_TRACKER_HOST": "127.0.0.1", "RASA_TRACKER_PORT": str(self.postgres.port),
            "RASA_TRACKER_DB": "rasa", "RASA_TRACKER_USER": USER, "RASA_TRACKER_PASSWORD": PASSWORD,
            "RASA_LOCK_HOST": "127.0.0.1", "RASA_LOCK_PORT": str(self.redis.port),
        }

    def _env(self, replica: Replica, shared: dict[str, str]) -> dict[str, str]:
        data_dir = self.work_dir / (f"replica-{replica.index}" if self.scaled else "data")
        single = {} if self.scaled else {"DLA_DATABASE_URL": f"sqlite:///{data_dir}/app.db"}
        return service_env(replica.api_port, replica.rasa_port, {**single, **shared, **self.extra_env}, data_dir)


def _kill(process: subprocess.Popen | None) -> None:
    """As in a crash: SIGKILL to the whole process group, no clean shutdown."""
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
