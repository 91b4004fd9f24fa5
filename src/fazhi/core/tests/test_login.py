import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from fazhi.directory.models import LoginThrottle, SecurityEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
HOME = reverse("core:staff-home")
PASSWORD = "baiyun-demo-2020"
LOCKED_MESSAGE = "该用户名从您所在地址登录失败次数过多"
WRONG_MESSAGE = "请输入一个正确的"
HERE, THERE = "198.51.100.10", "203.0.113.20"


def log_in(client, username, password, address=HERE):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def refusal(response) -> str:
    """The error box of the login page (nothing else on the page may differ)."""
    text = response.content.decode()
    start = text.index('<ul class="errorlist')
    return text[start : text.index("</ul>", start)]


def test_the_login_page_is_in_chinese(client):
    text = client.get(LOGIN).content.decode()
    assert "工作人员登录" in text
    assert "用户名" in text
    assert "同一地址对同一用户名连续登录失败5次后" in text
    assert "暂停15分钟" in text


def test_a_demo_user_logs_in_and_lands_on_the_staff_home(client, demo_district):
    response = log_in(client, "legal_officer", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == HOME
    text = client.get(HOME).content.decode()
    assert "陈思远，您好" in text
    assert "司法局法制审核员" in text
    assert "广州市白云区司法局" in text
    assert 'href="/work/"' in text


def test_the_staff_home_shows_the_subtree_scope(client, demo_district):
    client.force_login(demo_district.town_officer)
    text = client.get(HOME).content.decode()
    assert "镇街经办人" in text
    assert "本单位及下属单位" in text


def test_the_staff_home_needs_a_login(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_a_wrong_password_is_refused_in_chinese_and_counted_for_the_pair(
    client, demo_district
):
    assert WRONG_MESSAGE in log_in(client, "legal_officer", "wrong").content.decode()
    pair = LoginThrottle.objects.get(username="legal_officer", address=HERE)
    assert (pair.failures, pair.locked_until) == (1, None)


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3)
def test_the_pair_locks_after_the_maximum_of_failed_logins(client, demo_district):
    for _ in range(2):
        assert LOCKED_MESSAGE not in refusal(log_in(client, "legal_officer", "wrong"))
    assert LOCKED_MESSAGE in refusal(log_in(client, "legal_officer", "wrong"))
    pair = LoginThrottle.objects.get(username="legal_officer", address=HERE)
    assert pair.locked_until is not None


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_a_locked_pair_cannot_log_in_even_with_the_right_password(
    client, demo_district
):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    response = log_in(client, "legal_officer", PASSWORD)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in refusal(response)
    assert client.get(HOME).status_code == 302


def test_five_anonymous_posts_do_not_lock_the_admin_out_from_elsewhere(
    client, demo_district
):
    """The probe: 5 POSTs from a stranger's address locked `admin` out everywhere."""
    for _ in range(5):
        log_in(client, "admin", "guess", address=THERE)
    assert LOCKED_MESSAGE in refusal(log_in(client, "admin", "guess", address=THERE))
    response = log_in(client, "admin", PASSWORD, address=HERE)
    assert response.status_code == 302
    # The admin is a superuser: the password leads to the two-factor enrolment.
    assert response["Location"].startswith(reverse("core:two-factor-enrol"))


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2, FAZHI_LOGIN_COOLOFF_SECONDS=600)
def test_the_lock_ends_after_the_cool_off_time(client, demo_district):
    start = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        log_in(client, "legal_officer", "wrong")
        log_in(client, "legal_officer", "wrong")
        assert LOCKED_MESSAGE in refusal(log_in(client, "legal_officer", PASSWORD))
    with time_machine.travel(start + dt.timedelta(seconds=601), tick=False):
        assert log_in(client, "legal_officer", PASSWORD)["Location"] == HOME


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_an_unknown_username_gets_the_same_messages(client, demo_district):
    known = refusal(log_in(client, "legal_officer", "wrong"))
    unknown = refusal(log_in(client, "no_such_person", "wrong"))
    assert WRONG_MESSAGE in known
    assert known == unknown
    known_locked = refusal(log_in(client, "legal_officer", "wrong"))
    unknown_locked = refusal(log_in(client, "no_such_person", "wrong"))
    assert LOCKED_MESSAGE in known_locked
    assert known_locked == unknown_locked


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_an_unlocked_username_can_log_in_again(client, demo_district):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    call_command("users", "unlock", "legal_officer")
    assert not LoginThrottle.objects.filter(username="legal_officer").exists()
    assert log_in(client, "legal_officer", PASSWORD)["Location"] == HOME


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3)
def test_a_successful_login_resets_the_failure_count(client, demo_district):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", PASSWORD)
    client.logout()
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    pair = LoginThrottle.objects.get(username="legal_officer", address=HERE)
    assert (pair.failures, pair.locked_until) == (2, None)


def test_the_case_of_a_username_does_not_buy_more_attempts(client, demo_district):
    log_in(client, "Legal_Officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    assert LoginThrottle.objects.get(username="legal_officer").failures == 2


@override_settings(FAZHI_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, demo_district):
    client.post(
        LOGIN,
        {"username": "legal_officer", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.77",
    )
    assert LoginThrottle.objects.get(username="legal_officer").address == (
        "198.51.100.77"
    )


def test_the_admin_login_is_the_staff_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_logins_failures_and_locks_go_to_the_audit_log(client, demo_district):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    call_command("users", "unlock", "legal_officer")
    log_in(client, "legal_officer", PASSWORD)
    client.post(reverse("core:logout"))
    kinds = list(
        SecurityEvent.objects.filter(username="legal_officer")
        .order_by("pk")
        .values_list("kind", "address")
    )
    assert kinds == [
        ("login_failed", HERE),
        ("login_failed", HERE),
        ("locked", HERE),
        ("unlocked", ""),
        ("login", HERE),
        ("logout", "127.0.0.1"),
    ]
    assert SecurityEvent.objects.filter(username="legal_officer").first().person


def test_logout_is_a_post_and_ends_the_session(client, demo_district):
    client.force_login(demo_district.legal_officer)
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert client.get(HOME).status_code == 302


def test_a_session_expires_after_its_age(client, demo_district, settings):
    start = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        log_in(client, "legal_officer", PASSWORD)
        assert client.get(HOME).status_code == 200
    later = start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        assert client.get(HOME).status_code == 302


def test_the_staff_home_takes_few_queries(
    client, demo_district, django_assert_max_num_queries
):
    client.force_login(demo_district.district_leader)
    with django_assert_max_num_queries(10):
        assert client.get(HOME).status_code == 200
