"""Tabular files: XLSX (openpyxl write-only mode) and CSV (UTF-8 with BOM, so Excel reads Chinese).

The one writer of every CSV and XLSX file Zhifa makes (the case ledger, the 双公示 export, the annual
statistics workbook, the court package's evidence list): nothing else calls csv.writer or openpyxl to write.
Both formats take the same columns and rows, so a ledger looks the same in either. Every text cell goes
through `safe_text`:

- control characters are removed (XLSX is XML, which can't hold them, and they hide text in CSV);
- text a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return, in ASCII or
  full width: ＝＋－＠) gets a leading apostrophe, so it is shown as the text it is (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO, Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

TEXT, DATE, MONEY, INTEGER, YES_NO = "text", "date", "money", "integer", "yes_no"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# C0 controls but tab and line breaks, DEL, C1 controls, bidi overrides and isolates, and what XML forbids.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:']")


def sheet_title(title: str, default: str = "Sheet") -> str:
    """A worksheet name Excel accepts: no control characters, none of \\ / ? * [ ] : ', at most 31 characters."""
    return SHEET_TITLE_FORBIDDEN.sub("", CONTROL.sub("", str(title))).strip()[:31] or default


def safe_text(value) -> str:
    """A text cell as written: no control characters, and never a formula."""
    text = CONTROL.sub("", str(value))
    return "'" + text if text.lstrip(" \u3000\n").startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    type: str = TEXT
    width: float = 14


def _plain(value, column: Column):
    """A cell value as CSV text."""
    if value is None:
        return ""
    if column.type == YES_NO:
        return "是" if value else "否"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return safe_text(value)


class CsvTable:
    """CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends."""

    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def __init__(self, out: BinaryIO, columns: list[Column], title: str = ""):
        self.out, self.columns = out, columns
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, dialect="excel")
        self.out.write("\ufeff".encode())
        self._emit([safe_text(c.header) for c in columns])

    def _emit(self, row: list[str]) -> None:
        self._writer.writerow(row)
        self.out.write(self._buffer.getvalue().encode("utf-8"))
        self._buffer.seek(0)
        self._buffer.truncate()

    def write_rows(self, rows: Iterable[list]) -> None:
        for row in rows:
            self._emit([_plain(value, column) for value, column in zip(row, self.columns)])

    def close(self) -> None:
        pass


class XlsxTable:
    """One worksheet written row by row (openpyxl write-only mode: memory stays flat)."""

    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"
    FORMATS = {DATE: "yyyy-mm-dd", MONEY: "#,##0.00", INTEGER: "0"}

    def __init__(self, out: BinaryIO, columns: list[Column], title: str = "Sheet1"):
        self.out, self.columns = out, columns
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet_title(title, "Sheet1"))
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        self._rows = 0
        bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=safe_text(column.header))
            cell.font, cell.alignment = bold, centre
            header.append(cell)
        self.sheet.append(header)

    def _cell(self, value, column: Column):
        if value is None:
            return None
        if column.type == YES_NO:
            return "是" if value else "否"
        if column.type in self.FORMATS and not isinstance(value, str):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = self.FORMATS[column.type]
            return cell
        return _xlsx_value(self.sheet, value)

    def write_rows(self, rows: Iterable[list]) -> None:
        for row in rows:
            self.sheet.append([self._cell(value, column) for value, column in zip(row, self.columns)])
            self._rows += 1

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        self.book.save(self.out)


def _xlsx_value(sheet, value):
    """A cell of a write-only sheet: text always as text (never a formula), numbers and dates as they are."""
    if value is None or isinstance(value, (bool, int, float, Decimal, datetime.date, datetime.datetime)):
        return value
    cell = WriteOnlyCell(sheet, value=safe_text(value))
    cell.data_type = "s"  # text, never a formula
    return cell


class XlsxBook:
    """A workbook of several sheets, each a title and plain rows, written row by row: for reports whose
    layout is not one table of columns (the annual statistics). Same text rules as every table here."""

    content_type = XlsxTable.content_type
    extension = "xlsx"

    def __init__(self):
        self.book = Workbook(write_only=True)

    @property
    def properties(self):
        return self.book.properties

    def add_sheet(self, title: str, rows: Iterable[list]) -> None:
        sheet = self.book.create_sheet(sheet_title(title))
        for row in rows:
            sheet.append([_xlsx_value(sheet, value) for value in row])

    def save(self, out: BinaryIO) -> None:
        self.book.save(out)


def csv_bytes(headers: list[str], rows: Iterable[list]) -> bytes:
    """A whole small CSV file (UTF-8 with BOM) through the same writer."""
    out = io.BytesIO()
    table = CsvTable(out, [Column(header, lambda row: row) for header in headers])
    table.write_rows(rows)
    table.close()
    return out.getvalue()


def xlsx_bytes(headers: list[str], rows: Iterable[list], *, title: str = "Sheet1") -> bytes:
    """A whole XLSX file of one sheet through the same writer."""
    out = io.BytesIO()
    table = XlsxTable(out, [Column(header, lambda row: row) for header in headers], title=title)
    table.write_rows(rows)
    table.close()
    return out.getvalue()


TABLES = {"xlsx": XlsxTable, "csv": CsvTable}
