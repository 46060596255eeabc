"""The application package for court enforcement (行政强制法 Art. 55) as one ZIP with a manifest of SHA-256 hashes.

It is the case file ZIP (zhifa.evidence.casefile) narrowed to what Art. 55 lists: the application
(强制执行申请书), the decision with its facts, reasons and basis (处罚决定书) and its service receipt, the reminder
(催告书) and the record of its service, the party's statement, and what is to be enforced; with a list of the
materials. Every file's hash is in manifest.json, whose own hash is beside it.
"""

from __future__ import annotations

import datetime

from zhifa.cases.choices import DocumentKind
from zhifa.core.api.params import is_ascii_int
from zhifa.core.exceptions import Conflict, InvalidInput, PermissionRefused
from zhifa.enforcement.models import Enforcement
from zhifa.enforcement.selectors import enforcement_list
from zhifa.enforcement.surcharge import balance
from zhifa.evidence.casefile import CaseFileExporter, _json, _safe
from zhifa.evidence.rules import can_see_case_evidence
from zhifa.exports import registry
from zhifa.exports.tables import csv_bytes

KIND = "enforcement_package"
MATERIALS = {
    DocumentKind.ENFORCEMENT_APPLICATION: "强制执行申请书（经负责人签名、加盖公章）",
    DocumentKind.DECISION: "行政决定书及作出决定的事实、理由和依据",
    DocumentKind.SERVICE_RECEIPT: "行政决定书的送达回证",
    DocumentKind.ENFORCEMENT_REMINDER: "催告书",
}


def enforcement_package_params(*, user, enforcement_id) -> dict:
    enforcement = enforcement_list(user=user).filter(pk=enforcement_id).first() \
        if is_ascii_int(str(enforcement_id)) else None
    if enforcement is None:
        raise InvalidInput("执行记录不存在或无权查看。", "No such enforcement.", fields={"enforcement": ["不存在或无权查看"]})
    if enforcement.application_id is None:
        raise Conflict("尚未制作强制执行申请书，不能生成申请材料（行政强制法第五十五条）。",
                       "No application has been made yet (Coercion Law Art. 55).", code="legal_gate")
    if not can_see_case_evidence(user, enforcement.case):
        raise PermissionRefused("只有本案承办科室、法制审核人员和负责人可以生成申请材料。",
                                "Only the case's unit, legal reviewers and leaders may build the package.")
    return {"enforcement": enforcement.pk, "case": enforcement.case_id}


class EnforcementPackageExporter(CaseFileExporter):
    kind = KIND

    def filename(self, params: dict, *, on: datetime.date) -> str:
        enforcement = Enforcement.objects.select_related("case").filter(pk=params.get("enforcement")).first()
        label = enforcement.case.number if enforcement else f"执行{params.get('enforcement')}"
        return f"{_safe(label, 60)}_强制执行申请材料_{on:%Y%m%d}.zip"

    def contents(self, *, user, case, params: dict):
        documents = [d for d in super().contents(user=user, case=case, params=params)[1] if d.kind in MATERIALS]
        return [], documents

    def extra_files(self, *, user, case, params: dict, items, documents):
        enforcement = Enforcement.objects.get(pk=params["enforcement"])
        owed = balance(enforcement, enforcement.applied_on)
        rows = [[n, f"{d.get_kind_display()}（{d.number}）", MATERIALS[d.kind], d.issued_on.isoformat()]
                for n, d in enumerate(sorted(documents, key=lambda d: list(MATERIALS).index(d.kind)), 1)]
        statement = {
            "reminder": enforcement.reminder.number if enforcement.reminder else None,
            "reminder_issued_on": enforcement.reminded_on, "reminder_served_on": enforcement.reminder_served_on,
            "statement_recorded_on": enforcement.statement_on, "statement_made": enforcement.statement_made,
            "statement": enforcement.statement or "当事人未提出陈述、申辩",
        }
        subject = {
            "fine": enforcement.fine, "principal_paid": owed.principal_paid, "principal_due": owed.principal_due,
            "surcharge_due": owed.surcharge_due, "total_due": owed.total_due, "as_of": enforcement.applied_on,
            "payments": [{"paid_on": p.paid_on, "amount": p.amount, "receipt_number": p.receipt_number}
                         for p in enforcement.payments.all()],
        }
        return [
            ("申请材料清单.csv", csv_bytes(["序号", "材料名称", "内容", "日期"], rows), {"category": "materials_list"}),
            ("催告送达及当事人意见.json", _json(statement), {"category": "reminder_and_statement"}),
            ("申请执行标的.json", _json(subject), {"category": "enforcement_subject"}),
        ]

    def manifest_extra(self, *, params: dict) -> dict:
        enforcement = Enforcement.objects.get(pk=params["enforcement"])
        return {"enforcement": {"id": enforcement.pk, "court": enforcement.court,
                                "applied_on": enforcement.applied_on.isoformat(),
                                "application": enforcement.application.number}}


exporter = registry.register(EnforcementPackageExporter())
