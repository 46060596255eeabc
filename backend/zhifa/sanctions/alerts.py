"""Daily reminders that a sealed organisation's stop period ends soon (or has ended without the sealing lifted),
to the case's handling officers and the agency's leaders, through the notification bell, once per deadline and
status: the reminder starts a few working days before the end (periods.STOP_REMINDER)."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.selectors import agency_leaders
from zhifa.core.deadlines import DeadlineStatus
from zhifa.notifications.services import notify
from zhifa.sanctions.models import SanctionDeadline

WORDS = {DeadlineStatus.DUE_SOON: "即将届满", DeadlineStatus.OVERDUE: "已届满，封存尚未解除"}


def sanction_alerts_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {DeadlineStatus.DUE_SOON: 0, DeadlineStatus.OVERDUE: 0}
    deadlines = (SanctionDeadline.objects.filter(met_on__isnull=True, remind_on__lte=today)
                 .select_related("stop_order__case").prefetch_related("stop_order__case__assignments__officer"))
    for deadline in deadlines:
        status = DeadlineStatus.OVERDUE if today > deadline.due_date else DeadlineStatus.DUE_SOON
        if deadline.last_alert == status:
            continue
        with transaction.atomic():
            if SanctionDeadline.objects.filter(pk=deadline.pk, last_alert=status).exists():
                continue
            order = deadline.stop_order
            case = order.case
            officers = [a.officer for a in case.assignments.all()]
            notify(recipients=[*officers, *agency_leaders(agency_id=order.agency_id)],
                   kind=f"sanction_{status}", key=f"sanction-deadline:{deadline.pk}:{status}",
                   title=f"{case.number or case.title}：{deadline.get_kind_display()}{WORDS[status]}",
                   message=f"届满日 {deadline.due_date:%Y-%m-%d}，届满后解除封存（{order.sealing_number}）。"
                           f"依据：{deadline.basis}",
                   link=f"/app/cases/{case.pk}", due_on=deadline.due_date, subject=case)
            SanctionDeadline.objects.filter(pk=deadline.pk).update(last_alert=status)
            counts[status] += 1
    return {str(k): v for k, v in counts.items()}
