"""Properties that hold for any start, length and pauses (hypothesis)."""

from calendar import monthrange
from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.workdays.calendar import build_calendar

CAL = build_calendar()
starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2036, 12, 31))
known_starts = st.dates(min_value=date(2004, 1, 1), max_value=date(2025, 12, 31))
lengths = st.integers(min_value=1, max_value=250)


@st.composite
def pause_lists(draw, around=starts):
    pauses = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        first = draw(around)
        pauses.append((first, first + timedelta(days=draw(st.integers(0, 40)))))
    return pauses


def _near(start):
    return st.integers(-20, 200).map(lambda k: start + timedelta(days=k))


@given(start=starts, n=lengths, data=st.data())
def test_a_due_date_is_a_working_day_outside_every_pause(start, n, data):
    pauses = data.draw(pause_lists(around=_near(start)))
    due = CAL.add_workdays(start, n, pauses)
    assert CAL.is_workday(due)
    assert not any(first <= due <= last for first, last in pauses)
    assert due > start


@given(
    start=st.dates(date(2005, 1, 1), date(2036, 12, 31)),
    n=st.integers(-250, 250),
    data=st.data(),
)
def test_adding_then_counting_round_trips(start, n, data):
    pauses = data.draw(pause_lists(around=_near(start)))
    due = CAL.add_workdays(start, n, pauses)
    assert CAL.workdays_between(start, due, pauses) == n


@given(start=starts, n=st.integers(0, 400), data=st.data())
def test_a_calendar_period_ends_on_a_working_day_not_before_start_plus_n(
    start, n, data
):
    pauses = data.draw(pause_lists(around=_near(start)))
    due = CAL.add_days(start, n, pauses)
    assert CAL.is_workday(due)
    assert due >= start + timedelta(days=n)
    assert not any(first <= due <= last for first, last in pauses)


@given(start=starts, n=st.integers(0, 36))
def test_a_month_period_ends_on_the_first_working_day_from_its_nominal_end(start, n):
    year, month0 = divmod(start.year * 12 + start.month - 1 + n, 12)
    last_day = monthrange(year, month0 + 1)[1]
    nominal = date(year, month0 + 1, min(start.day, last_day))
    due = CAL.add_months(start, n)
    assert CAL.is_workday(due)
    assert due >= nominal
    assert due == CAL.next_workday(nominal)


@settings(max_examples=60, deadline=None)
@given(start=known_starts, n=st.integers(1, 60), data=st.data())
def test_agrees_with_a_day_by_day_walk_over_chinese_calendar(start, n, data):
    pauses = data.draw(pause_lists(around=_near(start)))
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        paused = any(first <= day <= last for first, last in pauses)
        if chinese_calendar.is_workday(day) and not paused:
            counted += 1
    assert CAL.add_workdays(start, n, pauses) == day


@settings(max_examples=60, deadline=None)
@given(start=known_starts, n=st.integers(0, 90), data=st.data())
def test_calendar_days_agree_with_a_day_by_day_walk(start, n, data):
    pauses = data.draw(pause_lists(around=_near(start)))

    def paused(d):
        return any(first <= d <= last for first, last in pauses)

    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if not paused(day):
            counted += 1
    while not chinese_calendar.is_workday(day) or paused(day):
        day += timedelta(days=1)
    assert CAL.add_days(start, n, pauses) == day


@given(a=starts, b=starts)
def test_ordinals_count_working_days(a, b):
    assert CAL.ordinal(b) - CAL.ordinal(a) == CAL.workdays_between(a, b)
