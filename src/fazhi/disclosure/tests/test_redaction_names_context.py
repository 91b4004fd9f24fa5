"""Name rules added to raise recall: one table per rule, positives and negatives.

Every sentence is written for this test (invented names, the general phrasing of
criminal judgments and penalty decisions); none is taken from a labelled data set.
"""

import pytest

from fazhi.disclosure.redaction import find_personal_data


def names(text: str) -> list[str]:
    return [s.text for s in find_personal_data(text) if s.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of the sentence after the name, then a word ending in 场/店/所
        ("被告人孔德芸驾车逃离现场。", ["孔德芸"]),
        ("被告人焦立鹏离开现场后被抓获。", ["焦立鹏"]),
        ("被告人邵可馨入住酒店后联系他人。", ["邵可馨"]),
        ("民警从邬振岳处当场收缴毒品一包。", ["邬振岳"]),
    ],
)
def test_a_verb_or_a_phrase_after_a_name_is_no_organisation(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "当事人张建国食品厂未取得许可证。",
        "当事人王老吉药业有限公司未按规定标注。",
        "当事人周德胜维修店占用道路经营。",
        "当事人蔡宏伟加油站未设置警示标志。",
    ],
)
def test_a_name_heading_a_shop_or_company_stays(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words jieba knows as small places (唐洋, 徐海) stand for a person here
        ("被告人唐洋在本市某区贩卖毒品。", ["唐洋"]),
        ("公诉机关认为，被告人徐海的行为已构成犯罪。", ["徐海"]),
        ("被告人将海洛因卖给许国后离开。", ["许国"]),
    ],
)
def test_a_place_word_after_a_role_or_a_person_verb_is_a_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "被告人前往徐海贩卖毒品。",
        "被告人在唐洋附近被抓获。",
        "当事人在广州市经营。",
    ],
)
def test_a_place_word_elsewhere_stays_a_place(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人阿依古丽，女，1990年出生。", ["阿依古丽"]),
        ("被告人吉地康雨，男，汉族。", ["吉地康雨"]),
        ("被告人吉地康雨与他人约定交易。", ["吉地康雨"]),
    ],
)
def test_a_four_character_name_after_a_role_before_punctuation(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人张海峰供述，", ["张海峰"]),
        ("被告人李新明知是毒品而贩卖。", ["李新"]),
        ("被告人王立军同志，", ["王立军"]),
    ],
)
def test_a_word_after_a_name_is_not_read_into_a_four_character_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname surnames.txt does not list, after a verb whose object is a person
        ("被告人多次容留仁永超，在其住处吸食毒品。", ["仁永超"]),
        ("被告人将毒品贩卖给仉德旺时被抓获。", ["仉德旺"]),
    ],
)
def test_an_unlisted_surname_after_a_person_verb(text, expected):
    assert [n for n in names(text) if n != "被告人"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "被告人给予对方现金，",
        "被告人交给民警，",
        "被告人给其验货。",
        "被告人容留他人吸食毒品，",
        "被告人将毒品卖给对方，",
    ],
)
def test_a_person_verb_before_an_ordinary_word_finds_nothing(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被告人容留吸毒人员靳志蓉、折俊龙吸食毒品。", ["靳志蓉", "折俊龙"]),
        (
            "同案人吴安燕、陈柏喜、龚义、陆海信，均另案处理。",
            ["吴安燕", "陈柏喜", "龚义", "陆海信"],
        ),
    ],
)
def test_the_next_item_of_a_list_of_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "被告人张建国、毒品、现金等物被查获。",
        "被告人林海涛、广州市白云区人，",
    ],
)
def test_a_list_item_that_is_a_thing_or_a_place_stays(text):
    assert names(text) == ["张建国"] if "张建国" in text else ["林海涛"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a given name that is also a verb (超生) after a verb whose object is a person
        ("被告人将毒品贩卖给杜超生时被抓获。", ["杜超生"]),
    ],
)
def test_a_verb_as_given_name_after_a_person_verb(text, expected):
    assert names(text) == expected
