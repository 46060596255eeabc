"""Retention and disposal: at least six months; case evidence kept for ever; disposal of anything else only
with a leader's approval (not the requester's own), leaving a tombstone with the hash, metadata, who and why."""

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from tests.evidence.helpers import mp4_bytes
from zhifa.cases import services as case_services
from zhifa.evidence import storage
from zhifa.evidence.models import EvidenceItem, StoredFile, Tombstone
from zhifa.evidence.services import retention_scan
from zhifa.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def close_case(case, leader):
    def close():
        case_services.case_transition(case_id=case.pk, actor=leader, action="drop",
                                      data={"date": datetime.date.today(), "reason": "证据不足，撤案。"})

    return close


def _past_retention(item):
    EvidenceItem.objects.filter(pk=item.pk).update(retain_until=timezone.localdate() - datetime.timedelta(days=1))
    item.refresh_from_db()


def test_retention_is_at_least_six_months(upload_via_api, officers, case, settings):
    item = upload_via_api(officers[0], mp4_bytes(30), case=case).item
    assert item.retain_until >= timezone.localdate() + datetime.timedelta(days=181)
    from config.settings.storage import EVIDENCE_RETENTION_MONTHS

    assert EVIDENCE_RETENTION_MONTHS >= 6


def test_disposal_needs_a_leaders_approval_and_leaves_a_tombstone(upload_via_api, officers, case, leader, make_user,
                                                                  client_for, close_case):
    from zhifa.accounts.choices import Role

    item = upload_via_api(officers[0], mp4_bytes(31), case=case).item
    other = upload_via_api(officers[0], mp4_bytes(32), case=case).item
    close_case()
    officer = client_for(officers[0])

    early = officer.post(f"/api/evidence/{item.pk}/disposal/", {"reason": "无证明价值"}, format="json")
    assert early.status_code == 409 and "保存期限未满" in early.json()["detail"]

    _past_retention(item)
    requested = officer.post(f"/api/evidence/{item.pk}/disposal/", {"reason": "与案件无关的误录画面，无证明价值"},
                             format="json")
    assert requested.status_code == 201, requested.json()
    request_id = requested.json()["id"]
    assert Notification.objects.filter(recipient=leader, kind="evidence_disposal").exists()

    # An officer cannot approve; nor can a leader approve their own request.
    assert officer.post(f"/api/evidence/disposals/{request_id}/approve/").status_code == 403
    approved = client_for(leader).post(f"/api/evidence/disposals/{request_id}/approve/", {"note": "同意销毁"},
                                       format="json")
    assert approved.status_code == 200, approved.json()

    item.refresh_from_db()
    assert item.status == "disposed" and item.disposed_at
    tombstone = Tombstone.objects.get(item=item)
    assert (tombstone.sha256, tombstone.size, tombstone.filename) == (item.sha256, item.size, item.filename)
    assert tombstone.requested_by_id == officers[0].pk and tombstone.approved_by_id == leader.pk
    assert tombstone.reason.startswith("与案件无关") and tombstone.metadata["title"] == item.title
    assert tombstone.content_purged and not storage.exists(item.file.storage_name)
    assert StoredFile.objects.get(pk=item.file_id).purged_at is not None

    # What is left: the record and its hash, no bytes.
    assert officer.get(f"/api/evidence/{item.pk}/download/").status_code == 410
    assert officer.get(f"/api/evidence/{item.pk}/").json()["status"] == "disposed"
    assert client_for(leader).get("/api/evidence/tombstones/").json()["results"][0]["sha256"] == item.sha256
    with pytest.raises(DatabaseError), transaction.atomic():
        Tombstone.objects.filter(pk=tombstone.pk).update(reason="x")

    # A leader who asked cannot approve their own request.
    _past_retention(other)
    own = client_for(leader).post(f"/api/evidence/{other.pk}/disposal/", {"reason": "重复"}, format="json").json()
    refused = client_for(leader).post(f"/api/evidence/disposals/{own['id']}/approve/")
    assert refused.status_code == 403
    second_leader = make_user(Role.LEADER)
    rejected = client_for(second_leader).post(f"/api/evidence/disposals/{own['id']}/reject/", {"note": "仍需保留"},
                                              format="json")
    assert rejected.json()["status"] == "rejected"
    other.refresh_from_db()
    assert other.status == "active"


def test_case_evidence_is_kept_permanently(upload_via_api, officers, case, leader, client_for, close_case):
    item = upload_via_api(officers[0], mp4_bytes(33), case=case).item
    close_case()
    admitted = client_for(officers[0]).post(f"/api/evidence/{item.pk}/admit/")
    assert admitted.status_code == 200 and admitted.json()["is_case_evidence"] is True
    assert admitted.json()["retain_until"] is None
    _past_retention(item)
    refused = client_for(officers[0]).post(f"/api/evidence/{item.pk}/disposal/", {"reason": "x"}, format="json")
    assert refused.status_code == 409 and "定案证据" in refused.json()["detail"]
    # Not even a raw UPDATE can dispose of case evidence.
    with pytest.raises(DatabaseError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(status="disposed")


def test_shared_content_survives_the_disposal_of_one_item(upload_via_api, officers, case, leader, make_user,
                                                          client_for, close_case):
    data = mp4_bytes(34)
    first = upload_via_api(officers[0], data, case=case).item
    second = upload_via_api(officers[1], data, case=case).item
    close_case()
    _past_retention(first)
    request_id = client_for(officers[0]).post(f"/api/evidence/{first.pk}/disposal/", {"reason": "重复上传"},
                                              format="json").json()["id"]
    client_for(leader).post(f"/api/evidence/disposals/{request_id}/approve/")
    assert Tombstone.objects.get(item=first).content_purged is False
    assert storage.exists(second.file.storage_name)
    assert client_for(officers[1]).get(f"/api/evidence/{second.pk}/download/").status_code == 200


def test_open_case_evidence_waits_for_the_case(upload_via_api, officers, case, client_for):
    item = upload_via_api(officers[0], mp4_bytes(35), case=case).item
    _past_retention(item)
    refused = client_for(officers[0]).post(f"/api/evidence/{item.pk}/disposal/", {"reason": "x"}, format="json")
    assert refused.status_code == 409 and "尚未办结" in refused.json()["detail"]


def test_the_daily_scan_tells_leaders_what_is_due(upload_via_api, officers, case, leader, close_case):
    item = upload_via_api(officers[0], mp4_bytes(36), case=case).item
    close_case()
    assert retention_scan()["due"] == 0
    _past_retention(item)
    assert retention_scan() == {"due": 1, "agencies": 1}
    assert Notification.objects.filter(recipient=leader, kind="evidence_retention").exists()
