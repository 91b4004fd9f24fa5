"""Minimum periods (征求意见不少于30日): the next step waits for them, and they are never overdue."""

import datetime as dt

import pytest
import time_machine

from fazhi.procedures import engine
from fazhi.procedures.errors import ActionNotAllowed
from fazhi.procedures.selectors import overdue_deadlines

from .conftest import at
from .test_library_decisions import DECISION, START


@pytest.fixture
def consulting(cast):
    case = engine.open_case(
        "major_decision",
        unit=cast.office,
        actor=cast.government_office,
        data=DECISION,
        at=at(2020, 8, 3),
    )
    engine.act(
        case, "start", actor=cast.district_leader, data=START, at=at(2020, 8, 10)
    )
    # Published 1 September: day 30 is 1 October, a holiday, so the earliest end is 9 October.
    engine.act(
        case,
        "publish_draft",
        actor=cast.department_officer,
        data={"channel": "区政府网站"},
        at=at(2020, 9, 1),
    )
    return case


def test_consultation_cannot_end_before_its_minimum_period(cast, consulting):
    with pytest.raises(ActionNotAllowed) as info:
        engine.act(
            consulting,
            "end_consultation",
            actor=cast.department_officer,
            at=at(2020, 9, 20),
        )
    assert info.value.code == "too_early"
    assert "至2020-10-09届满" in info.value.message
    engine.act(
        consulting,
        "end_consultation",
        actor=cast.department_officer,
        at=at(2020, 10, 9),
    )
    period = consulting.deadlines.get(name="consultation_period")
    assert period.status == "met"
    assert not period.cut_short


def test_shortening_needs_the_reason_and_is_shown_as_cut_short(cast, consulting):
    engine.act(
        consulting,
        "end_consultation_early",
        actor=cast.department_officer,
        data={"shortened_reason": "防汛应急，需尽快出台"},
        at=at(2020, 9, 20),
    )
    period = consulting.deadlines.get(name="consultation_period")
    assert period.cut_short
    assert not period.is_late


def test_a_running_minimum_period_is_never_overdue(cast, consulting):
    with time_machine.travel(at(2020, 11, 30), tick=False):
        overdue = overdue_deadlines(cast.district_leader)
        assert not overdue.filter(name="consultation_period").exists()
    assert consulting.deadlines.get(name="consultation_period").due_on == dt.date(
        2020, 10, 9
    )
