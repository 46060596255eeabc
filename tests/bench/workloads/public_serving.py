"""Workload 5: the public site under load, and public search.

- A notice page served by nginx (Debian's, running deploy/nginx.conf on loopback with only paths, ports
  and upstreams replaced, as tests/deploy does) from the publication store, against the same page rendered
  by Django per request (site.render_file behind a bench-only URL, gunicorn with deploy/gunicorn.conf.py,
  plain HTTP). Load: `wrk` with keep-alive connections when installed, else an httpx async generator; each
  run lasts `serve_seconds`; the figure is requests per second. nginx answers over TLS (deploy/nginx.conf
  serves the site only on HTTPS), Django over plain HTTP: the comparison favours Django, if anything.
  Also reported: Django serving the stored file (serve_public_file, what local mode does).
- Public search: GET /api/public/notices/?q=… through gunicorn, anonymous, with `public_notices`
  published notices; p95 over `search_requests` requests per run, cycling over broad and narrow terms.
"""

from __future__ import annotations

import asyncio
import http.client
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.bench import processes
from tests.bench.harness import Figure, interleaved, percentile

CONNECTIONS = 16


def find_nginx() -> str | None:
    return shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/usr/local/sbin:/sbin")


def start_nginx(root: Path, *, web_port: int) -> tuple[subprocess.Popen, int]:
    from tests.deploy.conftest import SYSTEM_PATH, make_certificate, render_nginx_conf

    nginx = find_nginx()
    prefix, secrets = root / "nginx", root / "secrets"
    prefix.mkdir(parents=True, exist_ok=True)
    secrets.mkdir(parents=True, exist_ok=True)
    make_certificate(shutil.which("openssl") or "openssl", secrets, "localhost")
    http_port, https_port = processes.free_port(), None
    with __import__("socket").socket() as hold:  # keep http_port taken while the second one is chosen
        hold.bind(("127.0.0.1", http_port))
        https_port = processes.free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render_nginx_conf(http_port=http_port, https_port=https_port, web=f"127.0.0.1:{web_port}",
                                      uploads=f"127.0.0.1:{web_port}",
                                      paths={"/tmp/": f"{prefix}/", "/run/secrets/": f"{secrets}/",
                                             "/srv/zhifa": str(root / "srv")}))
    check = subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(conf), "-e", "stderr"],
                           capture_output=True, text=True, timeout=30)
    if check.returncode:
        raise RuntimeError(f"nginx -t failed: {check.stderr}")
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-e", "stderr", "-g", "daemon off;"],
                               cwd=prefix, env={"PATH": SYSTEM_PATH}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with code {process.returncode}")
        with __import__("socket").socket() as probe:
            if probe.connect_ex(("127.0.0.1", https_port)) == 0:
                return process, https_port
        time.sleep(0.05)
    processes.stop(process)
    raise RuntimeError("nginx did not listen within 20 s")


def load_wrk(url: str, seconds: float) -> float:
    result = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", url],
                            capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if not match or errors:
        raise RuntimeError(f"wrk against {url}: {result.stdout[-800:]} {result.stderr[-400:]}")
    return float(match.group(1))


def load_httpx(url: str, seconds: float) -> float:
    import httpx

    async def main() -> int:
        done = 0
        deadline = time.perf_counter() + seconds
        async with httpx.AsyncClient(verify=False, limits=httpx.Limits(max_connections=CONNECTIONS)) as client:
            async def user() -> None:
                nonlocal done
                while time.perf_counter() < deadline:
                    response = await client.get(url)
                    if response.status_code != 200:
                        raise RuntimeError(f"GET {url} -> {response.status_code}")
                    done += 1
            await asyncio.gather(*(user() for _ in range(CONNECTIONS)))
        return done

    started = time.perf_counter()
    count = asyncio.run(main())
    return count / (time.perf_counter() - started)


SEARCH_TERMS = ["社会组织", "年度检查", "第{n}号", "潜江市第{n}号社会组织协会", "撤销登记", "第{n}"]


def run(spec: dict) -> dict:
    from django.db import connection

    from zhifa.disclosure import site
    from zhifa.disclosure.models import Notice
    from zhifa.disclosure.store import DirectoryStore

    # nginx's workers run as an unprivileged user when started by root: the files must be readable by all,
    # along the whole path (a pytest tmp_path is not).
    work = Path(tempfile.mkdtemp(prefix="zhifa-bench-public-"))
    work.chmod(0o755)
    publication = work / "srv" / "publication"
    published = Notice.objects.filter(state="published")
    total = published.count()
    notice = published.order_by("id")[total // 2]
    page = f"notices/{notice.slug}.html"
    site.write_notice_files(DirectoryStore(publication), [notice])
    expected = site.render_file(page)
    connection.close()

    env = processes.server_env(PUBLICATION_ROOT=str(publication), THROTTLE_ANON="100000000/min",
                               THROTTLE_PUBLIC_SEARCH="100000000/min", DATABASE_CONN_MAX_AGE="60")
    web = nginx = None
    load = load_wrk if shutil.which("wrk") else load_httpx
    figures, extra = [], {"page": page, "page_bytes": len(expected), "connections": CONNECTIONS,
                          "load_generator": "wrk" if load is load_wrk else "httpx (async)",
                          "published_notices": total}
    skipped = None
    try:
        web, web_port = processes.start_gunicorn(env, workers=3, threads=4, production_config=True)
        rendered_url = f"http://127.0.0.1:{web_port}/bench/rendered/{page}"
        stored_url = f"http://127.0.0.1:{web_port}/disclosure/{page}"
        conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=30)
        conn.request("GET", urllib.parse.urlsplit(rendered_url).path)
        assert conn.getresponse().read() == expected, "Django rendered another page"
        variants = {"django": lambda: load(rendered_url, spec["serve_seconds"]),
                    "django_file": lambda: load(stored_url, spec["serve_seconds"])}
        if find_nginx():
            nginx, https_port = start_nginx(work, web_port=web_port)
            nginx_url = f"https://127.0.0.1:{https_port}/disclosure/{page}"
            import ssl

            tls = http.client.HTTPSConnection("127.0.0.1", https_port, timeout=30,
                                              context=ssl._create_unverified_context())
            tls.request("GET", f"/disclosure/{page}")
            response = tls.getresponse()
            body = response.read()
            if body != expected:
                raise RuntimeError(f"nginx answered {response.status} with another page: {body[:200]!r}")
            variants = {"nginx": lambda: load(nginx_url, spec["serve_seconds"]), **variants}
        else:
            skipped = "nginx is not installed (apt-get install nginx): the nginx figure is missing"
        samples = interleaved(variants, runs=spec["runs"], warmup=spec["warmup"])
        if "nginx" in samples:
            figures.append(Figure("notice page served by nginx from the publication store", "requests/s",
                                  samples["nginx"], "the same page rendered by Django per request",
                                  samples["django"], higher_is_better=True, extra=extra))
        figures.append(Figure("notice page: Django serving the stored file (local mode)", "requests/s",
                              samples["django_file"], "the same page rendered by Django per request",
                              samples["django"], higher_is_better=True))

        counter = iter(range(10**9))

        def search() -> float:
            latencies = []
            search_conn = http.client.HTTPConnection("127.0.0.1", web_port, timeout=60)
            for _ in range(spec["search_requests"]):
                i = next(counter)
                term = SEARCH_TERMS[i % len(SEARCH_TERMS)].format(n=(i * 7919) % total + 1)
                path = "/api/public/notices/?" + urllib.parse.urlencode({"q": term})
                started = time.perf_counter()
                search_conn.request("GET", path, headers={"Accept": "application/json"})
                response = search_conn.getresponse()
                body = response.read()
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    raise RuntimeError(f"GET {path} -> {response.status}: {body[:300]!r}")
            return percentile(latencies, 95) * 1000

        search_p95 = interleaved({"search": search}, runs=spec["runs"], warmup=spec["warmup"])["search"]
        figures.append(Figure(f"public search p95 with {total:,} published notices", "ms", search_p95,
                              extra={"requests_per_run": spec["search_requests"], "terms": SEARCH_TERMS}))
    finally:
        processes.stop(nginx)
        processes.stop(web)
        shutil.rmtree(work, ignore_errors=True)
    result = {"figures": [figure.summary() for figure in figures]}
    if skipped:
        result["skipped"] = skipped
    return result
