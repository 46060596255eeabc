"""Bulk import of organisations from CSV or XLSX: all rows or none.

Every row is checked; if any row is rejected, nothing is imported and every bad row is reported
with its reasons. Check-character failures of legacy credit codes are warnings, not rejections.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from zhifa.accounts.models import Agency
from zhifa.core.exceptions import InvalidInput
from zhifa.registry.choices import OrganisationStatus, OrganisationType
from zhifa.registry.models import Organisation
from zhifa.registry.validation import organisation_problems

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 20000

# Column headings accepted, Chinese or English, mapped to field names.
HEADINGS = {
    "名称": "name", "社会组织名称": "name", "name": "name",
    "类型": "type", "组织类型": "type", "type": "type",
    "统一社会信用代码": "credit_code", "credit_code": "credit_code",
    "登记证号": "certificate_number", "certificate_number": "certificate_number",
    "法定代表人": "legal_representative", "legal_representative": "legal_representative",
    "住所": "address", "地址": "address", "address": "address",
    "成立登记日期": "registration_date", "登记日期": "registration_date", "registration_date": "registration_date",
    "业务主管单位": "business_supervisor", "business_supervisor": "business_supervisor",
    "登记状态": "status", "状态": "status", "status": "status",
}
REQUIRED = ("name", "type", "credit_code", "legal_representative", "registration_date")
MAX_LENGTHS = {f.name: f.max_length for f in Organisation._meta.fields if getattr(f, "max_length", None)}
FIELD_LABELS = {f.name: str(f.verbose_name) for f in Organisation._meta.fields}

_TYPE_ALIASES = {
    **{value: value for value in OrganisationType.values},
    "社会团体": "social_group", "民办非企业单位": "private_non_enterprise", "社会服务机构": "private_non_enterprise",
    "民办非企业单位（社会服务机构）": "private_non_enterprise", "基金会": "foundation",
}
_STATUS_ALIASES = {**{v: v for v in OrganisationStatus.values}, **{c.label: c.value for c in OrganisationStatus}}
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    warnings: dict[str, dict[str, str]] = field(default_factory=dict)


def _read_rows(content: bytes, filename: str) -> list[list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        import zipfile

        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise InvalidInput("无法读取 XLSX 文件，文件可能已损坏。", f"Cannot read the XLSX file: {exc}",
                               fields={"file": ["无法读取 XLSX 文件"]}) from exc
        sheet = book.worksheets[0]
        return [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InvalidInput("CSV 文件编码无法识别（应为 UTF-8 或 GB18030）。", "Unknown CSV encoding.",
                               fields={"file": ["CSV 文件编码无法识别"]})
        if "\x00" in text:
            raise InvalidInput("CSV 文件含有空字符，不是文本文件。", "The CSV file contains NUL bytes.",
                               fields={"file": ["不是有效的 CSV 文本文件"]})
        return [row for row in csv.reader(io.StringIO(text))]
    raise InvalidInput("只支持 .csv 和 .xlsx 文件。", "Only .csv and .xlsx files are accepted.",
                       fields={"file": ["只支持 .csv 和 .xlsx 文件"]})


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _parse_row(values: dict[str, str]) -> tuple[dict, dict[str, list[str]]]:
    data, errors = {}, {}
    for name, raw in values.items():
        raw = raw.strip()
        if not raw:
            if name in REQUIRED:
                errors[name] = [f"{FIELD_LABELS[name]}不能为空"]
            continue
        if name == "type":
            if raw not in _TYPE_ALIASES:
                errors[name] = [f"未知的组织类型“{raw}”，应为社会团体、民办非企业单位或基金会"]
                continue
            raw = _TYPE_ALIASES[raw]
        elif name == "status":
            if raw not in _STATUS_ALIASES:
                errors[name] = [f"未知的登记状态“{raw}”"]
                continue
            raw = _STATUS_ALIASES[raw]
        elif name == "registration_date":
            match = _DATE.match(raw)
            try:
                raw = datetime.date(*map(int, match.groups())) if match else None
            except ValueError:
                raw = None
            if raw is None:
                errors[name] = [f"日期“{values[name]}”无效，应为 YYYY-MM-DD"]
                continue
        elif name == "credit_code":
            raw = raw.upper()
        if name in MAX_LENGTHS and isinstance(raw, str) and len(raw) > MAX_LENGTHS[name]:
            errors[name] = [f"{FIELD_LABELS[name]}不能超过{MAX_LENGTHS[name]}个字符"]
            continue
        data[name] = raw
    return data, errors


def organisation_import(*, agency: Agency, content: bytes, filename: str, dry_run: bool = False) -> ImportReport:
    if not content:
        raise InvalidInput("文件为空。", "The file is empty.", fields={"file": ["文件为空"]})
    if len(content) > MAX_IMPORT_BYTES:
        raise InvalidInput("文件超过 10 MB。", "The file is larger than 10 MB.", fields={"file": ["文件超过 10 MB"]})
    table = [row for row in _read_rows(content, filename) if any(cell.strip() for cell in row)]
    if len(table) < 2:
        raise InvalidInput("文件没有数据行。", "The file has no data rows.", fields={"file": ["文件没有数据行"]})
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise InvalidInput(f"一次最多导入 {MAX_IMPORT_ROWS} 行。", f"At most {MAX_IMPORT_ROWS} rows per file.",
                           fields={"file": [f"一次最多导入 {MAX_IMPORT_ROWS} 行"]})

    columns = [HEADINGS.get(heading.strip()) for heading in table[0]]
    missing = [FIELD_LABELS[name] for name in REQUIRED if name not in columns]
    if missing:
        raise InvalidInput(f"缺少必需的列：{'、'.join(missing)}。", f"Missing columns: {', '.join(missing)}.",
                           fields={"file": [f"缺少必需的列：{'、'.join(missing)}"]})

    report = ImportReport(rows=len(table) - 1)
    parsed: list[dict] = []
    first_row_of_code: dict[str, int] = {}
    for number, row in enumerate(table[1:], start=2):  # spreadsheet row numbers; row 1 is the heading
        values = {name: (row[i] if i < len(row) else "") for i, name in enumerate(columns) if name}
        data, errors = _parse_row(values)
        problems, warnings = organisation_problems(data, legacy=True)
        for name, messages in problems.items():
            errors.setdefault(name, []).extend(messages)
        code = data.get("credit_code")
        if code and code in first_row_of_code:
            errors.setdefault("credit_code", []).append(f"与第 {first_row_of_code[code]} 行的代码重复")
        elif code:
            first_row_of_code[code] = number
        if errors:
            report.errors[str(number)] = errors
        if warnings:
            report.warnings[str(number)] = warnings
        data["credit_code_warning"] = warnings.get("credit_code", "")
        parsed.append(data)

    registered = set(Organisation.objects.filter(credit_code__in=list(first_row_of_code))
                     .values_list("credit_code", flat=True))
    for code in registered:
        number = str(first_row_of_code[code])
        report.errors.setdefault(number, {}).setdefault("credit_code", []).append("该统一社会信用代码已登记")

    if report.errors:
        raise InvalidInput(
            f"导入文件有 {len(report.errors)} 行错误，未导入任何记录。",
            f"{len(report.errors)} rows have errors; nothing was imported.",
            code="import_rejected",
            fields={"rows": dict(sorted(report.errors.items(), key=lambda item: int(item[0])))},
        )
    if not dry_run:
        try:
            with transaction.atomic():
                Organisation.objects.bulk_create([Organisation(agency=agency, **data) for data in parsed])
        except IntegrityError as exc:  # another import registered one of these codes meanwhile
            raise InvalidInput("导入期间有代码被其他操作登记，未导入任何记录，请重试。",
                               "A code was registered concurrently; nothing was imported, try again.",
                               code="import_conflict", fields={"file": ["代码冲突，请重试"]}) from exc
        report.imported = len(parsed)
    return report
