"""What is published and when (DOMAIN.md §4): every general-procedure penalty decision, warnings and 不予处罚
included, within 7 working days of the decision; 取缔 and other enforcement decisions within 20; nothing before
the party has been served; never a decision concerning a minor; never the reporter's name."""

import datetime

import pytest

from zhifa.calendar import engine
from zhifa.cases import services as case_services
from zhifa.cases.models import Case
from zhifa.core.exceptions import Conflict
from zhifa.disclosure import services
from zhifa.disclosure.models import Notice

TODAY = datetime.date.today()


def test_a_notice_waits_for_service_before_approval_and_publication(decide_case, editors, client_for,
                                                                    officers, django_capture_on_commit_callbacks):
    case = decide_case(served=False)
    notice = Notice.objects.get(case=case)
    assert notice.state == "draft"  # drafted at the decision, due 7 working days after the decision date
    assert notice.due_date == engine.add_working_days(case.decided_on, 7).due
    first, second = (client_for(e) for e in editors)
    assert first.post(f"/api/disclosures/{notice.pk}/check-redaction/").status_code == 200
    before = Notice.objects.get(pk=notice.pk)
    refused = second.post(f"/api/disclosures/{notice.pk}/approve/")
    assert refused.status_code == 409 and refused.json()["code"] == "not_served"
    assert "送达" in refused.json()["detail"] and "served" in refused.json()["detail_en"]
    after = Notice.objects.get(pk=notice.pk)
    assert (after.state, after.version, after.approved_by_id) == (before.state, before.version, None)

    # An approved notice whose case is not served (a row from before this rule) is not written by the task.
    Notice.objects.filter(pk=notice.pk).update(state="approved")
    assert services.notice_publish(notice_id=notice.pk).state == "approved"
    assert not Notice.objects.get(pk=notice.pk).slug

    Notice.objects.filter(pk=notice.pk).update(state="redaction_checked")
    case_services.case_transition(case_id=case.pk, actor=officers[0], action="serve",
                                  data={"date": TODAY, "service_method": "in_person"})
    with django_capture_on_commit_callbacks(execute=False):
        assert second.post(f"/api/disclosures/{notice.pk}/approve/").status_code == 200
    assert services.notice_publish(notice_id=notice.pk).state == "published"


@pytest.mark.parametrize("outcome, penalties, days", [
    ("penalty", ["warning"], 7), ("penalty", ["fine"], 7), ("no_penalty", [], 7), ("penalty", ["ban"], 20),
    ("penalty", ["deregistration"], 7),
])
def test_publication_windows(outcome, penalties, days):
    case = Case(decision_outcome=outcome, decision_penalties=penalties)
    assert services.disclosure_period(case).count == days


def test_a_no_penalty_decision_is_drafted_for_publication(decide_case):
    case = decide_case()
    Case.objects.filter(pk=case.pk).update(decision_outcome="no_penalty", decision_penalties=[], decision_fine=None)
    case.refresh_from_db()
    notice = services.notice_draft_from_case(case=case)
    assert notice.state == "draft" and "不予行政处罚" in notice.masked_title
    assert notice.due_date == engine.add_working_days(case.decided_on, 7).due


def _id_number(born: datetime.date) -> str:
    from zhifa.core.validators import resident_id_check_char

    first17 = f"420102{born:%Y%m%d}123"
    return first17 + resident_id_check_char(first17)


@pytest.mark.parametrize("number, act_date, minor", [
    (_id_number(datetime.date(2010, 6, 1)), datetime.date(2024, 5, 31), True),
    (_id_number(datetime.date(2010, 6, 1)), datetime.date(2028, 6, 1), False),  # 18 that day
    ("420102100601123", datetime.date(2024, 5, 31), False),  # 15-digit: born 1910
    ("420102080601123", datetime.date(1920, 5, 31), True),  # 15-digit: born 1908, act at 11
    ("", datetime.date(2024, 5, 31), False),
])
def test_a_minor_is_detected_from_the_id_number(number, act_date, minor):
    case = Case(party_kind="person", person_id_number=number, act_date=act_date, decided_on=act_date)
    assert (services.minor_party_note(case) is not None) == minor


def test_a_decision_concerning_a_minor_is_never_published_and_the_reason_is_recorded(decide_case, editors):
    case = decide_case()
    born = case.act_date - datetime.timedelta(days=365 * 16)
    Case.objects.filter(pk=case.pk).update(party_kind="person", person_name="小王", organisation=None,
                                           person_id_number=_id_number(born))
    case.refresh_from_db()
    notice = services.notice_draft_from_case(case=case)
    assert notice.state == "not_published" and notice.not_published_reason == "minor_party"
    assert "未成年人" in notice.not_published_note
    with pytest.raises(Conflict):
        services.notice_check_redaction(notice_id=notice.pk, actor=editors[0])


def test_the_reporter_is_never_named_in_any_form(decide_case):
    case = decide_case(facts="经举报人陈小明（电话0728-6234567）举报，陈 小 明称小明亲见该会收费。", reporter="陈小明")
    notice = Notice.objects.get(case=case)
    public = f"{notice.masked_title}{notice.masked_fields}{notice.masked_body}"
    for form in ("陈小明", "陈 小 明", "小明", "陈某", "0728"):
        assert form not in public
    assert services.public_findings(notice) == []


def test_the_migration_recomputes_every_public_copy(decide_case, organisation):
    import importlib

    from django.apps import apps

    from tests.reliability.pii import scan

    migration = importlib.import_module("zhifa.disclosure.migrations.0004_notice_masked_title")
    notice = Notice.objects.get(case=decide_case())
    leaked = "王五 电话13800138000 身份证11010519491231002X"
    Notice.objects.filter(pk=notice.pk).update(title=leaked, masked_title="", masked_fields={"CF_XDR_MC": leaked},
                                               fields={"CF_XDR_MC": leaked}, masked_body=leaked, body=leaked,
                                               published_at=datetime.datetime.now(datetime.timezone.utc),
                                               content_sha256="0" * 64)
    migration.remask(apps, None)
    notice.refresh_from_db()
    assert notice.masked_title.startswith("王五") and notice.content_sha256 != "0" * 64
    assert scan(f"{notice.masked_title}{notice.masked_fields}{notice.masked_body}") == []
