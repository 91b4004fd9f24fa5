import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from fazhi.directory.models import Person

pytestmark = pytest.mark.django_db

LOGIN = reverse("core:login")
HOME = reverse("core:staff-home")
PASSWORD = "baiyun-demo-2020"
LOCKED_MESSAGE = "该账号因连续登录失败次数过多已被锁定，请联系系统管理员解锁。"


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_the_login_page_is_in_chinese(client):
    text = client.get(LOGIN).content.decode()
    assert "工作人员登录" in text
    assert "用户名" in text
    assert "连续登录失败5次后账号将被锁定" in text


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


def test_a_wrong_password_is_refused_in_chinese(client, demo_district):
    text = log_in(client, "legal_officer", "wrong").content.decode()
    assert "请输入一个正确的" in text
    assert Person.objects.get(username="legal_officer").failed_logins == 1


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3)
def test_the_account_locks_after_the_maximum_of_failed_logins(client, demo_district):
    for _ in range(2):
        assert (
            LOCKED_MESSAGE
            not in log_in(client, "legal_officer", "wrong").content.decode()
        )
    assert LOCKED_MESSAGE in log_in(client, "legal_officer", "wrong").content.decode()
    assert Person.objects.get(username="legal_officer").is_locked


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_a_locked_account_cannot_log_in_even_with_the_right_password(
    client, demo_district
):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    response = log_in(client, "legal_officer", PASSWORD)
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert client.get(HOME).status_code == 302


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_an_unlocked_account_can_log_in_again(client, demo_district):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    call_command("users", "unlock", "legal_officer")
    assert log_in(client, "legal_officer", PASSWORD)["Location"] == HOME


@override_settings(FAZHI_LOGIN_MAX_FAILURES=3)
def test_a_successful_login_resets_the_failure_counter(client, demo_district):
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", PASSWORD)
    client.logout()
    log_in(client, "legal_officer", "wrong")
    log_in(client, "legal_officer", "wrong")
    person = Person.objects.get(username="legal_officer")
    assert (person.failed_logins, person.is_locked) == (2, False)


@override_settings(FAZHI_LOGIN_MAX_FAILURES=2)
def test_the_admin_login_obeys_the_same_lock(client, demo_district):
    admin_login = reverse("admin:login")
    client.post(admin_login, {"username": "admin", "password": "wrong"})
    client.post(admin_login, {"username": "admin", "password": "wrong"})
    response = client.post(admin_login, {"username": "admin", "password": PASSWORD})
    assert LOCKED_MESSAGE in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


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
