"""An issued document (文书) says what it said on the day: PostgreSQL refuses any change or deletion, the one
exception being its PDF made once after issue; the admin shows it read-only; a correction is a new document
naming the one it replaces."""

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from tests.exports.factories import TODAY, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import tasks
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue
from zhifa.cases.models import Document
from zhifa.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_pdf_task(monkeypatch):
    monkeypatch.setattr(tasks.make_document_pdf, "delay", lambda document_id: None)


@pytest.fixture
def case(agency, unit, officers, leader, organisation, ground):
    return make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="investigating")


@pytest.fixture
def document(case, leader):
    return document_issue(case=case, kind=DocumentKind.INSPECTION_RECORD, actor=leader, issued_on=TODAY)


def _refused(**changes):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Document.objects.filter(**changes.pop("where")).update(**changes)


@pytest.mark.parametrize("field, value", [("issued_on", TODAY.replace(year=TODAY.year - 1)), ("body", "改过的正文"),
                                          ("number", "潜民检〔2000〕1号"), ("content", {"x": 1})])
def test_an_issued_document_is_never_changed(document, field, value):
    _refused(where={"pk": document.pk}, **{field: value})
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
    assert Document.objects.filter(pk=document.pk).exists()


def test_its_pdf_is_filled_once_and_then_kept(document):
    assert Document.objects.filter(pk=document.pk, pdf_sha256="").update(pdf_file="documents/a.pdf",
                                                                          pdf_sha256="a" * 64) == 1
    _refused(where={"pk": document.pk}, pdf_sha256="b" * 64)
    _refused(where={"pk": document.pk}, pdf_file="documents/b.pdf")
    _refused(where={"pk": document.pk}, pdf_file="", pdf_sha256="")
    document.refresh_from_db()
    assert (document.pdf_file.name, document.pdf_sha256) == ("documents/a.pdf", "a" * 64)


def test_a_correction_is_a_new_document_naming_the_one_it_replaces(case, leader, document):
    correction = document_issue(case=case, kind=DocumentKind.INSPECTION_RECORD, actor=leader, issued_on=TODAY,
                                replaces=document)
    assert correction.pk != document.pk and correction.number != document.number
    assert list(document.corrections.all()) == [correction]
    with pytest.raises(InvalidInput) as refused:
        document_issue(case=case, kind=DocumentKind.INQUIRY_RECORD, actor=leader, issued_on=TODAY, replaces=document)
    assert "replaces" in refused.value.fields


def test_the_admin_shows_an_issued_document_read_only(make_user, document):
    client = Client()
    client.force_login(make_user(Role.ADMINISTRATOR, is_superuser=True, is_staff=True))
    url = f"/admin/cases/document/{document.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b'name="issued_on"' not in page.content
    assert client.post(url, {"issued_on": "2000-01-01", "pdf_sha256": "0" * 64}).status_code == 403
    assert client.post(f"/admin/cases/document/{document.pk}/delete/", {"post": "yes"}).status_code == 403
    document.refresh_from_db()
    assert document.issued_on == TODAY
