import datetime

from django.db import transaction
from django.utils import timezone

from zhifa.notifications.models import Notification


@transaction.atomic
def notify(*, recipients, kind: str, key: str, title: str, message: str = "", link: str = "",
           due_on: datetime.date | None = None) -> int:
    """Send one notification per recipient for this key; repeats of the same key are ignored.
    `due_on` is the deadline of what the notification asks for, when it has one. Returns how many were new."""
    new = 0
    for user in {u.pk: u for u in recipients if u is not None}.values():
        _, created = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"kind": kind, "title": title, "message": message, "link": link,
                                             "due_on": due_on})
        new += created
    return new


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
