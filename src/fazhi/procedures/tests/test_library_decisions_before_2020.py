"""重大行政决策 before 2019-09-01 and 行政规范性文件 before 2020-01-01 (2019 cases).

Due dates counted by hand on the 2019 calendar: Labour Day rest 1-4 May, Sunday 5 May a
working day; National Day rest 1-7 October, Sunday 29 September and Saturday 12 October
working days.
"""

import datetime as dt

import pytest
import time_machine

from fazhi.procedures import engine

from .conftest import at

D = dt.date
MARKET_BUREAU = "11440111DM0000005Q"


@pytest.fixture
def cast(demo_district):
    with time_machine.travel(at(2019, 12, 31, 18), tick=False):
        yield demo_district


def test_a_decision_of_early_2019_uses_placeholder_periods_marked_unverified(cast):
    case = engine.open_case(
        "major_decision",
        unit=cast.office,
        actor=cast.government_office,
        data={"title": "白云区农贸市场升级改造行动方案", "catalogue_year": 2019},
        at=at(2019, 3, 1),
    )
    assert case.procedure_version == "2013"
    engine.act(
        case,
        "start",
        actor=cast.district_leader,
        at=at(2019, 3, 11),
        data={"lead_unit": MARKET_BUREAU},
    )
    engine.act(
        case,
        "publish_draft",
        actor=cast.department_officer,
        at=at(2019, 4, 1),
        data={"channel": "区政府网站"},
    )
    period = case.deadlines.get(name="consultation_period")
    # 30 days from 1 April end on 1 May (Labour Day); 2-4 May rest; Sunday 5 May is worked
    assert period.due_on == D(2019, 5, 5)
    assert period.unverified
    assert "待核实" in period.basis


def test_a_decision_started_on_1_september_2019_follows_the_2019_regulation(cast):
    case = engine.open_case(
        "major_decision",
        unit=cast.office,
        actor=cast.government_office,
        data={"title": "白云区垃圾分类实施方案"},
        at=at(2019, 9, 2),
    )
    assert case.procedure_version == "2019"


def test_a_2019_normative_document_has_no_30_day_market_consultation(cast):
    case = engine.open_case(
        "normative_document",
        unit=cast.market_bureau,
        actor=cast.department_officer,
        data={
            "title": "白云区促进农贸市场规范发展的若干措施",
            "issuer": "department",
            "market_related": True,
        },
        at=at(2019, 9, 20),
    )
    assert case.procedure_version == "2018"
    engine.act(
        case,
        "publish_draft_market",
        actor=cast.department_officer,
        at=at(2019, 9, 27),
        data={"channel": "区政府网站"},
    )
    period = case.deadlines.get(name="consultation_market")
    # 7 working days from Friday 27 September: Sunday 29 September (worked), 30 September,
    # (1-7 October National Day), 8-11 October, Saturday 12 October (worked)
    assert period.due_on == D(2019, 10, 12)
    assert period.unverified
    assert "国办发〔2018〕37号" in period.basis


REVIEW = {
    "draft_title": "白云区农贸市场升级改造行动方案",
    "submitting_unit": "区市场监管局",
}


def _review(cast, when):
    case = engine.open_case(
        "legality_review",
        unit=cast.justice_bureau,
        actor=cast.legal_officer,
        data=REVIEW,
        at=when,
    )
    engine.act(case, "register_decision", actor=cast.legal_officer, at=when)
    return case.deadlines.get(name="decision_review"), case


def test_a_decision_review_before_september_2019_is_a_placeholder(cast):
    # registered on Friday 26 April 2019: Sunday 28 April (worked), 29, 30 April, (1-4 May
    # Labour Day), Sunday 5 May (worked), 6, 7, 8 May make 7 working days
    review, case = _review(cast, at(2019, 4, 26))
    assert case.procedure_version == "2013"
    assert review.due_on == D(2019, 5, 8)
    assert review.unverified
    # from 1 September 2019 the period is the 条例's own (art. 26 ¶2) [V]
    review, case = _review(cast, at(2019, 9, 2))
    assert case.procedure_version == "2019"
    assert not review.unverified
