"""Personal numbers in every common format, and the numbers that must stay.

Every string is written here (numbers made valid with the check functions), none is
taken from a data set. Each case asserts the exact span, so a format that leaves a
"+86" or a last digit visible fails.
"""

import pytest

from fazhi.disclosure.redaction import find_personal_data, redact
from fazhi.disclosure.redaction.checks import id_check_char, is_id18, luhn_ok
from fazhi.disclosure.redaction.planted import full_width, luhn_complete


def found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find_personal_data(text)]


ID18 = "44011119800512123" + id_check_char("44011119800512123")
# A body whose check character is X (found by trying sequence numbers, see the test).
ID18_X = next(
    b + "X"
    for b in (f"440106199001019{n:02d}" for n in range(100))
    if id_check_char(b) == "X"
)
CARD16 = "6222021234567894"
CARD19 = luhn_complete("621700123456789012")


def test_the_numbers_of_this_file_are_valid():
    assert is_id18(ID18)
    assert is_id18(ID18_X)
    assert luhn_ok(CARD16)
    assert luhn_ok(CARD19)


@pytest.mark.parametrize(
    "number",
    [
        # mobiles with the country code, written the ways people write it
        "+86 184 1234 5678",
        "+86-135-1234-5678",
        "+8613512345678",
        "+86 13512345678",
        "0086 13512345678",
        "008613512345678",
        "(+86)13512345678",
        "（+86）13512345678",
        "(86) 135 1234 5678",
        "＋86 135 1234 5678",
        "+86 - 135 - 1234 - 5678",
        # spaces and dashes in any grouping
        "13512345678",
        "135 1234 5678",
        "135-1234-5678",
        "1351 234 5678",
        "13 5123 45678",
        "135　1234　5678",  # ideographic spaces
        "135—1234—5678",  # em dashes
        "135－1234－5678",  # full-width hyphen-minus
        # full-width digits and signs
        "１３５１２３４５６７８",
        "＋８６－１３５１２３４５６７８",
        "＋８６ １３５ １２３４ ５６７８",
    ],
)
@pytest.mark.parametrize("context", ["手机：{}。", "请与{}联系", "（{}）", "{}"])
def test_mobiles_are_found_whole(number, context):
    assert found(context.format(number)) == [("mobile", number)]


@pytest.mark.parametrize(
    "number",
    [
        "020-88888888",
        "020-8888 8888",
        "(020)88888888",
        "（020）88888888",
        "(020) 8888-8888",
        "020 8888-8888",
        "020 88888888",
        "0755-8123456",
        "020-88888888转123",
        "020-88888888-123",
        "020 8888-8888 ext. 12",
        "020-8888 8888分机12",
        "+86 20 8888 8888",
        "+86-755-88888888",
        "０２０－８８８８８８８８",
    ],
)
def test_landlines_with_an_area_code_are_found_whole(number):
    assert found(f"联系电话{number}，") == [("landline", number)]
    assert found(f"，{number}，") == [("landline", number)]


@pytest.mark.parametrize(
    "number",
    [
        ID18,
        ID18_X,
        ID18_X.lower(),
        f"{ID18[:6]} {ID18[6:14]} {ID18[14:]}",
        " ".join(ID18[i : i + 4] for i in range(0, 18, 4)),
        f"{ID18_X[:6]} {ID18_X[6:14]} {ID18_X[14:17]} X",
        full_width(ID18_X),
        "440111800512123",  # first-generation, 15 digits
        "440111 800512 123",
    ],
)
def test_id_numbers_are_found_with_or_without_a_cue(number):
    assert found(f"身份证号码：{number}。") == [("id_number", number)]
    assert found(f"，{number}，") == [("id_number", number)]


def test_a_mistyped_id_after_its_cue_still_counts():
    wrong = ID18[:-1] + ("0" if ID18[-1] != "0" else "1")
    assert not is_id18(wrong)
    assert found(f"公民身份号码{wrong}，") == [("id_number", wrong)]


@pytest.mark.parametrize(
    "number",
    [
        CARD16,
        CARD19,
        " ".join(CARD16[i : i + 4] for i in range(0, 16, 4)),
        " ".join(CARD19[i : i + 4] for i in range(0, 19, 4)),
        "-".join(CARD16[i : i + 4] for i in range(0, 16, 4)),
        f"{CARD19[:6]} {CARD19[6:]}",
        full_width(CARD16),
    ],
)
def test_bank_cards_are_found_by_luhn_or_by_cue(number):
    assert found(f"向{number}账户转账") == [("bank_card", number)]
    assert found(f"银行卡号：{number}。") == [("bank_card", number)]


def test_a_card_number_failing_luhn_is_found_only_after_a_card_cue():
    bad = CARD16[:-1] + str((int(CARD16[-1]) + 1) % 10)
    assert found(f"卡号{bad}。") == [("bank_card", bad)]
    assert found(f"，{bad}，") == []


@pytest.mark.parametrize(
    "address", ["zhang.san@163.com", "li_si+work@qq.com", "wang5@sina.com.cn"]
)
def test_email_addresses_are_found(address):
    assert found(f"电子邮箱：{address}。") == [("email", address)]


def test_full_width_at_sign_in_an_email():
    assert found("邮箱zhangsan＠163.com。") == [("email", "zhangsan＠163.com")]


def test_two_phones_side_by_side_are_two_spans():
    assert found("电话13512345678 13612345678。") == [
        ("mobile", "13512345678"),
        ("mobile", "13612345678"),
    ]
    assert found("联系电话：020-88888888 13512345678") == [
        ("landline", "020-88888888"),
        ("mobile", "13512345678"),
    ]


def test_nothing_of_a_country_code_is_left_in_the_publication():
    assert redact("手机+86-135-1234-5678。") == "手机［手机号码已隐去］。"
    assert redact("（+86）13512345678") == "［手机号码已隐去］"


@pytest.mark.parametrize(
    "text",
    [
        # case and document numbers
        "（2020）粤0111民初1234号",
        "（2021）粤01民终12345号",
        "白云复〔2020〕12号",
        "穗公（白）行罚决字〔2021〕00123号",
        # money, with or without thousands separators, and big amounts
        "罚款人民币13500元",
        "涉案金额13512345678元",
        "违法所得1,350,000.00元",
        "共计15000000000吨",
        # dates and times
        "2020年5月12日13时许",
        "20200512立案",
        "2020-05-12 13:45受理",
        "2020.05.12",
        # statutes and quantities
        "依据《治安管理处罚法》第七十二条第（三）项",
        "依据第133条第1款",
        "查获甲基苯丙胺0.44克",
        # credit codes, registration numbers and other numbers after a keep cue
        "统一社会信用代码：91440101MA5CXXXX1X",
        "统一社会信用代码914401011234567890",
        "注册号：440101000123456，",
        "案号（2020）粤0111行初123号",
        "编号13512345678",
        # licence plates stay (docs/redaction.md: not covered by the policy)
        "驾驶粤A12345号小型轿车",
        "粤B·D12345",
    ],
)
def test_numbers_that_are_not_personal_stay(text):
    assert [k for k, _ in found(text) if k != "person_name"] == []


def test_a_phone_after_a_credit_code_is_still_found():
    # The keep cue covers the code, not a phone that follows it with its own cue.
    text = "统一社会信用代码：91440101MA5CXXXX1X，电话13512345678。"
    assert found(text) == [("mobile", "13512345678")]
