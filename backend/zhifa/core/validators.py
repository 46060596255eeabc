"""Identifier checks of DOMAIN.md §8: 统一社会信用代码 (GB 32100-2015) and resident ID (GB 11643)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CREDIT_CODE_SHAPE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")
# The organisation code (GB 11714) body uses digits and Latin capitals, valued 0-35.
_ORG_CODE_VALUES = {ch: i for i, ch in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}

# The second character of a civil-affairs code (first character 5) names the organisation type.
CIVIL_AFFAIRS_TYPE_DIGIT = {"1": "social_group", "2": "private_non_enterprise", "3": "foundation"}


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, CREDIT_CODE_WEIGHTS))
    value = 31 - total % 31
    return CREDIT_CODE_ALPHABET[0 if value == 31 else value]


def org_code_check_char(body8: str) -> str:
    total = sum(_ORG_CODE_VALUES[ch] * w for ch, w in zip(body8, ORG_CODE_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


@dataclass(frozen=True)
class CreditCodeCheck:
    """The outcome of checking one code. `shape_error` is fatal everywhere; `check_error` is a
    check-character failure, which data entry rejects but legacy bulk import only warns about."""

    code: str
    shape_error: str | None = None
    check_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.shape_error and not self.check_error


def check_credit_code(raw: str) -> CreditCodeCheck:
    code = (raw or "").strip().upper()
    if len(code) != 18:
        return CreditCodeCheck(code, shape_error=f"统一社会信用代码应为18位，实际为{len(code)}位")
    if not _CREDIT_CODE_SHAPE.match(code):
        bad = sorted({ch for ch in code if ch not in CREDIT_CODE_ALPHABET})
        return CreditCodeCheck(code, shape_error=f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、S、V、Z）")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return CreditCodeCheck(code, check_error=f"统一社会信用代码校验位错误：应为 {expected}，实际为 {code[17]}")
    org_body, org_check = code[8:16], code[16]
    if all(ch in _ORG_CODE_VALUES for ch in org_body):
        expected_org = org_code_check_char(org_body)
        if org_check != expected_org:
            return CreditCodeCheck(
                code, check_error=f"组织机构代码（第9–17位）校验位错误：应为 {expected_org}，实际为 {org_check}"
            )
    return CreditCodeCheck(code)


def validate_credit_code(value: str) -> None:
    result = check_credit_code(value)
    if not result.ok:
        raise ValidationError(result.shape_error or result.check_error, code="invalid_credit_code")


RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"
_RESIDENT_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def resident_id_check_char(first17: str) -> str:
    return RESIDENT_ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, RESIDENT_ID_WEIGHTS)) % 11]


def resident_id_problem(raw: str) -> str | None:
    """None when the ID is valid, otherwise what is wrong with it."""
    number = (raw or "").strip().upper()
    if not _RESIDENT_ID_SHAPE.match(number):
        return "公民身份号码应为17位数字加1位数字或X"
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "公民身份号码中的出生日期不存在"
    if born.year < 1900 or born > datetime.date.today():
        return "公民身份号码中的出生日期不合理"
    if number[17] != resident_id_check_char(number[:17]):
        return "公民身份号码校验位错误"
    return None


def validate_resident_id(value: str) -> None:
    problem = resident_id_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_resident_id")


def build_credit_code(head8: str, org_body8: str) -> str:
    """A valid code from its first 8 characters (authority, type, region) and an 8-character
    organisation-code body: both check characters are computed. Used for demo data and tests."""
    org_code = org_body8 + org_code_check_char(org_body8)
    first17 = head8 + org_code
    return first17 + credit_code_check_char(first17)


# No record of enforcement work is dated outside these; near year 1 or 9999 an instant may not exist in UTC
# or in the local zone, and PostgreSQL or Python fails on it (an overflow, a 500) instead of refusing it.
EARLIEST_INSTANT = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST_INSTANT = datetime.datetime(2201, 1, 1, tzinfo=datetime.UTC)


def instant_in_range(value: datetime.datetime) -> bool:
    """Whether `value` (aware; a naive one is read as UTC) lies within 1900-2200."""
    try:
        instant = value.astimezone(datetime.UTC) if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    except OverflowError:
        return False
    return EARLIEST_INSTANT <= instant < LATEST_INSTANT
