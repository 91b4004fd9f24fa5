"""The process-wide calendar: cached, and rebuilt when another process imports a year."""

from datetime import date

import pytest

from fazhi.workdays.models import HolidayOverride
from fazhi.workdays.services import get_calendar, invalidate_calendar

pytestmark = pytest.mark.django_db


def test_the_calendar_is_built_once_and_then_costs_no_query(django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar() is first
    invalidate_calendar()
    assert get_calendar() is not first


def test_another_process_import_is_noticed_at_the_next_recheck(settings):
    settings.FAZHI_CALENDAR_RECHECK_SECONDS = 0
    before = get_calendar()
    assert get_calendar() is before  # nothing changed: the cached calendar is kept
    # Written directly, as another worker's import would be: this process's cache is
    # not invalidated, only the table changes.
    HolidayOverride.objects.create(
        date=date(2027, 1, 1), kind="holiday", name="元旦", source="2027.csv"
    )
    after = get_calendar()
    assert 2027 not in before.years
    assert after.years[2027].startswith("导入：2027.csv (")
    assert not after.is_workday(date(2027, 1, 1))
