"""Fixtures of the call desk: the demo district with its catalogue, routing model (both
loaded by the demo module: production code has no demo fallback) and a water officer."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=TZ)


@pytest.fixture
def desk(demo_district):
    """The demo district, its demo catalogue and model loaded, one officer per catalogue unit."""
    from fazhi.demo.calls import ensure_handlers, load_demo_desk

    load_demo_desk(demo_district.district)
    handlers = ensure_handlers(demo_district.district)
    demo_district.handlers = handlers
    demo_district.water = demo_district.unit("区水务局")
    demo_district.water_officer = handlers[demo_district.water.pk]
    return demo_district
