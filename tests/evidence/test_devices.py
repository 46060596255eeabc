"""Recorder devices and their custody ledger: one holder at a time, in time order, append-only."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from tests.evidence.helpers import mp4_bytes
from zhifa.evidence.models import DeviceCustody

pytestmark = pytest.mark.django_db


def test_devices_and_the_custody_ledger(client_for, leader, officers, upload_via_api, case):
    boss, officer = client_for(leader), client_for(officers[0])
    assert officer.post("/api/evidence/devices/", {"serial_number": "X1"}, format="json").status_code == 403
    device = boss.post("/api/evidence/devices/", {"serial_number": "QJMZ-DSJ-001", "model": "DSJ-T9",
                                                   "in_service_on": "2023-02-20"}, format="json")
    assert device.status_code == 201, device.json()
    device_id = device.json()["id"]
    duplicate = boss.post("/api/evidence/devices/", {"serial_number": "QJMZ-DSJ-001"}, format="json")
    assert duplicate.status_code == 400 and "serial_number" in duplicate.json()["fields"]

    morning = timezone.now() - datetime.timedelta(hours=5)
    url = f"/api/evidence/devices/{device_id}/custody/"
    issued = officer.post(url, {"action": "issue", "holder": officers[0].pk, "occurred_at": morning.isoformat(),
                                "note": "执法检查领用"}, format="json")
    assert issued.status_code == 201, issued.json()
    assert boss.get(f"/api/evidence/devices/{device_id}/").json()["holder"] == officers[0].pk
    # One holder at a time; officers record only their own handovers; the ledger runs forward.
    assert client_for(officers[1]).post(url, {"action": "issue", "holder": officers[1].pk},
                                        format="json").status_code == 409
    assert officer.post(url, {"action": "return", "holder": officers[1].pk}, format="json").status_code == 400
    earlier = (morning - datetime.timedelta(hours=1)).isoformat()
    assert officer.post(url, {"action": "return", "holder": officers[0].pk, "occurred_at": earlier},
                        format="json").status_code == 409
    assert officer.post(url, {"action": "return", "holder": officers[0].pk}, format="json").status_code == 201
    ledger = boss.get(url).json()
    assert [(e["action"], e["holder"]) for e in ledger] == [("issue", officers[0].pk), ("return", officers[0].pk)]
    with pytest.raises(DatabaseError), transaction.atomic():
        DeviceCustody.objects.update(note="改")

    # Footage names its device; an unknown serial is refused at upload.
    item = upload_via_api(officers[0], mp4_bytes(50), case=case, device="QJMZ-DSJ-001",
                          recorded_from=morning.isoformat(),
                          recorded_to=(morning + datetime.timedelta(minutes=20)).isoformat()).item
    assert item.device_id == device_id and item.recording_officer_id == officers[0].pk
    assert item.recorded_to - item.recorded_from == datetime.timedelta(minutes=20)
    interruption = officer.post(f"/api/evidence/{item.pk}/interruptions/", {
        "started_at": (morning + datetime.timedelta(minutes=5)).isoformat(),
        "ended_at": (morning + datetime.timedelta(minutes=7)).isoformat(), "reason": "电量不足，更换电池"}, format="json")
    assert interruption.status_code == 201, interruption.json()
    assert officer.get(f"/api/evidence/{item.pk}/").json()["interruptions"][0]["reason"] == "电量不足，更换电池"
    from tests.evidence.helpers import tus_create

    unknown = tus_create(officer, length=10, filename="a.mp4", kind="audiovisual", case=case.pk, device="NOPE")
    assert unknown.status_code == 400 and "device" in unknown.json()["fields"]
