"""Masking on realistic decision texts."""

import datetime
import unicodedata

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


# --- numbers in any writing (DOMAIN.md §4): whatever touches them, grouped, full-width -----------------

ID = "11010519491231002X"  # the valid example of DOMAIN.md §8
WRITTEN = [
    ("王五 电话13800138000 身份证11010519491231002X", ["13800138000", ID]),
    ("ID11010519491231002X", [ID]),
    ("11010519491231002XPENTEST", [ID]),
    ("王五ID11010519491231002XPENTEST13800138000", [ID, "13800138000"]),
    ("手机138 0013 8000。", ["138 0013 8000"]),
    ("手机138-0013-8000。", ["138-0013-8000"]),
    ("+86 138 0013 8000", ["138 0013 8000"]),
    ("身份证1101 0519 4912 3100 2X", ["1101 0519 4912 3100 2X"]),
    ("身份证110105 19491231 002X", ["110105 19491231 002X"]),
    ("电话１３８００１３８０００", ["１３８００１３８０００"]),
    ("身份证１１０１０５１９４９１２３１００２Ｘ", ["１１０１０５１９４９１２３１００２Ｘ"]),
    ("电话一三八〇〇一三八〇〇〇", ["一三八〇〇一三八〇〇〇"]),
    ("电话138\u200b0013\u200b8000", ["138\u200b0013\u200b8000"]),
    ("13800138000110105194912310020X", ["13800138000110105194912310020X"]),
    ("卡号6222021001034567890", ["6222021001034567890"]),
    ("转入6222 0210 0103 4567 890元", ["6222 0210 0103 4567 890"]),
    ("对公账户：1234 5678 9012", ["1234 5678 9012"]),
    ("旧身份证号110105491231002", ["110105491231002"]),
    ("座机（0728）6234567", ["0728）6234567"]),
    ("座机0728-6234567", ["0728-6234567"]),
    ("电话：6234567", ["6234567"]),
    ("邮箱ｃｈｅｎ＠１６３．ｃｏｍ", ["ｃｈｅｎ＠１６３．ｃｏｍ"]),
]


@pytest.mark.parametrize("text, secrets", WRITTEN)
def test_numbers_are_found_and_removed_in_any_writing(text, secrets):
    masked = mask_text(text)
    for secret in secrets:
        assert secret not in masked
    digits = "".join(ch for ch in masked if ch.isdigit())
    assert len(digits) < 7, masked  # nothing of the number survives, not even its grouped parts
    assert pii_findings(text) and pii_findings(masked) == []


@pytest.mark.parametrize("kept", [
    "统一社会信用代码52420000MJH233402K", "代码51429005MJ0000017X", "潜民罚决〔2023〕3号", "2023-05-06至2023-12-31",
    "罚款5000元，没收违法所得12000元", "2023年5月6日", "第三十条第一款第（八）项", "经电话联系当事人", "0.5",
    "公示截止期 2024-05-06，决定日期 2023-05-06", "20231201-1234567",
])
def test_public_identifiers_dates_and_amounts_survive(kept):
    assert mask_text(kept) == kept and pii_findings(kept) == []


def test_an_all_digit_credit_code_survives_but_an_id_number_of_its_shape_does_not():
    code = build_credit_code("51429005", "12345678")  # an organisation code of digits only
    assert mask_text(f"代码{code}") == f"代码{code}"
    first17 = "42010219900101123"
    assert first17 + resident_id_check_char(first17) not in mask_text(f"号码{first17}{resident_id_check_char(first17)}")
    assert MASK in mask_text(f"号码{first17}9999")  # 21 digits: removed whatever it is


def test_matches_map_back_to_the_original_characters():
    text = "甲：电话１３８-００１３-８０００；乙：正常文字"
    assert mask_text(text) == f"甲：电话{MASK}；乙：正常文字"


def test_a_withheld_name_is_removed_in_any_spacing_and_a_third_party_keeps_the_surname():
    text = "举报人陈小明反映，陈 小 明称小明曾目睹；证人张伟作证。"
    masked = mask_text(text, withheld=["陈小明"], third_parties=["张伟"])
    assert "陈" not in masked.replace("陈某", "") and "小明" not in masked and "陈某" not in masked
    assert "张某" in masked and "张伟" not in masked


def test_control_characters_never_reach_the_public_copy():
    assert mask_text("名称\x0b\x00甲\x1f乙\t丙") == "名称甲乙\t丙"


def test_field_names_and_nested_values_are_masked():
    from zhifa.disclosure.masking import mask_fields

    masked = mask_fields({"电话13800138000": {"list": ["身份证" + ID]}, "n": 3})
    assert "13800138000" not in str(masked) and ID not in str(masked) and masked["n"] == 3


PHONE_FORMS = st.sampled_from([lambda n: n, lambda n: f"{n[:3]} {n[3:7]} {n[7:]}", lambda n: f"{n[:3]}-{n[3:7]}-{n[7:]}",
                                lambda n: f"+86 {n}", lambda n: f"0{n}"])
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@given(st.integers(3, 9), st.integers(0, 10**9 - 1), PHONE_FORMS, st.booleans(),
       st.sampled_from(["", "ID", "电话", "abc", "7", "号码:", "tel"]), st.sampled_from(["", "PENTEST", "9", "。", "x"]))
def test_any_mobile_number_in_any_writing_is_removed(second, rest, form, wide, before, after):
    number = f"1{second}{rest:09d}"
    written = form(number)
    if wide:
        written = written.translate(FULL_WIDTH)
    masked = mask_text(f"当事人{before}{written}{after}称")
    assert written not in masked
    assert not pii_findings(masked)
    assert number not in "".join(ch for ch in unicodedata.normalize("NFKC", masked) if ch.isdigit())


@given(st.dates(min_value=datetime.date(1930, 1, 1), max_value=datetime.date(2020, 12, 31)),
       st.integers(100, 999), st.booleans(), st.sampled_from(["", "ID", "x", "7"]),
       st.sampled_from(["", "PENTEST", "9", "号"]), st.sampled_from(["plain", "4s", "6-8-4"]))
def test_any_id_number_in_any_writing_is_removed(born, sequence, wide, before, after, grouping):
    first17 = f"420102{born:%Y%m%d}{sequence}"
    number = first17 + resident_id_check_char(first17)
    written = {"plain": number, "4s": " ".join(number[i:i + 4] for i in range(0, 18, 4)),
               "6-8-4": f"{number[:6]}-{number[6:14]}-{number[14:]}"}[grouping]
    if wide:
        written = written.translate(FULL_WIDTH)
    masked = mask_text(f"身份{before}{written}{after}")
    assert written not in masked and number not in masked and not pii_findings(masked)


def test_a_code_run_into_other_capitals_is_not_a_credit_code():
    code = build_credit_code("51429005", "12345678")
    assert MASK in mask_text(f"ABC{code}") and MASK in mask_text(f"{code}Z")


def test_a_published_digest_is_not_a_number_but_a_longer_hex_run_is_no_hiding_place():
    digest = "ab13800138000" + "c" * 51  # a SHA-256 as the site and the random-draw register print them
    assert len(digest) == 64
    assert pii_findings(f"摘要：{digest}") == [] and mask_text(f"种子摘要{digest}") == f"种子摘要{digest}"
    assert "13800138000" not in mask_text(f"正文{digest}c") and "13800138000" not in mask_text(f"正文{digest[:40]}")
