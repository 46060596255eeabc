"""The servers a workload starts on loopback (gunicorn, a Celery worker, nginx), and their memory.

Ports come from BENCH_PORTS (default 18500-18599), so that a bench run on a shared machine stays out of
the way of other servers. Every process is stopped by the workload that started it.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND_DIR = REPO_DIR / "backend"
BIN_DIR = Path(sys.executable).parent


def port_range() -> range:
    low, _, high = os.environ.get("BENCH_PORTS", "18500-18599").partition("-")
    return range(int(low), int(high or low) + 1)


def free_port() -> int:
    for port in port_range():
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in BENCH_PORTS ({os.environ.get('BENCH_PORTS', '18500-18599')})")


def server_env(**extra: str) -> dict:
    """The bench worker's own environment (settings, database) for a child server, plus `extra`."""
    from django.conf import settings

    return {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE, "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": os.pathsep.join([str(REPO_DIR), str(BACKEND_DIR), os.environ.get("PYTHONPATH", "")]),
            **extra}


def wait_http(port: int, path: str, process: subprocess.Popen, *, timeout: float = 60, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f} s")


def start_gunicorn(env: dict, *, workers: int = 2, threads: int = 1,
                   production_config: bool = False) -> tuple[subprocess.Popen, int]:
    """gunicorn on loopback. `production_config` runs deploy/gunicorn.conf.py (gthread workers, as
    production does) with only the bind address, the worker count and the logs changed."""
    port = free_port()
    if production_config:
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers),
               "GUNICORN_THREADS": str(threads), "GUNICORN_ACCESS_LOG": "false", "LOG_LEVEL": "WARNING"}
        command = [str(BIN_DIR / "gunicorn"), "-c", str(REPO_DIR / "deploy" / "gunicorn.conf.py")]
    else:
        command = [str(BIN_DIR / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--threads", str(threads), "--timeout", "120",
                   "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=BACKEND_DIR, env=env, stdout=subprocess.DEVNULL)
    wait_http(port, "/healthz", process, what="gunicorn")
    return process, port


def start_celery(env: dict, *, queues: str, log_path: Path, concurrency: int = 1) -> subprocess.Popen:
    """`celery -A config worker` consuming `queues`, its log in `log_path`; returns once it is ready."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    name = f"bench-{os.getpid()}@%h"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queues, "-c", str(concurrency), "-n", name,
         "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=BACKEND_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited with code {process.returncode}: "
                               f"{log_path.read_text(errors='replace')[-2000:]}")
        if b"ready." in log_path.read_bytes():
            break
        time.sleep(0.2)
    else:
        stop(process)
        raise RuntimeError("the celery worker did not get ready within 90 s")
    return process


def stop(process: subprocess.Popen | None, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RssSampler:
    """Samples the resident memory of every process under the given roots (the servers and their worker
    children) every `interval` seconds; keeps each role's peak of any single process, in MB."""

    def __init__(self, roots: dict[str, int], interval: float = 0.05):
        self.roots, self.interval = roots, interval
        self.peaks: dict[str, float] = {role: 0.0 for role in roots}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        for role, pid in self.roots.items():
            try:
                root = psutil.Process(pid)
                processes = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
            for process in processes:
                try:
                    rss = process.memory_info().rss / 1e6
                except psutil.NoSuchProcess:
                    continue
                self.peaks[role] = max(self.peaks[role], rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.peaks = {role: 0.0 for role in self.roots}

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self._sample()
