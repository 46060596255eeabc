"""The seed's 12 litigation matters of 2023, with the bureau's 2 retained legal advisers. One judgment
revokes a published deregistration decision, and its public notice is withdrawn."""

import datetime

from zhifa.accounts.models import Agency, User
from zhifa.cases.models import Case
from zhifa.disclosure.models import Notice
from zhifa.disclosure.services import notice_withdraw_publish
from zhifa.litigation import services
from zhifa.litigation.choices import FAVOURABLE
from zhifa.litigation.models import Matter

D = datetime.date
COURT, GOVERNMENT = "潜江市人民法院", "潜江市人民政府"

# number, kind, plaintiff, contested act, case title fragment, received, outcome, form, outcome date, head appeared
MATTERS = [
    ("（2023）鄂9005行初8号", "first_instance", "潜江市钓鱼协会", "撤销登记决定", "潜江市钓鱼协会", D(2023, 6, 12), "rejected", "judgment", D(2023, 9, 20), True),
    ("（2023）鄂9005行初15号", "first_instance", "潜江市信鸽协会", "撤销登记决定", "潜江市信鸽协会", D(2023, 7, 3), "withdrawn", "ruling", D(2023, 8, 28), True),
    ("（2023）鄂9005行初21号", "first_instance", "潜江市同心社区服务中心", "撤销登记决定", "潜江市同心社区服务中心", D(2023, 11, 20), "revoked", "judgment", D(2024, 3, 18), True),
    ("（2023）鄂9005行初26号", "first_instance", "张某某", "不予办理婚姻登记", None, D(2023, 4, 17), "rejected", "judgment", D(2023, 7, 10), False),
    ("（2023）鄂9005行初31号", "first_instance", "李某某", "最低生活保障停发决定", None, D(2023, 5, 8), "rejected", "judgment", D(2023, 8, 14), True),
    ("（2023）鄂9005行初37号", "first_instance", "王某某", "政府信息公开答复", None, D(2023, 6, 26), "confirmed_illegal", "judgment", D(2023, 10, 9), True),
    ("（2023）鄂9005行初44号", "first_instance", "潜江市楹联学会", "撤销登记决定", "潜江市楹联学会", D(2023, 9, 4), "rejected", "judgment", D(2023, 12, 11), False),
    ("（2023）鄂9005行初52号", "first_instance", "刘某某", "不履行法定职责（临时救助）", None, D(2023, 10, 16), "settled", "mediation", D(2023, 12, 1), True),
    ("（2023）鄂96行终41号", "second_instance", "张某某", "不予办理婚姻登记", None, D(2023, 8, 1), "rejected", "judgment", D(2023, 11, 6), True),
    ("（2023）鄂96行终63号", "second_instance", "王某某", "政府信息公开答复", None, D(2023, 11, 13), "upheld", "judgment", D(2024, 2, 26), True),
    ("潜政复〔2023〕9号", "reconsideration", "潜江市收藏家协会", "撤销登记决定", "潜江市收藏家协会", D(2023, 5, 15), "upheld", "reconsideration_decision", D(2023, 7, 10), None),
    ("潜政复〔2023〕17号", "reconsideration_simple", "陈某某", "特困人员认定决定", None, D(2023, 8, 21), "upheld", "reconsideration_decision", D(2023, 9, 15), None),
]


def load(agency: Agency) -> None:
    people = {u.username: u for u in User.objects.filter(username__in=["adviser1", "adviser2", "leader1", "officer1"])}
    for index, (number, kind, plaintiff, act, case_of, received, outcome, form, decided, head) in enumerate(MATTERS):
        if Matter.objects.filter(agency=agency, external_number=number).exists():
            continue
        case = Case.objects.filter(agency=agency, title__startswith=case_of).first() if case_of else None
        body = GOVERNMENT if kind.startswith("reconsideration") else (
            "湖北省汉江中级人民法院" if kind == "second_instance" else COURT)
        adviser = people["adviser1"] if index % 2 == 0 else people["adviser2"]
        matter = services.matter_create(
            actor=adviser, kind=kind, body=body, external_number=number, plaintiff=plaintiff,
            claims=f"请求撤销被告（被申请人）作出的{act}", contested_act=act, case=case, received_on=received,
            leader=people["leader1"], advisers=[adviser], officers=[people["officer1"]] if case else [])
        services.matter_record_response(matter_id=matter.pk, actor=adviser, on=received + datetime.timedelta(days=6))
        if head is not None:
            hearing = services.hearing_schedule(matter_id=matter.pk, actor=adviser,
                                                scheduled_on=received + datetime.timedelta(days=45), place="第二法庭")
            services.hearing_record(
                hearing_id=hearing.pk, actor=adviser, head_appeared=head, appeared=people["leader1"] if head else None,
                delegated_to=None if head else people["officer1"], delegate="" if head else "周律师（法律顾问）",
                delegate_reason="" if head else "负责人参加全省民政工作会议，不能出庭，委托承办人员出庭并由法律顾问代理",
                notes="负责人出庭应诉并发表意见。" if head else "承办人员出庭，法律顾问代理。")
        services.matter_record_outcome(
            matter_id=matter.pk, actor=adviser, outcome=outcome, outcome_form=form, outcome_on=decided,
            received_on=decided + datetime.timedelta(days=3), document_number=number,
            summary=("认定事实的主要证据不足，判决撤销被诉撤销登记决定，责令重新作出处理。" if outcome == "revoked"
                     else "被诉行政行为证据确凿，适用法律正确，符合法定程序。"))
        services.matter_apply_outcome(matter_id=matter.pk)
        services.matter_close(matter_id=matter.pk, actor=adviser, on=decided + datetime.timedelta(days=30),
                              note="" if outcome in FAVOURABLE else "经研究不上诉，已依裁判整改并重新调查处理。")
    for notice in Notice.objects.filter(agency=agency, state="withdrawing"):
        notice_withdraw_publish(notice_id=notice.pk)
