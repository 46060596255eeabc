"""Deciding again after an effective outcome revoked the decision and ordered a new one (DOMAIN.md §7).

行政复议法 Art. 64 ¶2 and 行政诉讼法 Art. 71: the bureau may not make the same or substantially the same decision on
the same facts and reasons, unless the decision was revoked only for a breach of legal procedure; then it is
made again, correctly, with the same content (复议法 Art. 64 ¶2; for a judgment, 最高人民法院关于适用《中华人民
共和国行政诉讼法》的解释 Art. 90 ¶2). One judgement, for the procedure's guard before the decision and for the
legal invariants after it.

The same decision: the same outcome, penalty kinds and amounts. The same facts and reasons: the same grounds,
and no investigative record made nor evidence collected since the case was reopened.
"""

from __future__ import annotations

from decimal import Decimal

from zhifa.cases import hooks
from zhifa.cases.choices import DocumentKind

INVESTIGATIVE_RECORDS = (DocumentKind.INQUIRY_RECORD, DocumentKind.INSPECTION_RECORD)


def _money(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def revocation_to_decide_again(case) -> dict | None:
    """The last effective revocation that reopened the case, as kept in overturned_decisions."""
    revoked = [entry for entry in case.overturned_decisions or [] if entry.get("kind") != "changed"]
    return revoked[-1] if revoked else None


def repeats_the_revoked_decision(case, *, outcome, penalties, fine, confiscation) -> dict | None:
    """The revocation whose decision this one repeats on the same facts and reasons, or None where the law
    allows it (a different decision, new facts or reasons, or a revocation for procedure alone)."""
    revoked = revocation_to_decide_again(case)
    if revoked is None or revoked.get("procedural_breach_only"):
        return None
    before = revoked["decision"]
    if (outcome != before["outcome"] or sorted(penalties or []) != before["penalties"]
            or _money(fine) != _money(before["fine"]) or _money(confiscation) != _money(before["confiscation"])):
        return None
    if sorted(case.grounds.values_list("code", flat=True)) != before["grounds"]:
        return None
    if (case.documents.filter(kind__in=INVESTIGATIVE_RECORDS, issued_on__gte=case.reopened_on).exists()
            or hooks.evidence_gathered_since(case=case, on=case.reopened_on)):
        return None
    return revoked
