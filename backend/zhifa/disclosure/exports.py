"""The 双公示 export for the provincial credit platform: one row per published penalty notice."""

import csv
import io

import openpyxl

from zhifa.disclosure.fields import COLUMNS


def rows(notices):
    for notice in notices:
        yield [str(notice.masked_fields.get(code, "")) for code in COLUMNS]


def as_csv(notices) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(notices))
    return ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel opens UTF-8 correctly


def as_xlsx(notices) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("行政处罚")
    sheet.append(COLUMNS)
    for row in rows(notices):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
