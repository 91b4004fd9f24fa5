import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from fazhi.directory.credit_code import ALPHABET, check_character, validate_credit_code
from fazhi.directory.models import Unit, UnitKind

REAL_DISTRICT_CODE = (
    "11440111007502337T"  # 广州市白云区人民政府, from the seed's 索引号
)


def error_of(code: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(code)
    return caught.value.messages[0]


def test_the_district_governments_real_code_is_valid():
    validate_credit_code(REAL_DISTRICT_CODE)
    assert check_character(REAL_DISTRICT_CODE[:17]) == "T"


def test_a_wrong_check_character_is_named_with_the_right_one():
    message = error_of("11440111007502337A")
    assert "第18位校验码为“A”" in message
    assert "应为“T”" in message


def test_a_mistyped_character_is_caught_by_the_check_character():
    message = error_of("11440111007502387T")
    assert "校验码" in message


def test_a_forbidden_letter_is_named_with_its_position():
    message = error_of("1144011100750233OT")
    assert message.startswith("第17位字符“O”不能用于统一社会信用代码")


def test_a_code_of_the_wrong_length_says_how_long_it_is():
    assert error_of("1144011100750233") == "统一社会信用代码应为18位，此代码为16位。"


def test_lower_case_is_accepted_as_upper_case():
    validate_credit_code(REAL_DISTRICT_CODE.lower())


codes17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@given(first17=codes17)
def test_every_code_with_its_check_character_is_valid(first17):
    validate_credit_code(first17 + check_character(first17))


@given(
    first17=codes17, position=st.integers(0, 16), replacement=st.sampled_from(ALPHABET)
)
def test_any_single_mistyped_character_is_detected(first17, position, replacement):
    # 31 is prime and no weight is a multiple of it, so every one-character change shows.
    code = first17 + check_character(first17)
    typo = code[:position] + replacement + code[position + 1 :]
    if typo != code:
        with pytest.raises(ValidationError):
            validate_credit_code(typo)


@pytest.mark.django_db
def test_a_unit_with_a_bad_code_fails_validation_in_chinese():
    unit = Unit(credit_code="11440111007502337A", name="测试单位", kind=UnitKind.OTHER)
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert "应为“T”" in caught.value.message_dict["credit_code"][0]
