"""Fixtures for the browser tests: a built web app, Chromium, and Node to drive it.

Chromium comes from Debian (`make -C frontend browser` installs it as root). Where it is missing
and cannot be installed (not root), the browser tests are skipped with a loud message; as root
(CI) a missing browser is a failure.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.celery_worker import celery_worker  # noqa: F401 - the fixture, for the tests that start a worker

REPO_DIR = Path(__file__).resolve().parents[2]
FRONTEND_DIR = REPO_DIR / "frontend"
SCREENSHOTS_DIR = REPO_DIR / "var" / "screenshots"


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _unavailable(reason: str):
    """Skip loudly where the tool cannot be had; fail as root, where it must be."""
    message = f"BROWSER TESTS NOT RUN: {reason}"
    print(f"\n{'!' * 78}\n{message}\n{'!' * 78}", file=sys.stderr)
    if _is_root():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _chromium_path() -> str | None:
    configured = os.environ.get("ZHIFA_CHROMIUM")
    candidates = [configured] if configured else ["/usr/bin/chromium", shutil.which("chromium") or ""]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if not path:
        _unavailable("Node.js is not installed")
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _chromium_path()
    if path is None and _is_root():
        subprocess.run(["make", "-s", "-C", str(FRONTEND_DIR), "browser"], check=False)
        path = _chromium_path()
    if path is None:
        _unavailable("Chromium is not installed (as root: make -C frontend browser)")
    return path


@pytest.fixture(scope="session")
def frontend_dist(node) -> Path:
    """The built app; `make build` only rebuilds what changed (and installs npm packages once)."""
    result = subprocess.run(["make", "-s", "-C", str(FRONTEND_DIR), "build"], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"building the web app failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}", pytrace=False)
    dist = FRONTEND_DIR / "dist"
    assert (dist / "index.html").exists()
    assert (FRONTEND_DIR / "node_modules" / "playwright-core").exists(), "frontend devDependency playwright-core"
    return dist


@pytest.fixture
def screenshots_dir(request) -> Path:
    """var/screenshots/, cleared of this test module's own earlier screenshots only: the files named by the
    module's SCREENSHOT_PREFIX (e.g. "flow-"), or else the names in its SCREENS list. Other modules'
    screenshots stay."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    prefix = getattr(request.module, "SCREENSHOT_PREFIX", "")
    if prefix:
        stale = list(SCREENSHOTS_DIR.glob(f"{prefix}*"))
    else:
        stale = [SCREENSHOTS_DIR / f"{name}.png" for name in getattr(request.module, "SCREENS", [])]
    for old in stale:
        old.unlink(missing_ok=True)
    return SCREENSHOTS_DIR


def load_demo_without_pdf_backlog(worker) -> None:
    """Load the demo with a Celery worker running. The demo issues its documents all at once, and their PDFs
    queue up on `reports` ahead of any package a script asks for. A PDF not yet made is made on demand (the
    download, the package), so the backlog of the bulk load is dropped rather than waited for."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    worker.purge()
