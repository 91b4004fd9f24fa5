import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, minute=0):
    """A moment in Beijing time."""
    return dt.datetime(y, m, d, h, minute, tzinfo=TZ)


@pytest.fixture
def frozen_2020():
    """The clock stands at the end of 2020: every 2020 step is in the past."""
    with time_machine.travel(at(2020, 12, 31, 18), tick=False):
        yield


@pytest.fixture
def cast(demo_district, frozen_2020):
    return demo_district
