"""The case file (卷宗) ZIP: built in the background with progress; its manifest matches the files in it."""

import hashlib
import io
import json
import zipfile

import pytest

from tests.evidence.helpers import mp4_bytes
from zhifa.evidence.models import AccessEvent
from zhifa.exports.models import ExportJob
from zhifa.exports.services import export_job_run

pytestmark = pytest.mark.django_db


def test_case_file_zip_manifest_matches_the_files(upload_via_api, officers, case, leader, client_for,
                                                  django_capture_on_commit_callbacks):
    footage = mp4_bytes(40, padding=120_000)
    items = [upload_via_api(officers[0], footage, case=case, filename="现场录像.mp4").item,
             upload_via_api(officers[1], b"%PDF-1.4\n" + b"1" * 5000, case=case, filename="年检结论.pdf",
                            kind="documentary").item]
    client = client_for(leader)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post("/api/evidence/case-files/", {"case": case.pk}, format="json")
    assert response.status_code == 202, response.json()
    assert len(callbacks) == 1  # the build is queued after commit
    job = ExportJob.objects.get(pk=response.json()["id"])
    assert job.kind == "case_file" and job.params == {"case": case.pk, "job": job.pk}

    job = export_job_run(job_id=job.pk)
    assert job.status == "done" and job.progress == 100, job.error
    download = client.get(f"/api/exports/{job.pk}/download/")
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == job.sha256

    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest_bytes = archive.read("manifest.json")
    manifest_hash = hashlib.sha256(manifest_bytes).hexdigest()
    assert archive.read("manifest.json.sha256").decode() == f"{manifest_hash}  manifest.json\n"
    assert manifest_hash in archive.comment.decode()
    manifest = json.loads(manifest_bytes)
    assert manifest["case"]["number"] == case.number
    listed = {entry["path"]: entry for entry in manifest["files"]}
    # Every file but the manifest itself is listed, with its true size and hash.
    assert set(listed) == set(archive.namelist()) - {"manifest.json", "manifest.json.sha256"}
    for path, entry in listed.items():
        content = archive.read(path)
        assert (len(content), hashlib.sha256(content).hexdigest()) == (entry["size"], entry["sha256"]), path

    evidence = [e for e in manifest["files"] if e["category"] == "evidence"]
    assert sorted((e["evidence_id"], e["kind"], e["sha256"]) for e in evidence) == sorted(
        (i.pk, i.kind, i.sha256) for i in items)
    assert archive.read(next(e["path"] for e in evidence if e["evidence_id"] == items[0].pk)) == footage
    assert any(p.startswith("documents/") and p.endswith(".html") for p in listed)
    assert {"history/timeline.json", "history/case-history.json"} <= set(listed)
    assert json.loads(archive.read("history/timeline.json"))[0]["kind"] == "created"
    assert {f"evidence/custody/{i.pk:06d}.json" for i in items} <= set(listed)

    exports = AccessEvent.objects.filter(action="export", user=leader).order_by("item_id")
    assert [e.item_id for e in exports] == sorted(i.pk for i in items)
    assert all(f"#{job.pk}" in e.purpose for e in exports)


def test_case_file_is_refused_to_those_who_may_not_see_the_evidence(client_for, make_user, case):
    from zhifa.accounts.choices import Role

    editor = make_user(Role.DISCLOSURE_EDITOR)
    assert client_for(editor).post("/api/evidence/case-files/", {"case": case.pk}, format="json").status_code == 403
    assert client_for(make_user(Role.LEADER)).post("/api/evidence/case-files/", {"case": 999999},
                                                   format="json").status_code == 400
