import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.core.confidential import redact
from zhifa.notifications.models import Notification


@transaction.atomic
def notify(*, recipients, kind: str, key: str, title: str, message: str = "", link: str = "",
           due_on: datetime.date | None = None, subject=None) -> int:
    """Send one notification per recipient for this key; repeats of the same key are ignored.
    `due_on` is the deadline of what the notification asks for, when it has one. `subject` is the record
    the text is about (a case): each recipient's copy is cut to what that recipient may see of it
    (zhifa.core.confidential). Returns how many were new."""
    new = 0
    for user in {u.pk: u for u in recipients if u is not None}.values():
        text = redact({"title": title, "message": message}, user=user, subject=subject) if subject else \
            {"title": title, "message": message}
        _, created = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"kind": kind, **text, "link": link, "due_on": due_on})
        new += created
    return new


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
