"""The reliability suite's shared world: the demo data (one agency with an object of every kind) plus a
second agency with a user of every role, so every cell of the permission matrix has a real object to aim at.

The world is loaded once per module inside a transaction that is rolled back at the end; each test
runs in its own savepoint on top of it (pytest-django's `db`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from zhifa.accounts.choices import Role

REPO = Path(__file__).resolve().parents[2]
FIGURES_DIR = Path(os.environ.get("ZHIFA_RELIABILITY_DIR", REPO / "var" / "reliability"))

ROLES = ("anonymous", Role.OFFICER, Role.LEGAL_REVIEWER, Role.LEADER, Role.LEGAL_ADVISER,
         Role.DISCLOSURE_EDITOR, Role.ADMINISTRATOR)


def record_figures(name: str, figures: dict) -> None:
    """Write one part of the reliability report (docs/RELIABILITY.md is assembled from these files)."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    (FIGURES_DIR / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2, default=str))


class World:
    """The demo agency ("own") with one user per role, and a second agency ("other") with the same roles."""

    def __init__(self):
        from zhifa.accounts.models import Agency, EnforcementCredential, Unit, User

        self.own_agency = Agency.objects.get(name="潜江市民政局")
        self.other_agency = Agency.objects.create(name="仙桃市民政局", short_name="仙民", region_code="429004",
                                                  case_number_prefix="仙民罚立")
        own_unit = Unit.objects.filter(agency=self.own_agency).first()
        other_unit = Unit.objects.create(agency=self.other_agency, name="社会组织管理局")
        self.users = {"own": {}, "other": {}}
        for side, unit in (("own", own_unit), ("other", other_unit)):
            for role in ROLES[1:]:
                # Ordinary accounts: the demo's `admin` is a superuser, which no agency rule applies to.
                qualified = role in (Role.LEGAL_REVIEWER, Role.LEGAL_ADVISER)
                certificate = {"legal_qualification_kind": "legal_profession",
                               "legal_certificate_number": f"A2019-rel-{side}-{role}",
                               "legal_qualification_date": "2019-03-01"} if qualified else {}
                user = User.objects.create_user(username=f"rel-{side}-{role}", password="zhifa-test-pw", role=role,
                                                unit=unit, full_name=f"{side}{role}", **certificate)
                if role == Role.OFFICER:
                    EnforcementCredential.objects.create(holder=user, number=f"rel-{side}-cred",
                                                         valid_from="2020-01-01", valid_to="2099-12-31")
                self.users[side][str(role)] = user

    def own_people_ids(self) -> dict[str, set[int]]:
        from zhifa.accounts.models import EnforcementCredential, Unit, User

        users = set(User.objects.filter(unit__agency=self.own_agency).values_list("pk", flat=True))
        return {
            "user-list": users,
            "personnel-list": set(EnforcementCredential.objects.filter(holder__unit__agency=self.own_agency)
                                  .values_list("number", flat=True)),
            "unit-list": set(Unit.objects.filter(agency=self.own_agency).values_list("pk", flat=True)),
            "credential-list": set(EnforcementCredential.objects.filter(holder__unit__agency=self.own_agency)
                                   .values_list("pk", flat=True)),
        }

    def user(self, side: str, role: str):
        return None if role == "anonymous" else self.users[side][str(role)]


