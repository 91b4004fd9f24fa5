"""Importing a year's holiday notice, and the provisional path for years without one."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied

from fazhi.workdays.errors import HolidayImportError
from fazhi.workdays.models import HolidayOverride
from fazhi.workdays.services import get_calendar, import_holidays
from fazhi.workdays.signals import calendar_changed

D = date

# Made-up rows in the shape of a notice; the real 2027 notice was not published yet.
NOTICE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-01-02,holiday,元旦
2027-01-03,holiday,元旦
2027-02-05,holiday,春节
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-12,holiday,春节
2027-02-20,workday,春节
"""

pytestmark = pytest.mark.django_db


def test_a_deadline_in_a_year_without_data_is_provisional_with_the_reason():
    calendar = get_calendar()
    due = calendar.add_workdays(D(2026, 12, 28), 5)
    # From weekends alone: 29, 30, 31 December, Friday 1 and Monday 4 January.
    assert due == D(2027, 1, 4)
    assert calendar.missing_years(D(2026, 12, 28), due) == [2027]
    assert (
        calendar.provisional_reason(D(2026, 12, 28), due) == "2027年节假日安排尚未导入"
    )
    assert calendar.provisional_reason(D(2026, 12, 1), D(2026, 12, 28)) is None


def test_importing_the_notice_makes_the_deadline_final_and_moves_it():
    # given a deadline computed before the notice
    before = get_calendar().add_workdays(D(2026, 12, 28), 5)
    # when the notice is imported
    result = import_holidays(NOTICE_2027.encode(), source_name="2027.csv")
    # then the new calendar knows 2027 and 1 January is no longer counted
    calendar = get_calendar()
    after = calendar.add_workdays(D(2026, 12, 28), 5)
    assert (before, after) == (D(2027, 1, 4), D(2027, 1, 5))
    assert calendar.provisional_reason(D(2026, 12, 28), after) is None
    assert calendar.years[2027].startswith("导入：2027.csv (")
    assert calendar.is_workday(D(2027, 2, 20))  # a Saturday made a working day
    assert calendar.rest_blocks(D(2027, 2, 1), D(2027, 2, 28)) == [
        (D(2027, 2, 5), D(2027, 2, 14), "春节")
    ]
    assert result.years == [2027]
    assert result.holidays == {2027: 11}
    assert result.workdays == {2027: 1}
    assert result.summary() == ["2027年：已从 2027.csv 导入放假 11 天、调休上班 1 天。"]


def test_calendar_changed_is_sent_after_commit_with_the_years(
    django_capture_on_commit_callbacks,
):
    received = []

    def receiver(sender, years, **kwargs):
        received.append(years)

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_holidays(NOTICE_2027.encode(), source_name="2027.csv")
            assert received == []  # not before commit
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [[2027]]


def test_an_imported_year_replaces_the_package_data_for_that_year():
    assert not get_calendar().is_workday(D(2026, 2, 16))  # 春节 per chinese-calendar
    import_holidays([["2026-01-01", "holiday", "元旦"]], source_name="one-row.csv")
    calendar = get_calendar()
    assert calendar.is_workday(D(2026, 2, 16))  # the imported notice is the whole year
    assert not calendar.is_workday(D(2026, 1, 1))
    assert calendar.years[2025] == "chinese-calendar 1.11.0"


def test_reimporting_a_year_replaces_its_rows():
    import_holidays(NOTICE_2027.encode(), source_name="draft.csv")
    result = import_holidays(
        "date,kind,name\n2027-10-01,holiday,国庆节\n".encode(), source_name="final.csv"
    )
    assert result.replaced == 12
    assert list(HolidayOverride.objects.values_list("date", "source")) == [
        (D(2027, 10, 1), "final.csv")
    ]
    assert (
        get_calendar().is_workday(D(2027, 1, 1)) is True
    )  # no longer listed: a Friday


@pytest.mark.parametrize(
    ("csv", "messages"),
    [
        (
            "date,kind,name\n2027-13-01,holiday,元旦\n",
            ["第2行：“2027-13-01”不是有效日期"],
        ),
        (
            "2027-01-01,rest,元旦\n",
            ["第1行：类型“rest”无效（应为 holiday 或 workday）"],
        ),
        (
            "2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n2027-01-01,holiday,元旦\n",
            ["第3行：日期 2027-01-01 与第1行重复"],
        ),
        ("2027-01-04,workday,元旦\n", ["第1行：2027-01-04 是周一至周五"]),
        ("2027-01-01,holiday,\n", ["第1行：节假日须填写名称"]),
        ("2050-01-01,holiday,元旦\n", ["第1行：2050-01-01 不在日历覆盖的年份内"]),
        ("2027-01-01\n", ["第1行：应有 date,kind,name 三列，实际为 1 列"]),
        ("date,kind,name\n", ["文件中没有任何节假日数据行"]),
        (
            "2027-01-01,holiday,元旦\nnot-a-date,holiday,x\n2027-02-03,sometimes,x\n",
            ["第2行：“not-a-date”不是有效日期", "第3行：类型“sometimes”无效"],
        ),
    ],
)
def test_a_bad_file_is_refused_with_line_numbers_and_nothing_is_imported(csv, messages):
    with pytest.raises(HolidayImportError) as caught:
        import_holidays(csv.encode(), source_name="bad.csv")
    assert len(caught.value.errors) == len(messages)
    for error, expected in zip(caught.value.errors, messages, strict=True):
        assert error.startswith(expected)
    assert HolidayOverride.objects.count() == 0
    assert 2027 not in get_calendar().years


def test_a_file_saved_by_excel_in_gb18030_with_slashes_is_read(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_bytes("date,kind,name\r\n2027/1/1,holiday,元旦\r\n".encode("gb18030"))
    import_holidays(path, source_name=path.name)
    assert HolidayOverride.objects.get().name == "元旦"


def test_the_importer_is_recorded_and_needs_the_permission(django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 12)
    with pytest.raises(PermissionDenied):
        import_holidays(NOTICE_2027.encode(), source_name="2027.csv", actor=clerk)
    clerk.user_permissions.add(Permission.objects.get(codename="add_holidayoverride"))
    clerk = django_user_model.objects.get(pk=clerk.pk)  # drop the permission cache
    import_holidays(NOTICE_2027.encode(), source_name="2027.csv", actor=clerk)
    assert set(HolidayOverride.objects.values_list("imported_by", flat=True)) == {
        clerk.pk
    }
