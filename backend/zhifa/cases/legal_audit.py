"""The audit of the register against the legal invariants (cases/invariants.py): every case, old and new,
imported or worked here. Run nightly by beat and on demand by `manage.py legal_audit`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from zhifa.calendar import engine
from zhifa.cases.invariants import Violation, audit_context, audit_queryset, case_violations
from zhifa.cases.models import Case

logger = logging.getLogger(__name__)

BATCH = 2000
FINDINGS_KEY = "legal_audit:agency:{}"
FINDINGS_SHOWN = 20


@dataclass
class AuditReport:
    cases: int = 0
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> dict:
        return {"cases": self.cases, "violations": len(self.violations),
                "cases_with_violations": len({v.case_id for v in self.violations})}


def legal_audit(*, queryset=None, batch: int = BATCH) -> AuditReport:
    """Check every case (or those of `queryset`) against every invariant. Reads only; a batch of cases costs
    a fixed number of queries, whatever it holds."""
    from zhifa.reviews.catalogue import catalogues_pinned

    queryset = Case.objects.all() if queryset is None else queryset
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    report = AuditReport()
    # One calendar and one catalogue for the whole pass, not a cache lookup per deadline computed.
    with catalogues_pinned(), engine.calendar_snapshot():
        for start in range(0, len(ids), batch):
            cases = list(audit_queryset(Case.objects.filter(pk__in=ids[start:start + batch])).order_by("pk"))
            context = audit_context(cases)
            for case in cases:
                report.violations += case_violations(case, context)
            report.cases += len(cases)
    for violation in report.violations:
        logger.warning("legal invariant violated", extra=violation.as_dict())
    return report


def legal_audit_store(report: AuditReport) -> None:
    """Keep the audit's findings per agency for its dashboard, until the next audit replaces them: how many cases
    were checked, the violations by invariant, and the first of them with their case and article."""
    agency_of = dict(Case.objects.filter(pk__in={v.case_id for v in report.violations})
                     .values_list("pk", "agency_id"))
    audited_at = timezone.now().isoformat()
    for agency_id, cases in Case.objects.order_by().values_list("agency_id").annotate(n=Count("id")):
        found = [v for v in report.violations if agency_of.get(v.case_id) == agency_id]
        by_invariant: dict[str, int] = {}
        for violation in found:
            by_invariant[violation.invariant] = by_invariant.get(violation.invariant, 0) + 1
        try:
            cache.set(FINDINGS_KEY.format(agency_id), {
                "audited_at": audited_at, "cases": cases, "violations": len(found),
                "cases_with_violations": len({v.case_id for v in found}), "by_invariant": by_invariant,
                "rows": [v.as_dict() for v in found[:FINDINGS_SHOWN]]}, timeout=None)
        except Exception:  # noqa: BLE001 - the audit itself is logged; the dashboard's copy waits for the next run
            logger.warning("合法性巡检结果未能保存到缓存 (legal audit findings not cached)", exc_info=True)
            return


def legal_audit_findings(*, agency_id: int | None) -> dict | None:
    """The last stored audit of the agency's cases, or None before the first one (or without the cache)."""
    if not agency_id:
        return None
    try:
        return cache.get(FINDINGS_KEY.format(agency_id))
    except Exception:  # noqa: BLE001 - the dashboard answers without this part rather than fail
        logger.warning("合法性巡检结果无法读取 (legal audit findings unavailable)", exc_info=True)
        return None
