"""Fixity: a byte flipped in storage is caught by the rolling beat job and by "verify now", raises one
alarm and tells the leaders."""

import datetime
import os

import pytest
from django.utils import timezone

from tests.evidence.helpers import mp4_bytes
from zhifa.evidence import storage
from zhifa.evidence.fixity import fixity_scan
from zhifa.evidence.models import FixityAlarm, FixityCheck, StoredFile
from zhifa.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _flip_a_byte(stored: StoredFile, at: int = 5000) -> None:
    path = storage.evidence_storage().path(stored.storage_name)
    os.chmod(path, 0o640)
    with open(path, "r+b") as handle:
        handle.seek(at)
        byte = handle.read(1)
        handle.seek(at)
        handle.write(bytes([byte[0] ^ 0x01]))


@pytest.fixture
def items(upload_via_api, officers, case):
    return [upload_via_api(officers[0], mp4_bytes(20 + n, padding=50_000), case=case, filename=f"{n}.mp4").item
            for n in range(3)]


def _age_checks(days: int = 31) -> None:
    StoredFile.objects.update(last_checked_at=timezone.now() - datetime.timedelta(days=days))


def test_the_beat_job_catches_a_flipped_byte(items, leader, client_for):
    assert fixity_scan()["checked"] == 0  # hashed at ingest: not due for 30 days
    _age_checks()
    assert fixity_scan() == {"checked": 3, "problems": 0, "bytes": sum(i.size for i in items)}
    assert fixity_scan()["checked"] == 0

    _flip_a_byte(items[1].file)
    _age_checks()
    result = fixity_scan(max_files=2)  # the rolling budget: two this run, the third next run
    assert result["checked"] == 2
    result = fixity_scan()
    assert result["checked"] == 1
    assert FixityCheck.objects.filter(result="mismatch").count() == 1
    check = FixityCheck.objects.filter(file=items[1].file).latest("id")
    assert check.result == "mismatch" and check.found_sha256 != items[1].sha256
    alarm = FixityAlarm.objects.get()
    assert alarm.file_id == items[1].file_id and alarm.status == "open" and "摘要不符" in alarm.message
    note = Notification.objects.get(recipient=leader, kind="evidence_fixity")
    assert items[1].title in note.message

    # Found again on the next round, but the open alarm is not repeated.
    _age_checks()
    fixity_scan()
    assert FixityAlarm.objects.count() == 1

    body = client_for(leader).get("/api/evidence/alarms/").json()["results"]
    assert body[0]["items"] == [items[1].pk]
    done = client_for(leader).post(f"/api/evidence/alarms/{alarm.pk}/acknowledge/",
                                   {"note": "已从备份恢复原始文件"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "acknowledged"


def test_verify_now_catches_it_at_once(items, officers, client_for):
    client = client_for(officers[0])
    ok = client.post(f"/api/evidence/{items[0].pk}/verify/")
    assert ok.status_code == 200 and ok.json()["result"] == "ok"
    _flip_a_byte(items[0].file, at=10)
    bad = client.post(f"/api/evidence/{items[0].pk}/verify/")
    assert bad.status_code == 200 and bad.json()["result"] == "mismatch"
    assert FixityAlarm.objects.filter(file=items[0].file, status="open").exists()


def test_a_missing_original_is_an_alarm_too(items, officers, client_for):
    os.unlink(storage.evidence_storage().path(items[2].file.storage_name))
    assert client_for(officers[0]).post(f"/api/evidence/{items[2].pk}/verify/").json()["result"] == "missing"
    assert "缺失" in FixityAlarm.objects.get().message


def test_the_command_reports_problems(items, capsys):
    from django.core.management import CommandError, call_command

    call_command("evidence_fixity")
    assert "OK: 3" in capsys.readouterr().out
    _flip_a_byte(items[0].file)
    with pytest.raises(CommandError, match="1 of 3"):
        call_command("evidence_fixity")
