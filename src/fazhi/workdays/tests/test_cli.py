"""`fazhi workdays add|between|years|import` as an officer uses them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fazhi.workdays.models import HolidayOverride

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["add", "2020-09-30", "5"], "2020-10-14"),
        (["add", "2020-09-26", "5", "--calendar"], "2020-10-09"),
        (["add", "2020-01-31", "1", "--months"], "2020-03-02"),
        (["add", "2020-09-30", "5", "--pause", "2020-10-09:2020-10-12"], "2020-10-19"),
        (["between", "2020-09-30", "2020-10-14"], "5"),
    ],
)
def test_prints_the_result_on_the_first_line(args, first_line):
    out, err = run(*args)
    assert out.splitlines()[0] == first_line
    assert err == ""


def test_explain_lists_the_holidays_skipped():
    out, _err = run("add", "2020-09-30", "5", "--explain")
    assert out.splitlines() == [
        "2020-10-14",
        "跳过 2020-10-01 至 2020-10-08 假期：国庆节、中秋节",
    ]


def test_a_result_in_a_year_without_data_is_marked_provisional():
    out, err = run("add", "2026-12-28", "5")
    assert out.splitlines() == ["2027-01-04"]
    assert err.strip() == "暂定：2027年节假日安排尚未导入"


def test_years_lists_sources_and_the_years_without_data():
    out, _err = run("years")
    lines = out.splitlines()
    assert lines[0] == "2004  chinese-calendar 1.11.0"
    assert lines[22] == "2026  chinese-calendar 1.11.0"
    assert lines[23] == "2027-2040  无数据：仅按周末计算，期限为暂定"


def test_import_prints_what_it_imported_and_the_year_is_no_longer_provisional(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    out, _err = run("import", str(path))
    assert out.strip() == "2027年：已从 2027.csv 导入放假 1 天、调休上班 0 天。"
    years, _err = run("years")
    assert "2027  导入：2027.csv (" in years
    out, err = run("add", "2026-12-28", "5")
    assert (out.strip(), err) == ("2027-01-05", "")


def test_import_of_a_bad_file_fails_with_each_line_and_imports_nothing(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as caught:
        run("import", str(path))
    assert str(caught.value) == (
        "未导入任何数据：\n第2行：“2027-02-30”不是有效日期（格式应为 YYYY-MM-DD）。"
    )
    assert not HolidayOverride.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2020-02-30", "5"], "不是有效日期"),
        (["add", "2020-09-30", "five"], "不是整数"),
        (["add", "2041-01-01", "5"], "超出日历范围"),
        (["add", "2020-09-30", "-5", "--calendar"], "不能为负数"),
        (["add", "2020-09-30", "5", "--pause", "2020-10-09"], "开始日:结束日"),
        (["import", "/nonexistent/2027.csv"], "找不到文件"),
    ],
)
def test_bad_input_gives_a_chinese_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
