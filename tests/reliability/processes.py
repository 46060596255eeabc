"""Private servers on loopback for fault injection: a PostgreSQL cluster, a Redis server and gunicorn, on
ports from ZHIFA_RELIABILITY_PORTS (default 18400-18499), so that stopping them never touches the
PostgreSQL and Redis other people are using. Each is stopped by the test that started it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND_DIR = REPO_DIR / "backend"


def _major_version(bin_dir: Path) -> int:
    try:
        out = subprocess.run([str(bin_dir / "initdb"), "--version"], capture_output=True, text=True).stdout
    except OSError:
        return 0
    match = re.search(r"(\d+)\.", out)
    return int(match.group(1)) if match else 0


def _server_major_version() -> int:
    """The major version of the PostgreSQL the tests run on (DATABASE_URL; local mode sets it too)."""
    try:
        import psycopg

        with psycopg.connect(os.environ["DATABASE_URL"], dbname="postgres", connect_timeout=5) as conn:
            return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    except Exception:  # no server to ask: any version will do
        return 0


def _pg_bin() -> Path:
    """ZHIFA_PG_BIN, or the PostgreSQL here (Debian's, or the embedded one of local mode) of the same major
    version as the tests' server, so that the private copies of the test database restore as they were
    dumped; failing that, the newest."""
    if os.environ.get("ZHIFA_PG_BIN"):
        return Path(os.environ["ZHIFA_PG_BIN"])
    candidates = [path.parent for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")]
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    found = shutil.which("pg_ctl")
    if found and not candidates:
        candidates.append(Path(found).parent)
    usable = [(version, path) for path in candidates
              if (path / "createdb").exists() and (version := _major_version(path))]
    if not usable:
        return Path("/usr/lib/postgresql/15/bin")
    server = _server_major_version()
    same = [entry for entry in usable if entry[0] == server]
    return max(same or usable)[1]


PG_BIN = _pg_bin()


def free_port() -> int:
    low, _, high = os.environ.get("ZHIFA_RELIABILITY_PORTS", "18400-18499").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in ZHIFA_RELIABILITY_PORTS")


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run its tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="zhifa-rel-pg-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                                     "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]),
                       check=True, capture_output=True)
        self.start()

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                                     str(self.root / "log"), "-w", "start"]), check=True, capture_output=True)

    def stop(self) -> None:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       check=False, capture_output=True)

    def copy_database(self, source_url: str, name: str) -> None:
        """A copy of an already migrated database (the test database): faster than migrating anew."""
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name],
                       check=True, capture_output=True)
        dump = subprocess.Popen([str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url],
                                stdout=subprocess.PIPE)
        subprocess.run([str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url(name)], stdin=dump.stdout,
                       check=True, capture_output=True)
        assert dump.wait() == 0

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="zhifa-rel-redis-"))
        self.process = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # appendonly: a restart keeps the queued messages, as the production Redis does.
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.root),
             "--appendonly", "yes", "--save", ""], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def backend_env(**extra: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(BACKEND_DIR)]), **extra}


def manage_shell(env: dict, code: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=BACKEND_DIR,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


class Gunicorn:
    """The production web server (deploy/gunicorn.conf.py) with the given environment."""

    def __init__(self, env: dict, log_path: Path, workers: int = 2):
        self.port = free_port()
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(REPO_DIR / "deploy" / "gunicorn.conf.py")],
            cwd=BACKEND_DIR, stdout=self._log, stderr=subprocess.STDOUT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers),
                 "GUNICORN_THREADS": "4"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log()[-3000:]}")
            try:
                httpx.get(f"{self.base_url}/healthz", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
