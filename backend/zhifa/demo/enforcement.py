"""Demo enforcement, through the real services, one fine at each stage the demo's dates allow:

- 潜江市启明星培训学校 (served by post 41 days ago): paid 2000 yuan on the last day, 3000 yuan overdue, the late
  surcharge (3% of it a day, Art. 72) running;
- 潜江市晨曦幼儿园: paid in full in time (已履行);
- 潜江市金色年华养老院: instalments applied for before the fine fell due and approved by the leader (Art. 66);
- 潜江市泽口街道社会工作服务站: both challenge windows passed, reminded, the reminder served more than ten days ago
  and no statement made: ready for the leader to apply to the court (行政强制法 Art. 53–55);
- 潜江市竹根滩镇颐养中心: applied to the court;
- 潜江市周矶敬老服务中心: accepted by the court and enforcement ordered;
- 潜江市园林街道幸福里养老服务中心: paid in full, and the case closed; it then sued, and the court's judgment
  changing the decision to a warning alone (变更, 行政诉讼法 Art. 77) took effect when its appeal window passed:
  the notice is withdrawn and drafted again with the change, and the 5000 yuan paid falls due for refund,
  waiting for the leader's approval.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from zhifa.accounts.models import Agency, User
from zhifa.cases.models import Case
from zhifa.enforcement import services
from zhifa.enforcement.models import Enforcement
from zhifa.enforcement.surcharge import challenge_windows_end, fine_due

COURT = "潜江市人民法院"
BANK = "中国农业银行潜江分行"


def _case(agency: Agency, name: str) -> Case | None:
    case = Case.objects.filter(agency=agency, title__startswith=name, state="served").first()
    if case is None or Enforcement.objects.filter(case=case).exists():
        return None
    return case


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def load(agency: Agency) -> None:
    people = {u.username: u for u in User.objects.filter(username__in=["leader1", "officer1"])}
    today = timezone.localdate()

    def begin(case: Case) -> Enforcement:
        return services.enforcement_open(case_id=case.pk, actor=people["leader1"])

    def act(e: Enforcement, who: str, action: str, on: datetime.date, **data) -> Enforcement:
        return services.enforcement_act(enforcement_id=e.pk, actor=people[who], action=action,
                                        data={"date": on, **data})

    def pay(e: Enforcement, on: datetime.date, amount: Decimal, n: int) -> Enforcement:
        return act(e, "officer1", "record_payment", on, amount=amount, bank=BANK,
                   receipt_number=f"ABC{on:%Y%m%d}{n:04d}")

    def remind_and_hear(e: Enforcement) -> tuple[Enforcement, datetime.date]:
        """The windows passed unchallenged: the 催告书 the day after, served two days later, no statement."""
        end = challenge_windows_end(e.served_on)
        e = act(e, "officer1", "remind", end + _days(1))
        e = act(e, "officer1", "record_reminder_service", end + _days(3))
        e = act(e, "officer1", "record_statement", end + _days(5), statement_made=False)
        return e, end

    case = _case(agency, "潜江市启明星培训学校")
    if case:
        e = begin(case)
        due = fine_due(case.served_on).due
        pay(e, due, case.decision_fine * 2 / 5, 1)

    case = _case(agency, "潜江市晨曦幼儿园")
    if case:
        pay(begin(case), case.served_on + _days(10), case.decision_fine, 2)

    case = _case(agency, "潜江市金色年华养老院")
    if case:
        e = begin(case)
        half = case.decision_fine / 2
        e = act(e, "officer1", "apply_arrangement", case.served_on + _days(5), kind="instalments",
                reason="受托经营收入减少，一次缴纳罚款确有困难，申请分两期缴纳。",
                items=[{"due_on": today + _days(20), "amount": half}, {"due_on": today + _days(50), "amount": half}])
        act(e, "leader1", "approve_arrangement", case.served_on + _days(7), note="同意分两期缴纳。")

    case = _case(agency, "潜江市泽口街道社会工作服务站")
    if case:
        remind_and_hear(begin(case))

    case = _case(agency, "潜江市竹根滩镇颐养中心")
    if case:
        e, end = remind_and_hear(begin(case))
        act(e, "leader1", "apply_to_court", end + _days(15), court=COURT)

    case = _case(agency, "潜江市周矶敬老服务中心")
    if case:
        e, end = remind_and_hear(begin(case))
        e = act(e, "leader1", "apply_to_court", end + _days(15), court=COURT)
        e = act(e, "officer1", "record_ruling", end + _days(25), ruling="accepted", number=f"（{end.year}）鄂9005行审受1号",
                court_case_number=f"（{end.year}）鄂9005行审12号")
        act(e, "officer1", "record_ruling", end + _days(40), ruling="enforce", number=f"（{end.year}）鄂9005行审12号",
            summary="准予强制执行潜江市民政局作出的行政处罚决定。")

    case = _case(agency, "潜江市园林街道幸福里养老服务中心")
    if case:
        e = pay(begin(case), case.served_on + _days(14), case.decision_fine, 3)
        act(e, "leader1", "close_case", case.served_on + _days(20))

    changed_by_the_court(agency, "潜江市园林街道幸福里养老服务中心", today)


def changed_by_the_court(agency: Agency, name: str, today: datetime.date) -> None:
    from zhifa.disclosure.models import Notice
    from zhifa.disclosure.services import notice_withdraw_publish
    from zhifa.litigation import services as litigation
    from zhifa.litigation.models import Matter

    case = Case.objects.filter(agency=agency, title__startswith=name).first()
    if case is None or Matter.objects.filter(case=case).exists():
        return
    adviser, leader, officer = (User.objects.get(username=u) for u in ("adviser1", "leader1", "officer1"))
    number = f"（{today.year}）鄂9005行初58号"
    matter = litigation.matter_create(
        actor=adviser, kind="first_instance", body="潜江市人民法院", external_number=number, plaintiff=name,
        claims="请求变更被告作出的行政处罚决定", contested_act="行政处罚决定（警告，并处罚款5000元）", case=case,
        received_on=case.served_on + _days(30), leader=leader, advisers=[adviser], officers=[officer])
    litigation.matter_record_response(matter_id=matter.pk, actor=adviser, on=case.served_on + _days(36))
    litigation.matter_record_outcome(
        matter_id=matter.pk, actor=adviser, outcome="changed", outcome_form="judgment",
        outcome_on=today - _days(24), received_on=today - _days(22), document_number=number,
        summary="原告系初次违法，危害后果轻微并已及时改正，被诉处罚决定并处罚款明显不当，判决变更为警告。",
        changed_penalties=["warning"], changed_content="警告。")
    litigation.matter_apply_outcome(matter_id=matter.pk)  # effective: the appeal window passed (Art. 85)
    for notice in Notice.objects.filter(case=case, state="withdrawing"):
        notice_withdraw_publish(notice_id=notice.pk)
