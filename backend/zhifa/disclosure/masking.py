"""Masking before anything is published (DOMAIN.md §4).

Removed: ID numbers, phone numbers and other contact details, bank accounts, home addresses and health
information. Third-party natural persons keep their surname, with 某 for the given name. The editor
may mask more (extra_masks) but can never switch these rules off: the masked text is always
recomputed from the original.
"""

from __future__ import annotations

import re

MASK = "***"
_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
# The value after a label, up to the next punctuation; an already masked value is left alone.
_LABELLED_VALUE = r"[^，。；、,;\n<*：:\s（）()][^，。；、,;\n<*（）()]*"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("id_number", re.compile(_EDGE_L + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
                             + _EDGE_R)),
    ("id_number", re.compile(_EDGE_L + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _EDGE_R)),
    ("bank_account", re.compile(r"(?P<label>账号|帐号|账户|卡号)[:：\s]*\d[\d\s-]{8,28}\d")),
    ("bank_account", re.compile(_EDGE_L + r"\d{16,19}" + _EDGE_R)),
    ("phone", re.compile(_EDGE_L + r"(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}" + _EDGE_R)),
    ("phone", re.compile(_EDGE_L + r"0\d{2,3}[- ]?\d{7,8}" + _EDGE_R)),
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("home_address", re.compile(r"(?P<label>家庭住址|现住址|居住地址|户籍地址|居住地|户籍地|住址)[:：]?\s*"
                                + _LABELLED_VALUE)),
    ("health", re.compile(r"(?P<label>患有|确诊|诊断为|病史|残疾等级)[:：]?\s*" + _LABELLED_VALUE)),
]

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
                     "夏侯", "令狐", "端木", "呼延", "南宫", "独孤")


def surname_only(name: str) -> str:
    """王建华 → 王某; 欧阳修 → 欧阳某."""
    name = name.strip()
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])
    return f"{surname}某"


def _masked(match: re.Match) -> str:
    """Keep a label such as 家庭住址 and mask what follows it."""
    label = match.groupdict().get("label")
    return f"{label}：{MASK}" if label else MASK


def pii_findings(text: str) -> list[tuple[str, str]]:
    """Every mandatory-category match left in a text: (category, the matched text)."""
    return [(category, match.group(0)) for category, pattern in PATTERNS for match in pattern.finditer(text or "")]


def mask_text(text: str, *, third_parties=(), extra_masks=()) -> str:
    if not text:
        return text or ""
    for name in sorted({n.strip() for n in third_parties if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, surname_only(name))
    for extra in sorted({e for e in extra_masks if e}, key=len, reverse=True):
        text = text.replace(extra, MASK)
    for _, pattern in PATTERNS:
        text = pattern.sub(_masked, text)
    return text


def mask_fields(fields: dict, *, third_parties=(), extra_masks=()) -> dict:
    return {key: mask_text(value, third_parties=third_parties, extra_masks=extra_masks) if isinstance(value, str)
            else value for key, value in fields.items()}
