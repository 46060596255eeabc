"""Daily reminders of reconsideration and litigation deadlines — replies, defences, hearings, appeal windows —
to the matter's advisers and the leaders, once per deadline and status."""

import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.accounts.selectors import agency_leaders
from zhifa.core.deadlines import DeadlineStatus, deadline_status
from zhifa.litigation.choices import MatterState
from zhifa.litigation.models import MatterDeadline
from zhifa.notifications.services import notify

WORDS = {DeadlineStatus.DUE_SOON: "即将到期", DeadlineStatus.OVERDUE: "已逾期"}


def matter_alerts_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {DeadlineStatus.DUE_SOON: 0, DeadlineStatus.OVERDUE: 0}
    deadlines = (MatterDeadline.objects.filter(met_on__isnull=True).exclude(matter__state=MatterState.CLOSED)
                 .exclude(kind="reconsideration_decision").select_related("matter")
                 .prefetch_related("matter__advisers"))
    for deadline in deadlines:
        status = deadline_status(deadline.due_date, None, today)
        if status not in counts or deadline.last_alert == status:
            continue
        with transaction.atomic():
            if MatterDeadline.objects.filter(pk=deadline.pk, last_alert=status).exists():
                continue
            matter = deadline.matter
            notify(recipients=[*matter.advisers.all(), *agency_leaders(agency_id=matter.agency_id)],
                   kind=f"litigation_{status}", key=f"matter-deadline:{deadline.pk}:{status}",
                   title=f"{matter.body}{matter.external_number}：{deadline.get_kind_display()}{WORDS[status]}",
                   message=f"届满日 {deadline.due_date:%Y-%m-%d}。依据：{deadline.basis}",
                   link=f"/app/litigation/{matter.pk}", subject=matter.case)
            MatterDeadline.objects.filter(pk=deadline.pk).update(last_alert=status)
            counts[status] += 1
    return {str(k): v for k, v in counts.items()}
