"""Redaction of personal data: table-driven cases for each kind, negatives, propagation."""

import pytest

from fazhi.disclosure.redaction import find_personal_data, highlight_html, redact
from fazhi.disclosure.redaction.checks import id_check_char, is_id18, is_uscc, luhn_ok


def kinds_found(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in find_personal_data(text)]


# Valid numbers made with the check functions, so the table shows intent, not magic.
ID18 = "44011119800512123" + id_check_char("44011119800512123")
ID18_X = "11010519491231002X"
CARD = "6222021234567890128"  # Luhn-valid, 19 digits


def test_checks_accept_valid_and_reject_corrupted_numbers():
    assert is_id18(ID18)
    assert is_id18(ID18_X)
    assert not is_id18(ID18[:-1] + str((int(ID18[-1]) + 1) % 10))
    assert luhn_ok(CARD)
    assert not luhn_ok(CARD[:-1] + "9")
    assert is_uscc("91350100M000100Y43")
    assert not is_uscc("91350100M000100Y44")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ID numbers: 18-digit with a check character, lower-case x, 15-digit
        (f"公民身份号码{ID18}。", [("id_number", ID18)]),
        (f"身份证号：{ID18_X.lower()}，", [("id_number", ID18_X.lower())]),
        ("身份证号码440111800512123，", [("id_number", "440111800512123")]),
        (f"号码为{ID18}的证件", [("id_number", ID18)]),
        # mobile phones, with or without separators
        ("联系电话：13812345678。", [("mobile", "13812345678")]),
        ("手机 138-1234-5678，", [("mobile", "138-1234-5678")]),
        # fixed phones
        ("电话：020-86123456。", [("landline", "020-86123456")]),
        ("拨打（0755）83221001联系", [("landline", "（0755）83221001")]),
        # bank cards: Luhn-valid, grouped or not
        (f"银行卡号{CARD}。", [("bank_card", CARD)]),
        ("转入6222 0212 3456 7890 128账户", [("bank_card", "6222 0212 3456 7890 128")]),
        # e-mail
        ("邮箱zhang.san@163.com。", [("email", "zhang.san@163.com")]),
        # names with cues, compound surnames, already pseudonymised forms
        ("当事人：张建国，男，汉族。", [("person_name", "张建国")]),
        ("法定代表人：欧阳春华。", [("person_name", "欧阳春华")]),
        ("被告人林某某贩卖毒品。", [("person_name", "林某某")]),
        (
            "被告人陈X册、李××到场。",
            [("person_name", "陈X册"), ("person_name", "李××")],
        ),
        (
            "证人王伟、李娜、赵强到场。",
            [("person_name", "王伟"), ("person_name", "李娜"), ("person_name", "赵强")],
        ),
        # home address: kept down to the street, hidden below
        (
            "张建国，男，住广州市白云区同和街蟾蜍石东路12号301房。",
            [("person_name", "张建国"), ("address", "蟾蜍石东路12号301房")],
        ),
    ],
)
def test_personal_data_is_found(text, expected):
    assert kinds_found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a company's name containing a surname, and its seat, stay
        "当事人：广州市白云区王老吉药业有限公司，住所：广州市白云区机场路88号。",
        # a unified social credit code, all digits or not
        "统一社会信用代码：91350100M000100Y43。",
        "统一社会信用代码914401011234567890。",
        # dates, case and document numbers, money, articles, weights
        "2020年5月12日立案，20200512。",
        "白云复〔2020〕12号",
        "（2020）粤0111行初123号",
        "罚款人民币5000元，没收违法所得12345.67元。",
        "依据《中华人民共和国行政处罚法》第二十八条第一款的规定。",
        "查获甲基苯丙胺0.44克。",
        # ordinary words that begin with a surname character
        "经审理查明，高速公路上发生事故，周围群众报警。",
        "位于某小区的房屋。",
    ],
)
def test_what_must_stay_is_not_redacted(text):
    assert kinds_found(text) == []


def test_a_name_found_once_is_redacted_everywhere():
    text = "当事人：张建国，男。经查，张建国于2020年在其店内销售过期食品，张建国对此无异议。"
    names = [s.text for s in find_personal_data(text) if s.kind == "person_name"]
    assert names == ["张建国", "张建国", "张建国"]
    assert "建国" not in redact(text)


def test_known_names_are_found_without_a_cue_and_keep_stays_visible():
    text = "执法人员刘洋、陈晨向黑仔送达了决定书。"
    spans = find_personal_data(text, known_names=["黑仔"], keep=["刘洋", "陈晨"])
    assert [(s.kind, s.text) for s in spans] == [("person_name", "黑仔")]
    assert redact(text, spans) == "执法人员刘洋、陈晨向某某送达了决定书。"


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("当事人：张三，男。", "当事人：张某，男。"),
        ("当事人：张建国，男。", "当事人：张某某，男。"),
        ("法定代表人：欧阳春华。", "法定代表人：欧阳某某。"),
        ("被告人陈X册。", "被告人陈某某。"),
        (f"身份证号{ID18}。", "身份证号［身份证号已隐去］。"),
        ("电话13812345678。", "电话［手机号码已隐去］。"),
        (
            "住广州市白云区同和街蟾蜍石东路12号。",
            "住广州市白云区同和街［住址已隐去］。",
        ),
    ],
)
def test_redact_keeps_the_surname_and_labels_numbers(text, published):
    assert redact(text) == published


def test_mask_style_keeps_a_few_characters():
    assert redact("电话13812345678。", numbers="mask") == "电话138****5678。"


def test_highlight_escapes_the_text_and_marks_each_span():
    text = "<b>当事人：张建国</b>，手机13812345678"
    html = highlight_html(text, find_personal_data(text))
    assert html.startswith("&lt;b&gt;当事人：")
    assert '<mark class="redact redact-person_name"' in html
    assert 'title="姓名，公示为：张某某">张建国</mark>' in html
    assert '<mark class="redact redact-mobile"' in html
    assert (
        "［手机号码已隐去］" in html
    )  # the title tells the officer what will be shown


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown kinds"):
        find_personal_data("x", kinds=["passport"])
