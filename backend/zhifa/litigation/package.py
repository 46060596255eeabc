"""The court evidence package (应诉证据材料): the contested case's file as it stood, with the evidence list.

It is the case file ZIP (zhifa.evidence.casefile) narrowed to what the bureau had when it decided:
evidence received up to the decision date, documents issued before the complaint arrived. Evidence the
bureau added to the case after its decision is left out and listed as such, because during litigation or
reconsideration the bureau may not gather new evidence itself (行政诉讼法 Art. 35; 行政复议法).
It adds 证据清单 (number, name, source, what it proves, pages) and the legal bases relied on.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage

from zhifa.cases.choices import DocumentKind
from zhifa.core.api.params import is_ascii_int
from zhifa.core.exceptions import InvalidInput, PermissionRefused
from zhifa.evidence.casefile import CaseFileExporter, _json, _safe
from zhifa.evidence.rules import can_see_case_evidence
from zhifa.evidence.selectors import case_items
from zhifa.exports import registry
from zhifa.exports.tables import csv_bytes
from zhifa.litigation.models import Matter
from zhifa.litigation.selectors import matter_list

KIND = "court_package"
TZ = ZoneInfo("Asia/Shanghai")

# What each kind of document proves, for the evidence list's 证明内容 column.
PROVES = {
    DocumentKind.FILING_APPROVAL: "依法立案，经负责人批准",
    DocumentKind.INQUIRY_RECORD: "调查询问的事实",
    DocumentKind.INSPECTION_RECORD: "现场检查的事实",
    DocumentKind.INVESTIGATION_REPORT: "调查终结的事实、证据及处理意见",
    DocumentKind.LEGAL_REVIEW_OPINION: "经法制审核同意",
    DocumentKind.PRIOR_NOTICE: "作出决定前依法告知当事人拟处罚内容及陈述、申辩、听证权利",
    DocumentKind.HEARING_NOTICE: "依法通知当事人听证",
    DocumentKind.HEARING_RECORD: "依法举行听证，当事人陈述申辩情况",
    DocumentKind.DECISION: "被诉行政行为的内容、事实、理由和依据",
    DocumentKind.SERVICE_RECEIPT: "处罚决定书依法送达",
    DocumentKind.CLOSING_REPORT: "案件办理完毕",
}


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=TZ)


def frozen_evidence(*, user, matter: Matter) -> tuple[list, list]:
    """(bundle, added_after): the contested case's evidence as of the decision date, and what came later."""
    if matter.case is None or matter.frozen_on is None:
        return [], []
    items = list(case_items(user=user, case=matter.case).order_by("created_at", "id"))
    cutoff = _end_of(matter.frozen_on)
    return [i for i in items if i.created_at <= cutoff], [i for i in items if i.created_at > cutoff]


def court_package_params(*, user, matter_id) -> dict:
    matter = matter_list(user=user).filter(pk=matter_id).first() if is_ascii_int(str(matter_id)) else None
    if matter is None:
        raise InvalidInput("复议诉讼案件不存在或无权查看。", "No such matter.", fields={"matter": ["不存在或无权查看"]})
    if matter.case is None:
        raise InvalidInput("该案件未关联执法案件，没有可提交的证据卷宗。", "The matter has no enforcement case.",
                           fields={"matter": ["未关联执法案件"]})
    if matter.frozen_on is None:  # the linked case has no decision yet, so there is no date to freeze the file at
        raise InvalidInput("被诉案件尚未作出决定，证据固定日未确定，暂不能生成应诉证据材料。",
                           "The linked case has no decision yet, so the evidence cannot be frozen.",
                           fields={"matter": ["证据固定日未确定"]})
    if not can_see_case_evidence(user, matter.case):
        raise PermissionRefused("只有本案的法律顾问、负责人和承办科室可以生成应诉证据材料。",
                                "Only the matter's advisers, leaders and the case's unit may build the package.")
    return {"matter": matter.pk, "case": matter.case_id, "frozen_on": matter.frozen_on.isoformat()}


def _pdf_pages(document) -> int:
    """Pages of the stored PDF (1 for a document whose PDF is not made yet)."""
    if not (document.pdf_file and document.pdf_sha256):
        return 1
    try:
        with default_storage.open(document.pdf_file.name, "rb") as handle:
            return max(1, len(re.findall(rb"/Type\s*/Page(?!s)", handle.read())))
    except FileNotFoundError:
        return 1


class CourtPackageExporter(CaseFileExporter):
    kind = KIND

    def filename(self, params: dict, *, on: datetime.date) -> str:
        matter = Matter.objects.filter(pk=params.get("matter")).first()
        label = matter.external_number if matter else f"复议诉讼{params.get('matter')}"
        return f"{_safe(label, 60)}_应诉证据材料_{on:%Y%m%d}.zip"

    def contents(self, *, user, case, params: dict):
        matter = Matter.objects.get(pk=params["matter"])
        bundle, _ = frozen_evidence(user=user, matter=matter)
        documents = [d for d in super().contents(user=user, case=case, params=params)[1]
                     if d.issued_on <= matter.received_on]
        return bundle, documents

    def extra_files(self, *, user, case, params: dict, items, documents):
        matter = Matter.objects.get(pk=params["matter"])
        rows = []
        for document in documents:
            rows.append({"name": f"{document.get_kind_display()}（{document.number}）",
                         "source": f"{case.agency.name}制作", "proves": PROVES.get(document.kind, "案件办理情况"),
                         "pages": _pdf_pages(document)})
        for item in items:
            collectors = "、".join(c.officer.full_name for c in item.collectors.all()) if hasattr(item, "collectors") \
                else ""
            rows.append({"name": f"{item.title}（{item.get_kind_display()}）",
                         "source": f"{case.agency.name}执法人员{collectors}收集" if collectors else f"{case.agency.name}收集",
                         "proves": item.description or f"{case.title}的相关事实", "pages": 1,
                         "sha256": item.sha256})
        for number, row in enumerate(rows, 1):
            row["number"] = number
        table = csv_bytes(["序号", "证据名称", "证据来源", "证明内容", "页数"],
                          [[r["number"], r["name"], r["source"], r["proves"], r["pages"]] for r in rows])
        _, late = frozen_evidence(user=user, matter=matter)
        bases = {
            "grounds": [{"regulation": g.regulation, "article": g.article, "violation": g.title}
                        for g in case.grounds.all()],
            "decision_basis": case.decision_basis,
            "normative_documents": normative_documents(agency_id=case.agency_id, on=case.decided_on),
        }
        files = [
            ("证据清单.csv", table, {"category": "evidence_list"}),
            ("证据清单.json", _json(rows), {"category": "evidence_list"}),
            ("依据/法律依据及规范性文件.json", _json(bases), {"category": "legal_bases"}),
        ]
        if late:
            files.append(("说明/决定后补充的证据（未列入）.json", _json([
                {"evidence_id": i.pk, "title": i.title, "added_at": i.created_at.isoformat(), "sha256": i.sha256,
                 "note": "作出被诉行政行为后收集，依法不作为证据提交"} for i in late]), {"category": "excluded_late"}))
        return files

    def manifest_extra(self, *, params: dict) -> dict:
        matter = Matter.objects.get(pk=params["matter"])
        return {"matter": {"id": matter.pk, "body": matter.body, "number": matter.external_number,
                           "kind": matter.kind, "received_on": matter.received_on.isoformat()},
                "evidence_frozen_on": params["frozen_on"]}


def normative_documents(*, agency_id: int, on: datetime.date | None) -> list[dict]:
    """The agency's normative documents in force on the decision date (规范性文件), when the registers app is there."""
    try:
        from zhifa.registers.models import NormativeDocument
    except ImportError:
        return []
    documents = NormativeDocument.objects.filter(agency_id=agency_id)
    if on:
        documents = documents.filter(issued_on__lte=on)
    return [{"number": d.number, "title": d.title, "status": d.status} for d in documents.order_by("issued_on")]


exporter = registry.register(CourtPackageExporter())
