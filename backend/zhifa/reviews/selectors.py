"""Reads of legal reviews with visibility: reviewers, leaders, advisers and administrators see their
agency's reviews; officers see the reviews of cases they can see."""

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.calendar import engine
from zhifa.cases.selectors import case_list
from zhifa.core.scope import restrict
from zhifa.reviews.choices import CorrectionCategory, ReviewOutcome, ReviewState
from zhifa.reviews.models import Package, Review

OPEN = [ReviewState.SUBMITTED, ReviewState.UNDER_REVIEW, ReviewState.CORRECTION_REQUESTED, ReviewState.DISPUTED,
        ReviewState.REREVIEW_REQUESTED]


def review_list(*, user) -> QuerySet[Review]:
    queryset = restrict(Review.objects.all(), user).select_related("case", "reviewer").prefetch_related(
        Prefetch("packages", queryset=Package.objects.order_by("number")))
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in {Role.LEGAL_REVIEWER, Role.LEADER, Role.LEGAL_ADVISER,
                                                         Role.ADMINISTRATOR}:
        return queryset
    if role == Role.OFFICER:
        return queryset.filter(case__in=case_list(user=user).values("pk"))
    return queryset.none()


def review_queue(queryset: QuerySet[Review], *, user, due: str | None, today: datetime.date | None = None):
    """The reviewer's queue: open reviews assigned to the user, optionally only due soon or overdue."""
    today = today or timezone.localdate()
    queryset = queryset.filter(reviewer=user, state=ReviewState.UNDER_REVIEW)
    if due == "overdue":
        return queryset.filter(due_date__lt=today)
    if due == "soon":
        return queryset.filter(due_date__gte=today,
                               due_date__lte=today + datetime.timedelta(days=settings.DEADLINE_DUE_SOON_DAYS))
    return queryset


def review_statistics(*, user, start: datetime.date, end: datetime.date) -> dict:
    """Reviews concluded per period, pass rate, working days to outcome, common correction reasons."""
    packages = list(
        Package.objects.filter(review__in=review_list(user=user), decided_on__gte=start, decided_on__lte=end)
        .exclude(outcome="").select_related("review")
    )
    outcomes = Counter(p.outcome for p in packages)
    reasons = Counter(c for p in packages for c in p.correction_categories)
    with engine.calendar_snapshot():
        days = [engine.working_days_between(p.submitted_on, p.decided_on) for p in packages]
    total = len(packages)
    return {
        "start": start, "end": end, "outcomes": total,
        "by_outcome": {o.value: outcomes.get(o.value, 0) for o in ReviewOutcome},
        "pass_rate": round(outcomes.get(ReviewOutcome.AGREE, 0) / total, 4) if total else None,
        "average_working_days": round(sum(days) / total, 2) if total else None,
        "correction_reasons": [{"category": c, "label": CorrectionCategory(c).label, "count": n}
                               for c, n in reasons.most_common()],
        "open": review_list(user=user).filter(state__in=OPEN).count(),
        "overdue": review_list(user=user).filter(state__in=OPEN, due_date__lt=timezone.localdate()).count(),
    }
