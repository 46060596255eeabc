"""Demo registers (DOMAIN.md §2): the two normative documents of the seed (〔2021〕12号 declared invalid
in the 2023 cleanup, 〔2023〕37号 issued and filed with the justice bureau), the 7 retained certification
matters (none under notification-commitment), a power list, a random-inspection plan with a completed
draw, and the 2023 annual report — each published through the disclosure pipeline. Idempotent."""

import datetime
from zoneinfo import ZoneInfo

from zhifa.accounts.models import Agency, User
from zhifa.disclosure import services as disclosure
from zhifa.disclosure.choices import NoticeState
from zhifa.registers import services
from zhifa.registers.choices import InspectionOutcome, Register
from zhifa.registers.models import (
    AnnualReport,
    CertificationMatter,
    CleanupCampaign,
    InspectionPlan,
    NormativeDocument,
    PowerList,
    RegisterPublication,
)

TZ = ZoneInfo("Asia/Shanghai")

DOCUMENTS = [
    ("潜民政发〔2021〕12号", "关于进一步加强事实无人抚养儿童保障工作的实施方案", datetime.date(2021, 4, 16),
     "为贯彻落实民政部等12部门《关于进一步加强事实无人抚养儿童保障工作的意见》，结合我市实际，制定本实施方案。……"),
    ("潜民政发〔2023〕37号", "关于印发潜江市养老机构等级评定实施方案的通知", datetime.date(2023, 9, 12),
     "各区镇处民政办、各养老机构：现将《潜江市养老机构等级评定实施方案》印发给你们，请认真贯彻执行。……"),
]

MATTERS = [
    ("社会团体成立登记的验资报告", "《社会团体登记管理条例》第十一条", "会计师事务所", "证明注册资金"),
    ("社会团体成立登记的住所使用权证明", "《社会团体登记管理条例》第十一条", "产权单位或房屋管理部门", "证明住所"),
    ("民办非企业单位成立登记的验资报告", "《民办非企业单位登记管理暂行条例》第九条", "会计师事务所", "证明开办资金"),
    ("民办非企业单位成立登记的场所使用权证明", "《民办非企业单位登记管理暂行条例》第九条", "产权单位或房屋管理部门", "证明活动场所"),
    ("基金会设立登记的验资证明", "《基金会管理条例》第九条", "会计师事务所", "证明原始基金到账"),
    ("社会组织注销登记的清算报告", "《社会团体登记管理条例》第二十条、《基金会管理条例》第十八条", "清算组", "证明已完成清算"),
    ("婚姻登记的出生医学证明（涉外、涉港澳台当事人无法出具户口簿时）", "《婚姻登记条例》第五条", "医疗机构或公证机构", "证明身份及年龄"),
]

POWERS = [
    ("对社会团体违法行为的行政处罚", "penalty", "《社会团体登记管理条例》第二十九条、第三十条", "社会组织管理局"),
    ("对民办非企业单位违法行为的行政处罚", "penalty", "《民办非企业单位登记管理暂行条例》第二十四条、第二十五条", "社会组织管理局"),
    ("对基金会违法行为的行政处罚", "penalty", "《基金会管理条例》第四十一条、第四十二条", "社会组织管理局"),
    ("取缔非法社会组织", "penalty", "《取缔非法民间组织暂行办法》第二条、第三条", "社会组织管理局"),
    ("社会团体成立、变更、注销登记", "licensing", "《社会团体登记管理条例》第三条", "社会组织管理局"),
    ("民办非企业单位成立、变更、注销登记", "licensing", "《民办非企业单位登记管理暂行条例》第三条", "社会组织管理局"),
    ("对社会组织的年度检查和监督检查", "inspection", "《社会团体登记管理条例》第二十四条、第二十八条", "社会组织管理局"),
    ("封存社会组织登记证书、印章和财务凭证", "enforcement", "《社会组织登记管理机关行政执法约谈工作规定（试行）》；《社会团体登记管理条例》第三十二条", "社会组织管理局"),
]


def _publish(notice, editor: User, leader: User, on: datetime.date) -> None:
    if notice.state == NoticeState.DRAFT:
        disclosure.notice_check_redaction(notice_id=notice.pk, actor=editor)
        disclosure.notice_approve(notice_id=notice.pk, actor=leader)
    if notice.published_at is None:
        disclosure.notice_publish(notice_id=notice.pk, at=datetime.datetime.combine(on, datetime.time(10, 0), TZ))


def _published(agency: Agency, register: str) -> bool:
    return RegisterPublication.objects.filter(agency=agency, register=register).exists()


def _documents(agency: Agency, keeper: User, editor: User, leader: User) -> None:
    for number, title, issued_on, text in DOCUMENTS:
        if not NormativeDocument.objects.filter(agency=agency, number=number).exists():
            services.normative_document_create(actor=keeper, number=number, title=title, issuing_unit=agency.name,
                                               issued_on=issued_on, effective_on=issued_on, full_text=text)
    old = NormativeDocument.objects.get(agency=agency, number=DOCUMENTS[0][0])
    new = NormativeDocument.objects.get(agency=agency, number=DOCUMENTS[1][0])
    if not new.filings.exists():
        filing = services.document_filing_submit(document_id=new.pk, actor=keeper, filing_body="潜江市司法局",
                                                 submitted_on=datetime.date(2023, 9, 20))
        services.document_filing_record_result(filing_id=filing.pk, actor=keeper, result="filed",
                                               result_on=datetime.date(2023, 10, 18), filing_number="潜司规备〔2023〕21号",
                                               note="经审查，准予备案。")
    if not CleanupCampaign.objects.filter(agency=agency).exists():
        campaign = services.cleanup_campaign_create(
            actor=keeper, title="2023年度规范性文件清理", started_on=datetime.date(2023, 10, 9),
            basis="按照市政府办公室关于开展规范性文件清理工作的通知要求，对本局制定的现行规范性文件进行全面清理。")
        services.cleanup_outcome_record(campaign_id=campaign.pk, actor=keeper, document_id=old.pk, outcome="invalidate",
                                        reason="上位政策已调整，相关保障工作已纳入新的困境儿童保障制度统一实施")
        services.cleanup_outcome_record(campaign_id=campaign.pk, actor=keeper, document_id=new.pk, outcome="keep",
                                        reason="新近制定，符合上位法规定")
        campaign = services.cleanup_campaign_conclude(campaign_id=campaign.pk, actor=keeper,
                                                      concluded_on=datetime.date(2023, 11, 30))
        notice = RegisterPublication.objects.get(register=Register.CLEANUP, reference=f"campaign:{campaign.pk}").notice
        _publish(notice, editor, leader, datetime.date(2023, 12, 5))
    if not _published(agency, Register.NORMATIVE_DOCUMENTS):
        notice = services.register_publish(actor=keeper, register=Register.NORMATIVE_DOCUMENTS,
                                           on=datetime.date(2023, 12, 5))
        _publish(notice, editor, leader, datetime.date(2023, 12, 5))


def _matters_and_powers(agency: Agency, keeper: User, editor: User, leader: User) -> None:
    for name, basis, body, purpose in MATTERS:
        if not CertificationMatter.objects.filter(agency=agency, name=name).exists():
            services.certification_matter_create(actor=keeper, name=name, legal_basis=basis, issuing_body=body,
                                                 purpose=purpose, notification_commitment=False)
    if not _published(agency, Register.CERTIFICATION_MATTERS):
        notice = services.register_publish(actor=keeper, register=Register.CERTIFICATION_MATTERS,
                                           on=datetime.date(2023, 6, 30))
        _publish(notice, editor, leader, datetime.date(2023, 6, 30))
    if not PowerList.objects.filter(agency=agency).exists():
        services.power_list_create_version(actor=keeper, effective_on=datetime.date(2023, 3, 1), note="2023年调整", items=[
            {"code": f"QJMZ-{i:03d}", "name": name, "kind": kind, "legal_basis": basis, "responsible_unit": unit,
             "responsibilities": "受理、调查、审核、决定、送达、执行、信息公开等环节依法履职",
             "accountability": "不履行或者不正确履行职责，依据《行政机关公务员处分条例》等追究责任"}
            for i, (name, kind, basis, unit) in enumerate(POWERS, 1)])
    for register, day in ((Register.POWER_LIST, datetime.date(2023, 3, 6)),
                          (Register.PERSONNEL, datetime.date(2023, 3, 6)),
                          (Register.MAJOR_CATALOGUE, datetime.date(2023, 3, 6)),
                          (Register.DISCRETION_BENCHMARKS, datetime.date(2023, 3, 6))):
        if not _published(agency, register):
            notice = services.register_publish(actor=keeper, register=register, on=day)
            _publish(notice, editor, leader, day)


def _inspection(agency: Agency, keeper: User, editor: User, leader: User) -> None:
    if InspectionPlan.objects.filter(agency=agency).exists():
        return
    plan = services.inspection_plan_create(
        actor=keeper, title="社会组织双随机抽查", year=datetime.date.today().year, target_count=3,
        target_types=["social_group", "private_non_enterprise"],
        matters=[{"name": "遵守法律法规和章程情况", "basis": "《社会团体登记管理条例》第二十四条"},
                 {"name": "财务管理和资金使用情况", "basis": "《民间非营利组织会计制度》"},
                 {"name": "开展活动和内部治理情况", "basis": "《社会组织登记管理机关行政执法约谈工作规定（试行）》"}])
    draw = services.inspection_plan_commit(plan_id=plan.pk, actor=keeper)
    today = datetime.date.today()
    _publish(draw.commitment_notice, editor, leader, today)
    draw = services.inspection_plan_draw(plan_id=plan.pk, actor=leader)
    for result in draw.results.all():
        services.inspection_result_record(result_id=result.pk, actor=keeper, outcome=InspectionOutcome.NO_PROBLEM,
                                          inspected_on=today, findings="现场检查未发现违反法律法规和章程的情形。")
    notice = services.register_publish(actor=keeper, register=Register.INSPECTION_RESULTS, object_id=draw.pk)
    _publish(notice, editor, leader, today)


def _annual_report(agency: Agency, editor: User, leader: User) -> None:
    report = AnnualReport.objects.filter(agency=agency, year=2023).first()
    if report is None:
        report = services.annual_report_draft(agency=agency, year=2023)
    if report.notice_id is None:
        report = services.annual_report_submit(report_id=report.pk, actor=editor)
    _publish(report.notice, editor, leader, datetime.date(2024, 1, 26))  # publishing it publishes the report


def load(agency: Agency) -> None:
    keeper, editor, leader = (User.objects.get(username=n) for n in ("reviewer1", "editor1", "leader1"))
    _documents(agency, keeper, editor, leader)
    _matters_and_powers(agency, keeper, editor, leader)
    _inspection(agency, keeper, editor, leader)
    _annual_report(agency, editor, leader)
