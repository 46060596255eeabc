"""Fixtures for the deployment tests.

The production configuration is exercised without Docker: the services of docker-compose.yml are
read from `docker-compose config` (with deploy/.env.example) and their commands and environment are
run on loopback against this machine's PostgreSQL and Redis, with Debian's nginx using
deploy/nginx.conf, and moto's S3 server standing in for MinIO (the compose `minio-init` one-shot's command,
deploy/zhifa-s3 init, creates the buckets in it). Only paths, ports, upstreams, the database, Redis and
the S3 endpoint, and the secrets (files generated here) are substituted; everything else is the compose
file's own value, except that beat seals history every 2 seconds instead of every minute and MinIO's
admin API (the application's user, not S3) is left out. Each process records what it ran in
Stack.ran; test_parity.py compares that with docker-compose.yml, service by service.

Two things that depend only on the code are kept between runs under $TMPDIR/zhifa-deploy-cache and in
a database zhifa_deploy_tpl_<hash>: the collected static files and a migrated template database.
Every run still runs the compose `migrate` service's command (check --deploy, migrate) on its copy.

Needs DATABASE_URL and REDIS_URL (set by `make test`, embedded or real). Debian packages that are
missing (nginx, docker-compose, openssl) are installed when running as root, otherwise the tests
that need them are skipped with the reason.

Set ZHIFA_DEPLOY_KEEP=1 to keep the stack's directory (logs of every process, nginx configs) afterwards.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import fcntl
import hashlib
import http.client
import importlib.metadata
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
BACKEND = REPO / "backend"
DEPLOY = REPO / "deploy"
VENV_BIN = Path(sys.executable).parent
PORTS = range(8200, 8300)
S3_PORTS = range(18300, 18400)
SERVICES = ("web", "worker-default", "worker-publish", "worker-ingest", "worker-reports", "beat")
WORKER_QUEUES = {"worker-default": "default", "worker-publish": "publish",
                 "worker-ingest": "ingest", "worker-reports": "reports"}
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "Deploy-drill-" + secrets.token_hex(8)
# deploy/Dockerfile copies these into the ops image's /usr/local/bin.
OPS_SCRIPTS = {"zhifa-s3": "zhifa-s3", "backup.sh": "backup.sh", "restore.sh": "restore.sh"}
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


# --- Debian tools -------------------------------------------------------------------------------------

def which(command: str) -> str | None:
    return shutil.which(command, path=f"{VENV_BIN}:{os.environ.get('PATH', '')}:{SYSTEM_PATH}")


_apt_updated = False


def ensure_debian_packages(commands: dict[str, str]) -> dict[str, str]:
    """{command: package} -> {command: path}; installs the missing packages with apt-get as root."""
    global _apt_updated
    missing = {command: package for command, package in commands.items() if not which(command)}
    if missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            pytest.skip(
                f"!!! DEPLOYMENT TESTS SKIPPED: {', '.join(sorted(set(missing.values())))} missing and cannot be "
                f"installed here (needs root and apt-get): install them to run these tests"
            )
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        lock_wait = ["-o", "DPkg::Lock::Timeout=300"]
        print(f"\n[deploy tests] installing Debian packages: {' '.join(sorted(set(missing.values())))}",
              file=sys.stderr, flush=True)
        for attempt in range(3):
            try:
                if not _apt_updated:
                    subprocess.run(["apt-get", *lock_wait, "update", "-q"], check=True, env=env,
                                   stdout=subprocess.DEVNULL, timeout=600)
                    _apt_updated = True
                subprocess.run(["apt-get", *lock_wait, "install", "-y", "-q", "--no-install-recommends",
                                *sorted(set(missing.values()))], check=True, env=env,
                               stdout=subprocess.DEVNULL, timeout=900)
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
                time.sleep(5)
    found = {command: which(command) for command in commands}
    absent = [command for command, path in found.items() if not path]
    assert not absent, f"still missing after apt-get install: {absent}"
    return found


@pytest.fixture(scope="session")
def debian_tools() -> dict[str, str]:
    return ensure_debian_packages({"nginx": "nginx", "docker-compose": "docker-compose", "openssl": "openssl"})


@pytest.fixture(scope="session")
def check_jsonschema() -> str:
    """The check-jsonschema CLI, installed into the test virtualenv from PyPI if missing."""
    path = VENV_BIN / "check-jsonschema"
    if not path.exists():
        print("\n[deploy tests] installing check-jsonschema into the virtualenv", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "check-jsonschema"], check=True,
                       timeout=600)
    assert path.exists(), "check-jsonschema did not install"
    return str(path)


# --- The compose file, resolved ------------------------------------------------------------------------

def compose_env(**extra: str) -> dict[str, str]:
    """A clean environment for docker-compose: the caller's DATABASE_URL etc. must not leak in."""
    return {"PATH": f"{os.environ.get('PATH', '')}:{SYSTEM_PATH}", "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8", "ZHIFA_ENV_FILE": "deploy/.env.example", **extra}


def run_compose(docker_compose: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [docker_compose, "--env-file", "deploy/.env.example", "-f", "docker-compose.yml", *args],
        cwd=REPO, env=compose_env(), capture_output=True, text=True, timeout=120, check=check,
    )


@pytest.fixture(scope="session")
def compose_config(debian_tools) -> dict:
    """docker-compose.yml as docker-compose 1.29 resolves it with deploy/.env.example."""
    import yaml

    result = run_compose(debian_tools["docker-compose"], "--profile", "monitoring", "--profile", "ops", "config")
    return yaml.safe_load(result.stdout)


# --- PostgreSQL and Redis -------------------------------------------------------------------------------

def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _without_password(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.password is None:
        return url, ""
    userinfo = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{userinfo}@{host}" if userinfo else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), parts.password


@dataclasses.dataclass
class PgServer:
    url: str  # DATABASE_URL of the test run (any database on the server)
    dropping: list = dataclasses.field(default_factory=list)

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(_with_database(self.url, database), autocommit=True, connect_timeout=10)

    def url_for(self, database: str) -> str:
        return _with_database(self.url, database)

    def create(self, prefix: str, template: str | None = None) -> str:
        name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def template(self, key: str, build) -> str:
        """A migrated database to copy from, kept between runs while the migrations stay the same.

        build(name) migrates the empty database `name`. Templates of older migrations are dropped.
        """
        name = f"zhifa_deploy_tpl_{key}"
        with self.connect() as conn:
            existing = [row[0] for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE 'zhifa_deploy_tpl_%'").fetchall()]
        for stale in existing:
            if stale != name:
                self.drop(stale)
        if name not in existing:
            building = f"{name}_building"
            self.drop(building)
            with self.connect() as conn:
                conn.execute(f'CREATE DATABASE "{building}"')
            try:
                build(building)
            except BaseException:
                self.drop(building)
                raise
            with self.connect() as conn:
                conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        return name

    def drop(self, name: str) -> None:
        with contextlib.suppress(Exception), self.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_later(self, name: str) -> None:
        """Drops the database in the background (it can take seconds on a busy disk); the session
        waits for it at the end."""
        thread = threading.Thread(target=self.drop, args=(name,), daemon=True)
        thread.start()
        self.dropping.append(thread)

    def major_version(self) -> int:
        with self.connect() as conn:
            return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000

    def query(self, database: str, sql: str):
        with self.connect(database) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture(scope="session")
def pg_server():
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.skip("DATABASE_URL is not set: run through `make test`, or set DATABASE_URL and REDIS_URL")
    server = PgServer(url)
    yield server
    dropping = time.monotonic()
    for thread in server.dropping:
        thread.join(120)
    phase("dropping the databases", dropping)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """Redis for the loopback stack: the test run's server, in a database index of its own."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: run through `make test`, or set DATABASE_URL and REDIS_URL")
    index = os.environ.get("ZHIFA_DEPLOY_REDIS_DB", "14")
    return urlunsplit(urlsplit(url)._replace(path=f"/{index}"))


@dataclasses.dataclass
class ObjectStore:
    """moto's S3 server on loopback: the S3 endpoint the stack uses instead of MinIO."""
    endpoint: str
    process: "Process"

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="zhifa-test", aws_secret_access_key="zhifa-test",
                            config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))

    def keys(self, bucket: str, prefix: str = "") -> dict[str, int]:
        found = {}
        for page in self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
            found.update({item["Key"]: item["Size"] for item in page.get("Contents", [])})
        return found

    def anonymous_get(self, bucket: str, key: str) -> "Response":
        parts = urlsplit(self.endpoint)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request("GET", f"/{bucket}/{key}")
            response = conn.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            conn.close()


@pytest.fixture(scope="session")
def object_store(tmp_path_factory) -> ObjectStore:
    """`moto_server` (moto[server]) on a free loopback port in 18300-18399, stopped at the end."""
    server = VENV_BIN / "moto_server"
    if not server.exists():
        pytest.skip("!!! moto_server is not installed (pip install 'moto[server]')")
    logs = tmp_path_factory.mktemp("moto")
    port = free_ports(1, S3_PORTS)[0]
    process = start("moto", [str(server), "-H", "127.0.0.1", "-p", str(port)],
                    env={"PATH": f"{VENV_BIN}:{SYSTEM_PATH}", "HOME": str(logs), "LANG": "C.UTF-8"},
                    cwd=logs, logs=logs)
    store = ObjectStore(f"http://127.0.0.1:{port}", process)

    def answering() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_for(answering, timeout=30, what="moto_server listening", processes=[process])
        yield store
    finally:
        process.stop()


@pytest.fixture(scope="session")
def pg_bin(pg_server) -> str:
    """A directory with pg_dump, pg_restore and psql able to talk to the server (same major or newer)."""
    server = pg_server.major_version()
    candidates = []
    on_path = which("pg_dump")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    spec = importlib.util.find_spec("pgserver")  # local mode's embedded server ships its own tools
    if spec and spec.origin:
        candidates.append(Path(spec.origin).parent / "pginstall" / "bin")
    usable = []
    for directory in candidates:
        if not all((directory / tool).exists() for tool in ("pg_dump", "pg_restore", "psql")):
            continue
        out = subprocess.run([directory / "pg_dump", "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)(?:\.\d+)?", out)
        if match and int(match.group(1)) >= server:
            usable.append((int(match.group(1)), str(directory)))
    if not usable:
        pytest.skip(f"!!! no pg_dump for PostgreSQL {server} or newer on this machine "
                    f"(install postgresql-client-{server})")
    return min(usable)[1]


# --- Processes ------------------------------------------------------------------------------------------

def free_ports(count: int, within: range = PORTS) -> list[int]:
    ports: list[int] = []
    candidates = list(within)
    random.shuffle(candidates)
    for port in candidates:
        with socket.socket() as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"not enough free ports in {within.start}-{within.stop - 1}")


@dataclasses.dataclass
class Process:
    name: str
    popen: subprocess.Popen
    stdout: Path
    stderr: Path

    def lines(self) -> list[str]:
        return [line for line in self.stdout.read_text(errors="replace").splitlines() if line.strip()]

    def tail(self, count: int = 40) -> str:
        out = "\n".join(self.stdout.read_text(errors="replace").splitlines()[-count:])
        err = "\n".join(self.stderr.read_text(errors="replace").splitlines()[-count:])
        return f"--- {self.name} stdout\n{out}\n--- {self.name} stderr\n{err}"

    def terminate(self) -> None:
        """SIGTERM to the main process only, as `docker stop` does through the container's init."""
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.popen.pid, signal.SIGTERM)

    def stop(self, timeout: float = 5) -> None:
        if self.popen.poll() is not None:
            return
        self.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout)
        with contextlib.suppress(ProcessLookupError):  # whatever of its group is left
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(5)


def start(name: str, argv: list[str], *, env: dict, cwd: Path, logs: Path) -> Process:
    stdout, stderr = logs / f"{name}.out", logs / f"{name}.err"
    popen = subprocess.Popen(argv, env=env, cwd=cwd, stdout=stdout.open("wb"), stderr=stderr.open("wb"),
                             stdin=subprocess.DEVNULL, start_new_session=True)
    return Process(name, popen, stdout, stderr)


def phase(name: str, started: float) -> float:
    """Setup timings, printed with the output of a failing test (pytest -rA shows them always)."""
    now = time.monotonic()
    print(f"[deploy tests] {name}: {now - started:.1f}s", flush=True)
    return now


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str, processes=()) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        for process in processes:
            if process.popen.poll() is not None:
                raise AssertionError(f"{process.name} exited with {process.popen.returncode} while waiting for "
                                     f"{what}\n{process.tail()}")
        time.sleep(interval)
    tails = "\n".join(process.tail() for process in processes)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{tails}")


# --- HTTP -----------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)


class Sink:
    """A tiny HTTP server standing in for an upload endpoint: reads the body as it arrives, hashes it,
    and records when the first byte came in."""

    def __init__(self, port: int):
        self.received = 0
        self.first_byte_at: float | None = None
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_PATCH(self):
                sink.received, sink.first_byte_at = 0, None
                digest = hashlib.sha256()
                length = int(self.headers.get("Content-Length") or 0)
                while sink.received < length:
                    data = self.rfile.read(min(1 << 20, length - sink.received))
                    if not data:
                        break
                    if sink.first_byte_at is None:
                        sink.first_byte_at = time.monotonic()
                    digest.update(data)
                    sink.received += len(data)
                body = json.dumps({"bytes": sink.received, "sha256": digest.hexdigest(),
                                   "request_buffering": self.headers.get("Content-Length") is None}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PUT = do_PATCH

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclasses.dataclass
class Nginx:
    https_port: int
    http_port: int
    process: Process
    config: Path


@dataclasses.dataclass
class Stack:
    root: Path
    host: str  # the first of DJANGO_ALLOWED_HOSTS from .env.example
    database: str
    redis_url: str
    web_port: int
    env: dict[str, dict[str, str]]  # per compose service, after substitution
    processes: dict[str, Process]
    nginx: Nginx
    probe: Nginx  # same config, web unreachable and uploads sent to the sink
    sink: Sink
    cafile: Path
    publication: Path  # the sample files' directory inside the publication store
    site: Path  # the publication store (PUBLICATION_ROOT)
    media: Path
    app: Path
    admin_password: str
    services: dict  # docker-compose.yml's services, as `docker-compose config` resolves them
    static_root: Path
    object_store: ObjectStore
    ran: dict[str, dict]  # compose service -> {"argv", "env"} (or {"config"} for nginx) as started here
    paths: dict[str, str]  # container path -> local path
    secrets_dir: Path
    image_env: dict[str, str]  # what the backend image's ENV sets

    def ssl_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cafile))
        return context

    def request(self, method: str, path: str, *, headers: dict | None = None, body: bytes | None = None,
                nginx: Nginx | None = None, tls: bool = True, timeout: float = 30) -> Response:
        target = nginx or self.nginx
        if tls:
            conn = http.client.HTTPSConnection("127.0.0.1", target.https_port, context=self.ssl_context(),
                                               timeout=timeout)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", target.http_port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers={"Host": self.host, **(headers or {})})
            response = conn.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            conn.close()

    def json_request(self, method: str, path: str, payload=None, *, token: str | None = None,
                     headers: dict | None = None) -> Response:
        all_headers = {"Accept": "application/json", **(headers or {})}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            all_headers["Content-Type"] = "application/json"
        if token:
            all_headers["Authorization"] = f"Token {token}"
        return self.request(method, path, headers=all_headers, body=body)

    def login(self) -> str:
        response = self.json_request("POST", "/api/auth/token/",
                                     {"username": ADMIN_USERNAME, "password": self.admin_password})
        assert response.status == 200, (response.status, response.body[:500])
        return response.json()["token"]

    def manage(self, *args: str, service: str = "web", extra_env: dict | None = None,
               check: bool = True) -> subprocess.CompletedProcess:
        env = {**self.env[service], **(extra_env or {})}
        result = subprocess.run([str(VENV_BIN / "python"), "manage.py", *args], cwd=BACKEND, env=env,
                                capture_output=True, text=True, timeout=300)
        if check:
            assert result.returncode == 0, (f"manage.py {' '.join(args)} exited {result.returncode}:\n"
                                            f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
        return result

    def demo(self) -> None:
        """The demo data (officers, cases, evidence, published notices), loaded once per run."""
        if not getattr(self, "_demo_loaded", False):
            self.manage("load_demo")
            self._demo_loaded = True

    def officer_token(self) -> str:
        """A token for the demo officer `officer1` (officers upload evidence)."""
        self.demo()
        password = self.env["web"].get("DEMO_PASSWORD", "zhifa-demo")
        login = self.json_request("POST", "/api/auth/token/", {"username": "officer1", "password": password})
        assert login.status == 200, login.body[:300]
        return login.json()["token"]

    def case_under_investigation(self, token: str) -> int | None:
        cases = self.json_request("GET", "/api/cases/?state=investigating", token=token)
        assert cases.status == 200, cases.body[:300]
        listed = cases.json()
        results = listed.get("results", []) if isinstance(listed, dict) else listed
        return results[0]["id"] if results else None

    def tus_upload(self, data: bytes, *, token: str, case: int, filename: str, title: str) -> str:
        """Creates a tus upload and sends `data` in one PATCH through nginx; returns the upload's path."""
        digest = hashlib.sha256(data)
        auth = {"Authorization": f"Token {token}", "Tus-Resumable": "1.0.0"}
        metadata = ",".join(f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in {
            "filename": filename, "case": case, "kind": "audiovisual", "sha256": digest.hexdigest(),
            "title": title}.items())
        created = self.request("POST", "/api/evidence/uploads/",
                               headers={**auth, "Upload-Length": str(len(data)), "Upload-Metadata": metadata})
        assert created.status == 201, created.body[:500]
        path = urlsplit(created.header("Location")).path
        conn = http.client.HTTPSConnection("127.0.0.1", self.nginx.https_port, context=self.ssl_context(),
                                           timeout=300)
        try:
            conn.putrequest("PATCH", path, skip_host=True)
            for name, value in {**auth, "Host": self.host, "Upload-Offset": "0", "Content-Length": str(len(data)),
                                "Content-Type": "application/offset+octet-stream",
                                "Upload-Checksum": f"sha256 {base64.b64encode(digest.digest()).decode()}"}.items():
                conn.putheader(name, value)
            conn.endheaders()
            view = memoryview(data)
            for offset in range(0, len(data), 1 << 20):
                conn.send(view[offset:offset + (1 << 20)])
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        assert response.status == 204, response.status
        assert response.getheader("Upload-Offset") == str(len(data))
        return path

    def wait_for_ingest(self, path: str, token: str) -> dict:
        """Waits for worker-ingest to finish the upload at `path`; returns its status."""
        status: dict = {}

        def ingested():
            status.update(self.json_request("GET", path, token=token).json())
            assert status["status"] not in ("failed", "rejected"), status
            return status["status"] == "done"

        wait_for(ingested, timeout=90, interval=0.5, what="worker-ingest to ingest the upload",
                 processes=[self.processes["worker-ingest"]])
        return status

    def log_records(self, service: str) -> list[dict]:
        return [json.loads(line) for line in self.processes[service].lines()]


# --- Substitution of the compose configuration ----------------------------------------------------------

def substitute_paths(value: str, mapping: dict[str, str]) -> str:
    for container_path, local_path in mapping.items():
        value = re.sub(rf"(?<![\w/.-]){re.escape(container_path)}(?=/|$|\s|:|,)", local_path, value)
    return value


def unescape(value) -> str:
    """`docker-compose config` writes a literal $ as $$; the container receives $."""
    return str(value).replace("$$", "$")


def service_environment(service: dict, *, paths: dict[str, str], overrides: dict[str, str]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    env = {key: substitute_paths(unescape(value), paths) for key, value in environment.items() if value is not None}
    env.update(overrides)
    return env


def service_command(service: dict, *, paths: dict[str, str], ports: dict[str, str]) -> list[str]:
    argv = [substitute_paths(unescape(arg), paths) for arg in service["command"]]
    for old, new in ports.items():
        argv = [arg.replace(old, new) for arg in argv]
    if argv[0] in ("gunicorn", "celery", "python"):
        argv[0] = str(VENV_BIN / argv[0])
    elif argv[0] in OPS_SCRIPTS:  # installed into the ops image's PATH from deploy/
        argv[0] = str(DEPLOY / OPS_SCRIPTS[argv[0]])
    return argv


def render_nginx_conf(*, http_port: int, https_port: int, web: str, uploads: str,
                      paths: dict[str, str]) -> str:
    """deploy/nginx.conf with only paths, ports and upstreams replaced."""
    text = (DEPLOY / "nginx.conf").read_text()
    text = re.sub(r"(upstream zhifa_web \{\s*server )web:8000;", rf"\g<1>{web};", text)
    text = re.sub(r"(upstream zhifa_uploads \{\s*server )web:8000;", rf"\g<1>{uploads};", text)
    assert "web:8000" not in text, "an upstream the test does not know about"
    listens = re.findall(r"^\s*listen\s+(\S+)", text, re.MULTILINE)
    assert sorted(listens) == ["8080", "8443"], f"listen directives the test does not know about: {listens}"
    text = re.sub(r"(^\s*listen\s+)8080\b", rf"\g<1>127.0.0.1:{http_port}", text, flags=re.MULTILINE)
    text = re.sub(r"(^\s*listen\s+)8443\b", rf"\g<1>127.0.0.1:{https_port}", text, flags=re.MULTILINE)
    for container_path, local_path in paths.items():
        text = text.replace(container_path, local_path)
    return text


def make_certificate(openssl: str, directory: Path, host: str) -> None:
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-sha256", "-nodes", "-days", "2", "-subj", f"/CN={host}",
         "-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1",
         "-keyout", str(directory / "tls_private_key"), "-out", str(directory / "tls_certificate")],
        check=True, capture_output=True, timeout=60,
    )


def write_publication_sample(publication: Path) -> Path:
    """Files shaped like the publish workers' output (pages, a hashed stylesheet, the feed, a file being
    written), in a directory of their own so that the real site's files never clash with them."""
    sample = publication / "deploy-probe"
    (sample / "notices").mkdir(parents=True, exist_ok=True)
    (sample / "assets").mkdir(exist_ok=True)
    (sample / "index.html").write_text(
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>行政执法公示</title>"
        "<link rel=stylesheet href=assets/site.3f2a9c1e0b7d.css>"
        "<main><h1>行政处罚决定公示</h1><a href=notices/2025-0001.html>潜民罚决〔2025〕1号</a></main></html>",
        encoding="utf-8")
    (sample / "notices" / "2025-0001.html").write_text(
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>潜民罚决〔2025〕1号</title>"
        "<main><h1>行政处罚决定书</h1><p>当事人：某某协会（统一社会信用代码 51429005MJH123456X）</p></main></html>",
        encoding="utf-8")
    (sample / "assets" / "site.3f2a9c1e0b7d.css").write_text("body{font-family:sans-serif}\n")
    (sample / "feed.atom").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>公示</title></feed>\n',
        encoding="utf-8")
    (sample / ".tmp-index-k2j3").write_text("half-written")
    (sample / "notices" / "draft.html.tmp").write_text("half-written")
    return sample


def write_app_sample(app: Path) -> None:
    """A built web app: index.html and a hashed asset, as `vite build` leaves them."""
    (app / "assets").mkdir(parents=True, exist_ok=True)
    (app / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>执法案卷管理系统</title>'
        '<script type="module" src="/app/assets/index-Bq3xY7aZ.js"></script></head>'
        '<body><div id="app"></div></body></html>', encoding="utf-8")
    (app / "assets" / "index-Bq3xY7aZ.js").write_text("console.log('zhifa')\n")


def write_media_sample(media: Path) -> None:
    """Other files in the media volume besides the evidence store (which the demo data fills)."""
    for size in (1, 4096, 1 << 20):
        data = os.urandom(size)
        path = media / "files" / f"sample-{hashlib.sha256(data).hexdigest()[:16]}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# --- Caches between runs: the migrated template database and the collected static files ----------------
# Both depend only on the code; rebuilding them every run would cost more than the rest of the tests.

CACHE = Path(tempfile.gettempdir()) / "zhifa-deploy-cache"


def _installed_versions(digest) -> None:
    for line in sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()):
        digest.update(line.encode())


def migrations_key() -> str:
    digest = hashlib.sha256()
    for path in sorted(BACKEND.glob("*/**/migrations/*.py")):
        digest.update(str(path.relative_to(BACKEND)).encode())
        digest.update(path.read_bytes())
    _installed_versions(digest)
    return digest.hexdigest()[:16]


def static_key() -> str:
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}|{stat.st_size}|{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    digest.update((BACKEND / "config" / "settings" / "production.py").read_bytes())
    _installed_versions(digest)
    return digest.hexdigest()[:16]


def collected_static(collect) -> Path:
    """collect(directory) runs collectstatic into directory; the result is kept between runs."""
    CACHE.mkdir(exist_ok=True)
    CACHE.chmod(0o755)
    target = CACHE / f"static-{static_key()}"
    if not target.is_dir():
        building = Path(tempfile.mkdtemp(prefix="static-building-", dir=CACHE))
        collect(building)
        building.chmod(0o755)
        building.rename(target)
    for stale in CACHE.glob("static-*"):
        if stale != target and not stale.name.startswith("static-building-"):
            shutil.rmtree(stale, ignore_errors=True)
    return target


# --- The loopback stack ---------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def stack(request, debian_tools, compose_config, pg_server, redis_url, object_store) -> Stack:
    """The production process set on loopback, against a throwaway database. See the module docstring."""
    # One deployment run at a time on a machine: they share the Redis database index and ports range.
    started = time.monotonic()
    lock = open(Path(tempfile.gettempdir()) / "zhifa-deploy-tests.lock", "w")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)
    request.addfinalizer(lock.close)
    started = phase("waiting for another deployment test run", started)

    root = Path(tempfile.mkdtemp(prefix="zhifa-deploy-"))
    root.chmod(0o755)  # nginx's workers (nobody) read the served directories
    if os.environ.get("ZHIFA_DEPLOY_KEEP"):  # keep the logs and files for a look afterwards
        print(f"[deploy tests] keeping {root}", flush=True)
    else:
        request.addfinalizer(lambda: shutil.rmtree(root, ignore_errors=True))
    for sub in ("secrets", "var/media", "var/beat", "srv/publication", "srv/app", "nginx", "probe", "logs", "home"):
        (root / sub).mkdir(parents=True)
        (root / sub).chmod(0o755)

    services = compose_config["services"]
    host = services["web"]["environment"]["DJANGO_ALLOWED_HOSTS"].split(",")[0].strip()
    _, database_password = _without_password(pg_server.url)

    secrets_dir = root / "secrets"
    (secrets_dir / "django_secret_key").write_text(secrets.token_urlsafe(64))
    (secrets_dir / "postgres_password").write_text(database_password)
    (secrets_dir / "s3_access_key_id").write_text("zhifa-app")
    (secrets_dir / "s3_secret_access_key").write_text(secrets.token_hex(24))
    (secrets_dir / "minio_root_user").write_text("zhifa-root")
    (secrets_dir / "minio_root_password").write_text(secrets.token_hex(24))
    (secrets_dir / "flower_basic_auth").write_text(f"admin:{secrets.token_hex(12)}")
    make_certificate(debian_tools["openssl"], secrets_dir, host)
    for secret in secrets_dir.iterdir():
        secret.chmod(0o644)

    web_port, http_port, https_port, probe_http, probe_https, sink_port, dead_port = free_ports(7)
    paths = {
        "/var/lib/zhifa": str(root / "var"),
        "/srv/zhifa": str(root / "srv"),
        "/run/secrets": str(secrets_dir),
        "/app/deploy": str(DEPLOY),
        "/app/backend": str(BACKEND),
        "/app/frontend/dist": str(root / "srv" / "app"),
    }
    image_env = {  # what deploy/Dockerfile sets with ENV in the backend image
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": str(BACKEND),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "FRONTEND_DIST_DIR": str(root / "srv" / "app"),
        "ZHIFA_VAR_DIR": str(root / "var"),
        "PATH": f"{VENV_BIN}:{SYSTEM_PATH}",
        "HOME": str(root / "home"),
        "LANG": "C.UTF-8",
        "HOSTNAME": socket.gethostname(),
    }
    overrides = {
        "REDIS_URL": redis_url,
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "S3_ENDPOINT_URL": object_store.endpoint,  # moto's S3 server instead of http://minio:9000
        "AUDIT_SEAL_INTERVAL_SECONDS": "2",  # so that beat fires during the test
    }
    env = {name: {**image_env, **service_environment(services[name], paths=paths, overrides=overrides)}
           for name in (*SERVICES, "migrate")}
    ran: dict[str, dict] = {}  # compose service -> what this run started for it (test_parity.py)

    # The compose `minio-init` one-shot, first: the buckets the application needs. MinIO's admin API (the
    # application's own user) is not S3 and moto has no such thing: those two variables are left out.
    bucket_init = service_command(services["minio-init"], paths=paths, ports={})
    bucket_env = {**service_environment(services["minio-init"], paths=paths,
                                        overrides={"S3_ENDPOINT_URL": object_store.endpoint}),
                  "PATH": f"{VENV_BIN}:{SYSTEM_PATH}", "HOME": str(root / "home"), "LANG": "C.UTF-8"}
    for admin_only in ("MINIO_APP_ACCESS_KEY_FILE", "MINIO_APP_SECRET_KEY_FILE"):
        bucket_env.pop(admin_only)
    result = subprocess.run(bucket_init, env=bucket_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"minio-init: {bucket_init} failed:\n{result.stdout}\n{result.stderr}"
    ran["minio-init"] = {"argv": bucket_init, "env": bucket_env}

    write_publication_sample(root / "srv" / "publication")
    write_app_sample(root / "srv" / "app")
    write_media_sample(root / "var" / "media")

    def run(argv, service="web", **kwargs):
        result = subprocess.run(argv, cwd=BACKEND, env={**env[service], **kwargs.pop("extra_env", {})},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{argv} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    migrate = service_command(services["migrate"], paths=paths, ports={})

    def url(name):
        return _without_password(pg_server.url_for(name))[0]

    # What the image build does (collectstatic), beside migrating a template database; both are kept
    # between runs while the code they depend on is unchanged.
    with ThreadPoolExecutor(2) as pool:
        static = pool.submit(collected_static, lambda target: run(
            [str(VENV_BIN / "python"), "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            extra_env={"DJANGO_STATIC_ROOT": str(target)}))
        template = pool.submit(pg_server.template, migrations_key(), lambda name: run(
            migrate, service="migrate", extra_env={"DATABASE_URL": url(name)}))
        static_root, template_name = static.result(), template.result()
    started = phase("static files and template database", started)
    database = pg_server.create("zhifa_deploy", template=template_name)
    request.addfinalizer(lambda: pg_server.drop_later(database))
    for service_env in env.values():
        service_env.update({"DATABASE_URL": url(database), "DJANGO_STATIC_ROOT": str(static_root)})
    paths["/app/static"] = str(static_root)

    # The one-shot migrate service itself (check --deploy, then migrate: nothing left to apply), and the
    # operator's first administrator, as docs/deployment.md tells.
    run(migrate, service="migrate")
    ran["migrate"] = {"argv": migrate, "env": env["migrate"]}
    started = phase("migrate service", started)
    createsuperuser_errors: list[BaseException] = []

    def _createsuperuser():
        try:
            run([str(VENV_BIN / "python"), "manage.py", "createsuperuser", "--no-input", "--username",
                 ADMIN_USERNAME, "--email", "admin@example.gov.cn"],
                extra_env={"DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD})
        except BaseException as exc:  # noqa: BLE001 - re-raised below in the fixture's thread
            createsuperuser_errors.append(exc)

    createsuperuser = threading.Thread(target=_createsuperuser, daemon=True)
    createsuperuser.start()

    logs = root / "logs"
    processes: dict[str, Process] = {}

    def stop_all():
        stopping = time.monotonic()
        for process in processes.values():  # all at once: Celery's warm shutdown takes a moment each
            process.terminate()
        deadline = time.monotonic() + 5  # one grace period for all, then what is left is killed
        for process in processes.values():
            process.stop(timeout=max(0.1, deadline - time.monotonic()))
        phase("stopping the stack", stopping)

    request.addfinalizer(stop_all)
    for name in SERVICES:
        argv = service_command(services[name], paths=paths, ports={})
        processes[name] = start(name, argv, env=env[name], cwd=BACKEND, logs=logs)
        ran[name] = {"argv": argv, "env": env[name]}

    def web_healthy() -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": host})
            return conn.getresponse().status == 200
        except OSError:
            return False

    wait_for(web_healthy, timeout=60, what="gunicorn /healthz", processes=[processes["web"]])
    started = phase("gunicorn healthy", started)

    sink = Sink(sink_port)
    request.addfinalizer(sink.close)

    def start_nginx(name: str, *, http: int, https: int, web: str, uploads: str) -> Nginx:
        prefix = root / name
        nginx_paths = {"/tmp/": f"{prefix}/", "/run/secrets/": f"{secrets_dir}/", "/srv/zhifa": f"{root}/srv"}
        conf = prefix / "nginx.conf"
        conf.write_text(render_nginx_conf(http_port=http, https_port=https, web=web, uploads=uploads,
                                          paths=nginx_paths))
        test = subprocess.run([debian_tools["nginx"], "-t", "-q", "-p", str(prefix), "-c", str(conf),
                               "-e", "stderr"], capture_output=True, text=True, timeout=30)
        assert test.returncode == 0, f"nginx -t failed for deploy/nginx.conf:\n{test.stderr}"
        process = start(name, [debian_tools["nginx"], "-p", str(prefix), "-c", str(conf), "-e", "stderr",
                               "-g", "daemon off;"], env={"PATH": SYSTEM_PATH}, cwd=prefix, logs=logs)
        processes[name] = process

        def listening() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", https)) == 0

        wait_for(listening, timeout=20, what=f"{name} listening", processes=[process])
        return Nginx(https, http, process, conf)

    nginx = start_nginx("nginx", http=http_port, https=https_port, web=f"127.0.0.1:{web_port}",
                        uploads=f"127.0.0.1:{web_port}")
    ran["nginx"] = {"config": nginx.config}
    probe = start_nginx("probe", http=probe_http, https=probe_https, web=f"127.0.0.1:{dead_port}",
                        uploads=f"127.0.0.1:{sink_port}")

    createsuperuser.join(120)
    phase("nginx and createsuperuser", started)
    if createsuperuser_errors:
        raise createsuperuser_errors[0]

    return Stack(root=root, host=host, database=database, redis_url=redis_url, web_port=web_port, env=env,
                 processes=processes, nginx=nginx, probe=probe, sink=sink, cafile=secrets_dir / "tls_certificate",
                 publication=root / "srv" / "publication" / "deploy-probe", site=root / "srv" / "publication",
                 media=root / "var" / "media", app=root / "srv" / "app", admin_password=ADMIN_PASSWORD,
                 services=services, static_root=static_root, object_store=object_store, ran=ran,
                 paths=paths, secrets_dir=secrets_dir, image_env=image_env)


# --- The backup and restore drill -------------------------------------------------------------------------

RESTORED_BUCKET = "zhifa-evidence-restored"


def count_ok(output: str) -> int:
    match = re.match(r"OK: (\d+) ", output)
    assert match, output
    return int(match.group(1))


def run_script(argv: list[str], env: dict, *, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"{argv} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@dataclasses.dataclass
class Drill:
    stack: Stack
    pg_server: PgServer
    env: dict  # the compose `backup` service's environment, substituted
    backup: list[str]  # its command (the ops image's CMD)
    backups: Path
    first: Path
    restored_db: str
    restored_url: str
    restored: Path
    restored_bucket: str
    sealed: int
    originals: int
    evidence_before: dict[str, int]  # evidence bucket keys and sizes when the backup started

    def manage_restored(self, *args, check=True, **extra_env):
        return self.stack.manage(*args, check=check, extra_env={
            "DATABASE_URL": self.restored_url, "DJANGO_MEDIA_ROOT": str(self.restored / "media"),
            "PUBLICATION_ROOT": str(self.restored / "publication"), "S3_BUCKET": self.restored_bucket,
            **extra_env})

    def restore(self, env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_script([str(DEPLOY / "restore.sh"), *args], env, check=check)


@pytest.fixture(scope="session")
def drill(request, stack, pg_server, pg_bin) -> Drill:
    """backup.sh as the compose `backup` service runs it (its environment, BACKUP_STORES empty: the media and
    publication volumes plus the evidence bucket), then restore.sh into a fresh database, fresh directories
    and a fresh bucket made by the same `zhifa-s3 init` as minio-init."""
    stack.demo()

    def stored_originals() -> int:
        return pg_server.query(stack.database,
                               "SELECT count(*) FROM evidence_storedfile WHERE purged_at IS NULL")[0][0]

    if stored_originals() == 0:
        # Evidence to back up: a recording uploaded through nginx and ingested by worker-ingest.
        from zhifa.demo.evidence import make_mp4

        token = stack.officer_token()
        case = stack.case_under_investigation(token)
        assert case, "the demo data has no case under investigation to attach evidence to"
        path = stack.tus_upload(make_mp4(5, note="backup drill"), token=token, case=case,
                                filename="备份演练.mp4", title="备份演练录像")
        stack.wait_for_ingest(path, token)
    # Seal everything written so far, so that the chain covers the whole history being backed up.
    sealed = count_ok(stack.manage("audit_verify", "--seal-first").stdout)
    originals = stored_originals()
    assert sealed > 0 and originals > 0

    source_url, _ = _without_password(pg_server.url_for(stack.database))
    backups = stack.root / "backups"
    service = stack.services["backup"]
    overrides = {"DATABASE_URL": source_url, "S3_ENDPOINT_URL": stack.object_store.endpoint}
    env = {**service_environment(service, paths={**stack.paths, "/backups": str(backups)}, overrides=overrides),
           # The ops image: its PATH has pg_dump of the server's version and python3 with boto3.
           "PATH": f"{VENV_BIN}:{pg_bin}:{SYSTEM_PATH}", "HOME": str(stack.root / "home"), "LANG": "C.UTF-8",
           "PG_BIN": pg_bin}
    backup = service_command({"command": ["backup.sh"]}, paths={}, ports={})  # the ops image's CMD
    evidence_bucket = env["S3_BUCKET"]
    evidence_before = stack.object_store.keys(evidence_bucket)
    first = Path(run_script(backup, env).stdout.strip().splitlines()[-1])
    stack.ran["backup"] = {"argv": backup, "env": env}

    restored_db = pg_server.create("zhifa_restore")
    request.addfinalizer(lambda: pg_server.drop_later(restored_db))
    restored_url, _ = _without_password(pg_server.url_for(restored_db))
    restored = stack.root / "restored"
    # A fresh bucket, as minio-init makes one.
    bucket_init = stack.ran["minio-init"]
    run_script(bucket_init["argv"], {**bucket_init["env"], "S3_BUCKET": RESTORED_BUCKET, "S3_PUBLICATION_BUCKET": ""})
    restore_env = {**env, "DATABASE_URL": restored_url,
                   "RESTORE_STORES": f"media={restored / 'media'} publication={restored / 'publication'} "
                                     f"evidence=s3://{RESTORED_BUCKET}"}
    run_script([str(DEPLOY / "restore.sh"), str(first)], restore_env)
    return Drill(stack, pg_server, env, backup, backups, first, restored_db, restored_url, restored, RESTORED_BUCKET,
                 sealed, originals, evidence_before)


# --- Flower ------------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Flower:
    port: int
    process: Process
    credentials: str  # user:password, from the flower_basic_auth secret

    def get(self, path: str, auth: str | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()} if auth else {}
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return Response(response.status, response.getheaders(), response.read())
        finally:
            conn.close()


@pytest.fixture(scope="session")
def flower(request, stack) -> Flower:
    """The compose `flower` service's entrypoint, command and environment (basic auth read from its secret),
    against the stack's Redis; only the port, the data directory and the broker address are substituted,
    and it listens on loopback only."""
    service = stack.services["flower"]
    port = free_ports(1)[0]
    (stack.root / "flower").mkdir(exist_ok=True)
    paths = {**stack.paths, "/data": str(stack.root / "flower")}
    argv = [substitute_paths(unescape(arg), paths) for arg in [*service["entrypoint"], *service["command"]]]
    env = {**service_environment(service, paths=paths, overrides={
        "CELERY_BROKER_URL": stack.redis_url, "FLOWER_PORT": str(port), "FLOWER_ADDRESS": "127.0.0.1"}),
        "PATH": f"{VENV_BIN}:{SYSTEM_PATH}", "HOME": str(stack.root / "home"), "LANG": "C.UTF-8"}
    process = start("flower", argv, env=env, cwd=stack.root / "flower", logs=stack.root / "logs")
    stack.processes["flower"] = process  # stopped with the rest of the stack
    request.addfinalizer(process.stop)
    stack.ran["flower"] = {"argv": argv, "env": env}

    def listening() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    wait_for(listening, timeout=30, what="flower listening", processes=[process])
    return Flower(port, process, (stack.secrets_dir / "flower_basic_auth").read_text().strip())
