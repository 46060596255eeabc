from collections import Counter

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from zhifa.accounts.choices import Role
from zhifa.core.deadlines import DeadlineStatus, deadline_status
from zhifa.core.scope import restrict
from zhifa.litigation.choices import FAVOURABLE, RECONSIDERATION_KINDS, MatterDeadlineKind, MatterKind, Outcome
from zhifa.litigation.models import Hearing, Matter

BUREAU_DUTIES = {MatterDeadlineKind.DEFENCE, MatterDeadlineKind.REPLY, MatterDeadlineKind.HEARING}
AGENCY_WIDE = {Role.LEGAL_ADVISER, Role.LEADER, Role.LEGAL_REVIEWER, Role.ADMINISTRATOR}


def matter_list(*, user) -> QuerySet[Matter]:
    hearings = Hearing.objects.select_related("appeared", "delegated_to").order_by("scheduled_on")
    queryset = restrict(Matter.objects.select_related("case", "leader"), user).prefetch_related(
        "advisers", "officers", Prefetch("hearings", queryset=hearings), "deadlines")
    role = getattr(user, "role", None)
    if getattr(user, "is_superuser", False) or role in AGENCY_WIDE:
        return queryset
    if role == Role.OFFICER:
        return queryset.filter(Q(officers=user) | Q(case__assignments__officer=user)).distinct()
    return queryset.none()


def litigation_statistics(*, agency_id: int, year: int) -> dict:
    """Matters received in the year: by kind and outcome, win rate, head-of-agency appearance,
    deadline compliance. Feeds the annual enforcement report."""
    matters = list(Matter.objects.filter(agency_id=agency_id, received_on__year=year)
                   .prefetch_related("hearings", "deadlines"))
    concluded = [m for m in matters if m.outcome]
    hearings = [h for m in matters for h in m.hearings.all() if h.held]
    # Compliance counts the bureau's own duties; appeal windows are rights, and the decision period the body's.
    deadlines = [d for m in matters for d in m.deadlines.all() if d.kind in BUREAU_DUTIES]
    today = timezone.localdate()
    due = [d for d in deadlines if d.met_on or d.due_date < today]
    on_time = [d for d in due if deadline_status(d.due_date, d.met_on, today) == DeadlineStatus.MET]
    by_outcome = Counter(m.outcome for m in concluded)
    return {
        "year": year,
        "matters": len(matters),
        "reconsiderations": sum(m.kind in RECONSIDERATION_KINDS for m in matters),
        "lawsuits": sum(m.kind not in RECONSIDERATION_KINDS for m in matters),
        "by_kind": {k.value: sum(m.kind == k for m in matters) for k in MatterKind},
        "by_outcome": {o.value: by_outcome.get(o.value, 0) for o in Outcome},
        "concluded": len(concluded),
        "win_rate": round(sum(m.outcome in FAVOURABLE for m in concluded) / len(concluded), 4) if concluded else None,
        "hearings_held": len(hearings),
        "head_appearances": sum(bool(h.head_appeared) for h in hearings),
        "head_appearance_rate": round(sum(bool(h.head_appeared) for h in hearings) / len(hearings), 4)
        if hearings else None,
        "deadlines_due": len(due),
        "deadlines_met": len(on_time),
        "deadline_compliance": round(len(on_time) / len(due), 4) if due else None,
    }
