"""政府信息公开 under the 2007 条例 (in force 2008-05-01 to 2019-05-14): requests and
proactive disclosure of early 2019.

Due dates counted by hand on the 2019 calendar: Spring Festival rest 4-10 February, Saturday
2 and Sunday 3 February working days; Labour Day rest 1-4 May, Sunday 28 April and Sunday
5 May working days; Dragon Boat Festival rest 7-9 June.
"""

import datetime as dt

import pytest
import time_machine

from fazhi.procedures import engine

from .conftest import at

D = dt.date


@pytest.fixture
def cast(demo_district):
    with time_machine.travel(at(2019, 12, 31, 18), tick=False):
        yield demo_district


def _request(cast, when):
    return engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=cast.disclosure_officer,
        data={"content": "2018年白云区城中村改造项目批复文件"},
        at=when,
    )


def test_a_request_of_april_2019_gets_15_working_days_and_keeps_its_version(cast):
    # given a request received on Friday 26 April 2019
    case = _request(cast, at(2019, 4, 26))
    assert case.procedure_version == "2008"
    reply = case.deadlines.get(name="reply")
    # then 28 April (Sunday, worked), 29, 30 April, 5 May (Sunday, worked), 6-10, 13-17
    # and 20 May make 15 working days: due Monday 20 May, after the 2019 条例 took over
    assert reply.due_on == D(2019, 5, 20)
    assert "政府信息公开条例（2007）第二十四条" in reply.basis
    assert not reply.unverified
    # no 7-working-day correction notice or third-party period in the 2007 text
    assert set(case.deadlines.values_list("name", flat=True)) == {"reply"}
    # when the head of the disclosure office extends it on 10 May, by 15 working days:
    # 21-24, 27-31 May, 3-6 June, (7 June Dragon Boat), 10, 11 June
    engine.act(
        case,
        "extend",
        actor=cast.disclosure_chief,
        at=at(2019, 5, 10),
        data={"reason": "需要调取档案"},
    )
    assert case.deadlines.get(name="reply").due_on == D(2019, 6, 11)


def test_third_party_consultation_stops_the_reply_clock(cast):
    case = _request(cast, at(2019, 3, 1))
    # 15 working days from Friday 1 March: 4-8, 11-15, 18-22 March → 22 March
    assert case.deadlines.get(name="reply").due_on == D(2019, 3, 22)
    engine.act(
        case,
        "consult",
        actor=cast.disclosure_officer,
        at=at(2019, 3, 4),
        data={"third_party": "某房地产开发有限公司"},
    )
    engine.act(
        case,
        "receive_opinion",
        actor=cast.disclosure_officer,
        at=at(2019, 3, 8),
        data={"opinion": "object"},
    )
    # the clock stands still 5-8 March (4 working days): 22 March → 28 March
    assert case.deadlines.get(name="reply").due_on == D(2019, 3, 28)


def test_a_request_from_15_may_2019_follows_the_2019_regulation(cast):
    case = _request(cast, at(2019, 5, 15))
    assert case.procedure_version == "2019"


def test_proactive_disclosure_of_january_2019_within_20_working_days(cast):
    # given information created on Friday 25 January 2019
    case = engine.open_case(
        "proactive_disclosure",
        unit=cast.market_bureau,
        actor=cast.department_officer,
        data={
            "title": "白云区2018年第四季度食品安全抽检结果",
            "summary": "公布第四季度抽检结果",
            "generated_on": "2019-01-25",
            "change": "created",
            "category": "supervision",
        },
        at=at(2019, 1, 25),
    )
    assert case.procedure_version == "2008"
    publication = case.deadlines.get(name="publication")
    # then 28-31 January, 1 February, Saturday 2 and Sunday 3 February (worked), (4-10
    # February Spring Festival), 11-15, 18-22, 25-27 February make 20: due 27 February
    assert publication.due_on == D(2019, 2, 27)
    assert "政府信息公开条例（2007）第十八条" in publication.basis
