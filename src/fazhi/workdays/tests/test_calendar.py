"""The calendar against the State Council notices: 2020 (COVID-19, 国庆+中秋) and 2026."""

import doctest
from datetime import date, timedelta

import pytest

import fazhi.workdays.calendar as calendar_module
from fazhi.workdays.errors import DateOutOfRange, InvalidPeriod

D = date

# 2020: Spring Festival extended to Sunday 2 February; 国庆节 and 中秋节 on 1-8 October with
# Sunday 27 September and Saturday 10 October working.
CALENDAR_2020 = [
    (D(2020, 1, 1), False),  # 元旦
    (D(2020, 1, 19), True),  # Sunday made a working day before 春节
    (D(2020, 1, 23), True),
    (D(2020, 1, 24), False),  # 除夕
    (D(2020, 1, 30), False),
    (D(2020, 1, 31), False),  # COVID-19 extension
    (D(2020, 2, 2), False),
    (D(2020, 2, 3), True),  # first working day after the extension
    (D(2020, 4, 4), False),  # 清明节
    (D(2020, 4, 26), True),  # Sunday made a working day before 劳动节
    (D(2020, 5, 5), False),
    (D(2020, 5, 9), True),  # Saturday made a working day
    (D(2020, 6, 25), False),  # 端午节
    (D(2020, 6, 28), True),  # Sunday made a working day
    (D(2020, 9, 26), False),  # an ordinary Saturday
    (D(2020, 9, 27), True),  # Sunday made a working day
    (D(2020, 9, 30), True),
    *[(D(2020, 10, day), False) for day in range(1, 9)],
    (D(2020, 10, 9), True),
    (D(2020, 10, 10), True),  # Saturday made a working day
    (D(2020, 10, 11), False),
]

# 2026 as in the reference table (notice of 2025-11-04).
CALENDAR_2026 = [
    *[(D(2026, 1, day), False) for day in (1, 2, 3)],
    (D(2026, 1, 4), True),  # Sunday
    (D(2026, 2, 14), True),  # Saturday
    *[(D(2026, 2, day), False) for day in range(15, 24)],
    (D(2026, 2, 28), True),  # Saturday
    *[(D(2026, 4, day), False) for day in (4, 5, 6)],
    *[(D(2026, 5, day), False) for day in range(1, 6)],
    (D(2026, 5, 9), True),  # Saturday
    *[(D(2026, 6, day), False) for day in (19, 20, 21)],
    *[(D(2026, 9, day), False) for day in (25, 26, 27)],
    (D(2026, 9, 20), True),  # Sunday
    *[(D(2026, 10, day), False) for day in range(1, 8)],
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),  # Saturday
]


@pytest.mark.parametrize(("day", "working"), CALENDAR_2020 + CALENDAR_2026)
def test_days_follow_the_state_council_notice(pure_calendar, day, working):
    assert pure_calendar.is_workday(day) is working


@pytest.mark.parametrize(("year", "count"), [(2020, 249), (2025, 248), (2026, 248)])
def test_working_days_per_year(pure_calendar, year, count):
    assert pure_calendar.workdays_between(D(year - 1, 12, 31), D(year, 12, 31)) == count


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2020, 9, 30), 5, D(2020, 10, 14)),  # 1-8 Oct rest, Sat 10 Oct works
        (D(2020, 9, 25), 1, D(2020, 9, 27)),  # the working Sunday is day 1
        (D(2020, 9, 30), 1, D(2020, 10, 9)),
        (D(2020, 1, 23), 1, D(2020, 2, 3)),  # across the extended Spring Festival
        (D(2020, 1, 22), 7, D(2020, 2, 10)),
        (D(2020, 10, 3), 2, D(2020, 10, 10)),  # start inside the holiday
        (
            D(2025, 12, 30),
            3,
            D(2026, 1, 5),
        ),  # across 元旦 2026 with Sunday 4 Jan working
        (D(2025, 12, 30), 2, D(2026, 1, 4)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
    ],
)
def test_add_workdays(pure_calendar, start, n, due):
    assert pure_calendar.add_workdays(start, n) == due
    assert pure_calendar.workdays_between(start, due) == n


def test_add_workdays_backwards_and_zero(pure_calendar):
    assert pure_calendar.add_workdays(D(2020, 10, 9), -1) == D(2020, 9, 30)
    assert pure_calendar.add_workdays(D(2020, 10, 9), 0) == D(2020, 10, 9)
    assert pure_calendar.workdays_between(D(2020, 10, 14), D(2020, 9, 30)) == -5


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2020, 9, 26), 4, D(2020, 9, 30)),  # last day a working day: no roll
        (D(2020, 9, 26), 5, D(2020, 10, 9)),  # last day 国庆节: next working day
        (D(2020, 1, 16), 15, D(2020, 2, 3)),  # last day in the COVID-19 extension
        (D(2020, 9, 13), 7, D(2020, 9, 21)),  # last day an ordinary Sunday → Monday
        (D(2020, 9, 20), 7, D(2020, 9, 27)),  # last day a working Sunday: no roll
        (D(2020, 9, 20), 14, D(2020, 10, 9)),
        (D(2020, 10, 3), 7, D(2020, 10, 10)),  # a working Saturday ends the period
        (D(2026, 9, 15), 15, D(2026, 9, 30)),
        (D(2026, 9, 20), 60, D(2026, 11, 19)),
    ],
)
def test_add_days_rolls_the_last_day_forward(pure_calendar, start, n, due):
    assert pure_calendar.add_days(start, n) == due


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2020, 1, 31), 1, D(2020, 3, 2)),  # 29 Feb 2020, a Saturday, rolled to Monday
        (D(2020, 3, 31), 1, D(2020, 4, 30)),
        (D(2020, 8, 1), 2, D(2020, 10, 9)),  # 1 Oct: 国庆节
        (D(2020, 4, 15), 6, D(2020, 10, 15)),
        (D(2019, 11, 30), 3, D(2020, 3, 2)),  # 29 Feb 2020, a Saturday
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # 28 Feb 2026: a working Saturday
        (D(2025, 10, 31), 3, D(2026, 2, 2)),  # 31 Jan 2026, a Saturday
    ],
)
def test_add_months(pure_calendar, start, n, due):
    assert pure_calendar.add_months(start, n) == due


def test_next_workday(pure_calendar):
    assert pure_calendar.next_workday(D(2020, 1, 24)) == D(2020, 2, 3)
    assert pure_calendar.next_workday(D(2020, 9, 27)) == D(2020, 9, 27)


def test_ordinal_turns_due_soon_into_an_integer_range(pure_calendar):
    today, due = D(2020, 9, 30), D(2020, 10, 14)
    assert pure_calendar.ordinal(due) - pure_calendar.ordinal(today) == 5
    assert pure_calendar.ordinal(D(2020, 10, 8)) == pure_calendar.ordinal(
        D(2020, 9, 30)
    )
    assert pure_calendar.ordinal(D(2004, 1, 1)) == 0  # 元旦 2004
    assert pure_calendar.ordinal(D(2004, 1, 2)) == 1


def test_rest_blocks_name_the_holidays(pure_calendar):
    assert pure_calendar.rest_blocks(D(2020, 9, 30), D(2020, 10, 14)) == [
        (D(2020, 10, 1), D(2020, 10, 8), "国庆节、中秋节")
    ]
    assert pure_calendar.rest_blocks(D(2020, 1, 20), D(2020, 2, 5)) == [
        (D(2020, 1, 24), D(2020, 2, 2), "春节、抗击新冠肺炎疫情延长春节假期")
    ]
    assert pure_calendar.rest_blocks(D(2026, 9, 24), D(2026, 10, 9)) == [
        (D(2026, 9, 25), D(2026, 9, 27), "中秋节"),
        (D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
    ]
    # An ordinary weekend is not a holiday block, and (a, b] excludes a.
    assert pure_calendar.rest_blocks(D(2020, 9, 18), D(2020, 9, 26)) == []
    assert pure_calendar.rest_blocks(D(2020, 10, 8), D(2020, 10, 20)) == []


def test_holiday_names_are_chinese(pure_calendar):
    assert pure_calendar.holiday_name(D(2020, 10, 1)) == "国庆节、中秋节"
    assert pure_calendar.holiday_name(D(2020, 1, 31)) == "抗击新冠肺炎疫情延长春节假期"
    assert pure_calendar.holiday_name(D(2026, 6, 19)) == "端午节"
    assert pure_calendar.holiday_name(D(2020, 9, 26)) is None


def test_years_name_their_source(pure_calendar):
    assert set(pure_calendar.years) == set(range(2004, 2027))
    assert pure_calendar.years[2020] == "chinese-calendar 1.11.0"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(D(2003, 12, 31)),
        lambda c: c.add_workdays(D(2041, 1, 1), 1),
        lambda c: c.add_workdays(D(2040, 12, 20), 30),
        lambda c: c.add_days(D(2040, 12, 20), 30),
        lambda c: c.add_months(D(2040, 6, 1), 7),
        lambda c: c.workdays_between(D(2020, 1, 1), D(2041, 1, 2)),
    ],
)
def test_dates_outside_the_calendar_raise_a_clear_error(pure_calendar, call):
    with pytest.raises(DateOutOfRange, match="超出日历范围"):
        call(pure_calendar)


def test_negative_calendar_periods_are_refused(pure_calendar):
    with pytest.raises(InvalidPeriod, match="不能为负数"):
        pure_calendar.add_days(D(2020, 1, 1), -1)


def test_docstring_examples_hold():
    result = doctest.testmod(calendar_module)
    assert result.attempted >= 5
    assert result.failed == 0


def test_calendar_covers_2004_to_2040(pure_calendar):
    assert pure_calendar.is_workday(D(2040, 12, 31)) is True  # a Monday
    assert pure_calendar.add_days(D(2040, 12, 31) - timedelta(days=10), 10) == D(
        2040, 12, 31
    )
