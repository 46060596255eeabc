"""The daily deadline watch: due-soon and overdue deadlines reach the officers and the leader."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.cases.choices import CaseState
from zhifa.core.deadlines import DeadlineStatus
from zhifa.cases.deadlines import deadline_status
from zhifa.cases.events import deadline_alert_event
from zhifa.cases.models import CaseDeadline
from zhifa.notifications.services import notify

ENDED = [CaseState.DROPPED, CaseState.TRANSFERRED, CaseState.CLOSED, CaseState.ARCHIVED]
WORDS = {DeadlineStatus.DUE_SOON: "即将到期", DeadlineStatus.OVERDUE: "已逾期"}


def deadline_alerts_send(*, today: datetime.date | None = None) -> dict[str, int]:
    """Alert once per deadline and status. Returns counts by status. Safe to run twice."""
    today = today or timezone.localdate()
    counts = {DeadlineStatus.DUE_SOON: 0, DeadlineStatus.OVERDUE: 0}
    open_deadlines = (CaseDeadline.objects.filter(met_on__isnull=True).exclude(case__state__in=ENDED)
                      .select_related("case__leader").prefetch_related("case__assignments__officer"))
    for deadline in open_deadlines.iterator(chunk_size=500):
        status = deadline_status(deadline, today)
        if status not in counts or deadline.last_alert == status:
            continue
        with transaction.atomic():
            locked = CaseDeadline.objects.select_for_update().get(pk=deadline.pk)
            if locked.last_alert == status:
                continue  # another run got here first
            case = deadline.case
            recipients = [a.officer for a in case.assignments.all()] + [case.leader]
            notify(recipients=recipients, kind=f"deadline_{status}", key=f"deadline:{deadline.pk}:{status}",
                   title=f"{case.number or case.title}：{deadline.get_kind_display()}{WORDS[status]}",
                   message=f"届满日 {deadline.due_date:%Y-%m-%d}。依据：{deadline.basis}",
                   link=f"/app/cases/{case.pk}", subject=case)
            locked.last_alert = status
            locked.save(update_fields=["last_alert"])
            deadline_alert_event(case=case, on=today, deadline=deadline, status=status)
            counts[status] += 1
    return {str(k): v for k, v in counts.items()}
