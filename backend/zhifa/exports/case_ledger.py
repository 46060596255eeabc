"""The case ledger (案件台账): the filtered case list as XLSX or CSV.

The ledger is the case list: the same visibility (selectors.case_list), the same filters
(CaseFilterSet) and the same orderings as GET /api/cases/. The ids are read first in the list's
order, then the cases in batches with everything a row needs prefetched, so the number of queries
depends on the number of batches, never on the number of rows.
"""

from __future__ import annotations

import datetime
from typing import BinaryIO, Iterator

from django.conf import settings
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from zhifa.cases import selectors
from zhifa.cases.choices import PenaltyKind
from zhifa.cases.filtersets import CaseFilterSet
from zhifa.cases.models import Case
from zhifa.core.exceptions import InvalidInput
from zhifa.exports import registry
from zhifa.exports.choices import ExportFormat, ExportKind
from zhifa.exports.tables import DATE, INTEGER, MONEY, TABLES, YES_NO, Column

# The orderings GET /api/cases/ offers (CaseViewSet.ordering_fields); -id breaks ties, as in the list.
ORDERING_FIELDS = ("id", "received_on", "filed_on", "decided_on", "number_sequence", "state")
DEFAULT_ORDERING = ("-id",)
PENALTY_NAMES = dict(PenaltyKind.choices)


def _officers(case: Case) -> str:
    return "、".join(a.officer.full_name or a.officer.username for a in case.assignments.all())


def _penalties(case: Case) -> str:
    return "、".join(PENALTY_NAMES.get(p, p) for p in case.decision_penalties)


COLUMNS = [
    Column("序号", lambda c: c.row_number, INTEGER, 6),
    Column("立案编号", lambda c: c.number, width=22),
    Column("案由", lambda c: c.title, width=40),
    Column("当事人", lambda c: c.party_name, width=30),
    Column("当事人类别", lambda c: c.get_party_kind_display(), width=14),
    Column("统一社会信用代码", lambda c: c.organisation.credit_code if c.organisation else "", width=22),
    Column("办理环节", lambda c: c.get_state_display(), width=10),
    Column("来源", lambda c: c.get_source_display(), width=10),
    Column("承办科室", lambda c: c.unit.name, width=16),
    Column("承办人员", _officers, width=20),
    Column("负责人", lambda c: (c.leader.full_name or c.leader.username) if c.leader else "", width=10),
    Column("线索登记日期", lambda c: c.received_on, DATE, 12),
    Column("立案日期", lambda c: c.filed_on, DATE, 12),
    Column("决定日期", lambda c: c.decided_on, DATE, 12),
    Column("处罚种类", _penalties, width=16),
    Column("罚款金额（元）", lambda c: c.decision_fine, MONEY, 14),
    Column("送达日期", lambda c: c.served_on, DATE, 12),
    Column("结案日期", lambda c: c.closed_on, DATE, 12),
    Column("是否重大", lambda c: c.is_major, YES_NO, 8),
    Column("下一期限", lambda c: c.next_due, DATE, 12),
    Column("是否逾期", lambda c: c.overdue, YES_NO, 8),
]
HEADERS = [c.header for c in COLUMNS]


def ledger_params(query: QueryDict | MultiValueDict) -> dict:
    """Validate the request's query string; return JSON-safe params a job can replay. 400 on bad input."""
    errors: dict[str, list[str]] = {}
    file_format = query.get("format") or ExportFormat.XLSX
    if file_format not in ExportFormat.values:
        errors["format"] = [f"导出格式应为 {' 或 '.join(ExportFormat.values)}"]
    ordering = [f.strip() for f in (query.get("ordering") or "").split(",") if f.strip()]
    unknown = [f for f in ordering if f.lstrip("-") not in ORDERING_FIELDS]
    if unknown:
        errors["ordering"] = [f"不支持按 {'、'.join(unknown)} 排序，可选：{'、'.join(ORDERING_FIELDS)}"]
    names = list(CaseFilterSet.base_filters)
    filters = {name: [v for v in query.getlist(name) if v != ""] for name in names if name in query}
    filters = {name: values for name, values in filters.items() if values}
    form = CaseFilterSet(data=_as_query(filters), queryset=Case.objects.none())
    if not form.is_valid():
        errors.update({name: [str(m) for m in messages] for name, messages in form.errors.items()})
    if errors:
        raise InvalidInput("导出参数有误，请检查标出的字段。", "Invalid export parameters; see the fields named.",
                           fields=errors)
    return {"format": file_format, "filters": filters, "ordering": ordering}


def _as_query(filters: dict[str, list[str]]) -> MultiValueDict:
    return MultiValueDict({name: list(values) for name, values in filters.items()})


def ledger_case_ids(*, user, params: dict, limit: int | None = None) -> list[int]:
    """The ids of the cases `user` may see that match the filters, in the list's order."""
    form = CaseFilterSet(data=_as_query(params["filters"]), queryset=selectors.case_list(user=user))
    if not form.is_valid():  # validated on the way in; settings or choices may have changed since
        raise InvalidInput("导出参数已失效。", "The export parameters are no longer valid.",
                           fields={n: [str(m) for m in ms] for n, ms in form.errors.items()})
    ordering = [*(params.get("ordering") or []), *DEFAULT_ORDERING]
    ids = form.qs.order_by(*ordering).values_list("pk", flat=True)
    return list(ids[:limit] if limit is not None else ids)


def ledger_rows(*, user, ids: list[int], batch_size: int | None = None) -> Iterator[list[list]]:
    """Rows in batches: one query for the cases and one for their officers per batch."""
    batch_size = batch_size or getattr(settings, "EXPORT_BATCH_SIZE", 500)
    number = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        cases = {c.pk: c for c in selectors.case_list(user=user).filter(pk__in=batch).order_by()}
        rows = []
        for pk in batch:
            case = cases.get(pk)
            if case is None:  # deleted, or no longer visible, since the ids were read
                continue
            number += 1
            case.row_number = number
            rows.append([column.value(case) for column in COLUMNS])
        yield rows


class CaseLedgerExporter:
    kind = ExportKind.CASE_LEDGER

    def extension(self, params: dict) -> str:
        return TABLES[params["format"]].extension

    def content_type(self, params: dict) -> str:
        return TABLES[params["format"]].content_type

    def filename(self, params: dict, *, on: datetime.date) -> str:
        return f"案件台账_{on:%Y%m%d}.{self.extension(params)}"

    def write(self, *, user, params: dict, out: BinaryIO, progress, ids: list[int] | None = None) -> int:
        ids = ledger_case_ids(user=user, params=params) if ids is None else ids
        table = TABLES[params["format"]](out, COLUMNS, title="案件台账")
        done = 0
        progress(done, len(ids))
        for rows in ledger_rows(user=user, ids=ids):
            table.write_rows(rows)
            done += len(rows)
            progress(done, len(ids))
        table.close()
        return done


exporter = registry.register(CaseLedgerExporter())
