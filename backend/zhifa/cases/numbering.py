"""Gap-free numbers per agency, kind and year.

One UPSERT takes the next number and holds the counter row's lock until the transaction ends, so
concurrent callers queue, and a rolled-back transaction gives its number back.
"""

from django.db import connection

from zhifa.accounts.models import Agency


def next_number(*, agency: Agency, kind: str, year: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_numbersequence (agency_id, kind, year, last) VALUES (%s, %s, %s, 1) "
            "ON CONFLICT (agency_id, kind, year) DO UPDATE SET last = cases_numbersequence.last + 1 "
            "RETURNING last",
            [agency.pk, kind, year],
        )
        return cursor.fetchone()[0]


def format_number(prefix: str, year: int, sequence: int) -> str:
    """潜民罚立〔2023〕3号"""
    return f"{prefix}〔{year}〕{sequence}号"
