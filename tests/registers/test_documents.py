"""Normative documents: number format, uniqueness, dated and reasoned status changes, filing review,
cleanup campaigns, attachments — and publication through the disclosure pipeline."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.accounts.choices import Role
from zhifa.core.exceptions import InvalidInput
from zhifa.registers import services
from zhifa.registers.choices import Register
from zhifa.registers.models import DocumentStatusChange, NormativeDocument, RegisterPublication
from zhifa.registers.numbers import parse_document_number

URL = "/api/registers/normative-documents/"
DOC = {"number": "潜民政发〔2023〕37号", "title": "关于印发潜江市养老机构等级评定实施方案的通知",
       "issuing_unit": "潜江市民政局", "issued_on": "2023-09-12", "effective_on": "2023-10-01",
       "full_text": "现将《潜江市养老机构等级评定实施方案》印发给你们。"}


@pytest.mark.parametrize("text, expected", [
    ("潜民政发〔2023〕37号", ("潜民政发", 2023, 37)),
    ("潜民政发[2021]12号", ("潜民政发", 2021, 12)),
    ("潜民政发（2021）12号", ("潜民政发", 2021, 12)),
    (" 潜民政规 〔2022〕 1号", ("潜民政规", 2022, 1)),
])
def test_document_number_accepted_and_normalised(text, expected):
    parsed = parse_document_number(text, today=datetime.date(2024, 6, 1))
    assert tuple(parsed) == expected
    assert str(parsed) == f"{expected[0]}〔{expected[1]}〕{expected[2]}号"


@pytest.mark.parametrize("text", [
    "", "潜民政发〔2023〕37", "潜民政发2023年37号", "潜民政发〔2023〕037号", "潜民政发〔2023〕第37号",
    "QMZF〔2023〕37号", "潜民政发〔23〕37号", "潜民政发〔1900〕3号", "潜民政发〔2031〕3号", "潜民政发〔2023〕0号",
])
def test_document_number_rejected(text):
    with pytest.raises(InvalidInput) as refused:
        parse_document_number(text, today=datetime.date(2024, 6, 1))
    assert "number" in refused.value.fields


def test_register_document_and_bad_numbers(client_for, keeper, make_user):
    api = client_for(keeper)
    created = api.post(URL, DOC, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == "潜民政发〔2023〕37号" and created.json()["status"] == "valid"

    duplicate = api.post(URL, {**DOC, "number": "潜民政发[2023]37号"}, format="json")
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "duplicate"
    assert "number" in duplicate.json()["fields"]

    malformed = api.post(URL, {**DOC, "number": "潜民政发2023-37"}, format="json")
    assert malformed.status_code == 400 and "number" in malformed.json()["fields"]

    wrong_year = api.post(URL, {**DOC, "number": "潜民政发〔2022〕38号"}, format="json")
    assert wrong_year.status_code == 400 and "number" in wrong_year.json()["fields"]

    officer = client_for(make_user(Role.OFFICER))
    assert officer.post(URL, {**DOC, "number": "潜民政发〔2023〕39号"}, format="json").status_code == 403
    assert officer.get(URL).status_code == 200


def test_status_change_needs_date_and_reason_and_is_recorded(client_for, keeper):
    api = client_for(keeper)
    document = api.post(URL, {**DOC, "number": "潜民政发〔2021〕12号", "issued_on": "2021-04-16",
                              "effective_on": None}, format="json").json()
    status_url = f"{URL}{document['id']}/status/"
    no_reason = api.post(status_url, {"to_status": "invalid", "on": "2023-11-30"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    no_date = api.post(status_url, {"to_status": "invalid", "reason": "已被替代"}, format="json")
    assert no_date.status_code == 400 and "on" in no_date.json()["fields"]
    blank_reason = api.post(status_url, {"to_status": "invalid", "on": "2023-11-30", "reason": "  "}, format="json")
    assert blank_reason.status_code == 400
    before_issue = api.post(status_url, {"to_status": "invalid", "on": "2020-01-01", "reason": "x"}, format="json")
    assert before_issue.status_code == 400 and "on" in before_issue.json()["fields"]

    stale = api.post(status_url, {"to_status": "invalid", "on": "2023-11-30", "reason": "上位政策调整"},
                     format="json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 409
    done = api.post(status_url, {"to_status": "invalid", "on": "2023-11-30", "reason": "上位政策调整"}, format="json")
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "invalid" and body["status_changed_on"] == "2023-11-30"
    assert [(c["from_status"], c["to_status"], c["reason"]) for c in body["status_changes"]] == [
        ("valid", "invalid", "上位政策调整")]

    again = api.post(status_url, {"to_status": "valid", "on": "2023-12-01", "reason": "恢复"}, format="json")
    assert again.status_code == 409
    assert DocumentStatusChange.objects.filter(document_id=document["id"]).count() == 1


def test_filing_review(client_for, keeper):
    api = client_for(keeper)
    document = api.post(URL, DOC, format="json").json()
    submitted = api.post(f"{URL}{document['id']}/filings/", {"filing_body": "潜江市司法局", "submitted_on": "2023-09-20"},
                         format="json")
    assert submitted.status_code == 200
    filing = submitted.json()["filings"][0]
    assert filing["result"] == "pending"
    assert api.post(f"{URL}{document['id']}/filings/", {"filing_body": "潜江市司法局", "submitted_on": "2023-09-21"},
                    format="json").status_code == 409
    no_number = api.post(f"{URL}{document['id']}/filing-result/",
                         {"filing": filing["id"], "result": "filed", "result_on": "2023-10-18"}, format="json")
    assert no_number.status_code == 400 and "filing_number" in no_number.json()["fields"]
    filed = api.post(f"{URL}{document['id']}/filing-result/", {"filing": filing["id"], "result": "filed",
                                                               "result_on": "2023-10-18",
                                                               "filing_number": "潜司规备〔2023〕21号"}, format="json")
    assert filed.status_code == 200
    assert filed.json()["filings"][0]["result"] == "filed"
    assert filed.json()["filings"][0]["filing_number"] == "潜司规备〔2023〕21号"


def test_attachment_upload(client_for, keeper):
    api = client_for(keeper)
    document = api.post(URL, DOC, format="json").json()
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    response = api.post(f"{URL}{document['id']}/attachments/", {"file": upload, "name": "实施方案"}, format="multipart")
    assert response.status_code == 200, response.json()
    attachment = response.json()["attachments"][0]
    assert attachment["name"] == "实施方案" and attachment["size"] == len(b"%PDF-1.4 demo")
    assert len(attachment["sha256"]) == 64
    empty = api.post(f"{URL}{document['id']}/attachments/", {"name": "x"}, format="multipart")
    assert empty.status_code == 400


def test_cleanup_campaign_outcome_applied_and_published(client_for, keeper, publish, site_text):
    api = client_for(keeper)
    old = api.post(URL, {**DOC, "number": "潜民政发〔2021〕12号", "issued_on": "2021-04-16", "effective_on": None,
                         "title": "关于进一步加强事实无人抚养儿童保障工作的实施方案"}, format="json").json()
    new = api.post(URL, DOC, format="json").json()
    campaign = api.post("/api/registers/cleanup-campaigns/", {"title": "2023年度规范性文件清理",
                                                              "started_on": "2023-10-09"}, format="json").json()
    curl = f"/api/registers/cleanup-campaigns/{campaign['id']}/"
    assert api.post(f"{curl}conclude/", {"concluded_on": "2023-11-30"}, format="json").status_code == 400
    assert api.post(f"{curl}outcomes/", {"document": old["id"], "outcome": "invalidate"},
                    format="json").status_code == 400
    assert api.post(f"{curl}outcomes/", {"document": old["id"], "outcome": "invalidate", "reason": "上位政策调整"},
                    format="json").status_code == 200
    assert api.post(f"{curl}outcomes/", {"document": new["id"], "outcome": "keep", "reason": "符合上位法"},
                    format="json").status_code == 200
    concluded = api.post(f"{curl}conclude/", {"concluded_on": "2023-11-30"}, format="json")
    assert concluded.status_code == 200 and concluded.json()["state"] == "concluded"
    assert api.post(f"{curl}conclude/", {"concluded_on": "2023-11-30"}, format="json").status_code == 409

    old_doc = NormativeDocument.objects.get(pk=old["id"])
    assert old_doc.status == "invalid" and old_doc.status_changed_on == datetime.date(2023, 11, 30)
    change = old_doc.status_changes.get()
    assert change.campaign_id == campaign["id"] and "上位政策调整" in change.reason
    assert NormativeDocument.objects.get(pk=new["id"]).status == "valid"

    notice = publish(RegisterPublication.objects.get(register=Register.CLEANUP).notice)
    page = site_text(notice)
    assert "潜民政发〔2021〕12号" in page and "宣布失效（1件）" in page and "继续有效（1件）" in page

    lapsed = api.post(URL, {**DOC, "number": "潜民政规〔2022〕1号", "issued_on": "2022-03-01", "effective_on": None,
                            "expires_on": "2024-02-29", "title": "关于临时救助的暂行办法"}, format="json")
    assert lapsed.status_code == 201
    listing = services.register_publish(actor=keeper, register=Register.NORMATIVE_DOCUMENTS)
    page = site_text(publish(listing))
    assert "潜民政规〔2022〕1号《关于临时救助的暂行办法》，2022-03-01印发，有效期至2024-02-29，失效（有效期届满）" in page
    assert "潜民政发〔2023〕37号《关于印发潜江市养老机构等级评定实施方案的通知》，2023-09-12印发，2023-10-01施行" in page
    assert "失效" in page
