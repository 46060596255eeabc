"""The audit of the register against the legal invariants (cases/invariants.py).

Whatever path a record took (the procedure, an import from an older system, a hand-made UPDATE with the
triggers off), the audit reports each case that breaks the law with the invariant and its article, and
never crashes on a record it cannot read."""

import datetime
import io

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.cases.invariants import BY_CODE, INVARIANTS
from zhifa.cases.legal_audit import legal_audit
from zhifa.cases.models import Case
from zhifa.cases.tasks import legal_audit_register

from tests.law.scenario import ok


def raw(sql: str, *params) -> None:
    """A change made behind the application's back, every trigger off (history, immutability, foreign keys)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_every_invariant_cites_its_article_in_chinese_and_english():
    assert len(BY_CODE) == len(INVARIANTS)
    for invariant in INVARIANTS:
        assert "第" in invariant.article and "条" in invariant.article, invariant.code
        assert "Art." in invariant.article_en, invariant.code


def test_the_demo_register_breaks_no_invariant(db):
    call_command("load_demo", verbosity=0)
    report = legal_audit()
    assert report.cases == Case.objects.count() >= 20
    assert [v.as_dict() for v in report.violations] == []


def test_a_notification_moved_after_the_decision_is_reported_for_that_case_and_invariant(decide_case):
    lawful, moved = decide_case(), decide_case()
    assert legal_audit().violations == []
    raw("UPDATE cases_case SET notified_on = decided_on + 1 WHERE id = %s", moved.pk)
    violations = legal_audit().violations
    assert [(v.case_id, v.invariant) for v in violations] == [(moved.pk, "notified_before_decision")]
    assert "第四十四条" in violations[0].article and "Art. 44" in violations[0].article_en
    assert lawful.pk not in {v.case_id for v in violations}


def test_the_command_names_case_invariant_and_article(decide_case):
    case = decide_case()
    raw("UPDATE cases_case SET notified_on = decided_on + 1 WHERE id = %s", case.pk)
    out, err = io.StringIO(), io.StringIO()
    call_command("legal_audit", stdout=out, stderr=err)
    line, = out.getvalue().splitlines()
    assert line.startswith(case.number) and "notified_before_decision" in line and "第六十二条" in line
    assert "1 violations" in err.getvalue()


def test_corrupted_and_legacy_records_are_violations_with_their_reason_never_a_crash(decide_case):
    no_date, no_documents, no_act = decide_case(), decide_case(), decide_case()
    raw("UPDATE cases_case SET decided_on = NULL WHERE id = %s", no_date.pk)
    raw("DELETE FROM cases_document_officers WHERE document_id IN (SELECT id FROM cases_document WHERE case_id = %s)",
        no_documents.pk)
    raw("DELETE FROM cases_document WHERE case_id = %s", no_documents.pk)
    raw("UPDATE cases_case SET act_date = NULL, time_limit_extensions = '[{\"days\": \"many\"}]' WHERE id = %s",
        no_act.pk)
    reasons = {}
    for v in legal_audit().violations:
        reasons.setdefault(v.case_id, set()).add((v.invariant, v.reason))
    assert ("notified_before_decision", "记录缺少决定日期") in reasons[no_date.pk]
    assert ("filed_two_officers", "没有立案审批表") in reasons[no_documents.pk]
    assert ("decision_documented", "没有行政处罚决定书") in reasons[no_documents.pk]
    assert ("served_lawfully", "没有送达回证") in reasons[no_documents.pk]
    assert ("not_time_barred", "记录缺少违法行为发生日") in reasons[no_act.pk]
    assert any(code == "within_time_limit" and "记录无法核查" in reason for code, reason in reasons[no_act.pk])


def test_an_agreed_review_whose_reviewer_was_deleted_is_reported(case_at, statement, agree_review, deliberate, move):
    cid = case_at("notified", penalties=["deregistration"], start=60)
    ok(statement(cid, "not_made", 40))
    agree_review(cid, submitted=30, agreed=28)
    ok(deliberate(cid, 20))
    ok(move(cid, "decide", "leader", outcome="penalty", penalties=["deregistration"], content="撤销登记",
            serious_finding="连续两年不参加年检，经催告仍不参加，属情节严重"))
    assert legal_audit().violations == []
    raw("UPDATE reviews_review SET reviewer_id = NULL WHERE case_id = %s", cid)
    assert [(v.invariant, v.reason) for v in legal_audit().violations] == [("major_reviewed", "法制审核同意，但没有审核人员的记录")]


def test_auditing_more_cases_costs_no_more_queries(decide_case):
    decide_case()
    with CaptureQueriesContext(connection) as one:
        assert legal_audit().cases == 1
    decide_case(), decide_case(), decide_case()
    with CaptureQueriesContext(connection) as four:
        assert legal_audit().cases == 4
    assert len(four) == len(one) <= 15


def test_the_nightly_task_is_scheduled_and_reports_a_summary(decide_case):
    assert any(entry["task"] == "zhifa.cases.tasks.legal_audit_register" for entry in settings.CELERY_BEAT_SCHEDULE.values())
    case = decide_case()
    raw("UPDATE cases_case SET notified_on = %s WHERE id = %s", datetime.date.today(), case.pk)
    assert legal_audit_register() == {"cases": 1, "violations": 1, "cases_with_violations": 1}


def test_a_fine_moved_outside_the_grounds_range_is_reported(decide_case, ground):
    """社团条例 Art. 30: 违法经营额1倍以上3倍以下; the turnover found lowered until the fine is five times it."""
    from zhifa.cases.models import GroundFineRange

    case = decide_case()
    GroundFineRange.objects.create(ground=ground, basis="illegal_turnover", minimum=1, maximum=3)
    raw("UPDATE cases_case SET illegal_turnover = 2000 WHERE id = %s", case.pk)
    assert legal_audit().violations == []  # 5000 is 2.5 times 2000
    raw("UPDATE cases_case SET illegal_turnover = 1000 WHERE id = %s", case.pk)
    violations = legal_audit().violations
    assert [(v.case_id, v.invariant) for v in violations] == [(case.pk, "fine_within_ground_range")]
    assert "违法经营额1000.00元" in violations[0].reason and "第三十八条" in violations[0].article


def test_a_recusal_left_undecided_or_ignored_is_reported(decide_case, officers):
    """Art. 43: an application decided before the case; a person who withdrew stays off the case."""
    from zhifa.cases.models import Recusal

    pending, ignored = decide_case(), decide_case()
    Recusal.objects.create(case=pending, person=officers[1], reason="近亲属", applied_on=pending.filed_on,
                           recorded_by=officers[0])
    Recusal.objects.create(case=ignored, person=officers[1], reason="近亲属", applied_on=ignored.filed_on,
                           recorded_by=officers[0], granted=True, decided_on=ignored.filed_on, decision_reason="属实")
    found = {(v.case_id, v.invariant, v.reason) for v in legal_audit().violations}
    assert (pending.pk, "recusals_respected", f"回避申请（{pending.filed_on}）未经负责人决定即作出处罚决定") in found
    reasons = {reason for case_id, code, reason in found if case_id == ignored.pk and code == "recusals_respected"}
    assert any("仍被指派" in r for r in reasons) and any("笔录上签名" in r for r in reasons), reasons


def test_service_left_at_the_address_without_witness_or_recording_is_reported(decide_case):
    """民事诉讼法 Art. 89: a refusal recorded, before a witness or with a photo or video record."""
    case = decide_case()
    raw("UPDATE cases_case SET service_method = 'left_at_address', service_refusal = '拒收' WHERE id = %s", case.pk)
    violations = legal_audit().violations
    assert [(v.invariant, v.reason) for v in violations] == [
        ("served_lawfully", "留置送达既没有见证人，也没有拍照、录像等记录送达过程的材料")]
