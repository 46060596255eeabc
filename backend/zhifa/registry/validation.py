"""Rules for organisation data shared by data entry (API, admin) and bulk import.

Data entry rejects a credit code whose check character fails; bulk import of legacy data only
warns, because some early codes fail it legitimately (DOMAIN.md §8).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from zhifa.core.validators import CIVIL_AFFAIRS_TYPE_DIGIT, check_credit_code
from zhifa.registry.choices import OrganisationType


def organisation_problems(data: dict, *, legacy: bool) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(errors, warnings) by field name for one organisation's data."""
    errors: dict[str, list[str]] = {}
    warnings: dict[str, str] = {}

    code = data.get("credit_code")
    if code:
        result = check_credit_code(code)
        if result.shape_error:
            errors.setdefault("credit_code", []).append(result.shape_error)
        elif result.check_error:
            if legacy:
                warnings["credit_code"] = result.check_error
            else:
                errors.setdefault("credit_code", []).append(result.check_error)
        if not result.shape_error:
            errors_for_type = _type_digit_problem(result.code, data.get("type"))
            if errors_for_type:
                errors.setdefault("credit_code", []).append(errors_for_type)

    registered = data.get("registration_date")
    if isinstance(registered, datetime.date) and registered > timezone.localdate():
        errors.setdefault("registration_date", []).append("成立登记日期不能晚于今天")
    if isinstance(registered, datetime.date) and registered.year < 1949:
        errors.setdefault("registration_date", []).append("成立登记日期不能早于1949年")
    return errors, warnings


def _type_digit_problem(code: str, org_type: str | None) -> str | None:
    if code[0] != "5":
        return "社会组织的统一社会信用代码应以“5”（民政部门登记）开头"
    expected_type = CIVIL_AFFAIRS_TYPE_DIGIT.get(code[1])
    if expected_type is None:
        return "统一社会信用代码第2位应为1（社会团体）、2（民办非企业单位）或3（基金会）"
    if org_type and org_type != expected_type:
        return (f"统一社会信用代码第2位“{code[1]}”表示{OrganisationType(expected_type).label}，"
                f"与所填类型“{OrganisationType(org_type).label}”不符")
    return None
