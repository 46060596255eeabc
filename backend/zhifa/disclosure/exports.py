"""The 双公示 export for the provincial credit platform: one row per published penalty notice, masked, written
by the one safe tabular writer (zhifa.exports.tables): no cell is ever a formula or carries a control character."""

from zhifa.disclosure.fields import COLUMNS
from zhifa.exports.tables import csv_bytes, xlsx_bytes


def rows(notices):
    for notice in notices:
        yield [str(notice.masked_fields.get(code, "")) for code in COLUMNS]


def as_csv(notices) -> bytes:
    return csv_bytes(COLUMNS, rows(notices))


def as_xlsx(notices) -> bytes:
    return xlsx_bytes(COLUMNS, rows(notices), title="行政处罚")
