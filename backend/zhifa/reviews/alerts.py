"""Daily reminders for reviews due soon or overdue, to the reviewer and the leaders."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.notifications.services import notify
from zhifa.reviews.choices import ReviewState
from zhifa.reviews.models import Review
from zhifa.accounts.selectors import agency_leaders

WORDS = {"due_soon": "即将到期", "overdue": "已逾期"}


def review_alerts_send(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = {"due_soon": 0, "overdue": 0}
    for review in Review.objects.filter(state__in=[ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW,
                                                   ReviewState.REREVIEW_REQUESTED]) \
            .select_related("case", "reviewer"):
        if today > review.due_date:
            status = "overdue"
        elif (review.due_date - today).days <= settings.DEADLINE_DUE_SOON_DAYS:
            status = "due_soon"
        else:
            continue
        with transaction.atomic():
            locked = Review.objects.select_for_update().get(pk=review.pk)
            if locked.last_alert == status:
                continue
            reviewer = [review.reviewer] if review.reviewer else []  # a re-review waits for its reviewer
            notify(recipients=[*reviewer, *agency_leaders(agency_id=review.agency_id)], kind=f"review_{status}",
                   key=f"review:{review.pk}:{status}:{review.due_date}",
                   title=f"{review.case.number} 法制审核{WORDS[status]}（期限 {review.due_date:%Y-%m-%d}）",
                   link=f"/app/reviews/{review.pk}", subject=review.case)
            Review.objects.filter(pk=review.pk).update(last_alert=status)
            counts[status] += 1
    return counts
