"""Which proposed decisions are major (重大执法决定) and need legal review (行政处罚法 Art. 58).

The agency's catalogue (reviews app) decides; these defaults apply where no catalogue has been
set up: 撤销登记, 限期停止活动, 取缔, a fine at or above the threshold, and any decision after a
hearing. An officer or leader may also flag a case by hand, with a reason.
"""

from decimal import Decimal

from django.conf import settings

from zhifa.cases.choices import PartyKind, PenaltyKind

MAJOR_PENALTIES = {
    PenaltyKind.DEREGISTRATION: "撤销登记决定",
    PenaltyKind.STOP_ACTIVITIES: "限期停止活动决定",
    PenaltyKind.BAN: "取缔决定",
}


def large_fine_threshold(party_kind: str) -> Decimal:
    """较大数额罚款 (行政处罚法 Art. 63): the provincial standard, one setting per party type, used by the prior
    notice's wording, the hearing-request guard, the deliberation gate and the default major catalogue alike."""
    thresholds = settings.LARGE_FINE_THRESHOLDS
    return Decimal(thresholds["person" if party_kind == PartyKind.PERSON else "organisation"])


def penalty_major_reason(penalties, fine, party_kind: str) -> str | None:
    """The default catalogue entry these penalties match, or None."""
    for penalty, reason in MAJOR_PENALTIES.items():
        if penalty in (penalties or []):
            return f"拟作出{reason}"
    threshold = large_fine_threshold(party_kind)
    if fine is not None and Decimal(fine) >= threshold:
        return f"拟罚款金额达到 {threshold} 元"
    return None


def default_major_reason(case, penalties=None, fine=None) -> str | None:
    """The default entry the case matches: the given penalties (notified or decided), else those proposed."""
    if penalties is None:
        penalties, fine = case.proposed_penalties, case.proposed_fine
    reason = penalty_major_reason(penalties, fine, case.party_kind)
    if reason:
        return reason
    if case.hearing_requested_on:
        return "经过听证程序"
    return None


# Penalties for which the party may request a hearing (行政处罚法 Art. 63), beside large fines.
HEARING_PENALTIES = {PenaltyKind.DEREGISTRATION, PenaltyKind.STOP_ACTIVITIES, PenaltyKind.BAN,
                     PenaltyKind.CONFISCATION}


def hearing_available(penalties, fine, party_kind: str) -> bool:
    if set(penalties or []) & HEARING_PENALTIES:
        return True
    return fine is not None and Decimal(fine) >= large_fine_threshold(party_kind)
