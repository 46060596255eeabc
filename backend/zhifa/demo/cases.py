"""Demo cases, driven through the real services so every gate, number, document and deadline is genuine.

2023 (the seed): ten registrations revoked (撤销登记) through the major-decision legal review, one of
them corrected and resubmitted, one after a hearing; eight archived, one closed, one still executing.
This year: cases of every kind at every stage, so every screen and action has something to show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from zhifa.accounts.models import Agency, User
from zhifa.cases import services
from zhifa.cases.models import Case, ViolationGround
from zhifa.registers.selectors import discretion_benchmarks_in_force
from zhifa.registry.models import IllegalOrganisation, Organisation
from zhifa.reviews import services as reviews

PASS = [{"item": n, "verdict": "pass", "note": "符合"} for n in range(1, 10)]


@dataclass
class Walk:
    """Moves one demo case step by step; `day(n)` is n days after the case's first day."""

    case: Case
    start: datetime.date
    people: dict[str, User]

    def day(self, n: int) -> datetime.date:
        return self.start + datetime.timedelta(days=n)

    def act(self, action: str, who: str, n: int, **data) -> None:
        self.case = services.case_transition(case_id=self.case.pk, actor=self.people[who], action=action,
                                             data={"date": self.day(n), **data})

    def record(self, n: int, kind: str = "inquiry_record") -> None:
        services.investigative_record_create(
            case_id=self.case.pk, actor=self.people["officer1"], kind=kind,
            officers=[self.people["officer1"], self.people["officer2"]], on=self.day(n),
            content={"place": "潜江市民政局询问室" if kind == "inquiry_record" else "当事人住所",
                     "subject": self.case.party_name, "record": "执法人员出示执法证件后依法询问、检查，当事人核对无误后签名。"})

    def investigate(self, n: int, penalties: list[str], content: str, fine=None) -> None:
        self.act("file", "leader1", n)
        self.act("start_investigation", "officer1", n + 1)
        self.record(n + 2)
        self.record(n + 3, "inspection_record")
        self.act("close_investigation", "officer1", n + 10, proposed_outcome="penalty", proposed_penalties=penalties,
                 proposed_content=content, proposed_fine=fine)

    def review(self, n: int, *, correct_first: bool = False) -> None:
        self.act("submit_review", "officer1", n, discretion="依据本局行政处罚裁量基准，情节严重。",
                 draft_decision=self.case.proposed_content)
        review = self.case.reviews.order_by("-id").first()
        reviews.review_assign(review_id=review.pk, actor=self.people["leader1"], reviewer=self.people["reviewer1"])
        if correct_first:
            problem = [*PASS[:3], {"item": 4, "verdict": "problem", "note": "缺少年检结论书证"}, *PASS[4:]]
            reviews.review_record_outcome(
                review_id=review.pk, actor=self.people["reviewer1"], package_number=1, outcome="correct",
                verdicts=problem, opinion="事实认定的证据不足，退回补正。", correction_categories=["insufficient_evidence"],
                corrections="补充连续两个年度未参加年检的结论书证。", on=self.day(n + 2))
            reviews.review_resubmit(review_id=review.pk, actor=self.people["officer1"], note="已补充年检结论书证。",
                                    on=self.day(n + 3))
            n += 3
        package = review.packages.order_by("-number").first().number
        reviews.review_record_outcome(review_id=review.pk, actor=self.people["reviewer1"], package_number=package,
                                      outcome="agree", verdicts=PASS, opinion="主体合法，事实清楚，证据确凿，程序合法，同意。",
                                      on=self.day(n + 2))

    def notify_and_hear_nothing(self, n: int, **found) -> None:
        """The notice is served on the spot; the statement and hearing windows (5 working days from receipt)
        pass unused, and that is recorded once they are over. `found`: the illegal turnover or gains."""
        self.act("notify", "officer1", n, notice_received_on=self.day(n), **found)
        self.case = services.case_record_statement(case_id=self.case.pk, actor=self.people["officer1"],
                                                   status="not_made", summary="当事人在法定期限内未提出陈述、申辩和听证要求。",
                                                   on=self.day(n + 12))

    def deliberate(self, n: int, conclusion: str) -> None:
        """The leaders decide a serious case collectively (Art. 57 ¶2), each opinion in the minutes."""
        self.act("deliberate", "leader1", n, minutes="局务会集体讨论本案调查终结报告、法制审核意见及当事人陈述申辩情况。",
                 attendees=[{"name": self.people["leader1"].full_name or "局长", "opinion": "同意。"},
                            {"name": "分管副局长", "opinion": "事实清楚，证据充分，同意。"},
                            {"name": "纪检组长", "opinion": "程序合法，同意。"}],
                 conclusion=conclusion)

    def decide(self, n: int, penalties: list[str], content: str, basis: str, fine=None) -> None:
        serious = ("deregistration" in penalties
                   and self.case.grounds.filter(deregistration_if_serious=True).exists())
        finding = {"serious_finding": "连续两个年度未参加年度检查，经书面催告仍不参加，且已停止开展活动，属情节严重。"} \
            if serious else {}
        # The entry of the bureau's discretion benchmark that covers the ground and the penalties (Art. 34); a
        # mandatory revocation (社团条例 Art. 29) leaves no discretion and has none.
        in_force = discretion_benchmarks_in_force(agency_id=self.case.agency_id, on=self.day(n),
                                                  ground_ids=self.case.grounds.values("pk")).order_by("code")
        benchmark = next((b for b in in_force if set(penalties) <= set(b.penalty_kinds)), None)
        self.act("decide", "leader1", n, outcome="penalty", penalties=penalties, content=content, basis=basis,
                 fine=fine, performance_terms="自收到本决定书之日起十五日内履行。", discretion_benchmark=benchmark,
                 **finding)


def _people() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(
        username__in=["officer1", "officer2", "officer3", "leader1", "reviewer1", "adviser1"])}


def _lead(agency, people, title, start, *, organisation=None, illegal=None, person=None, ground_code, facts,
          source="inspection", act_days_before=200) -> Walk | None:
    if Case.objects.filter(agency=agency, title=title).exists():
        return None
    party = ({"party_kind": "organisation", "organisation": organisation} if organisation else
             {"party_kind": "illegal_organisation", "illegal_organisation": illegal} if illegal else
             {"party_kind": "person", **person})
    case = services.case_create(
        actor=people["officer1"], officers=[people["officer1"], people["officer2"]], title=title, source=source,
        received_on=start, grounds=[ViolationGround.objects.get(code=ground_code)], facts=facts,
        act_date=start - datetime.timedelta(days=act_days_before), **party)
    return Walk(case=case, start=start, people=people)


DEREGISTERED_2023 = [
    ("潜江市收藏家协会", "STDJ-30-AI"), ("潜江市钓鱼协会", "STDJ-30-AI"), ("潜江市信鸽协会", "STDJ-30-AI"),
    ("潜江市徒步运动协会", "STDJ-30-AI"), ("潜江市楹联学会", "STDJ-29-2"), ("潜江市汽车运输行业协会", "STDJ-30-AI"),
    ("潜江市围棋协会", "STDJ-30-AI"), ("潜江市新星艺术培训中心", "MFQY-25"), ("潜江市同心社区服务中心", "MFQY-25"),
    ("潜江市爱心托育园", "MFQY-25"),
]


def load_2023(agency: Agency, people: dict[str, User]) -> None:
    for index, (name, ground) in enumerate(DEREGISTERED_2023):
        organisation = Organisation.objects.get(agency=agency, name=name)
        start = datetime.date(2023, 3, 6) + datetime.timedelta(days=21 * index)
        walk = _lead(agency, people, f"{name}连续两年未参加年度检查案", start, organisation=organisation,
                     ground_code=ground, source="annual_inspection", act_days_before=400,
                     facts=f"{name}2021、2022年度未按规定参加年度检查，经催告仍未参加，已停止开展活动。")
        if walk is None:
            continue
        content = f"撤销{name}登记，收缴登记证书正副本和印章。"
        basis = f"{walk.case.grounds.first().regulation}{walk.case.grounds.first().article}"
        walk.investigate(3, ["deregistration"], content)
        if index == 5:  # the party asked for a hearing; the review is repeated on the hearing record
            walk.review(14)
            walk.act("notify", "officer1", 20, notice_received_on=walk.day(20))
            walk.act("request_hearing", "officer1", 22, hearing_date=walk.day(40), hearing_presider=people["reviewer1"])
            walk.act("record_hearing", "officer1", 40, hearing_record="当事人承认未参加年检，称负责人长期在外，请求从轻。"
                                                                  "经复核，理由不能成立。")
            walk.review(41)
            decide_on = 46
        else:
            walk.review(14, correct_first=index == 2)
            walk.notify_and_hear_nothing(22)
            decide_on = 35
        walk.deliberate(decide_on, f"同意{content}")
        walk.decide(decide_on, ["deregistration"], content, basis)
        walk.act("serve", "officer1", decide_on + 2, service_method="in_person")
        walk.act("start_execution", "officer1", decide_on + 3)
        if index == 9:
            continue  # still collecting the certificate and seal
        if index in (3, 7):  # certificate and seal not returned: declared void by public notice
            services.case_record_execution(case_id=walk.case.pk, actor=people["officer1"], on=walk.day(decide_on + 12),
                                           void_notice=True)
        else:
            services.case_record_execution(case_id=walk.case.pk, actor=people["officer1"], on=walk.day(decide_on + 8),
                                           certificate_collected=True, seal_collected=True)
        walk.act("close", "leader1", decide_on + 15)
        if index != 8:
            walk.act("archive", "officer1", decide_on + 20)


def load_current(agency: Agency, people: dict[str, User]) -> None:
    today = timezone.localdate()

    def ago(days):
        return today - datetime.timedelta(days=days)

    org = {o.name: o for o in Organisation.objects.filter(agency=agency)}
    illegal = IllegalOrganisation.objects.filter(agency=agency, status="announced").first()

    walk = _lead(agency, people, "群众举报潜江市餐饮行业协会违规收费", ago(3), organisation=org["潜江市餐饮行业协会"],
                 ground_code="STDJ-30-1-8", source="report", facts="举报称该会向会员强制收取评比费用。")
    if walk:
        walk.case.reporter_name, walk.case.reporter_contact = "匿名群众", "12345热线转办"
        walk.case.save(update_fields=["reporter_name", "reporter_contact"])

    walk = _lead(agency, people, "潜江市青年企业家商会未按规定办理变更登记", ago(120), organisation=org["潜江市青年企业家商会"],
                 ground_code="STDJ-30-1-4", facts="该会法定代表人变更后未办理变更登记。")
    if walk:  # filed long ago and never decided: its 90-day decision deadline is overdue
        walk.act("file", "leader1", 2)

    walk = _lead(agency, people, "潜江市国学文化促进会非法开展活动", ago(60), illegal=illegal, ground_code="FFSZ-10",
                 facts="未经登记，以社会团体名义招收会员、收取会费。")
    if walk:
        walk.act("file", "leader1", 1)
        walk.act("start_investigation", "officer1", 2)
        walk.record(3, "inspection_record")

    walk = _lead(agency, people, "潜江市启明星培训学校超出业务范围开展活动", ago(70), organisation=org["潜江市启明星培训学校"],
                 ground_code="MFQY-25", facts="该校超出登记的业务范围开办营利性辅导班，违法经营额5000元。")
    if walk:
        walk.investigate(1, ["warning", "fine"], "警告，并处罚款5000元。", fine=5000)
        walk.notify_and_hear_nothing(15, illegal_turnover=5000)
        walk.decide(28, ["warning", "fine"], "警告，并处罚款5000元。", "《民办非企业单位登记管理暂行条例》第二十五条", fine=5000)
        walk.act("serve", "officer1", 29, service_method="post")

    walk = _lead(agency, people, "潜江市阳光康复中心拒不接受监督检查", ago(45), organisation=org["潜江市阳光康复中心"],
                 ground_code="MFQY-25", facts="该中心两次拒绝执法人员依法检查。")
    if walk:
        walk.investigate(1, ["stop_activities"], "责令限期停止活动三个月。")
        walk.review(13)
        walk.act("notify", "officer1", 18, notice_received_on=walk.day(18))

    walk = _lead(agency, people, "潜江市老年人体育协会连续两年未参加年检", ago(50), organisation=org["潜江市老年人体育协会"],
                 ground_code="STDJ-30-AI", source="annual_inspection", facts="该会2024、2025年度均未参加年检。")
    if walk:
        walk.investigate(1, ["deregistration"], "撤销潜江市老年人体育协会登记。")
        walk.act("submit_review", "officer1", 44, discretion="情节严重。")
        review = walk.case.reviews.first()
        reviews.review_assign(review_id=review.pk, actor=people["leader1"], reviewer=people["reviewer1"])

    walk = _lead(agency, people, "潜江市个体劳动者协会连续两年未参加年检", ago(75), organisation=org["潜江市个体劳动者协会"],
                 ground_code="STDJ-30-AI", source="annual_inspection",
                 facts="该会2024、2025年度均未参加年检，经书面催告仍未参加，已停止开展活动。")
    if walk:  # decided and served this year: its notice awaits the editor
        walk.investigate(1, ["deregistration"], "撤销潜江市个体劳动者协会登记。")
        walk.review(13)
        walk.notify_and_hear_nothing(18)
        walk.deliberate(31, "同意撤销潜江市个体劳动者协会登记。")
        walk.decide(31, ["deregistration"], "撤销潜江市个体劳动者协会登记，收缴登记证书正副本和印章。",
                    "《社会团体登记管理条例》第三十条")
        walk.act("serve", "officer1", 33, service_method="in_person")

    walk = _lead(agency, people, "潜江市摄影家协会涂改登记证书", ago(40), organisation=org["潜江市摄影家协会"],
                 ground_code="STDJ-30-1-1", facts="该会涂改登记证书有效期。")
    if walk:
        walk.investigate(1, ["warning"], "给予警告。")

    walk = _lead(agency, people, "潜江市家庭教育研究会疑似私分资产", ago(30), organisation=org["潜江市家庭教育研究会"],
                 ground_code="STDJ-30-1-7", facts="涉嫌负责人私分捐赠款项，数额较大。")
    if walk:
        walk.act("file", "leader1", 1)
        walk.act("transfer", "leader1", 10, reason="涉嫌职务侵占犯罪，移送公安机关。", transferred_to="潜江市公安局")

    walk = _lead(agency, people, "潜江市乐龄社会工作服务中心被举报未年检", ago(25), organisation=org["潜江市乐龄社会工作服务中心"],
                 ground_code="MFQY-25", source="report", facts="举报称其未参加年检。")
    if walk:
        walk.act("drop", "leader1", 4, reason="经核查，该中心已按期参加年检，举报不实。")


# Fines decided and served on dates that put their enforcement at each stage (demo/enforcement.py takes them
# there): (organisation, what it did, days between service and today). Each runs the 启明星 case's procedure.
FINED = [
    ("潜江市晨曦幼儿园", "超出业务范围举办收费兴趣班，违法经营额5000元。", 35),
    ("潜江市金色年华养老院", "超出业务范围对外承接餐饮服务，违法经营额5000元。", 12),
    ("潜江市泽口街道社会工作服务站", "超出业务范围开展有偿中介服务，违法经营额5000元。", 205),
    ("潜江市竹根滩镇颐养中心", "超出业务范围销售保健用品，违法经营额5000元。", 250),
    ("潜江市周矶敬老服务中心", "超出业务范围对外出租场地经营，违法经营额5000元。", 265),
    ("潜江市园林街道幸福里养老服务中心", "超出业务范围开展收费体检服务，违法经营额5000元。", 75),
]


def load_fines(agency: Agency, people: dict[str, User]) -> None:
    today = timezone.localdate()
    org = {o.name: o for o in Organisation.objects.filter(agency=agency, name__in=[f[0] for f in FINED])}
    for name, facts, served_ago in FINED:
        start = today - datetime.timedelta(days=served_ago + 29)
        walk = _lead(agency, people, f"{name}超出业务范围开展活动", start, organisation=org[name], ground_code="MFQY-25",
                     facts=f"该单位{facts}")
        if walk:
            walk.investigate(1, ["warning", "fine"], "警告，并处罚款5000元。", fine=5000)
            # The statement window is five working days from receipt; sixteen days clear it even across a
            # week-long holiday, whatever today is.
            walk.act("notify", "officer1", 12, notice_received_on=walk.day(12), illegal_turnover=5000)
            walk.case = services.case_record_statement(
                case_id=walk.case.pk, actor=people["officer1"], status="not_made",
                summary="当事人在法定期限内未提出陈述、申辩和听证要求。", on=walk.day(28))
            walk.decide(28, ["warning", "fine"], "警告，并处罚款5000元。", "《民办非企业单位登记管理暂行条例》第二十五条",
                        fine=5000)
            walk.act("serve", "officer1", 29, service_method="in_person")


def load(agency: Agency) -> None:
    people = _people()
    load_2023(agency, people)
    load_current(agency, people)
    load_fines(agency, people)
