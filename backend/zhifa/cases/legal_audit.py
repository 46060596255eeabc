"""The audit of the register against the legal invariants (cases/invariants.py): every case, old and new,
imported or worked here. Run nightly by beat and on demand by `manage.py legal_audit`."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from zhifa.cases.invariants import Violation, audit_context, audit_queryset, case_violations
from zhifa.cases.models import Case

logger = logging.getLogger(__name__)

BATCH = 2000


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
    with catalogues_pinned():
        for start in range(0, len(ids), batch):
            cases = list(audit_queryset(Case.objects.filter(pk__in=ids[start:start + batch])).order_by("pk"))
            context = audit_context(cases)
            for case in cases:
                report.violations += case_violations(case, context)
            report.cases += len(cases)
    for violation in report.violations:
        logger.warning("legal invariant violated", extra=violation.as_dict())
    return report
