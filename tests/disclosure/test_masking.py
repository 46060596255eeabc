"""Masking on realistic decision texts."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.validators import build_credit_code, resident_id_check_char
from zhifa.disclosure.masking import MASK, mask_text, pii_findings, surname_only

DECISION = (
    "当事人：潜江市某某协会，统一社会信用代码：51429005MJ0000017X，法定代表人：王建华。\n"
    "经查，该会会长王建华（公民身份号码420102199001011234，联系电话13912345678，家庭住址：潜江市园林街道幸福里3栋2单元）"
    "指使会计李秀英通过个人银行账户6222021001034567890收取会员“评比费”共计8万元。证人张伟证实，"
    "其因患有糖尿病请假期间仍被要求缴费。举报人陈小明（电话0728-6234567，邮箱chenxm@163.com）于2023年5月6日举报。\n"
    "依据《社会团体登记管理条例》第三十条第一款第（八）项，决定：警告，并处罚款5000元。文号潜民罚决〔2023〕3号。"
)


def test_a_realistic_decision_is_masked():
    masked = mask_text(DECISION, third_parties=["李秀英", "张伟", "陈小明"])
    assert pii_findings(masked) == []
    for secret in ["420102199001011234", "13912345678", "幸福里", "6222021001034567890", "糖尿病", "0728-6234567",
                   "chenxm@163.com", "李秀英", "张伟", "陈小明"]:
        assert secret not in masked
    for kept in ["51429005MJ0000017X", "王建华", "李某", "张某", "陈某", "潜民罚决〔2023〕3号", "罚款5000元",
                 "2023年5月6日", "第三十条第一款第（八）项", "8万元"]:
        assert kept in masked
    assert "家庭住址：" + MASK in masked


def test_masking_is_idempotent_and_extra_masks_add():
    once = mask_text(DECISION, third_parties=["张伟"], extra_masks=["评比费"])
    assert mask_text(once) == once and "评比费" not in once


@pytest.mark.parametrize("name, expected", [("王建华", "王某"), ("欧阳修", "欧阳某"), ("李", "李某")])
def test_surname_only(name, expected):
    assert surname_only(name) == expected


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31))
       .map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}"),
       st.integers(100, 999), st.text(alphabet="，。的是在了有和人这中大为", max_size=20))
def test_any_valid_id_number_in_text_is_removed(born, sequence, filler):
    first17 = f"420102{born}{sequence}"
    number = first17 + resident_id_check_char(first17)
    assert number not in mask_text(f"{filler}身份证{number}{filler}")


def test_credit_codes_and_document_numbers_survive():
    code = build_credit_code("52429005", "MJ123456")
    assert mask_text(f"代码{code}，电话13800000000") == f"代码{code}，电话{MASK}"
