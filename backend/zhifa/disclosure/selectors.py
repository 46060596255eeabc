import datetime

from django.conf import settings
from django.db.models import Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.core.search import bigrams
from zhifa.core.scope import restrict
from zhifa.disclosure.choices import NoticeKind, NoticeState
from zhifa.disclosure.masking import public_texts
from zhifa.disclosure.models import Notice

PENDING = [NoticeState.DRAFT, NoticeState.REDACTION_CHECKED, NoticeState.APPROVED]
STAFF_ROLES = {Role.DISCLOSURE_EDITOR, Role.LEADER, Role.ADMINISTRATOR, Role.LEGAL_REVIEWER, Role.LEGAL_ADVISER}


def notice_list(*, user) -> QuerySet[Notice]:
    """Internal list (originals included): editors, leaders, reviewers, advisers and administrators."""
    queryset = restrict(Notice.objects.select_related("case"), user)
    if getattr(user, "is_superuser", False) or getattr(user, "role", None) in STAFF_ROLES:
        return queryset
    return queryset.none()


def public_search_text(notice: Notice) -> str:
    """Everything of a notice the public reads, masked: its title, its body (an announcement's listed names
    included) and its fields. Public search indexes it (Notice.search_bigrams) and quotes it; the unmasked
    original never reaches either."""
    return "\n".join([notice.masked_title, notice.masked_body, *public_texts(notice.masked_fields)])


def search_terms(q: str) -> list[str]:
    """The words of a query: every one must occur in a notice for it to be found."""
    return [term for term in dict.fromkeys(q.split()) if term][:10]


def public_notices(*, q: str = "", credit_code: str = "", document_number: str = "", kind: str = "",
                   published_after: datetime.date | None = None,
                   published_before: datetime.date | None = None) -> QuerySet[Notice]:
    """What the public may search: published notices only; callers must only ever show masked fields.
    Every word of `q` must occur in the notice's title, body or fields (masked): the bigram index narrows the
    candidates, the text itself decides."""
    queryset = Notice.objects.filter(state=NoticeState.PUBLISHED).order_by("-published_at", "-id")
    terms = search_terms(q)
    if terms:
        grams = bigrams(" ".join(term for term in terms if len(term) > 1))
        if grams:
            queryset = queryset.filter(search_bigrams__contains=grams)
        queryset = queryset.annotate(public_text=Concat(
            "masked_title", Value("\n"), "masked_body", Value("\n"), Cast("masked_fields", TextField()),
            output_field=TextField()))
        for term in terms:
            queryset = queryset.filter(public_text__icontains=term)
    if kind:
        queryset = queryset.filter(kind=kind)
    if credit_code:
        queryset = queryset.filter(masked_fields__CF_XDR_SHXYM=credit_code.strip().upper())
    if document_number:
        queryset = queryset.filter(masked_fields__CF_WSH=document_number.strip())
    if published_after:
        queryset = queryset.filter(published_at__date__gte=published_after)
    if published_before:
        queryset = queryset.filter(published_at__date__lte=published_before)
    return queryset


def disclosure_alarms(*, user, today: datetime.date | None = None) -> list[dict]:
    """Drafts nearing or past their publication deadline, and withdrawals past 3 working days."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=settings.DEADLINE_DUE_SOON_DAYS)
    notices = notice_list(user=user).filter(
        Q(state__in=PENDING, due_date__lte=soon) | Q(state=NoticeState.WITHDRAWING, withdrawal_due__lt=today)
    ).exclude(kind=NoticeKind.WITHDRAWAL_STATEMENT).order_by("due_date", "id")
    alarms = []
    for notice in notices:
        if notice.state == NoticeState.WITHDRAWING:
            kind, due = "withdrawal_overdue", notice.withdrawal_due
        else:
            kind, due = ("publication_overdue" if notice.due_date < today else "publication_due_soon"), notice.due_date
        alarms.append({"notice": notice.pk, "title": notice.title, "state": notice.state, "kind": kind,
                       "due": due})
    return alarms
