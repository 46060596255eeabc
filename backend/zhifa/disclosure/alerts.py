import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.models import Notice
from zhifa.disclosure.selectors import PENDING
from zhifa.accounts.choices import Role
from zhifa.accounts.selectors import agency_members
from zhifa.notifications.services import notify

WORDS = {"publication_due_soon": "即将到公示期限", "publication_overdue": "已超过公示期限",
         "withdrawal_overdue": "撤回已超过3个工作日"}


def disclosure_alerts_send(*, today: datetime.date | None = None) -> int:
    """Tell editors and leaders once per notice and alarm kind."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.DEADLINE_DUE_SOON_DAYS)
    sent = 0
    candidates = Notice.objects.filter(
        Q(state__in=PENDING, due_date__lte=soon) | Q(state=NoticeState.WITHDRAWING, withdrawal_due__lt=today)
    ).exclude(kind=NoticeKind.WITHDRAWAL_STATEMENT)
    for notice in candidates:
        if notice.state == NoticeState.WITHDRAWING:
            kind = "withdrawal_overdue"
        else:
            kind = "publication_overdue" if notice.due_date < today else "publication_due_soon"
        with transaction.atomic():
            if Notice.objects.filter(pk=notice.pk, last_alert=kind).exists():
                continue
            notify(recipients=agency_members(agency_id=notice.agency_id, roles=[Role.DISCLOSURE_EDITOR, Role.LEADER]), kind=f"disclosure_{kind}",
                   key=f"notice:{notice.pk}:{kind}", title=f"{notice.title}：{WORDS[kind]}",
                   link=f"/app/disclosure/{notice.pk}", subject=notice.case)
            Notice.objects.filter(pk=notice.pk).update(last_alert=kind)
            sent += 1
    return sent
