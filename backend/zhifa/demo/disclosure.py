"""Demo disclosure: the 2023 revocations published (the oldest already past their publication period),
the 2023 announcement of illegal social organisations, and this year's decisions awaiting publication."""

import datetime
from zoneinfo import ZoneInfo

from zhifa.accounts.models import Agency, User
from zhifa.disclosure import services
from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import Notice
from zhifa.registry.models import IllegalOrganisation

TZ = ZoneInfo("Asia/Shanghai")


def _publish(notice: Notice, editor: User, leader: User, on: datetime.date) -> None:
    if notice.state == NoticeState.DRAFT:
        services.notice_check_redaction(notice_id=notice.pk, actor=editor)
        services.notice_approve(notice_id=notice.pk, actor=leader)
    if notice.published_at is None:
        services.notice_publish(notice_id=notice.pk, at=datetime.datetime.combine(on, datetime.time(9, 30), TZ))


def load(agency: Agency) -> None:
    editor, leader = User.objects.get(username="editor1"), User.objects.get(username="leader1")
    for notice in Notice.objects.filter(agency=agency, case__number_year=2023, kind=NoticeKind.DEREGISTRATION):
        _publish(notice, editor, leader, notice.decided_on + datetime.timedelta(days=3))

    announced = IllegalOrganisation.objects.filter(agency=agency, status="announced").order_by("id")
    if announced and not Notice.objects.filter(agency=agency, kind=NoticeKind.ILLEGAL_ORGANISATIONS).exists():
        day = announced[0].announced_on
        notice = services.notice_create(
            actor=editor, kind=NoticeKind.ILLEGAL_ORGANISATIONS, title="潜江市民政局关于公布一批涉嫌非法社会组织名单的公告",
            decided_on=day,
            body="根据《社会团体登记管理条例》《取缔非法民间组织暂行办法》等规定，经调查核实，下列组织未经登记，"
                 "擅自以社会组织名义开展活动，涉嫌非法社会组织。请广大群众提高警惕，不参与其活动，发现线索请向本局举报。\n\n"
                 + "\n".join(f"{i}. {o.name}（活动地域：{o.activity_area}）" for i, o in enumerate(announced, 1)))
        _publish(notice, editor, leader, day)
    # This year's fine is published; this year's revocation is left for the editor to check.
    for notice in Notice.objects.filter(agency=agency, kind=NoticeKind.PENALTY_DECISION, state=NoticeState.DRAFT):
        _publish(notice, editor, leader, notice.decided_on + datetime.timedelta(days=2))
