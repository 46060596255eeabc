"""Playback and download (Range, original file name, hash), who may see evidence, and the access log:
an entry for every view, stream, download, report, check and export, refusals included, and a log that
PostgreSQL itself keeps append-only."""

import hashlib
import urllib.parse

import pytest
from django.db import connection, transaction
from django.db import DatabaseError

from tests.evidence.helpers import mp4_bytes
from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.audit.services import history_seal, history_verify
from zhifa.evidence.models import AccessEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(upload_via_api, officers, case):
    return upload_via_api(officers[0], mp4_bytes(11, padding=200_000), case=case, filename="现场检查录像.mp4").item


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_range_playback_returns_206_with_the_requested_bytes(client_for, officers, item):
    client = client_for(officers[1])
    data = _body(client.get(f"/api/evidence/{item.pk}/download/"))
    response = client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE="bytes=1000-1999", HTTP_ACCEPT="video/*")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1999/{item.size}"
    assert response["Content-Length"] == "1000" and response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4" and response["Content-Disposition"].startswith("inline;")
    assert _body(response) == data[1000:2000]

    tail = client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE="bytes=-500")
    assert tail.status_code == 206 and _body(tail) == data[-500:]
    open_ended = client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE=f"bytes={item.size - 10}-")
    assert _body(open_ended) == data[-10:]
    beyond = client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE=f"bytes={item.size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{item.size}"
    stale = client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')
    assert stale.status_code == 200 and _body(stale) == data


def test_download_has_the_original_name_and_the_hash(client_for, officers, item):
    response = client_for(officers[0]).get(f"/api/evidence/{item.pk}/download/")
    data = _body(response)
    assert response.status_code == 200 and hashlib.sha256(data).hexdigest() == item.sha256
    assert response["ETag"] == f'"{item.sha256}"' and response["X-Evidence-SHA256"] == item.sha256
    assert response["Repr-Digest"].startswith("sha-256=:")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert urllib.parse.quote("现场检查录像.mp4") in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == item.size


def test_every_access_is_logged_with_user_ip_and_purpose(client_for, officers, item):
    client = client_for(officers[1])
    client.get(f"/api/evidence/{item.pk}/", {"purpose": "审查现场检查过程"}, REMOTE_ADDR="10.1.2.3")
    _body(client.get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE="bytes=0-99"))
    _body(client.get(f"/api/evidence/{item.pk}/download/",
                     HTTP_X_ACCESS_PURPOSE=urllib.parse.quote("移送法院")))
    client.get(f"/api/evidence/{item.pk}/custody/")
    client.post(f"/api/evidence/{item.pk}/verify/")
    log = list(AccessEvent.objects.filter(item=item).order_by("id"))
    assert [(e.action, e.outcome) for e in log] == [
        ("view", "allowed"), ("stream", "allowed"), ("download", "allowed"), ("report", "allowed"),
        ("verify", "allowed")]
    assert all(e.user_id == officers[1].pk and e.at for e in log)
    assert log[0].purpose == "审查现场检查过程" and log[0].ip == "10.1.2.3"
    assert log[1].byte_range == f"0-99/{item.size}"
    assert log[2].purpose == "移送法院"
    assert log[0].request_id


def test_who_may_see_evidence_and_refusals_are_logged(client_for, make_user, agency, officers, leader, reviewer,
                                                      item):
    other_unit = Unit.objects.create(agency=agency, name="办公室")
    outsider = make_user(Role.OFFICER, unit=other_unit)
    editor = make_user(Role.DISCLOSURE_EDITOR)
    adviser = make_user(Role.LEGAL_ADVISER)
    administrator = make_user(Role.ADMINISTRATOR, is_superuser=True)
    for user in (officers[0], officers[1], leader, reviewer):
        assert client_for(user).get(f"/api/evidence/{item.pk}/").status_code == 200
        assert [r["id"] for r in client_for(user).get("/api/evidence/").json()["results"]] == [item.pk]
    for user in (outsider, editor, adviser, administrator):
        assert client_for(user).get(f"/api/evidence/{item.pk}/download/").status_code in (403, 404)
        assert client_for(user).get("/api/evidence/").json().get("results", []) == []
    assert client_for().get(f"/api/evidence/{item.pk}/stream/").status_code == 401
    refused = AccessEvent.objects.filter(item=item, outcome="refused").order_by("id")
    assert [(e.user_id, e.action) for e in refused] == [
        (outsider.pk, "download"), (editor.pk, "download"), (adviser.pk, "download"), (administrator.pk, "download"),
        (None, "stream")]
    assert all(e.reason for e in refused)
    # An officer who handles the case sees it even from another unit.
    from zhifa.cases.models import CaseOfficer

    CaseOfficer.objects.create(case=item.case, officer=outsider, credential_number="x")
    assert client_for(outsider).get(f"/api/evidence/{item.pk}/").status_code == 200


def test_the_access_log_refuses_update_and_delete_and_is_sealed(client_for, officers, item):
    client_for(officers[0]).get(f"/api/evidence/{item.pk}/")
    event = AccessEvent.objects.filter(item=item).latest("id")
    for sql in ("UPDATE evidence_accessevent SET purpose = 'x' WHERE id = %s",
                "DELETE FROM evidence_accessevent WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(purpose="改")
    # Its rows enter the sealed history chain like every history row.
    from zhifa.audit.models import HistorySeal

    assert history_seal() > 0 and history_verify().ok
    assert HistorySeal.objects.filter(event_table="evidence_accesseventevent").exists()


def test_evidence_rows_are_never_deleted_and_originals_never_replaced(item):
    from zhifa.evidence.models import EvidenceItem, StoredFile

    with pytest.raises(DatabaseError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        EvidenceItem.objects.filter(pk=item.pk).update(sha256="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        StoredFile.objects.filter(pk=item.file_id).update(sha256="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        StoredFile.objects.filter(pk=item.file_id).delete()


def test_metadata_edit_keeps_the_file_and_checks_the_version(client_for, officers, item):
    client = client_for(officers[0])
    response = client.patch(f"/api/evidence/{item.pk}/", {"title": "现场检查录像（上午）",
                                                          "collectors": [o.pk for o in officers]},
                            format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["title"] == "现场检查录像（上午）" and body["sha256"] == item.sha256 and body["version"] == 2
    assert sorted(body["collector_ids"]) == sorted(o.pk for o in officers)
    stale = client.patch(f"/api/evidence/{item.pk}/", {"title": "x"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    bad = client.post(f"/api/evidence/{item.pk}/interruptions/", {"started_at": "2030-01-01T00:00:00+08:00",
                                                                   "reason": ""}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]


def test_custody_report_json_and_pdf(client_for, officers, item):
    client = client_for(officers[0])
    client.get(f"/api/evidence/{item.pk}/", {"purpose": "阅卷"})
    report = client.get(f"/api/evidence/{item.pk}/custody/").json()
    assert report["item"]["sha256"] == item.sha256
    assert report["upload"]["server_sha256"] == item.sha256 and report["upload"]["uploaded_by"]["id"] == officers[0].pk
    assert report["storage"]["content_address"].endswith(item.sha256)
    assert [a["action"] for a in report["accesses"]] == ["view", "report"]
    assert report["fixity"][0]["result"] == "ok" and len(report["report_sha256"]) == 64
    pdf = client.get(f"/api/evidence/{item.pk}/custody/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and len(pdf["X-Report-SHA256"]) == 64
    assert AccessEvent.objects.filter(item=item, action="report").count() == 2


@pytest.mark.parametrize("endpoint, pinned", [("/api/evidence/", 4), ("/api/evidence/access-log/", 3),
                                              ("/api/evidence/devices/", 4)])
def test_list_query_counts_do_not_grow_with_page_size(client_for, leader, officers, case, tmp_path, endpoint, pinned):
    from django.test.utils import CaptureQueriesContext

    from zhifa.evidence.models import RecorderDevice
    from zhifa.evidence.services import evidence_import

    for n in range(12):
        path = tmp_path / f"{n}.png"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + n.to_bytes(4, "big") * 10)
        item = evidence_import(actor=officers[n % 2], path=path, filename=path.name, kind="documentary", case=case,
                               collectors=officers)
        AccessEvent.objects.create(item=item, agency_id=item.agency_id, user=leader, action="view")
        RecorderDevice.objects.create(agency_id=item.agency_id, serial_number=f"D{n}")
    client = client_for(leader)
    counts = []
    for page_size in (2, 5, 10):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(endpoint, {"page_size": page_size})
        assert response.status_code == 200 and len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts == [pinned] * 3, counts


@pytest.mark.parametrize("header", ["bytes=abc", "bytes=5-2", "bytes=0-0,5-9", "items=0-5",
                                    "bytes=99999999999999999999-", "bytes=-0", "bytes=-99999999999"])
def test_odd_ranges_never_500(client_for, officers, item, header):
    response = client_for(officers[0]).get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE=header)
    assert response.status_code in (200, 206, 416)
    if response.status_code != 416:
        _body(response)


def test_odd_ids_are_404(client_for, officers):
    client = client_for(officers[0])
    for url in ("/api/evidence/99999999999999999999999/", "/api/evidence/1/derivatives/9999999999999999999999/download/",
                "/api/evidence/uploads/not-a-uuid/", "/api/evidence/disposals/abc/"):
        assert client.get(url).status_code == 404, url


def test_a_redacted_copy_is_a_separate_file_linked_to_its_original(upload_via_api, client_for, officers, item):
    redacted = mp4_bytes(12)
    upload = upload_via_api(officers[0], redacted, filename="现场检查录像-遮蔽.mp4", kind="", derivative_of=item.pk,
                            derivative_kind="redacted", note="遮蔽当事人面部")
    assert upload.status == "done", upload.error
    derivative = upload.derivative
    assert derivative.original_id == item.pk and derivative.sha256 == hashlib.sha256(redacted).hexdigest()
    assert derivative.file_id != item.file_id
    original_before = item.sha256
    item.refresh_from_db()
    assert item.sha256 == original_before and item.file.purged_at is None

    client = client_for(officers[1])
    listed = client.get(f"/api/evidence/{item.pk}/derivatives/").json()
    assert [(d["kind"], d["sha256"]) for d in listed] == [("redacted", derivative.sha256)]
    response = client.get(listed[0]["download_url"])
    assert response.status_code == 200 and _body(response) == redacted
    assert response["X-Evidence-SHA256"] == derivative.sha256
    logged = AccessEvent.objects.filter(item=item, derivative=derivative).get()
    assert logged.action == "download" and logged.user_id == officers[1].pk
    assert client.get(f"/api/evidence/{item.pk}/custody/").json()["derivatives"][0]["note"] == "遮蔽当事人面部"


def test_the_printed_custody_report_lists_a_run_of_range_requests_as_one_line(client_for, officers, item):
    """Playing a video is hundreds of range requests, each logged: the PDF lists a person's run of the same
    access as one line with its first and last time and count (a line per request made the PDF of an item read
    thousands of times take longer than a client waits); the JSON report keeps every access."""
    from zhifa.evidence.custody import access_runs, custody_report, custody_report_pdf

    AccessEvent.objects.bulk_create([
        AccessEvent(item=item, user=officers[1], action="stream", outcome="allowed", purpose="阅卷",
                    byte_range=f"bytes={n * 1000}-{n * 1000 + 999}") for n in range(2000)])
    report = custody_report(item=item)
    assert len([a for a in report["accesses"] if a["action"] == "stream"]) == 2000
    streamed = [r for r in access_runs(report["accesses"]) if r["action"] == "stream"]
    assert len(streamed) == 1 and streamed[0]["count"] == 2000 and streamed[0]["range"] is None
    assert custody_report_pdf(report=report).startswith(b"%PDF")
