"""The desk's pages: public forms and status page, the queue, rates, hot issues, screen."""

import pytest
import time_machine
from django.urls import reverse

from fazhi.desk import services
from fazhi.desk.models import CallRouting
from fazhi.procedures import engine, tracking
from fazhi.procedures.models import Case

from .conftest import at
from .test_services import GOOD_CODE, WATER, enterprise_call

pytestmark = pytest.mark.django_db

FORM = {
    "organisation": "广州白云华丰五金制品有限公司",
    "credit_code": GOOD_CODE,
    "name": "陈伟",
    "phone": "139 1234 5678",
    "matter": "water",
    "category": "help",
    "subject": "厂区停水",
    "description": WATER,
    "address": "太和镇穗丰村工业园",
}


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_enterprise_form_files_a_call_and_shows_its_number(client, desk):
    response = client.post(reverse("desk:call-enterprise"), FORM)
    assert response.status_code == 302
    case = Case.objects.get(procedure="hotline_order")
    page = client.get(response.url)
    assert case.number in page.content.decode()
    assert case.data["enterprise_matter"] == "water"
    assert case.data["channel"] == "enterprise"


def test_enterprise_form_refuses_a_bad_credit_code_in_chinese(client, desk):
    response = client.post(
        reverse("desk:call-enterprise"), {**FORM, "credit_code": "91440111MA59A1B2XN"}
    )
    assert response.status_code == 400
    assert "校验码" in response.content.decode()
    assert not Case.objects.exists()


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_similar_open_calls_are_shown_before_a_second_filing(client, desk):
    client.post(reverse("desk:call-enterprise"), FORM)
    first = Case.objects.get()
    # when a second, similar call is submitted
    response = client.post(reverse("desk:call-enterprise"), FORM)
    # then the page lists the first call and files nothing yet
    assert response.status_code == 200
    assert first.number in response.content.decode()
    assert Case.objects.count() == 1
    # and submitting again (confirmed) files it
    response = client.post(reverse("desk:call-enterprise"), {**FORM, "confirm": "true"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_status_page_needs_the_tracking_code_and_takes_the_rating(client, desk):
    case = replied_call(desk)
    url = reverse("desk:status")
    wrong = client.post(url, {"number": case.number, "code": "AAA-AAA-AAA"})
    assert "已抢修恢复供水" not in wrong.content.decode()
    assert "没有与该编号和查询码" in wrong.content.decode()
    typed = tracking.display(case.tracking_code).lower()
    found = client.post(url, {"number": case.number, "code": typed})
    assert found.status_code == 302
    assert case.tracking_code not in found.url  # the code never goes into a URL
    body = client.get(found.url).content.decode()
    assert "已抢修恢复供水" in body
    assert "已解决" in body
    assert desk.water.name in body
    assert desk.water_officer.real_name not in body  # no staff names in public
    response = client.post(
        url, {"rate": "1", "number": case.number, "rating": "satisfied"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "closed"


def replied_call(desk):
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
    return case


def test_queue_is_for_dispatchers(client, desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    client.force_login(desk.dispatcher)
    response = client.get(reverse("desk:queue"))
    body = response.content.decode()
    assert case.number in body
    assert "企业用水" in body
    client.force_login(desk.water_officer)
    assert client.get(reverse("desk:queue")).status_code == 302


def test_dispatch_from_the_queue_with_an_override(client, desk):
    call, caller = enterprise_call()
    case = services.file_call(call, caller=caller)
    client.force_login(desk.dispatcher)
    prefix = case.number
    response = client.post(
        reverse("desk:call-dispatch", args=[case.number]),
        {f"{prefix}-category": "企业其他", f"{prefix}-instruction": "请协调"},
    )
    assert response.status_code == 302
    routing = CallRouting.objects.get(case=case)
    assert routing.category == "企业其他"
    assert routing.overridden is True
    case.refresh_from_db()
    assert case.state == "dispatched"


def test_rates_and_screen_render_without_calls(client, desk):
    client.force_login(desk.dispatcher)
    body = client.get(reverse("desk:rates")).content.decode()
    assert "—" in body
    assert client.get(reverse("desk:screen")).status_code == 200
    data = client.get(reverse("desk:screen-json")).json()
    assert data["rates_month"]["satisfaction"]["display"] == "—"


@time_machine.travel(at(2020, 11, 20, 9), tick=False)
def test_hot_issue_opens_a_linked_follow_up(client, desk):
    # given four similar water calls this month
    for day in (2, 3, 4, 5):
        call, caller = enterprise_call()
        case = services.file_call(call, caller=caller, at=at(2020, 11, day, 9))
        services.dispatch_call(
            case, actor=desk.dispatcher, category="企业用水", at=at(2020, 11, day, 10)
        )
    client.force_login(desk.government_office)
    page = client.get(reverse("desk:hot"), {"month": "2020-11"})
    body = page.content.decode()
    assert "厂区停水" in body
    issue_key = page.context["issues"][0].key
    response = client.post(
        reverse("desk:follow-up"),
        {
            "month": "2020-11",
            "key": issue_key,
            "procedure": "normative_document",
            "title": "关于加强工业园区供水保障的通知",
        },
    )
    assert response.status_code == 302
    follow = Case.objects.get(procedure="normative_document")
    assert follow.links_in.count() == 4
