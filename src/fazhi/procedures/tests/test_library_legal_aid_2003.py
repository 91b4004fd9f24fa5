"""法律援助 under the 法律援助条例 (2003): applications of 2003-09-01 to 2021-12-31.

Due dates counted by hand on the State Council calendar: 2020 Spring Festival rest 24 January
- 2 February (the State Council extended it by 31 January - 2 February for COVID-19; without
the extension, Saturday 1 February would have been a working day); National Day and
Mid-Autumn rest 1-8 October, Saturday 10 October a working day.
"""

import datetime as dt

from fazhi.procedures import engine

from .conftest import at

D = dt.date
APPLICATION = {
    "source": "application",
    "matter_type": "labour",
    "matter": "追索劳动报酬",
}


def _apply(cast, when):
    return engine.open_case(
        "legal_aid",
        unit=cast.legal_aid_office,
        actor=cast.legal_aid_officer,
        data=APPLICATION,
        at=when,
    )


def test_a_2020_application_follows_the_2003_regulation(cast):
    # given an application received on Monday 1 June 2020
    case = _apply(cast, at(2020, 6, 1))
    assert case.procedure_version == "2003"
    review = case.deadlines.get(name="review")
    # then 7 working days (2, 3, 4, 5, 8, 9, 10 June) end on Wednesday 10 June
    assert review.due_on == D(2020, 6, 10)
    # the number of days is the 程序规定's, not the 条例's: shown as 待核实
    assert review.unverified
    assert "法律援助条例第十八条" in review.basis
    # when aid is granted on Friday 5 June, the lawyer is due by 8, 9, 10 June
    engine.act(case, "grant", actor=cast.legal_aid_officer, at=at(2020, 6, 5))
    assert case.deadlines.get(name="assignment").due_on == D(2020, 6, 10)


def test_the_review_skips_the_extended_2020_spring_festival(cast):
    # given an application on Monday 20 January 2020: 21, 22, 23 January count, 24 January
    # - 2 February rest (31 January - 2 February added by the State Council), then
    # 3, 4, 5, 6 February make 7 (without the extension: 4 February)
    case = _apply(cast, at(2020, 1, 20))
    assert case.deadlines.get(name="review").due_on == D(2020, 2, 6)


def test_an_objection_is_decided_in_5_working_days_of_the_regulation(cast):
    case = _apply(cast, at(2020, 9, 21))
    engine.act(
        case,
        "refuse",
        actor=cast.legal_aid_officer,
        at=at(2020, 9, 25),
        data={"reason": "不属于条例第十条规定的事项"},
    )
    # when the applicant objects on Monday 28 September
    engine.act(
        case,
        "object_to_refusal",
        actor=cast.legal_aid_officer,
        at=at(2020, 9, 28),
        data={"objection": "请求支付劳动报酬属于援助事项"},
    )
    decision = case.deadlines.get(name="objection_refusal_decision")
    # then 29, 30 September, 9 October, Saturday 10 October (worked), 12 October make 5
    assert decision.due_on == D(2020, 10, 12)
    # this period is written in the 条例 itself (art. 19): not 待核实
    assert not decision.unverified
    assert "法律援助条例第十九条" in decision.basis


def test_termination_offers_the_four_grounds_of_article_23(cast):
    from fazhi.procedures import registry

    spec = registry.spec_for("legal_aid", on=D(2020, 6, 1))
    ground = next(f for f in spec.actions["terminate"].fields if f.name == "ground")
    assert [k for k, _t in ground.choices] == [
        "no_longer_poor",
        "case_ended",
        "other_counsel",
        "requested",
    ]
    # the states and actions are the 2022 version's, so the desk treats both alike
    current = registry.spec_for("legal_aid", on=D(2022, 1, 1))
    assert set(spec.states) == set(current.states)
    assert set(spec.actions) == set(current.actions)
    assert spec.roles == current.roles
