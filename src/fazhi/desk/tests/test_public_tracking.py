"""The findings of the public-write review, replayed against the desk's public pages:
guessing a status page, flooding the call form, a 100,000-character complaint."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from fazhi.desk import services
from fazhi.procedures import tracking
from fazhi.procedures.errors import InvalidData
from fazhi.procedures.models import Case

from .conftest import at
from .test_views import FORM, replied_call

pytestmark = pytest.mark.django_db

STATUS = "desk:status"
UNKNOWN = "云热线〔2020〕999号"


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def _look_up(client, number, **secret):
    return client.post(reverse(STATUS), {"number": number, **secret})


def _page_without(response, *inputs):
    page = response.content.decode()
    for text in inputs:
        page = page.replace(text, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_guessing_the_phone_digits_stops_after_five_tries(client, desk):
    case = replied_call(desk)
    # an attacker walks the 10,000 endings of a known number
    for guess in range(1, 6):
        response = _look_up(client, case.number, last4=f"{guess:04d}")
        assert response.status_code == 200
        assert "已抢修恢复供水" not in response.content.decode()
    # the sixth try, even with the right digits, finds the lookup closed
    closed = _look_up(client, case.number, last4="5678")
    assert closed.status_code == 200
    assert "暂停此方式查询" in closed.content.decode()
    assert "已抢修恢复供水" not in closed.content.decode()
    # while the caller's tracking code still opens it
    assert _look_up(client, case.number, code=case.tracking_code).status_code == 302


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_unknown_numbers_get_the_same_answers(client, desk):
    case = replied_call(desk)
    for guess in range(1, 7):
        digits = f"{guess:04d}"
        known = _look_up(client, case.number, last4=digits)
        unknown = _look_up(client, UNKNOWN, last4=digits)
        assert known.status_code == unknown.status_code
        assert _page_without(known, case.number) == _page_without(unknown, UNKNOWN)
    wrong_code = _look_up(client, case.number, code="AAA-AAA-AAA")
    unknown_code = _look_up(client, UNKNOWN, code="AAA-AAA-AAA")
    assert _page_without(wrong_code, case.number) == _page_without(
        unknown_code, UNKNOWN
    )


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_phone_digits_show_the_status_but_rating_needs_the_code(client, desk):
    case = replied_call(desk)
    found = _look_up(client, case.number, last4="5678")
    assert found.status_code == 302
    page = client.get(found.url).content.decode()
    assert "已抢修恢复供水" in page
    assert 'name="code"' in page  # the rating form asks for the code
    url = reverse(STATUS)
    refused = client.post(
        url, {"rate": "1", "number": case.number, "rating": "satisfied"}
    )
    assert refused.status_code == 400
    assert "请输入受理回执上的查询码" in refused.content.decode()
    wrong = client.post(
        url,
        {
            "rate": "1",
            "number": case.number,
            "rating": "satisfied",
            "code": "AAAAAAAAA",
        },
    )
    assert wrong.status_code == 400
    case.refresh_from_db()
    assert case.state == "replied"
    right = client.post(
        url,
        {
            "rate": "1",
            "number": case.number,
            "rating": "satisfied",
            "code": tracking.display(case.tracking_code),
        },
    )
    assert right.status_code == 302
    case.refresh_from_db()
    assert case.state == "closed"


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_a_visitor_without_the_code_cannot_rate_a_call_by_number(client, desk):
    case = replied_call(desk)
    response = client.post(
        reverse(STATUS), {"rate": "1", "number": case.number, "rating": "satisfied"}
    )
    assert response.status_code == 400
    assert "请输入受理回执上的查询码" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "replied"


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_a_100000_character_complaint_is_refused_by_form_and_service(client, desk):
    case = replied_call(desk)
    huge = "不满意" * 33_343  # 100,029 characters
    assert _look_up(client, case.number, code=case.tracking_code).status_code == 302
    response = client.post(
        reverse(STATUS),
        {
            "rate": "1",
            "number": case.number,
            "rating": "unsatisfied",
            "complaint": huge,
        },
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    with pytest.raises(InvalidData) as refused:
        services.rate_call(
            case.number, case.tracking_code, "unsatisfied", complaint=huge
        )
    assert "2000" in refused.value.errors["complaint"]
    case.refresh_from_db()
    assert case.state == "replied"
    assert huge not in str(case.events.values_list("data", flat=True))
    # a complaint of a normal length is taken
    services.rate_call(
        case.number, case.tracking_code, "unsatisfied", complaint="仍然停水"
    )


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_the_receipt_shows_the_tracking_code(client, desk):
    response = client.post(reverse("desk:call-enterprise"), {**FORM, "confirm": "true"})
    assert response.status_code == 302
    case = Case.objects.get(procedure="hotline_order")
    page = client.get(response.url).content.decode()
    assert tracking.display(case.tracking_code) in page
    assert "查询码" in page
    # and the session that filed it can follow it at once
    assert (
        "已受理"
        in client.get(reverse(STATUS) + "?number=" + case.number).content.decode()
    )


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_the_eleventh_call_from_one_address_is_refused_with_429(client, desk):
    for i in range(10):
        response = client.post(
            reverse("desk:call-citizen"),
            {**FORM, "confirm": "true", "phone": f"1391234{i:04d}"},
        )
        assert response.status_code == 302, i
    refused = client.post(
        reverse("desk:call-citizen"),
        {**FORM, "confirm": "true", "phone": "13912349999"},
    )
    assert refused.status_code == 429
    assert "提交诉求过于频繁" in refused.content.decode()
    assert Case.objects.count() == 10
    # another address is not affected
    other = client.post(
        reverse("desk:call-citizen"),
        {**FORM, "confirm": "true", "phone": "13912349999"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert other.status_code == 302


@time_machine.travel(at(2020, 11, 2, 9), tick=False)
def test_the_sixth_call_from_one_phone_in_a_day_is_refused(client, desk):
    for i in range(5):
        response = client.post(
            reverse("desk:call-citizen"),
            {**FORM, "confirm": "true"},
            REMOTE_ADDR=f"10.0.1.{i}",
        )
        assert response.status_code == 302
    refused = client.post(
        reverse("desk:call-citizen"),
        {**FORM, "confirm": "true"},
        REMOTE_ADDR="10.0.2.1",
    )
    assert refused.status_code == 429


@override_settings(FAZHI_THROTTLE_LOOKUPS_PER_ADDRESS="3/hour")
@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_lookups_are_limited_per_address(client, desk):
    case = replied_call(desk)
    for _i in range(3):
        assert _look_up(client, case.number, code=case.tracking_code).status_code == 302
    refused = _look_up(client, case.number, code=case.tracking_code)
    assert refused.status_code == 429
    assert "查询过于频繁" in refused.content.decode()


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_failed_lookups_from_one_address_are_limited_across_numbers(client, desk):
    for i in range(20):
        response = _look_up(client, f"云热线〔2020〕{i + 500}号", last4="1234")
        assert response.status_code == 200
    assert _look_up(client, UNKNOWN, code="AAAAAAAAA").status_code == 429


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_status_form_refuses_odd_input_in_chinese(client, desk):
    url = reverse(STATUS)
    for data in (
        {"number": "云热线〔2020〕1号"},
        {"number": "云热线〔2020〕1号", "last4": "12a4"},
        {"number": "x" * 65, "code": "AAA"},
        {"number": "云热线〔2020〕1号", "code": "A" * 31},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert 'class="errorlist"' in response.content.decode()
    assert client.get(url, {"number": "\\x00" * 100}).status_code == 200


@time_machine.travel(at(2020, 11, 10, 9), tick=False)
def test_a_bad_rating_form_for_an_unknown_call_is_refused_in_chinese(client, desk):
    response = client.post(reverse(STATUS), {"rate": "1", "number": UNKNOWN})
    assert response.status_code == 400
    assert "没有与该编号和查询码" in response.content.decode()
