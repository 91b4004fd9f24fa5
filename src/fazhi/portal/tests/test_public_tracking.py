"""Disclosure requests on the portal: the receipt's tracking code, the limited phone
fallback of the tracking page, and the filing limits."""

import pytest
from django.core.cache import cache

from fazhi.procedures import tracking
from fazhi.procedures.models import Case

from .test_views import VALID_REQUEST

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


def _submit(client, **changes):
    return client.post("/request/", {**VALID_REQUEST, **changes})


def test_the_receipt_shows_the_tracking_code(client, demo_district):
    response = _submit(client)
    assert response.status_code == 302
    case = Case.objects.get(procedure="disclosure_request")
    page = client.get("/request/done/").content.decode()
    assert case.number in page
    assert tracking.display(case.tracking_code) in page
    assert "查询码" in page


def test_guessing_phone_digits_closes_the_number_after_five_tries(
    client, demo_district
):
    _submit(client)
    case = Case.objects.get(procedure="disclosure_request")
    for guess in ("0001", "0002", "0003", "0004", "0005"):
        page = client.post(
            "/track/", {"number": case.number, "phone_last4": guess}
        ).content.decode()
        assert "收到申请" not in page
    closed = client.post(
        "/track/", {"number": case.number, "phone_last4": "8000"}
    ).content.decode()
    assert "收到申请" not in closed
    assert "暂停此方式查询" in closed
    with_code = client.post(
        "/track/", {"number": case.number, "code": case.tracking_code}
    ).content.decode()
    assert "收到申请" in with_code


def test_the_eleventh_request_from_one_address_gets_429(client, demo_district):
    for i in range(10):
        assert _submit(client, phone=f"1380013{i:04d}").status_code == 302
    refused = _submit(client, phone="13800139999")
    assert refused.status_code == 429
    assert "提交申请过于频繁" in refused.content.decode()
    assert Case.objects.count() == 10


def test_the_sixth_request_with_one_phone_in_a_day_gets_429(client, demo_district):
    for i in range(5):
        response = _submit(client, REMOTE_ADDR=f"10.0.3.{i}")
        assert response.status_code == 302
    assert _submit(client, REMOTE_ADDR="10.0.4.1").status_code == 429


def test_track_form_needs_a_code_or_digits(client, demo_district):
    page = client.post("/track/", {"number": "白云依申请〔2024〕1号"}).content.decode()
    assert "请输入查询码，或者手机号码后四位" in page
