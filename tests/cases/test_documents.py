"""Enforcement documents (文书): gap-free numbers under concurrency, the text of every kind, and the PDF."""

import hashlib
import re
import subprocess
import threading
from decimal import Decimal
from urllib.parse import quote

import pgtrigger
import pytest
from django.core.files.storage import default_storage
from django.db import connection, transaction

from tests.celery_worker import celery_worker  # noqa: F401 - the fixture
from tests.exports.factories import TODAY, fine_case, make_case
from zhifa.accounts.choices import Role
from zhifa.cases import pdf, tasks
from zhifa.cases.choices import DocumentKind
from zhifa.cases.documents import document_issue, remedies_text
from zhifa.cases.models import Document
from zhifa.cases.numbering import format_number

OWN_KINDS = [DocumentKind.FILING_APPROVAL, DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD,
             DocumentKind.INVESTIGATION_REPORT, DocumentKind.PRIOR_NOTICE, DocumentKind.HEARING_NOTICE,
             DocumentKind.HEARING_RECORD, DocumentKind.DECISION, DocumentKind.SERVICE_RECEIPT,
             DocumentKind.CLOSING_REPORT]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def sent(monkeypatch):
    """PDF tasks sent after commit, recorded instead of going to the broker."""
    calls = []
    monkeypatch.setattr(tasks.make_document_pdf, "delay", lambda document_id: calls.append(document_id))
    return calls


@pytest.fixture
def presider(make_user):
    return make_user(Role.LEGAL_ADVISER, full_name="周主持")


@pytest.fixture
def case(agency, unit, officers, leader, organisation, ground, presider):
    return make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="closed", hearing=True, presider=presider)


def issue(case, kind, leader, **content):
    return document_issue(case=case, kind=kind, actor=leader, issued_on=TODAY, content=content or None,
                          officers=[a.officer for a in case.assignments.all()])


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


# --- numbering -------------------------------------------------------------------------------


def test_concurrent_issues_get_consecutive_numbers_without_gaps(transactional_db, agency, unit, officers, leader,
                                                                organisation, ground, sent):
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="investigating")
    start, errors, numbers = threading.Barrier(8), [], []

    def issue_one(roll_back: bool):
        try:
            start.wait()
            with transaction.atomic():
                document = issue(case, DocumentKind.INQUIRY_RECORD, leader, place="询问室", subject="王建华",
                                 record="问答")
                if roll_back:
                    raise RuntimeError("rolled back")
                numbers.append(document.sequence)
        except RuntimeError:
            pass
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_one, args=(i == 3,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(numbers) == list(range(1, 8))  # seven committed, the rolled-back one gave its number back
    stored = Document.objects.filter(case=case).order_by("sequence")
    assert [d.number for d in stored] == [format_number("潜民询", TODAY.year, n) for n in range(1, 8)]
    assert sorted(sent) == sorted(d.pk for d in stored)  # one PDF task per committed document, none for the other


def test_numbers_run_per_kind_and_agency(case, leader, sent):
    first = issue(case, DocumentKind.DECISION, leader)
    other_kind = issue(case, DocumentKind.SERVICE_RECEIPT, leader)
    second = issue(case, DocumentKind.DECISION, leader)
    assert (first.sequence, other_kind.sequence, second.sequence) == (1, 1, 2)
    assert first.number == f"潜民罚决〔{TODAY.year}〕1号" and other_kind.number == f"潜民送〔{TODAY.year}〕1号"
    assert sent == []  # nothing is sent before the transaction commits


# --- the text of each kind -------------------------------------------------------------------

SPECIFIC = {
    DocumentKind.FILING_APPROVAL: ["立案审批表", "同意立案", "第三十条第一款第（四）项", "第五十四条"],
    DocumentKind.INQUIRY_RECORD: ["询问笔录", "潜江市民政局询问室", "王建华（法定代表人）", "问：是否参加年检？", "申请回避"],
    DocumentKind.INSPECTION_RECORD: ["现场检查笔录", "现场检查情况", "出示执法证件"],
    DocumentKind.INVESTIGATION_REPORT: ["调查终结报告", "处理意见", "撤销登记", "法制审核"],
    DocumentKind.PRIOR_NOTICE: ["行政处罚事先告知书", "陈述、申辩", "五个工作日", "要求举行听证", "第四十四条"],
    DocumentKind.HEARING_NOTICE: ["听证通知书", "周主持", "申请回避", "第六十四条"],
    DocumentKind.HEARING_RECORD: ["听证笔录", "周主持", "对事实无异议"],
    DocumentKind.DECISION: ["行政处罚决定书", "经查明", "撤销登记", "履行方式和期限", "六十日内向潜江市人民政府申请行政复议", "（印章）"],
    DocumentKind.SERVICE_RECEIPT: ["送达回证", "直接送达", "受送达人签名或者盖章"],
    DocumentKind.CLOSING_REPORT: ["结案报告", "同意结案", "已收缴登记证书正本、副本", "已收缴印章"],
}


@pytest.mark.parametrize("kind", OWN_KINDS)
def test_every_kind_renders_with_the_case_data(case, leader, organisation, kind, sent):
    content = {"place": "潜江市民政局询问室", "subject": "王建华（法定代表人）", "record": "问：是否参加年检？\n答：没有参加。"} \
        if kind in (DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD) else {}
    if kind == DocumentKind.SERVICE_RECEIPT:
        issue(case, DocumentKind.DECISION, leader)
    document = issue(case, kind, leader, **content)
    body = document.body
    assert organisation.name in body
    assert document.number in body and case.agency.name in body
    assert case.number in body
    for phrase in SPECIFIC[kind]:
        assert phrase in body, f"{phrase!r} missing from {kind}"
    assert "{{" not in body and "{%" not in body
    text = re.sub(r"<[^>]+>", "|", body)
    # A line break or space between two Chinese characters would print as a gap.
    assert not re.search(r"[\u4e00-\u9fff，。）][ \t\r\n]+[\u4e00-\u9fff（]", text)


def test_the_decision_states_everything_article_59_requires(case, leader, organisation, ground):
    body = issue(case, DocumentKind.DECISION, leader).body
    assert "当事人：潜江市龙虾产业协会" in body and organisation.credit_code in body  # the party
    assert case.facts in body  # the facts
    assert f"{ground.regulation}{ground.article}" in body and "的规定" in body  # the basis
    assert "对当事人给予撤销登记的行政处罚" in body  # the penalty
    assert "登记证书正本、副本和印章交回本机关" in body  # how to perform it
    assert "六十日内" in body and "行政复议" in body and "六个月内" in body and "行政诉讼" in body  # remedies
    assert "经法制审核" in body and "依法举行了听证" in body
    assert f"{case.decided_on.year}年{case.decided_on.month}月{case.decided_on.day}日" in body  # the date
    assert body.count(case.agency.name) >= 2 and "（印章）" in body  # the organ and its seal


def test_the_remedies_name_the_agencys_own_reconsideration_organ(case, leader):
    case.agency.reconsideration_organ = "仙桃市人民政府"
    case.agency.save()
    body = issue(case, DocumentKind.DECISION, leader).body
    assert "六十日内向仙桃市人民政府申请行政复议" in body and "潜江市人民政府" not in body

    case.agency.reconsideration_organ = ""  # not configured yet: the law's general wording
    assert "向本级人民政府申请行政复议" in remedies_text(case.agency)


def test_a_fine_decision_says_when_and_how_to_pay(agency, unit, officers, leader, organisation, ground):
    case = fine_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="decided")
    body = issue(case, DocumentKind.DECISION, leader).body
    assert "给予警告、罚款的行政处罚，罚款人民币5000.00元" in body
    assert "十五日内" in body and "每日按罚款数额的百分之三加处罚款" in body
    assert "申请人民法院强制执行" in body


def test_no_penalty_gets_its_own_title(agency, unit, officers, leader, organisation, ground):
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="decided", decision_outcome="no_penalty", decision_penalties=[],
                     decision_content="当事人违法行为轻微并及时改正，没有造成危害后果")
    body = issue(case, DocumentKind.DECISION, leader).body
    assert "不予行政处罚决定书" in body and "本机关决定对当事人不予行政处罚" in body and remedies_text(agency) in body


def test_a_kind_without_its_own_template_falls_back_to_the_base(case, leader):
    document = issue(case, DocumentKind.LEGAL_REVIEW_OPINION, leader, 审核意见="同意")
    assert "法制审核意见书" in document.body and "审核意见：" in document.body and "同意" in document.body


def test_user_text_is_escaped(agency, unit, officers, leader, organisation, ground):
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="investigating", facts='<img src="http://evil.example/x">')
    document = issue(case, DocumentKind.INQUIRY_RECORD, leader, record="<script>alert(1)</script>")
    assert "<script>" not in document.body and "<img" not in document.body


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_opens_and_carries_the_chinese_text(case, leader, organisation, media):
    document = issue(case, DocumentKind.DECISION, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    path = media / made.pdf_file.name
    assert made.pdf_file.name == f"documents/{TODAY.year}/潜民罚决-{TODAY.year}-1号.pdf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == made.pdf_sha256
    text = pdf_text(path)
    assert organisation.name in text and "行政处罚决定书" in text and document.number in text
    assert "行政复议" in text
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"CJK|Song|Hei|Fang|Han|Ming|Kai", fonts), fonts  # a real Chinese face, embedded
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Pages:" in info and document.number in info  # the title is the kind and the number


def test_pdf_rendering_is_deterministic_and_never_replaced(case, leader, media):
    document = issue(case, DocumentKind.PRIOR_NOTICE, leader)
    assert hashlib.sha256(pdf.document_pdf_bytes(document)).digest() == \
        hashlib.sha256(pdf.document_pdf_bytes(document)).digest()
    first = pdf.document_pdf_make(document_id=document.pk)
    # PostgreSQL refuses to change an issued document (test_document_immutability.py); were the body changed
    # behind its back, the PDF made first would still stand.
    with pgtrigger.ignore("cases.Document:document_issued_immutable"):
        Document.objects.filter(pk=document.pk).update(body=document.body.replace("陈述", "改动"))
    second = pdf.document_pdf_make(document_id=document.pk)
    assert (second.pdf_file.name, second.pdf_sha256) == (first.pdf_file.name, first.pdf_sha256)
    assert len(list((media / "documents" / str(TODAY.year)).iterdir())) == 1


def test_a_run_that_died_before_recording_is_redone_to_the_same_file(case, leader, media):
    document = issue(case, DocumentKind.SERVICE_RECEIPT, leader)
    made = pdf.document_pdf_make(document_id=document.pk)
    with pgtrigger.ignore("cases.Document:document_pdf_made_once"):  # the file stayed, the row did not
        Document.objects.filter(pk=document.pk).update(pdf_file="", pdf_sha256="")
    again = tasks.make_document_pdf(document.pk)  # the task, run in-process
    assert again == made.pdf_sha256
    assert Document.objects.get(pk=document.pk).pdf_file.name == made.pdf_file.name
    assert len(list((media / "documents" / str(TODAY.year)).iterdir())) == 1


def test_task_for_a_missing_document_does_nothing(db):
    assert tasks.make_document_pdf(987654321) is None


def test_pdf_endpoint_renders_on_demand_with_download_headers(case, leader, client_for):
    document = issue(case, DocumentKind.DECISION, leader)
    assert not document.pdf_sha256
    api = client_for(leader)
    listed = api.get(f"/api/documents/{document.pk}/").json()
    response = api.get(listed["pdf_url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    document.refresh_from_db()
    assert response["ETag"] == f'"{document.pdf_sha256}"' == f'"{hashlib.sha256(body).hexdigest()}"'
    assert response["Repr-Digest"].startswith("sha-256=:")
    expected = f"{document.number}行政处罚决定书.pdf"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"document-{document.pk}.pdf\"; filename*=UTF-8''{quote(expected, safe='')}")
    # The second request serves the stored file; a client holding it gets 304.
    assert b"".join(api.get(listed["pdf_url"]).streaming_content) == body
    cached = api.get(listed["pdf_url"], HTTP_IF_NONE_MATCH=response["ETag"])
    assert cached.status_code == 304
    inline = api.get(listed["pdf_url"] + "?inline=1", HTTP_ACCEPT="application/pdf")
    assert inline.status_code == 200 and inline["Content-Disposition"].startswith("inline;")


def test_pdf_endpoint_applies_document_visibility(case, leader, client_for, make_user, other_agency):
    from zhifa.accounts.models import Unit

    document = issue(case, DocumentKind.DECISION, leader)
    elsewhere = make_user(Role.OFFICER, unit=Unit.objects.create(agency=case.agency, name="慈善事业促进科"))
    foreign = make_user(Role.LEADER, unit=Unit.objects.create(agency=other_agency, name="办公室"))
    for user in (elsewhere, foreign):
        response = client_for(user).get(f"/api/documents/{document.pk}/pdf/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client_for().get(f"/api/documents/{document.pk}/pdf/").status_code == 401
    assert not Document.objects.get(pk=document.pk).pdf_sha256  # nothing was rendered for them


# --- the real worker -------------------------------------------------------------------------


def test_issuing_a_document_has_the_worker_make_its_pdf(celery_worker, agency, unit, officers, leader,
                                                        organisation, ground):
    case = make_case(agency=agency, unit=unit, officers=officers, leader=leader, organisation=organisation,
                     grounds=[ground], state="decided", penalties=("warning", "fine"), fine=Decimal("3000"))
    with transaction.atomic():
        document = issue(case, DocumentKind.DECISION, leader)
    made = celery_worker.wait_for(lambda: Document.objects.filter(pk=document.pk).exclude(pdf_sha256="").first())
    stored = celery_worker.media_root / made.pdf_file.name
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == made.pdf_sha256
    assert organisation.name in pdf_text(stored)
    # A second run of the task (a redelivery) leaves the PDF as it was.
    tasks.make_document_pdf.delay(document.pk)
    celery_worker.wait_for(lambda: celery_worker.log().count("make_document_pdf[") >= 4)  # received + succeeded, twice
    again = Document.objects.get(pk=document.pk)
    assert (again.pdf_file.name, again.pdf_sha256) == (made.pdf_file.name, made.pdf_sha256)
    assert default_storage.exists(made.pdf_file.name)
    assert "succeeded" in celery_worker.log()
