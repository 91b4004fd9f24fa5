"""The desk's services: filing, routing, dispatch with overrides, rating, reopening."""

import pytest
import time_machine

from fazhi.desk import selectors, services
from fazhi.desk.models import CallRouting, CoHandling, RoutingOverride
from fazhi.procedures import engine, tracking
from fazhi.procedures.errors import ActionNotAllowed, InvalidData

from .conftest import at

pytestmark = pytest.mark.django_db

WATER = "厂区停水三天影响生产。您好，我司位于太和镇穗丰村工业园，自本周一起厂区停水，供水管道破裂无人维修，生产线被迫停工，恳请水务部门尽快抢修恢复供水。"
GOOD_CODE = "91440111MA59A1B2XA"


def enterprise_call(**overrides):
    call = services.CallInput(
        description=WATER,
        subject="厂区停水",
        category="help",
        channel="enterprise",
        enterprise_matter="water",
    )
    caller = services.Caller(
        name="陈伟",
        phone="13912345678",
        organisation="广州白云华丰五金制品有限公司",
        credit_code=overrides.pop("credit_code", GOOD_CODE),
    )
    return call, caller


def test_valid_code_fixture_is_valid():
    assert services.check_credit_code(GOOD_CODE) == GOOD_CODE


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_enterprise_call_is_opened_at_the_command_centre_with_top_three(desk):
    # when an enterprise files a call on the portal
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    # then it is a hotline case waiting for a dispatcher, with the suggestion stored
    assert case.procedure == "hotline_order"
    assert case.state == "received"
    assert case.unit == desk.command_center
    assert case.applicant_code == GOOD_CODE
    routing = CallRouting.objects.get(case=case)
    assert len(routing.suggestions) == 3
    assert routing.suggestions[0]["category"] == "企业用水"
    assert routing.suggestions[0]["unit"] == desk.water.credit_code
    assert routing.phone_last4 == "5678"
    assert case in selectors.waiting_calls(desk.district)


def test_bad_credit_code_is_refused_in_chinese(desk):
    call, caller = enterprise_call(credit_code="91440111MA59A1B2XN")
    with pytest.raises(InvalidData) as exc:
        services.file_call(call, caller=caller)
    assert "校验" in exc.value.errors["credit_code"] or "第18位" in str(
        exc.value.errors["credit_code"]
    )


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_confirming_the_suggestion_dispatches_to_the_catalogue_unit(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    # when the dispatcher confirms the first suggestion
    services.dispatch_call(case, actor=desk.dispatcher, category="企业用水")
    # then the case is the water bureau's, with the catalogue's limit and no override
    case.refresh_from_db()
    assert case.state == "dispatched"
    assert case.unit == desk.water
    routing = CallRouting.objects.get(case=case)
    assert (routing.limit_n, routing.limit_unit) == (10, "workdays")
    assert routing.overridden is False
    assert not RoutingOverride.objects.exists()


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_an_override_is_recorded_for_training(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    # when the dispatcher sends it elsewhere, with a co-handling unit
    services.dispatch_call(
        case,
        actor=desk.dispatcher,
        category="企业其他",
        co_units=[desk.taihe],
    )
    override = RoutingOverride.objects.get(case=case)
    assert (override.suggested_category, override.chosen_category) == (
        "企业用水",
        "企业其他",
    )
    assert CoHandling.objects.filter(case=case, unit=desk.taihe).exists()


def test_a_category_outside_the_catalogue_needs_unit_and_action(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    with pytest.raises(services.DeskError) as exc:
        services.dispatch_call(case, actor=desk.dispatcher, category="不存在的类别")
    assert exc.value.code == "not_in_catalogue"


def test_the_public_cannot_dispatch(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    with pytest.raises(ActionNotAllowed):
        services.dispatch_call(case, actor=desk.water_officer, category="企业用水")


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_caller_rates_with_the_last_four_digits_only(desk):
    # given a call answered by the water bureau
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller, at=at(2020, 11, 2, 9))
    services.dispatch_call(
        case, actor=desk.dispatcher, category="企业用水", at=at(2020, 11, 2, 10)
    )
    engine.act(case, "sign", actor=desk.water_officer, at=at(2020, 11, 2, 11))
    engine.act(
        case,
        "reply",
        actor=desk.water_officer,
        data={"outcome": "solved", "reply_text": "已抢修恢复供水。"},
        at=at(2020, 11, 3, 16),
    )
    # the phone's last four digits do not let anyone rate, nor does a wrong code
    with pytest.raises(services.DeskError):
        services.rate_call(case.number, "5678", "satisfied")
    with pytest.raises(services.DeskError):
        services.rate_call(case.number, "ABC-DEF-GHJ", "satisfied")
    # the caller's tracking code does, typed in lower case with the dashes
    typed = tracking.display(case.tracking_code).lower()
    services.rate_call(case.number, typed, "basically_satisfied")
    case.refresh_from_db()
    assert case.state == "closed"
    assert case.events.last().data == {
        "rating": "basically_satisfied",
        "rated_via": "caller",
    }


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_unsatisfied_call_can_be_reopened_once(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller, at=at(2020, 11, 2, 9))
    services.dispatch_call(case, actor=desk.dispatcher, category="企业用水")
    engine.act(case, "sign", actor=desk.water_officer)
    engine.act(
        case,
        "reply",
        actor=desk.water_officer,
        data={"outcome": "explained", "reply_text": "管网改造计划明年实施。"},
    )
    with pytest.raises(InvalidData):
        services.rate_call(case.number, case.tracking_code, "unsatisfied")
    services.rate_call(
        case.number, case.tracking_code, "unsatisfied", complaint="仍然停水"
    )
    case.refresh_from_db()
    services.reopen_call(case, actor=desk.dispatcher, reason="诉求人不满意")
    case.refresh_from_db()
    assert case.state == "received"
    services.dispatch_call(case, actor=desk.dispatcher, category="企业用水")
    engine.act(case, "sign", actor=desk.water_officer)
    engine.act(
        case,
        "reply",
        actor=desk.water_officer,
        data={"outcome": "solved", "reply_text": "已修复。"},
    )
    services.record_callback(
        case, actor=desk.dispatcher, rating="unsatisfied", note="仍不满意"
    )
    with pytest.raises(ActionNotAllowed):
        services.reopen_call(case, actor=desk.dispatcher, reason="再次重办")


@time_machine.travel(at(2020, 11, 20, 9), tick=False)
def test_overdue_calls_are_escalated_once(desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller, at=at(2020, 11, 2, 9))
    services.dispatch_call(
        case, actor=desk.dispatcher, category="企业用水", at=at(2020, 11, 2, 10)
    )
    # 10 working days from Monday 2 November: due Monday 16 November
    [(found, due)] = selectors.overdue_calls(desk.district)
    assert found == case
    assert due.date().isoformat() == "2020-11-16"
    assert services.escalate_overdue(actor=desk.command_chief) == [case.number]
    assert services.escalate_overdue(actor=desk.command_chief) == []


@time_machine.travel(at(2020, 11, 2, 12), tick=False)
def test_hours_in_the_catalogue_make_a_call_due_the_same_day(desk):
    from fazhi.desk.models import DispatchCatalogueEntry

    DispatchCatalogueEntry.objects.filter(category="企业用水").update(
        time_limit=2, time_limit_unit="hours"
    )
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller, at=at(2020, 11, 2, 9))
    services.dispatch_call(
        case, actor=desk.dispatcher, category="企业用水", at=at(2020, 11, 2, 9, 30)
    )
    [(found, due)] = selectors.overdue_calls(desk.district)
    assert (found, due) == (case, at(2020, 11, 2, 11, 30))


@time_machine.travel(at(2020, 11, 2, 12), tick=False)
def test_similar_open_calls_are_found_before_filing(desk):
    call, caller = enterprise_call()
    first = services.file_call(call, caller=caller)
    similar = selectors.similar_open_calls(
        "穗丰村工业园厂区停水，供水管道破裂，请尽快抢修恢复供水", desk.district
    )
    assert [c for c, _score in similar] == [first]
    assert selectors.similar_open_calls("学校食堂卫生问题", desk.district) == []
