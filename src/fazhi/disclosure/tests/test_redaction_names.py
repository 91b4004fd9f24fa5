"""Person names found from context: one table per rule, positives and negatives.

Every example is written for this test (invented names, general phrasing of criminal
judgments and penalty decisions), none is taken from a labelled data set.
"""

import pytest

from fazhi.disclosure.redaction import find_personal_data, redact


def names(text: str) -> list[str]:
    return [s.text for s in find_personal_data(text) if s.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname that surnames.txt does not list, after a role
        ("被告人亓永胜与他人约定交易地点。", ["亓永胜"]),
        ("吸毒人员亢永辉，男，1979年出生。", ["亢永辉"]),
        # the longest reading that ends on a word boundary: 孟庆和, not 孟庆
        ("被告人孟庆和以牟利为目的贩卖毒品。", ["孟庆和"]),
        # a grammatical character inside a given name (时)
        ("被告人王时雨携带毒品前往车站。", ["王时雨"]),
    ],
)
def test_a_name_after_a_role_is_found_whatever_its_surname(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "被告人多次容留他人吸食毒品。",
        "被告人文化程度不高，系初犯。",
        "被告人正欲离开时被民警抓获。",
        "被告人当场被抓获。",
        "被公安人员查获，",
    ],
)
def test_words_after_a_role_that_are_not_names_stay(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("以500元的价格卖给孙立波后被抓获。", ["孙立波"]),
        ("被告人在其住处容留任小凯吸食毒品。", ["任小凯"]),
        # 从 and 向 are surnames too; here they are prepositions
        ("公安人员从翁建平身上查获毒品一包。", ["翁建平"]),
        ("民警从陈建华处缴获现金。", ["陈建华"]),
        # ... and here 向 is the surname
        ("被告人向红军来到其住处。", ["向红军"]),
    ],
)
def test_a_name_after_a_verb_whose_object_is_a_person_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "双方电话联系后乘车前往交易地点。",
        "当庭出示和宣读了证据。",
        "其妻子到场，其岳母也到场。",
        "被告人在桂林市象山区租住。",
    ],
)
def test_object_position_words_that_are_not_names_stay(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a nickname cue before the quoted word
        ("向一名绰号“大头”的男子购买毒品。", ["大头"]),
        ("找到一个叫“胖哥”的人购买冰毒。", ["胖哥"]),
        # a person's note after it
        ("从“阿杰”（另案处理）处购得毒品。", ["阿杰"]),
        # unquoted, before a person's note
        ("被告人伙同阿龙（另案处理）贩卖毒品。", ["阿龙"]),
        ("杨建军（另案处理）将毒品交给他人。", ["杨建军"]),
        # after 化名 / 小名 without quotes
        ("容留刘伟（小名刘小四）吸毒。", ["刘伟", "刘小四"]),
    ],
)
def test_nicknames_near_person_cues_are_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "俗称“冰毒”的甲基苯丙胺一包。",
        "在“好运来”酒店门口交易。",
        "查获“红豆”嫌疑物一颗。",
        "以“溜冰”的方式吸食毒品。",
        "（2021）粤0111刑初88号案（另案处理）。",
    ],
)
def test_quoted_things_and_case_numbers_are_not_nicknames(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人买买提·艾力，男，维吾尔族。", ["买买提·艾力"]),
        ("向艾合买提·托合提购买毒品。", ["艾合买提·托合提"]),
        # a middle dot lost in a GBK conversion
        ("被告人阿不都?热合曼与他人联系。", ["阿不都?热合曼"]),
    ],
)
def test_transliterated_names_with_a_middle_dot_are_found(text, expected):
    assert names(text) == expected


def test_a_dotted_shop_name_without_a_person_cue_stays():
    assert names("来到华联·新天地商场门口。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("容留吸毒人员吴a、郑b吸食毒品。", ["吴a", "郑b"]),
        ("卖给吸毒人员周明A、周明B。", ["周明A", "周明B"]),
        ("被告人贾国栋乙携带毒品。", ["贾国栋乙"]),
    ],
)
def test_letters_and_cyclic_characters_that_tell_people_apart_are_kept(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "检出甲基苯丙胺成分。",
        "位于B栋a座的房间内。",
    ],
)
def test_letters_and_cyclic_characters_elsewhere_stay(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人吴建新在家中。该吴称其有毒品出售。", ["吴建新", "吴"]),
        ("民警当场抓获被告人谭，并查获毒品。", ["谭"]),
    ],
)
def test_a_surname_alone_standing_for_a_person_is_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2020年5月1日16时许，民警在巡查。",
        "从被告人处查获毒品。",
    ],
)
def test_a_surname_character_in_other_words_stays(text):
    assert names(text) == []


def test_a_surname_alone_is_not_taken_from_a_place_name():
    assert names("被告人吴建新在家中，吴江区的民警赶到。") == ["吴建新"]


def test_nicknames_and_unlisted_surnames_are_published_without_a_surname():
    # the first character of an unlisted name may not be a surname: hide it all
    text = "被告人亓永胜向绰号“大头”的男子购买毒品。"
    assert redact(text) == "被告人某某向绰号“某某”的男子购买毒品。"
