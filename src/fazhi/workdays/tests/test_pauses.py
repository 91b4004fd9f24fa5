"""Pauses (中止, 鉴定, 听证): the clock stands still on every day of the pause."""

from datetime import date

import pytest

from fazhi.workdays.errors import InvalidPeriod

D = date


@pytest.mark.parametrize(
    ("start", "n", "pauses", "due"),
    [
        # 9, 10 and 12 October 2020 are paused working days: 13, 14, 15, 16, 19 count.
        (D(2020, 9, 30), 5, [(D(2020, 10, 9), D(2020, 10, 12))], D(2020, 10, 19)),
        # A pause within the holiday takes no working day away.
        (D(2020, 9, 30), 5, [(D(2020, 10, 2), D(2020, 10, 7))], D(2020, 10, 14)),
        # A pause before the start or after the due date changes nothing.
        (D(2020, 9, 30), 5, [(D(2020, 9, 1), D(2020, 9, 30))], D(2020, 10, 14)),
        (D(2020, 9, 30), 5, [(D(2020, 10, 15), D(2020, 10, 30))], D(2020, 10, 14)),
        # A pause reaching past the first due date pushes it past the pause's end.
        (D(2020, 9, 30), 5, [(D(2020, 10, 14), D(2020, 10, 20))], D(2020, 10, 21)),
        # Overlapping and touching pauses count each day once.
        (
            D(2020, 9, 30),
            5,
            [(D(2020, 10, 9), D(2020, 10, 12)), (D(2020, 10, 12), D(2020, 10, 13))],
            D(2020, 10, 20),
        ),
        (
            D(2020, 9, 30),
            5,
            [(D(2020, 10, 13), D(2020, 10, 13)), (D(2020, 10, 9), D(2020, 10, 9))],
            D(2020, 10, 16),
        ),
        # Two pauses, the second one reached only because of the first.
        (
            D(2020, 9, 30),
            2,
            [(D(2020, 10, 9), D(2020, 10, 10)), (D(2020, 10, 13), D(2020, 10, 14))],
            D(2020, 10, 15),
        ),
    ],
)
def test_add_workdays_with_pauses(pure_calendar, start, n, pauses, due):
    assert pure_calendar.add_workdays(start, n, pauses) == due
    assert pure_calendar.workdays_between(start, due, pauses) == n


@pytest.mark.parametrize(
    ("start", "n", "pauses", "due"),
    [
        # 15 days from 2020-09-10 end on 25 September; 10 paused days make it 5 October,
        # inside 国庆节, so the period ends on Friday 9 October.
        (D(2020, 9, 10), 15, [(D(2020, 9, 14), D(2020, 9, 23))], D(2020, 10, 9)),
        # A pause starting after the last day changes nothing.
        (D(2020, 9, 10), 15, [(D(2020, 9, 26), D(2020, 9, 28))], D(2020, 9, 25)),
        # The pause covers the original last day: all its days are added.
        (D(2020, 9, 10), 15, [(D(2020, 9, 24), D(2020, 9, 25))], D(2020, 9, 27)),
        # Rolled onto a paused working day: move past the pause.
        (D(2020, 9, 1), 19, [(D(2020, 9, 21), D(2020, 9, 22))], D(2020, 9, 23)),
    ],
)
def test_add_days_with_pauses(pure_calendar, start, n, pauses, due):
    assert pure_calendar.add_days(start, n, pauses) == due


def test_add_months_with_a_pause(pure_calendar):
    # 2 months from 2020-07-15 end on 15 September; 14 paused days make it 29 September.
    pause = [(D(2020, 8, 1), D(2020, 8, 14))]
    assert pure_calendar.add_months(D(2020, 7, 15), 2) == D(2020, 9, 15)
    assert pure_calendar.add_months(D(2020, 7, 15), 2, pause) == D(2020, 9, 29)


def test_workdays_between_subtracts_paused_working_days(pure_calendar):
    pause = [(D(2020, 9, 27), D(2020, 10, 9))]  # 27-30 Sep and 9 Oct: 5 working days
    assert pure_calendar.workdays_between(D(2020, 9, 25), D(2020, 10, 12)) == 7
    assert pure_calendar.workdays_between(D(2020, 9, 25), D(2020, 10, 12), pause) == 2
    assert pure_calendar.workdays_between(D(2020, 10, 12), D(2020, 9, 25), pause) == -2


def test_a_pause_ending_before_it_begins_is_refused(pure_calendar):
    with pytest.raises(InvalidPeriod, match="不能早于开始日"):
        pure_calendar.add_workdays(
            D(2020, 9, 30), 5, [(D(2020, 10, 9), D(2020, 10, 1))]
        )
