"""Daily reminders of enforcement deadlines — a fine (or an instalment) due or overdue, so that its surcharge is
running, and the application to the court due within its three months (行政强制法 Art. 53) — to the case's
handling officers and the agency's leaders, through the notification bell, once per deadline and status."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.selectors import agency_leaders
from zhifa.core.deadlines import DeadlineStatus, deadline_status
from zhifa.enforcement.choices import ENDED, EnforcementState
from zhifa.enforcement.models import EnforcementDeadline
from zhifa.notifications.services import notify

WORDS = {DeadlineStatus.DUE_SOON: "即将到期", DeadlineStatus.OVERDUE: "已逾期"}
SURCHARGE = "，逾期每日按罚款数额的百分之三加处罚款（《行政处罚法》第七十二条）"


def enforcement_alerts_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {DeadlineStatus.DUE_SOON: 0, DeadlineStatus.OVERDUE: 0}
    deadlines = (EnforcementDeadline.objects.filter(met_on__isnull=True, enforcement__closed_on__isnull=True)
                 .exclude(enforcement__state__in=(*ENDED, EnforcementState.VOIDED))
                 .select_related("enforcement__case").prefetch_related("enforcement__case__assignments__officer"))
    for deadline in deadlines:
        status = deadline_status(deadline.due_date, None, today)
        if status not in counts or deadline.last_alert == status:
            continue
        with transaction.atomic():
            if EnforcementDeadline.objects.filter(pk=deadline.pk, last_alert=status).exists():
                continue
            enforcement = deadline.enforcement
            case = enforcement.case
            officers = [a.officer for a in case.assignments.all()]
            extra = SURCHARGE if deadline.kind == "payment" else ""
            notify(recipients=[*officers, *agency_leaders(agency_id=enforcement.agency_id)],
                   kind=f"enforcement_{status}", key=f"enforcement-deadline:{deadline.pk}:{status}",
                   title=f"{case.number or case.title}：{deadline.get_kind_display()}{WORDS[status]}",
                   message=f"届满日 {deadline.due_date:%Y-%m-%d}{extra}。依据：{deadline.basis}",
                   link=f"/app/cases/{case.pk}", due_on=deadline.due_date, subject=case)
            EnforcementDeadline.objects.filter(pk=deadline.pk).update(last_alert=status)
            counts[status] += 1
    return {str(k): v for k, v in counts.items()}
