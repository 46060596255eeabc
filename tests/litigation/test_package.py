"""The evidence freeze and the court evidence package (应诉证据材料)."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from tests.evidence.helpers import mp4_bytes
from zhifa.evidence.models import EvidenceItem
from zhifa.evidence.services import evidence_import
from zhifa.exports.models import ExportJob
from zhifa.exports.services import export_job_run
from zhifa.litigation.models import Matter


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EVIDENCE_UPLOAD_DIR = ""


@pytest.fixture
def contested(decide_case, officers, adviser, leader, client_for, tmp_path):
    """A decided case with one recording from the investigation and one added after the decision."""
    case = decide_case()
    files = []
    for n in (1, 2):
        path = tmp_path / f"clip{n}.mp4"
        path.write_bytes(mp4_bytes(seed=n))
        files.append(evidence_import(actor=officers[0], path=path, filename=f"现场{n}.mp4", kind="audiovisual",
                                     case=case, title=f"现场检查录像{n}", description="证明该会停止活动、未参加年检"))
    before = datetime.datetime.combine(case.decided_on - datetime.timedelta(days=3), datetime.time(10),
                                       tzinfo=datetime.timezone.utc)
    EvidenceItem.objects.filter(pk=files[0].pk).update(created_at=before)
    api = client_for(adviser)
    matter = api.post("/api/litigation/", {
        "kind": "first_instance", "body": "潜江市人民法院", "external_number": "（2026）鄂9005行初7号",
        "plaintiff": "潜江市龙虾产业协会", "claims": "撤销处罚决定", "contested_act": "行政处罚决定", "case": case.pk,
        "received_on": datetime.date.today().isoformat(), "leader": leader.pk, "advisers": [adviser.pk]},
        format="json").json()
    return {"case": case, "matter": matter, "api": api, "frozen": files[0], "late": files[1]}


def test_the_evidence_as_of_the_decision_is_frozen_and_later_evidence_flagged(contested):
    body = contested["api"].get(f"/api/litigation/{contested['matter']['id']}/evidence/").json()
    assert [i["id"] for i in body["bundle"]] == [contested["frozen"].pk]
    assert [i["id"] for i in body["added_after_decision"]] == [contested["late"].pk]


def test_the_court_package_matches_its_manifest(contested):
    response = contested["api"].post(f"/api/litigation/{contested['matter']['id']}/package/")
    assert response.status_code == 202, response.json()
    job = export_job_run(job_id=response.json()["id"])
    assert job.status == "done", job.error
    with default_storage.open(ExportJob.objects.get(pk=job.pk).file.name, "rb") as handle:
        data = handle.read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest_bytes = archive.read("manifest.json")
    assert archive.read("manifest.json.sha256").decode().split()[0] == hashlib.sha256(manifest_bytes).hexdigest()
    manifest = json.loads(manifest_bytes)
    assert manifest["matter"]["number"] == "（2026）鄂9005行初7号"
    for entry in manifest["files"]:
        if not entry.get("missing"):
            content = archive.read(entry["path"])
            assert hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["size"]
    evidence = [e for e in manifest["files"] if e["category"] == "evidence"]
    assert [e["evidence_id"] for e in evidence] == [contested["frozen"].pk]  # the late recording is left out
    listed = archive.read("证据清单.csv").decode("utf-8-sig").splitlines()
    assert listed[0] == "序号,证据名称,证据来源,证明内容,页数"
    assert any("行政处罚决定书" in line for line in listed) and any("现场检查录像1" in line for line in listed)
    assert not any("现场检查录像2" in line for line in listed)
    late = json.loads(archive.read("说明/决定后补充的证据（未列入）.json"))
    assert late[0]["evidence_id"] == contested["late"].pk
    bases = json.loads(archive.read("依据/法律依据及规范性文件.json"))
    assert bases["grounds"] and bases["decision_basis"]


def test_a_matter_without_a_case_has_no_package(adviser, leader, client_for):
    api = client_for(adviser)
    matter = api.post("/api/litigation/", {
        "kind": "first_instance", "body": "潜江市人民法院", "external_number": "（2026）鄂9005行初9号",
        "plaintiff": "张某某", "claims": "撤销", "contested_act": "不予登记", "received_on": "2026-01-05",
        "leader": leader.pk}, format="json").json()
    response = api.post(f"/api/litigation/{matter['id']}/package/")
    assert response.status_code == 400 and "matter" in response.json()["fields"]


def test_a_matter_whose_case_has_no_decision_yet_has_no_package(contested):
    Matter.objects.filter(pk=contested["matter"]["id"]).update(frozen_on=None)
    response = contested["api"].post(f"/api/litigation/{contested['matter']['id']}/package/")
    assert response.status_code == 400 and response.json()["fields"] == {"matter": ["证据固定日未确定"]}
