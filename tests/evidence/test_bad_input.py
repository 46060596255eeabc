"""Bad input to the evidence endpoints: a 4xx naming the header or field, never a 500, and the access log
written whatever the client sent, refusals included."""

import base64
import datetime

import pytest

from tests.evidence.helpers import mp4_bytes, tus_create
from zhifa.accounts.choices import Role
from zhifa.accounts.models import Unit
from zhifa.evidence.models import AccessEvent, Upload

pytestmark = pytest.mark.django_db

# Each passes str.isdigit() and fails int(), or fits no bigint.
NOT_INTEGERS = ["²", "٣", "1²", "9" * 5000, "9" * 19, "-1", "1e3", " "]


@pytest.fixture
def item(upload_via_api, officers, case):
    return upload_via_api(officers[0], mp4_bytes(21, padding=5000), case=case, filename="现场录像.mp4").item


@pytest.mark.parametrize("purpose", ["查阅\x00", "\x00", "a\x01b\x1bc\x7f", "\u202e查阅", "x" * 5000])
def test_any_purpose_is_logged_for_an_allowed_and_a_refused_stream(client_for, make_user, agency, officers, item,
                                                                    purpose):
    allowed = client_for(officers[1]).get(f"/api/evidence/{item.pk}/stream/", {"purpose": purpose})
    assert allowed.status_code == 200
    outsider = make_user(Role.OFFICER, unit=Unit.objects.create(agency=agency, name="办公室"))
    refused = client_for(outsider).get(f"/api/evidence/{item.pk}/stream/", {"purpose": purpose})
    assert refused.status_code in (403, 404)
    rows = list(AccessEvent.objects.filter(item=item, action="stream").order_by("id"))
    assert [(r.user_id, r.outcome) for r in rows] == [(officers[1].pk, "allowed"), (outsider.pk, "refused")]
    for row in rows:
        assert "\x00" not in row.purpose and "\u202e" not in row.purpose and len(row.purpose) <= 200


def test_a_control_character_in_the_user_agent_still_logs(client_for, officers, item):
    response = client_for(officers[1]).get(f"/api/evidence/{item.pk}/", HTTP_USER_AGENT="curl\x00/8")
    assert response.status_code == 200
    assert AccessEvent.objects.filter(item=item, action="view").get().user_agent == "curl/8"


@pytest.mark.parametrize("value", NOT_INTEGERS)
def test_tus_integer_headers_take_only_ascii_digits(officer_api, case, value):
    created = officer_api.post("/api/evidence/uploads/", HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH=value,
                               HTTP_UPLOAD_METADATA="filename YS5tcDQ=,kind YXVkaW92aXN1YWw=")
    assert created.status_code == 400, created.content
    assert "Upload-Length" in created.json()["fields"]


@pytest.mark.parametrize("value", NOT_INTEGERS)
def test_tus_upload_offset_takes_only_ascii_digits(officers, client_for, case, value):
    client = client_for(officers[0])
    created = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    response = client.generic("PATCH", created["Location"], b"0123456789",
                              content_type="application/offset+octet-stream", HTTP_TUS_RESUMABLE="1.0.0",
                              HTTP_UPLOAD_OFFSET=value)
    assert response.status_code == 400, response.content
    assert "Upload-Offset" in response.json()["fields"]


@pytest.mark.parametrize("key", ["case", "derivative_of"])
@pytest.mark.parametrize("value", ["²", "9" * 5000, "9" * 30])
def test_tus_metadata_ids_take_only_ascii_digits(officer_api, case, key, value):
    meta = {"filename": "a.mp4", "kind": "audiovisual", "derivative_kind": "transcode", key: value}
    header = ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())
    response = officer_api.post("/api/evidence/uploads/", HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="10",
                                HTTP_UPLOAD_METADATA=header)
    assert response.status_code == 400, response.content
    assert key in response.json()["fields"]


@pytest.mark.parametrize("header", ["bytes=²-", "bytes=٣-5", "bytes=0-" + "9" * 5000, "bytes=" + "9" * 5000 + "-",
                                    "bytes=-" + "9" * 5000])
def test_any_range_header_is_answered(client_for, officers, item, header):
    response = client_for(officers[0]).get(f"/api/evidence/{item.pk}/stream/", HTTP_RANGE=header)
    assert response.status_code in (200, 206, 416)


def test_an_interruption_without_an_end_is_recorded(upload_via_api, officers, case, client_for):
    morning = datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(hours=3)
    item = upload_via_api(officers[0], mp4_bytes(31), case=case, recorded_from=morning.isoformat(),
                          recorded_to=(morning + datetime.timedelta(minutes=20)).isoformat()).item
    response = client_for(officers[0]).post(f"/api/evidence/{item.pk}/interruptions/", {
        "started_at": (morning + datetime.timedelta(minutes=5)).isoformat(), "reason": "设备故障，未能恢复"},
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["ended_at"] is None


@pytest.mark.parametrize("name, stored", [("\u202egpj.exe", "gpj.exe"), ("a\u2066b\u2069.mp4", "ab.mp4"),
                                          ("Cafe\u0301.mp4", "Café.mp4"), ("a\x00b.mp4", "ab.mp4")])
def test_evidence_file_names_are_normalised(officer_api, case, name, stored):
    created = tus_create(officer_api, length=10, filename=name, kind="audiovisual", case=case.pk)
    assert created.status_code == 201, created.content
    assert Upload.objects.get(uid=created.json()["id"]).filename == stored


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00", "9999-12-31T23:59:59-05:00"])
def test_an_interruption_at_no_real_time_is_refused(client_for, officers, item, value):
    response = client_for(officers[0]).post(f"/api/evidence/{item.pk}/interruptions/", {
        "started_at": value, "reason": "设备故障"}, format="json")
    assert response.status_code == 400, response.content
    assert "started_at" in response.json()["fields"]


@pytest.mark.parametrize("body", [{"not_a_field": 1}, {"sha256": "0" * 64}, {}])
def test_an_evidence_patch_that_changes_nothing_bumps_no_version(client_for, officers, item, body):
    from zhifa.audit.selectors import object_history

    before, history = item.version, object_history(obj=item).count()
    response = client_for(officers[0]).patch(f"/api/evidence/{item.pk}/", body, format="json")
    assert response.status_code in (200, 400), response.content
    item.refresh_from_db()
    assert item.version == before and object_history(obj=item).count() == history
