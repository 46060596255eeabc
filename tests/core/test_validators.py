import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.core.validators import (
    CREDIT_CODE_ALPHABET,
    build_credit_code,
    check_credit_code,
    resident_id_check_char,
    resident_id_problem,
)

ORG_BODY = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)
HEAD = st.sampled_from(["51429005", "52429005", "53429005", "52420000"])


def test_domain_examples_are_valid():
    assert check_credit_code("52420000MJH233402K").ok
    assert resident_id_problem("11010519491231002X") is None


@pytest.mark.parametrize("code, fragment", [
    ("52420000MJH233402A", "校验位错误"),        # wrong final check character
    ("52420000MJH233403K", None),                 # org-code check broken (final char then also wrong)
    ("52420000MJH23340", "应为18位"),
    ("52420000MJH233402KX", "应为18位"),
    ("52420000MJH2334O2K", "不允许的字符"),        # letter O is not in the alphabet
    ("", "应为18位"),
])
def test_bad_credit_codes_are_refused_with_the_reason(code, fragment):
    result = check_credit_code(code)
    assert not result.ok
    if fragment:
        assert fragment in (result.shape_error or result.check_error)


def test_lowercase_and_spaces_are_normalised():
    assert check_credit_code(" 52420000mjh233402k ").ok


@given(HEAD, ORG_BODY)
def test_built_codes_always_pass(head, body):
    assert check_credit_code(build_credit_code(head, body)).ok


@given(HEAD, ORG_BODY, st.integers(min_value=0, max_value=17), st.sampled_from(CREDIT_CODE_ALPHABET))
def test_any_single_character_change_is_caught(head, body, position, replacement):
    code = build_credit_code(head, body)
    altered = code[:position] + replacement + code[position + 1:]
    if altered != code:
        assert not check_credit_code(altered).ok


@given(st.text(max_size=40))
def test_arbitrary_text_never_raises(text):
    check_credit_code(text)
    resident_id_problem(text)


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
       st.integers(min_value=0, max_value=999))
def test_resident_ids_with_the_right_check_character_pass(born, sequence):
    first17 = f"420102{born:%Y%m%d}{sequence:03d}"
    assert resident_id_problem(first17 + resident_id_check_char(first17)) is None


@pytest.mark.parametrize("number, fragment", [
    ("110105194912310021", "校验位"),
    ("110105194902300021", "出生日期不存在"),   # 30 February
    ("11010519491231002", "17位数字"),
    ("1101051949123100X2", "17位数字"),
])
def test_bad_resident_ids(number, fragment):
    assert fragment in resident_id_problem(number)
