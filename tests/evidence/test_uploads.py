"""The tus endpoint in process: the protocol's headers and every kind of bad input, each a clear error."""

import base64
import hashlib

import pytest
from django.test import override_settings

from tests.evidence.helpers import TUS, metadata_header, mp4_bytes, sha256_header, tus_create, tus_patch
from zhifa.accounts.choices import Role
from zhifa.evidence.choices import UploadStatus
from zhifa.evidence.ingest import upload_ingest
from zhifa.evidence.models import EvidenceItem, StoredFile, Upload
from zhifa.evidence.uploads import staging_path

pytestmark = pytest.mark.django_db


def test_options_advertises_tus_without_login(client_for):
    response = client_for().options("/api/evidence/uploads/")
    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0" and response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {"creation", "termination", "checksum", "expiration"}
    assert "sha256" in response["Tus-Checksum-Algorithm"].split(",")
    assert int(response["Tus-Max-Size"]) >= 4 * 1024 ** 3


def test_create_head_patch_and_ingest(client_for, officers, case):
    client = client_for(officers[0])
    data = mp4_bytes(3, padding=300_000)
    digest = hashlib.sha256(data).hexdigest()
    created = tus_create(client, length=len(data), filename="执法记录仪_20230309.mp4", case=case.pk,
                         kind="audiovisual", sha256=digest, title="现场检查录像", step="investigating")
    assert created.status_code == 201, created.json()
    assert created["Tus-Resumable"] == "1.0.0" and created["Upload-Offset"] == "0"
    url = created["Location"]
    assert url.startswith("http://testserver/api/evidence/uploads/")

    head = client.head(url, **TUS)
    assert head.status_code == 200 and head["Upload-Offset"] == "0" and head["Upload-Length"] == str(len(data))
    assert head["Cache-Control"] == "no-store" and "Upload-Expires" in head

    first = tus_patch(client, url, data[:100_000], offset=0, checksum=sha256_header(data[:100_000]))
    assert first.status_code == 204 and first["Upload-Offset"] == "100000"
    assert client.head(url, **TUS)["Upload-Offset"] == "100000"
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.RECEIVING and not EvidenceItem.objects.exists()

    rest = tus_patch(client, url, data[100_000:], offset=100_000)
    assert rest.status_code == 204 and rest["Upload-Offset"] == str(len(data))
    upload.refresh_from_db()
    assert upload.status == UploadStatus.QUEUED and not EvidenceItem.objects.exists()

    upload = upload_ingest(upload_id=upload.pk)
    assert upload.status == UploadStatus.DONE, upload.error
    item = upload.item
    assert (item.sha256, item.size, item.content_type, item.case_id) == (digest, len(data), "video/mp4", case.pk)
    assert item.title == "现场检查录像" and item.filename == "执法记录仪_20230309.mp4"
    assert [c.officer_id for c in item.collectors.all()] == [officers[0].pk]
    assert not staging_path(upload).exists()

    status = client.get(url).json()
    assert status["status"] == "done" and status["item"] == item.pk and status["sha256"] == digest
    detail = client.get(f"/api/evidence/{item.pk}/").json()
    assert detail["sha256"] == digest and detail["download_url"] == f"/api/evidence/{item.pk}/download/"


def test_identical_content_is_stored_once_but_stays_two_items(upload_via_api, officers, case):
    data = mp4_bytes(4)
    first = upload_via_api(officers[0], data, case=case, filename="a.mp4")
    second = upload_via_api(officers[1], data, case=case, filename="b.mp4")
    assert first.item_id != second.item_id
    assert StoredFile.objects.count() == 1
    assert first.item.file_id == second.item.file_id and first.item.sha256 == second.item.sha256


def test_offset_mismatch_is_409(client_for, officers, case):
    client = client_for(officers[0])
    created = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    response = tus_patch(client, created["Location"], b"12345", offset=3)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "offset_mismatch" and "HEAD" in body["detail"] and body["detail_en"]
    assert response["Tus-Resumable"] == "1.0.0"


def test_wrong_chunk_checksum_is_460_and_nothing_is_kept(client_for, officers, case):
    client = client_for(officers[0])
    created = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    url = created["Location"]
    response = tus_patch(client, url, b"12345", offset=0, checksum=sha256_header(b"other"))
    assert response.status_code == 460 and response.json()["code"] == "checksum_mismatch"
    assert client.head(url, **TUS)["Upload-Offset"] == "0"
    assert staging_path(Upload.objects.get()).stat().st_size == 0
    unsupported = tus_patch(client, url, b"12345", offset=0, checksum="crc32 AAAA")
    assert unsupported.status_code == 400 and unsupported.json()["code"] == "checksum_algorithm"


def test_declared_hash_mismatch_is_rejected_at_ingest(upload_via_api, officers, case):
    upload = upload_via_api(officers[0], mp4_bytes(5), case=case, sha256="0" * 64)
    assert upload.status == UploadStatus.REJECTED and upload.error_code == "checksum_mismatch"
    assert "不符" in upload.error and upload.item_id is None
    assert not EvidenceItem.objects.exists() and not StoredFile.objects.exists()
    assert not staging_path(upload).exists()


@pytest.mark.parametrize("content, code", [
    (b"MZ\x90\x00\x03" + b"\x00" * 2000, "executable"),          # a Windows program named .mp4
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 2000, "executable"),
    (b"#!/bin/sh\nrm -rf /\n", "executable"),
    (b"<html><script>alert(1)</script></html>", "executable"),
    (b"PK\x03\x04" + b"\x00" * 200, "archive_not_allowed"),
    (b"just some text that is not evidence", "type_not_allowed"),
])
def test_type_is_sniffed_from_content_and_disguised_executables_are_refused(upload_via_api, officers, case, content,
                                                                            code):
    upload = upload_via_api(officers[0], content, case=case, filename="现场录像.mp4")
    assert upload.status == UploadStatus.REJECTED and upload.error_code == code, upload.error
    assert not EvidenceItem.objects.exists()


def test_allowed_types_are_recognised(upload_via_api, officers, case):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    pdf = b"%PDF-1.7\n" + b"0" * 100
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100
    for data, name, expected in ((png, "photo.jpg", "image/png"), (pdf, "笔录.pdf", "application/pdf"),
                                 (wav, "录音.wav", "audio/wav")):
        upload = upload_via_api(officers[0], data, case=case, filename=name, kind="documentary")
        assert upload.status == UploadStatus.DONE, upload.error
        assert upload.item.content_type == expected


# A NUL or a bidi control is removed from a name, not refused: tests/evidence/test_bad_input.py.
@pytest.mark.parametrize("filename", ["../../etc/passwd", "..\\..\\boot.ini", "/etc/shadow", "C:evil.mp4",
                                      "a/b.mp4", "..", "bad\nname.mp4", ""])
def test_path_traversal_filenames_are_refused(client_for, officers, case, filename):
    response = tus_create(client_for(officers[0]), length=10, filename=filename, kind="audiovisual", case=case.pk)
    assert response.status_code == 400
    assert "filename" in response.json()["fields"]
    assert not Upload.objects.exists()


def test_empty_file_is_refused(client_for, officers, case):
    response = tus_create(client_for(officers[0]), length=0, filename="a.mp4", kind="audiovisual", case=case.pk)
    assert response.status_code == 400 and response.json()["code"] == "empty_file"


def test_over_quota_and_over_size_are_413(client_for, officers, case, settings):
    client = client_for(officers[0])
    settings.EVIDENCE_USER_STAGING_QUOTA_BYTES = 1000
    assert tus_create(client, length=600, filename="a.mp4", kind="audiovisual", case=case.pk).status_code == 201
    over = tus_create(client, length=600, filename="b.mp4", kind="audiovisual", case=case.pk)
    assert over.status_code == 413 and over.json()["code"] == "quota_exceeded"
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 100
    too_big = tus_create(client, length=101, filename="c.mp4", kind="audiovisual", case=case.pk)
    assert too_big.status_code == 413 and too_big.json()["code"] == "file_too_large"


def test_body_larger_than_declared_is_413(client_for, officers, case):
    client = client_for(officers[0])
    created = tus_create(client, length=4, filename="a.mp4", kind="audiovisual", case=case.pk)
    response = tus_patch(client, created["Location"], b"123456", offset=0)
    assert response.status_code == 413 and response.json()["code"] == "exceeds_length"


def test_upload_to_a_closed_case_is_refused(client_for, officers, case_for):
    dropped = case_for("dropped")
    response = tus_create(client_for(officers[0]), length=10, filename="a.mp4", kind="audiovisual", case=dropped.pk)
    assert response.status_code == 409 and response.json()["code"] == "case_closed"
    assert "撤案" in response.json()["detail"]


def test_bad_metadata_names_each_field(client_for, officers, case):
    client = client_for(officers[0])
    response = tus_create(client, length=10, filename="a.mp4", kind="photo", case=999999, sha256="abc",
                          recorded_from="yesterday")
    assert response.status_code == 400
    assert set(response.json()["fields"]) >= {"kind", "case", "sha256", "recorded_from"}
    garbled = client.post("/api/evidence/uploads/", HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA="filename !!!",
                          **TUS)
    assert garbled.status_code == 400


def test_protocol_errors(client_for, officers, case):
    client = client_for(officers[0])
    no_version = client.post("/api/evidence/uploads/", HTTP_UPLOAD_LENGTH="10",
                             HTTP_UPLOAD_METADATA=metadata_header(filename="a.mp4", kind="audiovisual"))
    assert no_version.status_code == 412 and no_version["Tus-Version"] == "1.0.0"
    created = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    url = created["Location"]
    wrong_type = tus_patch(client, url, b"12345", offset=0, content_type="application/json")
    assert wrong_type.status_code == 415
    no_offset = client.generic("PATCH", url, b"123", content_type="application/offset+octet-stream", **TUS)
    assert no_offset.status_code == 400
    assert client.post("/api/evidence/uploads/", HTTP_UPLOAD_METADATA=metadata_header(filename="a.mp4"),
                       **TUS).status_code == 400  # no Upload-Length


def test_termination_removes_the_bytes(client_for, officers, case):
    client = client_for(officers[0])
    created = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    url = created["Location"]
    tus_patch(client, url, b"12345", offset=0)
    upload = Upload.objects.get()
    assert staging_path(upload).exists()
    assert client.delete(url, **TUS).status_code == 204
    assert not staging_path(upload).exists()
    assert client.head(url, **TUS).status_code == 410
    assert tus_patch(client, url, b"67890", offset=5).status_code == 410
    upload.refresh_from_db()
    assert upload.status == UploadStatus.CANCELLED


def test_method_override_for_clients_that_only_post(client_for, officers, case):
    client = client_for(officers[0])
    created = tus_create(client, length=3, filename="a.mp4", kind="audiovisual", case=case.pk)
    response = client.generic("POST", created["Location"], b"abc", content_type="application/offset+octet-stream",
                              HTTP_X_HTTP_METHOD_OVERRIDE="PATCH", HTTP_UPLOAD_OFFSET="0", **TUS)
    assert response.status_code == 204 and response["Upload-Offset"] == "3"


def test_only_the_uploader_sees_an_upload_and_only_officers_upload(client_for, officers, leader, make_user, case):
    created = tus_create(client_for(officers[0]), length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    url = created["Location"]
    assert client_for(officers[1]).head(url, **TUS).status_code == 404
    assert tus_patch(client_for(officers[1]), url, b"1", offset=0).status_code == 404
    assert client_for().head(url, **TUS).status_code == 401
    refused = tus_create(client_for(leader), length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    assert refused.status_code == 403
    expired = make_user(Role.OFFICER, credential="expired")
    assert tus_create(client_for(expired), length=10, filename="a.mp4", kind="audiovisual",
                      case=case.pk).status_code == 403


def test_officer_of_another_unit_cannot_upload_to_the_case(client_for, make_user, agency, case):
    from zhifa.accounts.models import Unit

    other = make_user(Role.OFFICER, unit=Unit.objects.create(agency=agency, name="办公室"))
    response = tus_create(client_for(other), length=10, filename="a.mp4", kind="audiovisual", case=case.pk)
    assert response.status_code == 400 and "case" in response.json()["fields"]


@override_settings(EVIDENCE_UPLOAD_READ_BYTES=7)
def test_body_is_read_in_small_pieces(client_for, officers, case):
    """The PATCH body is streamed to disk in pieces; none of Django's body buffering is involved."""
    client = client_for(officers[0])
    data = mp4_bytes(6)
    created = tus_create(client, length=len(data), filename="a.mp4", kind="audiovisual", case=case.pk)
    response = tus_patch(client, created["Location"], data, offset=0, checksum=sha256_header(data))
    assert response.status_code == 204
    assert staging_path(Upload.objects.get()).read_bytes() == data


def test_upload_list_is_the_users_own(client_for, officers, case):
    tus_create(client_for(officers[0]), length=10, filename="mine.mp4", kind="audiovisual", case=case.pk)
    tus_create(client_for(officers[1]), length=10, filename="theirs.mp4", kind="audiovisual", case=case.pk)
    results = client_for(officers[0]).get("/api/evidence/uploads/").json()["results"]
    assert [r["filename"] for r in results] == ["mine.mp4"]


def test_checksum_header_base64_of_raw_digest():
    assert base64.b64decode(sha256_header(b"x").split()[1]) == hashlib.sha256(b"x").digest()


@pytest.mark.parametrize("headers", [
    {"HTTP_UPLOAD_LENGTH": "-1"}, {"HTTP_UPLOAD_LENGTH": "abc"}, {"HTTP_UPLOAD_LENGTH": "9" * 40},
    {"HTTP_UPLOAD_METADATA": "filename"}, {"HTTP_UPLOAD_METADATA": "=,="},
    {"HTTP_UPLOAD_METADATA": metadata_header(filename="a.mp4", kind="audiovisual", collected_at="2023-13-45T99:00")},
    {"HTTP_UPLOAD_METADATA": metadata_header(filename="a.mp4", kind="audiovisual", case="9" * 30)},
    {"HTTP_UPLOAD_METADATA": metadata_header(filename="a.mp4", derivative_of="9" * 30, derivative_kind="x")},
])
def test_odd_creation_headers_never_500(client_for, officers, headers):
    base = {"HTTP_UPLOAD_LENGTH": "10", "HTTP_UPLOAD_METADATA": metadata_header(filename="a.mp4", kind="audiovisual")}
    response = client_for(officers[0]).post("/api/evidence/uploads/", **{**base, **headers}, **TUS)
    assert 400 <= response.status_code < 500, response.content
    assert response.json()["detail"]


@pytest.mark.parametrize("headers", [
    {"HTTP_UPLOAD_OFFSET": "-5"}, {"HTTP_UPLOAD_OFFSET": "x"}, {"HTTP_UPLOAD_CHECKSUM": "sha256"},
    {"HTTP_UPLOAD_CHECKSUM": "sha256 !!!"}, {"HTTP_UPLOAD_CHECKSUM": "sha256 AAAA"}, {"HTTP_TUS_RESUMABLE": "0.2.2"},
])
def test_odd_patch_headers_never_500(client_for, officers, case, headers):
    client = client_for(officers[0])
    url = tus_create(client, length=10, filename="a.mp4", kind="audiovisual", case=case.pk)["Location"]
    response = client.generic("PATCH", url, b"12345", content_type="application/offset+octet-stream",
                              **{**TUS, "HTTP_UPLOAD_OFFSET": "0", **headers})
    assert 400 <= response.status_code < 500, response.content
    assert client.head(url, **TUS)["Upload-Offset"] == "0"
