"""Which proposed decisions are major (重大执法决定) and need legal review (行政处罚法 Art. 58).

The agency's catalogue (reviews app) decides; these defaults apply where no catalogue has been
set up: 撤销登记, 限期停止活动, 取缔, a fine at or above the threshold, and any decision after a
hearing. An officer or leader may also flag a case by hand, with a reason.
"""

from decimal import Decimal

from django.conf import settings

from zhifa.cases.choices import PenaltyKind

MAJOR_PENALTIES = {
    PenaltyKind.DEREGISTRATION: "拟作出撤销登记决定",
    PenaltyKind.STOP_ACTIVITIES: "拟作出限期停止活动决定",
    PenaltyKind.BAN: "拟作出取缔决定",
}


def default_major_reason(case) -> str | None:
    """The default entry the case's proposed decision matches, or None."""
    for penalty, reason in MAJOR_PENALTIES.items():
        if penalty in (case.proposed_penalties or []):
            return reason
    threshold = Decimal(settings.MAJOR_FINE_THRESHOLD)
    if case.proposed_fine is not None and case.proposed_fine >= threshold:
        return f"拟罚款金额达到 {threshold} 元"
    if case.hearing_requested_on:
        return "经过听证程序"
    return None


# Penalties for which the party may request a hearing (行政处罚法 Art. 63), beside large fines.
HEARING_PENALTIES = {PenaltyKind.DEREGISTRATION, PenaltyKind.STOP_ACTIVITIES, PenaltyKind.BAN,
                     PenaltyKind.CONFISCATION}


def hearing_available(penalties, fine) -> bool:
    if set(penalties or []) & HEARING_PENALTIES:
        return True
    return fine is not None and fine >= Decimal(settings.HEARING_FINE_THRESHOLD)
