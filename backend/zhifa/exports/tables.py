"""Tabular files: XLSX (openpyxl write-only mode) and CSV (UTF-8 with BOM, so Excel reads Chinese).

Both take the same columns and rows, so a ledger looks the same in either format. Text that a
spreadsheet would run as a formula (=, +, -, @ …) is written as plain text.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, BinaryIO, Callable, Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

TEXT, DATE, MONEY, INTEGER, YES_NO = "text", "date", "money", "integer", "yes_no"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvTable:
    """CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends."""

    content_type = "text/csv; charset=utf-8"
    extension = "csv"

    def __init__(self, out: BinaryIO, columns: list[Column], title: str = ""):
        self.out, self.columns = out, columns
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, dialect="excel")
        self.out.write("\ufeff".encode())
        self._emit([c.header for c in columns])

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
        self.sheet = self.book.create_sheet(title[:31] or "Sheet1")
        for index, column in enumerate(columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        self._rows = 0
        bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.header)
            cell.font, cell.alignment = bold, centre
            header.append(cell)
        self.sheet.append(header)

    def _cell(self, value, column: Column):
        if value is None:
            return None
        if column.type == YES_NO:
            return "是" if value else "否"
        if column.type in self.FORMATS:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = self.FORMATS[column.type]
            return cell
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value.startswith("="):
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                return cell
        return value

    def write_rows(self, rows: Iterable[list]) -> None:
        for row in rows:
            self.sheet.append([self._cell(value, column) for value, column in zip(row, self.columns)])
            self._rows += 1

    def close(self) -> None:
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        self.book.save(self.out)


TABLES = {"xlsx": XlsxTable, "csv": CsvTable}
