"""The application package for court enforcement (行政强制法 Art. 55): one ZIP whose manifest hashes match its files,
holding the application, the decision and its service receipt, the reminder, the party's statement and what is to
be enforced."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from zhifa.exports.models import ExportJob
from zhifa.exports.services import export_job_run

from .test_court import _to_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_no_package_before_the_application(served_case, enforce, apis):
    e = enforce(served_case(30))
    response = apis["leader"].post(f"/api/enforcement/{e['id']}/package/")
    assert response.status_code == 409 and "第五十五条" in str(response.json())
    assert not ExportJob.objects.exists()


def test_the_application_package_matches_its_manifest(served_case, enforce, act, apis):
    case = served_case(230)
    e = enforce(case)["id"]
    _to_application(case, e, act)
    response = apis["leader"].post(f"/api/enforcement/{e}/package/")
    assert response.status_code == 202, response.json()
    job = export_job_run(job_id=response.json()["id"])
    assert job.status == "done", job.error
    with default_storage.open(ExportJob.objects.get(pk=job.pk).file.name, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    manifest_bytes = archive.read("manifest.json")
    assert archive.read("manifest.json.sha256").decode().split()[0] == hashlib.sha256(manifest_bytes).hexdigest()
    manifest = json.loads(manifest_bytes)
    assert manifest["enforcement"]["court"] == "潜江市人民法院"
    for entry in manifest["files"]:
        if not entry.get("missing"):
            content = archive.read(entry["path"])
            assert hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["size"]
    kinds = {entry.get("kind") for entry in manifest["files"] if entry["category"] == "document"}
    assert kinds == {"enforcement_application", "decision", "service_receipt", "enforcement_reminder"}
    listed = archive.read("申请材料清单.csv").decode("utf-8-sig").splitlines()
    assert listed[0] == "序号,材料名称,内容,日期" and "强制执行申请书" in listed[1]
    statement = json.loads(archive.read("催告送达及当事人意见.json"))
    assert statement["statement_made"] is False and statement["reminder_served_on"]
    subject = json.loads(archive.read("申请执行标的.json"))
    assert subject["principal_due"] == "5000.00" and subject["total_due"] != "5000.00"  # the surcharge too
