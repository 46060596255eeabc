"""Document numbers in the official form (GB/T 9704): 发文机关代字 + 〔年份〕 + 序号 + 号, e.g. 潜民政发〔2023〕37号."""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from zhifa.core.exceptions import InvalidInput

NUMBER = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{2,20})〔(?P<year>\d{4})〕(?P<sequence>[1-9]\d{0,4})号$")
# Brackets people type instead of 六角括号: accepted and normalised.
LOOKALIKES = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕",
                            "（": "〔", "）": "〕", "〈": "〔", "〉": "〕"})
FIRST_YEAR = 1949


class DocumentNumber(NamedTuple):
    prefix: str
    year: int
    sequence: int

    def __str__(self):
        return f"{self.prefix}〔{self.year}〕{self.sequence}号"


def parse_document_number(text: str, *, today: datetime.date | None = None) -> DocumentNumber:
    """The parsed number, or InvalidInput naming what is wrong."""
    today = today or datetime.date.today()
    cleaned = re.sub(r"\s+", "", str(text or "")).translate(LOOKALIKES)
    match = NUMBER.match(cleaned)
    if not match:
        raise InvalidInput(
            f"文号“{text}”格式不正确，应为“发文机关代字〔年份〕序号号”，如 潜民政发〔2023〕37号（序号不加“第”、不编虚位）",
            "A document number must look like 潜民政发〔2023〕37号.",
            fields={"number": ["格式应为 潜民政发〔2023〕37号"]})
    year = int(match["year"])
    if not FIRST_YEAR <= year <= today.year + 1:
        raise InvalidInput(f"文号年份 {year} 不合理，应在 {FIRST_YEAR}–{today.year + 1} 之间",
                           f"The year {year} is not plausible.", fields={"number": [f"年份应在 {FIRST_YEAR}–{today.year + 1} 之间"]})
    return DocumentNumber(match["prefix"], year, int(match["sequence"]))
