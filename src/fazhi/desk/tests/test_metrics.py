"""The three rates on hand-built calls, each expected figure counted by hand.

Seven calls in November 2020, all dispatched as 企业用水 (10 working days):

| call | dispatched | answered | outcome | rating | on time? |
|---|---|---|---|---|---|
| A | 11-02 | 11-05 | solved | satisfied | yes |
| B | 11-02 | 11-20 (due 11-16) | solved | basically | no |
| C | 11-02 | 11-06 | explained | unsatisfied | yes |
| D | 11-02 | 11-06 | not_ours | — (closed unrated) | yes |
| E | 11-02 | 11-06 | statutory | — (closed unrated) | yes |
| F | 11-02 | — (open, due 11-16) | | | no (overdue) |
| G | 11-20 | — (open, due 12-04) | | | not decided |

response = A, C, D, E on time / A-F decided = 4/6;
resolution = A, B solved / A, B, D closed with an answer (C is not closed, E statutory) = 2/3;
satisfaction = A, B / A, B, C rated = 2/3.
"""

import pytest
import time_machine

from fazhi.desk import metrics, services
from fazhi.procedures import engine

from .conftest import at
from .test_services import enterprise_call

pytestmark = pytest.mark.django_db


def dispatched(desk, day):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller, at=at(2020, 11, day, 9))
    services.dispatch_call(
        case, actor=desk.dispatcher, category="企业用水", at=at(2020, 11, day, 10)
    )
    engine.act(case, "sign", actor=desk.water_officer, at=at(2020, 11, day, 11))
    return case


def reply(desk, case, day, outcome):
    engine.act(
        case,
        "reply",
        actor=desk.water_officer,
        data={"outcome": outcome, "reply_text": "答复"},
        at=at(2020, 11, day, 15),
    )


def close_unrated(desk, case, day):
    engine.act(
        case,
        "close_unrated",
        actor=desk.dispatcher,
        data={"note": "回访未能联系"},
        at=at(2020, 11, day, 16),
    )


@pytest.fixture
def seven(desk):
    with time_machine.travel(at(2020, 11, 20, 8), tick=False):
        a, b, c, d, e, _f = (dispatched(desk, 2) for _ in range(6))
        reply(desk, a, 5, "solved")
        services.rate_call(
            a.number, a.tracking_code, "satisfied", at=at(2020, 11, 6, 9)
        )
        reply(desk, c, 6, "explained")
        services.rate_call(
            c.number,
            c.tracking_code,
            "unsatisfied",
            complaint="没解决",
            at=at(2020, 11, 7, 9),
        )
        reply(desk, d, 6, "not_ours")
        close_unrated(desk, d, 9)
        reply(desk, e, 6, "statutory")
        close_unrated(desk, e, 9)
    with time_machine.travel(at(2020, 11, 20, 16), tick=False):
        reply(desk, b, 20, "solved")
        services.rate_call(b.number, b.tracking_code, "basically_satisfied")
        dispatched(desk, 20)
    return desk


@time_machine.travel(at(2020, 11, 21, 9), tick=False)
def test_the_three_rates_match_the_hand_count(seven):
    facts = metrics.call_facts(seven.district)
    assert len(facts) == 7
    assert metrics.response_rate(facts) == metrics.Rate(4, 6)
    assert metrics.resolution_rate(facts) == metrics.Rate(2, 3)
    assert metrics.satisfaction_rate(facts) == metrics.Rate(2, 3)
    assert metrics.satisfaction_rate(facts).display == "66.7%"


@time_machine.travel(at(2020, 11, 21, 9), tick=False)
def test_breakdown_by_unit_and_ranking_respects_the_minimum(seven):
    facts = metrics.call_facts(seven.district)
    [row] = metrics.breakdown(facts, "unit")
    assert row.label == "区水务局"
    assert row.calls == 7
    assert row.overdue_open == 1
    assert metrics.ranking([row], "response", min_calls=10) == []
    assert metrics.ranking([row], "response", min_calls=7) == [row]
    assert "10" in metrics.method_note("response")


def test_no_rated_calls_show_a_dash_not_zero(desk):
    assert metrics.satisfaction_rate([]).display == "—"
    assert metrics.Rate(0, 0).value is None
    assert metrics.Rate(0, 3).display == "0.0%"


@time_machine.travel(at(2020, 11, 21, 9), tick=False)
def test_enterprise_calls_form_their_own_channel(seven):
    rows = metrics.breakdown(metrics.call_facts(seven.district), "channel")
    assert [(r.label, r.calls) for r in rows] == [("企业诉求", 7)]


@time_machine.travel(at(2020, 11, 21, 9), tick=False)
def test_an_approved_extension_moves_the_limit(desk):
    case = dispatched(desk, 2)
    engine.act(
        case,
        "request_extension",
        actor=desk.water_officer,
        data={"reason": "需要更换主管"},
        at=at(2020, 11, 10, 9),
    )
    services.approve_extension(case, actor=desk.dispatcher, at=at(2020, 11, 10, 10))
    reply(desk, case, 20, "solved")  # after 11-16, before the extended 11-30
    [fact] = metrics.call_facts(desk.district)
    assert fact.on_time is True
    assert fact.due.date().isoformat() == "2020-11-30"
