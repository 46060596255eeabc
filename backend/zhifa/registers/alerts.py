"""The annual statistics report: drafted early in January, editors alerted until it is published.

The previous year's report is due on 31 January (DOMAIN.md §4). From 1 January, every agency gets a
draft of last year's report (recomputed each day while still a draft), and its disclosure editors and
leaders get one reminder a day until the report's notice is on the public site; after 31 January the
reminder says it is overdue.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.accounts.models import Agency
from zhifa.accounts.selectors import agency_members
from zhifa.calendar import engine
from zhifa.notifications.services import notify
from zhifa.registers import services
from zhifa.registers.choices import ReportState
from zhifa.registers.models import AnnualReport
from zhifa.registers.statistics import annual_report_deadline

def annual_report_alerts_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    year = today.year - 1
    deadline = annual_report_deadline(year)
    sent = 0
    for agency in Agency.objects.order_by("id"):
        report = AnnualReport.objects.select_related("notice").filter(agency=agency, year=year).first()
        if report is None or report.state == ReportState.DRAFT:
            report = services.annual_report_draft(agency=agency, year=year, today=today)
        services.annual_report_sync(report=report)
        if report.state == ReportState.PUBLISHED:
            continue
        overdue = today > deadline
        if overdue:
            title = f"{year}年度行政执法统计年报应于{deadline:%Y年%m月%d日}前公示，现已逾期，请尽快审核发布"
        else:
            left = engine.working_days_between(today, deadline)
            title = f"{year}年度行政执法统计年报须于{deadline:%Y年%m月%d日}前公示（剩余{left}个工作日），请审核发布"
        key = f"annual_report:{agency.pk}:{year}:{today.isoformat()}"
        with transaction.atomic():
            sent += notify(recipients=agency_members(agency_id=agency.pk, roles=[Role.DISCLOSURE_EDITOR, Role.LEADER]),
                           kind="annual_report_overdue" if overdue else "annual_report_due", key=key, title=title,
                           link=f"/app/registers/annual-reports/{report.pk}", due_on=deadline)
            AnnualReport.objects.filter(pk=report.pk).update(last_alert=today.isoformat())
    return sent
