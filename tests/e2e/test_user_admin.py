"""User administration in real headless Chromium, against the real backend and the demo data.

user_admin.mjs signs in as the demo administrator and, in a unit chosen in the unit tree, creates a user (a weak
password refused under its field first), resets the user's password to a generated one, records a credential and
disables the user. This module then checks each effect in the database, and that the generated password was the
user's password. Screens go to var/screenshots/users-*.png, each audited with axe-core.
"""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from pghistory.models import Events

from zhifa.accounts.models import Unit, User

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("user_admin.mjs")
FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
SCREENSHOT_PREFIX = "users-"
SCREENS = ["list", "create-refused", "generated", "credentials", "disabled"]
USERNAME = "officer-new"
FULL_NAME = "陈新同"
CREDENTIAL = "42900577001"


def test_an_administrator_manages_a_user_in_headless_chromium(live_server, node, chromium, frontend_dist,
                                                               screenshots_dir, tmp_path):
    call_command("load_demo", verbosity=0)
    admin = User.objects.get(username="admin")
    unit = Unit.objects.filter(agency_id=admin.agency_id).order_by("-id").first()
    today = datetime.date.today()
    env = {
        "PATH": str(Path(node).parent) + ":/usr/bin:/bin",
        "HOME": str(tmp_path),
        "ZHIFA_BASE_URL": live_server.url,
        "ZHIFA_SCREENSHOTS": str(screenshots_dir),
        "ZHIFA_FRONTEND_DIR": str(FRONTEND_DIR),
        "ZHIFA_CHROMIUM": chromium,
        "ZHIFA_USERS": json.dumps({
            "unit": unit.name, "username": USERNAME, "fullName": FULL_NAME, "credential": CREDENTIAL,
            "validFrom": today.isoformat(), "validTo": today.replace(year=today.year + 3).isoformat(),
        }, ensure_ascii=False),
    }
    try:
        run = subprocess.run([node, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the browser run took too long:\n{(exc.stderr or '')[-4000:]}", pytrace=False)
    if run.returncode != 0:
        pytest.fail(f"browser run failed (exit {run.returncode}); see var/screenshots/users-failure.png\n"
                    f"{run.stderr[-6000:]}", pytrace=False)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["consoleErrors"] == [] and summary["accessibility"] == []
    for name in SCREENS:
        shot = screenshots_dir / f"{SCREENSHOT_PREFIX}{name}.png"
        assert shot.exists() and shot.stat().st_size > 10_000, f"missing screenshot {shot}"

    user = User.objects.get(username=USERNAME)
    assert (user.full_name, user.role, user.unit_id) == (FULL_NAME, "officer", unit.pk)
    assert not user.is_active
    assert user.check_password(summary["generatedPassword"]) and not user.check_password("Hanjiang-River-2026")
    credential = user.credentials.get()
    assert credential.number == CREDENTIAL and credential.valid_from == today and not credential.revoked
    # Every step is in the user's history, done by the administrator.
    events = list(Events.objects.tracks(user).order_by("pgh_created_at", "pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "password_reset", "update"]
    assert {e.pgh_context["user"] for e in events} == {admin.pk}
