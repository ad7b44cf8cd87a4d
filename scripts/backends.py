"""Real PostgreSQL, Redis and nginx servers on loopback, for tests and benchmarks (Debian's packages).

Each server lives in a throw-away directory and can be stopped and started again (fault tests).

Usage::

    with PostgresServer() as pg, RedisServer() as redis:
        url = pg.create_database("app")           # postgresql+psycopg://dla:dla@127.0.0.1:<port>/app
        ...
        pg.restart()                               # an outage of a second or two
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from abc import ABC, abstractmethod
from pathlib import Path

from scripts.services import free_port

USER = "dla"
PASSWORD = "dla-test-only"


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: drop to the 'postgres' user that Debian's package creates."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    return found[-1]


class _Server:
    """A server process in its own directory; subclasses say how to start and stop it."""

    def __init__(self, name: str) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix=f"dla-{name}-"))
        self.dir.chmod(0o755)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def restart(self, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


class PostgresServer(_Server):
    def __init__(self) -> None:
        super().__init__("postgres")
        self.data = self.dir / "data"
        self._initialised = False

    def start(self) -> None:
        if not self._initialised:
            self._initdb()
        subprocess.run([*_as_postgres(), postgres_bin("pg_ctl"), "-D", str(self.data), "-w", "-l",
                        str(self.dir / "postgres.log"), "-o",
                        f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                        "-c fsync=off", "start"],  # fsync off only matters for an OS crash, not a killed server
                       check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run([*_as_postgres(), postgres_bin("pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop"],
                       capture_output=True)

    def kill(self) -> None:
        """Stop at once, as in a crash (connections are cut)."""
        subprocess.run([*_as_postgres(), postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       capture_output=True)

    def create_database(self, name: str) -> str:
        self.sql(f'CREATE DATABASE "{name}" OWNER {USER}')
        return self.url(name)

    def url(self, database: str, driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str) -> None:
        subprocess.run([*_as_postgres(), "psql", "-h", str(self.dir), "-p", str(self.port), "-U", "postgres",
                        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", statement], check=True, capture_output=True)

    def _initdb(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        subprocess.run([*_as_postgres(), postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "--no-sync", "-E", "UTF8"], check=True, capture_output=True)
        self._initialised = True
        self.start()
        self.sql(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}' CREATEDB")
        self.stop()


class _ForegroundServer(_Server, ABC):
    """A server that runs as our child process in the foreground; subclasses give its command."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._process: subprocess.Popen | None = None

    @abstractmethod
    def command(self) -> list[str]:
        """The server's command line, listening on 127.0.0.1:self.port."""

    def start(self) -> None:
        self._process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)


class RedisServer(_ForegroundServer):
    def __init__(self) -> None:
        super().__init__("redis")

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.dir)]


NGINX_CONFIG = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 16k;
    upstream api {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;
        proxy_next_upstream error timeout http_502 http_503;
        location / {{ proxy_pass http://api; }}
        # A chat message or feedback that failed on a dead replica is safe to send to the other one.
        location ~ ^/api/(chat|feedback)$ {{
            proxy_next_upstream error timeout http_502 non_idempotent;
            proxy_pass http://api;
        }}
    }}
}}
"""


class NginxServer(_ForegroundServer):
    """nginx as the load balancer in front of several API replicas (round robin)."""

    def __init__(self, upstream_ports: list[int]) -> None:
        super().__init__("nginx")
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstream_ports)
        (self.dir / "nginx.conf").write_text(NGINX_CONFIG.format(dir=self.dir, servers=servers, port=self.port))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [shutil.which("nginx") or "/usr/sbin/nginx", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                "-g", "daemon off;"]


def _wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")
